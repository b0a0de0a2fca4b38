"""`flask init-community` (options, or questions at a terminal) and `flask setup-token` (opens the /setup screen)."""

import os
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from werkzeug.datastructures import FileStorage, MultiDict

from app.community import services as community
from app.community.forms import COMMUNITY_FIELDS, CommunityForm
from app.database import write_intent
from app.media.uploads import UploadError, accept_image
from app.setup import services

# What the questions say, in the order they are asked; (option name, question).
QUESTIONS = {
    "name_hy": "Name of the community in Armenian",
    "name_en": "Name in English (optional)",
    "name_ru": "Name in Russian (optional)",
    "tracking_prefix": "Tracking-number prefix, 2-6 capital letters (e.g. DIL)",
    "timezone": "Time zone",
    "website": "Website (optional)",
    "email": "Contact email (optional)",
    "phone": "Contact phone (optional)",
    "address_hy": "Address in Armenian (optional)",
    "address_en": "Address in English (optional)",
    "address_ru": "Address in Russian (optional)",
}


def _option(name):
    return click.option("--" + name.replace("_", "-"), name, default=None, help=QUESTIONS[name] + ".")


def _community_options(command):
    for name in reversed(COMMUNITY_FIELDS):
        command = _option(name)(command)
    return command


@click.command("init-community")
@_community_options
@click.option("--logo", "logo_path", type=click.Path(exists=True, dir_okay=False),
              help="A JPEG, PNG or WebP logo (re-encoded, metadata removed).")
@click.option("--settlements", "settlements_path", type=click.Path(exists=True, dir_okay=False),
              help="A UTF-8 CSV file: slug,name_hy,name_en,name_ru,population,is_centre (first line names them).")
@click.option("--interactive/--no-interactive", default=None,
              help="Ask for missing or invalid values (default: when standard input is a terminal).")
@with_appcontext
def init_community(logo_path, settlements_path, interactive, **values):
    """Set up this instance's own community (instead of the demo): names, tracking prefix, time zone, contacts,
    logo and settlements. Every value is checked; nothing is stored unless all of them hold."""
    if interactive is None:
        interactive = sys.stdin.isatty()
    # Operators read English; the messages are the same translated strings as the setup screen's.
    with force_locale("en"), write_intent():
        if community.community_exists():
            raise click.ClickException("This instance already has its community; change it at /admin.")
        values = {k: (v if v is not None else "") for k, v in values.items()}
        if interactive:
            for name in COMMUNITY_FIELDS:
                if not values[name]:
                    values[name] = click.prompt(QUESTIONS[name], default="Asia/Yerevan" if name == "timezone"
                                                else "", show_default=name == "timezone")
        elif not values["timezone"]:
            values["timezone"] = "Asia/Yerevan"
        form = _validate(values)
        while interactive and form.errors:
            for name, messages in form.errors.items():
                click.echo(f"  {QUESTIONS[name]}: {' '.join(str(m) for m in messages)}", err=True)
                values[name] = click.prompt(QUESTIONS[name], default=values[name] or "", show_default=False)
            form = _validate(values)
        if form.errors:
            lines = [f"--{name.replace('_', '-')}: {' '.join(str(m) for m in messages)}"
                     for name, messages in form.errors.items()]
            raise click.UsageError("\n".join(lines))

        settlements = []
        if settlements_path:
            settlements, problems = community.parse_settlements_csv(_read_text(settlements_path))
            if problems:
                raise click.ClickException(f"{settlements_path}:\n  " + "\n  ".join(problems))
        logo = None
        if logo_path:
            try:
                with open(logo_path, "rb") as fh:
                    logo = accept_image(FileStorage(fh, filename=os.path.basename(logo_path), name="logo"))
            except UploadError as error:
                raise click.ClickException(f"--logo: {error.message}") from error
        created = services.set_up(form.community_values(), settlements, logo)
    click.echo(f"Created the community {created.name_hy} (tracking numbers {created.tracking_prefix}-YYYY-NNNNNN, "
               f"{len(settlements)} settlements{', with a logo' if logo else ''}).")
    click.echo("Next: create the first admin with `create-user --role admin --email ... --name ...`, log in at "
               "/staff/login and add institutions and the program at /admin.")


@click.command("setup-token")
@with_appcontext
def setup_token():
    """Print a token (valid one day) that opens the /setup screen while no community exists."""
    if community.community_exists():
        raise click.ClickException("This instance already has its community; the setup screen is closed.")
    click.echo(services.make_setup_token())
    click.echo("Open /setup on the site and paste this token there (valid for 24 hours).", err=True)


def _validate(values) -> CommunityForm:
    """The setup screen's form, filled from the command line (no CSRF: there is no browser)."""
    with current_app.test_request_context():
        form = CommunityForm(formdata=MultiDict(values), meta={"csrf": False})
        form.validate()
    return form


def _read_text(path) -> str:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return fh.read()
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{path}: not UTF-8 text (save the CSV as UTF-8)") from error
