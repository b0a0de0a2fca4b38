"""The OpenAPI 3.1 description of /api/v1. Tests validate real responses against these schemas."""

from app.schedule.models import ActionStatus, FundingSource

_TEXT = {"type": ["string", "null"]}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, required=None):
    return {"type": "object", "properties": properties, "required": list(required or properties),
            "additionalProperties": False}


def _links(*names):
    return _object({name: {"type": "string", "format": "uri"} for name in names})


_SLUG = {"type": "string", "pattern": "^[a-z0-9-]{1,80}$"}
_NULLABLE_INT = {"type": ["integer", "null"]}
_SHARE = {"type": ["number", "null"], "minimum": 0}
_DATE = {"type": "string", "format": "date"}
_NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
_DATETIME = {"type": "string", "format": "date-time"}
_TIME = {"type": ["string", "null"], "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}
_DRAMS = {"type": "integer", "minimum": 0, "description": "Whole Armenian drams (AMD)."}

SCHEMAS = {
    "Translated": {
        "type": "object",
        "description": "A text kept in Armenian (the original) and optionally English and Russian; null where "
                       "a language is missing.",
        "properties": {"hy": _TEXT, "en": _TEXT, "ru": _TEXT},
        "required": ["hy", "en", "ru"],
        "additionalProperties": False,
    },
    "Error": _object({"error": _object({
        "status": {"type": "integer"}, "message": {"type": "string"}, "parameter": {"type": "string"},
    }, required=["status", "message"])}),
    "PageMeta": _object({
        "total": {"type": "integer", "minimum": 0}, "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": 100}, "pages": {"type": "integer", "minimum": 1},
    }),
    "PageLinks": _object({
        "self": {"type": "string", "format": "uri"}, "first": {"type": "string", "format": "uri"},
        "last": {"type": "string", "format": "uri"}, "next": {"type": ["string", "null"], "format": "uri"},
        "prev": {"type": ["string", "null"], "format": "uri"},
    }),
    "CountMeta": _object({"total": {"type": "integer", "minimum": 0}}),
    "Figures": _object({
        "year": {"type": "integer"}, "actions": {"type": "integer", "minimum": 0},
        "done": {"type": "integer", "minimum": 0}, "budget_planned": _DRAMS, "spent": _DRAMS,
        "ended": {"type": "integer", "minimum": 0}, "reported": {"type": "integer", "minimum": 0},
        "reported_share": _SHARE,
    }),
    "ReportingRecord": _object({
        "ended": {"type": "integer", "minimum": 0}, "reported": {"type": "integer", "minimum": 0},
        "reported_on_time": {"type": "integer", "minimum": 0}, "overdue": {"type": "integer", "minimum": 0},
        "last_report": _NULLABLE_DATE, "grace_days": {"type": "integer", "minimum": 0}, "reported_share": _SHARE,
    }),
    "Tally": _object({
        "actions": {"type": "integer", "minimum": 0}, "done": {"type": "integer", "minimum": 0},
        "cancelled": {"type": "integer", "minimum": 0}, "budget_planned": _DRAMS, "spent": _DRAMS,
        "done_share": _SHARE,
    }),
    "Settlement": _object({
        "slug": _SLUG, "name": _ref("Translated"), "population": _NULLABLE_INT, "population_year": _NULLABLE_INT,
        "is_centre": {"type": "boolean"}, "links": _links("self", "html", "ical", "atom"),
    }),
    "Institution": _object({
        "slug": _SLUG, "kind": {"type": "string"}, "name": _ref("Translated"), "settlement": _SLUG,
        "address": _ref("Translated"), "head_name": _ref("Translated"), "phone": _TEXT, "email": _TEXT,
        "website": _TEXT, "description": _ref("Translated"), "links": _links("self", "html", "ical", "atom"),
    }),
    "Action": _object({
        "id": {"type": "integer"}, "title": _ref("Translated"), "description": _ref("Translated"),
        "venue": _ref("Translated"), "institution": _SLUG, "settlement": _SLUG, "start_date": _DATE,
        "start_time": _TIME, "end_date": _DATE, "end_time": _TIME, "budget_planned": _DRAMS,
        "funding_source": {"type": "string", "enum": [f.value for f in FundingSource]},
        "status": {"type": "string", "enum": [s.value for s in ActionStatus]},
        "status_reason": _ref("Translated"),
        "objectives": {"type": "array", "items": {"type": "string"}},
        "goals": {"type": "array", "items": {"type": "string"}},
        "revision": {"type": "integer", "minimum": 1}, "created": _DATETIME, "updated": _DATETIME,
        "links": _links("self", "html"),
    }),
    "Photo": _object({
        "url": {"type": "string", "format": "uri"}, "thumbnail_url": {"type": "string", "format": "uri"},
        "width": {"type": "integer"}, "height": {"type": "integer"}, "caption": _ref("Translated"),
    }),
    "Document": _object({
        "title": {"type": "string"}, "url": {"type": "string", "format": "uri"}, "size_bytes": {"type": "integer"},
    }),
    "Report": _object({
        "id": {"type": "integer"}, "action": {"type": "integer"}, "institution": _SLUG, "settlement": _SLUG,
        "report_date": _DATE, "body": _ref("Translated"), "participants": _NULLABLE_INT,
        "actual_spent": {"type": ["integer", "null"], "minimum": 0},
        "photos": {"type": "array", "items": _ref("Photo")},
        "documents": {"type": "array", "items": _ref("Document")},
        "created": _DATETIME, "links": _links("self", "html"),
    }),
    "Proposal": {
        **_object({
            "id": {"type": "integer"},
            "kind": {"type": "string", "enum": ["application", "complaint", "proposal", "information_request"]},
            "subject": _TEXT, "text": _TEXT, "answer": _TEXT, "settlement": _SLUG,
            "institution": {"type": ["string", "null"]},
            "published": {"type": ["string", "null"], "format": "date-time"},
            "support_count": {"type": "integer", "minimum": 0}, "links": _links("self", "html"),
        }),
        "description": "A published appeal or proposal: only the text an officer anonymised for publication.",
    },
    "Indicator": _object({
        "name": _ref("Translated"), "unit": _ref("Translated"), "baseline": {"type": ["number", "null"]},
        "baseline_year": _NULLABLE_INT, "target": {"type": ["number", "null"]}, "target_year": _NULLABLE_INT,
    }),
    "Objective": _object({
        "code": {"type": "string"}, "title": _ref("Translated"), "progress": _ref("Tally"),
        "indicators": {"type": "array", "items": _ref("Indicator")},
    }),
    "Goal": _object({
        "code": {"type": "string"}, "title": _ref("Translated"), "description": _ref("Translated"),
        "progress": _ref("Tally"), "objectives": {"type": "array", "items": _ref("Objective")},
    }),
    "Program": _object({
        "title": _ref("Translated"), "start_year": {"type": "integer"}, "end_year": {"type": "integer"},
        "council_decision": _TEXT, "adopted_on": _NULLABLE_DATE, "document_url": _TEXT,
        "progress": _ref("Tally"), "goals": {"type": "array", "items": _ref("Goal")}, "links": _links("self", "html"),
    }),
    "AccountabilityFigures": _object({
        "year": {"type": "integer"},
        "community": _ref("Figures"),
        "settlements": {"type": "array", "items": _object({"slug": _SLUG, "figures": _ref("Figures")})},
        "institutions": {"type": "array", "items": _object({
            "slug": _SLUG, "figures": _ref("Figures"), "reporting": _ref("ReportingRecord")})},
        "program": {"oneOf": [_ref("Tally"), {"type": "null"}]},
    }),
    "Index": _object({
        "name": {"type": "string"}, "version": {"type": "string"},
        "links": _links("settlements", "institutions", "program", "actions", "reports", "proposals", "figures",
                        "openapi"),
    }),
}


def _list_of(name):
    return _object({"data": {"type": "array", "items": _ref(name)}, "meta": _ref("CountMeta")})


def _page_of(name):
    return _object({"data": {"type": "array", "items": _ref(name)}, "meta": _ref("PageMeta"),
                    "links": _ref("PageLinks")})


SCHEMAS.update({
    "SettlementList": _list_of("Settlement"),
    "InstitutionList": _list_of("Institution"),
    "SettlementDetail": {**SCHEMAS["Settlement"], "properties": {**SCHEMAS["Settlement"]["properties"],
                                                                  "figures": _ref("Figures")},
                         "required": [*SCHEMAS["Settlement"]["required"], "figures"]},
    "InstitutionDetail": {**SCHEMAS["Institution"], "properties": {
        **SCHEMAS["Institution"]["properties"], "figures": _ref("Figures"), "reporting": _ref("ReportingRecord")},
        "required": [*SCHEMAS["Institution"]["required"], "figures", "reporting"]},
    "ActionPage": _page_of("Action"),
    "ReportPage": _page_of("Report"),
    "ProposalPage": _page_of("Proposal"),
})

_HEADERS = {
    "ETag": {"description": "Send it back in If-None-Match to get 304 when nothing changed.",
             "schema": {"type": "string"}},
    "Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}},
}


def _json(schema_name, description="OK"):
    return {"description": description, "headers": _HEADERS,
            "content": {"application/json": {"schema": _ref(schema_name)}}}


_ERROR = {"description": "Error", "content": {"application/json": {"schema": _ref("Error")}}}
_NOT_MODIFIED = {"description": "Not modified (the If-None-Match ETag still matches)."}
_PAGE_PARAMS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
]
_PLACE_PARAMS = [
    {"name": "settlement", "in": "query", "description": "A settlement slug.", "schema": _SLUG},
    {"name": "institution", "in": "query", "description": "An institution slug.", "schema": _SLUG},
]


def _get(operation_id, summary, schema_name, parameters=(), not_found=False, bad_request=False):
    responses = {"200": _json(schema_name), "304": _NOT_MODIFIED}
    if bad_request:
        responses["400"] = _ERROR
    if not_found:
        responses["404"] = _ERROR
    op = {"operationId": operation_id, "summary": summary, "responses": responses}
    if parameters:
        op["parameters"] = list(parameters)
    return {"get": op}


def _path_param(name, schema):
    return {"name": name, "in": "path", "required": True, "schema": schema}


_ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}


def openapi_document(server_url: str) -> dict:
    """The document served at /api/v1/openapi.json, with this server's URL."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Hashvetu open data API",
            "version": "1.0.0",
            "description": "Read-only data of the community's schedule, reports, development program, published "
                           "proposals and accountability figures. GET only, no authentication, CORS open to every "
                           "origin. Lists are paginated with page/per_page and carry self/next/prev links. "
                           "Texts come in Armenian (hy), English (en) and Russian (ru). Applicants' personal data "
                           "is never part of it.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/": _get("index", "Where everything is", "Index"),
            "/settlements": _get("listSettlements", "All settlements, the centre first", "SettlementList"),
            "/settlements/{slug}": {
                **_get("getSettlement", "One settlement with this year's figures", "SettlementDetail",
                       not_found=True),
                "parameters": [_path_param("slug", {"type": "string"})]},
            "/institutions": _get("listInstitutions", "All institutions", "InstitutionList"),
            "/institutions/{slug}": {
                **_get("getInstitution", "One institution with this year's figures and its reporting record",
                       "InstitutionDetail", not_found=True),
                "parameters": [_path_param("slug", {"type": "string"})]},
            "/program": _get("getProgram", "The development program in force, its goals, objectives, indicators "
                             "and progress", "Program", not_found=True),
            "/actions": _get("listActions", "Actions of the schedule, in date order, filtered as on /schedule",
                             "ActionPage", bad_request=True, parameters=[
                                 *_PLACE_PARAMS,
                                 {"name": "goal", "in": "query", "description": "A program goal code.",
                                  "schema": {"type": "string", "pattern": "^[0-9A-Za-z.]{1,16}$"}},
                                 {"name": "status", "in": "query",
                                  "schema": {"type": "string", "enum": [s.value for s in ActionStatus]}},
                                 {"name": "month", "in": "query", "description": "Actions that touch this month.",
                                  "schema": {"type": "string",
                                             "pattern": "^(190[1-9]|19[1-9][0-9]|2[0-9]{3})-(0[1-9]|1[0-2])$"}},
                                 *_PAGE_PARAMS]),
            "/actions/{action_id}": {
                **_get("getAction", "One action", "Action", not_found=True),
                "parameters": [_path_param("action_id", _ID)]},
            "/reports": _get("listReports", "Reports, the newest first", "ReportPage", bad_request=True,
                             parameters=[*_PLACE_PARAMS, *_PAGE_PARAMS]),
            "/reports/{report_id}": {
                **_get("getReport", "One report", "Report", not_found=True),
                "parameters": [_path_param("report_id", _ID)]},
            "/proposals": _get("listProposals", "Published proposals and appeals (anonymised), the latest first",
                               "ProposalPage", bad_request=True, parameters=[*_PLACE_PARAMS, *_PAGE_PARAMS]),
            "/proposals/{proposal_id}": {
                **_get("getProposal", "One published proposal", "Proposal", not_found=True),
                "parameters": [_path_param("proposal_id", _ID)]},
            "/figures": _get("getFigures", "This year's accountability figures", "AccountabilityFigures"),
        },
        "components": {"schemas": SCHEMAS},
    }
