"""Days the admin adds to, or takes out of, the non-working calendar."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models_base import UTCDateTime, str_enum, utcnow


class OverrideKind(StrEnum):
    # An extra non-working day, e.g. one declared by the government or the community head.
    HOLIDAY = "holiday"
    # A working day moved by government decree, e.g. a Saturday worked to bridge a holiday.
    WORKDAY = "workday"


class CalendarOverride(db.Model):
    __tablename__ = "calendar_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[OverrideKind] = mapped_column(str_enum(OverrideKind))
    note_hy: Mapped[str] = mapped_column(String(300))
    note_en: Mapped[str | None] = mapped_column(String(300))
    note_ru: Mapped[str | None] = mapped_column(String(300))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
