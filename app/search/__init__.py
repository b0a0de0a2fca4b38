"""Search across actions, reports, institutions and published proposals, in any letter case and language."""

from flask import Blueprint

from app.search import sync
from app.search.text import best_text, highlight

bp = Blueprint("search", __name__)


def init_app(app):
    """Keep the search entries in step with every write, and give templates the highlighting helpers."""
    sync.connect()
    app.jinja_env.globals.update(search_highlight=highlight, search_best_text=best_text)
