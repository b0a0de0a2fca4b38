"""Reads of the search: one group per kind of item, only what is public, matched on the folded text."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.appeals.models import Appeal, Publication
from app.extensions import db
from app.institutions.models import Institution
from app.pagination import Page, clamp_page
from app.schedule.models import Action, Report
from app.schedule.queries import PUBLISHED, REPORT_PUBLISHED
from app.search.models import SearchEntry
from app.search.text import like_pattern

KINDS = ("actions", "reports", "institutions", "proposals")
_ENTRY_KIND = {"actions": "action", "reports": "report", "institutions": "institution", "proposals": "proposal"}


def _matching(kind, folded_query):
    """Entries holding every word of the query, in any order and as any part of a word ("Գոշ համերգ" finds
    "Ձմեռային համերգ Գոշում")."""
    words = [SearchEntry.text.like(like_pattern(word), escape="\\") for word in folded_query.split()]
    return select(SearchEntry.ref_id).where(SearchEntry.kind == _ENTRY_KIND[kind], *words)


def _statement(kind, folded_query):
    ids = _matching(kind, folded_query)
    if kind == "actions":
        return (select(Action).where(Action.id.in_(ids), PUBLISHED)
                .options(joinedload(Action.settlement), joinedload(Action.institution))
                .order_by(Action.start_date.desc(), Action.id.desc()))
    if kind == "reports":
        return (select(Report).join(Report.action).where(Report.id.in_(ids), REPORT_PUBLISHED)
                .options(joinedload(Report.action).joinedload(Action.settlement))
                .order_by(Report.report_date.desc(), Report.id.desc()))
    if kind == "institutions":
        return select(Institution).where(Institution.id.in_(ids)).order_by(Institution.name_hy)
    # Published proposals: only the columns of the public version are read, never the applicant's.
    return (select(Appeal.id, Appeal.tracking_number, Appeal.public_subject, Appeal.public_text, Appeal.published_dt)
            .where(Appeal.id.in_(ids), Appeal.publication == Publication.PUBLISHED)
            .order_by(Appeal.published_dt.desc(), Appeal.id.desc()))


def _count(kind, folded_query):
    stmt = _statement(kind, folded_query).order_by(None)
    return db.session.scalar(select(func.count()).select_from(stmt.subquery()))


@dataclass
class Group:
    kind: str
    page: Page


def search(folded_query, kind=None, page=1, per_page=20, preview=5) -> list[Group]:
    """With a kind: one page of that group. Without: the first few of every group, with the group's total."""
    groups = []
    for name in ([kind] if kind else KINDS):
        size = per_page if kind else preview
        total = _count(name, folded_query)
        number = clamp_page(page, total, size) if kind else 1
        stmt = _statement(name, folded_query).limit(size).offset((number - 1) * size)
        result = db.session.execute(stmt)
        items = list(result.all()) if name == "proposals" else list(result.scalars().unique())
        groups.append(Group(name, Page(items, number, size, total)))
    return groups
