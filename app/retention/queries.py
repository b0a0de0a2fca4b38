"""Reads: everything held about one applicant, as they can download it."""

import json

from sqlalchemy import select

from app.appeals.models import Appeal
from app.extensions import db
from app.participation.models import ProposalSupport
from app.participation.queries import email_hash
from app.residents.queries import list_my_appeals
from app.subscriptions.models import Subscription
from app.subscriptions.queries import describe


def _iso(moment):
    return moment.isoformat() if moment else None


def appeal_record(appeal: Appeal) -> dict:
    """One appeal as held: what the applicant sent, what happened to it (public steps), and the answer."""
    return {
        "tracking_number": appeal.tracking_number,
        "kind": str(appeal.kind.value),
        "received": _iso(appeal.received_dt),
        "status": str(appeal.status.value),
        "closed": _iso(appeal.closed_dt),
        "anonymised": _iso(appeal.anonymised_dt),
        "applicant": {"name": appeal.applicant_name, "email": appeal.applicant_email,
                      "phone": appeal.applicant_phone, "address": appeal.applicant_address,
                      "language": appeal.language},
        "subject": appeal.subject,
        "text": appeal.text,
        "attachments": [{"title": a.title, "kind": str(a.kind.value)} for a in appeal.attachments],
        "allow_publish": appeal.allow_publish,
        "published": {"subject": appeal.public_subject, "text": appeal.public_text} if appeal.published_dt else None,
        "answer": appeal.answer_text,
        "rating": {"content": appeal.rating_content, "timeliness": appeal.rating_timeliness}
        if appeal.rated_dt else None,
        "history": [{"status": str(e.status.value), "at": _iso(e.created_dt)} for e in appeal.events if e.public],
    }


def held_about(who: str) -> dict:
    """Every appeal sent with this verified e-mail address or phone number, and the proposals the address supports."""
    appeals = sorted(list_my_appeals(who), key=lambda a: (a.received_dt, a.id))
    supported = []
    if "@" in who:  # a support is confirmed by e-mail; a phone number supports nothing
        supported = db.session.scalars(
            select(Appeal.tracking_number).join(ProposalSupport, ProposalSupport.appeal_id == Appeal.id)
            .where(ProposalSupport.email_hash == email_hash(who)).order_by(Appeal.tracking_number)).all()
    return {"email" if "@" in who else "phone": who, "appeals": [appeal_record(a) for a in appeals],
            "supported_proposals": supported}


def as_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def appeal_download(appeal: Appeal) -> str:
    """One appeal as held, for an applicant who opened it by its number and access code."""
    return as_json({"appeals": [appeal_record(appeal)]})


def subscriber_record(email: str) -> dict:
    """Every subscription of this address, confirmed or not, as the subscriber can download it."""
    rows = db.session.scalars(select(Subscription).where(Subscription.email == email)
                              .order_by(Subscription.created_dt, Subscription.id)).all()
    return {"email": email, "subscriptions": [
        {"follows": describe(s.filters), "selection": s.filters, "language": s.language, "weekly": s.weekly,
         "notices": s.notices, "created": _iso(s.created_dt), "confirmed": _iso(s.confirmed_dt)} for s in rows]}
