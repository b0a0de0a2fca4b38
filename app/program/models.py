"""The community's five-year development program: goals, objectives and their indicators."""

from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class DevelopmentProgram(db.Model):
    __tablename__ = "development_program"

    id: Mapped[int] = mapped_column(primary_key=True)
    title_hy: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    title_ru: Mapped[str | None] = mapped_column(String(300))
    start_year: Mapped[int]
    end_year: Mapped[int]
    council_decision: Mapped[str | None] = mapped_column(String(200))
    adopted_on: Mapped[date | None]
    document_url: Mapped[str | None] = mapped_column(String(500))
    is_current: Mapped[bool] = mapped_column(default=True)
    # Bumped on every saved change; a form opened at an older revision is refused (app/audit/versions.py).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")

    goals: Mapped[list["Goal"]] = relationship(
        back_populates="program", order_by="Goal.position", cascade="all, delete-orphan"
    )


class Goal(db.Model):
    __tablename__ = "goal"
    __table_args__ = (UniqueConstraint("program_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("development_program.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(default=0)
    title_hy: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    title_ru: Mapped[str | None] = mapped_column(String(300))
    description_hy: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    description_ru: Mapped[str | None] = mapped_column(Text)
    # Bumped on every saved change; a form opened at an older revision is refused (app/audit/versions.py).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")

    program: Mapped[DevelopmentProgram] = relationship(back_populates="goals")
    objectives: Mapped[list["Objective"]] = relationship(
        back_populates="goal", order_by="Objective.position", cascade="all, delete-orphan"
    )


class Objective(db.Model):
    __tablename__ = "objective"
    __table_args__ = (UniqueConstraint("goal_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(default=0)
    title_hy: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    title_ru: Mapped[str | None] = mapped_column(String(300))
    # Bumped on every saved change; a form opened at an older revision is refused (app/audit/versions.py).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")

    goal: Mapped[Goal] = relationship(back_populates="objectives")
    indicators: Mapped[list["Indicator"]] = relationship(
        back_populates="objective", order_by="Indicator.id", cascade="all, delete-orphan"
    )


class Indicator(db.Model):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objective.id"), index=True)
    name_hy: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    name_ru: Mapped[str | None] = mapped_column(String(300))
    unit_hy: Mapped[str | None] = mapped_column(String(60))
    unit_en: Mapped[str | None] = mapped_column(String(60))
    unit_ru: Mapped[str | None] = mapped_column(String(60))
    baseline: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    baseline_year: Mapped[int | None]
    target: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    target_year: Mapped[int | None]
    # Bumped on every saved change; a form opened at an older revision is refused (app/audit/versions.py).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")

    objective: Mapped[Objective] = relationship(back_populates="indicators")
