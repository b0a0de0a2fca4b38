"""Thin views: the schedule as iCalendar, and what changed as Atom, for everyone or one institution/settlement."""

from flask import make_response, request
from flask_babel import gettext as _

from app.audit import queries as audit_queries
from app.community.queries import community_timezone, get_community, get_settlement_or_404, local_today
from app.feeds import bp
from app.feeds.atom import action_entry, audit_checkpoint_entry, build_feed, proposal_entry, report_entry
from app.feeds.ical import build_calendar
from app.feeds.queries import list_published_proposals, list_reports, recently_changed_actions
from app.http import conditional
from app.i18n import tr_text
from app.institutions.queries import get_institution_or_404
from app.schedule.filters import ScheduleFilters
from app.schedule.queries import filtered_actions, nearest_actions, schedule_options
from app.urls import external_url

# A calendar carries the actions running or to come and then the most recent past ones, this many at most (a
# community of Dilijan's size fits whole; a national one keeps the nearest; a month filter reaches any month).
MAX_EVENTS = 500
ICAL_TYPE = "text/calendar; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def feed_domain() -> str:
    """The stable part of UIDs and Atom ids: the community's tracking prefix, not the host it is reached by."""
    community = get_community()
    return f"{(community.tracking_prefix if community else 'hashvetu').lower()}.hashvetu"


def _community_name():
    return tr_text(get_community(), "name") or "Hashvetu"


def _send(body, mimetype, filename):
    response = make_response(body)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    # The language may come from the cookie the language switcher sets.
    response.vary.add("Cookie")
    return conditional(response)


def _calendar(filters: ScheduleFilters, name: str, filename: str):
    if filters.month:
        actions, _total = filtered_actions(filters, schedule_options(), limit=MAX_EVENTS)
    else:
        actions = nearest_actions(filters, schedule_options(), local_today(), MAX_EVENTS)
    return _send(build_calendar(actions, name, feed_domain(), community_timezone()), ICAL_TYPE, filename)


@bp.get("/schedule.ics")
def schedule_ics():
    """The schedule with the same filters as /schedule (settlement, institution, goal, status, month)."""
    filters = ScheduleFilters.from_args(request.args)
    return _calendar(filters, f"{_community_name()}: {_('Schedule')}", "schedule.ics")


@bp.get("/institutions/<slug>.ics")
def institution_ics(slug):
    institution = get_institution_or_404(slug)
    filters = ScheduleFilters.from_args(request.args)
    filters.institution = institution.slug
    return _calendar(filters, tr_text(institution, "name"), f"{institution.slug}.ics")


@bp.get("/settlements/<slug>.ics")
def settlement_ics(slug):
    settlement = get_settlement_or_404(slug)
    filters = ScheduleFilters.from_args(request.args)
    filters.settlement = settlement.slug
    return _calendar(filters, f"{_community_name()}: {tr_text(settlement, 'name')}", f"{settlement.slug}.ics")


def _atom(name: str, title: str, page_url: str, entries):
    body = build_feed(f"tag:{feed_domain()},2026:{request.path}", title, _community_name(),
                      request.url, page_url, entries)
    return _send(body, ATOM_TYPE, f"{name}.atom")


def _tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo(community_timezone())


@bp.get("/actions.atom")
def actions_atom():
    """New and changed actions."""
    domain = feed_domain()
    entries = [action_entry(a, domain) for a in recently_changed_actions()]
    return _atom("actions", f"{_community_name()}: {_('New and changed actions')}",
                 external_url("schedule.schedule"), entries)


@bp.get("/reports.atom")
def reports_atom():
    domain, tz = feed_domain(), _tz()
    entries = [report_entry(r, domain, tz) for r in list_reports()[0]]
    return _atom("reports", f"{_community_name()}: {_('Reports')}", external_url("home.index"), entries)


@bp.get("/proposals.atom")
def proposals_atom():
    domain, tz = feed_domain(), _tz()
    entries = [proposal_entry(p, domain, tz) for p in list_published_proposals()[0]]
    return _atom("proposals", f"{_community_name()}: {_('Published proposals')}",
                 external_url("api.docs"), entries)


def _everything(**where):
    """Actions, reports and proposals of one institution or settlement, newest first."""
    domain, tz = feed_domain(), _tz()
    return ([action_entry(a, domain) for a in recently_changed_actions(**where)]
            + [report_entry(r, domain, tz) for r in list_reports(**where)[0]]
            + [proposal_entry(p, domain, tz) for p in list_published_proposals(**where)[0]])


@bp.get("/institutions/<slug>.atom")
def institution_atom(slug):
    institution = get_institution_or_404(slug)
    return _atom(institution.slug, tr_text(institution, "name"),
                 external_url("institutions.institution", slug=institution.slug),
                 _everything(institution_id=institution.id))


@bp.get("/settlements/<slug>.atom")
def settlement_atom(slug):
    settlement = get_settlement_or_404(slug)
    return _atom(settlement.slug, f"{_community_name()}: {tr_text(settlement, 'name')}",
                 external_url("community.settlement", slug=settlement.slug),
                 _everything(settlement_id=settlement.id))


@bp.get("/audit-checkpoints.atom")
def audit_checkpoints_atom():
    """Each day's head of the audit log, so a feed reader keeps the history a monitor would need."""
    domain = feed_domain()
    entries = [audit_checkpoint_entry(c, domain) for c in audit_queries.list_checkpoints()]
    return _atom("audit-checkpoints", f"{_community_name()}: {_('Audit log checkpoints')}",
                 external_url("opendata.audit_checkpoint"), entries)
