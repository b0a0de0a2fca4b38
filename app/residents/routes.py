"""Thin views: a resident asks for a sign-in link, follows it, and sees the appeals sent with that address."""

from functools import wraps

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.errors import RateLimitExceeded

from app.accounts.throttling import minutes_until_retry, submitted_email
from app.appeals import queries as appeal_queries
from app.appeals.deadlines import Counting, Unit
from app.appeals.forms import KIND_LABELS
from app.appeals.labels import STATUS_LABELS
from app.extensions import limiter
from app.i18n import current_language
from app.outbox.labels import NO_MAIL_SERVER
from app.outbox.transport import mail_is_configured
from app.residents import bp, queries, services
from app.residents.forms import ConfirmForm, SignInForm, SignOutForm


def _setting(key):
    return lambda: current_app.config[key]


def _private(response):
    """Pages with the resident's personal data are never cached."""
    response = current_app.make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


def resident_required(view):
    """Send visitors who are not signed in to the sign-in form."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        email = queries.current_resident_email()
        if email is None:
            return redirect(url_for("residents.login"))
        return view(email, *args, **kwargs)

    return wrapped


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_setting("RESIDENT_LINK_LIMIT_PER_ADDRESS"), key_func=submitted_email, methods=["POST"])
@limiter.limit(_setting("RESIDENT_LINK_LIMITS_PER_IP"), methods=["POST"])
def login():
    form = SignInForm()
    if form.validate_on_submit():
        services.send_sign_in_link(form.email.data, current_language())
        flash(_("An e-mail with a sign-in link is on its way to %(email)s. The link works once, for %(minutes)d "
                "minutes.", email=form.email.data, minutes=current_app.config["RESIDENT_LINK_MINUTES"]), "success")
        if not mail_is_configured():
            flash(NO_MAIL_SERVER, "warning")
        return redirect(url_for("residents.login"))
    return _private((render_template("residents/login.html", form=form), 422 if form.is_submitted() else 200))


@bp.route("/login/<token>", methods=["GET", "POST"])
def confirm(token):
    """GET shows a button (mail scanners that open links must not spend them); POST signs in."""
    form = ConfirmForm()
    if request.method == "GET":
        if queries.find_usable_token(token) is None:
            return _private((render_template("residents/link_invalid.html"), 404))
        return _private(render_template("residents/confirm.html", form=form, token=token))
    if not form.validate_on_submit():
        return _private((render_template("residents/confirm.html", form=form, token=token), 422))
    email = services.use_sign_in_link(token)
    if email is None:
        return _private((render_template("residents/link_invalid.html"), 404))
    services.start_resident_session(email)
    return redirect(url_for("residents.my_appeals"))


@bp.post("/logout")
def logout():
    if SignOutForm().validate_on_submit():
        services.end_resident_session()
        flash(_("You have signed out."), "success")
    return redirect(url_for("residents.login"))


@bp.get("/appeals")
@resident_required
def my_appeals(email):
    return _private(render_template("residents/appeals.html", email=email, appeals=queries.list_my_appeals(email),
                                    STATUS_LABELS=STATUS_LABELS, KIND_LABELS=KIND_LABELS,
                                    sign_out_form=SignOutForm()))


@bp.get("/appeals/<number>")
@resident_required
def appeal(email, number):
    """The tracking view of one's own appeal, without the secret: the verified address proves it is theirs."""
    appeal = queries.get_my_appeal_or_404(number, email)
    return _private(render_template(
        "appeals/track.html", appeal=appeal, can_act=False, deadline=appeal_queries.explain_deadline(appeal),
        withdraw_form=None, rating_form=None, KIND_LABELS=KIND_LABELS, STATUS_LABELS=STATUS_LABELS, Unit=Unit,
        Counting=Counting))


@bp.errorhandler(RateLimitExceeded)
def too_many_requests(_error):
    minutes = minutes_until_retry()
    form = SignInForm()
    form.form_errors.append(ngettext("Too many sign-in links were asked for. Please wait %(num)d minute and try "
                                     "again.",
                                     "Too many sign-in links were asked for. Please wait %(num)d minutes and try "
                                     "again.", minutes))
    return _private((render_template("residents/login.html", form=form), 429))
