"""The audit chain is keyed with a secret outside the database, and its daily head is published, so a rewrite or a
cut tail is caught even by someone who could recompute plain hashes (issue 18)."""

import json

import pytest
import sqlalchemy as sa

from app.audit.chain import KEYED_MARKER, entry_hash
from app.audit.cli import audit_checkpoint, audit_verify
from app.audit.models import AuditEntry
from app.audit.services import audit
from app.extensions import db
from tests.test_audit import _disable_triggers


@pytest.fixture
def entries(app, session):
    """Fifteen entries written through the service, as the app writes them."""
    with app.app_context():
        for n in range(15):
            audit("test.event", actor_label="tester@example.am", details={"n": n})
        db.session.commit()
    return session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()


def verify(app, *args):
    return app.test_cli_runner().invoke(audit_verify, list(args))


def saved_checkpoint(app, client, tmp_path):
    """Publish a checkpoint and save it as a monitor would."""
    assert app.test_cli_runner().invoke(audit_checkpoint).exit_code == 0
    response = client.get("/open-data/audit-checkpoint.json")
    assert response.status_code == 200
    path = tmp_path / "checkpoint.json"
    path.write_bytes(response.data)
    return path


def rewrite(session, entry, **changes):
    """Change an entry and re-link every later one with plain SHA-256: all an attacker without the key can do."""
    rows = session.scalars(sa.select(AuditEntry).where(AuditEntry.id >= entry.id).order_by(AuditEntry.id)).all()
    prev = entry.prev_hash
    for row in rows:
        for name, value in (changes if row.id == entry.id else {}).items():
            setattr(row, name, value)
        row.prev_hash = prev
        row.entry_hash = prev = entry_hash(row.prev_hash, row.created_dt, row.actor_id, row.actor_label, row.action,
                                           row.target_type, row.target_id, row.details, row.ip)
    session.flush()


def test_the_chain_is_keyed_from_the_marker_on(app, entries):
    marker = next(e for e in entries if e.action == KEYED_MARKER)
    last = entries[-1]
    assert marker.id < last.id
    assert last.entry_hash == entry_hash(last.prev_hash, last.created_dt, last.actor_id, last.actor_label, last.action,
                                         last.target_type, last.target_id, last.details, last.ip,
                                         key=app.config["AUDIT_KEY"])


def test_an_edit_with_every_later_hash_recomputed_is_caught(app, session, entries):
    assert verify(app).exit_code == 0
    _disable_triggers(session)
    rewrite(session, entries[-5], details='{"n": 999}')
    result = verify(app)
    assert result.exit_code == 1 and f"BROKEN at entry {entries[-5].id}" in result.output


def test_a_log_rewritten_from_its_start_without_the_key_is_caught(app, session, entries):
    _disable_triggers(session)
    first = entries[0]
    session.execute(sa.delete(AuditEntry).where(AuditEntry.action == KEYED_MARKER))
    rewrite(session, first, actor_label=first.actor_label)
    result = verify(app)
    assert result.exit_code == 1 and "keyed part of the chain is missing" in result.output


def test_deleting_the_last_ten_entries_is_caught_against_a_saved_checkpoint(app, client, session, entries, tmp_path):
    checkpoint = saved_checkpoint(app, client, tmp_path)
    _disable_triggers(session)
    session.execute(sa.delete(AuditEntry).where(AuditEntry.id.in_([e.id for e in entries[-10:]])))
    session.flush()
    assert verify(app).exit_code == 0  # the shorter chain is consistent in itself...
    result = verify(app, "--checkpoint", str(checkpoint))
    assert result.exit_code == 1 and "entries were removed" in result.output  # ...but not with what was published


def test_an_intact_log_matches_the_saved_checkpoint_after_more_entries(app, client, session, entries, tmp_path):
    checkpoint = saved_checkpoint(app, client, tmp_path)
    with app.app_context():
        audit("test.event", actor_label="tester@example.am", details={"n": "later"})
        db.session.commit()
    result = verify(app, "--checkpoint", str(checkpoint))
    assert result.exit_code == 0 and "including the checkpoint" in result.output


def test_the_published_checkpoint_names_the_head_of_the_chain(app, client, session, entries, tmp_path):
    published = json.loads(saved_checkpoint(app, client, tmp_path).read_text())
    count = session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    assert (published["sequence"], published["entry_id"], published["hash"]) == (
        count, entries[-1].id, entries[-1].entry_hash)


def test_checkpoints_are_in_an_atom_feed(app, client, entries, tmp_path):
    published = json.loads(saved_checkpoint(app, client, tmp_path).read_text())
    feed = client.get("/feeds/audit-checkpoints.atom?lang=en").get_data(as_text=True)
    assert f"Audit log checkpoint: entry {published['sequence']}" in feed and published["hash"] in feed


def test_a_file_that_is_not_a_checkpoint_is_refused(app, tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"hello": 1}')
    result = verify(app, "--checkpoint", str(path))
    assert result.exit_code == 2 and "not an audit checkpoint" in result.output
