"""`flask send-mail`: the outbox leaves through a file or SMTP transport, retries with backoff, never twice."""

import email
import email.policy
import socket
import socketserver
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models_base import utcnow
from app.outbox.cli import send_mail
from app.outbox.models import OutboxMessage
from app.outbox.services import deliver_due, queue_email
from app.outbox.transport import FileTransport, SmtpTransport

ARMENIAN_SUBJECT = "Ձեր դիմումը ստացվել է"


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough of RFC 5321 for smtplib: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        server = self.server
        if server.mode == "unavailable":
            self.reply("421 4.3.2 Service not available, try later")
            return
        self.reply("220 test.local ESMTP")
        recipients, sender = [], None
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250-test.local\r\n250-8BITMIME\r\n250 SMTPUTF8")
            elif verb == "MAIL":
                sender, recipients = command, []
                self.reply("250 OK")
            elif verb == "RCPT":
                if server.mode == "refuse":
                    self.reply("450 4.2.1 Mailbox busy, try again later")
                else:
                    recipients.append(command.split(":", 1)[1].strip(" <>"))
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                with server.lock:
                    server.received.append((sender, recipients, b"".join(lines)))
                self.reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class LocalSmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mode="accept"):
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.mode = mode
        self.received = []
        self.lock = threading.Lock()

    @property
    def port(self):
        return self.server_address[1]


@pytest.fixture
def smtp_server():
    server = LocalSmtpServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def smtp_config(app, smtp_server, monkeypatch):
    for key, value in {"MAIL_TRANSPORT": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port,
                       "MAIL_FROM": "Hashvetu <no-reply@dilijan.example.am>", "MAIL_TIMEOUT_SECONDS": 5}.items():
        monkeypatch.setitem(app.config, key, value)
    return smtp_server


@pytest.fixture
def mail_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_FILE_FOLDER", str(tmp_path / "mail"))
    monkeypatch.setitem(app.config, "MAIL_TRANSPORT", "file")
    return tmp_path / "mail"


def queue(app, *messages):
    """Commit messages to the outbox as a sender would; return their ids."""
    with app.app_context():
        rows = [queue_email(to, subject, body) for to, subject, body in messages]
        db.session.commit()
        return [row.id for row in rows]


def fetch(session, message_id):
    session.expire_all()
    return session.get(OutboxMessage, message_id)


def run_send_mail(app, *args):
    return app.test_cli_runner().invoke(send_mail, list(args))


def test_file_transport_writes_one_eml_per_message_with_the_armenian_subject(app, session, mail_folder):
    first, second = queue(app, ("ani@example.am", ARMENIAN_SUBJECT, "Բարև, Անի։\nՀղում՝ http://x/track"),
                          ("aram@example.am", "Second", "Plain text"))
    result = run_send_mail(app)
    assert result.exit_code == 0, result.output
    assert "2 sent" in result.output
    parsed = email.message_from_bytes((mail_folder / f"{first}.eml").read_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == ARMENIAN_SUBJECT
    assert parsed["To"] == "ani@example.am"
    assert parsed["Message-ID"].startswith("<") and parsed["Date"]
    text = parsed.get_body(("plain",))
    assert text.get_content_charset() == "utf-8"
    assert "Բարև, Անի։" in text.get_content()
    assert (mail_folder / f"{second}.eml").exists()
    assert fetch(session, first).sent_dt is not None and fetch(session, first).attempts == 1
    # A second run finds nothing due and writes nothing again.
    (mail_folder / f"{first}.eml").unlink()
    assert "sent" not in run_send_mail(app).output
    assert not (mail_folder / f"{first}.eml").exists()


def test_messages_go_out_in_id_order_and_in_batches(app, session, mail_folder, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BATCH_SIZE", 2)
    ids = queue(app, *[(f"r{n}@example.am", f"Message {n}", "text") for n in range(5)])
    sent = []

    class Recording(FileTransport):
        def send(self, message):
            sent.append(message.id)

    with app.app_context():
        report = deliver_due(Recording(str(mail_folder)))
    assert sent == ids == report.sent


def test_smtp_transport_delivers_to_a_real_server(app, session, smtp_config):
    (message_id,) = queue(app, ("ani@example.am", ARMENIAN_SUBJECT, "Ձեր դիմումի համարն է DIL-2026-000001։"))
    result = run_send_mail(app)
    assert result.exit_code == 0, result.output
    ((sender, recipients, raw),) = smtp_config.received
    assert recipients == ["ani@example.am"] and "no-reply@dilijan.example.am" in sender
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == ARMENIAN_SUBJECT
    assert "DIL-2026-000001" in parsed.get_body(("plain",)).get_content()
    assert fetch(session, message_id).sent_dt is not None


def test_a_refusing_server_means_retries_with_growing_delays_then_failure(app, session, smtp_config, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    smtp_config.mode = "refuse"
    (message_id,) = queue(app, ("ani@example.am", "Busy", "text"))

    before = utcnow()
    assert run_send_mail(app).exit_code == 0
    message = fetch(session, message_id)
    assert message.sent_dt is None and message.attempts == 1 and message.state == "queued"
    assert "450" in message.last_error and "ani@example.am" in message.last_error
    assert timedelta(seconds=55) < message.next_attempt_dt - before < timedelta(minutes=2)
    # Not due yet: a run right away does not try again.
    run_send_mail(app)
    assert fetch(session, message_id).attempts == 1

    with app.app_context():
        deliver_due(SmtpTransport("127.0.0.1", smtp_config.port, timeout=5), now=utcnow() + timedelta(minutes=2))
    message = fetch(session, message_id)
    assert message.attempts == 2
    assert timedelta(minutes=4) < message.next_attempt_dt - utcnow() < timedelta(minutes=6)

    # The last allowed attempt gives up; the command says so with its exit code.
    session.execute(OutboxMessage.__table__.update().values(next_attempt_dt=utcnow() - timedelta(seconds=1)))
    session.flush()
    result = run_send_mail(app)
    assert result.exit_code == 1
    message = fetch(session, message_id)
    assert message.attempts == 3 and message.state == "failed" and message.failed_dt is not None
    assert message.next_attempt_dt is None
    assert smtp_config.received == []
    # A failed message is not tried again.
    smtp_config.mode = "accept"
    run_send_mail(app)
    assert smtp_config.received == [] and fetch(session, message_id).attempts == 3


def test_an_unreachable_server_counts_an_attempt_for_each_message(app, session, monkeypatch):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "MAIL_TRANSPORT", "smtp")
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    ids = queue(app, ("a@example.am", "One", "x"), ("b@example.am", "Two", "y"))
    result = run_send_mail(app)
    assert result.exit_code == 0 and "2 to retry" in result.output
    for message_id in ids:
        message = fetch(session, message_id)
        assert message.attempts == 1 and "cannot connect" in message.last_error and message.next_attempt_dt


def test_a_server_that_turns_clients_away_is_retried(app, session, smtp_config):
    smtp_config.mode = "unavailable"
    (message_id,) = queue(app, ("a@example.am", "One", "x"))
    run_send_mail(app)
    message = fetch(session, message_id)
    assert message.attempts == 1 and "421" in message.last_error


# --- the admin's view of the outbox -----------------------------------------------------------------------------


@pytest.fixture
def states(session):
    now = utcnow()
    rows = [
        OutboxMessage(to_address="sent@example.am", subject="Delivered", body_text="Reset: http://x/reset/SECRET1",
                      sent_dt=now, attempts=1),
        OutboxMessage(to_address="fail@example.am", subject="Given up", body_text="Reset: http://x/reset/SECRET2",
                      attempts=8, failed_dt=now, last_error="550 no such user"),
        OutboxMessage(to_address="wait@example.am", subject="Waiting", body_text="Reset: http://x/reset/SECRET3",
                      attempts=2, next_attempt_dt=now + timedelta(minutes=5), last_error="450 busy"),
    ]
    session.add_all(rows)
    session.flush()
    return rows


def test_admins_see_sent_failed_and_pending_messages(client, auth, make_user, states):
    client.set_cookie("lang", "en")
    auth.login(make_user())
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "Failed: not delivered" in page and "550 no such user" in page
    assert "Queued; next attempt" in page and "2 attempts" in page
    assert "SECRET1" in page  # the file transport (development): links can be read here


def test_once_mail_goes_out_by_smtp_the_bodies_are_hidden(app, client, auth, make_user, states, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_TRANSPORT", "smtp")
    client.set_cookie("lang", "en")
    auth.login(make_user())
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "Delivered" in page and "Given up" in page
    assert "SECRET" not in page and "/reset/" not in page


# --- two senders at once ----------------------------------------------------------------------------------------


def test_two_senders_at_once_never_send_a_message_twice(tmp_path):
    from tests.conftest import make_app

    application = make_app(tmp_path, "hashvetu_mail_race", MAIL_BATCH_SIZE=3)
    with application.app_context():
        for n in range(40):
            queue_email(f"r{n}@example.am", f"Message {n}", "text")
        db.session.commit()
        ids = db.session.scalars(select(OutboxMessage.id)).all()
    sent, lock = [], threading.Lock()

    class SlowRecorder(FileTransport):
        def send(self, message):
            time.sleep(0.005)  # keep the senders overlapping
            with lock:
                sent.append(message.id)

    from app.database import write_intent

    errors = []

    def sender():
        try:
            with application.app_context(), write_intent():
                deliver_due(SlowRecorder(str(tmp_path)))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert errors == []
        assert sorted(sent) == sorted(ids) and len(sent) == 40  # every message once, none twice
        with application.app_context():
            assert db.session.scalar(select(db.func.count()).where(OutboxMessage.sent_dt.is_(None))) == 0
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
