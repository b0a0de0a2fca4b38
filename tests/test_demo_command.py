"""`flask seed-demo` loads the Dilijan demo into an empty database with one account per role, shows their passwords
once, and running it again changes nothing. One test: loading the demo takes seconds."""

import re

from sqlalchemy import func, select

from app.appeals.models import Appeal
from app.community.models import Community
from app.demo.cli import seed_demo
from app.extensions import db
from app.schedule.models import Action
from tests.fixtures.accounts import AuthActions


def count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_demo_loads_once_with_one_account_per_role_and_shows_the_passwords_once(app, session, client, tmp_path,
                                                                                      monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_CREDENTIALS_FILE", str(tmp_path / "demo-credentials.txt"))
    runner = app.test_cli_runner()
    with app.app_context():
        db.session.remove()
    first = runner.invoke(seed_demo)
    assert first.exit_code == 0, first.output
    assert "Dilijan" in first.output
    accounts = re.findall(r"^\s+(\w+)\s+(\S+@demo\.hashvetu\.am)\s+(\S+)$", first.output, re.M)
    assert {role for role, _email, _password in accounts} == {"admin", "officer", "viewer", "editor"}
    editors = {email for role, email, _password in accounts if role == "editor"}
    assert "editor.music-school@demo.hashvetu.am" in editors and len(editors) == 6
    passwords = [password for _role, _email, password in accounts]
    assert len(set(passwords)) == len(passwords) and all(len(p) >= 12 for p in passwords)

    # Also kept in a file only its owner can read, for `make run` to show and the newcomer to find again.
    saved = tmp_path / "demo-credentials.txt"
    assert saved.stat().st_mode & 0o777 == 0o600
    assert all(password in saved.read_text() for password in passwords)

    actions = count(session, Action)
    second = runner.invoke(seed_demo)
    assert second.exit_code == 0
    assert "already" in second.output
    assert "demo.hashvetu.am" not in second.output
    assert count(session, Action) == actions
    assert count(session, Community) == 1
    # The demo officer and the institutions' editors hold the registered appeals.
    held = session.scalars(select(Appeal).where(Appeal.registered_dt.is_not(None))).all()
    assert held and all(a.assignee_id for a in held)

    _role, email, password = next(a for a in accounts if a[0] == "editor")
    assert AuthActions(client).login(email, password).status_code == 302
