"""Community-owned institutions and their strategic plans."""

from enum import StrEnum

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.community.models import Settlement
from app.extensions import db
from app.models_base import str_enum
from app.program.models import Objective


class InstitutionKind(StrEnum):
    KINDERGARTEN = "kindergarten"
    MUSIC_SCHOOL = "music_school"
    ART_SCHOOL = "art_school"
    CULTURE_HOUSE = "culture_house"
    COMMUNAL_SERVICES = "communal_services"
    LIBRARY = "library"
    SPORT = "sport"
    MUNICIPALITY = "municipality"
    OTHER = "other"


class Institution(db.Model):
    __tablename__ = "institution"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[InstitutionKind] = mapped_column(str_enum(InstitutionKind))
    settlement_id: Mapped[int] = mapped_column(ForeignKey("settlement.id"), index=True)
    name_hy: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    name_ru: Mapped[str | None] = mapped_column(String(300))
    address_hy: Mapped[str | None] = mapped_column(String(300))
    address_en: Mapped[str | None] = mapped_column(String(300))
    address_ru: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(300))
    head_name_hy: Mapped[str | None] = mapped_column(String(200))
    head_name_en: Mapped[str | None] = mapped_column(String(200))
    head_name_ru: Mapped[str | None] = mapped_column(String(200))
    description_hy: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    description_ru: Mapped[str | None] = mapped_column(Text)
    # When set, the institution's new actions and reports wait for the municipality's approval.
    requires_review: Mapped[bool] = mapped_column(default=False)

    settlement: Mapped[Settlement] = relationship()
    plans: Mapped[list["StrategicPlan"]] = relationship(
        back_populates="institution", order_by="StrategicPlan.start_year.desc()"
    )


class StrategicPlan(db.Model):
    __tablename__ = "strategic_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    start_year: Mapped[int]
    end_year: Mapped[int]
    mission_hy: Mapped[str | None] = mapped_column(Text)
    mission_en: Mapped[str | None] = mapped_column(Text)
    mission_ru: Mapped[str | None] = mapped_column(Text)
    vision_hy: Mapped[str | None] = mapped_column(Text)
    vision_en: Mapped[str | None] = mapped_column(Text)
    vision_ru: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(default=1)

    institution: Mapped[Institution] = relationship(back_populates="plans")
    goals: Mapped[list["PlanGoal"]] = relationship(
        back_populates="plan", order_by="PlanGoal.position", cascade="all, delete-orphan"
    )


plan_goal_objective = Table(
    "plan_goal_objective",
    db.metadata,
    Column("plan_goal_id", ForeignKey("plan_goal.id", ondelete="CASCADE"), primary_key=True),
    Column("objective_id", ForeignKey("objective.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class PlanGoal(db.Model):
    """One of the institution's own goals, linked to the program objectives it serves."""

    __tablename__ = "plan_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("strategic_plan.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(default=0)
    title_hy: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    title_ru: Mapped[str | None] = mapped_column(String(300))
    description_hy: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    description_ru: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[StrategicPlan] = relationship(back_populates="goals")
    objectives: Mapped[list[Objective]] = relationship(secondary=plan_goal_objective, order_by=Objective.code)
