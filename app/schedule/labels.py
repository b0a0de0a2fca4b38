"""Translated names of the schedule's enumerations."""

from flask_babel import lazy_gettext as _l

from app.schedule.models import ActionStatus, FundingSource

STATUS_LABELS = {
    ActionStatus.PLANNED: _l("Planned"),
    ActionStatus.IN_PROGRESS: _l("In progress"),
    ActionStatus.DONE: _l("Done"),
    ActionStatus.POSTPONED: _l("Postponed"),
    ActionStatus.CANCELLED: _l("Cancelled"),
}

FUNDING_LABELS = {
    FundingSource.COMMUNITY_BUDGET: _l("Community budget"),
    FundingSource.STATE_SUBVENTION: _l("State subvention"),
    FundingSource.DONOR: _l("Donor"),
    FundingSource.OTHER: _l("Other"),
}
