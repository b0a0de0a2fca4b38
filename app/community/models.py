"""The community running this instance, and its settlements."""

from sqlalchemy import String, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class Community(db.Model):
    """One row: who runs this instance. Another community changes this row, not the code."""

    __tablename__ = "community"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_hy: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    name_ru: Mapped[str | None] = mapped_column(String(200))
    # Prefix of appeal tracking numbers, e.g. DIL in DIL-2026-000123.
    tracking_prefix: Mapped[str] = mapped_column(String(10))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Yerevan")
    logo_path: Mapped[str | None] = mapped_column(String(300))
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    address_hy: Mapped[str | None] = mapped_column(Text)
    address_en: Mapped[str | None] = mapped_column(Text)
    address_ru: Mapped[str | None] = mapped_column(Text)
    # An action that ended this many days ago without a report counts as "report overdue".
    report_overdue_days: Mapped[int] = mapped_column(default=7)
    # Below this many items the accountability dashboard shows no percentage, only the counts (set by the admin).
    dashboard_min_count: Mapped[int] = mapped_column(default=10, server_default="10")
    # True: residents' comments wait for a moderator; False: they are published at once and moderated afterwards.
    comment_premoderation: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Applicants' personal data is anonymised this many years after their appeal is closed (app/retention).
    personal_data_years: Mapped[int] = mapped_column(default=5, server_default="5")


class Settlement(db.Model):
    __tablename__ = "settlement"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_hy: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str | None] = mapped_column(String(120))
    name_ru: Mapped[str | None] = mapped_column(String(120))
    population: Mapped[int | None]
    population_year: Mapped[int | None]
    is_centre: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
