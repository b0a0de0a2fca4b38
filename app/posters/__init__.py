"""Printable A4 posters of a settlement's month schedule for village notice boards, as HTML and PDF."""

from flask import Blueprint

bp = Blueprint("posters", __name__)
