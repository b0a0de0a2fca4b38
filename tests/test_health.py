"""Degrade, don't fail; and something to watch: /healthz, /readyz, a 503 page without the database, the site
going on with in-process limits while Redis is down."""

import logging
import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest

from app import create_app
from app.extensions import db
from tests.conftest import make_app
from tests.fixtures.accounts import TEST_PASSWORD, csrf_token


def test_healthz_answers_without_touching_anything(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_readyz_reports_each_dependency(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"]["database"]["ok"] is True
    assert set(response.json["checks"]) == {"database", "outbox", "redis", "uploads", "worker"}


def _heartbeat(app):
    """The worker's periodic task, run as the consumer runs it (its own app context, a write)."""
    app.extensions["worker"].tasks["worker.heartbeat"].call_local()


def test_readyz_warns_until_a_worker_beats_and_again_once_it_stops(app, client, monkeypatch):
    silent = client.get("/readyz")
    assert (silent.status_code, silent.json["status"]) == (200, "degraded")
    assert silent.json["checks"]["worker"] == {"ok": False, "last_heartbeat": None, "age_seconds": None}

    _heartbeat(app)
    alive = client.get("/readyz")
    assert (alive.status_code, alive.json["status"]) == (200, "ready")
    assert alive.json["checks"]["worker"]["ok"] is True and alive.json["checks"]["worker"]["age_seconds"] < 60

    from app.worker import heartbeat

    ten_minutes_ago = heartbeat.utcnow() - timedelta(minutes=10)
    monkeypatch.setattr(heartbeat, "utcnow", lambda: ten_minutes_ago)
    _heartbeat(app)  # the same worker, its last beat now ten minutes old (WORKER_STALE_MINUTES is 5)
    stale = client.get("/readyz")
    assert (stale.status_code, stale.json["status"]) == (200, "degraded")
    assert stale.json["checks"]["worker"]["ok"] is False and stale.json["checks"]["worker"]["age_seconds"] >= 600


def test_readyz_reports_the_outbox_backlog(client, session):
    from app.models_base import utcnow
    from app.outbox.models import OutboxMessage

    session.add(OutboxMessage(to_address="a@example.am", subject="s", body_text="b",
                              created_dt=utcnow() - timedelta(hours=1)))
    outbox = client.get("/readyz").json["checks"]["outbox"]
    assert outbox == {"ok": False, "waiting": 1, "late": 1, "retrying": 0, "failed_last_day": 0}


def test_readyz_fails_when_the_disk_for_uploads_is_full(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MIN_FREE_MB", 10**12)  # more than any disk here has free
    response = client.get("/readyz")
    assert (response.status_code, response.json["status"]) == (503, "unavailable")
    assert response.json["checks"]["uploads"]["ok"] is False


@pytest.fixture
def no_database(tmp_path):
    """An app whose database server does not answer (nothing listens on port 1)."""
    application = create_app({"TESTING": False, "SECRET_KEY": "x", "UPLOAD_FOLDER": str(tmp_path),
                              "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
                              "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}}})
    yield application
    with application.app_context():
        db.engine.dispose()


def test_readyz_fails_when_the_database_is_down(no_database):
    response = no_database.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["checks"]["database"]["ok"] is False


def test_a_page_without_the_database_is_a_translated_503(no_database):
    response = no_database.test_client().get("/schedule?lang=ru")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Сайт временно недоступен" in response.get_data(as_text=True)


def test_the_503_page_offers_a_retry_and_says_a_form_just_sent_was_not_saved(no_database):
    client = no_database.test_client()
    page = client.get("/schedule?lang=en&month=2026-05")
    assert page.status_code == 503
    assert 'href="/schedule?lang=en&amp;month=2026-05">Try again</a>' in page.get_data(as_text=True)
    assert "was not saved" not in page.get_data(as_text=True)
    no_database.config["WTF_CSRF_ENABLED"] = False  # the form was opened while the database still answered
    sent = client.post("/appeals/new?lang=en", data={"subject": "Broken bench"})
    assert sent.status_code == 503
    assert "What you have just sent was not saved" in sent.get_data(as_text=True)
    assert "Try again" not in sent.get_data(as_text=True)


def test_an_error_page_that_needs_the_database_is_the_503_page_too(no_database):
    """A 404 shows the site's menu, a refused flood the form again: both read the database."""
    client = no_database.test_client()
    missing = client.get("/no/such/page?lang=en")
    assert missing.status_code == 503 and "temporarily unavailable" in missing.get_data(as_text=True)
    no_database.config["WTF_CSRF_ENABLED"] = False
    statuses = [client.post("/appeals/new?lang=en", data={"subject": "x"}).status_code for _ in range(6)]
    assert statuses == [503] * 6  # the sixth is over the limit of five a minute: its page needs the database


def test_the_api_without_the_database_is_a_json_503(no_database):
    response = no_database.test_client().get("/api/v1/settlements")
    assert response.status_code == 503 and response.json["error"]["status"] == 503


# --- Redis outage during a login ------------------------------------------------------------------------------


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_server():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield process, f"redis://127.0.0.1:{port}/0"
    process.kill()
    process.wait()


def test_staff_login_goes_on_when_redis_goes_down(tmp_path, redis_server, caplog):
    process, uri = redis_server
    application = make_app(tmp_path, "redis_outage", RATELIMIT_STORAGE_URI=uri)
    try:
        created = application.test_cli_runner().invoke(args=[
            "create-user", "--email", "officer@own.am", "--name", "Officer", "--role", "officer",
            "--password-stdin"], input=TEST_PASSWORD + "\n")
        assert created.exit_code == 0, created.output
        client = application.test_client()
        token = csrf_token(client, "/staff/login")
        process.kill()
        process.wait()
        with caplog.at_level(logging.WARNING):
            wrong = client.post("/staff/login", data={"email": "officer@own.am", "password": "not the password 1",
                                                      "csrf_token": token})
            right = client.post("/staff/login", data={"email": "officer@own.am", "password": TEST_PASSWORD,
                                                      "csrf_token": token})
        assert (wrong.status_code, right.status_code) == (422, 302)
        assert "login counters kept in the database" in caplog.text
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json["status"] == "degraded"
        assert ready.json["checks"]["redis"]["ok"] is False
    finally:
        with application.app_context():
            db.engine.dispose()
        # One limiter serves every test app: give it back an in-memory storage for the tests after this one.
        other = create_app({"TESTING": True, "SECRET_KEY": "x", "RATELIMIT_STORAGE_URI": "memory://",
                            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'after.sqlite3'}",
                            "UPLOAD_FOLDER": str(tmp_path)})
        with other.app_context():
            db.engine.dispose()
