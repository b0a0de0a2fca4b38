from flask import render_template

from app.audit.queries import history
from app.community.queries import get_community, local_today
from app.institutions import bp
from app.institutions.queries import current_plan, get_institution_or_404, reporting_record
from app.institutions.structured import organization
from app.schedule.history import describe
from app.schedule.queries import latest_reports, upcoming_actions, year_figures


@bp.get("/institutions/<slug>")
def institution(slug):
    inst = get_institution_or_404(slug)
    plan = current_plan(inst)
    today = local_today()
    community = get_community()
    grace = community.report_overdue_days if community else 7
    return render_template(
        "institutions/institution.html",
        institution=inst,
        structured_data=organization(inst),
        plan=plan,
        history=describe(history(("plan", plan.id), *[("plan_goal", g.id) for g in plan.goals])) if plan else [],
        record=reporting_record(inst, today, grace),
        figures=year_figures(today, institution_id=inst.id),
        upcoming=upcoming_actions(today, limit=10, institution_id=inst.id),
        reports=latest_reports(6, institution_id=inst.id),
    )


@bp.get("/institutions")
def index():
    from app.institutions.queries import list_institutions

    return render_template("institutions/index.html", institutions=list_institutions())
