"""The `flask seed-demo` command: load the Dilijan demo community once."""

import os
import time
import urllib.error
import urllib.request
from datetime import datetime
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.accounts.models import User
from app.community.models import Community
from app.database import write_intent
from app.demo import data
from app.demo.seed import seed_demo_data, seed_demo_users
from app.extensions import db
from app.outbox.transport import mail_folder, mail_is_configured


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
        path = write_credentials(credentials_path(), credentials)
        click.echo(f"Demo staff accounts (also in {path}, readable by you alone):")
        click.echo(format_credentials(credentials), nl=False)


def credentials_path() -> str:
    """DEMO_CREDENTIALS_FILE, else instance/demo-credentials.txt."""
    return current_app.config.get("DEMO_CREDENTIALS_FILE") or os.path.join(current_app.instance_path,
                                                                             "demo-credentials.txt")


def _shown_marker(path: str) -> str:
    """Beside the credentials: present once `make run` has shown them."""
    return os.path.join(os.path.dirname(path), ".demo-credentials-shown")


def format_credentials(credentials) -> str:
    return "".join(f"  {role:<8} {email:<48} {password}\n" for role, email, password in credentials)


def write_credentials(path, credentials) -> str:
    """Write the demo passwords to `path`, mode 600 from its creation; return the path."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        os.remove(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("# Demo staff accounts of this Hashvetu (role, login, password). Change them before real use.\n")
        fh.write(format_credentials(credentials))
    marker = _shown_marker(path)
    if os.path.exists(marker):
        os.remove(marker)
    return path


@click.command("run-info")
@click.option("--url", required=True, help="The address the web server listens on.")
@click.option("--wait", default=60, show_default=True, type=click.IntRange(min=0),
              help="Seconds to wait for the web server to answer before printing.")
@with_appcontext
def run_info(url, wait):
    """Print where `make run` serves, where mail goes, and on the first run the demo passwords."""
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - the http URL `make run` serves
                break
        except urllib.error.HTTPError:
            break  # it answers
        except OSError:
            if time.monotonic() > deadline:
                click.echo(f"The web server did not answer at {url} within {wait} s; see the log above.", err=True)
                return
            time.sleep(0.5)
    lines = ["", f"Hashvetu is serving at {url} (web and worker; Ctrl-C stops both)."]
    if mail_is_configured():
        lines.append(f"Mail is sent through {current_app.config['MAIL_SERVER']}.")
    else:
        lines.append(f"Mail is not sent: each message is written as an .eml file in {mail_folder()}.")
    credentials = credentials_path()
    marker = _shown_marker(credentials)
    if os.path.exists(credentials) and not os.path.exists(marker):
        with open(credentials, encoding="utf-8") as fh:
            accounts = [line for line in fh if not line.startswith("#")]
        lines.append(f"Demo staff accounts (first run; also in {credentials}, readable by you alone):")
        lines += [line.rstrip("\n") for line in accounts]
        open(marker, "w").close()
    elif os.path.exists(credentials):
        lines.append(f"Demo staff passwords: {credentials}")
    lines.append("Run `make test` in a second terminal; this one keeps serving.")
    click.echo("\n".join(lines))
