"""The `flask seed-demo` command: load the Dilijan demo community once."""

from datetime import datetime
from zoneinfo import ZoneInfo

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.community.models import Community
from app.database import write_intent
from app.demo import data
from app.demo.seed import seed_demo_data
from app.extensions import db


@click.command("seed-demo")
@with_appcontext
def seed_demo():
    """Load the Dilijan demo community; do nothing if a community is already there."""
    with write_intent():
        if db.session.scalar(select(Community.id).limit(1)) is not None:
            db.session.rollback()
            click.echo("The demo community is already there; nothing was changed.")
            return
        today = datetime.now(ZoneInfo(data.COMMUNITY["timezone"])).date()
        counts = seed_demo_data(today)
        db.session.commit()
    summary = ", ".join(f"{count} {name}" for name, count in counts.items())
    click.echo(f"Loaded the Dilijan demo community around {today.isoformat()}: {summary}.")
