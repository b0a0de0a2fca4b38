"""The e-mail of an outbox row: headers mail providers expect, text and HTML alternatives, a DKIM signature."""

import os
import re
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr, parseaddr

from flask import current_app
from markupsafe import Markup, escape

# Headers the DKIM signature covers when present (RFC 6376 5.4.1; RFC 8058 asks that List-Unsubscribe and
# List-Unsubscribe-Post be signed, so a forwarder cannot change where a one-click unsubscribe goes).
SIGNED_HEADERS = ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Language",
                  "Auto-Submitted", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Id", "Reply-To")

_WIRE = compat32.clone(linesep="\r\n", max_line_length=78)
_URL = re.compile(r"https?://[^\s<>\"']+")


def envelope_sender() -> str:
    """The bare address of MAIL_FROM (the SMTP envelope's MAIL FROM)."""
    return parseaddr(current_app.config["MAIL_FROM"])[1]


def sender_domain() -> str:
    return envelope_sender().rpartition("@")[2] or "localhost"


def message_id(message) -> str:
    """Stable for a row, so a message retried after an unrecorded success can be recognised as the same one."""
    stamp = int(message.created_dt.timestamp()) if message.created_dt else 0
    return f"<hashvetu.{message.id}.{stamp}@{sender_domain()}>"


def html_from_text(text: str, language: str | None) -> str:
    """A plain HTML rendering of a text e-mail: paragraphs, line breaks, links made clickable, everything escaped."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        escaped = str(escape(block))
        linked = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        paragraphs.append("<p>" + linked.replace("\n", "<br>\n") + "</p>")
    lang = f' lang="{escape(language)}"' if language else ""
    return (f"<!DOCTYPE html>\n<html{lang}>\n<head><meta charset=\"utf-8\"></head>\n"
            f"<body style=\"font-family: sans-serif; line-height: 1.5; max-width: 40em\">\n"
            + "\n".join(paragraphs) + "\n</body>\n</html>\n")


def build_email(message) -> Message:
    """The RFC 5322 e-mail of an outbox row: UTF-8 text with an HTML alternative, dated when it was written.

    Built with the compat32 MIME classes: they write the same standard message as EmailMessage but without its
    header parsing, several times faster, which is what lets one sender deliver hundreds of messages a second.
    """
    config = current_app.config
    html = message.body_html or html_from_text(message.body_text, message.language)
    mail = MIMEMultipart("alternative")
    mail.attach(MIMEText(message.body_text, "plain", "utf-8"))
    mail.attach(MIMEText(str(Markup(html)), "html", "utf-8"))  # noqa: S704 - rendered by autoescaping Jinja
    name, address = parseaddr(config["MAIL_FROM"])
    mail["From"] = formataddr((name, address), charset="utf-8")
    mail["To"] = message.to_address
    mail["Subject"] = Header(message.subject, "utf-8")  # non-ASCII (Armenian) subjects are RFC 2047-encoded
    mail["Date"] = format_datetime(message.created_dt)
    mail["Message-ID"] = message_id(message)
    # RFC 3834: an automatic message; auto-responders (out of office) do not answer it.
    mail["Auto-Submitted"] = "auto-generated"
    if message.language:
        mail["Content-Language"] = message.language
    for header, value in (message.headers or {}).items():
        mail[header] = value
    return mail


def email_bytes(message) -> bytes:
    """The e-mail as sent (CRLF line ends), DKIM-signed when a key is configured."""
    data = build_email(message).as_bytes(policy=_WIRE)
    key = dkim_private_key()
    if key is None:
        return data
    import dkim

    config = current_app.config
    signed = [h.encode() for h in SIGNED_HEADERS]
    domain = (config.get("DKIM_DOMAIN") or sender_domain()).encode()
    signature = dkim.sign(data, config["DKIM_SELECTOR"].encode(), domain, key, include_headers=signed)
    return signature + data


def dkim_private_key() -> bytes | None:
    """The PEM key from DKIM_PRIVATE_KEY, or from the file DKIM_PRIVATE_KEY_FILE (instance/dkim.pem); None: unsigned."""
    config = current_app.config
    if config.get("DKIM_PRIVATE_KEY"):
        return config["DKIM_PRIVATE_KEY"].encode()
    path = config.get("DKIM_PRIVATE_KEY_FILE")
    if not path:
        return None
    if not os.path.isabs(path):
        path = os.path.join(current_app.instance_path, path)
    with open(path, "rb") as fh:
        return fh.read()
