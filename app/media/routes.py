"""Serve stored photos and documents: only server-made names, with headers that stop browsers from guessing."""

import re
import unicodedata
from urllib.parse import quote

from flask import abort, send_from_directory

from app.community.queries import get_community
from app.media import bp
from app.media.queries import get_document_or_404, get_photo_or_404, is_public
from app.media.storage import DOCUMENT_NAME, PHOTO_NAME, document_dir, photo_dir

# Whatever a stored file turns out to contain, it may not run anything or load anything when opened directly.
FILE_CSP = "default-src 'none'; sandbox"
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
    return _locked_down(response)


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
    return _locked_down(response)


def _private(response):
    """A draft's file: only the signed-in browser may keep it, and must ask again, so a shared cache never serves it
    and a later unpublishing or deletion is not undone by a year-long copy."""
    response.cache_control.public = False
    response.cache_control.max_age = None
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response


def _locked_down(response):
    response.headers["Content-Security-Policy"] = FILE_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def content_disposition(title, fallback):
    """attachment with an ASCII file name from the title (else the stored name) and the full title as filename*."""
    title = re.sub(r"\.pdf\s*$", "", title or "", flags=re.I)
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-").lower()[:80].rstrip("-")
    simple = f"{slug}.pdf" if re.search(r"[a-z]", slug) else fallback
    header = f'attachment; filename="{simple}"'
    # Browsers prefer filename* (RFC 6266), so an Armenian or Russian title keeps its letters.
    # No control or format characters (a right-to-left override could disguise the extension), no path or quotes.
    readable = "".join(" " if unicodedata.category(c)[0] == "C" or c in '/\\:*?"<>|' else c for c in title)
    readable = " ".join(readable.split()).strip(". ")[:120]
    if readable:
        header += f"; filename*=UTF-8''{quote(readable + '.pdf', safe='')}"
    return header


@bp.get("/community/logo.jpg")
def logo():
    """The community's logo (its re-encoded thumbnail), shown in the site header when one was given."""
    community = get_community()
    if community is None or not community.logo_path or not PHOTO_NAME.fullmatch(community.logo_path):
        abort(404)
    thumb = community.logo_path.removesuffix(".jpg") + "-t.jpg"
    response = send_from_directory(photo_dir(create=False), thumb, mimetype="image/jpeg", max_age=3600)
    return _locked_down(response)
