"""Reads of subscriptions: what a filter set is called, which subscriptions follow an action, digests' contents."""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl, urlencode

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import and_, func, select
from werkzeug.datastructures import MultiDict

from app.community.models import Settlement
from app.extensions import db
from app.i18n import tr_text
from app.institutions.models import Institution
from app.program.queries import list_current_goals
from app.schedule.filters import ScheduleFilters
from app.schedule.labels import STATUS_LABELS
from app.schedule.models import Action, Report
from app.schedule.queries import action_conditions
from app.subscriptions.models import Subscription

# The filters a subscription keeps: the selection, not how the page showed it (view, page).
KEPT = ("settlement", "institution", "goal", "status", "month")


def canonical_filters(filters: ScheduleFilters) -> str:
    """The stored form of a selection: its kept parameters that name something, in a fixed order."""
    action_conditions(filters)  # drops a settlement, institution or goal that names nothing
    args = filters.as_args()
    return urlencode([(name, args[name]) for name in KEPT if name in args])


def parse_qs_args(stored: str) -> MultiDict:
    return MultiDict(parse_qsl(stored[:300]))


def parse_filters(stored: str) -> ScheduleFilters:
    return ScheduleFilters.from_args(parse_qs_args(stored))


def describe(stored: str) -> str:
    """What a subscription follows, in the active language: "Gosh", "Music school, cancelled", "Goal 3: ..."."""
    filters = parse_filters(stored)
    words = []
    if filters.settlement:
        settlement = db.session.scalar(select(Settlement).where(Settlement.slug == filters.settlement))
        words.append(tr_text(settlement, "name") if settlement else filters.settlement)
    if filters.institution:
        institution = db.session.scalar(select(Institution).where(Institution.slug == filters.institution))
        words.append(tr_text(institution, "name") if institution else filters.institution)
    if filters.goal:
        goal = next((g for g in list_current_goals() if g.code == filters.goal), None)
        # Translators: a program goal followed by a subscription, e.g. "Goal 3: Waste collection".
        words.append(_("Goal %(code)s: %(title)s", code=filters.goal, title=tr_text(goal, "title"))
                     if goal else _("Goal %(code)s", code=filters.goal))
    if filters.status:
        words.append(str(STATUS_LABELS[filters.status]))
    if filters.month:
        words.append(format_date(filters.month, "LLLL yyyy"))
    return ", ".join(words) if words else _("All actions of the community")


def selection(args: dict) -> dict:
    """The stored filters and the description of a selection given as schedule arguments (for the form)."""
    stored = canonical_filters(ScheduleFilters.from_args(MultiDict({k: v for k, v in args.items() if v})))
    return {"filters": stored, "what": describe(stored)}


def get_subscription(subscription_id: int, nonce: str) -> Subscription | None:
    found = db.session.get(Subscription, subscription_id)
    return found if found is not None and found.nonce == nonce else None


def list_for_email(email: str) -> list[Subscription]:
    return list(db.session.scalars(select(Subscription).where(Subscription.email == email,
                                                              Subscription.confirmed_dt.is_not(None))
                                   .order_by(Subscription.created_dt, Subscription.id)))


def followers_of(action: Action) -> list[Subscription]:
    """The confirmed subscriptions with notices on whose selection includes `action`."""
    kinds = db.session.scalars(select(Subscription.filters).where(
        Subscription.confirmed_dt.is_not(None), Subscription.notices.is_(True)).distinct()).all()
    matching = [stored for stored in kinds if db.session.scalar(
        select(func.count(Action.id)).where(Action.id == action.id, *action_conditions(parse_filters(stored))))]
    if not matching:
        return []
    return list(db.session.scalars(select(Subscription).where(
        Subscription.confirmed_dt.is_not(None), Subscription.notices.is_(True), Subscription.filters.in_(matching))
        .order_by(Subscription.id)))


@dataclass
class DigestContent:
    new: list[Action] = field(default_factory=list)
    changed: list[Action] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.new or self.changed or self.reports)


def digest_content(stored: str, since: datetime, until: datetime, limit: int) -> DigestContent:
    """New and changed published actions and new published reports of a selection between two instants."""
    conditions = action_conditions(parse_filters(stored))
    order = (Action.start_date, Action.id)
    new = db.session.scalars(select(Action).where(
        *conditions, Action.created_dt > since, Action.created_dt <= until).order_by(*order).limit(limit)).all()
    changed = db.session.scalars(select(Action).where(
        *conditions, Action.created_dt <= since, Action.updated_dt > since, Action.updated_dt <= until)
        .order_by(*order).limit(limit)).all()
    reports = db.session.scalars(select(Report).join(Action, Report.action_id == Action.id).where(
        *conditions, Report.published.is_(True), Report.created_dt > since, Report.created_dt <= until)
        .order_by(Report.created_dt, Report.id).limit(limit)).all()
    return DigestContent(list(new), list(changed), list(reports))


def due_digest_groups(until: datetime):
    """(filters, language, since) of the confirmed weekly subscriptions, each with its subscriptions' ids.

    Subscribers of one selection who last got a digest at the same moment get the same digest: it is built once.
    """
    since = func.coalesce(Subscription.digest_dt, Subscription.confirmed_dt)
    rows = db.session.execute(select(Subscription.id, Subscription.filters, Subscription.language, since).where(
        Subscription.confirmed_dt.is_not(None), Subscription.weekly.is_(True), and_(since < until))
        .order_by(Subscription.id)).all()
    groups: dict[tuple, list[int]] = {}
    for sub_id, stored, language, since_dt in rows:
        groups.setdefault((stored, language, since_dt), []).append(sub_id)
    return groups
