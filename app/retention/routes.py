"""Thin views: a signed-in resident downloads or deletes what is held about them; the admin sets the period."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import htmx
from app.accounts.access import require_roles
from app.appeals.models import Appeal
from app.residents.queries import current_resident, get_my_appeal_or_404, list_my_appeals
from app.retention import bp, queries, services
from app.retention.forms import ConfirmForm, RetentionForm


def _private(response):
    """Pages with the resident's personal data are never cached."""
    response = current_app.make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


def _resident_or_redirect():
    """The signed-in resident's verified e-mail address or phone number (an SMS sign-in), else off to sign in."""
    who = current_resident()
    if who is None:
        abort(redirect(url_for("residents.login")))
    return who


@bp.get("/account/my-data")
def my_data():
    email = _resident_or_redirect()
    return _private(render_template("retention/my_data.html", email=email, appeals=list_my_appeals(email),
                                    form=ConfirmForm(), years=services.retention_years()))


@bp.get("/account/my-data.json")
def download():
    email = _resident_or_redirect()
    response = _private(current_app.response_class(
        queries.as_json(queries.held_about(email)), mimetype="application/json"))
    response.headers["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@bp.post("/account/appeals/<number>/forget")
def forget_appeal(number):
    email = _resident_or_redirect()
    appeal: Appeal = get_my_appeal_or_404(number, email)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.anonymise_appeal(appeal, "request")
    except services.NotClosed:
        flash(_("Appeal %(number)s is still being handled: its contact details are needed for the answer. You can "
                "ask again once it is closed, or withdraw it.", number=number), "warning")
        return redirect(url_for("retention.my_data"))
    flash(_("Your personal data in appeal %(number)s has been deleted. The municipality's answer and the dates "
            "stay, without your name.", number=number), "success")
    return redirect(url_for("retention.my_data"))


@bp.post("/account/supports/forget")
def forget_supports():
    email = _resident_or_redirect()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.forget_supports(email)
    flash(_("Your supports have been deleted; the proposals keep their counts."), "success")
    return redirect(url_for("retention.my_data"))


@bp.route("/admin/privacy", methods=["GET", "POST"])
@require_roles("admin")
def settings():
    form = RetentionForm()
    if not form.is_submitted():
        form.years.data = services.retention_years()
    if form.validate_on_submit():
        services.set_retention_years(current_user._get_current_object(), form.years.data)
        flash(_("The retention period was saved."), "success")
        return redirect(url_for("retention.settings"))
    return htmx.render_form("retention/settings.html", form=form)
