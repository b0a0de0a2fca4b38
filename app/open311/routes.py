"""Open311 GeoReport v2 (JSON only): the four appeal kinds as services, submitting, and public status.

Differences from the standard are listed in README.md ("Open311"). Personal data never leaves through here:
a request's description is the officer's anonymised text, and only once the appeal is published.
"""

import re
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from app import limits
from app.accounts.throttling import hashed_limit_key
from app.appeals import services as appeal_services
from app.appeals.deadlines import Kind
from app.appeals.forms import EMAIL_PATTERN, KIND_LABELS, PhoneNumber
from app.appeals.labels import STATUS_LABELS
from app.appeals.models import OPEN_STATUSES, AppealChannel, Publication
from app.community.queries import community_timezone, get_community, list_settlements
from app.extensions import csrf, limiter
from app.http import allow_any_origin
from app.i18n import current_language, tr_text
from app.institutions.queries import list_institutions
from app.open311 import bp
from app.open311.queries import last_public_change, list_public_requests
from app.sms.phones import InvalidPhone, normalize_phone
from app.urls import external_url

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-26T00:00:00Z"
MAX_IDS = 50
_NUMBER = re.compile(r"^[A-Z0-9]{1,10}-\d{4}-\d{1,9}$")

bp.after_request(allow_any_origin)


class Open311Error(Exception):
    def __init__(self, code, description):
        super().__init__(description)
        self.code = code
        self.description = description


def _errors(code, description):
    """Errors as GeoReport v2 defines them: a list of {code, description}."""
    return jsonify([{"code": code, "description": str(description)}]), code


@bp.errorhandler(Open311Error)
def _open311_error(error):
    return _errors(error.code, error.description)


@limits.throttled_page("open311")
def _too_many(_minutes):
    return _errors(429, _("Too many requests. Please wait a little and try again."))


@bp.errorhandler(HTTPException)
def _http_error(error):
    response = _errors(error.code, error.description or error.name)
    return response


def _local(value: datetime) -> str:
    return value.astimezone(ZoneInfo(community_timezone())).isoformat(timespec="seconds")


@bp.get("/discovery.json")
def discovery():
    community = get_community()
    return jsonify({
        "changeset": CHANGESET,
        "contact": (community.email if community else None) or "",
        "key_service": _("No API key is needed."),
        "endpoints": [{"specification": SPECIFICATION, "url": external_url("open311.discovery")
                       .rsplit("/", 1)[0], "changeset": CHANGESET, "type": "production",
                       "formats": ["application/json"]}],
    })


def _service(kind: Kind):
    return {"service_code": kind.value, "service_name": str(KIND_LABELS[kind]),
            "description": str(KIND_LABELS[kind]), "metadata": True, "type": "realtime", "keywords": "",
            "group": tr_text(get_community(), "name") or "Hashvetu"}


@bp.get("/services.json")
def services():
    return jsonify([_service(kind) for kind in Kind])


def _kind_or_error(code) -> Kind:
    try:
        return Kind(code)
    except ValueError:
        raise Open311Error(404, _("There is no such service.")) from None


@bp.get("/services/<code>.json")
def service_definition(code):
    kind = _kind_or_error(code)
    return jsonify({"service_code": kind.value, "attributes": [
        {"variable": True, "code": "settlement", "datatype": "singlevaluelist", "required": True, "order": 1,
         "datatype_description": _("The settlement the appeal is about."), "description": _("Settlement"),
         "values": [{"key": s.slug, "name": tr_text(s, "name")} for s in list_settlements()]},
        {"variable": True, "code": "institution", "datatype": "singlevaluelist", "required": False, "order": 2,
         "datatype_description": _("Leave empty to address the municipality itself."),
         "description": _("Addressed to"),
         "values": [{"key": i.slug, "name": tr_text(i, "name")} for i in list_institutions()]},
        {"variable": True, "code": "subject", "datatype": "string", "required": False, "order": 3,
         "datatype_description": _("A few words; the beginning of the description when empty."),
         "description": _("Subject")},
    ]})


def _field(name, limit, required=False):
    value = (request.form.get(name) or "").strip()
    if required and not value:
        raise Open311Error(400, _("The field %(name)s is required.", name=name))
    if len(value) > limit:
        raise Open311Error(400, _("The field %(name)s is too long.", name=name))
    return value


def _submission() -> dict:
    """The appeal's data from an Open311 form post, checked like the web form checks it."""
    kind = _kind_or_error(_field("service_code", 40, required=True))
    description = _field("description", 20000, required=True)
    first, last = _field("first_name", 100, required=True), _field("last_name", 100, required=True)
    email, phone = _field("email", 254), _field("phone", 50)
    if not email and not phone:
        raise Open311Error(400, _("Give an email address or a phone number."))
    if email and not re.match(EMAIL_PATTERN, email):
        raise Open311Error(400, _("The email address is not valid."))
    if phone:
        # Stored in E.164 like the web form's (`091 234567` -> `+37491234567`), so SMS and "My appeals" reach it.
        try:
            phone = normalize_phone(phone)
        except InvalidPhone:
            raise Open311Error(400, str(PhoneNumber.message)) from None
    settlements = {s.slug: s.id for s in list_settlements()}
    settlement = _field("attribute[settlement]", 80, required=True)
    if settlement not in settlements:
        raise Open311Error(400, _("There is no such settlement."))
    institution_slug = _field("attribute[institution]", 80)
    institutions = {i.slug: i.id for i in list_institutions()}
    if institution_slug and institution_slug not in institutions:
        raise Open311Error(400, _("There is no such institution."))
    subject = _field("attribute[subject]", 300) or description.splitlines()[0][:300]
    place = _field("address_string", 500)
    if place:
        # Open311's address is where the problem is, not where the applicant lives: it belongs in the text.
        location = _("Location: %(place)s", place=place)
        description = f"{description}\n\n{location}"
    return {
        "kind": kind.value, "subject": subject, "text": description, "settlement_id": settlements[settlement],
        "institution_id": institutions.get(institution_slug), "applicant_name": f"{first} {last}",
        "applicant_email": email or None, "applicant_phone": phone or None,
        "applicant_address": None, "allow_publish": False,
    }


def _submitted_api_key() -> str:
    return (request.form.get("api_key") or request.args.get("api_key") or "").strip()[:200]


def _api_key() -> str:
    """The per-key limit's key: a keyed hash, so the limiter's store holds no API key."""
    return hashed_limit_key("open311-key", _submitted_api_key())


def _without_api_key() -> bool:
    return not _submitted_api_key()


# No honeypot or fill time here: those tell a person's browser from a bot's, and every Open311 client is a program.
# What a program cannot dodge is a budget per address and, when it names itself, per api_key.
@bp.post("/requests.json")
@csrf.exempt
@limiter.limit(limits.setting("APPEAL_LIMITS_PER_IP"), methods=["POST"])
@limiter.limit(limits.setting("OPEN311_LIMITS_PER_KEY"), key_func=_api_key, methods=["POST"],
               exempt_when=_without_api_key)
def create_request():
    """Create an appeal; its access code goes to the submitting client once, like the receipt."""
    appeal, secret = appeal_services.submit_appeal(_submission(), [], [], current_language(),
                                                  channel=AppealChannel.OPEN311)
    return jsonify([{
        "service_request_id": appeal.tracking_number,
        "service_notice": _("The answer is due by %(date)s.", date=appeal.due_date.isoformat()),
        "account_id": None,
        # Not in the standard: where and with which code the applicant follows the appeal (the code shows their
        # personal data: keep it private). The code is never part of a URL.
        "tracking_url": external_url("appeals.tracked", number=appeal.tracking_number),
        "access_code": secret,
    }]), 201


def _parse_moment(name):
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise Open311Error(400, _("The parameter %(name)s is not a date and time.", name=name)) from None
    if not moment.tzinfo:
        moment = moment.replace(tzinfo=ZoneInfo(community_timezone()))
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:  # within hours of year 1 or 9999: before or after every appeal, which is what was asked
        return (datetime.min if moment.year == 1 else datetime.max).replace(tzinfo=timezone.utc)


def _public_request(appeal, changed):
    """What anyone may know about an appeal: never who wrote it nor what they wrote."""
    tz = ZoneInfo(community_timezone())
    published = appeal.publication == Publication.PUBLISHED
    notes = str(STATUS_LABELS[appeal.status])
    if published and appeal.public_answer:
        notes = f"{notes}. {appeal.public_answer}"
    body = {
        "service_request_id": appeal.tracking_number,
        "status": "open" if appeal.status in OPEN_STATUSES else "closed",
        "status_notes": notes,
        "service_name": str(KIND_LABELS[appeal.kind]),
        "service_code": appeal.kind.value,
        "agency_responsible": tr_text(appeal.institution, "name") if appeal.institution
        else tr_text(get_community(), "name"),
        "service_notice": None,
        "requested_datetime": _local(appeal.received_dt),
        "updated_datetime": _local(max(d for d in (appeal.received_dt, appeal.closed_dt, changed) if d)),
        "expected_datetime": datetime.combine(appeal.due_date, time(23, 59, 59), tz).isoformat(),
        "media_url": None,
    }
    if published and appeal.public_text:
        body["description"] = appeal.public_text
    return body


def _requests(appeals):
    changed = last_public_change([a.id for a in appeals])
    return jsonify([_public_request(a, changed.get(a.id)) for a in appeals])


@bp.get("/requests.json")
def list_requests():
    """By service_request_id (comma-separated), or by service_code/status/start_date/end_date (90 days by default)."""
    ids = request.args.get("service_request_id")
    if ids:
        numbers = [n.strip().upper() for n in ids.split(",") if n.strip()][:MAX_IDS]
        return _requests(list_public_requests(numbers=[n for n in numbers if _NUMBER.match(n)]))
    kind = _kind_or_error(request.args["service_code"]) if request.args.get("service_code") else None
    status = request.args.get("status")
    if status not in (None, "", "open", "closed"):
        raise Open311Error(400, _("The status is open or closed."))
    end = _parse_moment("end_date")
    start = _parse_moment("start_date") or (end or datetime.now(timezone.utc)) - timedelta(days=90)
    closed = {"open": False, "closed": True}.get(status or "")
    return _requests(list_public_requests(kind=kind, open_statuses=OPEN_STATUSES, closed=closed, start=start,
                                          end=end))


@bp.get("/requests/<number>.json")
def get_request(number):
    number = number.strip().upper()
    appeals = list_public_requests(numbers=[number]) if _NUMBER.match(number) else []
    if not appeals:
        raise Open311Error(404, _("There is no such request."))
    return _requests(appeals)
