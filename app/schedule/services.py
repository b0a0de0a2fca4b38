"""Writes of the schedule: actions, their status and reports, and the approval of what an institution under review
submits. Each use case commits once; published items keep a public version per changed field (app/audit/versions.py).
"""

import json
from datetime import date, time, timedelta

from app.audit.services import audit, snapshot
from app.audit.versions import assign, check_fresh, codes, save_changes
from app.extensions import db
from app.i18n import LANGS
from app.media.storage import StoredDocument, StoredImage, discard
from app.program.queries import objectives_by_id
from app.schedule.models import Action, ActionStatus, PendingChange, Report, ReportDocument, ReportPhoto
from app.subscriptions.services import request_status_notices

ACTION_FIELDS = (
    [f"{name}_{lang}" for name in ("title", "description", "venue") for lang in LANGS]
    + ["settlement_id", "start_date", "start_time", "end_date", "end_time", "budget_planned", "funding_source",
       "status", "status_reason_hy", "status_reason_en"]
)


REPORT_FIELDS = [f"body_{lang}" for lang in LANGS] + ["report_date", "participants", "actual_spent"]


def _held_for_review(item, institution) -> bool:
    """A published item of an institution under review: its edits wait for approval."""
    return bool(getattr(item, "published", False) and institution.requires_review)


def _encode(value):
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, time):
        return {"time": value.isoformat()}
    return value


def _decode(value):
    if isinstance(value, dict) and "date" in value:
        return date.fromisoformat(value["date"])
    if isinstance(value, dict) and "time" in value:
        return time.fromisoformat(value["time"])
    return value


def _hold(item, entity_type, fields, apply, actor, objectives=None) -> list[str]:
    """Work out what `apply` would change, keep it as the item's pending change, and leave the item as published."""
    before = snapshot(item, fields)
    apply()
    after = snapshot(item, fields)
    changed = [f for f in fields if before[f] != after[f]]
    data = {f: _encode(getattr(item, f)) for f in changed}
    db.session.expire(item)  # the published version stays exactly as it was
    objective_ids = None
    if objectives is not None and codes(objectives) != codes(item.objectives):
        objective_ids = json.dumps(sorted(o.id for o in objectives))
        changed.append("objectives")
    if not changed:
        return []
    pending = _pending_change(entity_type, item, actor)
    pending.data, pending.objective_ids = json.dumps(data), objective_ids
    return changed


def _pending_change(entity_type, item, actor) -> PendingChange:
    """The item's waiting change (one per item: a newer edit replaces the fields of the waiting one)."""
    pending = db.session.scalar(db.select(PendingChange).filter_by(entity_type=entity_type, entity_id=item.id))
    if pending is None:
        pending = PendingChange(entity_type=entity_type, entity_id=item.id, data="{}")
        db.session.add(pending)
    pending.actor_id = getattr(actor, "id", None)
    return pending


def _pending_files(item) -> tuple[list, list]:
    """A report's photos and documents that wait for approval (an action has none)."""
    if not isinstance(item, Report):
        return [], []
    return [p for p in item.photos if p.pending], [d for d in item.documents if d.pending]


def apply_pending(pending: PendingChange, actor) -> list[str]:
    """Approve a waiting edit: apply it through the versions mechanism, as if it had just been saved."""
    model, fields = {"action": (Action, ACTION_FIELDS), "report": (Report, REPORT_FIELDS)}[pending.entity_type]
    item = db.session.get(model, pending.entity_id)
    data = {field: _decode(value) for field, value in json.loads(pending.data).items()}
    objectives = (objectives_by_id(json.loads(pending.objective_ids)) if pending.objective_ids
                  else None)
    institution_id = item.institution_id if pending.entity_type == "action" else item.action.institution_id
    changed = save_changes(item, pending.entity_type, fields, lambda: assign(item, data), actor, institution_id,
                              objectives=objectives)
    photos, documents = _pending_files(item)
    for row in photos + documents:
        row.pending = False
    changed += [f"+{len(photos)} photos"] if photos else []
    changed += [f"+{len(documents)} documents"] if documents else []
    if pending.entity_type == "action" and {"status", "start_date"} & set(changed):
        # A postponement or cancellation held for review reaches the followers once it is approved.
        request_status_notices(item)
    db.session.delete(pending)
    audit(f"{pending.entity_type}.approve_change", actor=actor, target=item, details={"fields": changed})
    db.session.commit()
    return changed


def reject_pending(pending: PendingChange, actor) -> None:
    """Drop a waiting edit, with the photos and documents it would have added (their files too, once committed)."""
    model = {"action": Action, "report": Report}[pending.entity_type]
    photos, documents = _pending_files(db.session.get(model, pending.entity_id))
    files = [StoredImage(p.file_name, p.thumb_name, p.width, p.height) for p in photos]
    files += [StoredDocument(d.file_name, d.size_bytes) for d in documents]
    for row in photos + documents:
        db.session.delete(row)
    audit(f"{pending.entity_type}.reject_change", actor=actor,
          details={"id": pending.entity_id, "photos": len(photos), "documents": len(documents)})
    db.session.delete(pending)
    db.session.commit()
    discard(*files)


def create_action(institution, data, objective_ids, actor) -> Action:
    action = Action(institution=institution, published=not institution.requires_review, **data)
    action.objectives = objectives_by_id(objective_ids)
    db.session.add(action)
    db.session.flush()
    audit("action.create", actor=actor, target=action,
          details={"institution": institution.slug, "title": action.title_hy, "published": action.published})
    db.session.commit()
    return action


def update_action(action, data, objective_ids, actor, revision) -> list[str]:
    check_fresh(action, revision)
    if _held_for_review(action, action.institution):
        changed = _hold(action, "action", ACTION_FIELDS, lambda: assign(action, data), actor,
                        objectives=objectives_by_id(objective_ids))
        audit("action.update_held", actor=actor, target=action, details={"fields": changed})
        db.session.commit()
        return changed
    changed = save_changes(action, "action", ACTION_FIELDS, lambda: assign(action, data), actor,
                              action.institution_id, objectives=objectives_by_id(objective_ids))
    audit("action.update", actor=actor, target=action, details={"fields": changed})
    db.session.commit()
    return changed


def change_status(action, status, reason_hy, reason_en, new_start, new_end, actor, revision) -> list[str]:
    """Move an action to a new status; postponing moves its dates, cancelling keeps it visible with the reason."""
    check_fresh(action, revision)
    status = ActionStatus(status)

    def apply():
        action.status = status
        if status in (ActionStatus.POSTPONED, ActionStatus.CANCELLED):
            action.status_reason_hy, action.status_reason_en = reason_hy or None, reason_en or None
        if status == ActionStatus.POSTPONED and new_start:
            length = action.end_date - action.start_date
            action.start_date = new_start
            action.end_date = new_end or (new_start + timedelta(days=length.days))

    if _held_for_review(action, action.institution):
        changed = _hold(action, "action", ACTION_FIELDS, apply, actor)
        audit("action.status_held", actor=actor, target=action, details={"status": status.value, "fields": changed})
        db.session.commit()
        return changed
    changed = save_changes(action, "action", ACTION_FIELDS, apply, actor, action.institution_id)
    audit("action.status", actor=actor, target=action, details={"status": status.value, "fields": changed})
    if {"status", "start_date"} & set(changed):
        # Followers hear of a postponement or cancellation at once: noted in this transaction, written by the worker.
        request_status_notices(action)
    db.session.commit()
    return changed


def create_report(action, data, images, documents, actor) -> Report:
    """Add a report with already accepted uploads (see app.media.uploads); the caller discards them on failure."""
    report = Report(action=action, published=not action.institution.requires_review, **data)
    for position, image in enumerate(images):
        report.photos.append(ReportPhoto(file_name=image.file_name, thumb_name=image.thumb_name, width=image.width,
                                         height=image.height, position=position))
    for doc, title in documents:
        report.documents.append(ReportDocument(file_name=doc.file_name, title=title[:200], size_bytes=doc.size_bytes))
    db.session.add(report)
    db.session.flush()
    audit("report.create", actor=actor, target=report,
          details={"action": action.id, "photos": len(images), "documents": len(documents)})
    db.session.commit()
    return report


def update_report(report, data, images, documents, actor, revision) -> list[str]:
    check_fresh(report, revision)
    held = _held_for_review(report, report.action.institution)
    if held:
        changed = _hold(report, "report", REPORT_FIELDS, lambda: assign(report, data), actor)
    else:
        changed = save_changes(report, "report", REPORT_FIELDS, lambda: assign(report, data), actor,
                                  report.action.institution_id)
    start = len(report.photos)
    # Under review, new files wait for approval like the text: readers see them only once a reviewer approves.
    for offset, image in enumerate(images):
        report.photos.append(ReportPhoto(file_name=image.file_name, thumb_name=image.thumb_name, width=image.width,
                                         height=image.height, position=start + offset, pending=held))
    for doc, title in documents:
        report.documents.append(ReportDocument(file_name=doc.file_name, title=title[:200], size_bytes=doc.size_bytes,
                                               pending=held))
    if held and (images or documents):
        _pending_change("report", report, actor)
    if images or documents:
        added = [f"+{len(images)} photos"] if images else []
        added += [f"+{len(documents)} documents"] if documents else []
        changed = changed + added
    audit("report.update", actor=actor, target=report, details={"fields": changed})
    db.session.commit()
    return changed


def publish(item, actor):
    """Approve a draft of an institution under review: it becomes public."""
    item.published = True
    audit(f"{item.__tablename__}.approve", actor=actor, target=item)
    db.session.commit()
