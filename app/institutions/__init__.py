"""Institutions: schools, kindergartens, clinics and the other bodies the municipality runs, with their reports."""

from flask import Blueprint

from app.institutions.labels import KIND_LABELS

bp = Blueprint("institutions", __name__)


def init_app(app):
    """Give every template the institution kinds' names."""
    app.jinja_env.globals.update(KIND_LABELS=KIND_LABELS)
