"""Open data: the /open-data page, bulk CSV/XLSX exports and their data dictionary."""

from flask import Blueprint

bp = Blueprint("opendata", __name__)

from app.opendata import routes  # noqa: E402,F401
