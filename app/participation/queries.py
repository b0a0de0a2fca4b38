"""Reads: published proposals and Q&A, public comments, the publication and moderation queues."""

import hashlib
import hmac

from flask import abort, current_app, url_for
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from app.appeals.deadlines import Kind
from app.appeals.models import Appeal, AppealStatus, Publication
from app.community.models import Settlement
from app.community.queries import get_community
from app.extensions import db
from app.pagination import Page, clamp_page
from app.participation.models import Comment, CommentState, ProposalSupport

PAGE_SIZE = 20


def keyed_hash(purpose: str, value: str) -> str:
    """A keyed hash (HMAC-SHA256) of a personal value: comparable, but not reversible by guessing addresses."""
    key = f"{purpose}:{current_app.config['SECRET_KEY']}".encode("utf-8")
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def email_hash(email: str) -> str:
    return keyed_hash("support-email", email.strip().lower())


def premoderation() -> bool:
    """Whether new comments wait for a moderator (the default, also when no community row exists)."""
    community = get_community()
    return True if community is None else community.comment_premoderation


# --- Published proposals and Q&A ------------------------------------------------------------------------------

def _published(kind: str):
    condition = Appeal.publication == Publication.PUBLISHED
    if kind == "qa":
        return condition & (Appeal.kind != Kind.PROPOSAL)
    return condition & (Appeal.kind == Kind.PROPOSAL)


def list_published(filters) -> Page:
    """One page of published proposals (or Q&A), newest or most supported first."""
    stmt = select(Appeal).where(_published(filters.kind))
    if filters.settlement:
        stmt = stmt.join(Settlement, Settlement.id == Appeal.settlement_id).where(Settlement.slug == filters.settlement)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    page = clamp_page(filters.page, total, PAGE_SIZE)
    order = ([Appeal.support_count.desc()] if filters.sort == "support" else []) + [Appeal.published_dt.desc(),
                                                                                     Appeal.id.desc()]
    items = db.session.scalars(stmt.options(joinedload(Appeal.settlement)).order_by(*order)
                               .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return Page(items=list(items), page=page, per_page=PAGE_SIZE, total=total)


def get_published_or_404(tracking_number: str) -> Appeal:
    """A published proposal or Q&A by its tracking number; anything unpublished is a 404."""
    if not tracking_number or len(tracking_number) > 40:
        abort(404)
    return db.first_or_404(select(Appeal).where(Appeal.tracking_number == tracking_number.upper(),
                                                Appeal.publication == Publication.PUBLISHED)
                           .options(joinedload(Appeal.settlement)))


def has_supported(appeal_id: int, hashed_email: str) -> bool:
    return db.session.scalar(select(ProposalSupport.id).where(ProposalSupport.appeal_id == appeal_id,
                                                              ProposalSupport.email_hash == hashed_email)) is not None


# --- Comments -------------------------------------------------------------------------------------------------

def _visible():
    return (Comment.state == CommentState.APPROVED) & Comment.hidden.is_(False)


def public_comments(*, action_id=None, report_ids=(), appeal_id=None) -> list[Comment]:
    """Approved comments that flags have not hidden, oldest first."""
    targets = []
    if action_id is not None:
        targets.append(Comment.action_id == action_id)
    if report_ids:
        targets.append(Comment.report_id.in_(list(report_ids)))
    if appeal_id is not None:
        targets.append(Comment.appeal_id == appeal_id)
    if not targets:
        return []
    return list(db.session.scalars(select(Comment).where(_visible(), or_(*targets))
                                   .order_by(Comment.created_dt, Comment.id)))


def get_comment_or_404(comment_id: int) -> Comment:
    return db.get_or_404(Comment, comment_id)


def moderation_queue() -> list[Comment]:
    """Comments waiting for a decision: new ones under pre-moderation and those hidden by flags."""
    return list(db.session.scalars(
        select(Comment).where(or_(Comment.state == CommentState.PENDING, Comment.hidden.is_(True)),
                              Comment.state != CommentState.REJECTED)
        .options(joinedload(Comment.action), joinedload(Comment.report), joinedload(Comment.appeal))
        .order_by(Comment.created_dt, Comment.id)))


def recently_moderated(limit=20) -> list[Comment]:
    """The last decisions, so a moderator can undo one (restore a rejected comment)."""
    return list(db.session.scalars(
        select(Comment).where(Comment.moderated_dt.is_not(None), or_(Comment.state == CommentState.REJECTED,
                                                                     Comment.hidden.is_(False)))
        .order_by(Comment.moderated_dt.desc(), Comment.id.desc()).limit(limit)))


# --- The officers' publication queue --------------------------------------------------------------------------

def _publishable():
    """Pending publication: proposals at any time, other kinds once answered (a question with its answer)."""
    return (Appeal.publication == Publication.PENDING) & or_(Appeal.kind == Kind.PROPOSAL,
                                                             Appeal.status == AppealStatus.ANSWERED)


def publication_queue() -> list[Appeal]:
    return list(db.session.scalars(select(Appeal).where(_publishable())
                                   .options(joinedload(Appeal.settlement)).order_by(Appeal.received_dt, Appeal.id)))


def get_publishable_or_404(appeal_id: int) -> Appeal:
    return db.first_or_404(select(Appeal).where(Appeal.id == appeal_id, _publishable()))


# What became of a comment just sent, said where its form was: `?comment=<state>` on the page it was sent from (a
# flash would show at the top of the page, out of view, and the action page is cached and carries no session).
POSTED_STATES = ("published", "pending")


def posted_state(args) -> str | None:
    """The `comment` parameter of a page a comment was just sent from, when it names a state."""
    value = args.get("comment")
    return value if value in POSTED_STATES else None


def action_comments_context(action, posted: str | None = None) -> dict:
    """What the action page needs to show its comments (and its reports').

    The page itself carries no form (it is the same for every visitor, so it is cached and sets no cookie): the
    form is one click away at comment_form_url, loaded in place by htmx.
    """
    reports = list(action.reports)
    return {
        "comment_posted": posted,
        "comments": public_comments(action_id=action.id, report_ids=[r.id for r in reports]),
        "comment_form": None,
        "comment_url": url_for("participation.comment_on_action", action_id=action.id),
        "comment_form_url": url_for("participation.action_comment_form", action_id=action.id),
        "reports_by_id": {r.id: r for r in reports},
    }
