"""The first-run screen: open only while no community exists, and only to the setup token's holder or an admin."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import htmx
from app.accounts import queries as accounts
from app.accounts.passwords import password_problems
from app.community import services as community
from app.media.uploads import UploadError, accept_image
from app.setup import bp, services
from app.setup.forms import SetupForm


def redirect_home_to_setup():
    """The home page of an instance without a community is the setup screen (nothing else could be shown there)."""
    if request.endpoint == "home.index" and not community.community_exists():
        return redirect(url_for("setup.setup"))
    return None


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    if community.community_exists():
        abort(404)  # closed for good once the community is there; the admin changes it in the administration
    as_admin = current_user.is_authenticated and current_user.is_admin
    needs_admin = accounts.count_active_admins() == 0
    form = SetupForm()
    # Both checks run on every submission, so the operator sees every problem at once, the token's too.
    valid = form.validate_on_submit()
    if form.is_submitted() and _complete(form, as_admin, needs_admin) and valid:
        settlements, problems = community.parse_settlements_csv(form.settlements.data or "")
        logo = None
        if problems:
            form.settlements.errors.extend(problems)
        elif form.logo.data and form.logo.data.filename:
            try:
                logo = accept_image(form.logo.data)
            except UploadError as error:
                form.logo.errors.append(error.message)
        if not form.settlements.errors and not form.logo.errors:
            admin = (form.admin_email.data, form.admin_name.data, form.admin_password.data) if needs_admin else None
            try:
                services.set_up(form.community_values(), settlements, logo, admin)
            except community.SetupError:
                abort(404)  # someone else finished the setup a moment ago
            flash(_("The community is set up. Log in to add institutions, the program and staff accounts."),
                  "success")
            return redirect(url_for("accounts.home") if as_admin else url_for("accounts.login"))
    return htmx.render_form("setup/setup.html", form=form, as_admin=as_admin, needs_admin=needs_admin)


def _complete(form, as_admin, needs_admin) -> bool:
    """The checks that depend on who is asking: the token, and the first admin's account when there is none yet."""
    ok = True
    if not as_admin and not services.setup_token_valid(form.token.data):
        form.token.errors.append(_("This setup token is not valid (or more than a day old). Print a new one with "
                                   "flask setup-token on the server."))
        ok = False
    if needs_admin:
        for field in (form.admin_name, form.admin_email, form.admin_password):
            if not field.data:
                field.errors.append(_("This field is required."))
                ok = False
        if form.admin_email.data and accounts.email_taken(form.admin_email.data):
            form.admin_email.errors.append(_("An account with this email address already exists."))
            ok = False
        if form.admin_password.data:
            problems = password_problems(form.admin_password.data, form.admin_email.data, form.admin_name.data)
            form.admin_password.errors.extend(problems)
            ok = ok and not problems
    return ok
