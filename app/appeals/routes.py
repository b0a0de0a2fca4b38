"""Thin views: submitting an appeal, its receipt (page and PDF), and tracking it by number and access code."""

import os
import time

from flask import abort, current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup

from app import htmx, limits
from app.appeals import bp, queries, services
from app.appeals.deadlines import Counting, Unit
from app.appeals.forms import KIND_LABELS, MUNICIPALITY, AppealForm, ForgetForm, RatingForm, TrackForm, WithdrawForm
from app.appeals.labels import STATUS_LABELS
from app.extensions import limiter
from app.fill_time import EXPIRED, REPLAYED, STALE_FORM, FillTimer
from app.i18n import current_language
from app.limits import take
from app.media.uploads import UploadError, accept_attachments, discard
from app.outbox.queries import delivery_state, file_of, latest_message
from app.outbox.transport import channel_is_configured
from app.posters.pdf import render_pdf
from app.retention import queries as retention_queries
from app.retention import services as retention_services

MIN_FILL_SECONDS = 3
RECEIPT_KEY = "appeal_receipt"  # the session's receipt: number, code, and until when it is shown
ACCESS_KEY = "appeal_access"  # the appeals this session may see: number -> until (epoch seconds)


_fill_timer = FillTimer("appeal-form-started", "APPEAL_MIN_FILL_SECONDS", MIN_FILL_SECONDS)
# The hidden field that tells, unforgeably, when the form was shown.
sign_started = _fill_timer.sign


def _appeal_form():
    form = AppealForm()
    form.fill_choices()
    if request.method == "GET":
        form.addressee.data = MUNICIPALITY
    return form


def _render_form(form, status=200, notice=None):
    form.started.data = sign_started(time.time())
    return render_template("appeals/new.html", form=form, notice=notice), status


@bp.route("/new", methods=["GET", "POST"])
def new():
    """The appeal form; only accepted appeals count towards the address's limits (app/limits.take)."""
    form = _appeal_form()
    if request.method == "GET":
        return _render_form(form)
    if form.website.data:
        # A bot filled the hidden field; a person who did so by mistake gets the form back with everything kept.
        form.website.data = ""
        return _render_form(form, 422, _("The form could not be sent. Please leave the last field empty and "
                                         "send it again."))
    refused = _fill_timer.check(form.started.data)
    if refused in (EXPIRED, REPLAYED):
        return _render_form(form, 422, STALE_FORM)
    if refused:
        return _render_form(form, 422, _("That was very quick. Please check your appeal and send it again."))
    if not form.validate_on_submit():
        return _render_form(form, 422)
    try:
        images, documents = accept_attachments(form.attachments.data)
    except UploadError as error:
        form.attachments.errors = [*form.attachments.errors, str(error)]
        return _render_form(form, 422)
    try:
        take("APPEAL_LIMITS_PER_IP")
        appeal, code = services.submit_appeal(form.appeal_data(), images, documents, current_language())
    except BaseException:
        discard(*[stored for stored, _t in images + documents])
        raise
    session[RECEIPT_KEY] = {"number": appeal.tracking_number, "code": code,
                            "until": time.time() + _session_hours() * 3600}
    _grant(appeal.tracking_number)
    return redirect(url_for("appeals.receipt"))


# Fields the form re-checks one by one while the resident types (htmx); the others are checked on sending.
CHECKED_FIELDS = ("subject", "text", "applicant_name", "applicant_email", "applicant_phone", "applicant_address")


@bp.post("/new/check")
@limiter.limit(limits.setting("APPEAL_FIELD_CHECK_LIMITS"))
def check_field():
    """Re-render one field of the appeal form with its errors; nothing is stored."""
    name = request.headers.get("HX-Trigger-Name", "")
    if name not in CHECKED_FIELDS:
        abort(400)
    form = _appeal_form()
    form.validate()
    target = form[name]
    if name == "applicant_email" and not request.form.get("applicant_phone", "").strip():
        # "An email or a phone" is judged on sending: the phone field may still be ahead of the resident.
        target.errors = [e for e in target.errors if e is not form.CONTACT_NEEDED]
    return htmx.partial("appeals/_field.html", form=form, name=name)


def receipt_css() -> str:
    with open(os.path.join(current_app.static_folder, "css", "receipt.css"), encoding="utf-8") as fh:
        return fh.read()


def _session_hours() -> float:
    return current_app.config["APPEAL_SESSION_HOURS"]


def _grant(number: str):
    """Let this browser session see the appeal (after its code, its e-mailed link, or its submission)."""
    grants = {n: until for n, until in session.get(ACCESS_KEY, {}).items() if until > time.time()}
    grants[number] = time.time() + _session_hours() * 3600
    # A handful at most: the session cookie stays small.
    session[ACCESS_KEY] = dict(sorted(grants.items(), key=lambda item: item[1])[-5:])


def _granted_appeal(number: str | None):
    """The appeal this session may see under `number`, else None."""
    number = queries.normalize_number(number)
    until = session.get(ACCESS_KEY, {}).get(number)
    if not until or until < time.time():
        return None
    return queries.get_appeal_by_number(number)


def _shown_receipt():
    shown = session.get(RECEIPT_KEY)
    if not shown or shown.get("until", 0) < time.time():
        return None
    return shown


@bp.get("/receipt")
def receipt():
    """The number and the access code, for the rest of the browser session (reload and back work)."""
    shown = _shown_receipt()
    if not shown:
        return _private(render_template("appeals/receipt_gone.html"), 410)
    appeal = queries.get_appeal_or_404(shown["number"], shown["code"])
    # The receipt went by e-mail, or by SMS to an applicant who gave only a phone number: say what became of it.
    message = latest_message(queries.receipt_reference(appeal))
    mail = message if message and message.channel == "email" else None
    sms = message if message and message.channel == "sms" else None
    return _private(render_template("appeals/receipt.html", appeal=appeal, code=shown["code"],
                                    deadline=queries.explain_deadline(appeal), receipt_mail=mail,
                                    receipt_file=file_of(mail) if mail else None, receipt_sms=sms,
                                    receipt_sms_state=_sms_state(sms) if sms else None, **_labels()))


def _sms_state(message) -> str:
    """The text message's state; "saved" already while queued when no SMS gateway is set up (it never leaves)."""
    state = delivery_state(message)
    return "saved" if state in ("queued", "retrying") and not channel_is_configured("sms") else state


@bp.get("/receipt.pdf")
@limiter.limit(limits.setting("RECEIPT_PDF_LIMITS"))  # rendering a PDF takes a CPU for a moment
def receipt_pdf():
    """The receipt as an A4 PDF in the reader's language: number, code, due date and how to track."""
    shown = _shown_receipt()
    if not shown:
        return _private(render_template("appeals/receipt_gone.html"), 410)
    appeal = queries.get_appeal_or_404(shown["number"], shown["code"])
    html = render_template("appeals/receipt_pdf.html", appeal=appeal, code=shown["code"],
                           deadline=queries.explain_deadline(appeal),
                           inline_css=Markup(receipt_css()),  # noqa: S704 - our own stylesheet
                           **_labels())
    response = _private(make_response(render_pdf(html)))
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{appeal.tracking_number}.pdf"'
    return response


def _private(response, status=None):
    """No shared cache and no browser history cache keeps a page with a code or personal data."""
    response = current_app.make_response(response if status is None else (response, status))
    response.headers["Cache-Control"] = "no-store"
    return response


def _labels():
    return {"KIND_LABELS": KIND_LABELS, "STATUS_LABELS": STATUS_LABELS, "Unit": Unit, "Counting": Counting}


def _track_page(appeal, status=200, withdraw_form=None, rating_form=None):
    number = appeal.tracking_number
    withdraw_form = withdraw_form or WithdrawForm(formdata=None, number=number)
    rating_form = rating_form or RatingForm(formdata=None, number=number)
    return _private(render_template(
        "appeals/track.html", appeal=appeal, can_act=True, deadline=queries.explain_deadline(appeal),
        withdraw_form=withdraw_form, rating_form=rating_form, forget_form=ForgetForm(formdata=None, number=number),
        **_labels()), status)


def _track_form(form=None, status=200, message=None, number=None):
    form = form or TrackForm(formdata=None, number=number)
    form.key.data = ""  # a code is never echoed back into a page
    return _private(render_template("appeals/track_form.html", form=form, message=message), status)


WRONG_NUMBER_OR_CODE = _l("We could not find an appeal with this number and code. Check both and try again.")


def _attempt(form):
    """Open the appeal the form names: grant this session and go to its clean address, or the form back (404)."""
    appeal = queries.find_appeal(form.number.data, form.key.data)
    if appeal is None:
        return _track_form(status=404, message=WRONG_NUMBER_OR_CODE, number=form.number.data)
    _grant(appeal.tracking_number)
    return redirect(url_for("appeals.tracked", number=appeal.tracking_number), 303)


def _number_key() -> str:
    return "appeal-number:" + queries.normalize_number(request.values.get("number"))


def _not_found(response) -> bool:
    return response.status_code == 404


def _throttle_attempts(view):
    """Per address every attempt counts; per tracking number only wrong ones, from all addresses together, so
    guessing one appeal's code stays bounded and its owner is not locked out by opening it."""
    view = limiter.limit(limits.setting("APPEAL_TRACK_LIMITS_PER_NUMBER"), key_func=_number_key,
                         exempt_when=_no_attempt, deduct_when=_not_found)(view)
    return limiter.limit(limits.setting("APPEAL_TRACK_LIMITS_PER_IP"), exempt_when=_no_attempt)(view)


def _no_attempt() -> bool:
    return request.method == "GET" and "key" not in request.args


@bp.route("/track", methods=["GET", "POST"])
@_throttle_attempts
def track():
    """The form (its number filled in from a status e-mail's link); POSTed, it opens the appeal."""
    if request.method == "POST":
        form = TrackForm()
        if not form.validate_on_submit():
            return _track_form(form, 422)
        return _attempt(form)
    if "key" in request.args:
        # A link from an older e-mail carries the secret: open the appeal once, then only the clean address is used.
        return _attempt(TrackForm(request.args, meta={"csrf": False}))
    return _track_form(number=request.args.get("number"))


@bp.get("/track/<number>")
def tracked(number):
    """The appeal, for a session that opened it; anyone else gets the form with the number filled in."""
    appeal = _granted_appeal(number)
    if appeal is None:
        return _track_form(number=number)
    return _track_page(appeal)


@bp.get("/track/link/<token>")
@limiter.limit(limits.setting("APPEAL_TRACK_LIMITS_PER_IP"))
def open_link(token):
    """An e-mailed link: its single-use token is exchanged at once for this session, then a clean address."""
    appeal = services.redeem_link_token(token)
    if appeal is None:
        return _track_form(status=410, message=_(
            "This link has already been used or has expired. Enter the tracking number and the access code to "
            "follow your appeal."))
    _grant(appeal.tracking_number)
    return redirect(url_for("appeals.tracked", number=appeal.tracking_number), 303)


def _appeal_from_post():
    """The appeal named by the posted number, when this session opened it (else the same 404 as tracking)."""
    appeal = _granted_appeal(request.form.get("number"))
    if appeal is None:
        abort(404)
    return appeal


@bp.post("/track/withdraw")
def withdraw():
    appeal = _appeal_from_post()
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _track_page(appeal, 422, withdraw_form=form)
    try:
        services.withdraw_appeal(appeal)
    except services.NotAllowed:
        abort(409)
    flash(_("Your appeal has been withdrawn."), "success")
    return redirect(url_for("appeals.tracked", number=appeal.tracking_number))


@bp.get("/track/<number>/my-data.json")
def tracked_data(number):
    """What is held about the applicant in this appeal, for the session that opened it (else the same 404)."""
    appeal = _granted_appeal(number)
    if appeal is None:
        abort(404)
    response = _private(current_app.response_class(retention_queries.appeal_download(appeal),
                                                   mimetype="application/json"))
    response.headers["Content-Disposition"] = f'attachment; filename="{appeal.tracking_number}-my-data.json"'
    return response


@bp.post("/track/forget")
def forget():
    """Delete the applicant's personal data from a closed appeal; the answer and the lifecycle stay."""
    appeal = _appeal_from_post()
    if not ForgetForm().validate_on_submit():
        abort(400)
    try:
        retention_services.anonymise_appeal(appeal, "request")
    except retention_services.NotClosed:
        abort(409)
    flash(_("Your personal data in appeal %(number)s has been deleted. The municipality's answer and the dates "
            "stay, without your name.", number=appeal.tracking_number), "success")
    return redirect(url_for("appeals.tracked", number=appeal.tracking_number))


@bp.post("/track/rate")
def rate():
    appeal = _appeal_from_post()
    form = RatingForm()
    if not form.validate_on_submit():
        return _track_page(appeal, 422, rating_form=form)
    try:
        services.rate_appeal(appeal, int(form.content.data), int(form.timeliness.data))
    except services.NotAllowed:
        abort(409)
    flash(_("Thank you for rating the answer."), "success")
    return redirect(url_for("appeals.tracked", number=appeal.tracking_number))


@limits.throttled_page("appeals.new")
def _throttled_appeal(minutes):
    """Say when to try again; a throttled appeal comes back with everything typed in it."""
    message = ngettext("You have sent too many requests. Please wait %(num)d minute and try again; "
                       "what you typed is kept below.",
                       "You have sent too many requests. Please wait %(num)d minutes and try again; "
                       "what you typed is kept below.", minutes)
    return _render_form(_appeal_form(), 429, message)


@limits.throttled_page("appeals.track")
def _throttled_track(minutes):
    return _track_form(status=429, message=limits.too_many_attempts_message(minutes),
                       number=request.values.get("number"))


limits.throttled_page("appeals")(limits.too_many_attempts_page)
