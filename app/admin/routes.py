"""Thin views of the admin screens: load, check access, call one service, render or redirect."""

from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import htmx
from app.accounts.access import require_roles
from app.admin import bp, queries
from app.admin.forms import (
    CalendarOverrideForm,
    DeleteForm,
    GoalForm,
    IndicatorForm,
    InstitutionForm,
    ObjectiveForm,
    ProgramForm,
    SettlementForm,
)
from app.audit import versions
from app.community import services as community_services
from app.community.queries import local_today
from app.i18n import current_language, date_short, tr_text
from app.institutions import services as institution_services
from app.institutions.models import InstitutionKind
from app.limits import describe as describe_limits
from app.limits import queries as limits
from app.limits import services as limit_services
from app.limits.forms import AllowanceForm
from app.pagination import Page, clamp_page
from app.program import queries as program_queries
from app.program import services as program_services
from app.workdays import queries as workdays
from app.workdays import services as workday_services
from app.workdays.models import OverrideKind

ADMIN = "admin"
PAST_OVERRIDES_PER_PAGE = 20


def _actor():
    return current_user._get_current_object()


def _data(form, names):
    """The named fields' values; empty optional texts become NULL, so a missing translation falls back to Armenian."""
    values = {}
    for name in names:
        value = getattr(form, name).data
        values[name] = (value or None) if isinstance(value, str) else value
    return values


# --- landing page ------------------------------------------------------------------------------------------------


@bp.get("/")
@require_roles(ADMIN)
def index():
    # Screens of other packages (users, outbox, audit log) are linked only when they are installed.
    return render_template("admin/index.html", endpoints=set(current_app.view_functions))


# --- settlements -------------------------------------------------------------------------------------------------

SETTLEMENT_DATA = ["slug", "name_hy", "name_en", "name_ru", "population", "population_year", "is_centre", "position"]


@bp.get("/settlements")
@require_roles(ADMIN)
def settlements():
    return render_template("admin/settlements.html", settlements=queries.list_settlements())


def _settlement_form(settlement=None):
    except_id = settlement.id if settlement else None
    return SettlementForm(
        obj=settlement,
        slug_taken=lambda slug: queries.settlement_slug_taken(slug, except_id),
        other_centre=lambda: queries.other_centre(except_id),
    )


@bp.route("/settlements/new", methods=["GET", "POST"])
@require_roles(ADMIN)
def new_settlement():
    form = _settlement_form()
    if request.method == "GET" and queries.other_centre() is None:
        form.is_centre.data = True
    if form.validate_on_submit():
        settlement = community_services.create_settlement(_data(form, SETTLEMENT_DATA), _actor())
        flash(_("The settlement “%(name)s” was added.", name=tr_text(settlement, "name")), "success")
        return redirect(url_for(".settlements"))
    return htmx.render_form("admin/settlement_form.html", form=form, settlement=None)


@bp.route("/settlements/<id:settlement_id>/edit", methods=["GET", "POST"])
@require_roles(ADMIN)
def edit_settlement(settlement_id):
    settlement = queries.get_settlement_or_404(settlement_id, for_update=request.method == "POST")
    form = _settlement_form(settlement)
    if form.validate_on_submit():
        community_services.update_settlement(settlement, _data(form, SETTLEMENT_DATA), _actor())
        flash(_("The settlement “%(name)s” was saved.", name=tr_text(settlement, "name")), "success")
        return redirect(url_for(".settlements"))
    return htmx.render_form("admin/settlement_form.html", form=form, settlement=settlement)


# --- institutions ------------------------------------------------------------------------------------------------

INSTITUTION_DATA = ["slug", "kind", "settlement_id", "name_hy", "name_en", "name_ru", "address_hy", "address_en",
                    "address_ru", "head_name_hy", "head_name_en", "head_name_ru", "description_hy", "description_en",
                    "description_ru", "phone", "email", "website", "requires_review"]


def _users_endpoint():
    """The screen of one user (taking `user_id`), when the accounts package provides it."""
    return "accounts.user_edit" if "accounts.user_edit" in current_app.view_functions else None


@bp.get("/institutions")
@require_roles(ADMIN)
def institutions():
    rows = queries.list_institutions()
    return render_template("admin/institutions.html", institutions=rows,
                           editors=queries.editors_by_institution([i.id for i in rows]),
                           users_endpoint=_users_endpoint())


def _institution_form(institution=None):
    except_id = institution.id if institution else None
    form = InstitutionForm(
        obj=institution,
        settlements=queries.list_settlements(),
        slug_taken=lambda slug: queries.institution_slug_taken(slug, except_id),
    )
    if institution is not None and request.method == "GET":
        form.kind.data = institution.kind.value
    return form


def _institution_data(form):
    data = _data(form, INSTITUTION_DATA)
    data["kind"] = InstitutionKind(data["kind"])
    return data


@bp.route("/institutions/new", methods=["GET", "POST"])
@require_roles(ADMIN)
def new_institution():
    form = _institution_form()
    if form.validate_on_submit():
        institution = institution_services.create_institution(_institution_data(form), _actor())
        flash(_("The institution “%(name)s” was added.", name=tr_text(institution, "name")), "success")
        return redirect(url_for(".edit_institution", institution_id=institution.id))
    return htmx.render_form("admin/institution_form.html", form=form, institution=None, editors=[],
                            users_endpoint=_users_endpoint())


@bp.route("/institutions/<id:institution_id>/edit", methods=["GET", "POST"])
@require_roles(ADMIN)
def edit_institution(institution_id):
    institution = queries.get_institution_or_404(institution_id, for_update=request.method == "POST")
    form = _institution_form(institution)
    if form.validate_on_submit():
        institution_services.update_institution(institution, _institution_data(form), _actor())
        flash(_("The institution “%(name)s” was saved.", name=tr_text(institution, "name")), "success")
        return redirect(url_for(".institutions"))
    return htmx.render_form("admin/institution_form.html", form=form, institution=institution,
                            editors=queries.editors_by_institution([institution.id]).get(institution.id, []),
                            users_endpoint=_users_endpoint())


# --- the development program -------------------------------------------------------------------------------------

PROGRAM_DATA = ["title_hy", "title_en", "title_ru", "start_year", "end_year", "council_decision", "adopted_on",
                "document_url"]
GOAL_DATA = ["code", "title_hy", "title_en", "title_ru", "description_hy", "description_en", "description_ru",
             "position"]
OBJECTIVE_DATA = ["code", "title_hy", "title_en", "title_ru", "position"]
INDICATOR_DATA = ["name_hy", "name_en", "name_ru", "unit_hy", "unit_en", "unit_ru", "baseline", "baseline_year",
                  "target", "target_year"]


def _open_versioned(form, entity_type, item):
    """Remember, in a form being opened, the item's revision and its newest change."""
    if request.method == "GET":
        versions.open_form(form, entity_type, item)
    return form


def _conflict(template, entity_type, item, form, **context):
    """Refuse a save from a stale form with 409 and show what changed meanwhile; the form keeps the user's input."""
    return htmx.conflict(template, versions.changes_since_opened(form, entity_type, item), form=form, **context)


@bp.get("/program")
@require_roles(ADMIN)
def program():
    current = queries.get_current_program()
    return render_template("admin/program.html", program=current)


@bp.route("/program/edit", methods=["GET", "POST"])
@require_roles(ADMIN)
def edit_program():
    current = queries.get_current_program() if request.method == "GET" else _current_program_for_update()
    form = _open_versioned(ProgramForm(obj=current), "program", current)
    if form.validate_on_submit():
        if current is None:
            program_services.create_program(_data(form, PROGRAM_DATA), _actor())
            flash(_("The development program was created."), "success")
        else:
            try:
                program_services.update_program(current, _data(form, PROGRAM_DATA), _actor(), form.revision.data)
            except versions.StaleEdit:
                return _conflict("admin/program_form.html", "program", current, form, program=current)
            flash(_("The development program was saved."), "success")
        return redirect(url_for(".program"))
    return htmx.render_form("admin/program_form.html", form=form, program=current, conflict=None)


def _current_program_for_update():
    current = queries.get_current_program()
    return queries.get_program_or_404(for_update=True) if current is not None else None


def _goal_form(program, goal=None):
    except_id = goal.id if goal else None
    form = GoalForm(obj=goal, code_taken=lambda code: queries.goal_code_taken(program.id, code, except_id))
    if goal is None and request.method == "GET":
        form.position.data = max((g.position for g in program.goals), default=-1) + 1
    return _open_versioned(form, "goal", goal)


@bp.route("/program/goals/new", methods=["GET", "POST"])
@require_roles(ADMIN)
def new_goal():
    program = queries.get_program_or_404(for_update=request.method == "POST")
    form = _goal_form(program)
    if form.validate_on_submit():
        goal = program_services.create_goal(program, _data(form, GOAL_DATA), _actor())
        flash(_("Goal %(code)s was added.", code=goal.code), "success")
        return redirect(url_for(".program", _anchor=f"goal-{goal.id}"))
    return htmx.render_form("admin/goal_form.html", form=form, goal=None, program=program, conflict=None)


@bp.route("/program/goals/<id:goal_id>/edit", methods=["GET", "POST"])
@require_roles(ADMIN)
def edit_goal(goal_id):
    goal = queries.get_goal_or_404(goal_id, for_update=request.method == "POST")
    form = _goal_form(goal.program, goal)
    if form.validate_on_submit():
        try:
            program_services.update_goal(goal, _data(form, GOAL_DATA), _actor(), form.revision.data)
        except versions.StaleEdit:
            return _conflict("admin/goal_form.html", "goal", goal, form, goal=goal, program=goal.program)
        flash(_("Goal %(code)s was saved.", code=goal.code), "success")
        return redirect(url_for(".program", _anchor=f"goal-{goal.id}"))
    return htmx.render_form("admin/goal_form.html", form=form, goal=goal, program=goal.program, conflict=None)


def _refuse_linked(template, links, **context):
    """Explain why a program item stays: what links to it. Nothing was deleted."""
    return render_template(template, form=DeleteForm(), links=links, **context), 409


@bp.route("/program/goals/<id:goal_id>/delete", methods=["GET", "POST"])
@require_roles(ADMIN)
def delete_goal(goal_id):
    goal = queries.get_goal_or_404(goal_id, for_update=request.method == "POST")
    form = DeleteForm()
    if form.validate_on_submit():
        code = goal.code
        try:
            program_services.delete_goal(goal, _actor())
        except program_services.StillLinked as refused:
            return _refuse_linked("admin/delete_goal.html", refused.links, goal=goal)
        flash(_("Goal %(code)s was deleted.", code=code), "success")
        return redirect(url_for(".program"))
    return htmx.render_form("admin/delete_goal.html", form=form, goal=goal,
                            links=program_queries.objective_links([o.id for o in goal.objectives]))


def _objective_form(program_id, goal, objective=None):
    except_id = objective.id if objective else None
    form = ObjectiveForm(obj=objective,
                         code_taken=lambda code: queries.objective_code_taken(program_id, code, except_id))
    if objective is None and request.method == "GET":
        form.position.data = max((o.position for o in goal.objectives), default=-1) + 1
        form.code.data = f"{goal.code}.{len(goal.objectives) + 1}"
    return _open_versioned(form, "objective", objective)


@bp.route("/program/goals/<id:goal_id>/objectives/new", methods=["GET", "POST"])
@require_roles(ADMIN)
def new_objective(goal_id):
    goal = queries.get_goal_or_404(goal_id, for_update=request.method == "POST")
    form = _objective_form(goal.program_id, goal)
    if form.validate_on_submit():
        objective = program_services.create_objective(goal, _data(form, OBJECTIVE_DATA), _actor())
        flash(_("Objective %(code)s was added.", code=objective.code), "success")
        return redirect(url_for(".program", _anchor=f"goal-{goal.id}"))
    return htmx.render_form("admin/objective_form.html", form=form, goal=goal, objective=None, conflict=None)


@bp.route("/program/objectives/<id:objective_id>/edit", methods=["GET", "POST"])
@require_roles(ADMIN)
def edit_objective(objective_id):
    objective = queries.get_objective_or_404(objective_id, for_update=request.method == "POST")
    goal = objective.goal
    form = _objective_form(goal.program_id, goal, objective)
    if form.validate_on_submit():
        try:
            program_services.update_objective(objective, _data(form, OBJECTIVE_DATA), _actor(), form.revision.data)
        except versions.StaleEdit:
            return _conflict("admin/objective_form.html", "objective", objective, form, goal=objective.goal,
                             objective=objective)
        flash(_("Objective %(code)s was saved.", code=objective.code), "success")
        return redirect(url_for(".program", _anchor=f"goal-{goal.id}"))
    return htmx.render_form("admin/objective_form.html", form=form, goal=goal, objective=objective, conflict=None)


@bp.route("/program/objectives/<id:objective_id>/delete", methods=["GET", "POST"])
@require_roles(ADMIN)
def delete_objective(objective_id):
    objective = queries.get_objective_or_404(objective_id, for_update=request.method == "POST")
    form = DeleteForm()
    if form.validate_on_submit():
        code, goal_id = objective.code, objective.goal_id
        try:
            program_services.delete_objective(objective, _actor())
        except program_services.StillLinked as refused:
            return _refuse_linked("admin/delete_objective.html", refused.links, objective=objective)
        flash(_("Objective %(code)s was deleted.", code=code), "success")
        return redirect(url_for(".program", _anchor=f"goal-{goal_id}"))
    return htmx.render_form("admin/delete_objective.html", form=form, objective=objective,
                            links=program_queries.objective_links([objective.id]))


@bp.route("/program/objectives/<id:objective_id>/indicators/new", methods=["GET", "POST"])
@require_roles(ADMIN)
def new_indicator(objective_id):
    objective = queries.get_objective_or_404(objective_id, for_update=request.method == "POST")
    form = IndicatorForm()
    if form.validate_on_submit():
        program_services.create_indicator(objective, _data(form, INDICATOR_DATA), _actor())
        flash(_("The indicator was added to objective %(code)s.", code=objective.code), "success")
        return redirect(url_for(".program", _anchor=f"goal-{objective.goal_id}"))
    return htmx.render_form("admin/indicator_form.html", form=form, objective=objective, indicator=None, conflict=None)


@bp.route("/program/indicators/<id:indicator_id>/edit", methods=["GET", "POST"])
@require_roles(ADMIN)
def edit_indicator(indicator_id):
    indicator = queries.get_indicator_or_404(indicator_id, for_update=request.method == "POST")
    objective = indicator.objective
    form = _open_versioned(IndicatorForm(obj=indicator), "indicator", indicator)
    if form.validate_on_submit():
        try:
            program_services.update_indicator(indicator, _data(form, INDICATOR_DATA), _actor(), form.revision.data)
        except versions.StaleEdit:
            return _conflict("admin/indicator_form.html", "indicator", indicator, form, objective=indicator.objective,
                             indicator=indicator)
        flash(_("The indicator was saved."), "success")
        return redirect(url_for(".program", _anchor=f"goal-{objective.goal_id}"))
    return htmx.render_form("admin/indicator_form.html", form=form, objective=objective, indicator=indicator,
                            conflict=None)


@bp.route("/program/indicators/<id:indicator_id>/delete", methods=["GET", "POST"])
@require_roles(ADMIN)
def delete_indicator(indicator_id):
    indicator = queries.get_indicator_or_404(indicator_id, for_update=request.method == "POST")
    form = DeleteForm()
    if form.validate_on_submit():
        goal_id = indicator.objective.goal_id
        program_services.delete_indicator(indicator, _actor())
        flash(_("The indicator was deleted."), "success")
        return redirect(url_for(".program", _anchor=f"goal-{goal_id}"))
    return htmx.render_form("admin/delete_indicator.html", form=form, indicator=indicator)


# --- non-working-day overrides -----------------------------------------------------------------------------------

OVERRIDE_DATA = ["day", "kind", "note_hy", "note_en", "note_ru"]


@bp.get("/calendar")
@require_roles(ADMIN)
def calendar():
    today = local_today()
    overrides = workdays.list_overrides()
    upcoming = [o for o in overrides if o.day >= today]
    past = sorted((o for o in overrides if o.day < today), key=lambda o: o.day, reverse=True)
    page = clamp_page(request.args.get("page", 1, type=int), len(past), PAST_OVERRIDES_PER_PAGE)
    start = (page - 1) * PAST_OVERRIDES_PER_PAGE
    past_page = Page(past[start:start + PAST_OVERRIDES_PER_PAGE], page, PAST_OVERRIDES_PER_PAGE, len(past))
    years = [workdays.year_calendar(year, [o for o in overrides if o.day.year == year], current_language())
             for year in (today.year, today.year + 1)]
    return render_template("admin/calendar.html", upcoming=upcoming, past=past_page, years=years, today=today)


def _override_form(override=None):
    except_id = override.id if override else None

    def day_taken(day: date):
        found = workdays.get_override_on(day)
        return found is not None and found.id != except_id

    form = CalendarOverrideForm(obj=override, day_taken=day_taken, by_law_off=workdays.is_non_working_by_law)
    if override is not None and request.method == "GET":
        form.kind.data = override.kind.value
    return form


def _override_data(form):
    data = _data(form, OVERRIDE_DATA)
    data["kind"] = OverrideKind(data["kind"])
    return data


@bp.route("/calendar/new", methods=["GET", "POST"])
@require_roles(ADMIN)
def new_override():
    form = _override_form()
    if form.validate_on_submit():
        override = workday_services.create_override(_override_data(form), _actor())
        flash(_("The calendar entry for %(day)s was added.", day=date_short(override.day)), "success")
        return redirect(url_for(".calendar"))
    return htmx.render_form("admin/override_form.html", form=form, override=None)


@bp.route("/calendar/<id:override_id>/edit", methods=["GET", "POST"])
@require_roles(ADMIN)
def edit_override(override_id):
    override = workdays.get_override_or_404(override_id)
    form = _override_form(override)
    if form.validate_on_submit():
        workday_services.update_override(override, _override_data(form), _actor())
        flash(_("The calendar entry for %(day)s was saved.", day=date_short(override.day)), "success")
        return redirect(url_for(".calendar"))
    return htmx.render_form("admin/override_form.html", form=form, override=override)


@bp.route("/calendar/<id:override_id>/delete", methods=["GET", "POST"])
@require_roles(ADMIN)
def delete_override(override_id):
    override = workdays.get_override_or_404(override_id)
    form = DeleteForm()
    if form.validate_on_submit():
        day = override.day
        workday_services.delete_override(override, _actor())
        flash(_("The calendar entry for %(day)s was deleted.", day=date_short(day)), "success")
        return redirect(url_for(".calendar"))
    return htmx.render_form("admin/delete_override.html", form=form, override=override)


# --- addresses with higher limits --------------------------------------------------------------------------------

# The limits a listed address multiplies, as the admin page shows them.
LIMIT_KEYS = ("APPEAL_LIMITS_PER_IP", "COMMENT_LIMITS_PER_IP", "SUPPORT_LIMITS_PER_IP", "SUBSCRIBE_LIMITS_PER_IP")


@bp.route("/limits", methods=["GET", "POST"])
@require_roles(ADMIN)
def limits_index():
    """Addresses (a help desk, a community centre) whose residents' limits are higher, and the form to add one."""
    form = AllowanceForm()
    if form.validate_on_submit():
        if any(a.network == form.network.data for a in limits.list_allowances()):
            form.network.errors.append(_("This address is already listed."))
        else:
            limit_services.add_allowance(form.network.data, form.label.data, form.factor.data, _actor())
            flash(_("%(network)s now has %(factor)s times the usual limits.", network=form.network.data,
                    factor=form.factor.data), "success")
            return redirect(url_for(".limits_index"))
    return htmx.render_form("admin/limits.html", form=form, allowances=limits.list_allowances(),
                   usual={key: describe_limits(current_app.config[key]) for key in LIMIT_KEYS})



@bp.route("/limits/<id:allowance_id>/delete", methods=["GET", "POST"])
@require_roles(ADMIN)
def delete_limit(allowance_id):
    allowance = limits.get_allowance_or_404(allowance_id)
    form = DeleteForm()
    if form.validate_on_submit():
        network = allowance.network
        limit_services.remove_allowance(allowance, _actor())
        flash(_("%(network)s has the usual limits again.", network=network), "success")
        return redirect(url_for(".limits_index"))
    return htmx.render_form("admin/delete_limit.html", form=form, allowance=allowance)
