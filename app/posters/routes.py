import re
from datetime import date

from flask import abort, make_response, render_template, request
from flask_babel import gettext as _
from markupsafe import Markup

from app import limits
from app.community.queries import get_settlement_or_404, local_today
from app.extensions import limiter
from app.posters import bp
from app.posters.pdf import poster_css, render_pdf
from app.posters.qr import qr_svg
from app.schedule.queries import settlement_month
from app.urls import external_url

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _month():
    value = (request.args.get("month") or "").strip()
    if not value:
        return local_today().replace(day=1)
    match = _MONTH.match(value)
    if not match or not 1900 < int(match.group(1)) < 3000:
        abort(404)
    return date(int(match.group(1)), int(match.group(2)), 1)


def _context(slug):
    place = get_settlement_or_404(slug)
    month = _month()
    month_arg = month.strftime("%Y-%m")
    schedule_url = external_url("schedule.schedule", settlement=place.slug, month=month_arg)
    appeal_url = external_url("appeals.new")
    return dict(
        settlement=place, month=month, month_arg=month_arg, actions=settlement_month(place.id, month),
        schedule_url=schedule_url, appeal_url=appeal_url,
        schedule_qr=qr_svg(schedule_url, _("QR code: this month's schedule online")),
        appeal_qr=qr_svg(appeal_url, _("QR code: write to the municipality")),
    )


@bp.get("/settlements/<slug>/poster")
def poster(slug):
    return render_template("posters/poster.html", for_pdf=False, **_context(slug))


@bp.get("/settlements/<slug>/poster.pdf")
@limiter.limit(limits.setting("POSTER_PDF_LIMITS"))  # rendering a PDF takes a CPU for a moment
def poster_pdf(slug):
    context = _context(slug)
    css = Markup(poster_css())  # noqa: S704 - our own stylesheet
    html = render_template("posters/poster.html", for_pdf=True, inline_css=css, **context)
    response = make_response(render_pdf(html))
    response.mimetype = "application/pdf"
    name = f"poster-{context['settlement'].slug}-{context['month_arg']}.pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response
