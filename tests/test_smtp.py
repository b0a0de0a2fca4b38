"""Mail done properly, against a real SMTP server (aiosmtpd): STARTTLS, AUTH, 4xx/5xx, headers, alternatives, DKIM."""

import base64
import email
import email.policy
import socket
import ssl
import subprocess
from datetime import timedelta

import dkim
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select

from app.extensions import db
from app.models_base import utcnow
from app.outbox.models import OutboxMessage
from app.outbox.services import deliver_all, queue_email

ARMENIAN = "Ձեր դիմումը ստացվել է"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """The aiosmtpd handler: records each accepted message; `rcpt_reply` makes it refuse recipients."""

    def __init__(self):
        self.received = []
        self.rcpt_reply = None
        self.sessions = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope)
        self.sessions.append({"tls": session.ssl is not None, "auth": session.authenticated})
        return "250 Message accepted for delivery"

    def parsed(self, index=-1):
        return email.message_from_bytes(self.received[index].content, policy=email.policy.default)


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"mailer", b"s3cret")
    return AuthResult(success=ok, handled=False)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1, made for this test run."""
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem"), "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], check=True, capture_output=True)
    return folder / "cert.pem", folder / "key.pem"


@pytest.fixture
def smtp(app, monkeypatch):
    """A plain aiosmtpd server on a free port, and the app configured to send through it."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    for key, value in {"MAIL_TRANSPORT": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": controller.port,
                       "MAIL_FROM": "Hashvetu <no-reply@dilijan.example.am>", "MAIL_TIMEOUT_SECONDS": 5}.items():
        monkeypatch.setitem(app.config, key, value)
    yield mailbox
    controller.stop()


@pytest.fixture
def secure_smtp(app, monkeypatch, certificate):
    """A server that requires STARTTLS and then AUTH (mailer / s3cret)."""
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), tls_context=context,
                            require_starttls=True, authenticator=authenticator, auth_required=True,
                            auth_require_tls=True)
    controller.start()
    for key_, value in {"MAIL_TRANSPORT": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": controller.port,
                        "MAIL_USE_STARTTLS": True, "MAIL_TLS_CA_FILE": str(cert), "MAIL_USERNAME": "mailer",
                        "MAIL_PASSWORD": "s3cret", "MAIL_FROM": "Hashvetu <no-reply@dilijan.example.am>",
                        "MAIL_TIMEOUT_SECONDS": 5}.items():
        monkeypatch.setitem(app.config, key_, value)
    yield mailbox
    controller.stop()


def queue(app, to="ani@example.am", subject="Subject", body="Body", **kwargs):
    with app.app_context():
        message = queue_email(to, subject, body, **kwargs)
        db.session.commit()
        return message.id


def deliver(app, now=None):
    with app.app_context():
        return deliver_all(now=now)


def fetch(session, message_id):
    session.expire_all()
    return session.get(OutboxMessage, message_id)


def test_starttls_and_auth_when_configured(app, session, secure_smtp):
    message_id = queue(app)
    deliver(app)
    assert secure_smtp.sessions == [{"tls": True, "auth": True}]
    assert secure_smtp.received[0].rcpt_tos == ["ani@example.am"]
    assert fetch(session, message_id).state == "sent"


def test_a_wrong_smtp_password_keeps_mail_queued_and_says_why(app, session, secure_smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_PASSWORD", "wrong")
    message_id = queue(app)
    deliver(app)
    message = fetch(session, message_id)
    assert secure_smtp.received == []
    assert message.state == "queued" and message.attempts == 1 and "535" in message.last_error


def test_an_untrusted_certificate_is_refused(app, session, secure_smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_TLS_CA_FILE", None)  # the self-signed certificate is not a system CA
    message_id = queue(app)
    deliver(app)
    assert secure_smtp.received == []
    assert "CERTIFICATE_VERIFY_FAILED" in fetch(session, message_id).last_error


def test_a_temporary_refusal_is_retried_later_and_then_delivered(app, session, smtp):
    smtp.rcpt_reply = "450 4.2.1 Mailbox busy, try again later"
    message_id = queue(app)
    deliver(app)
    message = fetch(session, message_id)
    assert message.state == "queued" and message.attempts == 1 and message.last_error.startswith("recipient")
    assert "450" in message.last_error
    assert timedelta(seconds=50) < message.next_attempt_dt - utcnow() < timedelta(minutes=2)

    smtp.rcpt_reply = None
    deliver(app)  # not due yet
    assert smtp.received == []
    deliver(app, now=utcnow() + timedelta(minutes=2))
    message = fetch(session, message_id)
    assert message.state == "sent" and message.attempts == 2 and len(smtp.received) == 1


def test_a_permanent_refusal_is_marked_failed_at_once(app, session, smtp):
    smtp.rcpt_reply = "550 5.1.1 No such user here"
    message_id = queue(app)
    report = deliver(app)
    message = fetch(session, message_id)
    assert report.gave_up == [message_id]
    assert message.state == "failed" and message.attempts == 1 and "550 5.1.1 No such user" in message.last_error
    assert message.next_attempt_dt is None
    deliver(app, now=utcnow() + timedelta(days=1))  # never tried again by itself
    assert fetch(session, message_id).attempts == 1


def test_headers_mail_providers_expect(app, session, smtp):
    message_id = queue(app, subject=ARMENIAN, body="Բարև", language="hy")
    deliver(app)
    mail = smtp.parsed()
    assert mail["Message-ID"].startswith(f"<hashvetu.{message_id}.") and mail["Message-ID"].endswith(
        "@dilijan.example.am>")
    assert email.utils.parsedate_to_datetime(mail["Date"]).tzinfo is not None
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["Subject"] == ARMENIAN
    assert mail["Content-Language"] == "hy"
    assert "List-Unsubscribe" not in mail  # only subscription mail carries it
    assert smtp.received[0].mail_from == "no-reply@dilijan.example.am"


def test_plain_text_and_html_alternatives_in_the_recipients_language(app, session, smtp):
    body = "Բարև, Անի։\n\nՁեր դիմումը՝ https://dilijan.example.am/appeals/track?number=DIL-1 <b>bold</b>"
    queue(app, subject=ARMENIAN, body=body, language="hy")
    deliver(app)
    mail = smtp.parsed()
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Բարև, Անի։" in text and "Բարև, Անի։" in html
    assert '<html lang="hy">' in html
    assert '<a href="https://dilijan.example.am/appeals/track?number=DIL-1">' in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html  # text is escaped, never markup


def test_subscription_mail_carries_one_click_unsubscribe(app, session, smtp):
    link = "https://dilijan.example.am/subscriptions/unsubscribe/TOKEN"
    queue(app, headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    deliver(app)
    mail = smtp.parsed()
    assert mail["List-Unsubscribe"] == f"<{link}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.fixture(scope="module")
def dkim_keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dkim")
    private = folder / "dkim.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(private), "2048"], check=True, capture_output=True)
    public_der = subprocess.run(["openssl", "rsa", "-in", str(private), "-pubout", "-outform", "DER"],
                                check=True, capture_output=True).stdout
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public_der)
    return private, record


def test_mail_is_dkim_signed_when_a_key_is_configured(app, session, smtp, dkim_keys, monkeypatch):
    private, record = dkim_keys
    monkeypatch.setitem(app.config, "DKIM_PRIVATE_KEY_FILE", str(private))
    monkeypatch.setitem(app.config, "DKIM_SELECTOR", "hashvetu")
    queue(app, subject=ARMENIAN, body="Բարև",
          headers={"List-Unsubscribe": "<https://dilijan.example.am/u/T>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    deliver(app)
    raw = smtp.received[0].content
    lookups = []

    def dns(name, timeout=5):
        lookups.append(name)
        return record

    assert dkim.verify(raw, dnsfunc=dns)
    assert lookups == [b"hashvetu._domainkey.dilijan.example.am."]
    signature = email.message_from_bytes(raw, policy=email.policy.default)["DKIM-Signature"]
    signed = signature.split("h=")[1].split(";")[0].replace(" ", "").lower().split(":")
    assert {"from", "subject", "list-unsubscribe", "list-unsubscribe-post"} <= set(signed)
    # A changed message no longer verifies.
    assert not dkim.verify(raw.replace(b"List-Unsubscribe: <https://dilijan", b"List-Unsubscribe: <https://evil"),
                           dnsfunc=dns)


def test_without_a_key_mail_is_not_signed(app, session, smtp):
    queue(app)
    deliver(app)
    assert "DKIM-Signature" not in smtp.parsed()


def test_two_workers_sending_to_one_server_deliver_each_message_once(tmp_path):
    """Two concurrent senders (threads with their own sessions and connections) against a real SMTP server."""
    import threading

    from app.database import write_intent
    from tests.conftest import make_app

    smtp = Mailbox()
    controller = Controller(smtp, hostname="127.0.0.1", port=free_port())
    controller.start()
    application = make_app(tmp_path, "hashvetu_smtp_race", MAIL_BATCH_SIZE=2, MAIL_TRANSPORT="smtp",
                           MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_TIMEOUT_SECONDS=5,
                           MAIL_FROM="Hashvetu <no-reply@dilijan.example.am>")
    try:
        with application.app_context():
            for n in range(30):
                queue_email(f"r{n}@example.am", f"Message {n}", "text")
            db.session.commit()
        errors = []

        def sender():
            try:
                with application.app_context(), write_intent():
                    deliver_all()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        recipients = sorted(r for envelope in smtp.received for r in envelope.rcpt_tos)
        assert recipients == sorted(f"r{n}@example.am" for n in range(30))  # each once
        with application.app_context():
            assert db.session.scalars(select(OutboxMessage.sent_dt).where(OutboxMessage.sent_dt.is_(None))).all() == []
    finally:
        controller.stop()
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
