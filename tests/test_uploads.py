"""Uploads: photos and PDFs are judged by their content, cleaned, stored under server-made names and served safely.

Every file is made here, in memory. Each test gets its own, empty upload folder.
"""

import io
import os
import re
import struct
import time
import warnings
import zipfile
import zlib

import pytest
from flask import request
from PIL import Image, ImageDraw
from werkzeug.datastructures import FileStorage

from app.media import pdf as pdf_check
from app.media.uploads import StoredDocument, StoredImage, UploadError, accept_image, accept_pdf, discard
from app.schedule.models import ReportDocument

PHOTO = re.compile(r"^[0-9a-f]{32}\.jpg$")
DOCUMENT = re.compile(r"^[0-9a-f]{32}\.pdf$")
GPS_IFD, ORIENTATION = 0x8825, 0x0112


# --- The world: an upload folder per test, a request in English -------------------------------------------------


@pytest.fixture
def uploads(app, tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(folder))
    return folder


@pytest.fixture
def ctx(app, uploads):
    """A request context, as in a form view: settings from the app, messages in English."""
    with app.test_request_context("/?lang=en"):
        yield


def upload(data, filename="photo.jpg", content_type="image/jpeg", field="photo"):
    return FileStorage(io.BytesIO(data), filename=filename, name=field, content_type=content_type)


def stored_files(folder):
    """Every file under the upload folder (directories alone do not count)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def refused(accept, data, uploads, **names):
    """Assert the upload is refused with nothing stored; return the message shown to the user."""
    with pytest.raises(UploadError) as caught:
        accept(upload(data, **names))
    assert stored_files(uploads) == []
    assert caught.value.field == names.get("field", "photo")
    return str(caught.value)


def opened(path):
    with Image.open(path) as image:
        image.load()
        return image.copy(), image.getexif(), dict(image.info)


# --- Files made on the spot -------------------------------------------------------------------------------------


def encode(image, fmt="JPEG", **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def landscape(size=(3200, 1600)):
    """A picture with a red square in its top-left corner, as the camera stored it."""
    image = Image.new("RGB", size, (40, 90, 160))
    ImageDraw.Draw(image).rectangle((0, 0, size[1] // 4, size[1] // 4), fill=(220, 20, 20))
    return image


def camera_jpeg():
    """A phone photo held upright: pixels stored sideways with orientation 6, GPS, a comment, XMP and an ICC blob."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "PhoneModel"
    exif[GPS_IFD] = {1: "N", 2: (40.0, 44.0, 29.0), 3: "E", 4: (44.0, 51.0, 51.0)}
    return encode(landscape(), exif=exif, comment=b"taken at home", xmp=b"<x:xmpmeta>secret-xmp</x:xmpmeta>",
                  icc_profile=b"ICC-BLOB-" * 20, quality=90)


def png_header(width, height):
    """A tiny PNG that declares width x height pixels; its pixel data is not even valid."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def make_pdf(*objects, catalog=b"", trailer=b"", pad=0):
    """A small, well-formed PDF: a catalog with one empty page, extra objects from 4 on, an xref table."""
    bodies = [b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>",
              b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>", *objects]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    if pad:
        out += b"%" + b"x" * pad + b"\n"
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(bodies) + 1) + trailer + b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(dictionary, data):
    return dictionary[:-2] + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


JS_ACTION = b"<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>"


# --- Photos that are accepted ------------------------------------------------------------------------------------


def test_camera_photo_is_stored_upright_resized_and_without_any_metadata(ctx, uploads):
    original = camera_jpeg()
    assert b"GPS" in original or b"\x88\x25" in original  # the source does carry GPS
    stored = accept_image(upload(original))

    assert isinstance(stored, StoredImage)
    assert PHOTO.match(stored.file_name) and stored.thumb_name == stored.file_name.replace(".jpg", "-t.jpg")
    assert (stored.width, stored.height) == (800, 1600)  # stood up, then the long edge brought to 1600
    photo, exif, info = opened(uploads / "photos" / stored.file_name)
    assert photo.size == (800, 1600) and photo.mode == "RGB"
    assert len(exif) == 0 and not exif.get_ifd(GPS_IFD)
    assert not {"exif", "icc_profile", "xmp", "comment"} & set(info)
    raw = (uploads / "photos" / stored.file_name).read_bytes()
    for trace in (b"Exif", b"GPS", b"PhoneMaker", b"secret-xmp", b"http://ns.adobe.com/xap", b"taken at home",
                  b"ICC"):
        assert trace not in raw
    # Orientation 6 means "turn clockwise": the red corner, top-left as stored, is now top-right.
    assert photo.getpixel((790, 10))[0] > 180 and photo.getpixel((10, 10))[0] < 100

    thumb, thumb_exif, _ = opened(uploads / "photos" / stored.thumb_name)
    assert thumb.size == (240, 480) and len(thumb_exif) == 0
    assert stored_files(uploads) == sorted([f"photos/{stored.file_name}", f"photos/{stored.thumb_name}"])


def test_the_maximum_edge_is_a_setting(app, ctx, uploads, monkeypatch):
    monkeypatch.setitem(app.config, "PHOTO_MAX_EDGE", 1000)
    stored = accept_image(upload(encode(landscape((3000, 1500)))))
    assert (stored.width, stored.height) == (1000, 500)


def test_small_photos_are_not_enlarged(ctx, uploads):
    stored = accept_image(upload(encode(landscape((300, 200)))))
    assert (stored.width, stored.height) == (300, 200)


def test_png_with_transparency_is_flattened_onto_white(ctx, uploads):
    image = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((200, 0, 399, 199), fill=(0, 0, 255, 255))
    stored = accept_image(upload(encode(image, "PNG"), filename="logo.png", content_type="image/png"))
    photo, _, _ = opened(uploads / "photos" / stored.file_name)
    assert min(photo.getpixel((50, 100))) > 240  # transparent became white, not black
    red, green, blue = photo.getpixel((300, 100))
    assert blue > 200 and red < 40 and green < 40


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_webp_is_accepted(ctx, uploads, mode):
    image = landscape((600, 300)).convert(mode)
    stored = accept_image(upload(encode(image, "WEBP", quality=80), filename="x.webp", content_type="image/webp"))
    assert (stored.width, stored.height) == (600, 300)
    with Image.open(uploads / "photos" / stored.file_name) as photo:
        assert photo.format == "JPEG"


def test_sixteen_bit_grey_png_keeps_its_tones(ctx, uploads):
    image = Image.new("I;16", (64, 64), 32768)
    stored = accept_image(upload(encode(image, "PNG")))
    photo, _, _ = opened(uploads / "photos" / stored.file_name)
    assert 120 < photo.getpixel((32, 32))[0] < 136  # mid-grey, not clipped to white


def test_a_client_file_name_never_becomes_a_stored_name(ctx, uploads):
    stored = accept_image(upload(encode(landscape((300, 200))), filename="../../etc/passwd.jpg"))
    document = accept_pdf(upload(make_pdf(), filename="../../../evil.pdf", content_type="application/pdf",
                                 field="document"))
    assert PHOTO.match(stored.file_name) and DOCUMENT.match(document.file_name)
    assert stored_files(uploads) == sorted([f"photos/{stored.file_name}", f"photos/{stored.thumb_name}",
                                            f"documents/{document.file_name}"])
    assert not any("passwd" in p.name or "evil" in p.name for p in uploads.parent.rglob("*"))


# --- Files that are refused, with nothing stored ----------------------------------------------------------------

NOT_AN_IMAGE = "This file is not a photo in JPEG, PNG or WebP format."
DAMAGED = "This image is damaged or incomplete. Please try another file."
TOO_MANY_PIXELS = "This image is too large: it has more than 25 megapixels. Please send a smaller one."

SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>')
HTML = b"<!doctype html><html><body><script>fetch('/steal?c='+document.cookie)</script></body></html>"


@pytest.mark.parametrize(
    "data, filename, content_type",
    [
        pytest.param(SVG, "drawing.svg", "image/svg+xml", id="svg-with-script"),
        pytest.param(SVG, "drawing.jpg", "image/jpeg", id="svg-renamed-jpg"),
        pytest.param(HTML, "photo.jpg", "image/jpeg", id="html-renamed-jpg"),
        pytest.param(encode(Image.new("P", (20, 20)), "GIF"), "anim.gif", "image/gif", id="gif"),
        pytest.param(encode(Image.new("P", (20, 20)), "GIF"), "anim.jpg", "image/jpeg", id="gif-renamed-jpg"),
        pytest.param(encode(Image.new("RGB", (20, 20)), "BMP"), "photo.jpg", "image/jpeg", id="bmp"),
        pytest.param(encode(Image.new("RGB", (20, 20)), "TIFF"), "photo.jpg", "image/jpeg", id="tiff"),
        pytest.param(make_pdf(), "scan.jpg", "image/jpeg", id="pdf-renamed-jpg"),
    ],
)
def test_anything_but_jpeg_png_or_webp_is_refused_whatever_its_name(ctx, uploads, data, filename, content_type):
    assert refused(accept_image, data, uploads, filename=filename, content_type=content_type) == NOT_AN_IMAGE


def test_jpeg_header_followed_by_html_is_refused(ctx, uploads):
    """A polyglot that starts like a JPEG (SOI and a JFIF segment) and then carries a page with a script.

    Pillow finds no image frame in it, so it is not an image at all: refused as such.
    """
    data = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + HTML
    assert refused(accept_image, data, uploads) == NOT_AN_IMAGE


def test_a_real_jpeg_carrying_html_is_harmless_after_re_encoding(ctx, uploads):
    """A valid JPEG with a script in its comment and a page appended after its end marker.

    It is a real picture, so it is accepted; but only decoded pixels are kept, and the new file is encoded from
    them, so the payload is not in anything we store or serve.
    """
    data = encode(landscape((400, 300)), comment=HTML) + HTML
    stored = accept_image(upload(data))
    for name in (stored.file_name, stored.thumb_name):
        raw = (uploads / "photos" / name).read_bytes()
        assert b"<script" not in raw and b"document.cookie" not in raw


def test_an_image_that_is_also_a_zip_and_a_pdf_is_harmless_after_re_encoding(ctx, uploads):
    """A PNG followed by a PDF with a script and by a ZIP archive: a valid image, PDF reader input and ZIP at once.

    As an image it is accepted, and the stored JPEG, encoded afresh from the pixels, is none of the others: no ZIP
    entries, no PDF, no script. As a document it is refused, because a PDF must start with %PDF-.
    """
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("evil.html", HTML)
    data = encode(landscape((300, 200)), "PNG") + make_pdf(b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>") \
        + archive.getvalue()
    assert zipfile.is_zipfile(io.BytesIO(data))  # really a ZIP too

    message = refused(accept_pdf, data, uploads, filename="scan.pdf", field="document")
    assert message == "This file is not a PDF document."
    stored = accept_image(upload(data, filename="scan.png"))
    with Image.open(uploads / "photos" / stored.file_name) as photo:
        assert photo.format == "JPEG"
    raw = (uploads / "photos" / stored.file_name).read_bytes()
    for trace in (b"PK\x03\x04", b"evil.html", b"%PDF", b"JavaScript", b"<script"):
        assert trace not in raw
    assert not zipfile.is_zipfile(uploads / "photos" / stored.file_name)


def test_truncated_jpeg_is_refused(ctx, uploads):
    data = encode(landscape((800, 600)), quality=95)
    assert refused(accept_image, data[: len(data) // 2], uploads) == DAMAGED


def test_png_with_a_broken_checksum_is_refused(ctx, uploads):
    data = bytearray(encode(landscape((64, 64)), "PNG"))
    data[data.index(b"IDAT") + 20] ^= 0xFF  # pixel data no longer matches its CRC
    assert refused(accept_image, bytes(data), uploads) == DAMAGED


def test_empty_upload_is_refused(ctx, uploads):
    assert refused(accept_image, b"", uploads) == "No file was chosen."
    assert refused(accept_pdf, b"", uploads, field="document") == "No file was chosen."


@pytest.mark.parametrize(
    "width, height",
    [
        pytest.param(30_000, 30_000, id="far-beyond-pillows-own-limit"),  # Pillow: DecompressionBombError
        pytest.param(10_000, 10_000, id="above-pillows-warning-limit"),  # Pillow: DecompressionBombWarning
        pytest.param(7_000, 7_000, id="above-our-setting-only"),  # 49 Mpx: Pillow is silent, the setting is not
    ],
)
def test_decompression_bomb_is_refused_quickly_before_decoding(ctx, uploads, width, height):
    """The pixel data of these files is not even valid: the pixel count refuses them before anything is decoded."""
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert refused(accept_image, png_header(width, height), uploads) == TOO_MANY_PIXELS
    assert time.perf_counter() - started < 1
    assert not [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]


def test_the_pixel_limit_is_a_setting(app, ctx, uploads, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_IMAGE_PIXELS", 1_000_000)
    message = refused(accept_image, encode(landscape((1200, 1000))), uploads)
    assert message == "This image is too large: it has more than 1 megapixels. Please send a smaller one."
    assert accept_image(upload(encode(landscape((1000, 1000))))).width == 1000


def test_nothing_is_left_behind_when_writing_fails(ctx, uploads, monkeypatch):
    real_replace = os.replace
    calls = []

    def replace_then_fail(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the photo is in place; the thumbnail fails
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_fail)
    with pytest.raises(OSError):
        accept_image(upload(encode(landscape((300, 200)))))
    assert stored_files(uploads) == []


def test_discard_removes_what_was_stored_and_nothing_else(ctx, uploads, tmp_path):
    image = accept_image(upload(encode(landscape((300, 200)))))
    document = accept_pdf(upload(make_pdf(), field="document"))
    victim = tmp_path / "victim.jpg"
    victim.write_bytes(b"keep me")

    discard(image, document)
    discard(image)  # already gone: no error
    discard(StoredImage("../../victim.jpg", "../../victim.jpg", 1, 1), StoredDocument("../victim.pdf", 1))
    assert stored_files(uploads) == [] and victim.exists()


def test_demo_seeding_can_still_store_a_generated_picture(ctx, uploads):
    from app.media.storage import store_photo

    file_name, thumb_name, width, height = store_photo(landscape((2000, 1000)))
    assert (width, height) == (1600, 800)
    assert stored_files(uploads) == sorted([f"photos/{file_name}", f"photos/{thumb_name}"])


# --- PDF documents ------------------------------------------------------------------------------------------------

ACTIVE = ("This PDF contains scripts, attached files or launch actions, which are not accepted. "
          "Please save it again without them, for example by printing it to a new PDF.")


def test_plain_pdf_is_stored_as_sent_under_a_new_name(ctx, uploads):
    data = make_pdf(stream(b"<< >>", b"BT /F1 12 Tf 72 720 Td (Report) Tj ET"))
    stored = accept_pdf(upload(data, filename="report.pdf", content_type="application/pdf", field="document"))
    assert DOCUMENT.match(stored.file_name) and stored.size_bytes == len(data)
    assert (uploads / "documents" / stored.file_name).read_bytes() == data
    assert stored_files(uploads) == [f"documents/{stored.file_name}"]


def test_binary_data_that_happens_to_contain_js_bytes_is_not_mistaken_for_a_script(ctx, uploads):
    noise = os.urandom(20_000) + b"/JS " + os.urandom(1000)
    image = stream(b"<< /Type /XObject /Subtype /Image /Width 10 /Height 10 /Filter /DCTDecode >>", noise)
    flate = stream(b"<< /Type /XObject /Subtype /Image /Width 10 /Height 10 /Filter /FlateDecode >>",
                   zlib.compress(noise))
    assert accept_pdf(upload(make_pdf(image, flate), field="document")).size_bytes > 40_000


def object_stream(*objects, numbers=(10,)):
    """A compressed object stream holding the given objects, the way modern PDF writers pack dictionaries."""
    body = b""
    header = b""
    for number, obj in zip(numbers, objects, strict=True):
        header += b"%d %d " % (number, len(body))
        body += obj + b"\n"
    data = zlib.compress(header + body)
    return stream(b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode >>" % (len(objects), len(header)), data)


def packed_pdf(*packed, catalog=b"", packed_stream=None):
    """A PDF 1.5 file as modern writers make it: objects from 5 on packed into a compressed object stream (4),
    indexed by a cross-reference stream."""
    bodies = [b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>",
              b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
              packed_stream or object_stream(*packed, numbers=range(5, 5 + len(packed)))]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_number = len(bodies) + len(packed) + 1
    rows = [struct.pack(">BIH", 0, 0, 65535)] + [struct.pack(">BIH", 1, offset, 0) for offset in offsets]
    rows += [struct.pack(">BIH", 2, 4, index) for index in range(len(packed))]
    rows.append(struct.pack(">BIH", 1, len(out), 0))
    xref = len(out)
    out += b"%d 0 obj\n" % xref_number + stream(
        b"<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R >>" % (xref_number + 1), b"".join(rows)) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(make_pdf(JS_ACTION, catalog=b"/OpenAction 4 0 R"), id="open-action-javascript"),
        pytest.param(make_pdf(b"<< /Names [(x) 5 0 R] >>", JS_ACTION,
                              catalog=b"/Names << /JavaScript 4 0 R >>"), id="document-javascript"),
        pytest.param(make_pdf(b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>", catalog=b"/OpenAction 4 0 R"),
                     id="hex-escaped-names"),
        pytest.param(make_pdf(b"<< /S /Rendition /JS (app.alert\\(1\\)) >>", catalog=b"/OpenAction 4 0 R"),
                     id="js-without-javascript-action"),
        pytest.param(make_pdf(b"<< /S /Launch /F (cmd.exe) >>", catalog=b"/OpenAction 4 0 R"), id="launch"),
        pytest.param(make_pdf(stream(b"<< /Type /EmbeddedFile >>", b"MZ\x90\x00"),
                              catalog=b"/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>"),
                     id="embedded-file"),
        pytest.param(make_pdf(b"<< /Type /Annot /Subtype /Text /FS << /F (a.exe) /EF << /F 5 0 R >> >> >>",
                              stream(b"<< >>", b"MZ\x90\x00")), id="file-specification-with-embedded-file"),
        pytest.param(packed_pdf(JS_ACTION, catalog=b"/OpenAction 5 0 R"), id="javascript-in-compressed-object-stream"),
        pytest.param(packed_pdf(b"<< /S /Rendition /JS (x) >>", catalog=b"/OpenAction 5 0 R"),
                     id="js-in-compressed-object-stream"),
        pytest.param(packed_pdf(b"<< /Type /Action /S /J#61va#53cript /J#53 <6170702e616c657274283129> >>",
                                catalog=b"/OpenAction 5 0 R"), id="hex-encoded-javascript-in-object-stream"),
        pytest.param(packed_pdf(b"<< /Fields [] /XFA 6 0 R >>", b"[(template) 7 0 R]", catalog=b"/AcroForm 5 0 R"),
                     id="xfa-form-in-object-stream"),
        pytest.param(make_pdf(b"<< /Fields [] /XFA [(template) 5 0 R] >>",
                              stream(b"<< >>", b"<template><script>app.alert(1)</script></template>"),
                              catalog=b"/AcroForm 4 0 R"), id="xfa-form"),
        pytest.param(packed_pdf(b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /Launch /F (x.exe) >> >>",
                                catalog=b"/OpenAction 5 0 R"), id="launch-nested-in-object-stream"),
        pytest.param(make_pdf(b"<< /S /GoToR /F (other.pdf) /D [0 /Fit] >>", catalog=b"/OpenAction 4 0 R"),
                     id="remote-go-to"),
        pytest.param(make_pdf(b"<< /S /SubmitForm /F (https://evil.example/) >>", catalog=b"/OpenAction 4 0 R"),
                     id="submit-form"),
        pytest.param(make_pdf(b"(stream\n)", JS_ACTION, b"(endstream)", catalog=b"/OpenAction 5 0 R"),
                     id="script-between-fake-stream-keywords"),
    ],
)
def test_pdf_with_active_content_is_refused(ctx, uploads, data):
    assert refused(accept_pdf, data, uploads, filename="report.pdf", field="document") == ACTIVE


def test_encrypted_pdf_is_refused_because_it_cannot_be_checked(ctx, uploads):
    data = make_pdf(b"<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>", trailer=b"/Encrypt 4 0 R")
    assert refused(accept_pdf, data, uploads, field="document").startswith("This PDF is encrypted")


@pytest.mark.once  # slow (600 MB deflated, then inflated by the checker's child process, which has no database)
def test_pdf_whose_object_streams_inflate_without_end_is_refused(ctx, uploads, monkeypatch):
    monkeypatch.setattr(pdf_check, "_MEMORY_LIMIT", 400 * 1024 * 1024)
    bomb = zlib.compress(b"5 0 " + b" " * 600 * 1024 * 1024, 9)
    data = packed_pdf(b"<< >>", packed_stream=stream(b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>", bomb))
    assert refused(accept_pdf, data, uploads, field="document").startswith("This PDF is encrypted or packed")


def test_an_object_stream_the_cross_reference_does_not_list_is_refused_as_damaged(ctx, uploads):
    """Readers that rebuild a broken cross-reference would find a script there that a strict parser never sees."""
    data = make_pdf(object_stream(JS_ACTION), catalog=b"/OpenAction 10 0 R")
    assert refused(accept_pdf, data, uploads, field="document").startswith("This PDF is damaged")


def test_pdf_with_a_web_link_is_refused_with_its_own_message(ctx, uploads):
    link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://evil.example/) >> >>"
    data = packed_pdf(link, catalog=b"/OpenAction 5 0 R")
    message = refused(accept_pdf, data, uploads, field="document")
    assert message.startswith("This PDF contains links that open web addresses")


def test_a_packed_pdf_without_active_content_is_accepted(ctx, uploads):
    data = packed_pdf(b"<< /Type /Annot /Subtype /Text /Rect [0 0 9 9] /Contents (Note) >>")
    assert accept_pdf(upload(data, field="document")).size_bytes == len(data)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(encode(landscape((100, 100))), id="jpeg-renamed-pdf"),
        pytest.param(HTML, id="html-renamed-pdf"),
        pytest.param(b"\n" + make_pdf(), id="signature-not-at-the-start"),
    ],
)
def test_a_non_pdf_renamed_pdf_is_refused(ctx, uploads, data):
    message = refused(accept_pdf, data, uploads, filename="report.pdf", content_type="application/pdf",
                      field="document")
    assert message == "This file is not a PDF document."


def test_truncated_pdf_is_refused(ctx, uploads):
    data = make_pdf(stream(b"<< >>", os.urandom(5000)))
    assert refused(accept_pdf, data[:3000], uploads, field="document").startswith("This PDF is damaged")


def test_pdf_larger_than_the_limit_is_refused(app, ctx, uploads):
    limit = app.config["MAX_PDF_BYTES"]
    assert limit == 10 * 1024 * 1024
    data = make_pdf(pad=limit)
    message = refused(accept_pdf, data, uploads, field="document")
    assert message == "This file is larger than 10 MB. Please send a smaller one."
    assert accept_pdf(upload(make_pdf(pad=limit - 2000), field="document")).size_bytes <= limit


# --- Serving ------------------------------------------------------------------------------------------------------


@pytest.fixture
def stored_document(app, uploads, session, make_action, make_report):
    def store(title, data=None):
        with app.app_context():
            stored = accept_pdf(upload(data or make_pdf(), field="document"))
        report = make_report(make_action())
        report.documents.append(ReportDocument(file_name=stored.file_name, title=title, size_bytes=stored.size_bytes))
        session.flush()
        return stored

    return store


def test_document_is_sent_as_a_pdf_download_named_after_its_title(client, stored_document, uploads):
    data = make_pdf(stream(b"<< >>", b"BT (x) Tj ET"))
    stored = stored_document("Annual report 2025: «final».pdf", data)
    with client.get(f"/media/documents/{stored.file_name}") as response:
        assert response.status_code == 200 and response.data == data
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="annual-report-2025-final.pdf"; ')
    assert "filename*=UTF-8''Annual%20report%202025%20%C2%ABfinal%C2%BB.pdf" in disposition


def test_a_title_without_latin_letters_falls_back_to_the_stored_name(client, stored_document):
    stored = stored_document("Հաշվետվություն «2025» \u202e\"/..")
    with client.get(f"/media/documents/{stored.file_name}") as response:
        disposition = response.headers["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="{stored.file_name}"; filename*=UTF-8\'\'%D5%80')
    assert "%E2%80%AE" not in disposition and "%2F" not in disposition and "%22" not in disposition


def attach_photo(session, report, stored):
    from app.schedule.models import ReportPhoto

    session.add(ReportPhoto(report=report, file_name=stored.file_name, thumb_name=stored.thumb_name,
                            width=stored.width, height=stored.height))
    session.flush()


def test_photo_is_served_inline_as_jpeg_for_a_long_time(client, app, uploads, session, world, make_action,
                                                         make_report):
    with app.app_context():
        stored = accept_image(upload(encode(landscape((300, 200)))))
    attach_photo(session, make_report(make_action(institution=world.school)), stored)
    for name in (stored.file_name, stored.thumb_name):
        response = client.get(f"/media/photos/{name}")
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "image/jpeg"
        assert response.headers["Content-Disposition"] == f'inline; filename="{name}"'
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
        cache = response.headers["Cache-Control"]
        assert "public" in cache and "max-age=31536000" in cache and "immutable" in cache
        response.close()


def test_stored_photo_without_a_report_is_not_served(client, app, uploads):
    with app.app_context():
        stored = accept_image(upload(encode(landscape((300, 200)))))
    assert client.get(f"/media/photos/{stored.file_name}").status_code == 404


def test_photo_of_a_draft_report_is_hidden_from_the_public_but_not_from_its_editor(
        client, app, uploads, session, world, make_action, make_report, make_user, auth):
    with app.app_context():
        stored = accept_image(upload(encode(landscape((300, 200)))))
    draft = make_report(make_action(institution=world.school), published=False)
    attach_photo(session, draft, stored)
    assert client.get(f"/media/photos/{stored.thumb_name}").status_code == 404
    editor = make_user("ed@example.am", roles=(("editor", world.school),), password="a long passphrase for tests 7")
    auth.login(editor, "a long passphrase for tests 7")
    with client.get(f"/media/photos/{stored.thumb_name}") as response:
        assert response.status_code == 200


def test_photo_of_a_draft_report_is_kept_by_no_shared_cache(client, app, uploads, session, world, make_action,
                                                            make_report, make_user, auth):
    with app.app_context():
        stored = accept_image(upload(encode(landscape((300, 200)))))
    attach_photo(session, make_report(make_action(institution=world.school), published=False), stored)
    editor = make_user("ed@example.am", roles=(("editor", world.school),), password="a long passphrase for tests 7")
    auth.login(editor, "a long passphrase for tests 7")
    with client.get(f"/media/photos/{stored.file_name}") as response:
        cache = response.headers["Cache-Control"]
    assert "private" in cache and "public" not in cache and "max-age=31536000" not in cache


def test_document_of_a_draft_report_is_kept_by_no_shared_cache(client, app, uploads, session, world, make_action,
                                                               make_report, make_user, auth):
    with app.app_context():
        stored = accept_pdf(upload(make_pdf(), field="document"))
    report = make_report(make_action(institution=world.school), published=False)
    report.documents.append(ReportDocument(file_name=stored.file_name, title="Draft", size_bytes=stored.size_bytes))
    session.flush()
    editor = make_user("ed@example.am", roles=(("editor", world.school),), password="a long passphrase for tests 7")
    auth.login(editor, "a long passphrase for tests 7")
    with client.get(f"/media/documents/{stored.file_name}") as response:
        assert response.status_code == 200
        assert "private" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/media/photos/" + "0" * 32 + ".jpg",  # well-formed but never stored
        "/media/photos/" + "0" * 32 + ".JPG",
        "/media/photos/photo.jpg",
        "/media/photos/..%2F..%2Fetc%2Fpasswd",
        "/media/photos/../../etc/passwd",
        "/media/photos/%2e%2e",
        "/media/photos/" + "0" * 32 + ".jpg%0A",
        "/media/documents/" + "0" * 32 + ".pdf",
        "/media/documents/report.pdf",
        "/media/documents/..%2Fphotos%2F" + "0" * 32 + ".jpg",
    ],
)
def test_unknown_or_malformed_names_are_not_found(client, uploads, path):
    with client.get(path) as response:
        assert response.status_code == 404


def test_a_stored_pdf_without_its_database_row_is_not_served(client, app, uploads):
    """Until the report that owns it is committed (or after a failed commit), a stored file is not reachable."""
    with app.app_context():
        stored = accept_pdf(upload(make_pdf(), field="document"))
    assert client.get(f"/media/documents/{stored.file_name}").status_code == 404


# --- The request size limit ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_limit_app(tmp_path_factory):
    """An app with a 50 kB request limit and a throwaway upload route (the staff routes are not needed)."""
    from app.extensions import db
    from tests.conftest import make_app

    application = make_app(tmp_path_factory.mktemp("limit"), "hashvetu_test_limit", MAX_CONTENT_LENGTH=50_000,
                           WTF_CSRF_ENABLED=False)

    @application.post("/__upload")
    def receive():
        return f"received {len(request.files['photo'].read())} bytes"

    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    "lang, title",
    [("hy", "Ֆայլը չափազանց մեծ է"), ("en", "File too large"), ("ru", "Файл слишком большой")],
)
def test_oversized_request_gets_the_translated_413_page(small_limit_app, lang, title):
    client = small_limit_app.test_client()
    small = client.post("/__upload", data={"photo": (io.BytesIO(b"x" * 1000), "a.jpg")})
    assert small.status_code == 200 and small.get_data(as_text=True) == "received 1000 bytes"

    response = client.post(f"/__upload?lang={lang}", data={"photo": (io.BytesIO(b"x" * 60_000), "big.jpg")})
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html and f"<h1>{title}</h1>" in html
