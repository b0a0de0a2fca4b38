"""The `flask bench-data` command."""

import json
import os
from datetime import datetime
from zoneinfo import ZoneInfo

import click
from flask.cli import with_appcontext

from app.database import write_intent
from app.extensions import db


@click.command("bench-data")
@click.option("--settlements", default=7, show_default=True, help="Settlements (the demo's seven, then extra).")
@click.option("--institutions", default=40, show_default=True, help="Institutions (the demo's, then extra).")
@click.option("--actions", default=100_000, show_default=True)
@click.option("--reports", default=50_000, show_default=True)
@click.option("--appeals", default=1_000_000, show_default=True)
@click.option("--comments", default=200_000, show_default=True, help="Used once comments exist; skipped before.")
@click.option("--seed", default=7, show_default=True, help="Random seed: the same numbers give the same data.")
@click.option("--credentials", type=click.Path(dir_okay=False), default=None,
              help="Write the staff accounts' passwords to this JSON file (mode 600) instead of printing them.")
@with_appcontext
def bench_data(settlements, institutions, actions, reports, appeals, comments, seed, credentials):
    """Fill an EMPTY, migrated database (DATABASE_URL) with a large community spread over five years."""
    from app.benchdata.generate import Plan, generate

    url = db.engine.url.render_as_string(hide_password=True)
    click.echo(f"Generating into {url}")
    plan = Plan(settlements, institutions, actions, reports, appeals, comments, seed)
    today = datetime.now(ZoneInfo("Asia/Yerevan")).date()
    with write_intent():
        try:
            result = generate(plan, today, click.echo)
        except RuntimeError as error:
            raise click.ClickException(str(error)) from error
    counts = ", ".join(f"{k} {v:,}" for k, v in result["counts"].items() if k != "seconds")
    click.echo(f"Done in {result['counts']['seconds']} s: {counts}.")
    if credentials:
        fd = os.open(credentials, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump([{"role": r, "email": e, "password": p} for r, e, p in result["credentials"]], fh, indent=1)
        click.echo(f"Staff passwords written to {credentials}.")
    else:
        for role, email, password in result["credentials"]:
            click.echo(f"  {role:<8} {email:<48} {password}")
