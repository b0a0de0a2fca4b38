"""The Dilijan demo community: complete enough to show every page, and safe to load twice."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.community.models import Community, Settlement
from app.demo.cli import seed_demo
from app.demo.seed import seed_demo_data
from app.extensions import db
from app.program.models import Goal, Objective
from app.schedule.models import Action, ActionStatus, Report, ReportPhoto, action_objective


@pytest.fixture
def demo(app, session, today):
    with app.app_context():
        db.session.remove()
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


def test_seed_demo_command_is_idempotent(app, session, today):
    runner = app.test_cli_runner()
    with app.app_context():
        db.session.remove()
    first = runner.invoke(seed_demo)
    assert first.exit_code == 0, first.output
    assert "Dilijan" in first.output
    actions = count(session, Action)
    second = runner.invoke(seed_demo)
    assert second.exit_code == 0
    assert "already" in second.output
    assert count(session, Action) == actions
    assert count(session, Community) == 1


def test_demo_pages_render(client, demo):
    for path in ("/", "/schedule", "/schedule?view=calendar", "/program", "/institutions", "/institutions/music-school",
                 "/settlements/hovk", "/schedule?settlement=gosh"):
        assert client.get(path).status_code == 200, path
