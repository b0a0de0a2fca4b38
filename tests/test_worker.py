"""The worker: a commit that queues mail wakes a real huey consumer, periodic tasks keep house, Redis when
configured."""

import time
from datetime import timedelta

import pytest
from huey.storage import RedisStorage, SqliteStorage
from sqlalchemy import func, select

from app.accounts.models import PasswordResetToken
from app.appeals.models import AppealLinkToken
from app.extensions import db
from app.models_base import utcnow
from app.outbox.models import OutboxMessage
from app.outbox.services import queue_email
from app.residents.models import ResidentPhoneCode, ResidentSignInToken


@pytest.fixture
def mail_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_FILE_FOLDER", str(tmp_path / "mail"))
    monkeypatch.setitem(app.config, "MAIL_TRANSPORT", "file")
    return tmp_path / "mail"


@pytest.fixture
def immediate_worker(app, mail_folder):
    """Tasks run in the process as soon as they are queued (huey's immediate mode)."""
    huey = app.extensions["worker"].huey
    huey.immediate = True
    yield huey
    huey.immediate = False


def wait_for(predicate, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_a_real_consumer_delivers_mail_as_soon_as_the_transaction_commits(tmp_path):
    from tests.conftest import make_app

    folder = tmp_path / "mail"
    application = make_app(tmp_path, "hashvetu_worker", HUEY_URL=f"sqlite:///{tmp_path / 'huey.sqlite3'}",
                           MAIL_TRANSPORT="file", MAIL_FILE_FOLDER=str(folder))
    huey = application.extensions["worker"].huey
    assert isinstance(huey.storage, SqliteStorage) and not huey.immediate
    consumer = huey.create_consumer(workers=2, periodic=False, initial_delay=0.05, max_delay=0.2)
    consumer.start()
    try:
        with application.app_context():
            queue_email("ani@example.am", "Rolled back", "This change did not happen.")
            db.session.rollback()
            message = queue_email("ani@example.am", "Your appeal", "Committed.")
            db.session.commit()
            message_id = message.id
        assert wait_for(lambda: (folder / f"{message_id}.eml").exists())
        with application.app_context():
            def sent():
                db.session.rollback()  # a new read transaction each time: the worker commits in its own
                return db.session.get(OutboxMessage, message_id).sent_dt is not None

            assert wait_for(sent)
            assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
        assert [p.name for p in folder.iterdir()] == [f"{message_id}.eml"]  # the rolled-back one never left
    finally:
        consumer.stop(graceful=True)
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


def test_redis_is_the_queue_when_configured(tmp_path):
    from app import create_app

    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                              "HUEY_URL": "redis://127.0.0.1:6379/15"})
    huey = application.extensions["worker"].huey
    assert isinstance(huey.storage, RedisStorage)
    huey.flush()
    try:
        with application.app_context():
            from app.worker import enqueue

            assert enqueue("outbox.deliver")
        assert huey.pending_count() == 1
    finally:
        huey.flush()


def test_an_unreachable_queue_does_not_fail_the_request_that_queued_mail(app, client, session, monkeypatch):
    from app.worker import enqueue

    huey = app.extensions["worker"].huey

    def broken(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(huey.storage, "enqueue", broken)
    with app.test_request_context():
        assert enqueue("outbox.deliver") is False


def test_in_immediate_mode_the_commit_delivers_at_once(app, session, immediate_worker, mail_folder):
    with app.app_context():
        message = queue_email("ani@example.am", "Hello", "Body")
        db.session.commit()
        message_id = message.id
    assert (mail_folder / f"{message_id}.eml").exists()
    session.expire_all()
    assert session.get(OutboxMessage, message_id).state == "sent"


def test_the_sweep_sends_a_message_whose_retry_has_come(app, session, immediate_worker, mail_folder):
    waiting = OutboxMessage(to_address="a@example.am", subject="Retry", body_text="x", attempts=1,
                            last_error="450 busy", next_attempt_dt=utcnow() - timedelta(seconds=1))
    later = OutboxMessage(to_address="b@example.am", subject="Later", body_text="y", attempts=1,
                          last_error="450 busy", next_attempt_dt=utcnow() + timedelta(minutes=5))
    session.add_all([waiting, later])
    session.flush()
    app.extensions["worker"].tasks["outbox.sweep"]()
    session.expire_all()
    assert session.get(OutboxMessage, waiting.id).state == "sent"
    assert session.get(OutboxMessage, later.id).state == "queued"


def test_housekeeping_deletes_expired_sign_in_and_password_links(app, session, immediate_worker, make_user,
                                                                  make_appeal):
    now = utcnow()
    user = make_user()
    appeal = make_appeal()
    session.add_all([
        ResidentSignInToken(email="a@example.am", token_hash="a" * 64, expires_dt=now - timedelta(minutes=1)),
        ResidentSignInToken(email="b@example.am", token_hash="b" * 64, expires_dt=now + timedelta(minutes=20)),
        PasswordResetToken(user=user, token_hash="c" * 64, expires_dt=now - timedelta(hours=1)),
        PasswordResetToken(user=user, token_hash="d" * 64, expires_dt=now + timedelta(hours=1)),
        ResidentPhoneCode(phone="+37491234567", code_hash="e" * 64, expires_dt=now - timedelta(minutes=1)),
        ResidentPhoneCode(phone="+37491234568", code_hash="f" * 64, expires_dt=now + timedelta(minutes=5)),
        AppealLinkToken(appeal=appeal, token_hash="g" * 64, expires_dt=now - timedelta(days=1), used_dt=now),
        AppealLinkToken(appeal=appeal, token_hash="h" * 64, expires_dt=now - timedelta(minutes=1)),
        AppealLinkToken(appeal=appeal, token_hash="i" * 64, expires_dt=now + timedelta(days=1)),
    ])
    session.flush()
    tasks = app.extensions["worker"].tasks
    tasks["residents.delete_expired_sign_in_links"]()
    tasks["accounts.delete_expired_password_links"]()
    tasks["residents.delete_expired_phone_codes"]()
    tasks["appeals.delete_expired_link_tokens"]()
    session.expire_all()
    assert session.scalars(select(ResidentSignInToken.token_hash)).all() == ["b" * 64]
    assert session.scalars(select(PasswordResetToken.token_hash)).all() == ["d" * 64]
    assert session.scalars(select(ResidentPhoneCode.code_hash)).all() == ["f" * 64]
    assert session.scalars(select(AppealLinkToken.token_hash)).all() == ["i" * 64]


def test_scheduled_work_is_periodic_tasks_not_cron_lines(app):
    import datetime

    tasks = {name: wrapper.s() for name, wrapper in app.extensions["worker"].tasks.items()}
    digest = tasks["reminders.notify_deadlines"]
    # Daily at 04:00 UTC (08:00 in Yerevan), and at no other hour.
    assert digest.validate_datetime(datetime.datetime(2026, 12, 2, 4, 0))
    assert not digest.validate_datetime(datetime.datetime(2026, 12, 2, 5, 0))
    assert tasks["outbox.sweep"].validate_datetime(datetime.datetime(2026, 12, 2, 13, 37))
    for name in ("residents.delete_expired_sign_in_links", "accounts.delete_expired_password_links",
                 "residents.delete_expired_phone_codes", "appeals.delete_expired_link_tokens"):
        assert sum(tasks[name].validate_datetime(datetime.datetime(2026, 12, 2, 13, m)) for m in range(60)) == 1


def test_a_commit_that_queues_many_messages_wakes_several_senders(app, session, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BATCH_SIZE", 2)
    monkeypatch.setitem(app.config, "MAIL_SENDERS", 4)
    huey = app.extensions["worker"].huey
    with app.app_context():
        before = huey.pending_count()
        queue_email("one@example.am", "One", "x")
        db.session.commit()
        assert huey.pending_count() - before == 1  # one message: one sender
        for n in range(5):
            queue_email(f"r{n}@example.am", "Many", "x")
        db.session.commit()
        assert huey.pending_count() - before == 1 + 3  # five messages in batches of two: three senders
        db.session.rollback()
