"""The production server's access log never holds an appeal's access code or a still-valid e-mailed link token."""

import json
import re

import pytest
import sqlalchemy as sa

from bench import server
from bench.submitters import Client, _field, _first_option

# Always on its own SQLite file, whatever the database under test: `make test` runs it once, in the PostgreSQL pass.
pytestmark = pytest.mark.once


def test_the_access_log_holds_no_code_and_no_valid_token(tmp_path):
    database = f"sqlite:///{tmp_path / 'log.sqlite3'}"
    env = server.base_env(database, UPLOAD_FOLDER=str(tmp_path / "uploads"))
    server.flask(["db", "upgrade"], env, capture_output=True)
    server.flask(["bench-data", "--actions", "5", "--reports", "1", "--appeals", "2",
                  "--credentials", str(tmp_path / "creds.json")], env, capture_output=True)
    log = tmp_path / "access.log"
    config = json.dumps({"APPEAL_MIN_FILL_SECONDS": 0})
    with server.Gunicorn(database, workers=1, app="bench.wsgi_bench:app", BENCH_APP_CONFIG=config,
                         ACCESS_LOG=str(log), UPLOAD_FOLDER=str(tmp_path / "uploads")) as gunicorn:
        resident = Client(gunicorn.url)
        _s, _h, html = resident.request("GET", "/appeals/new?lang=en")
        form = {"csrf_token": _field(html, "csrf_token"), "started": _field(html, "started"), "kind": "complaint",
                "subject": "Broken bench", "text": "The bench by the school is broken.",
                "settlement_id": _first_option(html, "settlement_id"), "addressee": "municipality",
                "applicant_name": "Log Reader", "applicant_email": "log.reader@example.invalid", "website": ""}
        assert resident.request("POST", "/appeals/new", form)[0] == 302
        _s, _h, receipt = resident.request("GET", "/appeals/receipt")
        number = re.search(r"<strong>([A-Z]+-\d{4}-\d{6})</strong>", receipt).group(1)
        code = re.search(r'<code class="secret-code">([^<]+)</code>', receipt).group(1)
        assert resident.request("GET", "/appeals/receipt.pdf")[0] == 200

        # Another browser: the code typed into the tracking form (a mistake first), then the e-mailed link.
        other = Client(gunicorn.url)
        _s, _h, html = other.request("GET", "/appeals/track")
        token = _field(html, "csrf_token")
        assert other.request("POST", "/appeals/track", {"csrf_token": token, "number": number,
                                                        "key": "2222-3333-444"})[0] == 404
        status, headers, _b = other.request("POST", "/appeals/track", {"csrf_token": token, "number": number,
                                                                       "key": code.lower()})
        assert status == 303
        assert other.request("GET", headers["Location"])[0] == 200
        engine = sa.create_engine(database)
        with engine.connect() as conn:
            body = conn.execute(sa.text("SELECT body_text FROM outbox_message WHERE to_address = :a"),
                                {"a": "log.reader@example.invalid"}).scalar_one()
        link = re.search(r"https?://[^/\s]+(/appeals/track/link/\S+)", body).group(1)
        third = Client(gunicorn.url)
        assert third.request("GET", link)[0] == 303
        for client in (resident, other, third):
            client.close()
    text = log.read_text()
    assert "/appeals/track/link/" in text and number in text  # the log was written, with these requests in it
    for secret in (code, code.replace("-", ""), code.lower(), code.replace("-", "").lower()):
        assert secret not in text
    # The only token in the log has been used: it opens nothing any more.
    with engine.connect() as conn:
        used = conn.execute(sa.text("SELECT used_dt FROM appeal_link_token")).scalars().all()
    assert used and all(u is not None for u in used)
