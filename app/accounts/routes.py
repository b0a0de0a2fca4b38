"""Thin views: login and logout, passwords, the staff landing page, and the admin's user screens."""

import math

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app import htmx, limits, secret_links
from app.accounts import bp, queries, services, sessions
from app.accounts.access import public, require_roles, safe_next_url
from app.accounts.forms import (
    EmailLanguageForm,
    LoginForm,
    NewPasswordForm,
    PasswordChangeForm,
    ResetRequestForm,
    UserEditForm,
    UserForm,
)
from app.accounts.models import Role
from app.accounts.throttling import (
    login_keys,
    login_wait_seconds,
    record_login_failure,
    record_login_success,
    remember_device,
    throttle_login,
    throttle_password_change,
    throttle_reset_request,
)
from app.i18n import tr_text
from app.models_base import utcnow
from app.outbox.queries import file_of, latest_message
from app.outbox.transport import mail_is_configured

RESET_LINK = "password"

# The staff landing page lists these links to the user: (endpoint, label, roles that see it; empty: everyone).
# A link shows only once its endpoint exists, so areas still being built can be listed ahead of time.
STAFF_LINKS = [
    ("staff.my_institution", _l("Your institution: schedule, reports and plan"), {Role.EDITOR, Role.ADMIN}),
    ("staff.review", _l("Posts awaiting approval"), {Role.ADMIN, Role.OFFICER}),
    # Editors see there only the appeals assigned to them.
    ("inbox.index", _l("Appeals inbox: residents' appeals to handle and answer"),
     {Role.ADMIN, Role.OFFICER, Role.EDITOR}),
    ("dashboard.staff", _l("Dashboard: appeals, institutions, program and settlements in figures"),
     {Role.ADMIN, Role.OFFICER, Role.VIEWER}),
    ("participation.publication_queue", _l("Proposals and answers waiting for publication"), {Role.OFFICER}),
    ("participation.moderation", _l("Comment moderation"), {Role.OFFICER}),
    ("admin.index", _l("Administration: settlements, institutions, program, calendar"), {Role.ADMIN}),
    ("accounts.users", _l("Users and roles"), {Role.ADMIN}),
    ("outbox.index", _l("Outbox: emails waiting to be sent"), {Role.ADMIN}),
    ("accounts.password_change", _l("Change your password"), set()),
]


def _home():
    return url_for("accounts.home")


# --- login, logout and passwords ----------------------------------------------------------------------------------


@bp.route("/staff/login", methods=["GET", "POST"])
@public
@throttle_login
def login():
    next_url = safe_next_url(request.args.get("next"))
    if request.method == "GET" and current_user.is_authenticated:
        return redirect(next_url or _home())
    form = LoginForm()
    if form.validate_on_submit():
        keys = login_keys(form.email.data, queries.get_user_by_email(form.email.data))
        wait = login_wait_seconds(keys)
        if wait:
            # Slowed, not locked: the password is not even checked until the delay has passed.
            form.form_errors.append(limits.too_many_attempts_message(math.ceil(wait / 60)))
            page = render_template("accounts/login.html", form=form, next_url=next_url)
            return page, 429, {"Retry-After": str(wait)}
        try:
            user = services.log_in(form.email.data, form.password.data)
        except services.LoginRefused as refusal:
            record_login_failure(keys)
            form.form_errors.append(str(refusal))
        else:
            record_login_success(keys)
            sessions.start_session(user)
            return remember_device(redirect(next_url or _home()), user)
    return render_template("accounts/login.html", form=form, next_url=next_url), htmx.form_status()


@bp.post("/staff/logout")
def logout():
    services.log_out(current_user._get_current_object(), sessions.session_token())
    sessions.end_session()
    flash(_("You have logged out."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/staff/password", methods=["GET", "POST"])
@throttle_password_change
def password_change():
    user = current_user._get_current_object()
    form = PasswordChangeForm(user=user)
    if form.validate_on_submit():
        services.change_password(user, form.new_password.data)
        # This session carries on under the new session version; every other session of the user has ended.
        sessions.start_session(user)
        flash(_("Your password has been changed. Any other session of your account has been logged out."),
              "success")
        return redirect(_home())
    return render_template("accounts/password_change.html", form=form), htmx.form_status()


@bp.route("/staff/password/reset", methods=["GET", "POST"])
@public
@throttle_reset_request
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        # The same answer whether or not the address has an account.
        # "Queued", not "sent": the page cannot say more without telling who has an account.
        flash(_("If %(email)s belongs to an active staff account, an e-mail with a link to set a new password is "
                "queued for it and normally arrives within a few minutes. The link is valid for %(hours)d hours.",
                email=form.email.data,
                hours=current_app.config["PASSWORD_RESET_HOURS"]), "success")
        if not mail_is_configured():
            flash(_("This site does not send e-mail yet (no mail server is set up): ask an administrator for the "
                    "link."), "warning")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form), htmx.form_status()


@bp.get("/staff/password/reset/<token>")
@public
def reset_password(token):
    """The e-mailed link: swap its token for a fresh one kept in the session, then show the form at a clean URL."""
    found = queries.find_reset_token(token)
    if found is None or not found.is_usable(utcnow()):
        return render_template("accounts/reset_invalid.html"), 404
    secret_links.keep(RESET_LINK, services.exchange_reset_token(found))
    return redirect(url_for("accounts.new_password"))


@bp.route("/staff/password/new", methods=["GET", "POST"])
@public
def new_password():
    found = queries.find_reset_token(secret_links.kept(RESET_LINK))
    if found is None or not found.is_usable(utcnow()):
        secret_links.forget(RESET_LINK)
        return render_template("accounts/reset_invalid.html"), 404
    form = NewPasswordForm(user=found.user)
    if form.validate_on_submit():
        services.reset_password(found, form.new_password.data)
        secret_links.forget(RESET_LINK)
        flash(_("Your new password is set. Please log in with it."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form, user=found.user), htmx.form_status()


# A throttled form is shown again, with what was typed (but no password) and when to try again.


@limits.throttled_page("accounts.login")
def _throttled_login(minutes):
    form = LoginForm()
    form.form_errors.append(limits.too_many_attempts_message(minutes))
    return render_template("accounts/login.html", form=form,
                           next_url=safe_next_url(request.args.get("next"))), 429


@limits.throttled_page("accounts.reset_request")
def _throttled_reset_request(minutes):
    form = ResetRequestForm()
    form.form_errors.append(limits.too_many_attempts_message(minutes))
    return render_template("accounts/reset_request.html", form=form), 429


@limits.throttled_page("accounts.password_change")
def _throttled_password_change(minutes):
    form = PasswordChangeForm(user=current_user._get_current_object())
    form.form_errors.append(limits.too_many_attempts_message(minutes))
    return render_template("accounts/password_change.html", form=form), 429


limits.throttled_page("accounts")(limits.too_many_attempts_page)


# --- the staff landing page ---------------------------------------------------------------------------------------


@bp.get("/staff/")
def home():
    user = current_user._get_current_object()
    links = [
        (url_for(endpoint), label)
        for endpoint, label, roles in STAFF_LINKS
        if endpoint in current_app.view_functions and (not roles or user.is_admin or user.has_role(*roles))
    ]
    return render_template("accounts/home.html", user=user, links=links,
                           language_form=EmailLanguageForm(formdata=None, language=user.language))


@bp.post("/staff/email-language")
def email_language():
    form = EmailLanguageForm()
    if form.validate_on_submit():
        services.set_email_language(current_user._get_current_object(), form.language.data)
        flash(_("Your emails will be written in the language you chose."), "success")
    else:
        flash(_("Please choose one of the languages offered."), "error")
    return redirect(_home())


# --- the admin's user screens -------------------------------------------------------------------------------------


def _institution_choices():
    return [(i.id, tr_text(i, "name")) for i in queries.institution_choices()]


def _grants(form):
    return services.grants_from(form.roles.data, form.institutions.data or [])


@bp.get("/admin/users")
@require_roles("admin")
def users():
    return render_template("admin/users.html", users=queries.list_users())


@bp.route("/admin/users/new", methods=["GET", "POST"])
@require_roles("admin")
def user_new():
    form = UserForm(institutions=_institution_choices())
    if form.validate_on_submit():
        try:
            user = services.create_user(form.email.data, form.full_name.data, _grants(form),
                                        actor=current_user._get_current_object(), language=form.language.data)
        except services.AccountError as refusal:
            form.email.errors.append(str(refusal))
        else:
            flash(_("The account of %(name)s was created.", name=user.full_name), "success")
            _flash_password_link(user)
            return redirect(url_for("accounts.user_edit", user_id=user.id))
    return render_template("admin/users_new.html", form=form), htmx.form_status()


@bp.route("/admin/users/<id:user_id>", methods=["GET", "POST"])
@require_roles("admin")
def user_edit(user_id):
    user = queries.get_user_or_404(user_id)
    form = UserEditForm(institutions=_institution_choices(), obj=user)
    if request.method == "GET":
        form.roles.data = sorted({grant.role.value for grant in user.grants})
        form.institutions.data = sorted(user.editable_institution_ids)
    if form.validate_on_submit():
        try:
            services.update_user(user, form.full_name.data, _grants(form), actor=current_user._get_current_object())
        except services.AccountError as refusal:
            form.roles.errors.append(str(refusal))
        else:
            flash(_("The account of %(name)s was saved.", name=user.full_name), "success")
            return redirect(url_for("accounts.user_edit", user_id=user.id))
    mail = latest_message(services.password_link_reference(user))
    # Without a mail server the admin passes the link on; it is shown only while it still works.
    link = queries.usable_link_in(mail.body_text, utcnow()) if mail and not mail_is_configured() else None
    response = current_app.make_response((render_template(
        "admin/users_edit.html", form=form, user=user, password_mail=mail,
        password_mail_file=file_of(mail) if mail else None, setup_link=link), htmx.form_status()))
    if link:
        response.headers["Cache-Control"] = "no-store"
    return response


def _flash_password_link(user):
    """Say what became of the e-mail with the password link: queued, or (without a mail server) not sent."""
    if mail_is_configured():
        flash(_("An e-mail with a link to set a password is queued for %(email)s; its state is shown below.",
                email=user.email), "success")
    else:
        flash(_("E-mail is not sent from this site yet: copy the link below and give it to %(name)s yourself.",
                name=user.full_name), "warning")


def _account_action(user_id, action, done_message):
    user = queries.get_user_or_404(user_id)
    try:
        action(user, actor=current_user._get_current_object())
    except services.AccountError as refusal:
        flash(str(refusal), "error")
    else:
        if done_message is None:
            _flash_password_link(user)
        else:
            flash(done_message(user), "success")
    return redirect(url_for("accounts.user_edit", user_id=user.id))


@bp.post("/admin/users/<id:user_id>/deactivate")
@require_roles("admin")
def user_deactivate(user_id):
    return _account_action(user_id, services.deactivate_user,
                           lambda u: _("%(name)s can no longer log in; their sessions have ended.", name=u.full_name))


@bp.post("/admin/users/<id:user_id>/reactivate")
@require_roles("admin")
def user_reactivate(user_id):
    return _account_action(user_id, services.reactivate_user,
                           lambda u: _("%(name)s can log in again.", name=u.full_name))


@bp.post("/admin/users/<id:user_id>/log-out-everywhere")
@require_roles("admin")
def user_log_out_everywhere(user_id):
    return _account_action(user_id, services.log_out_everywhere,
                           lambda u: _("Every session of %(name)s has ended.", name=u.full_name))


@bp.post("/admin/users/<id:user_id>/password-link")
@require_roles("admin")
def user_password_link(user_id):
    return _account_action(user_id, services.send_password_link, None)
