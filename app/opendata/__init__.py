"""Open data: the /open-data page, bulk CSV/XLSX exports and their data dictionary."""

from flask import Blueprint

bp = Blueprint("opendata", __name__)
