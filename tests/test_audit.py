"""The audit log is append-only and tamper-evident; the change history cannot be rewritten."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from app.audit.cli import audit_verify
from app.audit.models import AuditEntry, Version
from app.audit.queries import verify_chain
from app.audit.services import audit, record_changes
from app.extensions import db


@pytest.fixture
def entries(app, session):
    """Three audit entries written through the service, as the app writes them."""
    with app.app_context():
        for n in range(3):
            audit("test.event", actor_label="tester@example.am", details={"n": n})
        record_changes("action", 1, {"budget_planned": "1"}, {"budget_planned": "2"})
        db.session.commit()
    return session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()


def test_each_entry_links_to_the_previous_one(app, entries):
    assert entries[1].prev_hash == entries[0].entry_hash
    assert entries[2].prev_hash == entries[1].entry_hash
    with app.app_context():
        result = verify_chain(app.config["AUDIT_KEY"])
    assert result.ok and result.checked >= 3


@pytest.mark.parametrize("statement", [
    "UPDATE audit_entry SET actor_label = 'someone else'",
    "DELETE FROM audit_entry",
    "UPDATE version SET new_value = '999'",
    "DELETE FROM version",
])
def test_database_refuses_to_change_or_delete_audit_and_history_rows(session, entries, statement):
    nested = session.begin_nested()
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(sa.text(statement))
    nested.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(Version)) >= 1


def _disable_triggers(session):
    """What an attacker with database access would do first."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("ALTER TABLE audit_entry DISABLE TRIGGER USER"))
    else:
        session.execute(sa.text("DROP TRIGGER audit_entry_no_update"))
        session.execute(sa.text("DROP TRIGGER audit_entry_no_delete"))


def test_audit_verify_reports_the_first_rewritten_entry(app, session, entries):
    runner = app.test_cli_runner()
    intact = runner.invoke(audit_verify)
    assert intact.exit_code == 0 and "intact" in intact.output
    _disable_triggers(session)
    session.execute(sa.text("UPDATE audit_entry SET details = '{\"n\": 42}' WHERE id = :id"), {"id": entries[1].id})
    session.flush()
    broken = runner.invoke(audit_verify)
    assert broken.exit_code == 1
    assert f"BROKEN at entry {entries[1].id}" in broken.output


def test_audit_verify_notices_a_deleted_entry(app, session, entries):
    _disable_triggers(session)
    session.execute(sa.text("DELETE FROM audit_entry WHERE id = :id"), {"id": entries[1].id})
    session.flush()
    with app.app_context():
        result = verify_chain(app.config["AUDIT_KEY"])
    assert result.broken_id == entries[2].id
