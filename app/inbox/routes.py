"""Thin views of the officers' inbox: load, check access, call one service, render or redirect."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, send_from_directory, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from app import htmx
from app.accounts.access import require_roles
from app.appeals import queries as appeal_queries
from app.appeals import services
from app.appeals.deadlines import DEFAULT_RULES, Counting, Kind, Unit
from app.appeals.forms import KIND_LABELS, MUNICIPALITY
from app.appeals.labels import STATUS_LABELS
from app.appeals.models import AppealChannel, AttachmentKind
from app.community.queries import community_timezone, list_settlements, local_today
from app.i18n import LANGUAGE_NAMES, current_language
from app.inbox import bp, queries, rules_bp
from app.inbox.forms import (
    CHANNEL_LABELS,
    COUNTING_LABELS,
    UNIT_LABELS,
    ActionForm,
    AnswerForm,
    AssignForm,
    DeleteForm,
    ForwardForm,
    NoteForm,
    PaperAppealForm,
    ReasonForm,
    RuleForm,
    TemplateForm,
)
from app.institutions.queries import list_institutions
from app.media.serving import content_disposition, locked_down
from app.media.storage import document_dir, photo_dir
from app.media.uploads import UploadError, accept_attachments, discard
from app.outbox.queries import delivery_state

HANDLERS = ("officer", "editor")  # admins pass every require_roles check
OFFICERS = ("officer",)
RECEIPT_KEY = "staff_appeal_receipt"


def _actor():
    return current_user._get_current_object()


def _labels():
    return {"KIND_LABELS": KIND_LABELS, "STATUS_LABELS": STATUS_LABELS, "CHANNEL_LABELS": CHANNEL_LABELS,
            "UNIT_LABELS": UNIT_LABELS, "COUNTING_LABELS": COUNTING_LABELS, "Unit": Unit, "Counting": Counting}


def _require_officer():
    """Registering, assigning, reviewing, extending and forwarding are the officers' (editors answer, note, reject)."""
    if not queries.handles_all_appeals(current_user):
        abort(403)


# --- the inbox ---------------------------------------------------------------------------------------------------


@bp.get("/")
@require_roles(*HANDLERS)
def index():
    filters = queries.InboxFilters.from_args(request.args)
    page = queries.list_inbox(_actor(), filters)
    officer = queries.handles_all_appeals(current_user)
    return htmx.render(
        "inbox/index.html", "inbox/_results.html", results=page, filters=filters, today=local_today(),
        officer=officer, settlements=list_settlements(), institutions=list_institutions(),
        assignees=queries.staff_handling_appeals() if officer else [], STATUS_FILTERS=queries.STATUS_FILTERS,
        **_labels())


# --- one appeal --------------------------------------------------------------------------------------------------


def _forms(appeal, **given):
    """Every action form of the appeal page; `given` holds the submitted one, with its data and errors."""
    template = queries.get_template(request.args.get("template")) if request.method == "GET" else None
    forms = {
        "register_form": ActionForm(formdata=None),
        "review_form": ActionForm(formdata=None),
        "assign_form": AssignForm(formdata=None, assignee_id=appeal.assignee_id),
        "extend_form": ReasonForm(formdata=None),
        "forward_form": ForwardForm(formdata=None),
        "answer_form": AnswerForm(formdata=None, answer_text=template.body if template else None),
        "reject_form": ReasonForm(formdata=None),
        "note_form": NoteForm(formdata=None),
    }
    forms.update(given)
    for key, form in forms.items():
        _own_ids(form, key.removesuffix("_form"))
    forms["assign_form"].assignee_id.choices = [SelectChoice(u.id, u.full_name) for u in
                                                queries.assignable_users(appeal)]
    return forms


def _own_ids(form, prefix):
    """Give the fields of one of the page's many forms ids of their own ("reason" of extend and of reject, "note" of
    forward and of the internal note), so each label points at its own field; the posted names stay as they are."""
    for field in form:
        if field.type != "CSRFTokenField":
            field.id = field.label.field_id = f"{prefix}-{field.name}"


def _appeal_page(appeal, status=200, conflict=None, **given):
    """The appeal with its actions; a refused or invalid action (`given`) is shown as submitted, whatever the state."""
    submitted = next(iter(given), None)
    return render_template(
        "inbox/appeal.html", appeal=appeal, deadline=appeal_queries.explain_deadline(appeal), today=local_today(),
        officer=queries.handles_all_appeals(current_user), actors=queries.event_actors(appeal),
        templates=queries.list_templates(), conflict=conflict, submitted=submitted, **_forms(appeal, **given),
        applicant_messages=appeal_queries.applicant_messages(appeal),
        applicant_channel=appeal_queries.applicant_channel(appeal), delivery_state=delivery_state,
        is_admin=current_user.is_admin, **_labels()), status


@bp.get("/<tracking_number>")
@require_roles(*HANDLERS)
def appeal(tracking_number):
    return _appeal_page(queries.get_appeal_for_staff_or_404(tracking_number, _actor()))


@bp.get("/<tracking_number>/attachments/<id:attachment_id>")
@require_roles(*HANDLERS)
def attachment(tracking_number, attachment_id):
    """An attachment of an appeal this user may handle; never cached, never served publicly."""
    appeal = queries.get_appeal_for_staff_or_404(tracking_number, _actor())
    found = next((a for a in appeal.attachments if a.id == attachment_id), None)
    if found is None:
        abort(404)
    if found.kind == AttachmentKind.PHOTO:
        response = send_from_directory(photo_dir(create=False), found.file_name, mimetype="image/jpeg")
        response.headers["Content-Disposition"] = f'inline; filename="{found.file_name}"'
    else:
        response = send_from_directory(document_dir(create=False), found.file_name, mimetype="application/pdf")
        response.headers["Content-Disposition"] = content_disposition(found.title, found.file_name)
    response.headers["Cache-Control"] = "no-store"
    return locked_down(response)


def _act(tracking_number, form_name, form_cls, do, *, officers_only=True, done=None, tells_applicant=False):
    """Load the appeal, check who may act, validate the form, run the step; 422 / 409 keep the form as typed."""
    appeal = queries.get_appeal_for_staff_or_404(tracking_number, _actor())
    if officers_only:
        _require_officer()
    form = form_cls()
    if form_name == "assign_form":
        form.assignee_id.choices = [SelectChoice(u.id, u.full_name) for u in queries.assignable_users(appeal)]
    if not form.validate_on_submit():
        return _appeal_page(appeal, 422, **{form_name: form})
    try:
        do(appeal, form)
    except services.Conflict as conflict:
        return _appeal_page(appeal, 409, conflict=conflict.message, **{form_name: form})
    flash(done or _("Saved."), "success")
    if tells_applicant:
        _flash_applicant_told(appeal)
    return redirect(url_for("inbox.appeal", tracking_number=appeal.tracking_number))


def _flash_applicant_told(appeal):
    """Say how the applicant hears of the step: queued (its state is on the page), or not at all."""
    channel = appeal_queries.applicant_channel(appeal)
    if channel == "email":
        flash(_("An e-mail to the applicant is queued; its state is shown under \"Messages to the applicant\"."),
              "success")
    elif channel == "sms":
        flash(_("An SMS to the applicant is queued; its state is shown under \"Messages to the applicant\"."),
              "success")
    else:
        flash(_("The applicant gave no e-mail address and no mobile number a text message can reach: tell them by "
                "post or by phone."), "warning")


@bp.post("/<tracking_number>/register")
@require_roles(*HANDLERS)
def register(tracking_number):
    return _act(tracking_number, "register_form", ActionForm,
                lambda a, f: services.register(a, _actor()), done=_("The appeal was registered."),
                tells_applicant=True)


def _assign(appeal, form):
    assignee = next(u for u in queries.assignable_users(appeal) if u.id == form.assignee_id.data)
    services.assign(appeal, _actor(), assignee)


@bp.post("/<tracking_number>/assign")
@require_roles(*HANDLERS)
def assign(tracking_number):
    return _act(tracking_number, "assign_form", AssignForm, _assign, done=_("The appeal was assigned."))


@bp.post("/<tracking_number>/review")
@require_roles(*HANDLERS)
def start_review(tracking_number):
    return _act(tracking_number, "review_form", ActionForm,
                lambda a, f: services.start_review(a, _actor()), done=_("The appeal is now in review."))


@bp.post("/<tracking_number>/extend")
@require_roles(*HANDLERS)
def extend(tracking_number):
    return _act(tracking_number, "extend_form", ReasonForm,
                lambda a, f: services.extend_deadline(a, _actor(), f.reason.data),
                done=_("The due date was extended."), tells_applicant=True)


@bp.post("/<tracking_number>/forward")
@require_roles(*HANDLERS)
def forward(tracking_number):
    return _act(tracking_number, "forward_form", ForwardForm,
                lambda a, f: services.forward(a, _actor(), f.forwarded_to.data, f.note.data or None),
                done=_("The appeal was forwarded."), tells_applicant=True)


@bp.post("/<tracking_number>/answer")
@require_roles(*HANDLERS)
def answer(tracking_number):
    return _act(tracking_number, "answer_form", AnswerForm,
                lambda a, f: services.answer(a, _actor(), f.answer_text.data), officers_only=False,
                done=_("The answer was saved."), tells_applicant=True)


@bp.post("/<tracking_number>/reject")
@require_roles(*HANDLERS)
def reject(tracking_number):
    return _act(tracking_number, "reject_form", ReasonForm,
                lambda a, f: services.reject(a, _actor(), f.reason.data), officers_only=False,
                done=_("The appeal was rejected."), tells_applicant=True)


@bp.post("/<tracking_number>/note")
@require_roles(*HANDLERS)
def note(tracking_number):
    return _act(tracking_number, "note_form", NoteForm,
                lambda a, f: services.add_note(a, _actor(), f.note.data), officers_only=False,
                done=_("The note was added."))


# --- paper and phone appeals -------------------------------------------------------------------------------------


def _paper_form():
    form = PaperAppealForm()
    form.fill_choices()
    form.language.choices = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]
    if request.method == "GET":
        form.addressee.data = MUNICIPALITY
        form.channel.data = AppealChannel.PAPER.value
        form.received_on.data = local_today()
        form.language.data = current_language()
    return form


def _received_dt(day):
    """Noon, local time, of the day the appeal was received (today: now), stored in UTC."""
    tz = ZoneInfo(community_timezone())
    if day == local_today():
        return None
    return datetime.combine(day, time(12), tzinfo=tz).astimezone(ZoneInfo("UTC"))


@bp.route("/new", methods=["GET", "POST"])
@require_roles(*OFFICERS)
def new():
    form = _paper_form()
    if request.method == "GET" or not form.validate_on_submit():
        return htmx.render_form("inbox/new.html", form=form)
    if form.received_on.data > local_today():
        form.received_on.errors = [*form.received_on.errors, _("The date received cannot be in the future.")]
        return render_template("inbox/new.html", form=form), 422
    try:
        images, documents = accept_attachments(form.attachments.data)
    except UploadError as error:
        form.attachments.errors = [*form.attachments.errors, str(error)]
        return render_template("inbox/new.html", form=form), 422
    try:
        appeal, secret = services.submit_appeal(
            form.appeal_data(), images, documents, form.language.data, channel=AppealChannel(form.channel.data),
            received_dt=_received_dt(form.received_on.data), actor=_actor())
    except BaseException:
        discard(*[stored for stored, _t in images + documents])
        raise
    session[RECEIPT_KEY] = {"number": appeal.tracking_number, "key": secret}
    return redirect(url_for("inbox.receipt"))


@bp.get("/receipt")
@require_roles(*OFFICERS)
def receipt():
    """The printable receipt for the resident: the secret code is shown this once."""
    shown = session.pop(RECEIPT_KEY, None)
    if not shown:
        return render_template("appeals/receipt_gone.html"), 410
    appeal = appeal_queries.get_appeal_or_404(shown["number"], shown["key"])
    return render_template("inbox/receipt.html", appeal=appeal, key=shown["key"],
                           deadline=appeal_queries.explain_deadline(appeal), **_labels())


# --- answer templates --------------------------------------------------------------------------------------------


@bp.get("/templates")
@require_roles(*OFFICERS)
def templates():
    return render_template("inbox/templates.html", templates=queries.list_templates(), delete_form=DeleteForm())


@bp.route("/templates/new", methods=["GET", "POST"])
@require_roles(*OFFICERS)
def new_template():
    form = TemplateForm()
    if form.validate_on_submit():
        services.create_template({"title": form.title.data, "body": form.body.data}, _actor())
        flash(_("The answer template was added."), "success")
        return redirect(url_for("inbox.templates"))
    return htmx.render_form("inbox/template_form.html", form=form, template=None)


@bp.route("/templates/<id:template_id>/edit", methods=["GET", "POST"])
@require_roles(*OFFICERS)
def edit_template(template_id):
    template = queries.get_template_or_404(template_id)
    form = TemplateForm(obj=template)
    if form.validate_on_submit():
        services.update_template(template, {"title": form.title.data, "body": form.body.data}, _actor())
        flash(_("The answer template was saved."), "success")
        return redirect(url_for("inbox.templates"))
    return htmx.render_form("inbox/template_form.html", form=form, template=template)


@bp.post("/templates/<id:template_id>/delete")
@require_roles(*OFFICERS)
def delete_template(template_id):
    template = queries.get_template_or_404(template_id)
    if DeleteForm().validate_on_submit():
        services.delete_template(template, _actor())
        flash(_("The answer template was deleted."), "success")
    return redirect(url_for("inbox.templates"))


# --- deadline rules (admin) --------------------------------------------------------------------------------------


def _kind_or_404(kind) -> Kind:
    try:
        return Kind(kind)
    except ValueError:
        abort(404)


@rules_bp.get("/", endpoint="index")
@require_roles("admin")
def rules_index():
    rules = {kind: appeal_queries.current_rule(kind) for kind in Kind}
    return render_template("inbox/rules.html", rules=rules, stored=queries.stored_rules(), defaults=DEFAULT_RULES,
                           reset_form=DeleteForm(), **_labels())


@rules_bp.route("/<kind>", methods=["GET", "POST"])
@require_roles("admin")
def edit(kind):
    kind = _kind_or_404(kind)
    rule = appeal_queries.current_rule(kind)
    form = RuleForm(kind=kind, data=None if request.method == "POST" else {
        "limit": rule.limit, "unit": rule.unit.value, "counting": rule.counting.value})
    if form.validate_on_submit():
        services.save_rule(kind, {"limit": form.limit.data, "unit": Unit(form.unit.data),
                                  "counting": Counting(form.counting.data)}, _actor())
        flash(_("The rule was saved; it applies to appeals received from now on."), "success")
        return redirect(url_for("deadline_rules.index"))
    return htmx.render_form("inbox/rule_form.html", form=form, kind=kind, default=DEFAULT_RULES[kind],
                            **_labels())


@rules_bp.post("/<kind>/reset")
@require_roles("admin")
def reset(kind):
    kind = _kind_or_404(kind)
    if DeleteForm().validate_on_submit():
        services.reset_rule(kind, _actor())
        flash(_("The default rule applies again to new appeals."), "success")
    return redirect(url_for("deadline_rules.index"))
