"""`flask seed-demo` loads the Dilijan demo into an empty database, and running it again changes nothing."""

from sqlalchemy import func, select

from app.appeals.models import Appeal
from app.community.models import Community
from app.demo.cli import seed_demo
from app.extensions import db
from app.schedule.models import Action


def count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_demo_command_is_idempotent(app, session, today, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_CREDENTIALS_FILE", str(tmp_path / "demo-credentials.txt"))
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
    # The demo officer and the institutions' editors hold the registered appeals.
    held = session.scalars(select(Appeal).where(Appeal.registered_dt.is_not(None))).all()
    assert held and all(a.assignee_id for a in held)
