"""Writes: publishing proposals, supports confirmed by e-mail, comments, flags and moderation. One commit each."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.appeals.deadlines import Kind
from app.appeals.models import Appeal, AppealStatus, Publication
from app.audit.services import audit
from app.community.queries import get_community
from app.extensions import db
from app.models_base import utcnow
from app.outbox.services import queue_email
from app.participation.masking import mask_contacts
from app.participation.models import Comment, CommentFlag, CommentState, ProposalSupport
from app.participation.queries import email_hash, has_supported, keyed_hash, premoderation
from app.urls import external_url

SUPPORT_SALT = "proposal-support"
SUPPORT_MAX_AGE = 48 * 3600
FLAGS_TO_HIDE = 3


class AlreadySupported(Exception):
    """This e-mail address has already supported this proposal."""


class NotSupportable(Exception):
    """Only open published proposals can be supported (not questions, not closed proposals)."""


class InvalidToken(Exception):
    """The support link was tampered with, has expired or names no published proposal."""


class AlreadyFlagged(Exception):
    """This visitor has already flagged this comment."""


# --- Publication ----------------------------------------------------------------------------------------------

def prefill_publication(appeal: Appeal) -> dict:
    """The officer's starting point: the original texts with e-mail addresses and phone numbers masked."""
    return {
        "public_subject": appeal.public_subject or mask_contacts(appeal.subject),
        "public_text": appeal.public_text or mask_contacts(appeal.text),
        "public_answer": appeal.public_answer or (mask_contacts(appeal.answer_text)
                                                  if appeal.status == AppealStatus.ANSWERED else None),
    }


def publish_appeal(appeal: Appeal, subject: str, text: str, answer: str | None, officer):
    """Publish the officer's anonymised version; the raw subject and text are never shown publicly."""
    appeal.public_subject = subject
    appeal.public_text = text
    appeal.public_answer = answer or None
    appeal.publication = Publication.PUBLISHED
    appeal.published_dt = utcnow()
    audit("appeal.publish", actor=officer, target=appeal,
          details={"tracking_number": appeal.tracking_number, "kind": appeal.kind.value})
    db.session.commit()


def refuse_publication(appeal: Appeal, officer):
    appeal.publication = Publication.REFUSED
    audit("appeal.publication_refuse", actor=officer, target=appeal,
          details={"tracking_number": appeal.tracking_number})
    db.session.commit()


# --- Supports -------------------------------------------------------------------------------------------------

def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SUPPORT_SALT)


def request_support(appeal: Appeal, email: str, language: str):
    """Queue the confirmation link; the token carries only a keyed hash of the address, never the address."""
    _check_supportable(appeal)
    hashed = email_hash(email)
    if has_supported(appeal.id, hashed):
        raise AlreadySupported
    token = _serializer().dumps({"a": appeal.id, "e": hashed})
    link = external_url("participation.confirm_support", token=token)
    with force_locale(language):
        subject = _("Confirm your support for proposal %(number)s", number=appeal.tracking_number)
        body = _("Someone (we hope you) asked to support the proposal \"%(subject)s\".\n\n"
                 "To confirm your support, open this link within 48 hours:\n%(link)s\n\n"
                 "If it was not you, ignore this message: nothing happens without the link.\n",
                 subject=appeal.public_subject, link=link)
    queue_email(email.strip(), subject, body, language=language)
    db.session.commit()


def _check_supportable(appeal: Appeal):
    if appeal.kind != Kind.PROPOSAL or not appeal.is_open:
        raise NotSupportable


def read_support_token(token: str) -> tuple[Appeal, str]:
    """The published proposal and e-mail hash named by a valid, unexpired link."""
    try:
        data = _serializer().loads(token or "", max_age=current_app.config.get("SUPPORT_LINK_SECONDS",
                                                                               SUPPORT_MAX_AGE))
        appeal_id, hashed = int(data["a"]), str(data["e"])
    except (SignatureExpired, BadSignature, KeyError, TypeError, ValueError):
        raise InvalidToken from None
    appeal = db.session.get(Appeal, appeal_id)
    if appeal is None or appeal.publication != Publication.PUBLISHED:
        raise InvalidToken
    return appeal, hashed


def confirm_support(token: str) -> Appeal:
    """Record one support per (proposal, e-mail) and count it, in one transaction."""
    appeal, hashed = read_support_token(token)
    _check_supportable(appeal)
    if has_supported(appeal.id, hashed):
        raise AlreadySupported
    db.session.add(ProposalSupport(appeal_id=appeal.id, email_hash=hashed))
    try:
        db.session.flush()
    except IntegrityError:  # the same link opened twice at once
        db.session.rollback()
        raise AlreadySupported from None
    # Incremented in SQL, so concurrent confirmations of different people never lose a count.
    db.session.execute(update(Appeal).where(Appeal.id == appeal.id)
                       .values(support_count=Appeal.support_count + 1))
    db.session.commit()
    db.session.refresh(appeal)
    return appeal


# --- Comments -------------------------------------------------------------------------------------------------

def add_comment(target: dict, author_name: str | None, text: str, language: str) -> Comment:
    """Store a comment; it waits for a moderator unless the community chose post-moderation."""
    comment = Comment(
        author_name=mask_contacts(author_name) or None, text=mask_contacts(text),
        original_author_name=author_name or None, original_text=text, language=language,
        state=CommentState.PENDING if premoderation() else CommentState.APPROVED, **target)
    db.session.add(comment)
    db.session.commit()
    return comment


def flag_comment(comment: Comment, visitor: str) -> Comment:
    """Count one flag per visitor; the third hides the comment until a moderator decides."""
    flagger = keyed_hash("comment-flag", visitor)
    exists = db.session.scalar(select(CommentFlag.id).where(CommentFlag.comment_id == comment.id,
                                                            CommentFlag.flagger_hash == flagger))
    if exists is not None:
        raise AlreadyFlagged
    db.session.add(CommentFlag(comment_id=comment.id, flagger_hash=flagger))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise AlreadyFlagged from None
    db.session.execute(update(Comment).where(Comment.id == comment.id).values(flag_count=Comment.flag_count + 1))
    db.session.refresh(comment)
    if comment.flag_count >= FLAGS_TO_HIDE and not comment.hidden:
        comment.hidden = True
    db.session.commit()
    return comment


def moderate_comment(comment: Comment, decision: str, moderator) -> Comment:
    """approve / reject / restore; the original text is kept whatever the decision, and the decision audited."""
    if decision == "reject":
        comment.state = CommentState.REJECTED
    elif decision in ("approve", "restore"):
        comment.state = CommentState.APPROVED
        comment.hidden = False
        comment.flag_count = 0  # flags counted before this decision are settled by it
    else:
        raise ValueError(decision)
    comment.moderated_dt = utcnow()
    comment.moderator_id = moderator.id
    audit(f"comment.{decision}", actor=moderator, target=comment, details={"state": comment.state.value})
    db.session.commit()
    return comment


def set_premoderation(enabled: bool, admin):
    community = get_community()
    if community is None:
        raise LookupError("no community row")
    community.comment_premoderation = enabled
    audit("community.comment_moderation", actor=admin, target=community, details={"premoderation": enabled})
    db.session.commit()
