"""Appeals: what a resident wrote, to whom, its tracking number and deadline, and its status history."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.appeals.deadlines import Counting, Kind, Unit
from app.extensions import db
from app.models_base import UTCDateTime, str_enum, utcnow


class AppealStatus(StrEnum):
    RECEIVED = "received"
    REGISTERED = "registered"
    IN_REVIEW = "in_review"
    ANSWERED = "answered"
    REJECTED = "rejected"
    FORWARDED = "forwarded"
    WITHDRAWN = "withdrawn"


OPEN_STATUSES = frozenset({AppealStatus.RECEIVED, AppealStatus.REGISTERED, AppealStatus.IN_REVIEW})
# The condition of the partial indexes on open appeals. A query uses them only when its WHERE has this very text
# (SQLite matches the literal values; bound parameters would not do).
OPEN_WHERE = "status IN ('received', 'registered', 'in_review')"


class AppealChannel(StrEnum):
    """How the appeal reached the municipality."""

    ONLINE = "online"
    PAPER = "paper"
    PHONE = "phone"
    OPEN311 = "open311"


class Publication(StrEnum):
    """Whether the anonymised question and answer (or a proposal) may be shown publicly, after moderation."""

    NOT_ALLOWED = "not_allowed"  # the applicant did not allow it
    PENDING = "pending"  # allowed; waiting for an officer to anonymise and approve it
    PUBLISHED = "published"
    REFUSED = "refused"


class AttachmentKind(StrEnum):
    PHOTO = "photo"
    PDF = "pdf"


class AppealSequence(db.Model):
    """The last tracking number handed out in one year; incremented inside the submitting transaction."""

    __tablename__ = "appeal_sequence"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(default=0)


class Appeal(db.Model):
    __tablename__ = "appeal"
    __table_args__ = (
        # The accountability dashboard: appeals received in a date range (in one settlement), and the open appeals
        # in due-date order (a partial index: open appeals are few, and the overdue list must not walk closed ones).
        Index("ix_appeal_received_dt", "received_dt"),
        Index("ix_appeal_settlement_received", "settlement_id", "received_dt"),
        Index("ix_appeal_open_due_date", "due_date", "id",
              sqlite_where=text(OPEN_WHERE), postgresql_where=text(OPEN_WHERE)),
        # The dashboard's live scans read these indexes only, never the table: every appeal of a range of local
        # days with its response time, and the open ones with their due dates (see app/dashboard/tally.py).
        Index("ix_appeal_dashboard", "received_day", "settlement_id", "kind", "institution_id", "received_month",
              "response_calendar_days", "response_working_days", "answered_late"),
        Index("ix_appeal_dashboard_open", "received_day", "settlement_id", "kind", "institution_id",
              "received_month", "due_date",
              sqlite_where=text(OPEN_WHERE), postgresql_where=text(OPEN_WHERE)),
        # The public filters and the accountability figures at a million appeals.
        Index("ix_appeal_institution_received", "institution_id", "received_dt"),
        Index("ix_appeal_status_due", "status", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_number: Mapped[str] = mapped_column(String(40), unique=True)
    # The access code's salted hash (app/appeals/codes.py), or the sha256 of an older long secret; never the code.
    secret_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[Kind] = mapped_column(str_enum(Kind))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    settlement_id: Mapped[int] = mapped_column(ForeignKey("settlement.id"), index=True)
    # None: addressed to the municipality itself.
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"), index=True)
    # Personal data: shown only to the holder of the secret and to staff who handle the appeal.
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_email: Mapped[str | None] = mapped_column(String(254))
    applicant_phone: Mapped[str | None] = mapped_column(String(50))
    applicant_address: Mapped[str | None] = mapped_column(String(500))
    language: Mapped[str] = mapped_column(String(5), default="hy")
    allow_publish: Mapped[bool] = mapped_column(default=False)
    status: Mapped[AppealStatus] = mapped_column(str_enum(AppealStatus), default=AppealStatus.RECEIVED, index=True)
    received_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_date: Mapped[date] = mapped_column(index=True)
    # The rule the due date was computed with, so it can be recomputed after a calendar change.
    rule_limit: Mapped[int]
    rule_unit: Mapped[Unit] = mapped_column(str_enum(Unit))
    rule_counting: Mapped[Counting] = mapped_column(str_enum(Counting))
    closed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_text: Mapped[str | None] = mapped_column(Text)
    rating_content: Mapped[int | None]
    rating_timeliness: Mapped[int | None]
    rated_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    channel: Mapped[AppealChannel] = mapped_column(str_enum(AppealChannel), default=AppealChannel.ONLINE)
    # Who holds the appeal now: an officer, or an editor of the addressed institution. Never shown publicly.
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    # Lifecycle timestamps, kept on the row so the dashboard aggregates without scanning the history.
    registered_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_action_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)  # first staff step after receipt
    extended_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    original_due_date: Mapped[date | None]  # the due date before the (single) extension
    extension_reason: Mapped[str | None] = mapped_column(Text)
    forwarded_to: Mapped[str | None] = mapped_column(String(300))  # the other body, when forwarded
    status_reason: Mapped[str | None] = mapped_column(Text)  # why it was rejected
    # The public, anonymised version (published proposals and Q&A); written by an officer, never the raw text.
    publication: Mapped[Publication] = mapped_column(str_enum(Publication), default=Publication.NOT_ALLOWED,
                                                     index=True)
    public_subject: Mapped[str | None] = mapped_column(String(300))
    public_text: Mapped[str | None] = mapped_column(Text)
    public_answer: Mapped[str | None] = mapped_column(Text)
    published_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the applicant's personal data was removed (retention period over, or at their request); figures stay.
    anonymised_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    support_count: Mapped[int] = mapped_column(default=0)  # residents who supported a published proposal
    # Derived for the dashboard, never set by hand: app/dashboard/tally.py fills them on every ORM flush, in bulk
    # for bench data and migrations, and again when the non-working-day calendar changes.
    received_day: Mapped[int | None]  # local day of receipt, in days since 1970-01-01
    received_month: Mapped[int | None]  # local month of receipt as YYYYMM
    # The response time of an answered, rejected or forwarded appeal (NULL while open and when withdrawn).
    response_calendar_days: Mapped[int | None]
    response_working_days: Mapped[int | None]
    answered_late: Mapped[bool | None]  # closed after its due date (NULL unless answered, rejected or forwarded)

    settlement = relationship("Settlement")
    institution = relationship("Institution")
    assignee = relationship("User")
    events: Mapped[list["AppealEvent"]] = relationship(
        back_populates="appeal", order_by="AppealEvent.id", cascade="all, delete-orphan")
    attachments: Mapped[list["AppealAttachment"]] = relationship(
        back_populates="appeal", order_by="AppealAttachment.id", cascade="all, delete-orphan")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class AppealLinkToken(db.Model):
    """A single-use token in an e-mailed link: exchanged once for a tracking session, then dead.

    The e-mail never carries the access code; only the token's sha256 is stored, and once used (or expired) the token
    in an access log or a browser history opens nothing.
    """

    __tablename__ = "appeal_link_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeal.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    used_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    appeal: Mapped[Appeal] = relationship()


class AppealEvent(db.Model):
    """One step of an appeal's status history; only public events are shown to the applicant."""

    __tablename__ = "appeal_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeal.id"), index=True)
    status: Mapped[AppealStatus] = mapped_column(str_enum(AppealStatus))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(default=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    appeal: Mapped[Appeal] = relationship(back_populates="events")


class AppealAttachment(db.Model):
    __tablename__ = "appeal_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeal.id"), index=True)
    kind: Mapped[AttachmentKind] = mapped_column(str_enum(AttachmentKind))
    file_name: Mapped[str] = mapped_column(String(100))
    thumb_name: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))

    appeal: Mapped[Appeal] = relationship(back_populates="attachments")


class DeadlineRule(db.Model):
    """The admin's rule for one kind of appeal; a kind without a row uses `deadlines.DEFAULT_RULES`.

    Only the limit and how it is counted are editable; the extension and its notice timing are fixed by law and come
    from `DEFAULT_RULES`. Each appeal keeps a copy of the rule it was received under, so an edit affects new appeals
    only.
    """

    __tablename__ = "deadline_rule"

    kind: Mapped[Kind] = mapped_column(str_enum(Kind), primary_key=True)
    limit: Mapped[int]
    unit: Mapped[Unit] = mapped_column(str_enum(Unit))
    counting: Mapped[Counting] = mapped_column(str_enum(Counting))
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AnswerTemplate(db.Model):
    """A reusable answer text that officers and editors pick to prefill an answer."""

    __tablename__ = "answer_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
