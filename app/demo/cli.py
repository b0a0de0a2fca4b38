"""The `flask seed-demo` command: load the Dilijan demo community once."""

from datetime import datetime
from zoneinfo import ZoneInfo

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.accounts.models import User
from app.community.models import Community
from app.database import write_intent
from app.demo import data
from app.demo.seed import seed_demo_data, seed_demo_users
from app.extensions import db


@click.command("seed-demo")
@with_appcontext
def seed_demo():
    """Load the Dilijan demo community and demo staff accounts, each only if none is there yet."""
    with write_intent():
        if db.session.scalar(select(Community.id).limit(1)) is not None:
            click.echo("The demo community is already there; it was left as it is.")
        else:
            today = datetime.now(ZoneInfo(data.COMMUNITY["timezone"])).date()
            counts = seed_demo_data(today)
            summary = ", ".join(f"{count} {name}" for name, count in counts.items())
            click.echo(f"Loaded the Dilijan demo community around {today.isoformat()}: {summary}.")
        # Staff accounts only on a database without any: their random passwords are shown this once.
        credentials = [] if db.session.scalar(select(User.id).limit(1)) is not None else seed_demo_users()
        db.session.commit()
    if credentials:
        click.echo("Demo staff accounts (write the passwords down: they are shown only this once):")
        for role, email, password in credentials:
            click.echo(f"  {role:<8} {email:<48} {password}")
