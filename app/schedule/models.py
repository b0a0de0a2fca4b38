"""Actions in institutions' schedules and the reports on how they went."""

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Column, ForeignKey, Index, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.community.models import Settlement
from app.extensions import db
from app.institutions.models import Institution
from app.models_base import UTCDateTime, str_enum, utcnow
from app.program.models import Objective


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


class FundingSource(StrEnum):
    COMMUNITY_BUDGET = "community_budget"
    STATE_SUBVENTION = "state_subvention"
    DONOR = "donor"
    OTHER = "other"


action_objective = Table(
    "action_objective",
    db.metadata,
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column("objective_id", ForeignKey("objective.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Action(db.Model):
    """An initiative, event or measure that an institution plans with the community budget."""

    __tablename__ = "action"
    __table_args__ = (
        CheckConstraint("budget_planned >= 0", name="budget_planned_non_negative"),
        CheckConstraint("end_date >= start_date", name="ends_after_start"),
        Index("ix_action_settlement_start", "settlement_id", "start_date"),
        Index("ix_action_institution_start", "institution_id", "start_date"),
        Index("ix_action_status_start", "status", "start_date"),
        # The dashboard's action panels read this index only: the published actions of a range of start dates.
        Index("ix_action_dashboard", "published", "start_date", "settlement_id", "institution_id", "status",
              "end_date", "budget_planned", "reported_spent", "first_report_date"),
        # Each institution's latest report: one index seek per institution.
        Index("ix_action_last_report", "institution_id", "published", "last_report_date"),
        # The schedule's order, so a page deep in the list is read from the index, not sorted.
        Index("ix_action_published_start", "published", "start_date", "start_time", "id"),
        # "This week" and "upcoming": actions that have not ended yet, found without reading the past.
        Index("ix_action_published_end", "published", "end_date", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    settlement_id: Mapped[int] = mapped_column(ForeignKey("settlement.id"))
    title_hy: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    title_ru: Mapped[str | None] = mapped_column(String(300))
    description_hy: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    description_ru: Mapped[str | None] = mapped_column(Text)
    venue_hy: Mapped[str | None] = mapped_column(String(300))
    venue_en: Mapped[str | None] = mapped_column(String(300))
    venue_ru: Mapped[str | None] = mapped_column(String(300))
    start_date: Mapped[date] = mapped_column(index=True)
    start_time: Mapped[time | None]
    end_date: Mapped[date] = mapped_column(index=True)
    end_time: Mapped[time | None]
    # Whole drams.
    budget_planned: Mapped[int] = mapped_column(BigInteger)
    funding_source: Mapped[FundingSource] = mapped_column(str_enum(FundingSource))
    status: Mapped[ActionStatus] = mapped_column(str_enum(ActionStatus), default=ActionStatus.PLANNED)
    # Why it was postponed or cancelled; required for those two statuses.
    status_reason_hy: Mapped[str | None] = mapped_column(Text)
    status_reason_en: Mapped[str | None] = mapped_column(Text)
    status_reason_ru: Mapped[str | None] = mapped_column(Text)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # False while a post of an institution under review waits for the municipality's approval.
    published: Mapped[bool] = mapped_column(default=True, index=True)
    # Bumped on every edit; a form opened at an older revision is refused instead of overwriting.
    revision: Mapped[int] = mapped_column(default=1)
    # Derived from the published reports for the dashboard, never set by hand (app/dashboard/tally.py keeps them):
    # what they say was spent (NULL while none says), the dates of the first and of the latest one.
    reported_spent: Mapped[int | None] = mapped_column(BigInteger)
    first_report_date: Mapped[date | None]
    last_report_date: Mapped[date | None]

    institution: Mapped[Institution] = relationship()
    settlement: Mapped[Settlement] = relationship()
    objectives: Mapped[list[Objective]] = relationship(secondary=action_objective, order_by=Objective.code)
    reports: Mapped[list["Report"]] = relationship(back_populates="action", order_by="Report.report_date")


class Report(db.Model):
    """How an action went: what was done, who took part, what was actually spent."""

    __tablename__ = "report"
    __table_args__ = (
        CheckConstraint("actual_spent >= 0", name="actual_spent_non_negative"),
        Index("ix_report_published_date", "published", "report_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    report_date: Mapped[date] = mapped_column(index=True)
    body_hy: Mapped[str] = mapped_column(Text)
    body_en: Mapped[str | None] = mapped_column(Text)
    body_ru: Mapped[str | None] = mapped_column(Text)
    participants: Mapped[int | None]
    # Whole drams actually spent.
    actual_spent: Mapped[int | None] = mapped_column(BigInteger)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published: Mapped[bool] = mapped_column(default=True)
    revision: Mapped[int] = mapped_column(default=1)

    action: Mapped[Action] = relationship(back_populates="reports")
    photos: Mapped[list["ReportPhoto"]] = relationship(
        back_populates="report", order_by="ReportPhoto.position", cascade="all, delete-orphan"
    )
    documents: Mapped[list["ReportDocument"]] = relationship(
        back_populates="report", order_by="ReportDocument.id", cascade="all, delete-orphan"
    )
    # What readers see: files added to a published report of an institution under review wait for approval.
    public_photos: Mapped[list["ReportPhoto"]] = relationship(
        primaryjoin="and_(ReportPhoto.report_id == Report.id, ReportPhoto.pending.is_(False))",
        order_by="ReportPhoto.position", viewonly=True,
    )
    public_documents: Mapped[list["ReportDocument"]] = relationship(
        primaryjoin="and_(ReportDocument.report_id == Report.id, ReportDocument.pending.is_(False))",
        order_by="ReportDocument.id", viewonly=True,
    )


class ReportPhoto(db.Model):
    """A re-encoded photo stored under a server-generated name, with its thumbnail."""

    __tablename__ = "report_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(80), unique=True)
    thumb_name: Mapped[str] = mapped_column(String(80), unique=True)
    width: Mapped[int]
    height: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    caption_hy: Mapped[str | None] = mapped_column(String(300))
    caption_en: Mapped[str | None] = mapped_column(String(300))
    caption_ru: Mapped[str | None] = mapped_column(String(300))
    # Added to a published report under review: not public until a reviewer approves (app/schedule/services.py).
    pending: Mapped[bool] = mapped_column(default=False, server_default=false())

    report: Mapped[Report] = relationship(back_populates="photos")


class ReportDocument(db.Model):
    """A checked PDF attached to a report, stored under a server-generated name."""

    __tablename__ = "report_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(80), unique=True)
    # The title shown to readers; never used as a file name.
    title: Mapped[str] = mapped_column(String(200))
    size_bytes: Mapped[int]
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    pending: Mapped[bool] = mapped_column(default=False, server_default=false())

    report: Mapped[Report] = relationship(back_populates="documents")


class PendingChange(db.Model):
    """An edit of a published action or report of an institution under review, waiting for approval.

    The published version stays as it is (and public) until a reviewer approves; approval applies the change through
    the same versions mechanism as any edit, so the history shows it. A newer edit replaces the waiting one.
    """

    __tablename__ = "pending_change"
    __table_args__ = (db.UniqueConstraint("entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(20))  # "action" or "report"
    entity_id: Mapped[int]
    data: Mapped[str] = mapped_column(Text)  # JSON: field -> new value (dates and times as ISO text)
    objective_ids: Mapped[str | None] = mapped_column(Text)  # JSON list, for actions whose objectives changed
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
