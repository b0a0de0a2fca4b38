"""Submissions the resilience checks make like a resident would: open the form, fill it in, post it, read the
receipt. Each returns the acknowledged key (e.g. the tracking number) or None; `stored` finds them afterwards.
Comments join this list once they exist (see SUBMITTERS)."""

import http.client
import re
import secrets
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie

NUMBER = re.compile(r"\b[A-Z]{2,10}-\d{4}-\d{6}\b")


class Client:
    """One visitor: keep-alive connection, cookies, a fixed source address on the loopback network."""

    def __init__(self, base, source="127.0.0.1", timeout=15):
        parts = urllib.parse.urlsplit(base)
        if parts.hostname not in ("127.0.0.1", "localhost"):
            raise ValueError("only 127.0.0.1")
        self.host, self.port, self.source, self.timeout = parts.hostname, parts.port, source, timeout
        self.cookies = {}
        self.conn = None

    def _conn(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout,
                                                   source_address=(self.source, 0))
        return self.conn

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None and not isinstance(body, bytes):
            body = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn = self._conn()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, response.headers, data.decode("utf-8", "replace")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _field(html, name):
    m = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(rf'value="([^"]*)"[^>]*name="{name}"', html)
    return m.group(1) if m else ""


def _first_option(html, name):
    block = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    values = re.findall(r'<option[^>]*value="([^"]+)"', block.group(1)) if block else []
    return values[0] if values else ""


@dataclass
class Ack:
    kind: str
    key: str
    email: str


def submit_appeal(client: Client):
    """Post one appeal through the public form; the acknowledgement is the number on the receipt page."""
    status, _h, html = client.request("GET", "/appeals/new")
    if status != 200:
        return status, None
    email = f"load-{secrets.token_hex(6)}@example.invalid"
    form = {
        "csrf_token": _field(html, "csrf_token"), "started": _field(html, "started"), "kind": "application",
        "subject": "Load test appeal", "text": "Written by make resilience.",
        "settlement_id": _first_option(html, "settlement_id"),
        "addressee": "municipality", "applicant_name": "Load Tester", "applicant_email": email, "website": "",
    }
    status, headers, _body = client.request("POST", "/appeals/new", form)
    if status != 302:
        return status, None
    location = urllib.parse.urlsplit(headers.get("Location", "/appeals/receipt")).path
    status, _h, receipt = client.request("GET", location)
    m = NUMBER.search(receipt)
    return status, (Ack("appeal", m.group(0), email) if status == 200 and m else None)


# What the load mixes in as 10% of its requests; add comments here when they exist.
SUBMITTERS = [submit_appeal]


def stored(conn, acks):
    """(missing, duplicated, without outbox email) among acknowledged submissions, checked in the database."""
    from sqlalchemy import text

    missing, duplicated, no_mail = [], [], []
    for ack in acks:
        if ack.kind == "appeal":
            n = conn.execute(text("SELECT count(*) FROM appeal WHERE tracking_number = :n"), {"n": ack.key}).scalar()
            mails = conn.execute(text("SELECT count(*) FROM outbox_message WHERE to_address = :e"),
                                 {"e": ack.email}).scalar()
        else:
            continue
        if n == 0:
            missing.append(ack.key)
        elif n > 1:
            duplicated.append(ack.key)
        if mails != 1:
            no_mail.append(ack.key)
    return missing, duplicated, no_mail
