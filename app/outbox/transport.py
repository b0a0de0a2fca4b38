"""Transports: how a message of the outbox leaves the machine, one per channel.

E-mail is built in the recipient's language (app/outbox/composing.py) and goes out by SMTP, or, without SMTP
settings, is written as an .eml file under instance/mail/ (MAIL_TRANSPORT). Other channels (SMS) register their own
transport with `register_channel`; the sender hands each claimed row to the transport of its channel.

A transport is a context manager (one connection per batch) with `send(message)`, which raises TransportError when
the message did not leave: `permanent=True` when trying again cannot help (an SMTP 5xx), so the message is marked
failed at once; otherwise it is retried with backoff.
"""

import os
import smtplib
import ssl
from collections.abc import Callable

from flask import current_app

from app.outbox.composing import email_bytes, envelope_sender
from app.outbox.models import OutboxMessage


class TransportError(Exception):
    """Delivery of one message failed; the text is safe to store (it names no personal data but the address)."""

    def __init__(self, text: str, permanent: bool = False):
        super().__init__(text)
        self.permanent = permanent


class FileTransport:
    """Write each e-mail as <id>.eml into a folder (development, and installations that relay mail otherwise)."""

    def __init__(self, folder):
        self.folder = str(folder)

    def __enter__(self):
        os.makedirs(self.folder, exist_ok=True)
        return self

    def __exit__(self, *exc):
        return False

    def path_of(self, message_id: int) -> str:
        return os.path.join(self.folder, f"{message_id}.eml")

    def send(self, message: OutboxMessage):
        self.write(message.id, email_bytes(message))

    def write(self, message_id: int, data: bytes):
        path = self.path_of(message_id)
        temporary = f"{path}.tmp"
        try:
            with open(temporary, "wb") as fh:
                fh.write(data)
            os.replace(temporary, path)  # a reader never sees half a file
        except OSError as error:
            raise TransportError(f"could not write {path}: {error.strerror}") from error


class SmtpTransport:
    """Deliver through one SMTP connection per batch: implicit TLS, STARTTLS, or plain on a trusted relay.

    TLS certificates are verified against the system's CAs, or against `ca_file` for a relay with a private CA.
    """

    def __init__(self, server, port, username=None, password=None, use_tls=False, use_starttls=False, timeout=30,
                 ca_file=None):
        self.server, self.port = server, port
        self.username, self.password = username, password
        self.use_tls, self.use_starttls = use_tls, use_starttls
        self.timeout = timeout
        self.ca_file = ca_file
        self.connection = None

    def _tls_context(self):
        return ssl.create_default_context(cafile=self.ca_file or None)

    def __enter__(self):
        try:
            if self.use_tls:
                self.connection = smtplib.SMTP_SSL(self.server, self.port, timeout=self.timeout,
                                                   context=self._tls_context())
            else:
                self.connection = smtplib.SMTP(self.server, self.port, timeout=self.timeout)
                if self.use_starttls:
                    self.connection.starttls(context=self._tls_context())
            if self.username:
                self.connection.login(self.username, self.password or "")
        except (OSError, smtplib.SMTPException) as error:
            # Not the message's fault (server down, TLS or password wrong): retried, so fixing the settings delivers.
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

    def send(self, message: OutboxMessage):
        if self.connection is None:  # dropped during this batch: connect again
            self.__enter__()
        data = email_bytes(message)
        try:
            refused = self.connection.sendmail(envelope_sender(), [message.to_address], data)
        except (OSError, smtplib.SMTPException) as error:
            if isinstance(error, (OSError, smtplib.SMTPServerDisconnected)):
                self._close()
            elif not isinstance(error, smtplib.SMTPRecipientsRefused):
                self._reset()
            raise TransportError(_describe(error), permanent=_is_permanent(error)) from error
        if refused:
            raise TransportError(f"recipient refused: {_describe_refused(refused)}",
                                 permanent=all(code >= 500 for code, _text in refused.values()))

    def _reset(self):
        try:
            self.connection.rset()
        except (OSError, smtplib.SMTPException):
            self._close()


def _is_permanent(error) -> bool:
    """A 5xx reply means the server will not take this message however often it is tried (RFC 5321, 4.2.1)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


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


def mail_folder(app=None) -> str:
    """Where the file transport writes .eml files: MAIL_FILE_FOLDER, else instance/mail."""
    app = app or current_app
    return app.config.get("MAIL_FILE_FOLDER") or os.path.join(app.instance_path, "mail")


def mail_is_configured(app=None) -> bool:
    """True when e-mail really leaves the machine (SMTP); False when it is written to files for development."""
    return (app or current_app).config["MAIL_TRANSPORT"] == "smtp"


def channel_is_configured(channel: str, app=None) -> bool:
    """True when messages of `channel` really leave (SMTP, an SMS gateway); False when written to files."""
    config = (app or current_app).config
    if channel == "email":
        return mail_is_configured(app)
    return config.get(f"{channel.upper()}_TRANSPORT", "file") != "file"


def email_transport(app):
    """The e-mail transport MAIL_TRANSPORT names, configured from the app's settings."""
    config = app.config
    kind = config["MAIL_TRANSPORT"]
    if kind == "file":
        return FileTransport(mail_folder(app))
    if kind == "smtp":
        return SmtpTransport(config["MAIL_SERVER"], config["MAIL_PORT"], config.get("MAIL_USERNAME"),
                             config.get("MAIL_PASSWORD"), config["MAIL_USE_TLS"], config["MAIL_USE_STARTTLS"],
                             config["MAIL_TIMEOUT_SECONDS"], config.get("MAIL_TLS_CA_FILE"))
    raise ValueError(f"MAIL_TRANSPORT must be 'file' or 'smtp', not {kind!r}")


# channel -> factory(app) returning a fresh transport; the sender delivers the rows of each registered channel.
_CHANNELS: dict[str, Callable] = {"email": email_transport}


def register_channel(name: str, factory: Callable) -> None:
    """Let the sender deliver outbox rows of `channel=name` through `factory(app)` (called from an init_app)."""
    _CHANNELS[name] = factory


def channels() -> list[str]:
    return list(_CHANNELS)


def transport_for(channel: str, app=None):
    """A new transport for the channel's rows."""
    return _CHANNELS[channel](app or current_app._get_current_object())


def configured_transport(app=None):
    """The e-mail transport (kept for callers that deliver e-mail alone)."""
    return transport_for("email", app)
