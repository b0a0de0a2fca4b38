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

# Names of the fields that the public change history mentions.
FIELD_LABELS = {
    "title_hy": _l("Title (Armenian)"), "title_en": _l("Title (English)"), "title_ru": _l("Title (Russian)"),
    "description_hy": _l("Description (Armenian)"), "description_en": _l("Description (English)"),
    "description_ru": _l("Description (Russian)"),
    "venue_hy": _l("Venue (Armenian)"), "venue_en": _l("Venue (English)"), "venue_ru": _l("Venue (Russian)"),
    "settlement_id": _l("Settlement"), "start_date": _l("Start date"), "start_time": _l("Start time"),
    "end_date": _l("End date"), "end_time": _l("End time"), "budget_planned": _l("Planned budget"),
    "funding_source": _l("Funding source"), "status": _l("Status"), "status_reason_hy": _l("Reason (Armenian)"),
    "status_reason_en": _l("Reason (English)"), "objectives": _l("Program objectives"),
    "body_hy": _l("Report text (Armenian)"), "body_en": _l("Report text (English)"),
    "body_ru": _l("Report text (Russian)"), "report_date": _l("Date of the report"),
    "participants": _l("Participants"), "actual_spent": _l("Actually spent"),
    "start_year": _l("From year"), "end_year": _l("To year"),
    "mission_hy": _l("Mission (Armenian)"), "mission_en": _l("Mission (English)"),
    "mission_ru": _l("Mission (Russian)"),
    "vision_hy": _l("Vision (Armenian)"), "vision_en": _l("Vision (English)"), "vision_ru": _l("Vision (Russian)"),
    "code": _l("Number"),
}
