"""No secret and no still-valid token in any logged URL: journeys through a real HTTP server, then its access log.

Password reset, account setup, resident sign-in and support confirmation links each carry a one-time token. The
server exchanges it on arrival and shows every form at a URL without it, so whoever reads the access log (or the
browser history) later holds only spent tokens.
"""

import logging
import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from app.extensions import db
from app.outbox.models import OutboxMessage
from tests.conftest import make_app
from tests.fixtures.servers import HttpBrowser, add_appeal_world

PASSWORD = "a long passphrase for tests 7"
NEW_PASSWORD = "another long passphrase 8"


class AccessLog(logging.Handler):
    """The werkzeug server's access log lines ("GET /path HTTP/1.1" 200 -)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def served(tmp_path):
    application = make_app(tmp_path, "hashvetu_secret_links", APPEAL_MIN_FILL_SECONDS=0)
    settlement_id = add_appeal_world(application)
    log = AccessLog()
    logger = logging.getLogger("werkzeug")
    previous_level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(log)
    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield application, server.server_port, settlement_id, log
    server.shutdown()
    thread.join(timeout=10)
    logger.removeHandler(log)
    logger.setLevel(previous_level)
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _emailed_path(application, to, pattern):
    with application.app_context():
        body = db.session.scalar(select(OutboxMessage.body_text).where(OutboxMessage.to_address == to)
                                 .order_by(OutboxMessage.id.desc()))
    return re.search(r"https?://[^/\s]+(" + pattern + r"[A-Za-z0-9_.\-]+)", body).group(1)


def _csrf(browser, path):
    return browser.hidden_fields(path)["csrf_token"]


def _staff_account(application, email):
    from app.accounts.models import Role, RoleGrant, User
    from app.accounts.passwords import hash_password

    with application.app_context():
        user = User(email=email, full_name="Ani Hakobyan", password_hash=hash_password(PASSWORD))
        user.grants.append(RoleGrant(role=Role.OFFICER))
        db.session.add(user)
        db.session.commit()


def _published_proposal(application, settlement_id):
    from app.appeals.deadlines import Counting, Kind, Unit
    from app.appeals.models import Appeal, AppealEvent, AppealStatus, Publication

    received = datetime.now(UTC) - timedelta(days=1)
    with application.app_context():
        appeal = Appeal(tracking_number="TST-2026-000001", secret_hash="0" * 64, kind=Kind.PROPOSAL,
                        subject="Benches", text="Benches on the square, please.", settlement_id=settlement_id,
                        applicant_name="Anahit", due_date=received.date() + timedelta(days=15), rule_limit=15,
                        rule_unit=Unit.DAYS, rule_counting=Counting.CALENDAR, received_dt=received,
                        status=AppealStatus.RECEIVED, publication=Publication.PUBLISHED,
                        public_subject="Benches on the square", public_text="Benches, please.", allow_publish=True,
                        published_dt=received, language="hy")
        appeal.events.append(AppealEvent(status=AppealStatus.RECEIVED, created_dt=received, public=True))
        db.session.add(appeal)
        db.session.commit()
        return appeal.tracking_number


def test_no_logged_url_holds_a_secret_that_still_works(served):
    application, port, settlement_id, log = served
    _staff_account(application, "ani@example.am")
    number = _published_proposal(application, settlement_id)
    browser = HttpBrowser(port)
    emailed = []

    # A staff member resets a forgotten password.
    status, _html = browser.request("POST", "/staff/password/reset", {
        "email": "ani@example.am", "csrf_token": _csrf(browser, "/staff/password/reset")})
    assert status == 302
    emailed.append(_emailed_path(application, "ani@example.am", "/staff/password/reset/"))
    assert browser.request("GET", emailed[-1])[0] == 302
    form = browser.hidden_fields("/staff/password/new")
    status, _html = browser.request("POST", "/staff/password/new", {
        **form, "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD})
    assert status == 302

    # A resident signs in by an e-mailed link.
    status, _html = browser.request("POST", "/account/login", {
        "email": "resident@example.am", "csrf_token": _csrf(browser, "/account/login")})
    assert status == 302
    emailed.append(_emailed_path(application, "resident@example.am", "/account/login/"))
    assert browser.request("GET", emailed[-1])[0] == 302
    status, _html = browser.request("POST", "/account/login/confirm", browser.hidden_fields("/account/login/confirm"))
    assert status == 302

    # A resident supports a published proposal and confirms by the e-mailed link.
    page = f"/proposals/{number}"
    status, _html = browser.request("POST", f"{page}/support", {
        "email": "supporter@example.am", "csrf_token": _csrf(browser, page)})
    assert status == 302
    emailed.append(_emailed_path(application, "supporter@example.am", "/proposals/support/"))
    assert browser.request("GET", emailed[-1])[0] == 302
    status, _html = browser.request("POST", "/proposals/support/confirm",
                                    browser.hidden_fields("/proposals/support/confirm"))
    assert status == 302
    browser.close()

    # werkzeug colours the request line for a terminal; an access log file has none of that.
    logged = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in log.lines]
    logged = [line for line in logged if '"GET ' in line or '"POST ' in line]
    assert len(logged) >= 12
    tokens = [path.rsplit("/", 1)[1] for path in emailed]
    # Each token shows up once in the log, as the GET that spent it; no form was ever shown or sent at its URL.
    for token in tokens:
        assert [line.split('"')[1].split()[0] for line in logged if token in line] == ["GET"]
    assert not any(NEW_PASSWORD.replace(" ", "+") in line or NEW_PASSWORD in line for line in logged)
    # Whoever reads the log later, in another browser, holds nothing that works.
    stranger = HttpBrowser(port, source="127.0.0.9")
    replayed = [stranger.request("GET", path)[0] for path in emailed]
    stranger.close()
    assert replayed == [404, 404, 400]
