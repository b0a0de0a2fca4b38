"""`flask notify-deadlines`: one digest a day to each staff member with appeals due soon or overdue."""

import re
from datetime import date, datetime, timezone

import pytest
import time_machine
from sqlalchemy import select

from app.appeals.models import AppealStatus
from app.outbox.models import OutboxMessage
from app.reminders.cli import notify_deadlines
from app.reminders.queries import soon_horizon
from tests.fixtures.accounts import csrf_token

# Thursday 3 December 2026 (Yerevan); the next two working days are Friday 4 and Monday 7 December.
TODAY = date(2026, 12, 3)
NOW = datetime(2026, 12, 3, 6, 0, tzinfo=timezone.utc)


def test_two_working_days_reach_over_the_weekend(app):
    with app.app_context():
        assert soon_horizon(TODAY) == date(2026, 12, 7)
        assert soon_horizon(date(2026, 12, 1)) == date(2026, 12, 3)


@pytest.fixture
def desk(world, make_user, make_appeal):
    class Desk:
        pass

    d = Desk()
    d.officer = make_user(email="officer@example.am", full_name="Nare Officer", roles=(("officer", None),),
                          language="en")
    d.editor = make_user(email="editor@example.am", full_name="Ani Editor", roles=(("editor", world.school),),
                         language="ru")
    d.idle = make_user(email="idle@example.am", roles=(("officer", None),), is_active=False)
    d.overdue = make_appeal(world.centre, due_date=date(2026, 12, 1), assignee_id=d.editor.id, subject="Late one")
    d.monday = make_appeal(world.centre, due_date=date(2026, 12, 7), assignee_id=d.editor.id, subject="Monday one")
    d.unassigned = make_appeal(world.village, due_date=date(2026, 12, 4), subject="Nobody's yet")
    d.later = make_appeal(world.village, due_date=date(2026, 12, 8), assignee_id=d.editor.id, subject="Next week")
    d.closed = make_appeal(world.village, due_date=date(2026, 12, 1), status=AppealStatus.ANSWERED,
                           assignee_id=d.editor.id, subject="Done already")
    return d


def mails(session):
    session.expire_all()
    return {m.to_address: m for m in session.scalars(select(OutboxMessage))}


def test_each_assignee_gets_their_own_and_officers_get_the_unassigned(app, session, desk):
    with time_machine.travel(NOW, tick=False):
        result = app.test_cli_runner().invoke(notify_deadlines)
    assert result.exit_code == 0, result.output
    sent = mails(session)
    assert set(sent) == {"officer@example.am", "editor@example.am"}
    officer, editor = sent["officer@example.am"], sent["editor@example.am"]
    assert "Nobody's yet" in officer.body_text and "Late one" not in officer.body_text
    assert officer.subject == "1 appeal needs an answer soon"  # in the officer's language, English
    assert "Late one" in editor.body_text and "Monday one" in editor.body_text
    assert "Next week" not in editor.body_text and "Done already" not in editor.body_text
    assert editor.body_text.index("Late one") < editor.body_text.index("Monday one")
    assert desk.overdue.tracking_number in editor.body_text
    assert "обращени" in editor.subject  # Russian for the editor
    assert editor.language == "ru" and officer.language == "en"


def test_each_appeal_in_the_digest_links_to_its_page_under_the_public_url(app, session, client, desk, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://hashvetu.dilijan.example.am")
    app.extensions.pop("public_url_adapter", None)
    try:
        with time_machine.travel(NOW, tick=False):
            app.test_cli_runner().invoke(notify_deadlines)
    finally:
        app.extensions.pop("public_url_adapter", None)
    editor = mails(session)["editor@example.am"]
    for appeal in (desk.overdue, desk.monday):
        assert f"https://hashvetu.dilijan.example.am/staff/appeals/{appeal.tracking_number}" in editor.body_text


def test_a_second_run_the_same_day_sends_nothing_new(app, session, desk):
    runner = app.test_cli_runner()
    with time_machine.travel(NOW, tick=False):
        runner.invoke(notify_deadlines)
        second = runner.invoke(notify_deadlines)
    assert second.exit_code == 0 and "0 digest(s)" in second.output
    assert len(session.scalars(select(OutboxMessage)).all()) == 2
    with time_machine.travel(datetime(2026, 12, 4, 6, 0, tzinfo=timezone.utc), tick=False):
        runner.invoke(notify_deadlines)
    assert len(session.scalars(select(OutboxMessage)).all()) == 4


def test_nothing_due_means_no_email(app, session, world, make_user, make_appeal):
    make_user(roles=(("officer", None),))
    make_appeal(world.centre, due_date=date(2026, 12, 20))
    with time_machine.travel(NOW, tick=False):
        result = app.test_cli_runner().invoke(notify_deadlines)
    assert "0 digest(s)" in result.output
    assert session.scalars(select(OutboxMessage)).first() is None


def test_staff_choose_the_language_of_their_emails(client, auth, make_user, session):
    user = make_user(roles=(("officer", None),))
    assert user.language == "hy"
    auth.login(user)
    page = client.get("/staff/").get_data(as_text=True)
    assert 'name="language"' in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/staff/email-language", data={"csrf_token": token, "language": "ru"}).status_code == 302
    session.refresh(user)
    assert user.language == "ru"
    client.post("/staff/email-language", data={"csrf_token": token, "language": "xx"})
    session.refresh(user)
    assert user.language == "ru"


def test_anonymous_visitors_cannot_change_an_email_language(client):
    token = csrf_token(client, "/staff/login")
    response = client.post("/staff/email-language", data={"csrf_token": token, "language": "ru"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login")
