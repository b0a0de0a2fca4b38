"""Appeals: residents' applications, complaints, proposals and information requests, and their legal deadlines."""

from flask import Blueprint

bp = Blueprint("appeals", __name__, url_prefix="/appeals")
