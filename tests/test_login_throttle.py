"""Failed logins slow an attacker down without locking the owner out, and the counts are shared by every worker
(the database, or Redis when configured; never one process's memory) (issue 18)."""

import pytest
import time_machine
from sqlalchemy import func, select

from app.accounts.models import LoginThrottle
from app.models_base import utcnow
from tests.fixtures.accounts import TEST_PASSWORD, csrf_token

WRONG = "not the password of Ani at all"
TOO_MANY = "Too many attempts. Please wait"


@pytest.fixture
def ani(make_user):
    return make_user("ani@example.am", full_name="Ani Hakobyan")


@pytest.fixture
def frozen():
    with time_machine.travel(utcnow(), tick=False) as clock:
        yield clock


def attempt(client, password, address="198.51.100.7"):
    client.set_cookie("lang", "en")
    token = csrf_token(client, "/staff/login")
    return client.post("/staff/login", data={"email": "ani@example.am", "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def fail(client, times, address="198.51.100.7"):
    return [attempt(client, WRONG, address).status_code for _n in range(times)]


def test_five_failures_are_free_then_the_next_try_must_wait(client, ani, frozen):
    assert fail(client, 5) == [422] * 5
    response = attempt(client, TEST_PASSWORD)
    assert response.status_code == 429 and TOO_MANY in response.get_data(as_text=True)


def test_the_wait_grows_with_each_further_failure(client, ani, frozen):
    fail(client, 5)  # the fifth failure asks for 15 s
    frozen.shift(16)
    fail(client, 1)  # the sixth, for 30 s
    frozen.shift(16)
    assert attempt(client, TEST_PASSWORD).status_code == 429
    frozen.shift(15)
    assert attempt(client, TEST_PASSWORD).status_code == 302


def test_failures_from_another_address_do_not_slow_the_owner(app, client, ani, frozen):
    attacker = app.test_client()
    fail(attacker, 8, address="203.0.113.9")
    assert attempt(client, TEST_PASSWORD).status_code == 302


def test_the_owner_logs_in_from_a_known_device_while_the_account_is_under_attack(app, client, ani, frozen,
                                                                              monkeypatch):
    assert attempt(client, TEST_PASSWORD).status_code == 302  # the owner's browser is now a known device
    client.delete_cookie("session")  # the login is over; the device cookie stays
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_FREE_FAILURES", 5)
    # Many addresses, same network address as the owner even: the account is slowed for every unknown browser...
    for n in range(6):
        fail(app.test_client(), 1, address=f"203.0.113.{n}")
    assert attempt(app.test_client(), TEST_PASSWORD, address="192.0.2.1").status_code == 429
    # ...but not for the owner's own browser.
    assert attempt(client, TEST_PASSWORD, address="192.0.2.1").status_code == 302


def test_failure_counts_are_kept_in_the_database_shared_by_every_worker(client, ani, session, frozen):
    fail(client, 1)
    assert session.scalar(select(func.count()).select_from(LoginThrottle)) >= 1


def test_throttle_counters_hold_no_email_address(client, ani, session, frozen):
    fail(client, 2)
    keys = session.scalars(select(LoginThrottle.key)).all()
    assert any(key.startswith("login:account:") for key in keys)
    assert not any("ani@example.am" in key or "ani" in key.split(":", 2)[-1] for key in keys), keys


def test_the_address_limit_is_shared_by_two_servers_without_redis(tmp_path):
    """Two gunicorn servers on one database, each with Flask-Limiter's per-process memory storage: the login limit
    per address still counts every attempt once, whichever server answers it."""
    import json

    from bench import server
    from bench.submitters import Client, _field

    database = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    env = server.base_env(database, UPLOAD_FOLDER=str(tmp_path / "uploads"))
    server.flask(["db", "upgrade"], env, capture_output=True)
    config = json.dumps({"RATELIMIT_STORAGE_URI": "memory://", "LOGIN_LIMITS_PER_IP": "4 per minute"})
    first = server.Gunicorn(database, workers=1, app="bench.wsgi_bench:app", BENCH_APP_CONFIG=config,
                            UPLOAD_FOLDER=str(tmp_path / "uploads"))
    second = server.Gunicorn(database, workers=1, app="bench.wsgi_bench:app", BENCH_APP_CONFIG=config,
                             UPLOAD_FOLDER=str(tmp_path / "uploads"))
    statuses = []
    with first, second:
        for n in range(8):
            # Every attempt names another account, so only the per-address limit can refuse it.
            c = Client((first if n % 2 == 0 else second).url)
            token = _field(c.request("GET", "/staff/login?lang=en")[2], "csrf_token")
            status, headers, body = c.request("POST", "/staff/login?lang=en", {
                "csrf_token": token, "email": f"guess{n}@example.am", "password": "one guess after another"})
            statuses.append(status)
            c.close()
    assert statuses == [422] * 4 + [429] * 4
    assert TOO_MANY in body and int(headers["Retry-After"]) > 0


def test_rate_limit_keys_hold_no_address_phone_number_or_api_key(app, client, world):
    """Whatever the limiter's store is (Redis in production), its keys carry keyed hashes, not what was typed."""
    from app.extensions import limiter

    client.set_cookie("lang", "en")
    client.post("/staff/password/reset", data={"email": "ani@example.am",
                                               "csrf_token": csrf_token(client, "/staff/password/reset")})
    client.post("/account/login", data={"email": "ani@example.am", "csrf_token": csrf_token(client, "/account/login")})
    client.post("/account/login/phone", data={"phone": "+374 91 818181",
                                              "csrf_token": csrf_token(client, "/account/login/phone")})
    client.post("/open311/v2/requests.json", data={
        "service_code": "complaint", "description": "Broken light.", "first_name": "Anahit", "last_name": "P",
        "email": "anahit@example.am", "attribute[settlement]": "gosh", "api_key": "city-app-secret-key"})
    keys = " ".join(map(str, limiter.storage.storage.keys()))
    assert "open311-key:" in keys and "phone:" in keys and "email:" in keys  # the limits were counted...
    for typed in ("ani@example.am", "818181", "city-app-secret-key", "anahit"):
        assert typed not in keys  # ...under keys that do not say what was typed
