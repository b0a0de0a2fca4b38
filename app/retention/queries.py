"""Reads: everything held about one applicant, as they can download it."""

from sqlalchemy import func, select

from app.appeals.models import Appeal
from app.extensions import db
from app.participation.models import ProposalSupport
from app.participation.queries import email_hash


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


def held_about(email: str) -> dict:
    """Every appeal sent with this (verified) address, and the proposals it supports."""
    appeals = db.session.scalars(select(Appeal).where(func.lower(Appeal.applicant_email) == email.lower())
                                 .order_by(Appeal.received_dt)).all()
    supported = db.session.scalars(
        select(Appeal.tracking_number).join(ProposalSupport, ProposalSupport.appeal_id == Appeal.id)
        .where(ProposalSupport.email_hash == email_hash(email)).order_by(Appeal.tracking_number)).all()
    return {"email": email, "appeals": [appeal_record(a) for a in appeals], "supported_proposals": supported}
