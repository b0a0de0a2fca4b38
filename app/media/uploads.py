"""Accept uploaded photos and PDFs: judge them by their content, refuse with a clear message, store under new names.

The client's file name and Content-Type are never trusted or used. A refused file leaves nothing on disk, but an
accepted one is on disk before its database row exists, so a view stores first, commits once, and discards what it
stored if anything fails on the way:

    stored = []
    try:
        for file_storage in request.files.getlist("photos"):
            stored.append(accept_image(file_storage))
        create_report(action, data, images=stored, ...)   # the one commit
    except UploadError as error:
        discard(*stored)
        form[error.field].errors.append(error.message)     # 422 with the message next to the field
    except Exception:
        discard(*stored)
        raise
"""

import io
import os
import threading
import warnings

from flask import current_app, g
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps

from app.media import pdf
from app.media.storage import StoredDocument, StoredImage, discard, store_document, store_photo

__all__ = ["UploadError", "StoredImage", "StoredDocument", "accept_attachments", "accept_image", "accept_pdf",
           "discard"]

# Pillow picks the decoder from the first bytes; these are the only ones it may use.
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
# Many phone cameras write JPEGs with a multi-picture extension, which Pillow's JPEG decoder opens as MPO.
_OPENED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}

NO_FILE = _l("No file was chosen.")
NOT_AN_IMAGE = _l("This file is not a photo in JPEG, PNG or WebP format.")
DAMAGED_IMAGE = _l("This image is damaged or incomplete. Please try another file.")
NOT_A_PDF = _l("This file is not a PDF document.")
DAMAGED_PDF = _l("This PDF is damaged or incomplete. Please try another file.")
ACTIVE_PDF = _l("This PDF contains scripts, attached files or launch actions, which are not accepted. "
                "Please save it again without them, for example by printing it to a new PDF.")
LINKS_PDF = _l("This PDF contains links that open web addresses, which are not accepted. "
               "Please save it again without them, for example by printing it to a new PDF.")
UNCHECKABLE_PDF = _l("This PDF is encrypted or packed in a way that cannot be checked. "
                     "Please save it again without a password, for example by printing it to a new PDF.")
_PDF_MESSAGES = {pdf.NOT_PDF: NOT_A_PDF, pdf.DAMAGED: DAMAGED_PDF, pdf.ACTIVE: ACTIVE_PDF,
                 pdf.LINKS: LINKS_PDF, pdf.UNCHECKABLE: UNCHECKABLE_PDF}

# warnings.catch_warnings() swaps process-wide state; one opener at a time keeps two uploads from restoring
# each other's filters. Only the header is read while it is held.
_open_lock = threading.Lock()


class UploadError(ValueError):
    """An upload was refused; `message` is translated and meant for the person who sent it, next to `field`."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self):
        return str(self.message)


def accept_image(file_storage) -> StoredImage:
    """Check an uploaded JPEG, PNG or WebP by its content and store it upright, resized and without metadata."""
    field = file_storage.name
    data = _read(file_storage, current_app.config.get("MAX_CONTENT_LENGTH"), field)
    image = _open(data, field)
    try:
        # verify() checks what it can without decoding (PNG checksums); the image is unusable afterwards.
        image.verify()
    except Exception as error:
        raise UploadError(DAMAGED_IMAGE, field) from error
    finally:
        image.close()
    image = _open(data, field)
    try:
        max_edge = current_app.config["PHOTO_MAX_EDGE"]
        # JPEGs can be decoded at 1/2, 1/4 or 1/8 scale for free; never below what the resize needs.
        image.draft("RGB", (max_edge, max_edge))
        _spend_pixel_budget(image.width * image.height, field)
    except UploadError:
        image.close()
        raise
    try:
        image.load()
        upright = ImageOps.exif_transpose(image)
    except Exception as error:  # Pillow reports damage as OSError, SyntaxError, ValueError, struct.error...
        raise UploadError(DAMAGED_IMAGE, field) from error
    finally:
        image.close()
    return store_photo(upright)


def accept_pdf(file_storage) -> StoredDocument:
    """Check an uploaded PDF (signature, end marker, size, no active content) and store it under a new name."""
    field = file_storage.name
    data = _read(file_storage, current_app.config["MAX_PDF_BYTES"], field)
    reason = pdf.problem(data)
    if reason:
        raise UploadError(_PDF_MESSAGES[reason], field)
    return store_document(data)


def _read(file_storage, limit, field) -> bytes:
    """The uploaded bytes, refusing an empty file and (without reading it all) one larger than limit."""
    stream = file_storage.stream
    data = stream.read() if limit is None else stream.read(limit + 1)
    if not data:
        raise UploadError(NO_FILE, field)
    if limit is not None and len(data) > limit:
        raise UploadError(_too_large(limit), field)
    return data


def _open(data, field) -> Image.Image:
    """Open (read the header of) an allowed image, refusing it if it has more pixels than the limit."""
    limit = current_app.config["MAX_IMAGE_PIXELS"]
    try:
        # Pillow warns above its own limit and fails above twice that; here both are a refusal, not a log line.
        with _open_lock, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # A file of its own each time: closing an image closes the file it was read from.
            image = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise UploadError(_too_many_pixels(limit), field) from error
    except Image.UnidentifiedImageError as error:
        raise UploadError(NOT_AN_IMAGE, field) from error
    except Exception as error:
        raise UploadError(DAMAGED_IMAGE, field) from error
    width, height = image.size
    refusal = (NOT_AN_IMAGE if image.format not in _OPENED_FORMATS
               else DAMAGED_IMAGE if width < 1 or height < 1
               else _too_many_pixels(limit) if width * height > limit
               else None)
    if refusal is not None:
        image.close()
        raise UploadError(refusal, field)
    return image


def _spend_pixel_budget(pixels, field):
    """Count the pixels about to be decoded against the request's budget; refuse the image that would overspend it."""
    budget = current_app.config["MAX_DECODED_PIXELS_PER_REQUEST"]
    spent = g.get("decoded_pixels", 0)
    if spent + pixels > budget:
        raise UploadError(_l("These photos are too large together. Please send fewer photos, or smaller ones."), field)
    g.decoded_pixels = spent + pixels


def _too_many_pixels(limit):
    # Translators: megapixels = millions of pixels, e.g. 40.
    return _l("This image is too large: it has more than %(megapixels)s megapixels. Please send a smaller one.",
              megapixels=f"{limit / 1_000_000:g}")


def _too_large(limit):
    # Translators: size in megabytes, e.g. 10.
    return _l("This file is larger than %(size)s MB. Please send a smaller one.", size=f"{limit / 2**20:g}")


def _title(upload) -> str:
    return os.path.splitext(os.path.basename(upload.filename.replace("\\", "/")))[0] or "file"


def accept_attachments(uploads):
    """Check and store each file by its content: PDFs as documents, anything else must be a photo.

    Returns ([(StoredImage, title)], [(StoredDocument, title)]); on an UploadError nothing stays on disk.
    """
    images, documents = [], []
    try:
        for upload in uploads or []:
            if not upload or not upload.filename:
                continue
            head = upload.stream.read(5)
            upload.stream.seek(0)
            if head == b"%PDF-":
                documents.append((accept_pdf(upload), _title(upload)))
            else:
                images.append((accept_image(upload), _title(upload)))
    except UploadError:
        discard(*[stored for stored, _t in images + documents])
        raise
    return images, documents
