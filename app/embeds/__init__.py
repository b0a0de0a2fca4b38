"""Pages other websites may frame (the official website's schedule), and the admin screen that allows them."""

from flask import Blueprint

bp = Blueprint("embeds", __name__)
