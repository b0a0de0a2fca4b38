"""The poster as PDF through WeasyPrint (needs Debian's Pango; fonts-dejavu-core supplies Armenian glyphs)."""

import os

from flask import current_app


def poster_css() -> str:
    with open(os.path.join(current_app.static_folder, "css", "poster.css"), encoding="utf-8") as fh:
        return fh.read()


def render_pdf(html: str) -> bytes:
    from PIL import ImageFile
    from weasyprint import HTML

    # Importing WeasyPrint switches Pillow, process-wide, to accepting truncated images; uploads must keep refusing
    # them (app/media/uploads.py), and the poster has no raster images, so the setting is put back.
    ImageFile.LOAD_TRUNCATED_IMAGES = False

    def no_fetch(url, *args, **kwargs):
        # Everything the poster needs is inline; nothing is fetched, not even from this server.
        raise ValueError(f"poster resources are inline; refused to fetch {url}")

    return HTML(string=html, url_fetcher=no_fetch, base_url="/").write_pdf()
