"""Thin views: a resident asks for a sign-in link, follows it, and sees the appeals sent with that address."""

from functools import wraps

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app import htmx, limits, secret_links
from app.accounts.throttling import hashed_limit_key, submitted_email
from app.appeals import queries as appeal_queries
from app.appeals.deadlines import Counting, Unit
from app.appeals.forms import KIND_LABELS
from app.appeals.labels import STATUS_LABELS
from app.extensions import limiter
from app.i18n import current_language
from app.outbox.queries import file_of, get_message
from app.residents import bp, queries, services
from app.residents.forms import CodeForm, ConfirmForm, PhoneForm, SignInForm, SignOutForm
from app.sms.phones import display_phone, try_normalize_phone

SIGN_IN_LINK = "resident"
# The outbox id of the last sign-in e-mail this browser asked for: the sign-in page tells what became of it.
SIGN_IN_MAIL = "resident_sign_in_mail"


def _private(response):
    """Pages with the resident's personal data are never cached."""
    response = current_app.make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


def resident_required(view):
    """Send visitors who are not signed in to the sign-in form."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        email = queries.current_resident()  # an email address, or a phone number (E.164)
        if email is None:
            return redirect(url_for("residents.login"))
        return view(email, *args, **kwargs)

    return wrapped


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(limits.setting("RESIDENT_LINK_LIMIT_PER_ADDRESS"), key_func=submitted_email, methods=["POST"])
@limiter.limit(limits.setting("RESIDENT_LINK_LIMITS_PER_IP"), methods=["POST"])
def login():
    form = SignInForm()
    if form.validate_on_submit():
        message = services.send_sign_in_link(form.email.data, current_language())
        # Every address gets a link, so telling this browser what became of its e-mail reveals nothing.
        session[SIGN_IN_MAIL] = message.id
        flash(_("A sign-in link for %(email)s is queued; it works once, for %(minutes)d minutes.",
                email=form.email.data, minutes=current_app.config["RESIDENT_LINK_MINUTES"]), "success")
        return redirect(url_for("residents.login"))
    mail = get_message(session.get(SIGN_IN_MAIL))
    return _private((render_template("residents/login.html", form=form, sign_in_mail=mail,
                                     sign_in_file=file_of(mail) if mail else None),
                     htmx.form_status()))


@bp.get("/login/<token>")
def exchange(token):
    """The e-mailed link: swap its token for a fresh one kept in the session, then ask at a clean URL."""
    found = queries.find_usable_token(token)
    if found is None:
        return _private((render_template("residents/link_invalid.html"), 404))
    secret_links.keep(SIGN_IN_LINK, services.exchange_sign_in_token(found))
    return redirect(url_for("residents.confirm"))


@bp.route("/login/confirm", methods=["GET", "POST"])
def confirm():
    """GET shows a button (a page that signs in by merely opening would sign in whoever opens it); POST signs in."""
    form = ConfirmForm()
    token = secret_links.kept(SIGN_IN_LINK)
    if request.method == "GET":
        if queries.find_usable_token(token) is None:
            return _private((render_template("residents/link_invalid.html"), 404))
        return _private(render_template("residents/confirm.html", form=form))
    if not form.validate_on_submit():
        return _private((render_template("residents/confirm.html", form=form), 422))
    email = services.use_sign_in_link(token) if token else None
    secret_links.forget(SIGN_IN_LINK)
    if email is None:
        return _private((render_template("residents/link_invalid.html"), 404))
    services.start_resident_session(email)
    return redirect(url_for("residents.my_appeals"))


# The number whose code is awaited lives in the session, never in a URL (URLs are logged).
PENDING_PHONE = "resident_phone_pending"


def submitted_phone() -> str:
    """The per-number rate-limit key: the number typed, normalised when it can be."""
    raw = request.form.get("phone") or ""
    return hashed_limit_key("phone", try_normalize_phone(raw) or raw.strip())


@bp.route("/login/phone", methods=["GET", "POST"])
@limiter.limit(limits.setting("PHONE_CODE_LIMIT_PER_NUMBER"), key_func=submitted_phone, methods=["POST"])
@limiter.limit(limits.setting("PHONE_CODE_LIMITS_PER_IP"), methods=["POST"])
def login_phone():
    """Applicants who gave only a phone number ask for a one-time code by SMS."""
    form = PhoneForm()
    if form.validate_on_submit():
        services.send_phone_code(form.phone.data, current_language())
        session[PENDING_PHONE] = form.phone.data
        return redirect(url_for("residents.login_code"))
    return _private((render_template("residents/login_phone.html", form=form), htmx.form_status()))


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(limits.setting("PHONE_CODE_LIMITS_PER_IP"), methods=["POST"])
def login_code():
    phone = session.get(PENDING_PHONE)
    if not isinstance(phone, str):
        return redirect(url_for("residents.login_phone"))
    form = CodeForm()
    if form.validate_on_submit():
        if services.use_phone_code(phone, form.code.data):
            session.pop(PENDING_PHONE, None)
            services.start_phone_session(phone)
            return redirect(url_for("residents.my_appeals"))
        form.code.errors = [*form.code.errors, _("This code is wrong, used or expired. Check it, or ask for a new "
                                                 "one.")]
    return _private((render_template("residents/login_code.html", form=form, phone=display_phone(phone),
                                     minutes=current_app.config["PHONE_CODE_MINUTES"]),
                     htmx.form_status()))


@bp.post("/logout")
def logout():
    if SignOutForm().validate_on_submit():
        services.end_resident_session()
        flash(_("You have signed out."), "success")
    return redirect(url_for("residents.login"))


@bp.get("/appeals")
@resident_required
def my_appeals(email):
    return _private(render_template("residents/appeals.html", email=email if "@" in email else display_phone(email),
                                    by_phone="@" not in email, appeals=queries.list_my_appeals(email),
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


@limits.throttled_page("residents.login_phone", "residents.login_code")
def _throttled_phone(minutes):
    form = PhoneForm()
    form.form_errors.append(ngettext("Too many codes were asked for. Please wait %(num)d minute and try again.",
                                     "Too many codes were asked for. Please wait %(num)d minutes and try again.",
                                     minutes))
    return _private((render_template("residents/login_phone.html", form=form), 429))


@limits.throttled_page("residents")
def _throttled_sign_in(minutes):
    form = SignInForm()
    form.form_errors.append(ngettext("Too many sign-in links were asked for. Please wait %(num)d minute and try "
                                     "again.",
                                     "Too many sign-in links were asked for. Please wait %(num)d minutes and try "
                                     "again.", minutes))
    return _private((render_template("residents/login.html", form=form, sign_in_mail=None), 429))
