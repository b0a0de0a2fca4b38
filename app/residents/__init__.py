"""Residents' accounts: sign in with an emailed one-time link, then see "my appeals" (no password, no staff rights)."""

from flask import Blueprint

bp = Blueprint("residents", __name__, url_prefix="/account")
