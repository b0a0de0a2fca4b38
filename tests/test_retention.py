"""Personal data kept only as long as needed: anonymised after the retention period or at the applicant's request,
downloadable by its owner, with every figure of the dashboard unchanged."""

import json
import re
from datetime import datetime, timezone

import pytest
import time_machine
from sqlalchemy import func, select

from app.appeals.models import Appeal, AppealStatus
from app.audit.models import AuditEntry
from app.participation.models import ProposalSupport
from app.participation.queries import email_hash
from app.retention.services import anonymise_expired
from tests import test_dashboard
from tests.fixtures.accounts import csrf_token
from tests.test_residents import sign_in

# The dashboard's world of appeals, as this module's fixtures.
appeals, frozen, make_appeal = test_dashboard.appeals, test_dashboard.frozen, test_dashboard.make_appeal

CANARY = "Zx81q"


def anonymise_at(app, moment):
    """Run the nightly anonymisation as the task queue does (an application context of its own) at `moment`."""
    with time_machine.travel(moment, tick=False), app.app_context():
        return anonymise_expired()
PERIOD = "?date_from=2026-01-01&date_to=2026-12-31"
EXPORTS = ["appeals", "lifecycle", "institutions", "program", "settlements"]


def _read(client, path):
    with client.get(path) as response:
        assert response.status_code == 200, path
        return response.get_data(as_text=True)


def _figures(client):
    """Every figure a viewer and the public can see: the dashboard pages' panels and every export."""
    pages = [_read(client, f"/staff/dashboard{PERIOD}"), _read(client, f"/accountability{PERIOD}")]
    exports = [_read(client, f"/staff/dashboard/export/{table}.csv{PERIOD}") for table in EXPORTS]
    return exports + [_panels(page) for page in pages]


def _panels(html):
    return html[html.index("<main"):html.index("</main>")]


def test_anonymising_after_the_retention_period_keeps_every_figure(app, client, auth, make_user, appeals, session,
                                                                   frozen):
    auth.login(make_user(roles=(("viewer", None),)))
    before = _figures(client)
    # Five years after March 2026, every appeal closed then is anonymised; the two still open are not.
    assert anonymise_at(app, datetime(2031, 6, 1, tzinfo=timezone.utc)) == 7
    session.expire_all()
    assert _figures(client) == before
    anonymised = session.scalars(select(Appeal).where(Appeal.anonymised_dt.is_not(None))).all()
    assert len(anonymised) == 7
    assert all(a.applicant_email is None and a.applicant_name == "—" and a.text == "—" for a in anonymised)
    open_appeals = session.scalars(select(Appeal).where(Appeal.anonymised_dt.is_(None))).all()
    assert {a.status for a in open_appeals} == {AppealStatus.REGISTERED, AppealStatus.RECEIVED}
    assert session.scalar(select(func.count()).select_from(AuditEntry)
                          .where(AuditEntry.action == "appeal.anonymised")) == 7


def test_nothing_is_anonymised_before_the_period_is_over(app, appeals, session, frozen):
    assert anonymise_at(app, datetime(2030, 6, 1, tzinfo=timezone.utc)) == 0


def test_the_period_is_an_admin_setting(app, client, auth, make_user, appeals, session, frozen):
    auth.login(make_user(roles=(("admin", None),)))
    page = client.get("/admin/privacy?lang=en")
    assert page.status_code == 200 and 'value="5"' in page.get_data(as_text=True)
    assert client.post("/admin/privacy", data={"years": "0", "csrf_token": csrf_token(client, "/admin/privacy")}
                       ).status_code == 422
    assert client.post("/admin/privacy", data={"years": "1", "csrf_token": csrf_token(client, "/admin/privacy")}
                       ).status_code == 302
    assert anonymise_at(app, datetime(2027, 6, 1, tzinfo=timezone.utc)) == 7


def test_only_admins_set_the_period(client, auth, make_user, world):
    auth.login(make_user(roles=(("officer", None),)))
    assert client.get("/admin/privacy").status_code == 403


def test_the_cli_command_anonymises_what_is_due(app, appeals, session):
    with time_machine.travel(datetime(2031, 6, 1, tzinfo=timezone.utc), tick=False):
        result = app.test_cli_runner().invoke(args=["anonymise-expired"])
    assert result.exit_code == 0 and "Anonymised 7 appeal(s)" in result.output


def test_a_resident_downloads_what_is_held_about_them(client, session, world, make_appeal):
    make_appeal(world.village, applicant_email="ani@example.am", applicant_name=f"Ani {CANARY}",
                applicant_phone="+374 91 818181", subject="Street light")
    make_appeal(world.village, applicant_email="someone.else@example.am", applicant_name="Not Ani")
    sign_in(client, session)
    response = client.get("/account/my-data.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert [a["applicant"]["name"] for a in data["appeals"]] == [f"Ani {CANARY}"]
    assert data["appeals"][0]["applicant"]["phone"] == "+374 91 818181"


def test_the_download_is_only_for_the_signed_in_resident(client, world):
    assert client.get("/account/my-data.json").status_code == 302


def test_a_resident_deletes_their_data_from_a_closed_appeal_and_the_answer_stays(client, session, world,
                                                                                 make_appeal):
    closed = make_appeal(world.village, applicant_email="ani@example.am", applicant_name=f"Ani {CANARY}",
                         status="answered", closed=datetime.now(timezone.utc), answer_text="We fixed it.")
    sign_in(client, session)
    response = client.post(f"/account/appeals/{closed.tracking_number}/forget",
                           data={"csrf_token": csrf_token(client, "/account/my-data")})
    assert response.status_code == 302
    session.expire_all()
    assert closed.applicant_name == "—" and closed.applicant_email is None and closed.anonymised_dt is not None
    assert closed.answer_text == "We fixed it." and closed.status == AppealStatus.ANSWERED


def test_an_open_appeal_keeps_its_contacts_until_it_is_answered(client, session, world, make_appeal):
    open_appeal = make_appeal(world.village, applicant_email="ani@example.am", applicant_name=f"Ani {CANARY}")
    sign_in(client, session)
    client.post(f"/account/appeals/{open_appeal.tracking_number}/forget",
                data={"csrf_token": csrf_token(client, "/account/my-data")})
    page = client.get("/account/my-data?lang=en").get_data(as_text=True)
    assert "still being handled" in page
    session.expire_all()
    assert open_appeal.applicant_name == f"Ani {CANARY}"


def test_a_resident_cannot_delete_someone_elses_appeal(client, session, world, make_appeal):
    other = make_appeal(world.village, applicant_email="other@example.am", status="answered",
                        closed=datetime.now(timezone.utc))
    sign_in(client, session)
    response = client.post(f"/account/appeals/{other.tracking_number}/forget",
                           data={"csrf_token": csrf_token(client, "/account/my-data")})
    assert response.status_code == 404
    session.expire_all()
    assert other.anonymised_dt is None


def test_a_supporter_deletes_their_supports_and_the_count_stays(app, client, session, world, make_proposal):
    from app.appeals.models import Publication

    proposal = make_proposal(world.centre, publication=Publication.PUBLISHED, support_count=1)
    with app.app_context():
        hashed = email_hash("ani@example.am")
    session.add(ProposalSupport(appeal_id=proposal.id, email_hash=hashed))
    session.flush()
    sign_in(client, session)
    data = json.loads(client.get("/account/my-data.json").get_data(as_text=True))
    assert data["supported_proposals"] == [proposal.tracking_number]
    assert client.post("/account/supports/forget",
                       data={"csrf_token": csrf_token(client, "/account/my-data")}).status_code == 302
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(ProposalSupport)) == 0
    assert proposal.support_count == 1


def test_the_worker_anonymises_every_night(app):
    task = app.extensions["worker"].tasks["retention.anonymise_expired"].s()
    runs = [hour for hour in range(24) for minute in range(60)
            if task.validate_datetime(datetime(2026, 12, 2, hour, minute))]
    assert runs == [23]


# --- from the tracking page: the number and access code are enough ------------------------------------------------


def _tracked(client, appeal):
    from tests.test_appeals import open_appeal

    page = open_appeal(client, appeal.tracking_number, "secret")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_an_applicant_downloads_their_data_from_the_tracking_page(app, client, session, world, make_appeal):
    appeal = make_appeal(world.village, applicant_name=f"Ani {CANARY}", applicant_phone="+374 91 818181")
    page = _tracked(client, appeal)
    link = f"/appeals/track/{appeal.tracking_number}/my-data.json"
    assert link in page
    response = client.get(link)
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    record = json.loads(response.get_data(as_text=True))["appeals"][0]
    assert record["applicant"]["name"] == f"Ani {CANARY}" and record["applicant"]["phone"] == "+374 91 818181"
    assert app.test_client().get(link).status_code == 404  # another browser, without the code: nothing


def test_an_applicant_deletes_their_data_from_the_tracking_page_and_the_answer_stays(client, session, world,
                                                                                     make_appeal):
    appeal = make_appeal(world.village, applicant_name=f"Ani {CANARY}", status="answered",
                         closed=datetime.now(timezone.utc), answer_text="We fixed it.")
    page = _tracked(client, appeal)
    assert 'action="/appeals/track/forget"' in page
    response = client.post("/appeals/track/forget", data={
        "number": appeal.tracking_number, "csrf_token": csrf_token(client, f"/appeals/track/{appeal.tracking_number}")})
    assert response.status_code == 302
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert CANARY not in page and "We fixed it." in page and "has been deleted" in page
    session.expire_all()
    assert appeal.applicant_name == "—" and appeal.applicant_email is None and appeal.anonymised_dt is not None
    assert appeal.answer_text == "We fixed it." and appeal.status == AppealStatus.ANSWERED


def test_an_open_appeal_offers_no_deletion_on_the_tracking_page(client, session, world, make_appeal):
    appeal = make_appeal(world.village, applicant_name=f"Ani {CANARY}")
    page = _tracked(client, appeal)
    assert 'action="/appeals/track/forget"' not in page and "needed for the answer" in page
    response = client.post("/appeals/track/forget", data={
        "number": appeal.tracking_number, "csrf_token": csrf_token(client, f"/appeals/track/{appeal.tracking_number}")})
    assert response.status_code == 409
    session.expire_all()
    assert appeal.applicant_name == f"Ani {CANARY}"


def test_nobody_deletes_an_appeal_they_have_not_opened(client, session, world, make_appeal):
    appeal = make_appeal(world.village, applicant_name=f"Ani {CANARY}", status="answered",
                         closed=datetime.now(timezone.utc))
    response = client.post("/appeals/track/forget", data={
        "number": appeal.tracking_number, "csrf_token": csrf_token(client, "/appeals/track")})
    assert response.status_code == 404
    session.expire_all()
    assert appeal.anonymised_dt is None


def test_a_resident_signed_in_by_phone_downloads_and_deletes_their_data(client, session, world, make_appeal):
    import time

    closed = make_appeal(world.village, applicant_email=None, applicant_phone="091 81-81-81",
                         applicant_name=f"Ani {CANARY}", status="answered", closed=datetime.now(timezone.utc))
    with client.session_transaction() as signed_in:  # as the SMS code's confirmation leaves it
        signed_in["resident_phone"], signed_in["resident_since"] = "+37491818181", int(time.time())
    data = json.loads(client.get("/account/my-data.json").get_data(as_text=True))
    assert [a["applicant"]["name"] for a in data["appeals"]] == [f"Ani {CANARY}"]
    assert client.post(f"/account/appeals/{closed.tracking_number}/forget",
                       data={"csrf_token": csrf_token(client, "/account/my-data")}).status_code == 302
    session.expire_all()
    assert closed.applicant_phone is None and closed.anonymised_dt is not None


def test_supports_go_with_the_proposal_at_the_end_of_the_retention_period(app, session, world, make_proposal):
    from app.appeals.models import Publication

    proposal = make_proposal(world.centre, publication=Publication.PUBLISHED, support_count=1,
                             status="answered", closed=datetime(2026, 3, 1, tzinfo=timezone.utc))
    with app.app_context():
        session.add(ProposalSupport(appeal_id=proposal.id, email_hash=email_hash("ani@example.am")))
    session.flush()
    assert anonymise_at(app, datetime(2030, 6, 1, tzinfo=timezone.utc)) == 0
    assert session.scalar(select(func.count()).select_from(ProposalSupport)) == 1
    assert anonymise_at(app, datetime(2031, 6, 1, tzinfo=timezone.utc)) == 1
    assert session.scalar(select(func.count()).select_from(ProposalSupport)) == 0
    session.expire_all()
    assert proposal.support_count == 1


# --- subscribers --------------------------------------------------------------------------------------------------


def test_a_subscriber_downloads_what_is_held_about_their_address(app, client, world, session):
    from tests.test_subscriptions import ADDRESS, confirmed

    confirmed(client, session)  # pressing the e-mailed link's button opened the preferences
    page = client.get("/subscriptions/preferences?lang=en").get_data(as_text=True)
    assert 'href="/subscriptions/preferences/my-data.json"' in page
    response = client.get("/subscriptions/preferences/my-data.json?lang=en")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["email"] == ADDRESS and [s["follows"] for s in data["subscriptions"]] == ["Gosh"]
    assert app.test_client().get("/subscriptions/preferences/my-data.json").status_code == 403


def test_subscriptions_nobody_renewed_within_the_retention_period_are_deleted(app, client, world, session):
    from app.subscriptions.models import Subscription
    from app.subscriptions.services import update_preferences
    from tests.test_subscriptions import confirmed

    kept = confirmed(client, session)
    stale = confirmed(client, session, email="old.reader@example.am")
    stale.confirmed_dt = datetime(2026, 1, 10, tzinfo=timezone.utc)
    kept.confirmed_dt = datetime(2026, 1, 10, tzinfo=timezone.utc)
    session.flush()
    # The first reader saves their choices on the preferences page in 2029: a renewal.
    with time_machine.travel(datetime(2029, 5, 1, tzinfo=timezone.utc), tick=False), app.app_context():
        update_preferences(kept.email, "en", {kept.id: (True, False)})
    anonymise_at(app, datetime(2031, 6, 1, tzinfo=timezone.utc))
    session.expire_all()
    assert session.scalars(select(Subscription.email)).all() == [kept.email]
    assert session.scalar(select(func.count()).select_from(AuditEntry)
                          .where(AuditEntry.action == "retention.subscriptions_forgotten")) == 1


@pytest.mark.parametrize("path", ["/appeals/new", "/subscriptions/new", "/schedule", "/account/login",
                                  "/account/login/phone"])
def test_every_public_form_that_asks_for_personal_data_says_what_is_done_with_it(client, world, path):
    page = client.get(path + ("&" if "?" in path else "?") + "lang=en").get_data(as_text=True)
    notice = page[page.index('class="privacy-notice"'):]
    for heading in ("Why", "Who sees it", "How long it is kept", "Your rights"):
        assert f"<dt>{heading}</dt>" in notice, (path, heading)


def test_the_comment_and_support_forms_say_what_is_done_with_personal_data(client, world, make_action,
                                                                           make_proposal):
    from app.appeals.models import Publication

    action = make_action(institution=world.school)
    proposal = make_proposal(world.centre, publication=Publication.PUBLISHED, public_subject="Benches")
    action_page = client.get(f"/actions/{action.id}").get_data(as_text=True)
    comment_form = re.search(r'class="comment-open"><a class="button-link" href="([^"]+)"', action_page).group(1)
    for path in (f"{comment_form}?lang=en", f"/proposals/{proposal.tracking_number}?lang=en"):
        page = client.get(path).get_data(as_text=True)
        notice = page[page.index('class="privacy-notice"'):]
        assert "<dt>Why</dt>" in notice and "<dt>Your rights</dt>" in notice, path
