"""Writes for residents: sending a sign-in link and using it once. Each use case commits once."""

import hmac
import secrets
import time
from datetime import timedelta

from flask import current_app, session
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from app.accounts.models import normalize_email
from app.extensions import db
from app.models_base import utcnow
from app.outbox.models import OutboxMessage
from app.outbox.services import queue_email
from app.residents.models import ResidentPhoneCode, ResidentSignInToken
from app.residents.queries import (
    SESSION_EMAIL,
    SESSION_PHONE,
    SESSION_SINCE,
    hash_phone_code,
    hash_token,
    phone_has_appeals,
)
from app.sms.services import queue_sms
from app.urls import external_url


def send_sign_in_link(email: str, language: str) -> OutboxMessage:
    """Queue a one-time sign-in link to `email` (whether or not it sent appeals: the answer reveals nothing); return
    the queued e-mail, whose state the sign-in page shows."""
    email = normalize_email(email)
    token = secrets.token_urlsafe(32)
    minutes = current_app.config["RESIDENT_LINK_MINUTES"]
    db.session.add(ResidentSignInToken(email=email, token_hash=hash_token(token),
                                       expires_dt=utcnow() + timedelta(minutes=minutes)))
    link = external_url("residents.exchange", token=token)
    with force_locale(language):
        subject = _("Your sign-in link")
        body = _("Someone (we hope you) asked to see the appeals sent with this address.\n\n"
                 "Open this link within %(minutes)d minutes to sign in; it works once:\n%(link)s\n\n"
                 "If it was not you, ignore this email: nothing happens without the link.\n",
                 minutes=minutes, link=link)
    message = queue_email(email, subject, body, language=language)
    db.session.commit()
    return message


def exchange_sign_in_token(found: ResidentSignInToken) -> str:
    """Spend the link's token by storing a new one in its place (same expiry); return the new one."""
    fresh = secrets.token_urlsafe(32)
    found.token_hash = hash_token(fresh)
    db.session.commit()
    return fresh


def use_sign_in_link(token: str) -> str | None:
    """Spend the link: return its verified address, or None if it is unknown, expired or already used.

    One conditional UPDATE spends it, so two clicks racing each other cannot both sign in.
    """
    now = utcnow()
    email = db.session.scalar(
        update(ResidentSignInToken)
        .where(ResidentSignInToken.token_hash == hash_token(token), ResidentSignInToken.used_dt.is_(None),
               ResidentSignInToken.expires_dt > now)
        .values(used_dt=now)
        .returning(ResidentSignInToken.email)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return email


def start_resident_session(email: str) -> None:
    """Sign the resident in; a staff login in the same browser is left alone (it lives in other keys)."""
    session.pop(SESSION_PHONE, None)
    session[SESSION_EMAIL] = normalize_email(email)
    session[SESSION_SINCE] = int(time.time())


def start_phone_session(phone: str) -> None:
    """Sign in a phone-only applicant by the number their code was sent to."""
    session.pop(SESSION_EMAIL, None)
    session[SESSION_PHONE] = phone
    session[SESSION_SINCE] = int(time.time())


def end_resident_session() -> None:
    session.pop(SESSION_EMAIL, None)
    session.pop(SESSION_PHONE, None)
    session.pop(SESSION_SINCE, None)


def send_phone_code(phone: str, language: str) -> None:
    """Text a one-time code to `phone` (E.164) if appeals were sent with it; other numbers get nothing.

    The page says the same either way, so it tells nobody which numbers wrote appeals; and no SMS is paid for a
    number that never wrote. A new code voids the number's earlier unused ones.
    """
    if not phone_has_appeals(phone):
        return
    now = utcnow()
    db.session.execute(update(ResidentPhoneCode).where(ResidentPhoneCode.phone == phone,
                                                       ResidentPhoneCode.used_dt.is_(None))
                       .values(used_dt=now).execution_options(synchronize_session=False))
    code = f"{secrets.randbelow(1_000_000):06d}"
    minutes = current_app.config["PHONE_CODE_MINUTES"]
    db.session.add(ResidentPhoneCode(phone=phone, code_hash=hash_phone_code(phone, code),
                                     expires_dt=now + timedelta(minutes=minutes)))
    with force_locale(language):
        # Translators: SMS; keep it short (Armenian SMS parts hold 67 characters).
        queue_sms(phone, _("Your code for \"My appeals\": %(code)s. It works once, for %(minutes)d minutes.",
                           code=code, minutes=minutes))
    db.session.commit()


def use_phone_code(phone: str, code: str) -> bool:
    """Spend the number's current code if `code` is it; count a wrong try (the code dies after too many)."""
    now = utcnow()
    current = db.session.scalar(select(ResidentPhoneCode).where(
        ResidentPhoneCode.phone == phone, ResidentPhoneCode.used_dt.is_(None), ResidentPhoneCode.expires_dt > now)
        .order_by(ResidentPhoneCode.id.desc()).limit(1))
    if current is None:
        return False
    code = "".join(c for c in (code or "") if c.isdigit())
    if not hmac.compare_digest(current.code_hash, hash_phone_code(phone, code)):
        tries = current.tries + 1
        db.session.execute(update(ResidentPhoneCode).where(ResidentPhoneCode.id == current.id).values(
            tries=tries, used_dt=now if tries >= current_app.config["PHONE_CODE_MAX_TRIES"] else None)
            .execution_options(synchronize_session=False))
        db.session.commit()
        return False
    # One conditional UPDATE spends it, so two posts racing each other cannot both sign in.
    spent = db.session.execute(update(ResidentPhoneCode).where(
        ResidentPhoneCode.id == current.id, ResidentPhoneCode.used_dt.is_(None)).values(used_dt=now)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return spent == 1


def delete_expired_sign_in_links() -> int:
    """Delete sign-in links past their expiry, used or not (housekeeping, run by the worker); return how many."""
    result = db.session.execute(delete(ResidentSignInToken).where(ResidentSignInToken.expires_dt < utcnow())
                                .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount


def delete_expired_phone_codes() -> int:
    """Delete SMS codes past their expiry, used or not (housekeeping, run by the worker); return how many."""
    result = db.session.execute(delete(ResidentPhoneCode).where(ResidentPhoneCode.expires_dt < utcnow())
                                .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount
