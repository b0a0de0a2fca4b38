"""Comments with their moderation state and flags, and residents' supports of published proposals."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models_base import UTCDateTime, str_enum, utcnow


class CommentState(StrEnum):
    PENDING = "pending"  # waiting for a moderator (pre-moderation)
    APPROVED = "approved"
    REJECTED = "rejected"


class Comment(db.Model):
    """A resident's comment on exactly one of: an action, a report, a published proposal (or Q&A)."""

    __tablename__ = "comment"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN action_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN report_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN appeal_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"), index=True)
    appeal_id: Mapped[int | None] = mapped_column(ForeignKey("appeal.id"), index=True)
    # The public version has e-mail addresses and phone numbers masked; the original is for moderators only.
    author_name: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    original_author_name: Mapped[str | None] = mapped_column(String(100))
    original_text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="hy")
    state: Mapped[CommentState] = mapped_column(str_enum(CommentState), default=CommentState.PENDING, index=True)
    # Hidden by residents' flags until a moderator decides.
    hidden: Mapped[bool] = mapped_column(default=False, index=True)
    flag_count: Mapped[int] = mapped_column(default=0)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    moderated_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    action = relationship("Action")
    report = relationship("Report")
    appeal = relationship("Appeal")

    @property
    def is_public(self) -> bool:
        return self.state == CommentState.APPROVED and not self.hidden


class CommentFlag(db.Model):
    """One visitor's flag on a comment; the visitor is known only by a keyed hash of their address."""

    __tablename__ = "comment_flag"
    __table_args__ = (UniqueConstraint("comment_id", "flagger_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id"), index=True)
    flagger_hash: Mapped[str] = mapped_column(String(64))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProposalSupport(db.Model):
    """One confirmed support of a published proposal; only a keyed hash of the normalised e-mail is kept."""

    __tablename__ = "proposal_support"
    __table_args__ = (UniqueConstraint("appeal_id", "email_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeal.id"), index=True)
    email_hash: Mapped[str] = mapped_column(String(64))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
