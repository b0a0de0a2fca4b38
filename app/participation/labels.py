"""What every page may show of an appeal's public state, as template globals (registered in participation.init_app)."""

from flask_babel import lazy_gettext as _l

from app.appeals.forms import KIND_LABELS
from app.appeals.models import AppealStatus

PUBLIC_STATUS = {
    "open": _l("Open"),
    "answered": _l("Answered"),
    "closed": _l("Closed"),
}


def public_status(appeal):
    """What the public sees of an appeal's state: open, answered or closed (never the internal steps)."""
    if appeal.is_open:
        return "open"
    return "answered" if appeal.status == AppealStatus.ANSWERED else "closed"


def template_labels():
    return {"PUBLIC_STATUS": PUBLIC_STATUS, "APPEAL_KIND_LABELS": KIND_LABELS}
