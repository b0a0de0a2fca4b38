"""Officers publish anonymised proposals; residents read them and support each once with a verified email."""

import re

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from app.appeals.deadlines import Kind
from app.appeals.models import Appeal, AppealStatus, Publication
from app.audit.models import AuditEntry
from app.outbox.models import OutboxMessage
from app.participation.models import ProposalSupport
from tests.fixtures.accounts import csrf_token
from tests.test_appeals import receipt

CANARY = {
    "subject": "Zqxcanarysubjectword fountain",
    "text": "Please build a fountain. Write to zqx.canary@example.am or call +374 93 918273, or 093-91-82-73.",
    "applicant_name": "Zqxcanary Applicantname",
    "applicant_email": "zqx.canary@example.am",
    "applicant_phone": "+374 93 918273",
    "applicant_address": "Zqxcanary street 17",
}
SECRETS = ["Zqxcanarysubjectword", "Zqxcanary", "zqx.canary", "918273", "91-82-73", "Applicantname",
           "Zqxcanary street"]


def login_officer(auth, make_user):
    officer = make_user(roles=(("officer", None),))
    auth.login(officer)
    return officer


def publish(client, appeal_id, **fields):
    page = f"/staff/publication/{appeal_id}"
    data = {"csrf_token": csrf_token(client, page), "public_subject": "A fountain in the park",
            "public_text": "Please build a fountain.", "public_answer": ""}
    data.update(fields)
    return client.post(page, data=data)


def support_link(session, to):
    body = session.scalar(select(OutboxMessage.body_text).where(OutboxMessage.to_address == to)
                          .order_by(OutboxMessage.id.desc()))
    assert body, f"no email to {to}"
    return re.search(r"http://localhost(/proposals/support/\S+)", body).group(1)


def support(client, number, email):
    page = f"/proposals/{number}"
    return client.post(f"{page}/support", data={"csrf_token": csrf_token(client, page), "email": email})


CONFIRM_PAGE = "/proposals/support/confirm"


def confirm(client, link):
    """Open the e-mailed link (exchanged at once for a page without the token) and press the button there."""
    opened = client.get(link)
    if opened.status_code != 302:
        return opened
    assert opened.headers["Location"] == CONFIRM_PAGE
    return client.post(CONFIRM_PAGE, data={"csrf_token": csrf_token(client, CONFIRM_PAGE)})


# --- Publication ----------------------------------------------------------------------------------------------

def test_published_proposal_shows_no_personal_data_anywhere(client, app, world, auth, make_user, session):
    number, _secret = receipt(client, app, world, kind="proposal", allow_publish="y", **CANARY)
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    assert appeal.publication == Publication.PENDING
    login_officer(auth, make_user)

    form = client.get(f"/staff/publication/{appeal.id}").get_data(as_text=True)
    # The prefilled public text hides contacts; the officer rewrites the subject.
    prefilled = re.search(r'<textarea[^>]*name="public_text"[^>]*>(.*?)</textarea>', form, re.S).group(1)
    assert "zqx.canary" not in prefilled and "918273" not in prefilled and "91-82-73" not in prefilled
    response = publish(client, appeal.id, public_text=prefilled.strip().replace("&#34;", '"'))
    assert response.status_code == 302
    auth.logout()

    pages = [client.get("/proposals"), client.get(f"/proposals/{number}"),
             client.get("/proposals", headers={"HX-Request": "true"}),
             client.get(f"/proposals?settlement={world.village.slug}", headers={"HX-Request": "true"}),
             client.get("/proposals?sort=support")]
    for response in pages:
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "A fountain in the park" in html
        for secret in SECRETS:
            assert secret not in html, f"{secret} leaked on {response.request.full_path}"
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "appeal.publish"))
    assert entry is not None and number in entry.details
    for secret in SECRETS:
        assert secret not in entry.details


def test_refused_appeal_never_shows(client, world, auth, make_user, make_proposal, session):
    appeal = make_proposal(world.centre, subject="Refused subject", text="Refused text")
    login_officer(auth, make_user)
    page = f"/staff/publication/{appeal.id}"
    response = client.post(f"{page}/refuse", data={"csrf_token": csrf_token(client, page)})
    assert response.status_code == 302
    session.refresh(appeal)
    assert appeal.publication == Publication.REFUSED
    assert client.get(f"/staff/publication/{appeal.id}").status_code == 404
    auth.logout()
    assert appeal.tracking_number not in client.get("/proposals").get_data(as_text=True)
    assert client.get(f"/proposals/{appeal.tracking_number}").status_code == 404


def test_pending_and_not_allowed_appeals_are_not_public(client, world, make_proposal):
    pending = make_proposal(world.centre)
    private = make_proposal(world.centre, publication=Publication.NOT_ALLOWED)
    for appeal in (pending, private):
        assert client.get(f"/proposals/{appeal.tracking_number}").status_code == 404
        assert appeal.tracking_number not in client.get("/proposals").get_data(as_text=True)


def test_queue_lists_proposals_and_answered_questions_only(client, world, auth, make_user, make_proposal):
    proposal = make_proposal(world.centre)
    answered = make_proposal(world.centre, kind=Kind.INFORMATION_REQUEST, status=AppealStatus.ANSWERED,
                           answer_text="The answer, call 010 123 456.")
    unanswered = make_proposal(world.centre, kind=Kind.COMPLAINT)
    login_officer(auth, make_user)
    html = client.get("/staff/publication").get_data(as_text=True)
    assert proposal.tracking_number in html and answered.tracking_number in html
    assert unanswered.tracking_number not in html
    form = client.get(f"/staff/publication/{answered.id}").get_data(as_text=True)
    assert "The answer, call [*** ** **]." in form
    assert publish(client, answered.id, public_answer="The answer.").status_code == 302
    auth.logout()
    page = client.get(f"/proposals/{answered.tracking_number}").get_data(as_text=True)
    assert "The answer." in page and "010 123 456" not in page
    assert answered.tracking_number in client.get("/proposals?kind=qa").get_data(as_text=True)
    assert answered.tracking_number not in client.get("/proposals").get_data(as_text=True)


def test_publication_without_a_subject_is_refused_with_422(client, world, auth, make_user, make_proposal):
    appeal = make_proposal(world.centre)
    login_officer(auth, make_user)
    response = publish(client, appeal.id, public_subject="", public_text="Kept text")
    assert response.status_code == 422
    assert "Kept text" in response.get_data(as_text=True)


@pytest.mark.parametrize("roles,expected", [((), 302), ((("viewer", None),), 403), ((("editor", "inst"),), 403),
                                            ((("officer", None),), 200), ((("admin", None),), 200)])
def test_publication_queue_permissions(client, world, auth, make_user, roles, expected):
    if roles:
        roles = tuple((r, world.school if i == "inst" else None) for r, i in roles)
        auth.login(make_user(roles=roles))
    assert client.get("/staff/publication").status_code == expected


def test_published_list_filters_by_settlement_and_sorts_by_support(client, world, make_proposal):
    from datetime import timedelta

    town = make_proposal(world.centre, publication=Publication.PUBLISHED, public_subject="Town idea", support_count=1)
    make_proposal(world.village, publication=Publication.PUBLISHED, public_subject="Village idea", support_count=5,
                published_dt=town.published_dt - timedelta(days=1))
    html = client.get(f"/proposals?settlement={world.village.slug}&lang=en").get_data(as_text=True)
    assert "Village idea" in html and "Town idea" not in html
    html = client.get("/proposals?sort=support&lang=en").get_data(as_text=True)
    assert html.index("Village idea") < html.index("Town idea")
    html = client.get("/proposals?lang=en").get_data(as_text=True)
    assert html.index("Town idea") < html.index("Village idea")  # newest first
    response = client.get("/proposals", headers={"HX-Request": "true"})
    assert "<html" not in response.get_data(as_text=True) and "HX-Request" in response.headers["Vary"]


def test_proposals_are_linked_from_the_navigation(client, world):
    assert 'href="/proposals"' in client.get("/").get_data(as_text=True)
    assert 'href="/proposals"' in client.get("/appeals/new").get_data(as_text=True)


# --- Support --------------------------------------------------------------------------------------------------

@pytest.fixture
def proposal(world, make_proposal):
    return make_proposal(world.centre, publication=Publication.PUBLISHED, public_subject="Benches on the square")


def test_support_is_confirmed_once_by_email_link(client, session, proposal):
    response = support(client, proposal.tracking_number, " Resident@Example.am ")
    assert response.status_code == 302
    link = support_link(session, "Resident@Example.am")
    assert confirm(client, link).status_code == 302
    session.refresh(proposal)
    assert proposal.support_count == 1
    assert "1 resident supports" in client.get(f"/proposals/{proposal.tracking_number}?lang=en").get_data(
        as_text=True)

    # The same link again is spent; a new request from the same address (any case) is refused kindly.
    assert client.get(link).status_code == 400
    response = support(client, proposal.tracking_number, "resident@example.am")
    assert "already supported" in client.get(f"/proposals/{proposal.tracking_number}?lang=en").get_data(as_text=True)
    session.refresh(proposal)
    assert proposal.support_count == 1
    assert session.scalar(select(func.count()).select_from(ProposalSupport)) == 1


def test_two_people_support_counts_two(client, session, proposal):
    for email in ("one@example.am", "two@example.am"):
        support(client, proposal.tracking_number, email)
        confirm(client, support_link(session, email))
    session.refresh(proposal)
    assert proposal.support_count == 2


def test_email_is_never_stored_in_clear(client, session, proposal):
    support(client, proposal.tracking_number, "private.person@example.am")
    link = support_link(session, "private.person@example.am")
    assert "private.person" not in link
    confirm(client, link)
    row = session.scalar(select(ProposalSupport))
    assert re.fullmatch(r"[0-9a-f]{64}", row.email_hash)
    assert "private.person" not in row.email_hash


def test_tampered_or_expired_support_link_is_refused(app, client, session, proposal):
    support(client, proposal.tracking_number, "late@example.am")
    link = support_link(session, "late@example.am")
    tampered = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    assert client.get(tampered).status_code == 400
    token = csrf_token(client, f"/proposals/{proposal.tracking_number}")
    assert client.post(CONFIRM_PAGE, data={"csrf_token": token}).status_code == 400
    with app.test_request_context():
        serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="proposal-support")
        token = link.rsplit("/", 1)[1]
        data = serializer.loads(token)
    old = serializer.dumps(data)
    app.config["SUPPORT_LINK_SECONDS"] = -1
    try:
        assert client.get(f"/proposals/support/{old}").status_code == 400
    finally:
        app.config.pop("SUPPORT_LINK_SECONDS")
    forged = URLSafeTimedSerializer("another key", salt="proposal-support").dumps(data)
    assert client.get(f"/proposals/support/{forged}").status_code == 400
    session.refresh(proposal)
    assert proposal.support_count == 0


def test_support_email_is_written_in_the_residents_language(client, session, proposal):
    page = f"/proposals/{proposal.tracking_number}?lang=ru"
    client.post(f"/proposals/{proposal.tracking_number}/support?lang=ru",
                data={"csrf_token": csrf_token(client, page), "email": "ru@example.am"})
    subject = session.scalar(select(OutboxMessage.subject).where(OutboxMessage.to_address == "ru@example.am"))
    assert subject and subject.startswith("Подтвердите")


def test_bad_support_email_gets_422_and_keeps_input(client, proposal):
    page = f"/proposals/{proposal.tracking_number}"
    response = client.post(f"{page}/support?lang=en", data={"csrf_token": csrf_token(client, page),
                                                             "email": "not-an-address"})
    assert response.status_code == 422
    assert 'value="not-an-address"' in response.get_data(as_text=True)


def test_support_requests_are_rate_limited(client, session, proposal):
    codes = [support(client, proposal.tracking_number, f"p{n}@example.am").status_code for n in range(7)]
    assert codes[:5] == [302] * 5 and 429 in codes[5:]


def test_closed_proposal_cannot_be_supported(client, session, proposal):
    support(client, proposal.tracking_number, "early@example.am")
    link = support_link(session, "early@example.am")
    proposal.status = AppealStatus.ANSWERED
    session.flush()
    confirm(client, link)
    session.refresh(proposal)
    assert proposal.support_count == 0
    html = client.get(f"/proposals/{proposal.tracking_number}?lang=en").get_data(as_text=True)
    assert "can no longer be supported" in html and "Support this proposal" not in html


def test_officer_finds_the_queues_on_the_staff_page(client, auth, make_user):
    auth.login(make_user(roles=(("officer", None),)))
    html = client.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/publication"' in html and 'href="/staff/moderation"' in html


def test_the_support_request_says_the_email_is_queued_not_that_it_left(client, session, proposal):
    client.set_cookie("lang", "en")
    support(client, proposal.tracking_number, "resident@example.am")
    page = client.get(f"/proposals/{proposal.tracking_number}?lang=en").get_data(as_text=True)
    assert "An e-mail with a link is queued for you and normally arrives within a few minutes." in page
    assert "on its way" not in page
