"""Thin views of subscriptions: subscribe, confirm by a signed link, manage, one-click unsubscribe, preferences."""

import time
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app import htmx, limits
from app.accounts.throttling import submitted_email
from app.extensions import csrf, limiter
from app.i18n import current_language
from app.limits import take
from app.outbox.queries import file_of, get_message
from app.retention.queries import as_json, subscriber_record
from app.schedule.filters import ScheduleFilters
from app.subscriptions import bp, queries, services
from app.subscriptions.forms import ButtonForm, PreferencesForm, SubscribeForm
from app.subscriptions.links import CONFIRM, MANAGE, read_token

# The preferences page is opened by pressing a button on a signed link's page; the address it grants lives in the
# session for this long, so the token itself never has to appear in a URL again.
SESSION_EMAIL, SESSION_SINCE = "subscriber_email", "subscriber_since"
PREFERENCES_MINUTES = 60


def _private(response, status=200):
    response = current_app.make_response((response, status))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the signed link must not travel in a Referer
    return response


def _same_site() -> bool:
    """Refuse posts that a browser marks as coming from another site (the form carries no CSRF token)."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "same-site", "none"):
        return False
    origin = request.headers.get("Origin")
    return not origin or origin == "null" or urlsplit(origin).netloc == request.host


def _selection_from_args(args) -> str:
    return queries.canonical_filters(ScheduleFilters.from_args(args))


@bp.get("/new")
def new():
    """The form alone (linked from the public pages; also where an invalid address comes back)."""
    form = SubscribeForm(filters=_selection_from_args(request.args))
    return _private(render_template("subscriptions/new.html", form=form, what=queries.describe(form.filters.data)))


@bp.post("/new")
@csrf.exempt
@limiter.limit(limits.setting("SUBSCRIBE_LIMIT_PER_ADDRESS"), key_func=submitted_email)
def subscribe():
    if not _same_site():
        abort(403)
    form = SubscribeForm()
    stored = _selection_from_args(queries.parse_qs_args(form.filters.data or ""))
    form.filters.data = stored
    if not form.validate():
        return _private(render_template("subscriptions/new.html", form=form, what=queries.describe(stored)), 422)
    take("SUBSCRIBE_LIMITS_PER_IP")  # only accepted subscriptions count (app/limits)
    message = services.subscribe(form.email.data, stored, current_language())
    # The next page tells what became of the e-mail; the address stays in this browser's session, not in a URL.
    session["subscription_sent"] = message.id
    return redirect(url_for("subscriptions.sent"))


@bp.get("/sent")
def sent():
    message = get_message(session.get("subscription_sent"))
    if message is None:
        return redirect(url_for("subscriptions.new"))
    return _private(render_template("subscriptions/sent.html", email=message.to_address, message=message,
                                    mail_file=file_of(message),
                                    hours=current_app.config["SUBSCRIPTION_CONFIRM_HOURS"]))


def _load(token, purpose):
    found = read_token(token, purpose)
    subscription = queries.get_subscription(*found) if found else None
    if subscription is None:
        abort(_private(render_template("subscriptions/link_invalid.html"), 404))
    return subscription


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token):
    """GET shows a button (mail scanners open links); POST confirms and opens the preferences."""
    subscription = _load(token, CONFIRM)
    form = ButtonForm()
    if request.method == "GET" or not form.validate_on_submit():
        return _private(render_template("subscriptions/confirm.html", form=form, token=token,
                                        what=queries.describe(subscription.filters),
                                        confirmed=subscription.confirmed_dt is not None), htmx.form_status())
    services.confirm(subscription)
    _grant(subscription.email)
    flash(_("Subscription confirmed: you will receive news about \"%(what)s\".",
            what=queries.describe(subscription.filters)), "success")
    return redirect(url_for("subscriptions.preferences"))


@bp.get("/manage/<token>")
def manage(token):
    """The page a mail's link opens: unsubscribe with one button, or open the preferences."""
    subscription = _load(token, MANAGE)
    return _private(render_template("subscriptions/manage.html", form=ButtonForm(), token=token,
                                    what=queries.describe(subscription.filters)))


@bp.post("/manage/<token>")
def open_preferences(token):
    subscription = _load(token, MANAGE)
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("subscriptions.manage", token=token))
    _grant(subscription.email)
    return redirect(url_for("subscriptions.preferences"))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def one_click(token):
    """RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" here, with no cookie and no CSRF token; the
    signed token is the authority. The manage page's button posts here too. GET only shows the manage page."""
    if request.method == "GET":
        return redirect(url_for("subscriptions.manage", token=token))
    subscription = _load(token, MANAGE)
    what = queries.describe(subscription.filters)
    services.unsubscribe(subscription)
    return _private(render_template("subscriptions/unsubscribed.html", what=what))


def _grant(email):
    session[SESSION_EMAIL] = email
    session[SESSION_SINCE] = int(time.time())


def _granted_email():
    email, since = session.get(SESSION_EMAIL), session.get(SESSION_SINCE)
    if not isinstance(email, str) or not isinstance(since, int) or time.time() - since > PREFERENCES_MINUTES * 60:
        return None
    return email


@bp.route("/preferences", methods=["GET", "POST"])
def preferences():
    email = _granted_email()
    if email is None:
        return _private(render_template("subscriptions/preferences_expired.html"), 403)
    subscriptions = queries.list_for_email(email)
    form = PreferencesForm(language=subscriptions[0].language if subscriptions else current_language())
    if form.validate_on_submit():
        if request.form.get("everything"):
            services.unsubscribe_all(email)
            session.pop(SESSION_EMAIL, None)
            return _private(render_template("subscriptions/unsubscribed.html", what=None))
        choices = {s.id: (bool(request.form.get(f"weekly-{s.id}")), bool(request.form.get(f"notices-{s.id}")))
                   for s in subscriptions}
        services.update_preferences(email, form.language.data, choices)
        flash(_("Your choices are saved."), "success")
        return redirect(url_for("subscriptions.preferences"))
    return _private(render_template(
        "subscriptions/preferences.html", form=form, email=email, describe=queries.describe,
        subscriptions=subscriptions), htmx.form_status())


@bp.get("/preferences/my-data.json")
def preferences_data():
    """Everything held about the address the preferences page was opened for, as a download."""
    email = _granted_email()
    if email is None:
        return _private(render_template("subscriptions/preferences_expired.html"), 403)
    response = _private(current_app.response_class(as_json(subscriber_record(email)), mimetype="application/json"))
    response.headers["Content-Disposition"] = 'attachment; filename="my-subscriptions.json"'
    return response


@limits.throttled_page("subscriptions")
def _throttled_subscribe(minutes):
    form = SubscribeForm(formdata=None, filters=_selection_from_args(
        queries.parse_qs_args(request.form.get("filters") or "")), email=request.form.get("email", ""))
    form.form_errors.append(ngettext(
        "Too many subscriptions were asked for. Please wait %(num)d minute and try again.",
        "Too many subscriptions were asked for. Please wait %(num)d minutes and try again.", minutes))
    return _private(render_template("subscriptions/new.html", form=form, what=queries.describe(form.filters.data)),
                    429)
