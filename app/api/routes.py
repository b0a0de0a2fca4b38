"""The read-only JSON API (/api/v1): thin views that parse, call one query and serialise. GET only."""

import re

from flask import abort, jsonify, render_template, request

from app.api import bp, serializers
from app.api.openapi import openapi_document
from app.community.queries import get_community, get_settlement_or_404, list_settlements, local_today
from app.extensions import csrf
from app.feeds.queries import get_published_proposal, get_report, list_published_proposals, list_reports
from app.http import allow_any_origin, conditional
from app.institutions.queries import get_institution_or_404, list_institutions, reporting_record
from app.program.queries import get_current_program, program_progress
from app.schedule.filters import ScheduleFilters
from app.schedule.queries import filtered_actions, get_action_or_404, schedule_options, year_figures
from app.urls import external_url

_SLUG = re.compile(r"^[a-z0-9-]{1,80}$")
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_ID = 2**31 - 1
ACTION_FILTERS = ("settlement", "institution", "goal", "status", "month")
KNOWN_FILTERS = frozenset(ACTION_FILTERS)

# Every answer may be read from any origin; the API holds nothing that depends on who asks.
bp.after_request(allow_any_origin)
# GET only: no form, no session, so the HTML forms' CSRF check has nothing to protect here.
csrf.exempt(bp)


class BadParameter(Exception):
    def __init__(self, name):
        super().__init__(name)
        self.name = name


@bp.errorhandler(BadParameter)
def _bad_parameter(error):
    return jsonify(error={"status": 400, "message": f"Invalid value for parameter '{error.name}'.",
                          "parameter": error.name}), 400


def _int_arg(name, default, low, high):
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise BadParameter(name)
    return int(raw)


def _id_or_404(value):
    """Ids beyond the database's integer range name nothing (and must not reach the database)."""
    if value > MAX_ID:
        abort(404)
    return value


def _paging():
    return _int_arg("page", 1, 1, 100_000), _int_arg("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)


def _listing(items, total, page, per_page, **extra):
    """The list envelope: data, counts, and self/next/prev/first/last links that keep the other parameters."""
    pages = max(1, -(-total // per_page))
    # Only the parameters the API knows are carried into the links (an unknown one is ignored, never echoed).
    args = {k: v for k, v in request.args.items() if k in KNOWN_FILTERS}

    def link(number):
        return external_url(request.endpoint, **request.view_args, **args, page=number, per_page=per_page)

    body = {
        "data": items,
        "meta": {"total": total, "page": page, "per_page": per_page, "pages": pages, **extra},
        "links": {
            "self": link(page),
            "first": link(1),
            "last": link(pages),
            "next": link(page + 1) if page < pages else None,
            "prev": link(min(page - 1, pages)) if page > 1 else None,
        },
    }
    return _send(body)


def _send(body):
    return conditional(jsonify(body))


@bp.get("/v1/openapi.json")
def openapi():
    return _send(openapi_document(external_url("api.index").rstrip("/")))


@bp.get("/v1/")
def index():
    return _send({
        "name": "Hashvetu open data API",
        "version": "1",
        "links": {name: external_url(f"api.{name}")
                  for name in ("settlements", "institutions", "program", "actions", "reports", "proposals",
                               "figures", "openapi")},
    })


@bp.get("/")
def docs():
    """A page for people: what the API offers and where its OpenAPI document is."""
    return render_template("api/docs.html")


@bp.get("/v1/settlements")
def settlements():
    rows = list_settlements()
    return _send({"data": [serializers.settlement(s) for s in rows], "meta": {"total": len(rows)}})


@bp.get("/v1/settlements/<slug>")
def settlement(slug):
    place = get_settlement_or_404(slug)
    body = serializers.settlement(place)
    body["figures"] = serializers.figures(year_figures(local_today(), settlement_id=place.id))
    return _send(body)


@bp.get("/v1/institutions")
def institutions():
    rows = list_institutions()
    return _send({"data": [serializers.institution(i) for i in rows], "meta": {"total": len(rows)}})


def _grace_days():
    community = get_community()
    return community.report_overdue_days if community else 7


@bp.get("/v1/institutions/<slug>")
def institution(slug):
    inst = get_institution_or_404(slug)
    today = local_today()
    body = serializers.institution(inst)
    body["figures"] = serializers.figures(year_figures(today, institution_id=inst.id))
    body["reporting"] = serializers.reporting(reporting_record(inst, today, _grace_days()))
    return _send(body)


@bp.get("/v1/program")
def program():
    current = get_current_program()
    if current is None:
        abort(404)
    return _send(serializers.program(current, program_progress(current)))


@bp.get("/v1/actions")
def actions():
    """The schedule's filters, strictly: a malformed value is a 400; a slug or code naming nothing selects nothing."""
    page, per_page = _paging()
    given = {k: request.args.get(k) for k in ACTION_FILTERS if k in request.args}
    # The HTML schedule forgives blanks and spaces; a program gets told.
    empty = [k for k, v in given.items() if not v or v != v.strip()]
    filters = ScheduleFilters.from_args(given)
    if empty or filters.ignored:
        raise BadParameter((empty or filters.ignored)[0])
    items, total = filtered_actions(filters, schedule_options(), limit=per_page, offset=(page - 1) * per_page)
    if filters.ignored:  # the schedule drops a filter that names nothing; a program asked for exactly that one
        items, total = [], 0
    return _listing([serializers.action(a) for a in items], total, page, per_page)


@bp.get("/v1/actions/<id:action_id>")
def action(action_id):
    return _send(serializers.action(get_action_or_404(_id_or_404(action_id))))


# Matches no row: a well-formed slug that names nothing selects nothing, as a filter should.
_NOTHING = -1


def _place_filters():
    """?settlement= and ?institution= for reports and proposals, as ids; a malformed slug is a 400."""
    where = {}
    for name, rows, key in (("settlement", list_settlements, "settlement_id"),
                            ("institution", list_institutions, "institution_id")):
        if name in request.args:
            if not _SLUG.fullmatch(request.args[name]):
                raise BadParameter(name)
            where[key] = {row.slug: row.id for row in rows()}.get(request.args[name], _NOTHING)
    return where


@bp.get("/v1/reports")
def reports():
    page, per_page = _paging()
    items, total = list_reports(per_page, (page - 1) * per_page, **_place_filters())
    return _listing([serializers.report(r) for r in items], total, page, per_page)


@bp.get("/v1/reports/<id:report_id>")
def report(report_id):
    item = get_report(_id_or_404(report_id))
    if item is None:
        abort(404)
    return _send(serializers.report(item))


@bp.get("/v1/proposals")
def proposals():
    page, per_page = _paging()
    items, total = list_published_proposals(per_page, (page - 1) * per_page, **_place_filters())
    return _listing([serializers.proposal(p) for p in items], total, page, per_page)


@bp.get("/v1/proposals/<id:proposal_id>")
def proposal(proposal_id):
    item = get_published_proposal(_id_or_404(proposal_id))
    if item is None:
        abort(404)
    return _send(serializers.proposal(item))


@bp.get("/v1/figures")
def figures():
    """The accountability figures that exist today: this year's schedule, reporting, and program progress."""
    today = local_today()
    grace = _grace_days()
    current = get_current_program()
    return _send({
        "year": today.year,
        "community": serializers.figures(year_figures(today)),
        "settlements": [{"slug": s.slug, "figures": serializers.figures(year_figures(today, settlement_id=s.id))}
                        for s in list_settlements()],
        "institutions": [{"slug": i.slug, "figures": serializers.figures(year_figures(today, institution_id=i.id)),
                          "reporting": serializers.reporting(reporting_record(i, today, grace))}
                         for i in list_institutions()],
        "program": serializers.tally(program_progress(current).total) if current else None,
    })

