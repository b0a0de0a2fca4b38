"""`flask create-user`: make an account from the command line (the first admin, typically)."""

import re
import sys

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from app.accounts import queries, services
from app.accounts.forms import EMAIL_PATTERN
from app.accounts.models import Role
from app.accounts.passwords import password_problems
from app.database import write_intent


@click.command("create-user")
@click.option("--email", required=True, help="Login email address.")
@click.option("--name", "full_name", required=True, help="The person's full name.")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role]),
              help="A role; repeat for several.")
@click.option("--institution", "institutions", multiple=True, metavar="SLUG",
              help="An institution the editor edits; repeat for several (needs --role editor).")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@with_appcontext
def create_user(email, full_name, roles, institutions, password_stdin):
    """Create a staff account with the given roles; the password is asked for (hidden) or read from stdin."""
    # Operators read English; the policy messages come from the same translated strings as the web forms.
    with force_locale("en"), write_intent():
        if not re.match(EMAIL_PATTERN, email.strip()):
            raise click.BadParameter("not an email address", param_hint="--email")
        if queries.email_taken(email):
            raise click.ClickException(f"An account with the address {email.strip().lower()} already exists.")
        if Role.EDITOR.value in roles and not institutions:
            raise click.UsageError("The editor role needs at least one --institution SLUG.")
        if institutions and Role.EDITOR.value not in roles:
            raise click.UsageError("--institution only applies to --role editor.")
        found = queries.institutions_by_slug(institutions)
        unknown = sorted(set(institutions) - set(found))
        if unknown:
            raise click.BadParameter(f"no institution with the slug {', '.join(unknown)}", param_hint="--institution")

        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        problems = password_problems(password, email, full_name)
        if problems:
            raise click.ClickException(" ".join(problems))

        grants = services.grants_from(roles, [i.id for i in found.values()])
        user = services.create_user(email, full_name, grants, password=password)
    click.echo(f"Created the account {user.email} ({', '.join(sorted(set(roles)))}).")
