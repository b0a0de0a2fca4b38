"""`flask dashboard-timing` (how long each dashboard aggregate takes here) and `flask dashboard-rebuild`."""

import time
from urllib.parse import parse_qs

import click
from flask import current_app
from flask.cli import with_appcontext

from app.community.queries import local_today
from app.dashboard import queries
from app.dashboard.filters import DashboardFilters
from app.dashboard.routes import public
from app.dashboard.services import rebuild_figures
from app.database import write_intent


@click.command("dashboard-timing")
@click.option("--repeat", default=3, show_default=True, help="Runs of each panel; the best is reported.")
@click.option("--query", "query_string", default="", help="Filters as a query string, e.g. 'settlement=gosh'.")
@with_appcontext
def dashboard_timing(repeat, query_string):
    """Time the dashboard's panels (the aggregates only, as the pages run them) and print milliseconds."""
    args = {k: v[0] for k, v in parse_qs(query_string).items()}
    panels = {
        "appeals": lambda f, o, t: queries.appeals_panel(f, o, t, overdue_list=True, holders=True),
        "institutions": queries.institutions_panel,
        "program": lambda f, o, t: queries.program_panel(f),
        "settlements": queries.settlements_panel,
    }
    total = 0.0
    for name, run in panels.items():
        best = None
        for _ in range(repeat):
            with current_app.test_request_context():
                today = local_today()
                opts = queries.options()
                filters = queries.resolve(DashboardFilters.from_args(args, today), opts)
                started = time.perf_counter()
                run(filters, opts, today)
                elapsed = (time.perf_counter() - started) * 1000
            best = elapsed if best is None else min(best, elapsed)
        total += best
        click.echo(f"{name:<14}{best:9.1f} ms")
    click.echo(f"{'all panels':<14}{total:9.1f} ms")
    # The public page as its view builds it (every panel, the filters, the charts, the templates), past the page
    # cache and the compression that wrap it in production.
    best = None
    for _ in range(repeat):
        with current_app.test_request_context("/accountability", query_string=args):
            started = time.perf_counter()
            public()
            elapsed = (time.perf_counter() - started) * 1000
        best = elapsed if best is None else min(best, elapsed)
    click.echo(f"{'public page':<14}{best:9.1f} ms")


@click.command("dashboard-rebuild")
@with_appcontext
def dashboard_rebuild():
    """Work out again every appeal's response time, the monthly tally and the actions' reported spending.

    The worker does it by itself after a deploy that changes how they are computed; this is for bulk SQL edits.
    """
    with write_intent():
        rebuild_figures(local_today(), only_if_stale=False)
    click.echo("Dashboard figures rebuilt.")
