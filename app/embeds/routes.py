from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import htmx
from app.accounts.access import require_roles
from app.community.queries import get_settlement_or_404, local_today
from app.embeds import bp
from app.embeds.forms import EmbedSettingsForm
from app.embeds.queries import frame_ancestors, get_setting
from app.embeds.services import save_allowed_origins
from app.institutions.queries import get_institution_or_404
from app.schedule.filters import ScheduleFilters
from app.schedule.queries import schedule_options, upcoming_matching

EMBED_SIZE = 30


def embed_csp(ancestors):
    """Nothing but the embed's own stylesheet may load; only the allowed origins may frame it."""
    return ("default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
            f"frame-ancestors {ancestors}")


def _render_embed(filters, heading):
    options = schedule_options()
    today = local_today()
    actions = upcoming_matching(filters, options, today, limit=EMBED_SIZE)
    response = make_response(render_template("embeds/schedule.html", actions=actions, filters=filters,
                                             heading=heading, today=today))
    response.headers["Content-Security-Policy"] = embed_csp(frame_ancestors())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/embed/schedule")
def schedule():
    return _render_embed(ScheduleFilters.from_args(request.args), None)


@bp.get("/embed/settlements/<slug>")
def settlement(slug):
    place = get_settlement_or_404(slug)
    filters = ScheduleFilters.from_args(request.args)
    filters.settlement = place.slug
    return _render_embed(filters, place)


@bp.get("/embed/institutions/<slug>")
def institution(slug):
    item = get_institution_or_404(slug)
    filters = ScheduleFilters.from_args(request.args)
    filters.institution = item.slug
    return _render_embed(filters, item)


@bp.route("/admin/embeds", methods=["GET", "POST"])
@require_roles("admin")
def settings():
    setting = get_setting()
    form = EmbedSettingsForm(data={"allowed_origins": "\n".join((setting.allowed_origins if setting else "").split())})
    if form.validate_on_submit():
        save_allowed_origins(form.allowed_origins.data, current_user._get_current_object())
        flash(_("Saved."), "success")
        return redirect(url_for("embeds.settings"))
    return htmx.render_form("embeds/settings.html", form=form, effective=frame_ancestors())
