"""Participation: published proposals and Q&A, residents' support for proposals, and moderated comments."""

from flask import Blueprint

bp = Blueprint("participation", __name__)


def init_app(app):
    """Every page may show an appeal's public state (the proposals' lists, the residents' and the track pages)."""
    from app.participation.labels import public_status, template_labels

    app.add_template_global(public_status)
    app.context_processor(template_labels)
