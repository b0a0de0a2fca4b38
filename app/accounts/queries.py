"""Reads of users, roles and reset tokens."""

import hashlib
import re

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.accounts.models import PasswordResetToken, Role, RoleGrant, StaffSession, User, normalize_email
from app.extensions import db
from app.institutions.models import Institution
from app.urls import external_url


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def get_session_user(user_id: int, token: str, started_after_dt) -> User | None:
    """The active user of a live login session (its row exists and it started after `started_after_dt`)."""
    return db.session.scalar(
        select(User).join(StaffSession, StaffSession.user_id == User.id)
        .where(User.id == user_id, User.is_active, StaffSession.token_hash == hash_session_token(token),
               StaffSession.created_dt > started_after_dt))


def hash_session_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def get_user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def get_user_by_email(email) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def email_taken(email) -> bool:
    return db.session.scalar(select(User.id).where(User.email == normalize_email(email)).limit(1)) is not None


def list_users() -> list[User]:
    """Every account, active ones first, then by name."""
    return list(db.session.scalars(
        select(User).order_by(User.is_active.desc(), func.lower(User.full_name), User.email)
        .options(selectinload(User.grants))
    ))


def count_active_admins(excluding_user_id=None) -> int:
    stmt = (
        select(func.count(func.distinct(User.id)))
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == Role.ADMIN, User.is_active.is_(True))
    )
    if excluding_user_id is not None:
        stmt = stmt.where(User.id != excluding_user_id)
    return db.session.scalar(stmt)


def institution_choices() -> list[Institution]:
    return list(db.session.scalars(select(Institution).order_by(Institution.name_hy)))


def institutions_by_slug(slugs) -> dict[str, Institution]:
    return {i.slug: i for i in db.session.scalars(select(Institution).where(Institution.slug.in_(list(slugs))))}


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def find_reset_token(token: str) -> PasswordResetToken | None:
    """The stored token for the one in a link (any state: the caller checks is_usable)."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == token_digest(token))
        .options(selectinload(PasswordResetToken.user))
    )


def usable_link_in(body: str, now) -> str | None:
    """The password link in an e-mail's text, if it still works (for an admin to pass on when mail is not sent)."""
    # A placeholder token shows where the real one sits in the link.
    prefix = external_url("accounts.reset_password", token="TOKEN").rsplit("TOKEN", 1)[0]  # noqa: S106
    match = re.search(re.escape(prefix) + r"([A-Za-z0-9_\-]+)", body or "")
    if match is None:
        return None
    token = find_reset_token(match.group(1))
    return match.group(0) if token is not None and token.is_usable(now) else None
