"""Two application instances on one PostgreSQL database and one Redis: what one writes the other serves, cached
pages follow writes made elsewhere, and rate limits are counted once across both. Required in CI."""

import json
import os
import re
import uuid

import pytest
import sqlalchemy as sa

from bench import server
from bench.submitters import Client, _field, _first_option

# Always on PostgreSQL and Redis, whatever the database under test: `make test` runs it once, in the PostgreSQL pass.
pytestmark = pytest.mark.once

PG_URL = os.environ.get("TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"


def _require(what, ok):
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} is required in CI and did not answer")
        pytest.skip(f"{what} not reachable")


@pytest.fixture
def shared_database():
    """A new PostgreSQL database on the test server, dropped afterwards."""
    url = sa.make_url(PG_URL if PG_URL.startswith("postgresql") else "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    try:
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError:
        _require("PostgreSQL", False)
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception:  # noqa: BLE001 - anything but a pong means no Redis
        _require("Redis", False)
    name = f"hashvetu_scaleout_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    target = url.set(database=name).render_as_string(hide_password=False)
    try:
        yield target
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def _appeal_form(client):
    status, _h, html = client.request("GET", "/appeals/new")
    assert status == 200
    return {"csrf_token": _field(html, "csrf_token"), "started": _field(html, "started"), "kind": "application",
            "subject": "Streetlight on Myasnikyan street", "text": "It has been dark for a week.",
            "settlement_id": _first_option(html, "settlement_id"), "addressee": "municipality",
            "applicant_name": "Two Servers", "applicant_email": "two@example.invalid"}


def test_two_instances_share_data_caches_and_rate_limits(shared_database, tmp_path):
    env = server.base_env(shared_database, UPLOAD_FOLDER=str(tmp_path / "uploads"))
    server.flask(["db", "upgrade"], env, capture_output=True)
    server.flask(["bench-data", "--actions", "40", "--reports", "10", "--appeals", "30",
                  "--credentials", str(tmp_path / "creds.json")], env, capture_output=True)
    config = json.dumps({"APPEAL_MIN_FILL_SECONDS": 0, "APPEAL_LIMITS_PER_IP": "3 per minute",
                         "RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": f"scaleout-{uuid.uuid4().hex}"})
    first = server.Gunicorn(shared_database, workers=1, app="bench.wsgi_bench:app", BENCH_APP_CONFIG=config,
                            UPLOAD_FOLDER=str(tmp_path / "uploads"))
    second = server.Gunicorn(shared_database, workers=1, app="bench.wsgi_bench:app", BENCH_APP_CONFIG=config,
                             UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with first, second:
        a, b = Client(first.url), Client(second.url)
        schedule_etag = b.request("GET", "/schedule")[1]["ETag"]
        assert b.request("GET", "/schedule", headers={"If-None-Match": schedule_etag})[0] == 304

        # Written through the first instance...
        status, headers, _body = a.request("POST", "/appeals/new", _appeal_form(a))
        assert status == 302
        _s, _h, receipt = a.request("GET", "/appeals/receipt")
        number = re.search(r"<strong>([A-Z]+-\d{4}-\d{6})</strong>", receipt).group(1)
        code = re.search(r'<code class="secret-code">([^<]+)</code>', receipt).group(1)
        # ...served by the second, which also stops answering 304 for a page of the older data version.
        _s, _h, form = b.request("GET", "/appeals/track")
        status, headers, _b = b.request("POST", "/appeals/track", {"csrf_token": _field(form, "csrf_token"),
                                                                   "number": number, "key": code})
        assert status == 303
        status, _h, tracked = b.request("GET", headers["Location"])
        assert status == 200 and "Streetlight on Myasnikyan street" in tracked
        assert b.request("GET", "/schedule", headers={"If-None-Match": schedule_etag})[0] == 200

        # One limit across both: 3 posts a minute from this address, wherever they land.
        statuses = []
        for client in (a, b, a, b):
            statuses.append(client.request("POST", "/appeals/new", _appeal_form(client))[0])
        assert statuses.count(302) == 2  # the first post above was the third allowed one
        assert statuses[-2:] == [429, 429]
        a.close()
        b.close()
