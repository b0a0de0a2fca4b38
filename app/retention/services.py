"""Writes: anonymise one appeal, every appeal past the retention period, and the period itself."""

from datetime import timedelta

from sqlalchemy import delete, select

from app.appeals.models import Appeal, AppealAttachment, AttachmentKind
from app.audit.services import audit
from app.community.queries import get_community
from app.extensions import db
from app.media.storage import StoredDocument, StoredImage, discard
from app.models_base import utcnow
from app.participation.models import ProposalSupport
from app.participation.queries import email_hash
from app.residents.models import ResidentSignInToken
from app.subscriptions.models import Subscription

# What stands in the required text columns once the applicant's words are gone.
REMOVED = "—"
DEFAULT_YEARS = 5


class NotClosed(Exception):
    """An open appeal still needs the applicant's contact details to be answered."""


def retention_years() -> int:
    community = get_community()
    return community.personal_data_years if community else DEFAULT_YEARS


def set_retention_years(actor, years: int) -> None:
    community = get_community()
    old = community.personal_data_years
    community.personal_data_years = years
    audit("retention.years", actor=actor, target=community, details={"old": old, "new": years})
    db.session.commit()


def _anonymise(appeal: Appeal, reason: str, actor=None) -> list:
    """Blank the applicant's data on one appeal (no commit); return the stored files to delete after the commit."""
    files = []
    for attachment in appeal.attachments:
        if attachment.kind == AttachmentKind.PHOTO:
            files.append(StoredImage(attachment.file_name, attachment.thumb_name or attachment.file_name, 0, 0))
        else:
            files.append(StoredDocument(attachment.file_name, 0))
    db.session.execute(delete(AppealAttachment).where(AppealAttachment.appeal_id == appeal.id))
    if appeal.applicant_email:
        db.session.execute(
            delete(ResidentSignInToken).where(ResidentSignInToken.email == appeal.applicant_email.lower()))
    appeal.applicant_name = REMOVED
    appeal.applicant_email = appeal.applicant_phone = appeal.applicant_address = None
    # The applicant's own words; the officer's anonymised public version, the answer and the lifecycle stay.
    appeal.subject = REMOVED
    appeal.text = REMOVED
    appeal.anonymised_dt = utcnow()
    audit("appeal.anonymised", actor=actor, target=appeal, details={"reason": reason})
    return files


def anonymise_appeal(appeal: Appeal, reason: str, actor=None) -> None:
    """Anonymise one closed appeal now (the applicant asked, or the period is over)."""
    if appeal.is_open:
        raise NotClosed
    if appeal.anonymised_dt is not None:
        return
    files = _anonymise(appeal, reason, actor)
    db.session.commit()
    discard(*files)


def anonymise_expired(now=None, batch=500) -> int:
    """Anonymise every appeal closed longer ago than the retention period; return how many (one commit per batch)."""
    now = now or utcnow()
    cutoff = now - timedelta(days=round(365.25 * retention_years()))
    done = 0
    while True:
        appeals = db.session.scalars(
            select(Appeal).where(Appeal.anonymised_dt.is_(None), Appeal.closed_dt.is_not(None),
                                 Appeal.closed_dt < cutoff).order_by(Appeal.id).limit(batch)).all()
        if not appeals:
            _forget_stale_subscriptions(cutoff)
            return done
        files = []
        for appeal in appeals:
            files += _anonymise(appeal, "retention")
        # Supports of proposals closed that long ago: the count on the proposal stays, the hashed addresses go.
        db.session.execute(delete(ProposalSupport).where(ProposalSupport.appeal_id.in_([a.id for a in appeals])))
        db.session.commit()
        discard(*files)
        done += len(appeals)


def _forget_stale_subscriptions(cutoff) -> None:
    """Subscriptions nobody confirmed or changed within the retention period go, address and all (a subscriber who
    saves their choices starts the period again: app/subscriptions/services.py)."""
    result = db.session.execute(delete(Subscription).where(Subscription.confirmed_dt < cutoff))
    if result.rowcount:
        audit("retention.subscriptions_forgotten", details={"count": result.rowcount})
    db.session.commit()


def forget_supports(email: str) -> int:
    """Remove this address's supports (each proposal keeps its count); return how many."""
    result = db.session.execute(delete(ProposalSupport).where(ProposalSupport.email_hash == email_hash(email)))
    audit("retention.supports_forgotten", details={"count": result.rowcount})
    db.session.commit()
    return result.rowcount
