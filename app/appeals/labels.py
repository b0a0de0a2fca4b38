"""Translated names of an appeal's statuses (the kinds' names sit with the form that offers them)."""

from flask_babel import lazy_gettext as _l

from app.appeals.models import AppealStatus

STATUS_LABELS = {
    AppealStatus.RECEIVED: _l("Received"),
    AppealStatus.REGISTERED: _l("Registered"),
    AppealStatus.IN_REVIEW: _l("In review"),
    AppealStatus.ANSWERED: _l("Answered"),
    AppealStatus.REJECTED: _l("Rejected"),
    AppealStatus.FORWARDED: _l("Forwarded"),
    AppealStatus.WITHDRAWN: _l("Withdrawn"),
}
