"""Reads for residents: who is signed in, their sign-in links, and their appeals."""

import hashlib
import hmac
import time

from flask import abort, current_app, has_request_context, session
from sqlalchemy import func, select

from app.appeals.models import Appeal
from app.extensions import db
from app.models_base import utcnow
from app.residents.models import ResidentSignInToken

# The resident's session lives in its own keys, apart from Flask-Login's staff session: a resident is never
# `current_user`, so the staff area (closed by default) stays closed to them.
SESSION_EMAIL = "resident_email"
SESSION_PHONE = "resident_phone"  # E.164, for applicants who gave only a phone number (signed in by an SMS code)
SESSION_SINCE = "resident_since"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def current_resident_email() -> str | None:
    """The verified email address of the signed-in resident (lower-cased), or None."""
    who = current_resident()
    return who if who and "@" in who else None


def current_resident() -> str | None:
    """Who the signed-in resident is: a verified email address (lower-cased) or phone number (E.164), or None."""
    if not has_request_context():
        return None
    who, since = session.get(SESSION_EMAIL) or session.get(SESSION_PHONE), session.get(SESSION_SINCE)
    if not isinstance(who, str) or not isinstance(since, int):
        return None
    if time.time() - since > current_app.config["RESIDENT_SESSION_HOURS"] * 3600:
        return None
    return who


def hash_phone_code(phone: str, code: str) -> str:
    """Keyed: six digits are few, so a copy of the table alone must not reveal a code by trying them all."""
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def phone_has_appeals(phone: str) -> bool:
    return db.session.scalar(select(func.count(Appeal.id)).where(_by_phone(phone))) > 0


def _by_phone(phone: str):
    """Appeals sent with this number, whether stored in E.164 or (older ones) as typed: +374 91 23-45-67, 091..."""
    digits = Appeal.applicant_phone
    for character in (" ", "-", "(", ")", "."):
        digits = func.replace(digits, character, "")
    national = "0" + phone[4:] if phone.startswith("+374") else phone
    return digits.in_([phone, national, phone.lstrip("+"), "00" + phone.lstrip("+")])


def find_usable_token(token: str) -> ResidentSignInToken | None:
    """The unused, unexpired sign-in link with this token, or None."""
    if not token or len(token) > 100:
        return None
    found = db.session.scalar(select(ResidentSignInToken).where(ResidentSignInToken.token_hash == hash_token(token)))
    if found is None or found.used_dt is not None or found.expires_dt <= utcnow():
        return None
    return found


def _mine(who: str):
    """Appeals of a verified email address, or of a verified phone number (E.164 never holds an "@")."""
    if "@" not in who:
        return _by_phone(who)
    return func.lower(Appeal.applicant_email) == who.lower()


def list_my_appeals(email: str) -> list[Appeal]:
    """The appeals sent with this address (compared case-insensitively), newest first."""
    return list(db.session.scalars(
        select(Appeal).where(_mine(email)).order_by(Appeal.received_dt.desc(), Appeal.id.desc())))


def get_my_appeal_or_404(number: str, email: str) -> Appeal:
    """The appeal with this number if it was sent with this address; the same 404 otherwise."""
    appeal = db.session.scalar(select(Appeal).where(Appeal.tracking_number == number.strip().upper(), _mine(email)))
    if appeal is None:
        abort(404)
    return appeal
