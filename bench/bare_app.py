"""The bare references, served by the same gunicorn settings: a minimal Flask page and a 30 KB static file."""

import os

from flask import Flask, send_from_directory

app = Flask(__name__, static_folder=None)
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
STATIC = "bare-30k.html"


def _ensure_static():
    os.makedirs(HERE, exist_ok=True)
    path = os.path.join(HERE, STATIC)
    if not os.path.exists(path) or os.path.getsize(path) != 30 * 1024:
        line = b"<p>Hashvetu bench reference page: thirty kilobytes of static HTML.</p>\n"
        body = (line * (30 * 1024 // len(line) + 1))[:30 * 1024]
        with open(path, "wb") as fh:
            fh.write(body)


_ensure_static()


@app.get("/")
def hello():
    return "Hello, world!"


@app.get("/static.html")
def static_page():
    return send_from_directory(HERE, STATIC, max_age=3600)
