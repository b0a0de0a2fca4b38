"""The mail outbox: messages join the sender's transaction, and admins can read them until mail is sent for real."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models_base import utcnow
from app.outbox.models import OutboxMessage
from app.outbox.services import queue_email


def count(session):
    session.expire_all()
    return session.scalar(select(func.count()).select_from(OutboxMessage))


def test_a_queued_email_is_kept_only_if_the_sender_commits(app, session):
    with app.app_context():
        queue_email("ani@example.am", "Rolled back", "This change did not happen.")
        db.session.rollback()
        assert count(session) == 0
        queue_email("ani@example.am", "Committed", "This change happened.")
        db.session.commit()
    (message,) = session.scalars(select(OutboxMessage)).all()
    assert message.subject == "Committed" and message.sent_dt is None and message.attempts == 0
    assert message.created_dt is not None


@pytest.fixture
def messages(session):
    now = utcnow()
    rows = [
        OutboxMessage(to_address="old@example.am", subject="Older message", body_text="old",
                      created_dt=now - timedelta(days=1)),
        OutboxMessage(to_address="ani@example.am", subject="Newer message",
                      body_text="Open http://localhost/staff/password/reset/abc <script>alert(1)</script>",
                      created_dt=now),
        OutboxMessage(to_address="sent@example.am", subject="Delivered message", body_text="done",
                      created_dt=now - timedelta(days=2), sent_dt=now - timedelta(days=2), attempts=1),
    ]
    session.add_all(rows)
    session.flush()
    return rows


def test_admins_read_the_outbox_newest_first(client, auth, make_user, messages):
    client.set_cookie("lang", "en")
    auth.login(make_user())
    response = client.get("/admin/outbox")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.index("Newer message") < page.index("Older message") < page.index("Delivered message")
    assert "To ani@example.am" in page and "Queued" in page and "Sent" in page
    # Links can be followed; the body is text, never markup.
    assert '<a href="http://localhost/staff/password/reset/abc"' in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_an_empty_outbox_says_so(client, auth, make_user):
    client.set_cookie("lang", "en")
    auth.login(make_user())
    assert "The outbox is empty." in client.get("/admin/outbox").get_data(as_text=True)


@pytest.mark.parametrize("role", ["officer", "viewer"])
def test_only_admins_read_the_outbox(client, auth, make_user, messages, role):
    auth.login(make_user(roles=((role, None),)))
    assert client.get("/admin/outbox").status_code == 403


def test_anonymous_visitors_cannot_read_the_outbox(client, messages):
    response = client.get("/admin/outbox")
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login")
