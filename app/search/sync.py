"""Keep search_entry in step with the searchable rows: recomputed for every item a flush inserts, changes or
deletes (ORM writes; a bulk UPDATE statement bypasses it: run `flask search-reindex` after one)."""

from sqlalchemy import delete, event, insert, select

from app.database import AppSession
from app.i18n import LANGS
from app.search.models import SearchEntry
from app.search.text import fold


def _fields(obj, *names):
    return [getattr(obj, f"{name}_{lang}", None) for name in names for lang in LANGS]


def entry_for(obj):
    """(kind, text) for a searchable object, or (kind, None) when it must not be findable; None if not searchable."""
    from app.appeals.models import Appeal, Publication
    from app.institutions.models import Institution
    from app.schedule.models import Action, Report

    if isinstance(obj, Action):
        parts = _fields(obj, "title", "description", "venue")
        return "action", parts
    if isinstance(obj, Report):
        return "report", _fields(obj, "body")
    if isinstance(obj, Institution):
        return "institution", _fields(obj, "name", "description")
    if isinstance(obj, Appeal):
        # Only the officer's anonymised public version, and only once published; never the applicant's text.
        if obj.publication == Publication.PUBLISHED:
            return "proposal", [obj.public_subject, obj.public_text]
        return "proposal", None
    return None


def _changes(session):
    """{(kind, id): (folded text or None, whether an older entry may exist)} for this flush."""
    seen = {}
    for objects, is_new in ((session.new, True), (session.dirty, False)):
        for obj in objects:
            found = entry_for(obj)
            if found is not None and getattr(obj, "id", None) is not None:
                kind, parts = found
                seen[(kind, obj.id)] = (None if parts is None else fold("\n".join(p for p in parts if p)), not is_new)
    for obj in session.deleted:
        found = entry_for(obj)
        if found is not None and getattr(obj, "id", None) is not None:
            seen[(found[0], obj.id)] = (None, True)
    return seen


def _after_flush(session, flush_context):
    changes = _changes(session)
    if not changes:
        return
    conn = session.connection()
    for (kind, ref_id), (text, existed) in changes.items():
        if existed:
            conn.execute(delete(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.ref_id == ref_id))
        if text is not None:
            conn.execute(insert(SearchEntry).values(kind=kind, ref_id=ref_id, text=text))


def connect():
    if not event.contains(AppSession, "after_flush", _after_flush):
        event.listen(AppSession, "after_flush", _after_flush)


def reindex(session):
    """Rebuild every entry from the tables (after a bulk UPDATE, or for rows older than the search)."""
    from app.appeals.models import Appeal, Publication
    from app.institutions.models import Institution
    from app.schedule.models import Action, Report

    session.execute(delete(SearchEntry))
    count = 0
    for model, where in ((Action, None), (Report, None), (Institution, None),
                         (Appeal, Appeal.publication == Publication.PUBLISHED)):
        stmt = select(model) if where is None else select(model).where(where)
        for obj in session.scalars(stmt.execution_options(yield_per=500)):
            kind, parts = entry_for(obj)
            if parts is not None:
                session.execute(insert(SearchEntry).values(kind=kind, ref_id=obj.id,
                                                           text=fold("\n".join(p for p in parts if p))))
                count += 1
    return count
