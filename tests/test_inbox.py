"""The officers' appeals inbox: who sees what, every lifecycle step, the applicant's emails, deadline rules and the
calendar's effect on open appeals."""

import json
import re
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.appeals.models import Appeal, AppealStatus
from app.audit.models import AuditEntry
from app.outbox.models import OutboxMessage
from tests.fixtures.accounts import TEST_PASSWORD, csrf_token
from tests.test_appeals import receipt as submit_online

YEREVAN = ZoneInfo("Asia/Yerevan")


def text(response):
    return response.get_data(as_text=True)


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.am", roles=(("officer", None),), full_name="Officer Anna")


@pytest.fixture
def editor(make_user, world):
    return make_user("editor@example.am", roles=(("editor", world.club),), full_name="Editor Aram")


@pytest.fixture
def login(auth):
    def log_in(user):
        response = auth.login(user, TEST_PASSWORD)
        assert response.status_code == 302, text(response)

    return log_in


def page_url(appeal, suffix=""):
    return f"/staff/appeals/{appeal.tracking_number}{suffix}"


def post(client, appeal, action, lang="en", **data):
    """POST a lifecycle action with the token of the appeal page, like the browser does."""
    token = csrf_token(client, page_url(appeal))
    return client.post(page_url(appeal, f"/{action}?lang={lang}"), data={"csrf_token": token, **data})


def mails_to(session, address):
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address)
                                .order_by(OutboxMessage.id)))


def last_audit(session):
    return session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))


def days_ago(n):
    return datetime.now(timezone.utc) - timedelta(days=n)


# --- who may see what ----------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client, make_appeal):
    appeal = make_appeal()
    for path in ("/staff/appeals/", page_url(appeal), "/staff/appeals/new", "/staff/appeals/templates",
                 "/admin/deadlines/"):
        response = client.get(path)
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"], path
        partial = client.get(path, headers={"HX-Request": "true"})
        assert partial.status_code == 401 and "HX-Redirect" in partial.headers, path


def test_viewers_get_403_on_the_inbox_and_appeals(client, make_user, make_appeal, login):
    appeal = make_appeal()
    login(make_user("viewer@example.am", roles=(("viewer", None),)))
    for path in ("/staff/appeals/", page_url(appeal), "/staff/appeals/new", "/staff/appeals/templates"):
        assert client.get(path).status_code == 403, path
        assert client.get(path, headers={"HX-Request": "true"}).status_code == 403, path


def test_an_editor_sees_only_the_appeals_assigned_to_them(client, world, make_user, make_appeal, editor, login):
    other_editor = make_user("other.editor@example.am", roles=(("editor", world.club),))
    mine = make_appeal(subject="Assigned to me", institution_id=world.club.id, assignee_id=editor.id)
    theirs = make_appeal(subject="Assigned to a colleague", institution_id=world.club.id, assignee_id=other_editor.id)
    unassigned = make_appeal(subject="Nobody yet", institution_id=world.club.id)
    login(editor)
    html = text(client.get("/staff/appeals/?status="))
    assert "Assigned to me" in html and "Assigned to a colleague" not in html and "Nobody yet" not in html
    partial = client.get("/staff/appeals/?status=", headers={"HX-Request": "true"})
    assert "Assigned to me" in text(partial) and "Assigned to a colleague" not in text(partial)
    assert client.get(page_url(mine)).status_code == 200
    for appeal in (theirs, unassigned):
        assert client.get(page_url(appeal)).status_code == 404
        assert post(client, mine, "note", note="x").status_code == 302
        token = csrf_token(client, page_url(mine))
        assert client.post(page_url(appeal, "/answer"), data={"csrf_token": token,
                                                              "answer_text": "x"}).status_code == 404


def test_editors_answer_and_note_but_leave_the_officers_steps_alone(client, world, make_appeal, editor, login,
                                                                  session):
    appeal = make_appeal(institution_id=world.club.id, assignee_id=editor.id, status="registered")
    login(editor)
    for action in ("register", "assign", "review", "extend", "forward"):
        assert post(client, appeal, action, reason="x", forwarded_to="x").status_code == 403, action
    html = text(client.get(page_url(appeal) + "?lang=en"))
    assert "Send the answer" in html and "Add the note" in html and "Register the appeal" not in html
    assert post(client, appeal, "answer", answer_text="The lamp was fixed.").status_code == 302
    session.refresh(appeal)
    assert appeal.status == AppealStatus.ANSWERED and appeal.answer_text == "The lamp was fixed."


@pytest.mark.parametrize("role", ["officer", "admin"])
def test_officers_and_admins_see_every_appeal(client, make_user, make_appeal, login, role):
    first, second = make_appeal(subject="First subject"), make_appeal(subject="Second subject")
    login(make_user(f"{role}.all@example.am", roles=((role, None),)))
    html = text(client.get("/staff/appeals/"))
    assert "First subject" in html and "Second subject" in html
    assert client.get(page_url(first)).status_code == 200 and client.get(page_url(second)).status_code == 200


def test_htmx_gets_only_the_result_list_and_the_plain_form_works(client, make_appeal, officer, login):
    make_appeal(subject="Broken bench")
    login(officer)
    page = client.get("/staff/appeals/?q=bench")
    assert "<html" in text(page) and 'method="get"' in text(page) and "Broken bench" in text(page)
    partial = client.get("/staff/appeals/?q=bench", headers={"HX-Request": "true"})
    assert "<html" not in text(partial) and "Broken bench" in text(partial)
    assert "HX-Request" in partial.headers["Vary"]


def test_the_appeal_page_shows_personal_data_and_is_never_cached(client, make_appeal, officer, login):
    appeal = make_appeal(applicant_phone="+374 91 123456", applicant_address="Gosh, 1 Main street")
    login(officer)
    response = client.get(page_url(appeal))
    html = text(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Անի Պետրոսյան" in html and "ani@example.am" in html and "+374 91 123456" in html
    assert "Gosh, 1 Main street" in html and "deadline-explained" in html


def test_every_inbox_post_refuses_a_request_without_a_csrf_token(app, client, make_appeal, make_user, login,
                                                                 session):
    appeal = make_appeal()
    login(make_user("csrf.inbox@example.am", roles=(("admin", None),)))
    rules = [r for r in app.url_map.iter_rules() if "POST" in r.methods
             and r.endpoint.startswith(("inbox.", "deadline_rules."))]
    assert len(rules) >= 12
    for rule in rules:
        path = (rule.rule.replace("<tracking_number>", appeal.tracking_number).replace("<id:template_id>", "1")
                .replace("<kind>", "complaint"))
        response = client.post(path, data={"answer_text": "x", "reason": "x", "note": "x"})
        assert response.status_code == 400, path
    session.refresh(appeal)
    assert appeal.status == AppealStatus.RECEIVED and len(appeal.events) == 1


# --- the lifecycle -------------------------------------------------------------------------------------------


def test_registering_sets_the_time_writes_a_public_event_and_tells_the_applicant(client, make_appeal, officer, login,
                                                                                 session):
    appeal = make_appeal()
    login(officer)
    response = post(client, appeal, "register")
    assert response.status_code == 302
    session.refresh(appeal)
    assert appeal.status == AppealStatus.REGISTERED and appeal.registered_dt is not None
    assert appeal.first_action_dt == appeal.registered_dt or appeal.first_action_dt is not None
    event = appeal.events[-1]
    assert event.status == AppealStatus.REGISTERED and event.public and event.actor_id == officer.id
    (mail,) = mails_to(session, "ani@example.am")
    assert appeal.tracking_number in mail.subject and "մուտքագրվել" in mail.subject  # Armenian: the appeal's language
    assert "/appeals/track/link/" in mail.body_text and "key=" not in mail.body_text  # a single-use link, no code
    entry = last_audit(session)
    assert entry.action == "appeal.register" and entry.actor_id == officer.id
    assert "Անի" not in entry.details and "ani@example.am" not in entry.details
    # Registering twice is refused, with a message and no second event.
    again = post(client, appeal, "register")
    assert again.status_code == 409 and "Only a newly received appeal can be registered." in text(again)
    session.refresh(appeal)
    assert [e.status for e in appeal.events].count(AppealStatus.REGISTERED) == 1


def test_assigning_to_the_institutions_editor_emails_them(client, world, make_appeal, officer, editor, login,
                                                          session):
    appeal = make_appeal(institution_id=world.club.id)
    login(officer)
    assert post(client, appeal, "assign", assignee_id=str(editor.id)).status_code == 302
    session.refresh(appeal)
    assert appeal.assignee_id == editor.id and appeal.first_action_dt is not None
    event = appeal.events[-1]
    assert not event.public and "Editor Aram" in event.note
    (mail,) = mails_to(session, "editor@example.am")
    assert appeal.tracking_number in mail.subject and "Նոր" in mail.subject
    assert f"/staff/appeals/{appeal.tracking_number}" in mail.body_text
    assert mails_to(session, "ani@example.am") == []  # an assignment is internal
    assert last_audit(session).action == "appeal.assign"


def test_an_editor_of_another_institution_cannot_be_assigned(client, world, make_user, make_appeal, officer, login,
                                                             session):
    stranger = make_user("school.editor@example.am", roles=(("editor", world.school),))
    appeal = make_appeal(institution_id=world.club.id)
    login(officer)
    response = post(client, appeal, "assign", assignee_id=str(stranger.id))
    assert response.status_code == 422
    session.refresh(appeal)
    assert appeal.assignee_id is None


def test_starting_the_review_needs_a_registered_appeal(client, make_appeal, officer, login, session):
    appeal = make_appeal()
    login(officer)
    assert post(client, appeal, "review").status_code == 409
    post(client, appeal, "register")
    assert post(client, appeal, "review").status_code == 302
    session.refresh(appeal)
    assert appeal.status == AppealStatus.IN_REVIEW and appeal.events[-1].status == AppealStatus.IN_REVIEW
    assert last_audit(session).action == "appeal.start_review"


def test_an_information_request_is_extended_once_with_the_reason_told(client, make_appeal, officer, login, session):
    appeal = make_appeal(kind="information_request")
    before = appeal.due_date
    login(officer)
    response = post(client, appeal, "extend", reason="The archive must be searched.")
    assert response.status_code == 302, text(response)
    session.refresh(appeal)
    received = appeal.received_dt.astimezone(YEREVAN).date()
    assert appeal.original_due_date == before and appeal.due_date >= received + timedelta(days=30)
    assert appeal.extended_dt is not None and appeal.extension_reason == "The archive must be searched."
    assert appeal.events[-1].public and appeal.events[-1].note == "The archive must be searched."
    (mail,) = mails_to(session, "ani@example.am")
    assert "The archive must be searched." in mail.body_text
    assert json.loads(last_audit(session).details)["old_due_date"] == before.isoformat()
    # The page explains the extension.
    assert "Extended on" in text(client.get(page_url(appeal) + "?lang=en"))
    again = post(client, appeal, "extend", reason="Once more, please")
    assert again.status_code == 409
    assert "already been extended once" in text(again) and "Once more, please" in text(again)


def test_an_extension_noticed_too_late_is_refused(client, make_appeal, officer, login, session):
    appeal = make_appeal(kind="information_request", received_dt=days_ago(20))
    login(officer)
    response = post(client, appeal, "extend", reason="Late")
    assert response.status_code == 409 and "too late to extend" in text(response)
    session.refresh(appeal)
    assert appeal.extended_dt is None


def test_an_extension_needs_a_reason(client, make_appeal, officer, login, session):
    appeal = make_appeal(kind="information_request")
    login(officer)
    response = post(client, appeal, "extend", reason="  ")
    assert response.status_code == 422 and "Write the reason." in text(response)


def test_forwarding_closes_and_names_the_body(client, make_appeal, officer, login, session):
    appeal = make_appeal()
    login(officer)
    assert post(client, appeal, "forward", forwarded_to="Tavush regional administration",
                note="Roads between villages are theirs.").status_code == 302
    session.refresh(appeal)
    assert appeal.status == AppealStatus.FORWARDED and appeal.closed_dt is not None
    assert appeal.forwarded_to == "Tavush regional administration"
    (mail,) = mails_to(session, "ani@example.am")
    assert "Tavush regional administration" in mail.body_text and "Roads between villages" in mail.body_text
    assert last_audit(session).action == "appeal.forward" and "Tavush" not in last_audit(session).details


def test_answering_in_the_applicants_language_and_refusing_a_second_answer(client, make_appeal, officer, login,
                                                                           session):
    appeal = make_appeal(language="ru")
    login(officer)
    assert post(client, appeal, "answer", lang="hy", answer_text="Фонарь починили.").status_code == 302
    session.refresh(appeal)
    assert appeal.status == AppealStatus.ANSWERED and appeal.closed_dt is not None
    assert appeal.answer_text == "Фонарь починили." and appeal.first_action_dt is not None
    (mail,) = mails_to(session, "ani@example.am")
    assert mail.subject == f"На ваше обращение {appeal.tracking_number} дан ответ"
    assert "Фонарь починили." in mail.body_text and "номер" in mail.body_text
    assert last_audit(session).action == "appeal.answer" and "Фонарь" not in last_audit(session).details
    again = post(client, appeal, "answer", answer_text="A second answer, kept in the form")
    assert again.status_code == 409
    assert "This appeal is closed" in text(again) and "A second answer, kept in the form" in text(again)
    session.refresh(appeal)
    assert appeal.answer_text == "Фонарь починили." and len(mails_to(session, "ani@example.am")) == 1


def test_rejecting_needs_a_reason_and_tells_it(client, make_appeal, officer, login, session):
    appeal = make_appeal()
    login(officer)
    assert post(client, appeal, "reject", reason="").status_code == 422
    assert post(client, appeal, "reject", reason="Anonymous insults are not appeals.").status_code == 302
    session.refresh(appeal)
    assert appeal.status == AppealStatus.REJECTED and appeal.status_reason == "Anonymous insults are not appeals."
    (mail,) = mails_to(session, "ani@example.am")
    assert "Anonymous insults are not appeals." in mail.body_text
    assert last_audit(session).action == "appeal.reject" and "insults" not in last_audit(session).details


def test_an_internal_note_never_reaches_the_applicant(client, app, world, officer, login, session):
    number, secret = submit_online(client, app, world)
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    mails_before = len(mails_to(session, "ani@example.am"))
    login(officer)
    assert post(client, appeal, "note", note="The applicant called twice; sensitive.").status_code == 302
    session.refresh(appeal)
    assert appeal.events[-1].public is False and appeal.status == AppealStatus.RECEIVED
    assert "sensitive" in text(client.get(page_url(appeal)))
    assert len(mails_to(session, "ani@example.am")) == mails_before
    public = text(client.get(f"/appeals/track?number={number}&key={secret}", follow_redirects=True))
    assert "sensitive" not in public


def test_the_track_link_of_a_status_email_opens_the_form_with_the_number(client, make_appeal):
    appeal = make_appeal()
    response = client.get(f"/appeals/track?number={appeal.tracking_number}")
    assert response.status_code == 200 and f'value="{appeal.tracking_number}"' in text(response)


def test_an_appeal_without_email_changes_state_without_queuing_mail(client, make_appeal, officer, login, session):
    appeal = make_appeal(applicant_email=None, applicant_phone="+374 91 123456")
    login(officer)
    emails = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.channel == "email")
    before = session.scalar(emails)
    assert post(client, appeal, "answer", answer_text="Told by phone.").status_code == 302
    assert session.scalar(emails) == before  # the applicant hears by SMS instead (tests/test_sms.py)


# --- answer templates ----------------------------------------------------------------------------------------


def test_an_answer_template_prefills_the_answer(client, make_appeal, officer, login, session):
    appeal = make_appeal()
    login(officer)
    token = csrf_token(client, "/staff/appeals/templates/new")
    response = client.post("/staff/appeals/templates/new", data={
        "csrf_token": token, "title": "Street lights", "body": "The lighting service will repair it this week."})
    assert response.status_code == 302
    html = text(client.get("/staff/appeals/templates"))
    assert "Street lights" in html
    template_id = re.search(r"/staff/appeals/templates/(\d+)/edit", html).group(1)
    page = text(client.get(page_url(appeal) + f"?template={template_id}"))
    assert re.search(r"<textarea[^>]*answer_text[^>]*>\s*The lighting service will repair it this week.", page)
    assert client.get(page_url(appeal) + "?template=nonsense").status_code == 200
    token = csrf_token(client, "/staff/appeals/templates")
    assert client.post(f"/staff/appeals/templates/{template_id}/delete",
                       data={"csrf_token": token}).status_code == 302
    assert "Street lights" not in text(client.get("/staff/appeals/templates"))


def test_editors_cannot_manage_answer_templates(client, editor, login):
    login(editor)
    assert client.get("/staff/appeals/templates").status_code == 403
    assert client.get("/staff/appeals/new").status_code == 403


# --- the inbox list ------------------------------------------------------------------------------------------


def numbers_in(html):
    return re.findall(r">(TST-\d{4}-\d{6})</a>", html)


def test_overdue_appeals_come_first_then_the_ones_due_soonest(client, make_appeal, officer, login, today):
    later = make_appeal(due_date=today + timedelta(days=20))
    overdue_long = make_appeal(due_date=today - timedelta(days=5))
    soon = make_appeal(due_date=today + timedelta(days=2))
    overdue_short = make_appeal(due_date=today - timedelta(days=1))
    closed = make_appeal(due_date=today - timedelta(days=30), status="answered",
                         closed_dt=datetime.now(timezone.utc))
    login(officer)
    html = text(client.get("/staff/appeals/?status=&lang=en"))
    assert numbers_in(html) == [a.tracking_number for a in (overdue_long, overdue_short, soon, later, closed)]
    assert "overdue by 5 days" in html and "overdue by 1 day" in html and "due in 2 days" in html
    assert closed.tracking_number not in numbers_in(text(client.get("/staff/appeals/")))


def test_each_filter_narrows_the_list(client, world, make_appeal, officer, editor, login):
    complaint = make_appeal(kind="complaint", subject="Noise at night")
    request = make_appeal(kind="information_request", subject="Budget of 2026", settlement_id=world.centre.id,
                          institution_id=world.club.id, assignee_id=editor.id)
    answered = make_appeal(status="answered", closed_dt=datetime.now(timezone.utc), subject="Old one")
    login(officer)

    def shown(query):
        return set(numbers_in(text(client.get("/staff/appeals/?" + query))))

    assert shown("") == {complaint.tracking_number, request.tracking_number}
    assert shown("status=closed") == {answered.tracking_number}
    assert shown("status=answered") == {answered.tracking_number}
    assert shown("status=received") == {complaint.tracking_number, request.tracking_number}
    assert shown("kind=information_request") == {request.tracking_number}
    assert shown(f"settlement={world.centre.id}") == {request.tracking_number}
    assert shown(f"addressee={world.club.id}") == {request.tracking_number}
    assert shown("addressee=municipality") == {complaint.tracking_number}
    assert shown(f"assignee={editor.id}") == {request.tracking_number}
    assert shown("q=noise") == {complaint.tracking_number}
    assert shown(f"q={request.tracking_number.lower()}") == {request.tracking_number}
    assert shown("q=100%25_") == set()


@pytest.mark.parametrize("query", ["status=bogus", "kind=<script>", "settlement=abc", "settlement=99999999999999",
                                   "addressee=-1", "assignee=x", "page=-3", "page=abc", "page=99999"])
def test_bad_filter_values_are_ignored(client, make_appeal, officer, login, query):
    appeal = make_appeal(subject="Still listed")
    login(officer)
    response = client.get("/staff/appeals/?" + query)
    assert response.status_code == 200
    assert numbers_in(text(response)) == [appeal.tracking_number]


def test_an_overlong_search_finds_nothing_and_never_fails(client, make_appeal, officer, login):
    make_appeal(subject="Not matched")
    login(officer)
    response = client.get("/staff/appeals/?q=" + "x" * 500)
    assert response.status_code == 200
    assert numbers_in(text(response)) == []


def test_the_list_is_paginated(client, make_appeal, officer, login):
    for _ in range(27):
        make_appeal()
    login(officer)
    first = text(client.get("/staff/appeals/"))
    second = text(client.get("/staff/appeals/?page=2"))
    assert len(numbers_in(first)) == 25 and len(numbers_in(second)) == 2
    assert not set(numbers_in(first)) & set(numbers_in(second))


# --- paper and phone appeals ---------------------------------------------------------------------------------


def paper_data(client, world, **overrides):
    data = {
        "csrf_token": csrf_token(client, "/staff/appeals/new"),
        "channel": "paper", "received_on": "", "kind": "information_request",
        "subject": "Bus timetable", "text": "When does the bus to Dilijan leave?",
        "settlement_id": str(world.village.id), "addressee": "municipality",
        "applicant_name": "Karen Sargsyan", "applicant_email": "", "applicant_phone": "+374 93 000000",
        "applicant_address": "", "language": "hy",
    }
    data.update(overrides)
    return data


def test_a_paper_appeal_gets_the_next_number_and_a_printable_receipt(client, app, world, officer, login, session,
                                                                     today):
    online_number, _secret = submit_online(client, app, world)
    login(officer)
    received_on = today - timedelta(days=1)
    response = client.post("/staff/appeals/new?lang=en", data=paper_data(client, world,
                                                                        received_on=received_on.isoformat()),
                           content_type="multipart/form-data")
    assert response.status_code == 302, text(response)
    page = client.get(response.headers["Location"])
    html = text(page)
    number = re.search(r"<strong>(TST-\d{4}-\d{6})</strong>", html).group(1)
    code = re.search(r'<code class="secret-code">([^<]+)</code>', html).group(1)
    assert int(number[-6:]) == int(online_number[-6:]) + 1
    assert page.headers["Cache-Control"] == "no-store" and "deadline-explained" in html and "data-print" in html
    assert client.get(response.headers["Location"]).status_code == 410  # the code is shown once
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    assert appeal.channel == "paper" and appeal.status == AppealStatus.REGISTERED
    assert appeal.received_dt.astimezone(YEREVAN).date() == received_on and appeal.registered_dt is not None
    assert last_audit(session).action == "appeal.register_on_behalf"
    # The resident follows it with the number and the code from the receipt.
    assert client.get(f"/appeals/track?number={number}&key={code}", follow_redirects=True).status_code == 200


def test_a_paper_appeal_cannot_be_dated_in_the_future(client, world, officer, login, today):
    login(officer)
    data = paper_data(client, world, received_on=(today + timedelta(days=2)).isoformat())
    response = client.post("/staff/appeals/new?lang=en", data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and "cannot be in the future" in text(response)
    assert 'value="Bus timetable"' in text(response)


# --- deadline rules ------------------------------------------------------------------------------------------


def test_a_changed_rule_applies_to_new_appeals_only(client, app, world, make_user, login, session):
    old_number, _ = submit_online(client, app, world, kind="information_request")
    old = session.scalar(select(Appeal).where(Appeal.tracking_number == old_number))
    old_due = old.due_date
    login(make_user("rules.admin@example.am", roles=(("admin", None),)))
    token = csrf_token(client, "/admin/deadlines/information_request")
    response = client.post("/admin/deadlines/information_request", data={
        "csrf_token": token, "limit": "10", "unit": "days", "counting": "calendar"})
    assert response.status_code == 302
    assert "10 days" in text(client.get("/admin/deadlines/?lang=en"))
    assert last_audit(session).action == "deadline_rule.update"
    client.post("/staff/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    new_number, _ = submit_online(client, app, world, kind="information_request")
    new = session.scalar(select(Appeal).where(Appeal.tracking_number == new_number))
    received = new.received_dt.astimezone(YEREVAN).date()
    assert new.rule_limit == 10 and new.due_date >= received + timedelta(days=10)
    session.refresh(old)
    assert old.due_date == old_due and old.rule_limit == 5


@pytest.mark.parametrize("kind, unit, message", [
    ("information_request", "months", "Months are calendar time"),
    ("complaint", "days", "extended by months by law"),
])
def test_working_day_counting_that_the_engine_refuses_is_a_form_error(client, make_user, login, session, kind, unit,
                                                                      message):
    login(make_user("rules2.admin@example.am", roles=(("admin", None),)))
    token = csrf_token(client, f"/admin/deadlines/{kind}")
    response = client.post(f"/admin/deadlines/{kind}?lang=en", data={
        "csrf_token": token, "limit": "2", "unit": unit, "counting": "working"})
    assert response.status_code == 422 and message in text(response)


def test_deadline_rules_are_for_admins_only(client, officer, login):
    login(officer)
    assert client.get("/admin/deadlines/").status_code == 403
    assert client.get("/admin/deadlines/nonsense").status_code == 403


# --- the calendar changes ------------------------------------------------------------------------------------


def next_weekday_after(day, days=3):
    candidate = day + timedelta(days=days)
    while candidate.weekday() >= 4:  # Mon-Thu, so the next day is a working day too (barring holidays)
        candidate += timedelta(days=1)
    return candidate


def test_a_new_holiday_on_a_due_date_moves_open_appeals_only(client, make_appeal, make_user, login, session, today):
    due = next_weekday_after(today)
    open_appeal = make_appeal(kind="information_request",
                              received_dt=datetime.combine(due - timedelta(days=5), time(8), tzinfo=YEREVAN))
    assert open_appeal.due_date == due, "the test needs a due date on a plain working day"
    closed = make_appeal(kind="information_request", received_dt=open_appeal.received_dt, status="answered",
                         closed_dt=datetime.now(timezone.utc))
    login(make_user("calendar.admin@example.am", roles=(("admin", None),)))
    token = csrf_token(client, "/admin/calendar/new")
    response = client.post("/admin/calendar/new", data={"csrf_token": token, "day": due.isoformat(),
                                                        "kind": "holiday", "note_hy": "Համայնքի օր"})
    assert response.status_code == 302
    session.refresh(open_appeal)
    session.refresh(closed)
    assert open_appeal.due_date > due and closed.due_date == due
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "appeal.recompute_due_date"))
    assert entry is not None and entry.target_id == open_appeal.id
    # Removing the holiday moves it back.
    override_id = re.search(r"/admin/calendar/(\d+)/delete", text(client.get("/admin/calendar"))).group(1)
    token = csrf_token(client, f"/admin/calendar/{override_id}/delete")
    assert client.post(f"/admin/calendar/{override_id}/delete", data={"csrf_token": token}).status_code == 302
    session.refresh(open_appeal)
    assert open_appeal.due_date == due


def test_staff_open_an_appeals_photo_but_the_public_cannot(client, app, world, make_user, editor, login, session):
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(png, "PNG")
    png.seek(0)
    number, _secret = submit_online(client, app, world, attachments=[(png, "street.png")])
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    (photo,) = appeal.attachments
    path = page_url(appeal, f"/attachments/{photo.id}")
    assert client.get(path).status_code == 302  # to the login
    assert client.get(f"/media/photos/{photo.file_name}").status_code == 404
    login(editor)
    assert client.get(path).status_code == 404  # not assigned to this editor
    client.post("/staff/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    login(make_user("photo.officer@example.am", roles=(("officer", None),)))
    assert path in text(client.get(page_url(appeal)))
    response = client.get(path)
    assert response.get_data()[:3] == b"\xff\xd8\xff"  # a JPEG
    response.close()
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["Cache-Control"] == "no-store" and "sandbox" in response.headers["Content-Security-Policy"]
    assert client.get(page_url(appeal, f"/attachments/{photo.id + 1000}")).status_code == 404


def test_an_extended_appeal_keeps_its_extension_when_the_calendar_changes(client, make_appeal, make_user, login,
                                                                          session, today):
    appeal = make_appeal(kind="information_request")
    login(make_user("ext.officer@example.am", roles=(("officer", None),)))
    assert post(client, appeal, "extend", reason="Archive search").status_code == 302
    session.refresh(appeal)
    extended_due, original_due = appeal.due_date, appeal.original_due_date
    client.post("/staff/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    login(make_user("ext.admin@example.am", roles=(("admin", None),)))
    token = csrf_token(client, "/admin/calendar/new")
    assert client.post("/admin/calendar/new", data={"csrf_token": token, "day": extended_due.isoformat(),
                                                    "kind": "holiday", "note_hy": "Համայնքի օր"}).status_code == 302
    session.refresh(appeal)
    assert appeal.due_date > extended_due and appeal.extended_dt is not None
    assert appeal.original_due_date == original_due
