"""Page weight as a browser would transfer it with gzip: the HTML and every stylesheet, script and image it loads,
on a first visit (empty cache) and a repeat visit (revalidated HTML, assets kept for a year)."""

import http.client
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from bench.driver import check_local


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.css, self.js, self.img = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "") and a.get("href"):
            self.css.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"])
        elif tag == "img" and a.get("src") and not a["src"].startswith("data:"):
            self.img.append(a["src"])


def fetch(url, headers=None):
    check_local(url)
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn.request("GET", path, headers={"Accept-Encoding": "gzip", **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    result = (response.status, dict(response.getheaders()), body)
    conn.close()
    return result


def _decoded(headers, body):
    if headers.get("Content-Encoding") == "gzip":
        import gzip

        return gzip.decompress(body)
    return body


def page_weight(url, headers=None):
    """{'html', 'css', 'js', 'img', 'first', 'repeat', 'etag'} in bytes as sent (compressed when gzip applies)."""
    status, h, body = fetch(url, headers)
    if status != 200:
        return None
    result = {"html": len(body), "css": 0, "js": 0, "img": 0, "repeat_assets": 0}
    ctype = h.get("Content-Type", "")
    if "html" in ctype:
        parser = _Assets()
        parser.feed(_decoded(h, body).decode("utf-8", "replace"))
        for kind in ("css", "js", "img"):
            for src in dict.fromkeys(getattr(parser, kind)):
                s, ah, ab = fetch(urljoin(url, src))
                result[kind] += len(ab)
                if "immutable" not in ah.get("Cache-Control", "") and "max-age" not in ah.get("Cache-Control", ""):
                    result["repeat_assets"] += len(ab)
    etag = h.get("ETag")
    repeat_html = len(body)
    if etag:
        s2, _h2, b2 = fetch(url, {**(headers or {}), "If-None-Match": etag})
        if s2 == 304:
            repeat_html = len(b2)
    result["first"] = result["html"] + result["css"] + result["js"] + result["img"]
    result["repeat"] = repeat_html + result["repeat_assets"]
    result["etag"] = etag
    return result
