"""Signed links of subscriptions."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.urls import external_url

CONFIRM, MANAGE = "confirm", "manage"


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="hashvetu.subscription")


def make_token(subscription, purpose: str) -> str:
    """A signed, dated token naming the subscription, its current nonce and what it may do."""
    return _serializer().dumps([subscription.id, subscription.nonce, purpose])


def read_token(token: str, purpose: str) -> tuple[int, str] | None:
    """(id, nonce) of a token of `purpose` still within its age, else None."""
    if not token or len(token) > 300:
        return None
    hours = (current_app.config["SUBSCRIPTION_CONFIRM_HOURS"] if purpose == CONFIRM
             else current_app.config["SUBSCRIPTION_LINK_DAYS"] * 24)
    try:
        value = _serializer().loads(token, max_age=hours * 3600)
    except BadSignature:  # also SignatureExpired
        return None
    if (not isinstance(value, list) or len(value) != 3 or value[2] != purpose or not isinstance(value[0], int)
            or not isinstance(value[1], str)):
        return None
    return value[0], value[1]


def schedule_url(filters: str) -> str:
    return external_url("schedule.schedule") + ("?" + filters if filters else "")

