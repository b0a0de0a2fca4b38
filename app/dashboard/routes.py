"""Thin views of the dashboard: parse the filters, check access, call the aggregates, render one page or panel."""

from datetime import date, timedelta

from flask import Response, abort, flash, redirect, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import htmx
from app.accounts.access import require_roles
from app.community.queries import get_community, local_today
from app.dashboard import bp, charts, exports, queries, services
from app.dashboard.filters import DashboardFilters
from app.dashboard.forms import DashboardSettingsForm
from app.htmx import render

PANELS = ("appeals", "institutions", "program", "settlements")


@bp.context_processor
def _dashboard_context():
    from app.appeals.forms import KIND_LABELS

    return {"APPEAL_KIND_LABELS": KIND_LABELS, "charts": charts}


def _presets(today):
    """Quick date ranges: this year, the last full quarter, the last twelve months."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last_quarter_end = quarter_start - timedelta(days=1)
    last_quarter_start = date(last_quarter_end.year, 3 * ((last_quarter_end.month - 1) // 3) + 1, 1)
    year_ago = date(today.year - 1, today.month, 1)
    return [
        (_("This year"), date(today.year, 1, 1), date(today.year, 12, 31)),
        (_("Last quarter"), last_quarter_start, last_quarter_end),
        (_("Last 12 months"), year_ago, today),
    ]


def _filters():
    today = local_today()
    opts = queries.options()
    filters = queries.resolve(DashboardFilters.from_args(request.args, today), opts)
    return filters, opts, today


def _panel_data(panel, filters, opts, today, staff):
    if panel == "appeals":
        handler = staff and (current_user.is_admin or current_user.has_role("officer"))
        return queries.appeals_panel(filters, opts, today, overdue_list=staff, holders=handler)
    if panel == "institutions":
        return queries.institutions_panel(filters, opts, today)
    if panel == "program":
        return queries.program_panel(filters)
    return queries.settlements_panel(filters, opts, today)


def _context(staff, panels):
    filters, opts, today = _filters()
    data = {panel: _panel_data(panel, filters, opts, today, staff) for panel in panels}
    return dict(
        staff=staff,
        handler=staff and (current_user.is_admin or current_user.has_role("officer")),
        page_endpoint="dashboard.staff" if staff else "dashboard.public",
        panel_endpoint="dashboard.staff_panel" if staff else "dashboard.public_panel",
        export_endpoint="dashboard.staff_export" if staff else "dashboard.public_export",
        filters=filters, opts=opts, today=today, panels=panels, data=data, min_count=queries.min_count(),
        presets=_presets(today),
    )


def _page(staff):
    return render("dashboard/page.html", "dashboard/_panels.html", **_context(staff, PANELS))


def _panel(staff, panel):
    if panel not in PANELS:
        abort(404)
    context = _context(staff, (panel,))
    return render("dashboard/panel.html", f"dashboard/_{panel}.html", **context)


def _export(staff, table, fmt):
    if table not in exports.COLUMNS or fmt not in exports.FORMATS:
        abort(404)
    if table in exports.STAFF_ONLY and not staff:
        abort(404)
    filters, opts, today = _filters()
    rows = exports.rows(table, filters, opts, today)
    name = f"{table}-{filters.date_from.isoformat()}-{filters.date_to.isoformat()}.{fmt}"
    if fmt == "csv":
        response = Response(stream_with_context(exports.csv_chunks(table, rows)), mimetype="text/csv")
    else:
        response = Response(exports.xlsx_bytes(table, rows),
                            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- the public accountability page --------------------------------------------------------------------------------


@bp.get("/accountability")
def public():
    return _page(staff=False)


@bp.get("/accountability/<panel>")
def public_panel(panel):
    return _panel(False, panel)


@bp.get("/accountability/export/<table>.<fmt>")
def public_export(table, fmt):
    return _export(False, table, fmt)


# --- the staff dashboard -------------------------------------------------------------------------------------------

DASHBOARD_ROLES = ("viewer", "officer")


@bp.get("/staff/dashboard")
@require_roles(*DASHBOARD_ROLES)
def staff():
    return _page(staff=True)


@bp.get("/staff/dashboard/<panel>")
@require_roles(*DASHBOARD_ROLES)
def staff_panel(panel):
    return _panel(True, panel)


@bp.get("/staff/dashboard/export/<table>.<fmt>")
@require_roles(*DASHBOARD_ROLES)
def staff_export(table, fmt):
    return _export(True, table, fmt)


# --- the admin's setting -------------------------------------------------------------------------------------------


@bp.route("/admin/dashboard", methods=["GET", "POST"])
@require_roles("admin")
def settings():
    community = get_community()
    if community is None:
        abort(404)
    form = DashboardSettingsForm()
    if request.method == "GET":
        form.min_count.data = community.dashboard_min_count
    if form.validate_on_submit():
        services.set_min_count(current_user._get_current_object(), form.min_count.data)
        flash(_("The dashboard settings were saved."), "success")
        return redirect(url_for("dashboard.settings"))
    return htmx.render_form("dashboard/settings.html", form=form)
