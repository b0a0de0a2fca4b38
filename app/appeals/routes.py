"""Thin views: submitting an appeal, its one-time receipt, and tracking it by number and secret."""

import time

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.errors import RateLimitExceeded

from app.accounts.throttling import minutes_until_retry
from app.appeals import bp, queries, services
from app.appeals.deadlines import Counting, Unit
from app.appeals.forms import KIND_LABELS, MUNICIPALITY, AppealForm, RatingForm, TrackForm, WithdrawForm
from app.appeals.labels import STATUS_LABELS
from app.extensions import limiter
from app.fill_time import EXPIRED, REPLAYED, STALE_FORM, FillTimer
from app.i18n import current_language
from app.media.uploads import UploadError, accept_attachments, discard
from app.outbox.queries import file_of, latest_message

MIN_FILL_SECONDS = 3
RECEIPT_KEY = "appeal_receipt"


def _setting(key):
    return lambda: current_app.config[key]


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
@limiter.limit(_setting("APPEAL_LIMITS_PER_IP"), methods=["POST"])
def new():
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
        appeal, secret = services.submit_appeal(form.appeal_data(), images, documents, current_language())
    except BaseException:
        discard(*[stored for stored, _t in images + documents])
        raise
    session[RECEIPT_KEY] = {"number": appeal.tracking_number, "key": secret}
    return redirect(url_for("appeals.receipt"))


# Fields the form re-checks one by one while the resident types (htmx); the others are checked on sending.
CHECKED_FIELDS = ("subject", "text", "applicant_name", "applicant_email", "applicant_phone", "applicant_address")


@bp.post("/new/check")
@limiter.limit("120 per minute")
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
    response = current_app.make_response(render_template("appeals/_field.html", form=form, name=name))
    response.vary.add("HX-Request")
    return response


@bp.get("/receipt")
def receipt():
    """Show the number and the secret link once; a reload no longer shows the secret."""
    shown = session.pop(RECEIPT_KEY, None)
    if not shown:
        return render_template("appeals/receipt_gone.html"), 410
    appeal = queries.get_appeal_or_404(shown["number"], shown["key"])
    mail = latest_message(services.receipt_reference(appeal)) if appeal.applicant_email else None
    response = current_app.make_response(render_template(
        "appeals/receipt.html", appeal=appeal, key=shown["key"], deadline=queries.explain_deadline(appeal),
        receipt_mail=mail, receipt_file=file_of(mail) if mail else None, **_labels()))
    response.headers["Cache-Control"] = "no-store"
    return response


def _labels():
    return {"KIND_LABELS": KIND_LABELS, "STATUS_LABELS": STATUS_LABELS, "Unit": Unit, "Counting": Counting}


def _track_page(appeal, key, status=200, withdraw_form=None, rating_form=None):
    number = appeal.tracking_number
    withdraw_form = withdraw_form or WithdrawForm(formdata=None, number=number, key=key)
    rating_form = rating_form or RatingForm(formdata=None, number=number, key=key)
    response = current_app.make_response((render_template(
        "appeals/track.html", appeal=appeal, key=key, deadline=queries.explain_deadline(appeal),
        withdraw_form=withdraw_form, rating_form=rating_form, **_labels()), status))
    # The page shows personal data: never keep it in a shared cache or the browser's history cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/track")
@limiter.limit(_setting("APPEAL_TRACK_LIMITS_PER_IP"), exempt_when=lambda: not request.args)
def track():
    form = TrackForm(request.args)
    if not request.args or set(request.args) <= {"number", "lang"}:
        # Nothing asked yet, or the link of a status email (number only: the secret is not stored to send it).
        return render_template("appeals/track_form.html", form=form)
    if not form.validate():
        return render_template("appeals/track_form.html", form=form), 422
    appeal = queries.get_appeal_or_404(form.number.data, form.key.data)
    return _track_page(appeal, form.key.data)


def _appeal_from_post():
    """The appeal named by the posted number and secret (the same 404 as tracking when either is wrong)."""
    return queries.get_appeal_or_404(request.form.get("number"), request.form.get("key"))


@bp.post("/track/withdraw")
@limiter.limit(_setting("APPEAL_TRACK_LIMITS_PER_IP"))
def withdraw():
    appeal = _appeal_from_post()
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _track_page(appeal, form.key.data, 422, withdraw_form=form)
    try:
        services.withdraw_appeal(appeal)
    except services.NotAllowed:
        abort(409)
    flash(_("Your appeal has been withdrawn."), "success")
    return redirect(url_for("appeals.track", number=appeal.tracking_number, key=form.key.data))


@bp.post("/track/rate")
@limiter.limit(_setting("APPEAL_TRACK_LIMITS_PER_IP"))
def rate():
    appeal = _appeal_from_post()
    form = RatingForm()
    if not form.validate_on_submit():
        return _track_page(appeal, form.key.data, 422, rating_form=form)
    try:
        services.rate_appeal(appeal, int(form.content.data), int(form.timeliness.data))
    except services.NotAllowed:
        abort(409)
    flash(_("Thank you for rating the answer."), "success")
    return redirect(url_for("appeals.track", number=appeal.tracking_number, key=form.key.data))


@bp.errorhandler(RateLimitExceeded)
def too_many_requests(_error):
    """Say when to try again; a throttled appeal comes back with everything typed in it."""
    minutes = minutes_until_retry()
    message = ngettext("You have sent too many requests. Please wait %(num)d minute and try again; "
                       "what you typed is kept below.",
                       "You have sent too many requests. Please wait %(num)d minutes and try again; "
                       "what you typed is kept below.", minutes)
    if request.endpoint == "appeals.new":
        return _render_form(_appeal_form(), 429, message)
    message = ngettext("Too many attempts. Please wait %(num)d minute and try again.",
                       "Too many attempts. Please wait %(num)d minutes and try again.", minutes)
    return render_template("errors/error.html", code=429, title=_("Too many requests"), message=message), 429
