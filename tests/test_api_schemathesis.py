"""Property-based testing of /api/v1 with schemathesis against a live server: every operation, every check."""

import os
import subprocess
import sys
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app.extensions import db
from tests.conftest import make_app

# A slow real-server smoke test (schemathesis against a live server): `make test` runs it once, on PostgreSQL.
pytestmark = pytest.mark.once

ST = Path(sys.executable).parent / "st"
# Bounded so that the whole run stays well under a minute on a shared two-core machine.
MAX_EXAMPLES = "6"


@pytest.fixture(scope="module")
def api_server(tmp_path_factory):
    """The demo community with one published proposal, served on 127.0.0.1 by werkzeug in a thread."""
    from zoneinfo import ZoneInfo

    from app.appeals.deadlines import Counting, Kind, Unit
    from app.appeals.models import Appeal, Publication
    from app.community.models import Settlement
    from app.demo.seed import seed_demo_data

    application = make_app(tmp_path_factory.mktemp("st"), "hashvetu_st")
    with application.app_context():
        seed_demo_data(datetime.now(ZoneInfo("Asia/Yerevan")).date())
        settlement = db.session.scalars(db.select(Settlement)).first()
        db.session.add(Appeal(
            tracking_number="ST-2026-000001", secret_hash="0" * 64, kind=Kind.PROPOSAL, subject="s", text="t",
            settlement_id=settlement.id, applicant_name="n", due_date=datetime.now(timezone.utc).date(),
            rule_limit=15, rule_unit=Unit.DAYS, rule_counting=Counting.CALENDAR, publication=Publication.PUBLISHED,
            public_subject="A published proposal", public_text="Its anonymised text.",
            published_dt=datetime.now(timezone.utc)))
        db.session.commit()
    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    with application.app_context():
        db.engine.dispose()


def test_schemathesis_finds_no_server_error_and_no_schema_violation(api_server, tmp_path):
    command = [
        str(ST), "run", f"{api_server}/api/v1/openapi.json",
        "--checks", "all", "--exclude-checks", "ignored_auth,object_level_authorization",
        "--max-examples", MAX_EXAMPLES, "--workers", "2", "--seed", "20261126", "--request-timeout", "20",
        "--max-failures", "5",
    ]
    env = {**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_HOOKS": ""}
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "13 passed" in output or "Tested: 13" in output, output[-3000:]
    assert " failed" not in output.split("SUMMARY")[-1], output[-3000:]
