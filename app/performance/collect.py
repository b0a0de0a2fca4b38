"""The static files under their content-hashed names only, for nginx to serve from disk:

    .venv/bin/python -m app.performance.collect /srv/hashvetu/static

writes /srv/hashvetu/static/static/css/app.<hash>.css (and a .gz copy of each compressible file for gzip_static).
A made-up or outdated hash finds no file there, so nginx passes it to the app, which never caches it for a year.
It builds no app: no settings, database or secret are needed, so a deploy runs it as root before the restart.
"""

import gzip
import mimetypes
import os
import shutil
import sys

from app.performance.compression import COMPRESSIBLE
from app.performance.static_files import build_manifest

STATIC_FOLDER = os.path.join(os.path.dirname(__file__), "..", "..", "static")


def collect(target: str, folder: str = STATIC_FOLDER) -> int:
    """Write every file of `folder` to `target`/static/ under its hashed name; return how many were written."""
    written = 0
    root = os.path.join(target, "static")
    for rel, hashed in build_manifest(folder).items():
        source, dest = os.path.join(folder, rel), os.path.join(root, hashed)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(source, dest)
        written += 1
        if (mimetypes.guess_type(rel)[0] or "") in COMPRESSIBLE:
            with open(source, "rb") as fh, open(dest + ".gz", "wb") as out:
                out.write(gzip.compress(fh.read(), compresslevel=9, mtime=0))
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m app.performance.collect TARGET_DIR")
    print(f"{collect(sys.argv[1])} static files written under {sys.argv[1]}/static/ with their hashed names")
