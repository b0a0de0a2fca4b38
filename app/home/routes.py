from flask import current_app, render_template, send_from_directory

from app.community.queries import list_settlements, local_today
from app.home import bp
from app.schedule.queries import latest_reports, this_week_by_settlement, week_bounds, year_figures


@bp.get("/")
def index():
    today = local_today()
    return render_template(
        "home/index.html",
        today=today,
        week=week_bounds(today),
        settlements=list_settlements(),
        this_week=this_week_by_settlement(today),
        reports=latest_reports(6),
        figures=year_figures(today),
    )


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page says: answer it rather than log a 404 on every first visit."""
    return send_from_directory(current_app.static_folder, "favicon.ico", max_age=7 * 24 * 3600,
                               mimetype="image/vnd.microsoft.icon")
