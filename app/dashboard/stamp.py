"""The version of the code that computes the dashboard's stored figures.

A hash of the modules that work the figures out (tally.py, days.py) and of the holidays package's version (its
calendar decides the working days). It changes by itself with the code, in both directions: a deploy, a rollback
and a roll-forward each leave a stamp that differs from the stored one, and the worker rebuilds
(app/dashboard/tasks.py). An edit of a comment there also costs one background rebuild: cheap next to a dashboard
computed by other code than the one running.
"""

import functools
import hashlib

import holidays

from app.dashboard import days, tally


@functools.cache
def figures_version() -> str:
    digest = hashlib.blake2b(digest_size=16)
    for module in (tally, days):
        with open(module.__file__, "rb") as fh:
            digest.update(fh.read())
    digest.update(holidays.__version__.encode())
    return digest.hexdigest()
