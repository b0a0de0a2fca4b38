"""Serve stored photos and documents: only server-made names, with headers that stop browsers from guessing."""

from flask import abort, send_from_directory

from app.media import bp
from app.media.queries import get_document_or_404, get_photo_or_404, is_public
from app.media.serving import content_disposition, locked_down
from app.media.storage import DOCUMENT_NAME, PHOTO_NAME, document_dir, photo_dir

YEAR = 365 * 24 * 3600


@bp.get("/media/photos/<name>")
def photo(name):
    """Serve a stored photo; only names the server generated are accepted."""
    if not PHOTO_NAME.fullmatch(name):
        abort(404)
    row = get_photo_or_404(name)
    if is_public(row):
        response = send_from_directory(photo_dir(create=False), name, mimetype="image/jpeg", max_age=YEAR)
        # A name is never reused for different content.
        response.cache_control.public = True
        response.cache_control.immutable = True
    else:
        response = _private(send_from_directory(photo_dir(create=False), name, mimetype="image/jpeg"))
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return locked_down(response)


@bp.get("/media/documents/<name>")
def document(name):
    """Send a stored PDF as a download named after its title."""
    if not DOCUMENT_NAME.fullmatch(name):
        abort(404)
    row = get_document_or_404(name)
    response = send_from_directory(document_dir(create=False), name, mimetype="application/pdf")
    if not is_public(row):
        response = _private(response)
    response.headers["Content-Disposition"] = content_disposition(row.title, name)
    return locked_down(response)


def _private(response):
    """A draft's file: only the signed-in browser may keep it, and must ask again, so a shared cache never serves it
    and a later unpublishing or deletion is not undone by a year-long copy."""
    response.cache_control.public = False
    response.cache_control.max_age = None
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response
