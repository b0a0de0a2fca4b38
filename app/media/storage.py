"""Where photos and documents live on disk, under names the server makes up.

Files are written completely or not at all: each goes to a hidden temporary file first and is renamed into place,
and when one file of a set fails the others already written are removed. Checking what users send is the job of
app.media.uploads; this module trusts its input (an upright, fully loaded image; checked PDF bytes).
"""

import io
import os
import re
import uuid
from typing import NamedTuple

from flask import current_app
from PIL import Image

JPEG_QUALITY = 82
THUMB_QUALITY = 78

# The only names ever written or served (use fullmatch): 32 hex digits from uuid4, then a fixed suffix.
PHOTO_NAME = re.compile(r"[0-9a-f]{32}(-t)?\.jpg")
DOCUMENT_NAME = re.compile(r"[0-9a-f]{32}\.pdf")


class StoredImage(NamedTuple):
    """A photo and its thumbnail as written to disk; unpacks like the (name, thumb, width, height) tuple it was."""

    file_name: str
    thumb_name: str
    width: int
    height: int


class StoredDocument(NamedTuple):
    file_name: str
    size_bytes: int


def photo_dir(create=True):
    return _folder("photos", create)


def document_dir(create=True):
    return _folder("documents", create)


def _folder(kind, create):
    # Absolute, so files are written and served from the same place whatever the working directory.
    path = os.path.abspath(os.path.join(current_app.config["UPLOAD_FOLDER"], kind))
    if create:
        os.makedirs(path, exist_ok=True)
    return path


def store_photo(image: Image.Image) -> StoredImage:
    """Re-encode an upright image as a metadata-free JPEG and a thumbnail; nothing is left on disk if writing fails."""
    config = current_app.config
    picture = _to_rgb(image)
    max_edge = config["PHOTO_MAX_EDGE"]
    picture.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS)
    # A fresh image carries nothing from the source: no EXIF, GPS, XMP, ICC profile or comment (Pillow's JPEG
    # encoder would otherwise copy a comment from the source's info).
    clean = Image.new("RGB", picture.size)
    clean.paste(picture)
    thumb = clean.copy()
    thumb_edge = config["PHOTO_THUMB_EDGE"]
    thumb.thumbnail((thumb_edge, thumb_edge), Image.Resampling.LANCZOS)

    stem = uuid.uuid4().hex
    stored = StoredImage(f"{stem}.jpg", f"{stem}-t.jpg", clean.width, clean.height)
    _write_all(photo_dir(), [(stored.file_name, _jpeg(clean, JPEG_QUALITY)),
                             (stored.thumb_name, _jpeg(thumb, THUMB_QUALITY))])
    return stored


def store_document(data: bytes) -> StoredDocument:
    """Write checked PDF bytes under a new name."""
    stored = StoredDocument(f"{uuid.uuid4().hex}.pdf", len(data))
    _write_all(document_dir(), [(stored.file_name, data)])
    return stored


def discard(*stored):
    """Delete the files of stored images or documents whose database rows were not committed.

    Store first, then commit; if the commit (or anything between) fails, discard what was stored:

        images = [accept_image(f) for f in files]   # may raise UploadError: discard the ones already accepted
        try:
            create_report(..., images=images)         # commits
        except Exception:
            discard(*images)
            raise

    Never raises: it runs while another exception is on its way, which must not be hidden.
    """
    for item in stored:
        if isinstance(item, StoredImage):
            folder, names = photo_dir(create=False), (item.file_name, item.thumb_name)
        elif isinstance(item, StoredDocument):
            folder, names = document_dir(create=False), (item.file_name,)
        else:
            raise TypeError(f"cannot discard {item!r}")
        for name in names:
            if PHOTO_NAME.fullmatch(name) or DOCUMENT_NAME.fullmatch(name):
                _remove(os.path.join(folder, name))


def _to_rgb(image):
    """Opaque 8-bit RGB: transparency onto white, 16-bit grey scaled down rather than clipped."""
    if image.mode.startswith("I"):
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _jpeg(image, quality) -> bytes:
    # Encoded in memory first, so an encoder failure never leaves a file behind.
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def _write_all(folder, files):
    """Write (name, bytes) pairs into folder; on any failure remove what this call wrote and re-raise."""
    written = []
    try:
        for name, data in files:
            _write(folder, name, data)
            written.append(os.path.join(folder, name))
    except BaseException:
        for path in written:
            _remove(path)
        raise


def _write(folder, name, data):
    path = os.path.join(folder, name)
    # Hidden and with a suffix the routes never serve, so a half-written file is never visible.
    temporary = os.path.join(folder, f".{name}.{uuid.uuid4().hex[:8]}.part")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())  # on disk before the database row that points at it is committed
        os.replace(temporary, path)
    except BaseException:
        _remove(temporary)
        raise


def _remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass
    except OSError:
        current_app.logger.exception("could not remove %s", path)
