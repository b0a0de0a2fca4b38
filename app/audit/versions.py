"""The one stale-edit mechanism, used by the editors' workspace and the admin screens alike.

Every editable published item (actions, reports, strategic plans, the program's goals, objectives and indicators)
has a `revision` that each saved change bumps. A form carries the revision it was opened at: a save from an older
one is refused (`StaleEdit`) instead of overwriting what someone else saved meanwhile. The form also carries the
newest change-history entry it saw (`seen_version`), so the refusal can show what changed since.

A save goes through `save_changes`: apply the new values, record one public version per changed field (when the
item is published), bump the revision. The caller audits and commits.
"""

from app.audit import queries
from app.audit.services import record_changes, snapshot
from app.extensions import db


class StaleEdit(Exception):
    """The item changed after the form was opened; the save is refused instead of overwriting."""


def check_fresh(item, revision):
    """Refuse a save from a form opened at another revision of the item (no revision sent: nothing to compare)."""
    if revision not in (None, "") and str(item.revision) != str(revision):
        raise StaleEdit()


def assign(item, data):
    for key, value in data.items():
        setattr(item, key, value)


def codes(items):
    """The linked items' codes, as the history keeps them (e.g. an action's objectives: "1.1, 2.3")."""
    return ", ".join(sorted(item.code for item in items)) or None


def save_changes(item, entity_type, fields, apply, actor, institution_id, objectives=None) -> list[str]:
    """Apply a change; record its versions if the item is public; bump the revision; return the changed fields.

    institution_id names who made the change in the public history (None: the municipality)."""
    before = snapshot(item, fields)
    if objectives is not None:
        before["objectives"] = codes(item.objectives)
    apply()
    after = snapshot(item, fields)
    if objectives is not None:
        item.objectives = objectives
        after["objectives"] = codes(objectives)
    changed = [f for f in after if before.get(f) != after[f]]
    if changed and getattr(item, "published", True):
        record_changes(entity_type, item.id, before, after, actor=actor, institution_id=institution_id)
    if changed and hasattr(item, "revision"):  # a plan's goal is versioned with its plan, which has the revision
        item.revision += 1
    return changed


def open_form(form, entity_type, item):
    """Remember in a form being opened (GET) the item's revision and the newest change it shows."""
    if item is not None:
        form.revision.data = item.revision
        form.seen_version.data = queries.latest_version_id(entity_type, item.id)
    return form


def seen_version(form) -> int:
    value = str(form.seen_version.data or "0")
    return int(value) if value.isdecimal() else 0


def changes_since_opened(form, entity_type, item):
    """After a refused save: drop it, list what others changed since the form was opened, and bring the form's
    revision up to date (what the person typed stays, so saving again is a deliberate overwrite)."""
    db.session.rollback()
    changes = queries.versions_since(entity_type, item.id, seen_version(form))
    open_form(form, entity_type, item)
    return changes
