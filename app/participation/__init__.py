"""Participation: published proposals and Q&A, residents' support for proposals, and moderated comments."""

from flask import Blueprint

bp = Blueprint("participation", __name__)
