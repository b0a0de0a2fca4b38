"""Writes of the accounts domain; each use case commits once (queue_email joins that transaction)."""

import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select

from app.accounts import queries, signals
from app.accounts.models import PasswordResetToken, Role, RoleGrant, StaffSession, User
from app.accounts.passwords import hash_password, needs_rehash, verify_password
from app.community.queries import get_community
from app.extensions import db
from app.i18n import LANGUAGE_NAMES, tr_text
from app.models_base import utcnow
from app.outbox.services import queue_email
from app.urls import external_url


class LoginRefused(Exception):
    """A login that did not succeed; the message is safe to show (it never says whether the account exists)."""


class AccountError(Exception):
    """A change to an account that the rules do not allow; the message is translated and safe to show."""


def log_in(email, password) -> User:
    """Check the credentials and record the login; raise LoginRefused with the message to show otherwise."""
    user = queries.get_user_by_email(email)
    # Always run one argon2 verification, also for unknown addresses, so timing does not reveal accounts.
    if not verify_password(user.password_hash if user else None, password):
        signals.login_failed.send(current_app._get_current_object(), email=(email or "").strip().lower(), user=user)
        db.session.commit()
        raise LoginRefused(_("The email address or the password is not correct."))
    if not user.is_active:
        # The password was right, so saying why is no hint to a stranger.
        signals.login_failed.send(current_app._get_current_object(), email=user.email, user=user)
        db.session.commit()
        raise LoginRefused(_("This account has been deactivated. Please ask an administrator."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_dt = utcnow()
    signals.logged_in.send(current_app._get_current_object(), user=user)
    db.session.commit()
    return user


def log_out(user: User, session_token) -> None:
    """End this login on the server: its token opens nothing any more, wherever the cookie was copied."""
    _delete_session(session_token)
    signals.logged_out.send(current_app._get_current_object(), user=user)
    db.session.commit()


def open_session(user: User) -> str:
    """Record a new login session and return its token (for the browser's session; only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    # Sessions past their maximum age open nothing; remove them while here (the table stays small).
    db.session.execute(delete(StaffSession).where(StaffSession.created_dt <= session_started_after()))
    db.session.add(StaffSession(user_id=user.id, token_hash=queries.hash_session_token(token)))
    db.session.commit()
    return token


def end_idle_session(session_token) -> None:
    """Remove a session that the idle timeout ended, so no copy of its cookie outlives it."""
    if _delete_session(session_token):
        db.session.commit()


def session_started_after():
    """Sessions that started before this moment have ended, however active (SESSION_MAX_HOURS)."""
    return utcnow() - timedelta(hours=current_app.config["SESSION_MAX_HOURS"])


def log_out_everywhere(user: User, *, actor) -> None:
    """End every session of the account, on every device (an admin's action, e.g. for a lost phone)."""
    _end_all_sessions(user)
    signals.account_changed.send(current_app._get_current_object(), user=user, actor=actor,
                                 details={"change": "logged out everywhere"})
    db.session.commit()


def _delete_session(session_token) -> bool:
    if not session_token:
        return False
    result = db.session.execute(
        delete(StaffSession).where(StaffSession.token_hash == queries.hash_session_token(session_token)))
    return bool(result.rowcount)


def _end_all_sessions(user: User) -> None:
    db.session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))


def change_password(user: User, new_password) -> None:
    """Set a new password and end every other session of the user (the caller starts a fresh one)."""
    _set_password(user, new_password)
    signals.password_changed.send(current_app._get_current_object(), user=user)
    db.session.commit()


def reset_password(token: PasswordResetToken, new_password) -> None:
    """Use a reset link once: set the password and end every session of the user."""
    _set_password(token.user, new_password)
    signals.password_changed.send(current_app._get_current_object(), user=token.user)
    db.session.commit()


def exchange_reset_token(token: PasswordResetToken) -> str:
    """Spend the link's token by storing a new one in its place (same expiry); return the new one."""
    fresh = secrets.token_urlsafe(32)
    token.token_hash = queries.token_digest(fresh)
    db.session.commit()
    return fresh


def _set_password(user: User, new_password) -> None:
    now = utcnow()
    user.password_hash = hash_password(new_password)
    user.password_changed_dt = now
    _end_all_sessions(user)
    _retire_reset_tokens(user, now)


def request_password_reset(email) -> None:
    """Queue a reset link for an active account with this address; do nothing visible otherwise."""
    user = queries.get_user_by_email(email)
    if user is None or not user.is_active:
        return
    _send_password_link(user, setup=False)
    signals.password_reset_requested.send(current_app._get_current_object(), user=user)
    db.session.commit()


def create_user(email, full_name, grants, *, password=None, actor=None, language="hy") -> User:
    """Add an account with its roles; without a password, queue a link for the person to set one (in `language`,
    the language of the person's emails)."""
    if queries.email_taken(email):
        raise AccountError(_("An account with this email address already exists."))
    user = User(email=email, full_name=full_name.strip(), language=language,
                password_hash=hash_password(password) if password else None,
                password_changed_dt=utcnow() if password else None)
    db.session.add(user)
    _set_grants(user, grants)
    db.session.flush()
    if password is None:
        _send_password_link(user, setup=True)
    signals.account_changed.send(current_app._get_current_object(), user=user, actor=actor,
                                 details={"change": "created", "roles": _describe(grants)})
    db.session.commit()
    return user


def update_user(user: User, full_name, grants, *, actor) -> None:
    """Rename the account and replace its roles."""
    grants = set(grants)
    if user.is_admin and not any(role == Role.ADMIN for role, _i in grants):
        if _same(user, actor):
            raise AccountError(_("You cannot remove your own administrator role."))
        _keep_an_admin(user)
    before = _describe(_pairs(user))
    user.full_name = full_name.strip()
    _set_grants(user, grants)
    signals.account_changed.send(current_app._get_current_object(), user=user, actor=actor,
                                 details={"change": "updated", "roles_before": before, "roles": _describe(grants)})
    db.session.commit()


def deactivate_user(user: User, *, actor) -> None:
    """Stop the account from logging in and end its sessions; the account and its history stay."""
    if _same(user, actor):
        raise AccountError(_("You cannot deactivate your own account."))
    if user.is_admin:
        _keep_an_admin(user)
    user.is_active = False
    _end_all_sessions(user)
    _retire_reset_tokens(user, utcnow())
    signals.account_changed.send(current_app._get_current_object(), user=user, actor=actor,
                                 details={"change": "deactivated"})
    db.session.commit()


def reactivate_user(user: User, *, actor) -> None:
    user.is_active = True
    signals.account_changed.send(current_app._get_current_object(), user=user, actor=actor,
                                 details={"change": "reactivated"})
    db.session.commit()


def send_password_link(user: User, *, actor) -> None:
    """An admin sends the person a fresh link to set their password (the current password keeps working)."""
    if not user.is_active:
        raise AccountError(_("Reactivate the account first."))
    _send_password_link(user, setup=user.password_hash is None)
    signals.account_changed.send(current_app._get_current_object(), user=user, actor=actor,
                                 details={"change": "password link sent"})
    db.session.commit()


# --- helpers ------------------------------------------------------------------------------------------------------


def grants_from(roles, institution_ids) -> set[tuple[Role, int | None]]:
    """(role, institution id) pairs: one editor grant per institution, the other roles without one."""
    pairs = {(Role(role), None) for role in roles if Role(role) != Role.EDITOR}
    if Role.EDITOR in {Role(role) for role in roles}:
        pairs |= {(Role.EDITOR, int(i)) for i in institution_ids}
    return pairs


def _same(user: User, actor) -> bool:
    return actor is not None and user.id == getattr(actor, "id", None)


def _pairs(user: User) -> set[tuple[Role, int | None]]:
    return {(grant.role, grant.institution_id) for grant in user.grants}


def _set_grants(user: User, grants) -> None:
    """Make the user's grants exactly `grants`, keeping the rows that stay (so no unique clash on re-adding)."""
    wanted = set(grants)
    for grant in list(user.grants):
        if (grant.role, grant.institution_id) not in wanted:
            user.grants.remove(grant)
    for role, institution_id in sorted(wanted - _pairs(user), key=lambda p: (p[0].value, p[1] or 0)):
        user.grants.append(RoleGrant(role=role, institution_id=institution_id))


def _describe(grants) -> list[str]:
    return sorted(f"{role.value}:{institution_id}" if institution_id else role.value for role, institution_id in grants)


def _keep_an_admin(user: User) -> None:
    if queries.count_active_admins(excluding_user_id=user.id) == 0:
        raise AccountError(_("At least one active administrator must remain."))


def _retire_reset_tokens(user: User, now) -> None:
    """Make every outstanding link of the user unusable (a newer link, a new password or a deactivation)."""
    for token in db.session.scalars(
        select(PasswordResetToken).where(PasswordResetToken.user_id == user.id,
                                            PasswordResetToken.used_dt.is_(None))
    ):
        token.used_dt = now


def _send_password_link(user: User, *, setup: bool) -> None:
    """Store a new one-time token (only its SHA-256) and queue the email with the link, in this transaction."""
    now = utcnow()
    _retire_reset_tokens(user, now)
    hours = current_app.config["ACCOUNT_SETUP_HOURS" if setup else "PASSWORD_RESET_HOURS"]
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordResetToken(user=user, token_hash=queries.token_digest(token), created_dt=now,
                                      expires_dt=now + timedelta(hours=hours)))
    link = external_url("accounts.reset_password", token=token)
    # In the recipient's language, never the language of whoever pressed the button (an admin, a visitor).
    with force_locale(email_language(user)):
        subject, body = _password_mail(user, setup, link, hours)
    queue_email(user.email, subject, body, language=email_language(user), reference=password_link_reference(user))


def email_language(user: User) -> str:
    """The language of the mail written to a staff member (Armenian unless they chose another)."""
    return user.language if user.language in LANGUAGE_NAMES else "hy"


def _password_mail(user: User, setup: bool, link: str, hours: int) -> tuple[str, str]:
    site = tr_text(get_community(), "name") or "Hashvetu"
    if setup:
        subject = _("%(site)s: your staff account", site=site)
        body = _(
            "Hello %(name)s,\n\n"
            "An administrator has created a staff account for you on %(site)s. Your login is your email "
            "address, %(email)s.\n\n"
            "Open this link to choose your password:\n\n%(link)s\n\n"
            "The link works once and expires in %(hours)d hours. If it has expired, ask the administrator "
            "for a new one.",
            name=user.full_name, site=site, email=user.email, link=link, hours=hours)
    else:
        subject = _("%(site)s: set a new password", site=site)
        body = _(
            "Hello %(name)s,\n\n"
            "Someone, hopefully you, asked to set a new password for the staff account %(email)s on %(site)s.\n\n"
            "Open this link to choose a new password:\n\n%(link)s\n\n"
            "The link works once and expires in %(hours)d hours. If you did not ask for it, ignore this "
            "email: your password stays as it is.",
            name=user.full_name, site=site, email=user.email, link=link, hours=hours)
    return subject, body


def password_link_reference(user: User) -> str:
    """The outbox reference of the e-mails that carry this person's password links."""
    return f"password-link:{user.id}"


def set_email_language(user: User, language: str) -> None:
    """Choose the language of the emails written to this staff member."""
    user.language = language
    db.session.commit()


def delete_expired_password_links() -> int:
    """Delete password links past their expiry, used or not (housekeeping, run by the worker); return how many."""
    result = db.session.execute(delete(PasswordResetToken).where(PasswordResetToken.expires_dt < utcnow())
                                .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount
