"""200 residents submitting at once through a real HTTP server: every appeal gets its own number and its email."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from app.appeals.models import Appeal
from app.extensions import db
from app.outbox.models import OutboxMessage
from tests.conftest import make_app
from tests.fixtures.servers import HttpBrowser, add_appeal_world, appeal_form

SUBMISSIONS = 200
THREADS = 20


@pytest.fixture
def served(tmp_path):
    """The app on its own database (a SQLite file, or a PostgreSQL schema under TEST_DATABASE_URL), served by a
    threaded werkzeug server on 127.0.0.1, with the per-IP limits raised: every request here comes from one IP. On
    SQLite, writers queue for the lock as long as a busy machine needs, never failing for want of time."""
    application = make_app(tmp_path, "hashvetu_concurrency", APPEAL_LIMITS_PER_IP="10000 per minute",
                           APPEAL_MIN_FILL_SECONDS=0, SQLITE_BUSY_TIMEOUT_MS=300_000)
    settlement_id = add_appeal_world(application)
    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield application, server.server_port, settlement_id
    server.shutdown()
    thread.join(timeout=10)
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def test_concurrent_submissions_each_get_a_distinct_number_and_an_email(served):
    application, port, settlement_id = served

    def resident(batch):
        browser = HttpBrowser(port)
        try:
            # Each submission comes from a freshly opened form: a form's fill-time stamp is good for one submission.
            return [browser.request("POST", "/appeals/new",
                                    appeal_form(browser.hidden_fields("/appeals/new"), settlement_id, n))[0]
                    for n in batch]
        finally:
            browser.close()

    batches = [range(t, SUBMISSIONS, THREADS) for t in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        statuses = [status for result in pool.map(resident, batches) for status in result]

    assert statuses == [302] * SUBMISSIONS  # every one redirected to its receipt: no error, no refusal
    with application.app_context():
        numbers = db.session.scalars(select(Appeal.tracking_number)).all()
        assert len(numbers) == SUBMISSIONS and len(set(numbers)) == SUBMISSIONS
        assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, SUBMISSIONS + 1))
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == SUBMISSIONS
        emailed = set(db.session.scalars(select(OutboxMessage.to_address)))
        assert emailed == {f"ani{n}@example.am" for n in range(SUBMISSIONS)}
