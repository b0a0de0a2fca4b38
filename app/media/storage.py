"""Where re-encoded photos live, under names the server makes up."""

import os
import uuid

from flask import current_app
from PIL import Image, ImageOps

MAX_EDGE = 1600
THUMB_EDGE = 480
JPEG_QUALITY = 82


def photo_dir():
    path = os.path.join(current_app.config["UPLOAD_FOLDER"], "photos")
    os.makedirs(path, exist_ok=True)
    return path


def store_photo(image: Image.Image):
    """Re-encode an opened image as a metadata-free JPEG and a thumbnail; return (name, thumb, width, height)."""
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((MAX_EDGE, MAX_EDGE))
    stem = uuid.uuid4().hex
    name, thumb_name = f"{stem}.jpg", f"{stem}-t.jpg"
    folder = photo_dir()
    # A fresh image carries no EXIF, GPS or other metadata from the source.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    clean.save(os.path.join(folder, name), "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    thumb = clean.copy()
    thumb.thumbnail((THUMB_EDGE, THUMB_EDGE))
    thumb.save(os.path.join(folder, thumb_name), "JPEG", quality=78, optimize=True, progressive=True)
    return name, thumb_name, clean.width, clean.height
