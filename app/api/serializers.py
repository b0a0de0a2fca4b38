"""Rows to JSON-ready dicts, in the shapes app/api/openapi.py documents. Never an applicant's personal data."""

from datetime import datetime, timezone
from decimal import Decimal

from app.i18n import LANGS
from app.urls import external_url


def translated(obj, field):
    """A field kept in three languages: {"hy": ..., "en": ..., "ru": ...} (null where not translated)."""
    return {lang: getattr(obj, f"{field}_{lang}", None) or None for lang in LANGS}


def iso_dt(value: datetime | None):
    if value is None:
        return None
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def iso(value):
    return value.isoformat() if value is not None else None


def hhmm(value):
    return value.strftime("%H:%M") if value is not None else None


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def settlement(s):
    return {
        "slug": s.slug,
        "name": translated(s, "name"),
        "population": s.population,
        "population_year": s.population_year,
        "is_centre": s.is_centre,
        "links": {
            "self": external_url("api.settlement", slug=s.slug),
            "html": external_url("community.settlement", slug=s.slug),
            "ical": external_url("feeds.settlement_ics", slug=s.slug),
            "atom": external_url("feeds.settlement_atom", slug=s.slug),
        },
    }


def institution(i):
    return {
        "slug": i.slug,
        "kind": i.kind.value,
        "name": translated(i, "name"),
        "settlement": i.settlement.slug,
        "address": translated(i, "address"),
        "head_name": translated(i, "head_name"),
        "phone": i.phone,
        "email": i.email,
        "website": i.website,
        "description": translated(i, "description"),
        "links": {
            "self": external_url("api.institution", slug=i.slug),
            "html": external_url("institutions.institution", slug=i.slug),
            "ical": external_url("feeds.institution_ics", slug=i.slug),
            "atom": external_url("feeds.institution_atom", slug=i.slug),
        },
    }


def figures(f):
    return {
        "year": f.year,
        "actions": f.actions,
        "done": f.done,
        "budget_planned": f.budget_planned,
        "spent": f.spent,
        "ended": f.ended,
        "reported": f.reported,
        "reported_share": f.reported_share,
    }


def reporting(r):
    return {
        "ended": r.ended,
        "reported": r.reported,
        "reported_on_time": r.reported_on_time,
        "overdue": r.overdue,
        "last_report": iso(r.last_report),
        "grace_days": r.grace_days,
        "reported_share": r.reported_share,
    }


def tally(t):
    return {
        "actions": t.actions,
        "done": t.done,
        "cancelled": t.cancelled,
        "budget_planned": t.planned,
        "spent": t.spent,
        "done_share": t.done_share,
    }


def action(a):
    return {
        "id": a.id,
        "title": translated(a, "title"),
        "description": translated(a, "description"),
        "venue": translated(a, "venue"),
        "institution": a.institution.slug,
        "settlement": a.settlement.slug,
        "start_date": iso(a.start_date),
        "start_time": hhmm(a.start_time),
        "end_date": iso(a.end_date),
        "end_time": hhmm(a.end_time),
        "budget_planned": a.budget_planned,
        "funding_source": a.funding_source.value,
        "status": a.status.value,
        "status_reason": translated(a, "status_reason"),
        "objectives": [o.code for o in a.objectives],
        "goals": sorted({o.goal.code for o in a.objectives}),
        "revision": a.revision,
        "created": iso_dt(a.created_dt),
        "updated": iso_dt(a.updated_dt),
        "links": {
            "self": external_url("api.action", action_id=a.id),
            "html": external_url("schedule.action", action_id=a.id),
        },
    }


def report(r):
    return {
        "id": r.id,
        "action": r.action_id,
        "institution": r.action.institution.slug,
        "settlement": r.action.settlement.slug,
        "report_date": iso(r.report_date),
        "body": translated(r, "body"),
        "participants": r.participants,
        "actual_spent": r.actual_spent,
        "photos": [
            {
                "url": external_url("media.photo", name=p.file_name),
                "thumbnail_url": external_url("media.photo", name=p.thumb_name),
                "width": p.width,
                "height": p.height,
                "caption": translated(p, "caption"),
            }
            for p in r.public_photos
        ],
        "documents": [
            {"title": d.title, "url": external_url("media.document", name=d.file_name),
             "size_bytes": d.size_bytes}
            for d in r.public_documents
        ],
        "created": iso_dt(r.created_dt),
        "links": {
            "self": external_url("api.report", report_id=r.id),
            "html": external_url("schedule.action", action_id=r.action_id, _anchor=f"report-{r.id}"),
        },
    }


def proposal(p):
    """The officer's anonymised version only: public_subject/public_text/public_answer."""
    return {
        "id": p.id,
        "kind": p.kind.value,
        "subject": p.public_subject,
        "text": p.public_text,
        "answer": p.public_answer,
        "settlement": p.settlement.slug,
        "institution": p.institution.slug if p.institution else None,
        "published": iso_dt(p.published_dt),
        "support_count": p.support_count,
        "links": {"self": external_url("api.proposal", proposal_id=p.id),
                  "html": external_url("participation.proposal", number=p.tracking_number)},
    }


def program(prog, progress):
    def indicator(i):
        return {
            "name": translated(i, "name"),
            "unit": translated(i, "unit"),
            "baseline": _number(i.baseline),
            "baseline_year": i.baseline_year,
            "target": _number(i.target),
            "target_year": i.target_year,
        }

    return {
        "title": translated(prog, "title"),
        "start_year": prog.start_year,
        "end_year": prog.end_year,
        "council_decision": prog.council_decision,
        "adopted_on": iso(prog.adopted_on),
        "document_url": prog.document_url,
        "progress": tally(progress.total),
        "goals": [
            {
                "code": g.code,
                "title": translated(g, "title"),
                "description": translated(g, "description"),
                "progress": tally(progress.by_goal[g.id]),
                "objectives": [
                    {
                        "code": o.code,
                        "title": translated(o, "title"),
                        "progress": tally(progress.by_objective[o.id]),
                        "indicators": [indicator(i) for i in o.indicators],
                    }
                    for o in g.objectives
                ],
            }
            for g in prog.goals
        ],
        "links": {"self": external_url("api.program"), "html": external_url("program.program")},
    }
