"""The Dilijan demo community: complete enough to show every page (loading it twice: test_demo_command.py)."""

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.appeals.deadlines import Kind, local_date
from app.appeals.models import Appeal, AppealSequence, AppealStatus, Publication
from app.appeals.queries import explain_deadline
from app.appeals.services import next_tracking_number
from app.community.models import Settlement
from app.demo.seed import seed_demo_data
from app.extensions import db
from app.program.models import Goal, Objective
from app.schedule.models import Action, ActionStatus, Report, ReportPhoto, action_objective
from tests.conftest import make_app


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """This module's own database: the demo takes seconds to load (its photos are drawn and encoded), so it is loaded
    once for the module, and each test's writes are still rolled back by the `session` fixture."""
    application = make_app(tmp_path_factory.mktemp("demo"), "hashvetu_demo")
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def demo(app):
    """Load the demo for today in the community's time zone, and return that day."""
    today = datetime.now(ZoneInfo("Asia/Yerevan")).date()
    with app.app_context():
        seed_demo_data(today)
        db.session.commit()
    return today


def count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_has_the_seven_settlements_with_their_populations(session, demo):
    settlements = {s.slug: s for s in session.scalars(select(Settlement))}
    assert set(settlements) == {"dilijan", "haghartsin", "teghut", "gosh", "hovk", "aghavnavank", "khachardzan"}
    assert settlements["dilijan"].population == 15_914 and settlements["dilijan"].is_centre
    assert settlements["hovk"].population == 435
    assert settlements["khachardzan"].population is None


def test_demo_program_schedule_and_reports_are_big_enough(session, demo):
    today = demo
    assert count(session, Goal) >= 8
    assert count(session, Objective) >= 20
    assert count(session, Action) >= 80
    first, last = session.execute(select(func.min(Action.start_date), func.max(Action.start_date))).one()
    assert first <= today - timedelta(days=300) and last >= today + timedelta(days=60)
    for settlement in session.scalars(select(Settlement)):
        assert count(session, Action, Action.settlement_id == settlement.id) >= 3, settlement.slug
    past_done = count(session, Action, Action.status == ActionStatus.DONE, Action.end_date < today)
    reported = session.scalar(select(func.count(func.distinct(Report.action_id))))
    assert reported >= past_done * 0.6
    assert count(session, ReportPhoto) > 0
    for status in (ActionStatus.CANCELLED, ActionStatus.POSTPONED):
        rows = session.scalars(select(Action).where(Action.status == status)).all()
        assert rows and all(a.status_reason_hy for a in rows)


def test_demo_translations_show_the_fallback(session, demo):
    total = count(session, Action)
    english = count(session, Action, Action.title_en.is_not(None))
    russian = count(session, Action, Action.title_ru.is_not(None))
    assert english > total * 0.7
    assert 0 < russian < total  # some missing, so the Armenian fallback is visible


def test_demo_leaves_some_objectives_without_actions(session, demo):
    covered = select(action_objective.c.objective_id)
    assert count(session, Objective, Objective.id.not_in(covered)) >= 1


def test_demo_has_a_year_of_appeals_with_realistic_lifecycles(session, demo):
    today = demo
    appeals = session.scalars(select(Appeal)).all()
    assert 250 <= len(appeals) <= 400
    first = min(a.received_dt for a in appeals)
    assert first.date() <= today - timedelta(days=330)
    per_settlement = Counter(a.settlement.slug for a in appeals)
    assert len(per_settlement) == 7 and min(per_settlement.values()) >= 3
    assert per_settlement.most_common(1)[0][0] == "dilijan"
    assert set(Counter(a.kind for a in appeals)) == set(Kind)
    assert any(a.institution_id is None for a in appeals) and any(a.institution_id for a in appeals)


    # Realistic lifecycles.
    open_ = [a for a in appeals if a.is_open]
    assert 5 <= len(open_) <= 25
    assert any(a.due_date < today for a in open_), "some open appeals are overdue now"
    answered = [a for a in appeals if a.status == AppealStatus.ANSWERED]
    late = [a for a in answered if local_date(a.closed_dt) > a.due_date]
    assert 0.08 <= len(late) / len(answered) <= 0.2
    # One institution is clearly slow: most of the late answers are its own.
    slow = Counter(a.institution.slug for a in late if a.institution).most_common(1)[0]
    assert slow[0] == "communal-services" and slow[1] >= len(late) / 3
    for status in (AppealStatus.REJECTED, AppealStatus.FORWARDED, AppealStatus.WITHDRAWN):
        assert any(a.status == status for a in appeals), status
    assert all(a.status_reason for a in appeals if a.status == AppealStatus.REJECTED)
    assert all(a.forwarded_to for a in appeals if a.status == AppealStatus.FORWARDED)
    extended = [a for a in appeals if a.extended_dt]
    assert extended and all(a.original_due_date < a.due_date and a.extension_reason for a in extended)
    for appeal in appeals:
        assert appeal.events[0].status == AppealStatus.RECEIVED
        assert appeal.events[-1].status == appeal.status
        assert [e.created_dt for e in appeal.events] == sorted(e.created_dt for e in appeal.events)
        if appeal.closed_dt:
            assert appeal.registered_dt <= appeal.first_action_dt <= appeal.closed_dt
    rated = [a for a in appeals if a.rated_dt]
    assert rated and all(a.status == AppealStatus.ANSWERED and 1 <= a.rating_content <= 5 for a in rated)
    # Published proposals are anonymised.
    published = [a for a in appeals if a.publication == Publication.PUBLISHED]
    assert published and all(a.kind == Kind.PROPOSAL and a.allow_publish for a in published)
    for appeal in published:
        assert appeal.public_subject and appeal.public_text and appeal.published_dt
        assert appeal.applicant_name.split()[0] not in appeal.public_text
    assert any(a.support_count > 0 for a in published)


def test_demo_appeals_follow_the_deadline_rules_and_numbering(app, session, demo):
    with app.app_context():
        for appeal in session.scalars(select(Appeal).where(Appeal.extended_dt.is_(None))).all()[::5]:
            assert explain_deadline(appeal).due_date == appeal.due_date, appeal.tracking_number
    numbers = session.scalars(select(Appeal.tracking_number)).all()
    assert len(set(numbers)) == len(numbers)
    year = max(int(n.split("-")[1]) for n in numbers)
    assert session.get(AppealSequence, year).last_value == max(int(n.split("-")[2]) for n in numbers
                                                               if n.split("-")[1] == str(year))
    with app.app_context():
        following = next_tracking_number(year)
        db.session.rollback()
    assert following not in numbers


def test_demo_pages_render(client, demo):
    for path in ("/", "/schedule", "/schedule?view=calendar", "/program", "/institutions", "/institutions/music-school",
                 "/settlements/hovk", "/schedule?settlement=gosh", "/appeals/new", "/account/login"):
        assert client.get(path).status_code == 200, path
