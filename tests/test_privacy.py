"""An applicant's personal data never leaves the pages of the staff who handle the appeal.

One appeal carries unique name, email, phone and address strings. It goes through its whole life (submitted online,
registered, answered, published as an anonymised proposal). Then every public URL the app has (read from the URL
map, so a route added later is covered or this test names the value it needs), each also as an htmx partial, every
feed, export and API answer, and the viewer's dashboard are fetched: none shows any of the strings. Nor does any
line that was logged meanwhile.
"""

import io
import logging
import subprocess
import zipfile

import pytest
from sqlalchemy import select

from app.accounts.access import is_staff_path
from app.appeals.models import Appeal, Publication
from app.models_base import utcnow
from tests.fixtures.accounts import csrf_token
from tests.test_appeals import receipt

CANARY = {"applicant_name": "Zanazan Kanareyan Qx7", "applicant_email": "qx7.canary@example.am",
          "applicant_phone": "+374 99 717171", "applicant_address": "Canary lane 7, Qx7 yard"}
# The phone as people type it and as masking would leave it: the digits alone must not appear either.
# A resident who follows the village by email: the address is as private as an applicant's.
SUBSCRIBER = "qx7.subscriber@example.am"
NEEDLES = [*CANARY.values(), "717171", "Kanareyan", "qx7.canary", SUBSCRIBER, "qx7.subscriber"]
# Downloads of files that are not in this world (their names are random); they are tested with their uploads.
NOT_HERE = {"media.photo", "media.document"}


def text_of(response) -> str:
    """What a reader of the answer sees: the text of a page or feed, of each sheet of an XLSX, of a PDF."""
    data = response.get_data()
    if data.startswith(b"PK"):  # XLSX: a zip of XML parts
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    if data.startswith(b"%PDF"):
        return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    if response.mimetype.startswith("image/") and response.mimetype != "image/svg+xml":
        # A raster image (the favicon) has no text to read; its raw bytes are searched, so text in metadata counts.
        return data.decode("latin-1")
    return data.decode("utf-8")


def leaks(text):
    return [needle for needle in NEEDLES if needle.lower() in text.lower()]


@pytest.fixture
def handled_appeal(app, client, world, session, make_user, auth, make_action, make_report, today, caplog):
    """The canary appeal, registered and answered by an officer through the inbox, then published anonymised."""
    caplog.set_level(logging.DEBUG)  # from the submission on, every record of every logger is kept
    action = make_action(institution=world.school, start=today)
    make_report(action)
    number, _secret = receipt(client, app, world, kind="proposal", allow_publish="y",
                              subject="A bench at the Qx7 yard stop", **CANARY)
    officer = make_user("privacy.officer@example.am", roles=(("officer", None),))
    auth.login(officer)
    page = f"/staff/appeals/{number}"
    assert CANARY["applicant_name"] in client.get(page).get_data(as_text=True)  # the officer does see it
    for step, data in (("register", {}), ("answer", {"answer_text": "The bench will be installed in May."})):
        response = client.post(f"{page}/{step}", data={"csrf_token": csrf_token(client, page), **data})
        assert response.status_code == 302, (step, response.status_code)
    auth.logout()
    subscribe_and_confirm(app.test_client(), session, world.village.slug)  # in the subscriber's own browser
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    appeal.publication = Publication.PUBLISHED
    appeal.public_subject, appeal.public_text = "A bench at the bus stop", "Residents ask for a bench."
    appeal.public_answer, appeal.published_dt = "The bench will be installed in May.", utcnow()
    from app.participation.models import Comment, CommentState

    comment = Comment(action_id=action.id, text="Good concert.", original_text="Good concert.",
                      state=CommentState.APPROVED)
    session.add(comment)
    session.flush()
    return {"appeal": appeal, "action": action, "comment": comment}


def subscribe_and_confirm(client, session, village):
    """The subscriber follows the village through the public form and confirms from the queued email (their own
    preferences page then shows the address to them, in their browser only)."""
    import re

    from app.outbox.models import OutboxMessage

    assert client.post("/subscriptions/new", data={"email": SUBSCRIBER, "filters": f"settlement={village}"}
                       ).status_code == 302
    message = session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == SUBSCRIBER)).one()
    link = re.search(r"http://localhost(/subscriptions/confirm/\S+)", message.body_text).group(1)
    assert client.post(link, data={"csrf_token": csrf_token(client, link)}).status_code == 302


def values_for(rule, world, handled):
    """A real value for each argument of a public route."""
    appeal, action = handled["appeal"], handled["action"]
    settlement_route = "settlement" in rule.endpoint or rule.endpoint.startswith("posters.")
    known = {
        "slug": world.village.slug if settlement_route else world.school.slug,
        "action_id": action.id, "report_id": action.reports[0].id, "proposal_id": appeal.id,
        "number": appeal.tracking_number, "code": appeal.kind.value, "token": "not-a-token",
        "panel": "appeals", "table": "appeals", "fmt": "csv", "name": "appeals", "comment_id": handled["comment"].id,
    }
    missing = [arg for arg in rule.arguments if arg not in known]
    assert not missing, f"add a value for {missing} of {rule.rule} to values_for"
    return {arg: known[arg] for arg in rule.arguments}


def expected_status(url, number):
    """What a visitor gets at a public URL in this world: 200, but for these, which answer something else."""
    return {
        "/account/appeals": 302,  # a resident's own appeals: sent to log in first
        f"/account/appeals/{number}": 302,
        "/account/login/not-a-token": 404,  # a sign-in link that was never sent
        "/appeals/receipt": 410,  # the receipt is shown once, right after submitting
        "/appeals/receipt.pdf": 410,
        f"/appeals/track?number={number}&key=x": 404,  # the wrong key finds nothing
        "/community/logo.jpg": 404,  # this community has no logo
        "/proposals/support/not-a-token": 400,  # a support confirmation link that was never sent
        "/setup": 404,  # first-run setup is closed once a community exists
        "/account/login/code": 302,  # no code was asked for in this browser: back to the phone form
        "/subscriptions/sent": 302,  # shown once after subscribing
        "/subscriptions/confirm/not-a-token": 404,  # subscription links that were never sent
        "/subscriptions/manage/not-a-token": 404,
        "/subscriptions/unsubscribe/not-a-token": 302,  # GET only leads to the manage page
        "/subscriptions/preferences": 403,  # opened only by a button on a signed link's page
        "/account/login/confirm": 404,  # no sign-in link was opened in this browser
        "/proposals/support/confirm": 400,  # no support link was opened in this browser
        "/account/my-data": 302,  # a resident's own data: sent to log in first
        "/account/my-data.json": 302,
        "/appeals/track/link/not-a-token": 410,  # a tracking link that was never sent (or was used up)
        "/open-data/audit-checkpoint.json": 404,  # no checkpoint has been published in this world yet
        f"/appeals/track/{number}/my-data.json": 404,  # an applicant's data: only for the session that opened it
        "/subscriptions/preferences/my-data.json": 403,  # a subscriber's data: opened like the preferences
    }.get(url, 200)


def public_urls(app, world, handled):
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static" or rule.endpoint in NOT_HERE:
                continue
            if is_staff_path(rule.rule):
                continue
            urls.append(url_for(rule.endpoint, **values_for(rule, world, handled)))
    number = handled["appeal"].tracking_number
    # Words of the private fields (echoed back as the query; a result would show the whole private string).
    urls += [f"/search?q={word}" for word in ("Zanazan", "Qx7", "lane", "bench")]
    urls += ["/open311/v2/requests.json?status=closed", f"/open311/v2/requests.json?service_request_id={number}",
             "/api/v1/proposals?per_page=100", "/schedule?view=calendar", f"/appeals/track?number={number}&key=x"]
    return sorted(set(urls))


def test_no_public_url_partial_feed_export_or_log_line_shows_personal_data(app, client, world, handled_appeal,
                                                                           caplog, make_user, auth):
    urls = public_urls(app, world, handled_appeal)
    number = handled_appeal["appeal"].tracking_number
    assert len(urls) >= 60
    fetched = 0
    for url in urls:
        for headers in ({}, {"HX-Request": "true"}):
            for lang in ("hy", "en"):
                response = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}", headers=headers,
                                      buffered=True)  # read and closed: the favicon holds a file open
                assert response.status_code == expected_status(url, number), (url, headers, response.status_code)
                body = text_of(response)
                assert not leaks(body), (url, headers, leaks(body))
                fetched += 1
    assert fetched == len(urls) * 4

    # A viewer (council member, NGO monitor) reads the whole internal dashboard, its panels and exports.
    viewer = make_user("privacy.viewer@example.am", roles=(("viewer", None),))
    auth.login(viewer)
    dashboard = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("dashboard.staff") and "GET" in r.methods]
    assert dashboard
    with app.test_request_context():
        from flask import url_for

        dashboard_urls = [url_for(r.endpoint, **values_for(r, world, handled_appeal)) for r in dashboard]
    for url in dashboard_urls + [u.replace("table=appeals", "table=overdue") for u in dashboard_urls]:
        response = client.get(url, buffered=True)
        assert response.status_code == 200, (url, response.status_code)
        assert not leaks(text_of(response)), url

    # Records of the fixture that submitted and handled the appeal, and of every fetch above.
    records = caplog.get_records("setup") + caplog.get_records("call")
    assert any(r.name.startswith("weasyprint") for r in records)  # the capture did see the poster being rendered
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in records)
    assert not leaks(logged), leaks(logged)
