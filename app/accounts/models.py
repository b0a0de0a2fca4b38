"""Staff users, the roles they hold, and one-time password reset tokens."""

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.extensions import db
from app.models_base import UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    # Only a type: importing the institutions package here closes an import cycle through its routes
    # (institutions -> community -> media -> accounts.access -> accounts.models), which broke `flask --app wsgi`.
    from app.institutions.models import Institution


class Role(StrEnum):
    ADMIN = "admin"
    OFFICER = "officer"
    EDITOR = "editor"
    VIEWER = "viewer"


def normalize_email(email) -> str:
    """Addresses are compared and stored trimmed and lower-cased."""
    return (email or "").strip().lower()


class User(UserMixin, db.Model):
    """A staff member. Never deleted: deactivated instead, so history and audit keep pointing at them."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    # None until the person sets a password through the link they were sent.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The language of the emails the system writes to this person (deadline digests).
    language: Mapped[str] = mapped_column(String(5), default="hy", server_default="hy")

    grants: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin", order_by="RoleGrant.id"
    )

    @validates("email")
    def _normalize_email(self, _key, value):
        return normalize_email(value)

    def has_role(self, *roles) -> bool:
        """True if the user holds any of the given roles (literally: an admin is not implicitly an editor)."""
        return any(grant.role in roles for grant in self.grants)

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def roles(self) -> set[Role]:
        return {grant.role for grant in self.grants}

    @property
    def editable_institution_ids(self) -> set[int]:
        """Institutions this user is the editor of (admins may edit every institution, see access.py)."""
        return {grant.institution_id for grant in self.grants if grant.role == Role.EDITOR}

    def __repr__(self):
        return f"<User {self.id} {self.email}>"


class RoleGrant(db.Model):
    """One role held by a user; an editor's role is bound to one institution, the other roles to none."""

    __tablename__ = "role_grant"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "institution_id"),
        CheckConstraint(
            "(role = 'editor' AND institution_id IS NOT NULL) OR (role != 'editor' AND institution_id IS NULL)",
            name="institution_only_for_editor",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"), index=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="grants")
    institution: Mapped["Institution | None"] = relationship(lazy="joined")


class PasswordResetToken(db.Model):
    """A one-time link to set a password; only the SHA-256 of the token is stored."""

    __tablename__ = "password_reset_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    used_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def is_usable(self, now: datetime) -> bool:
        return self.used_dt is None and now < self.expires_dt and self.user.is_active


class StaffSession(db.Model):
    """One login. The browser's session holds a random token, the database only its SHA-256: deleting the row ends
    the session on the server, so a copy of the cookie taken before logout opens nothing."""

    __tablename__ = "staff_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class LoginThrottle(db.Model):
    """A counter of the login throttle (app/accounts/throttling.py) when no Redis is configured: kept in the
    database so every worker of every server sees the same count."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    expires_dt: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
