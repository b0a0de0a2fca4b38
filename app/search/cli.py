"""`flask search-reindex`: rebuild the search entries after bulk SQL updates."""

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.search import sync


@click.command("search-reindex")
@with_appcontext
def search_reindex():
    """Rebuild the search entries of every public item (after bulk SQL updates)."""
    count = sync.reindex(db.session)
    db.session.commit()
    click.echo(f"{count} entries")
