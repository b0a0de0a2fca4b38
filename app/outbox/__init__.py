"""Outgoing email: written to a table in the sender's transaction, delivered later by a transport."""

from flask import Blueprint

bp = Blueprint("outbox", __name__)
