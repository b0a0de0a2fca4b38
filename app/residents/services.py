"""Writes for residents: sending a sign-in link and using it once. Each use case commits once."""

import secrets
import time
from datetime import timedelta

from flask import current_app, session
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, update

from app.accounts.models import normalize_email
from app.extensions import db
from app.models_base import utcnow
from app.outbox.services import queue_email
from app.residents.models import ResidentSignInToken
from app.residents.queries import SESSION_EMAIL, SESSION_SINCE, hash_token
from app.urls import external_url


def send_sign_in_link(email: str, language: str) -> None:
    """Queue a one-time sign-in link to `email` (whether or not it sent appeals: the answer reveals nothing)."""
    email = normalize_email(email)
    token = secrets.token_urlsafe(32)
    minutes = current_app.config["RESIDENT_LINK_MINUTES"]
    db.session.add(ResidentSignInToken(email=email, token_hash=hash_token(token),
                                       expires_dt=utcnow() + timedelta(minutes=minutes)))
    link = external_url("residents.confirm", token=token)
    with force_locale(language):
        subject = _("Your sign-in link")
        body = _("Someone (we hope you) asked to see the appeals sent with this address.\n\n"
                 "Open this link within %(minutes)d minutes to sign in; it works once:\n%(link)s\n\n"
                 "If it was not you, ignore this email: nothing happens without the link.\n",
                 minutes=minutes, link=link)
    queue_email(email, subject, body, language=language)
    db.session.commit()


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
    session[SESSION_EMAIL] = normalize_email(email)
    session[SESSION_SINCE] = int(time.time())


def end_resident_session() -> None:
    session.pop(SESSION_EMAIL, None)
    session.pop(SESSION_SINCE, None)


def delete_expired_sign_in_links() -> int:
    """Delete sign-in links past their expiry, used or not (housekeeping, run by the worker); return how many."""
    result = db.session.execute(delete(ResidentSignInToken).where(ResidentSignInToken.expires_dt < utcnow())
                                .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount
