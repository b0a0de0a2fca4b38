"""The dashboard's stored figures rebuild themselves when the code that computes them changes: the worker compares
the stamp stored with them to the running code's, so no operator has to remember `flask dashboard-rebuild`."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, update

from app.appeals.models import Appeal
from app.dashboard.models import AppealMonthTally, FiguresStamp
from app.dashboard.stamp import figures_version
from app.models_base import utcnow
from app.performance.version import current_token


def _run_worker_check(app):
    """The worker's periodic task, run as the consumer runs it (its own app context, a write)."""
    return app.extensions["worker"].tasks["dashboard.rebuild_if_stale"].call_local()


@pytest.fixture
def answered(make_appeal, session):
    appeal = make_appeal(received_dt=utcnow() - timedelta(days=20), status="answered",
                         closed_dt=utcnow() - timedelta(days=6))
    session.commit()
    return appeal


def _figures(session, appeal_id):
    session.expire_all()
    return (session.scalar(select(Appeal.response_calendar_days).where(Appeal.id == appeal_id)),
            session.scalar(select(func.coalesce(func.sum(AppealMonthTally.appeals), 0))))


def test_a_stale_stamp_makes_the_worker_rebuild_the_figures(app, client, session, answered):
    right = _figures(session, answered.id)
    assert right == (14, 1)
    # Figures as other code left them (a rollback's, say), stamped with that code's version.
    session.execute(update(Appeal).where(Appeal.id == answered.id).values(response_calendar_days=99))
    session.execute(delete(AppealMonthTally))
    session.execute(update(FiguresStamp).where(FiguresStamp.id == 1).values(version="older-code"))
    session.commit()
    assert _figures(session, answered.id) == (99, 0)
    assert client.get("/metrics").get_data(as_text=True).count("hashvetu_dashboard_figures_stale 1.0") == 1
    with app.app_context():
        version_before = current_token()

    assert _run_worker_check(app) is True

    assert _figures(session, answered.id) == right
    session.expire_all()
    assert session.scalar(select(FiguresStamp.version).where(FiguresStamp.id == 1)) == figures_version()
    with app.app_context():
        assert current_token() != version_before  # cached pages showing the old figures are dropped
    assert "hashvetu_dashboard_figures_stale 0.0" in client.get("/metrics").get_data(as_text=True)


def test_a_fresh_stamp_leaves_the_figures_alone(app, session, answered):
    session.execute(update(FiguresStamp).where(FiguresStamp.id == 1).values(version=figures_version()))
    session.execute(update(Appeal).where(Appeal.id == answered.id).values(response_calendar_days=99))
    session.commit()
    assert _run_worker_check(app) is False
    assert _figures(session, answered.id)[0] == 99  # not touched: the stamp named the running code


def test_the_rebuild_command_stamps_the_figures(app, session, answered):
    session.execute(update(FiguresStamp).where(FiguresStamp.id == 1).values(version="older-code"))
    session.commit()
    result = app.test_cli_runner().invoke(args=["dashboard-rebuild"])
    assert result.exit_code == 0, result.output
    session.expire_all()
    assert session.scalar(select(FiguresStamp.version).where(FiguresStamp.id == 1)) == figures_version()
