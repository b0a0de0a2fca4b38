"""Atom (RFC 4287) feeds of what changed: actions, reports and published proposals."""

from dataclasses import dataclass
from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator
from flask_babel import gettext as _

from app.appeals.forms import KIND_LABELS
from app.i18n import current_language, date_span, tr_text
from app.schedule.labels import STATUS_LABELS
from app.urls import external_url


@dataclass
class Entry:
    id: str
    title: str
    link: str
    updated: datetime
    summary: str
    category: str


def action_entry(action, domain) -> Entry:
    # The id changes with the revision, so an edited action shows up again as a new entry in readers.
    # Dates read as on the pages (4 Jan 2027), in the feed's language.
    when = date_span(action.start_date, action.end_date) + (f", {action.start_time:%H:%M}" if action.start_time else "")
    summary = " · ".join(p for p in (
        str(STATUS_LABELS[action.status]), when, tr_text(action.settlement, "name"),
        tr_text(action.institution, "name"), tr_text(action, "status_reason"), tr_text(action, "description")) if p)
    return Entry(f"tag:{domain},2026:action-{action.id}-r{action.revision}", tr_text(action, "title"),
                 external_url("schedule.action", action_id=action.id), action.updated_dt, summary,
                 "action")


def report_entry(report, domain, tz: ZoneInfo) -> Entry:
    action = report.action
    return Entry(f"tag:{domain},2026:report-{report.id}",
                 # Translators: an entry of a news feed, e.g. "Report: Spring concert".
                 _("Report: %(title)s", title=tr_text(action, "title")),
                 external_url("schedule.action", action_id=action.id, _anchor=f"report-{report.id}"),
                 _moment(report.created_dt, report.report_date, tz), tr_text(report, "body"), "report")


def proposal_entry(appeal, domain, tz: ZoneInfo) -> Entry:
    """Only the officer's anonymised subject and text: never what the applicant wrote or who they are."""
    return Entry(f"tag:{domain},2026:proposal-{appeal.id}",
                 f"{KIND_LABELS[appeal.kind]}: {appeal.public_subject or ''}".strip(),
                 external_url("participation.proposal", number=appeal.tracking_number),
                 appeal.published_dt or datetime(2026, 1, 1, tzinfo=timezone.utc), appeal.public_text or "",
                 "proposal")


def audit_checkpoint_entry(checkpoint, domain) -> Entry:
    """One day's head of the audit log: its position and hash are what a monitor keeps."""
    return Entry(f"tag:{domain},2026:audit-checkpoint-{checkpoint.sequence}",
                 # Translators: an entry of a feed; the number is the position of the last entry of the audit log.
                 _("Audit log checkpoint: entry %(sequence)s", sequence=checkpoint.sequence),
                 external_url("opendata.audit_checkpoint"), checkpoint.created_dt,
                 f"sequence {checkpoint.sequence}, entry_id {checkpoint.entry_id}, hash {checkpoint.entry_hash}",
                 "audit-checkpoint")


def _moment(value_dt, fallback_date, tz):
    return value_dt or datetime.combine(fallback_date, time.min, tz)


def build_feed(feed_id: str, title: str, author: str, self_url: str, page_url: str, entries: list[Entry]) -> bytes:
    """An Atom document with the newest entries first."""
    entries = sorted(entries, key=lambda e: e.updated, reverse=True)
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.author(name=author)
    fg.language(current_language())
    fg.link(href=self_url, rel="self", type="application/atom+xml")
    fg.link(href=page_url, rel="alternate", type="text/html")
    fg.updated(entries[0].updated if entries else datetime(2026, 1, 1, tzinfo=timezone.utc))
    fg.generator("Hashvetu")
    # feedgen prepends entries; add the oldest first so the document lists the newest first.
    for item in reversed(entries):
        fe = fg.add_entry()
        fe.id(item.id)
        fe.title(item.title or "—")
        fe.link(href=item.link, rel="alternate", type="text/html")
        fe.updated(item.updated)
        fe.summary(item.summary or item.title or "—")
        fe.category(term=item.category)
    return fg.atom_str(pretty=True)
