"""Writes of the community's calendar: the admin's extra non-working days and working days moved by decree. Each
change is audited and tells the appeals (calendar_changed) inside its transaction, so open due dates move with it."""

from flask import current_app

from app.audit.services import audit, snapshot
from app.audit.versions import assign
from app.extensions import db
from app.i18n import LANGS
from app.workdays.models import CalendarOverride
from app.workdays.signals import calendar_changed

OVERRIDE_FIELDS = ["day", "kind", *[f"note_{lang}" for lang in LANGS]]


def create_override(data, actor) -> CalendarOverride:
    override = CalendarOverride(**data)
    db.session.add(override)
    db.session.flush()
    audit("calendar_override.create", actor=actor, target=override, details=snapshot(override, OVERRIDE_FIELDS))
    _calendar_changed({override.day})
    db.session.commit()
    return override


def update_override(override, data, actor) -> list[str]:
    old_day = override.day
    before = snapshot(override, OVERRIDE_FIELDS)
    assign(override, data)
    after = snapshot(override, OVERRIDE_FIELDS)
    changed = [f for f in after if before[f] != after[f]]
    if changed:
        audit("calendar_override.update", actor=actor, target=override,
              details={f: [before[f], after[f]] for f in changed})
    if {"day", "kind"} & set(changed):
        _calendar_changed({old_day, override.day})
    db.session.commit()
    return changed


def delete_override(override, actor):
    day = override.day
    audit("calendar_override.delete", actor=actor, target=override, details=snapshot(override, OVERRIDE_FIELDS))
    db.session.delete(override)
    db.session.flush()
    _calendar_changed({day})
    db.session.commit()


def _calendar_changed(days):
    """Tell listeners (the appeals' due dates) which days changed, inside this transaction."""
    calendar_changed.send(current_app._get_current_object(), days=frozenset(days))
