"""Static files under content-hashed names (css/app.3f2a9c1b.css), cached for a year; the plain name still works.

url_for('static', filename='css/app.css') gives the hashed name, so templates need no change. The hash is taken
once at start-up, so a deploy that changes a file changes its URL and browsers fetch the new one.
"""

import hashlib
import mimetypes
import os
import re

from flask import current_app, request, send_from_directory

from app.performance.compression import COMPRESSIBLE, accepts_gzip, gzip_bytes

YEAR = 365 * 24 * 3600
_HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{10})(?P<ext>\.[A-Za-z0-9]+)$")


def build_manifest(folder: str) -> dict[str, str]:
    """{'css/app.css': 'css/app.0123456789.css', ...} for every file under the static folder."""
    manifest = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            with open(path, "rb") as fh:
                digest = hashlib.sha256(fh.read()).hexdigest()[:10]
            stem, ext = os.path.splitext(rel)
            manifest[rel] = f"{stem}.{digest}{ext}"
    return manifest


def _hashed_url(endpoint, values):
    if endpoint == "static" and "filename" in values:
        values["filename"] = current_app.extensions["static_manifest"].get(values["filename"], values["filename"])


class _Gzipped:
    """gzip bodies of compressible static files, made once per process."""

    def __init__(self):
        self._bodies = {}

    def get(self, path):
        body = self._bodies.get(path)
        if body is None:
            with open(path, "rb") as fh:
                body = self._bodies[path] = gzip_bytes(fh.read())
        return body


def _serve_static(filename):
    app = current_app
    manifest = app.extensions["static_manifest"]
    match = _HASHED.match(filename)
    original = None
    if match:
        candidate = match["stem"] + match["ext"]
        if manifest.get(candidate) == filename:
            original = candidate
    if original is None:
        # The plain name (or an outdated hash): served, but only cached briefly.
        response = send_from_directory(app.static_folder, filename, max_age=300)
        return response
    mimetype = mimetypes.guess_type(original)[0] or "application/octet-stream"
    if mimetype in COMPRESSIBLE and accepts_gzip() and app.config.get("COMPRESS_RESPONSES", True):
        body = app.extensions["static_gzip"].get(os.path.join(app.static_folder, original))
        response = app.response_class(body, mimetype=mimetype)
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
        response.set_etag(filename, weak=True)
        response = response.make_conditional(request)
    else:
        response = send_from_directory(app.static_folder, original, max_age=YEAR)
        if mimetype in COMPRESSIBLE:
            response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


def init_app(app):
    app.extensions["static_manifest"] = build_manifest(app.static_folder)
    app.extensions["static_gzip"] = _Gzipped()
    app.url_defaults(_hashed_url)
    app.view_functions["static"] = _serve_static
