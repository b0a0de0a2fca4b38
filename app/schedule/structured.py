"""What a shared link to an action shows: its schema.org Event (JSON-LD) and the picture for Open Graph cards."""

from datetime import datetime

from app.i18n import current_language, tr_text
from app.schedule.models import Action, ActionStatus
from app.urls import external_url

_STATUS = {
    ActionStatus.CANCELLED: "https://schema.org/EventCancelled",
    ActionStatus.POSTPONED: "https://schema.org/EventPostponed",
}


def first_photo(action: Action):
    """The first photo of the action's published reports, or None."""
    for report in action.reports:
        # A draft report, or a photo that waits for a reviewer, is not public: it must not be shared either.
        photos = [photo for photo in report.photos if not photo.pending] if report.published else []
        if photos:
            return photos[0]
    return None


def share_image(action: Action) -> str | None:
    photo = first_photo(action)
    return external_url("media.photo", name=photo.file_name) if photo else None


def _moment(day, at):
    return datetime.combine(day, at).isoformat() if at else day.isoformat()


def event(action: Action) -> dict:
    """The action as a schema.org Event, in the page's language; nothing personal is in an action."""
    place = tr_text(action, "venue") or tr_text(action.settlement, "name")
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": tr_text(action, "title"),
        "url": external_url("schedule.action", action_id=action.id),
        "inLanguage": current_language(),
        "startDate": _moment(action.start_date, action.start_time),
        "endDate": _moment(action.end_date, action.end_time),
        "eventStatus": _STATUS.get(action.status, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": place,
            "address": {"@type": "PostalAddress", "addressLocality": tr_text(action.settlement, "name"),
                        "addressCountry": "AM"},
        },
        "organizer": {
            "@type": "GovernmentOrganization",
            "name": tr_text(action.institution, "name"),
            "url": external_url("institutions.institution", slug=action.institution.slug),
        },
    }
    description = tr_text(action, "description")
    if description:
        data["description"] = description
    image = share_image(action)
    if image:
        data["image"] = [image]
    return data
