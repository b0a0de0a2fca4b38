"""Search across actions, reports, institutions and published proposals, in any letter case and language."""

from flask import Blueprint

bp = Blueprint("search", __name__)


@bp.record_once
def _setup(state):
    from app.search import sync
    from app.search.text import best_text, highlight

    sync.connect()
    state.app.jinja_env.globals.update(search_highlight=highlight, search_best_text=best_text)

    @state.app.cli.command("search-reindex")
    def search_reindex():
        """Rebuild the search entries of every public item (after bulk SQL updates)."""
        import click

        from app.extensions import db

        count = sync.reindex(db.session)
        db.session.commit()
        click.echo(f"{count} entries")


from app.search import routes  # noqa: E402,F401
