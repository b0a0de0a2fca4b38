"""Mail transports: how a finished email leaves the machine. Chosen by MAIL_TRANSPORT ("file" or "smtp")."""

import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from flask import current_app

from app.outbox.models import OutboxMessage


class TransportError(Exception):
    """Delivery of one message failed; the message is safe to store (it names no personal data but the address).

    `permanent` failures (a refused number, a request the gateway rejects) are given up at once: retrying them
    changes nothing.
    """

    def __init__(self, message, permanent=False):
        super().__init__(message)
        self.permanent = permanent


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The RFC 5322 email of an outbox row: UTF-8 text, its own Message-ID, dated when it was written."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject  # non-ASCII (Armenian) subjects are RFC 2047-encoded by the policy
    email["Date"] = format_datetime(message.created_dt)
    domain = sender.rpartition("@")[2].strip("> ") or "localhost"
    email["Message-ID"] = make_msgid(idstring=f"outbox.{message.id}", domain=domain)
    if message.unsubscribe_url:
        # RFC 8058 one-click unsubscribe: the mail client POSTs "List-Unsubscribe=One-Click" to this URL.
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.body_text, charset="utf-8")
    return email


class FileTransport:
    """Write each email as <id>.eml into a folder (development, and installations that relay mail otherwise)."""

    def __init__(self, folder):
        self.folder = folder

    def __enter__(self):
        os.makedirs(self.folder, exist_ok=True)
        return self

    def __exit__(self, *exc):
        return False

    def send(self, message_id: int, email: EmailMessage):
        path = os.path.join(self.folder, f"{message_id}.eml")
        temporary = f"{path}.tmp"
        try:
            with open(temporary, "wb") as fh:
                fh.write(email.as_bytes())
            os.replace(temporary, path)  # a reader never sees half a file
        except OSError as error:
            raise TransportError(f"could not write {path}: {error.strerror}") from error


class SmtpTransport:
    """Deliver through one SMTP connection per batch (implicit TLS, STARTTLS or plain on a trusted relay)."""

    def __init__(self, server, port, username=None, password=None, use_tls=False, use_starttls=False, timeout=30):
        self.server, self.port = server, port
        self.username, self.password = username, password
        self.use_tls, self.use_starttls = use_tls, use_starttls
        self.timeout = timeout
        self.connection = None

    def __enter__(self):
        try:
            if self.use_tls:
                self.connection = smtplib.SMTP_SSL(self.server, self.port, timeout=self.timeout,
                                                   context=ssl.create_default_context())
            else:
                self.connection = smtplib.SMTP(self.server, self.port, timeout=self.timeout)
                if self.use_starttls:
                    self.connection.starttls(context=ssl.create_default_context())
            if self.username:
                self.connection.login(self.username, self.password or "")
        except (OSError, smtplib.SMTPException) as error:
            self._close()
            raise TransportError(f"cannot connect to {self.server}:{self.port}: {_describe(error)}") from error
        return self

    def __exit__(self, *exc):
        self._close()
        return False

    def _close(self):
        if self.connection is not None:
            try:
                self.connection.quit()
            except (OSError, smtplib.SMTPException):
                self.connection.close()
            self.connection = None

    def send(self, message_id: int, email: EmailMessage):
        if self.connection is None:  # dropped during this batch: connect again
            self.__enter__()
        try:
            refused = self.connection.send_message(email)
        except (OSError, smtplib.SMTPException) as error:
            if isinstance(error, (OSError, smtplib.SMTPServerDisconnected)):
                self._close()
            raise TransportError(_describe(error)) from error
        if refused:
            raise TransportError(f"recipient refused: {_describe_refused(refused)}")


def _describe(error) -> str:
    """A short, storable description of an SMTP or socket error (the server's code and text)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return f"recipient refused: {_describe_refused(error.recipients)}"
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"{error.smtp_code} {text}"[:500]
    return f"{type(error).__name__}: {error}"[:500]


def _describe_refused(refused: dict) -> str:
    parts = []
    for address, (code, text) in refused.items():
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        parts.append(f"{address} {code} {text}")
    return "; ".join(parts)[:500]


def configured_transport(app=None):
    """The transport MAIL_TRANSPORT names, configured from the app's settings."""
    config = (app or current_app).config
    kind = config["MAIL_TRANSPORT"]
    if kind == "file":
        return FileTransport(config.get("MAIL_FILE_FOLDER") or os.path.join((app or current_app).instance_path, "mail"))
    if kind == "smtp":
        return SmtpTransport(config["MAIL_SERVER"], config["MAIL_PORT"], config.get("MAIL_USERNAME"),
                             config.get("MAIL_PASSWORD"), config["MAIL_USE_TLS"], config["MAIL_USE_STARTTLS"],
                             config["MAIL_TIMEOUT_SECONDS"])
    raise ValueError(f"MAIL_TRANSPORT must be 'file' or 'smtp', not {kind!r}")
