"""Thin views of the editor's workspace: load, check access, call one service, render or redirect."""

import os

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import htmx
from app.accounts.access import require_roles
from app.audit import versions
from app.community.queries import get_community, local_today
from app.i18n import LANGS
from app.institutions import services as institution_services
from app.media.storage import discard
from app.media.uploads import UploadError, accept_image, accept_pdf
from app.schedule import services
from app.staff import bp, queries
from app.staff.forms import ActionForm, PlanForm, PlanGoalForm, ProfileForm, ReportForm, StatusForm

EDITORS = ("editor", "admin")
REVIEWERS = ("admin", "officer")


def _fields(form, names):
    return {name: getattr(form, name).data for name in names}


def _clean(data):
    """Empty optional texts are stored as NULL, so a missing translation falls back to Armenian."""
    return {k: (v.strip() or None) if isinstance(v, str) else v for k, v in data.items()}


@bp.get("/institution")
@require_roles(*EDITORS)
def my_institution():
    """Send an editor straight to their institution; others choose."""
    institutions = queries.editable_institutions()
    if len(institutions) == 1:
        return redirect(url_for("staff.workspace", slug=institutions[0].slug))
    return render_template("staff/choose.html", institutions=institutions)


@bp.get("/institutions/<slug>")
@require_roles(*EDITORS)
def workspace(slug):
    institution = queries.get_institution_for_edit_or_404(slug)
    community = get_community()
    grace = community.report_overdue_days if community else 7
    return render_template(
        "staff/workspace.html", institution=institution, today=local_today(),
        attention=queries.needs_attention(institution, local_today(), grace), grace=grace,
        actions=queries.workspace_actions(institution), status_form=StatusForm(),
    )


def _action_form(action=None):
    form = ActionForm(obj=action)
    form.settlement_id.choices = queries.settlement_choices()
    form.objectives.choices = queries.objective_choices()
    if action is not None and request.method == "GET":
        form.objectives.data = [o.id for o in action.objectives]
        form.funding_source.data = action.funding_source.value
        versions.open_form(form, "action", action)
    return form


ACTION_DATA = [f"{n}_{lang}" for n in ("title", "description", "venue") for lang in LANGS] + [
    "settlement_id", "start_date", "start_time", "end_date", "end_time", "budget_planned", "funding_source"]


@bp.route("/institutions/<slug>/actions/new", methods=["GET", "POST"])
@require_roles(*EDITORS)
def new_action(slug):
    institution = queries.get_institution_for_edit_or_404(slug)
    form = _action_form()
    if request.method == "GET":
        form.settlement_id.data = institution.settlement_id
    if form.validate_on_submit():
        action = services.create_action(institution, _clean(_fields(form, ACTION_DATA)), form.objectives.data,
                                        current_user)
        flash(_("The action was saved.") if action.published
              else _("The action was saved and waits for the municipality's approval."), "success")
        return redirect(url_for("staff.workspace", slug=institution.slug))
    return htmx.render_form("staff/action_form.html", form=form, institution=institution, action=None)


@bp.route("/actions/<id:action_id>/edit", methods=["GET", "POST"])
@require_roles(*EDITORS)
def edit_action(action_id):
    action = queries.get_action_for_edit_or_404(action_id)
    form = _action_form(action)
    if form.validate_on_submit():
        try:
            services.update_action(action, _clean(_fields(form, ACTION_DATA)), form.objectives.data, current_user,
                                   form.revision.data)
        except versions.StaleEdit:
            return _conflict("staff/action_form.html", "action", action, form, action=action,
                             institution=action.institution)
        flash(_("The action was saved.") if not (action.published and action.institution.requires_review)
              else _("Your changes wait for the municipality's approval; the published version stays until then."),
              "success")
        return redirect(url_for("staff.workspace", slug=action.institution.slug))
    return htmx.render_form("staff/action_form.html", form=form, institution=action.institution,
                            action=action)


def _conflict(template, entity_type, item, form, **context):
    """Refuse a save from a stale form with 409 and show what changed meanwhile."""
    return htmx.conflict(template, versions.changes_since_opened(form, entity_type, item), form=form, **context)


@bp.route("/actions/<id:action_id>/status", methods=["GET", "POST"])
@require_roles(*EDITORS)
def action_status(action_id):
    action = queries.get_action_for_edit_or_404(action_id)
    form = StatusForm()
    if request.method == "GET":
        form.status.data = action.status.value
        form.revision.data = action.revision
    elif form.validate_on_submit():
        try:
            services.change_status(action, form.status.data, form.reason_hy.data, form.reason_en.data,
                                   form.new_start_date.data, form.new_end_date.data, current_user,
                                   form.revision.data)
        except versions.StaleEdit:
            flash(_("Someone changed this action meanwhile; check it and try again."), "error")
            return _status_response(action, StatusForm(formdata=None), 409)
        flash(_("The status was changed."), "success")
        if htmx.wants_partial():
            return _status_response(action, StatusForm(formdata=None), 200)
        return redirect(url_for("staff.workspace", slug=action.institution.slug))
    else:
        return _status_response(action, form, 422)
    return render_template("staff/status.html", action=action, form=form)


def _status_response(action, form, status):
    """The action's row (htmx) with an out-of-band flash, or the status page without JavaScript."""
    if htmx.wants_partial():
        return htmx.partial_with_flash("staff/_action_row.html", status, action=action, status_form=form,
                                       today=local_today(), errors=status == 422)
    return render_template("staff/status.html", action=action, form=form), status


def _report_form(report=None):
    form = ReportForm(obj=report)
    if request.method == "GET":
        versions.open_form(form, "report", report)
    return form


REPORT_DATA = [f"body_{lang}" for lang in LANGS] + ["report_date", "participants", "actual_spent"]


def _accept_uploads(form):
    """Check and store every uploaded file; on the first bad one, remove what was stored and report it."""
    stored_images, stored_docs = [], []
    try:
        for upload in form.photos.data or []:
            if upload and upload.filename:
                stored_images.append(accept_image(upload))
        for upload in form.documents.data or []:
            if upload and upload.filename:
                title = os.path.splitext(os.path.basename(upload.filename.replace("\\", "/")))[0] or "document"
                stored_docs.append((accept_pdf(upload), title))
    except UploadError as error:
        for stored in stored_images + [doc for doc, _title in stored_docs]:
            discard(stored)
        raise error
    return stored_images, stored_docs


def _save_report(form, save):
    """Store uploads, then save; if the save fails, the stored files are removed so nothing is orphaned."""
    try:
        images, docs = _accept_uploads(form)
    except UploadError as error:
        target = form.documents if error.field == "documents" else form.photos
        target.errors = list(target.errors) + [str(error)]
        return False
    try:
        save(images, docs)
    except BaseException:
        for stored in images + [doc for doc, _title in docs]:
            discard(stored)
        raise
    return True


@bp.route("/actions/<id:action_id>/reports/new", methods=["GET", "POST"])
@require_roles(*EDITORS)
def new_report(action_id):
    action = queries.get_action_for_edit_or_404(action_id)
    form = _report_form()
    if request.method == "GET":
        form.report_date.data = local_today()
    if form.validate_on_submit() and _save_report(form, lambda images, docs: services.create_report(
            action, _clean(_fields(form, REPORT_DATA)), images, docs, current_user)):
        flash(_("The report was published.") if not action.institution.requires_review
              else _("The report was saved and waits for the municipality's approval."), "success")
        return redirect(url_for("staff.workspace", slug=action.institution.slug))
    return htmx.render_form("staff/report_form.html", form=form, action=action, report=None)


@bp.route("/reports/<id:report_id>/edit", methods=["GET", "POST"])
@require_roles(*EDITORS)
def edit_report(report_id):
    report = queries.get_report_for_edit_or_404(report_id)
    form = _report_form(report)
    if form.validate_on_submit():
        try:
            saved = _save_report(form, lambda images, docs: services.update_report(
                report, _clean(_fields(form, REPORT_DATA)), images, docs, current_user, form.revision.data))
        except versions.StaleEdit:
            return _conflict("staff/report_form.html", "report", report, form, report=report, action=report.action)
        if saved:
            held = report.published and report.action.institution.requires_review
            flash(_("Your changes wait for the municipality's approval; the published version stays until then.")
                  if held else _("The report was saved."), "success")
            return redirect(url_for("staff.workspace", slug=report.action.institution.slug))
    return htmx.render_form("staff/report_form.html", form=form, action=report.action, report=report)


@bp.route("/institutions/<slug>/plan", methods=["GET", "POST"])
@require_roles(*EDITORS)
def plan(slug):
    institution = queries.get_institution_for_edit_or_404(slug)
    current = queries.current_plan_for_edit(institution)
    form = PlanForm(obj=current)
    if request.method == "GET":
        versions.open_form(form, "plan", current)
    if form.validate_on_submit():
        data = _clean(_fields(form, institution_services.PLAN_FIELDS))
        try:
            institution_services.save_plan(institution, current, data, current_user, form.revision.data)
        except versions.StaleEdit:
            return _conflict("staff/plan.html", "plan", current, form, institution=institution, plan=current)
        flash(_("The strategic plan was saved."), "success")
        return redirect(url_for("staff.plan", slug=institution.slug))
    return htmx.render_form("staff/plan.html", form=form, institution=institution, plan=current)


@bp.route("/institutions/<slug>/plan/goals/new", methods=["GET", "POST"])
@require_roles(*EDITORS)
def new_plan_goal(slug):
    institution = queries.get_institution_for_edit_or_404(slug)
    current = queries.current_plan_for_edit(institution)
    if current is None:
        flash(_("Save the plan's period first."), "warning")
        return redirect(url_for("staff.plan", slug=slug))
    return _plan_goal_form(institution, current, None)


@bp.route("/plan-goals/<id:goal_id>/edit", methods=["GET", "POST"])
@require_roles(*EDITORS)
def edit_plan_goal(goal_id):
    goal = queries.get_plan_goal_for_edit_or_404(goal_id)
    return _plan_goal_form(goal.plan.institution, goal.plan, goal)


def _plan_goal_form(institution, plan_, goal):
    form = PlanGoalForm(obj=goal)
    form.objectives.choices = queries.objective_choices()
    if goal is not None and request.method == "GET":
        form.objectives.data = [o.id for o in goal.objectives]
    if form.validate_on_submit():
        institution_services.save_plan_goal(plan_, goal, _clean(_fields(form, institution_services.PLAN_GOAL_FIELDS)),
                                            form.objectives.data, current_user)
        flash(_("The goal was saved."), "success")
        return redirect(url_for("staff.plan", slug=institution.slug))
    return htmx.render_form("staff/plan_goal_form.html", form=form, institution=institution, goal=goal)


@bp.route("/institutions/<slug>/profile", methods=["GET", "POST"])
@require_roles(*EDITORS)
def profile(slug):
    institution = queries.get_institution_for_edit_or_404(slug)
    form = ProfileForm(obj=institution)
    if form.validate_on_submit():
        institution_services.update_profile(institution, _clean(_fields(form, institution_services.PROFILE_FIELDS)),
                                            current_user)
        flash(_("The profile was saved."), "success")
        return redirect(url_for("staff.workspace", slug=slug))
    return htmx.render_form("staff/profile.html", form=form, institution=institution)


@bp.get("/review")
@require_roles(*REVIEWERS)
def review():
    return render_template("staff/review.html", drafts=queries.drafts(), changes=queries.pending_changes())


@bp.post("/review/changes/<int:pending_id>/approve")
@require_roles(*REVIEWERS)
def approve_change(pending_id):
    services.apply_pending(queries.get_pending_or_404(pending_id), current_user)
    flash(_("The change was approved and is now public."), "success")
    return redirect(url_for("staff.review"))


@bp.post("/review/changes/<int:pending_id>/reject")
@require_roles(*REVIEWERS)
def reject_change(pending_id):
    services.reject_pending(queries.get_pending_or_404(pending_id), current_user)
    flash(_("The change was rejected; the published version stays."), "success")
    return redirect(url_for("staff.review"))


@bp.post("/review/<kind>/<id:item_id>/approve")
@require_roles(*REVIEWERS)
def approve(kind, item_id):
    item = queries.get_draft_or_404(kind, item_id)
    services.publish(item, current_user)
    flash(_("Approved and published."), "success")
    return redirect(url_for("staff.review"))


