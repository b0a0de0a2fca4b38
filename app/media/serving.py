"""Headers for sending a stored file, publicly or to staff: nothing in it may run, and a download keeps its title."""

import re
import unicodedata
from urllib.parse import quote

# Whatever a stored file turns out to contain, it may not run anything or load anything when opened directly.
FILE_CSP = "default-src 'none'; sandbox"


def locked_down(response):
    """Forbid the browser to run the file or guess another type for it."""
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
