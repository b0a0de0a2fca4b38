import re

from flask import abort, send_from_directory

from app.media import bp
from app.media.storage import photo_dir

_NAME = re.compile(r"^[0-9a-f]{32}(-t)?\.jpg$")


@bp.get("/media/photos/<name>")
def photo(name):
    """Serve a stored photo; only names the server generated are accepted."""
    if not _NAME.match(name):
        abort(404)
    response = send_from_directory(photo_dir(), name, mimetype="image/jpeg", max_age=365 * 24 * 3600)
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response
