"""Reads for serving stored files: a file is served only while the report it belongs to may be seen."""

from flask import abort
from flask_login import current_user
from sqlalchemy import or_, select

from app.accounts.access import can_edit_institution
from app.extensions import db
from app.schedule.models import Report, ReportDocument, ReportPhoto


def is_public(row) -> bool:
    """Whether a stored file's report is published (and the file itself is not waiting for approval), so anyone
    (and any shared cache) may keep a copy."""
    return bool(row.report.published and row.report.action.published and not row.pending)


def _visible_or_404(row):
    """Published reports' files are public; drafts' and waiting files only to those who may edit or approve them."""
    if row is None:
        abort(404)
    action = row.report.action
    if is_public(row):
        return row
    user = current_user
    if can_edit_institution(user, action.institution_id) or (
            getattr(user, "is_authenticated", False) and user.has_role("officer")):
        return row
    abort(404)


def get_document_or_404(file_name) -> ReportDocument:
    """The document row for a stored file name; files without one (not yet committed, or orphans) are not served."""
    return _visible_or_404(db.session.scalar(
        select(ReportDocument).join(ReportDocument.report).join(Report.action)
        .where(ReportDocument.file_name == file_name)
    ))


def get_photo_or_404(file_name) -> ReportPhoto:
    """The photo row for a stored photo or thumbnail name, under the same visibility rule."""
    return _visible_or_404(db.session.scalar(
        select(ReportPhoto).join(ReportPhoto.report).join(Report.action)
        .where(or_(ReportPhoto.file_name == file_name, ReportPhoto.thumb_name == file_name))
    ))


