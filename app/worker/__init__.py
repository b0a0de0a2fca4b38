"""The background worker: a huey task queue for every long or scheduled piece of work.

Domains declare their tasks in a `tasks.py` with `@task(...)` or `@periodic_task(crontab(...))`; `init_app` builds the
app's huey from the settings and binds those tasks to it, each run inside an application context:

- HUEY_URL unset: SQLite, `instance/huey.sqlite3` (the embedded default; `make run` starts a consumer beside gunicorn);
- HUEY_URL (or REDIS_URL) `redis://...`: Redis, for several workers on several servers;
- HUEY_URL `sqlite:///path`: SQLite at that path;
- HUEY_URL `immediate`: tasks run in the calling process at once (tests);
- under TESTING with nothing set: an in-memory queue that no consumer reads (a worker that has not run yet).

The consumer is `huey_consumer wsgi.huey` (see Procfile and docs/deploy.md). Web code never runs a task itself: it
calls `enqueue(name)`, usually after its commit (the outbox wakes the sender that way).
"""

import functools
import importlib
import logging
import os
from dataclasses import dataclass, field

from flask import current_app
from huey import Huey, crontab  # noqa: F401  (crontab is re-exported for the tasks modules)
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from app.database import write_intent

log = logging.getLogger(__name__)

# The modules that declare tasks; a new domain with tasks adds its module here.
TASK_MODULES = ("app.outbox.tasks", "app.reminders.tasks", "app.accounts.tasks", "app.residents.tasks",
                "app.retention.tasks", "app.subscriptions.tasks", "app.appeals.tasks", "app.audit.tasks",
                "app.dashboard.tasks", "app.worker.heartbeat")


@dataclass
class _Spec:
    func: object
    name: str
    schedule: object = None
    options: dict = field(default_factory=dict)


_SPECS: dict[str, _Spec] = {}


def task(name: str, **options):
    """Declare a background task (huey options: retries, retry_delay, ...); enqueue it with `enqueue(name, ...)`."""
    def declare(func):
        _SPECS[name] = _Spec(func, name, None, options)
        return func
    return declare


def periodic_task(schedule, name: str, **options):
    """Declare a task the consumer runs on a schedule (a huey `crontab`), instead of a cron line."""
    def declare(func):
        _SPECS[name] = _Spec(func, name, schedule, options)
        return func
    return declare


@dataclass
class Worker:
    huey: Huey
    tasks: dict


def _storage(app):
    url = app.config.get("HUEY_URL") or app.config.get("REDIS_URL") or ""
    if url == "immediate":
        return MemoryStorage("hashvetu"), True
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage("hashvetu", url=url), False
    if url.startswith("sqlite:///"):
        return SqliteStorage("hashvetu", filename=url[len("sqlite:///"):]), False
    if url:
        raise ValueError(f"HUEY_URL must be redis://..., sqlite:///path or immediate, not {url!r}")
    if app.testing:
        return MemoryStorage("hashvetu"), False
    os.makedirs(app.instance_path, exist_ok=True)
    return SqliteStorage("hashvetu", filename=os.path.join(app.instance_path, "huey.sqlite3")), False


def _in_app_context(app, func):
    """Run a task in its own application context (its own database session), as a write."""
    @functools.wraps(func)
    def run(*args, **kwargs):
        with app.app_context(), write_intent():
            return func(*args, **kwargs)
    return run


def init_app(app):
    """Build the app's task queue and bind every declared task to it."""
    for module in TASK_MODULES:
        importlib.import_module(module)
    storage, immediate = _storage(app)
    queue = Huey("hashvetu", results=False, utc=True, immediate=immediate, immediate_use_memory=False,
                 storage_class=MemoryStorage)
    queue.storage = storage
    tasks = {}
    for spec in _SPECS.values():
        bound = _in_app_context(app, spec.func)
        if spec.schedule is None:
            tasks[spec.name] = queue.task(name=spec.name, **spec.options)(bound)
        else:
            tasks[spec.name] = queue.periodic_task(spec.schedule, name=spec.name, **spec.options)(bound)
    app.extensions["worker"] = Worker(queue, tasks)


def get_huey(app=None) -> Huey:
    return (app or current_app).extensions["worker"].huey


def enqueue(name: str, *args, delay: int | None = None, **kwargs) -> bool:
    """Queue a task for the worker; False (logged) if the queue could not be reached.

    Callers enqueue after their commit, so the data is safe either way: a periodic sweep picks up what a lost
    wake-up would have done.
    """
    wrapper = current_app.extensions["worker"].tasks[name]
    try:
        if delay:
            wrapper.schedule(args=args, kwargs=kwargs, delay=delay)
        else:
            wrapper(*args, **kwargs)
    except Exception:
        log.exception("worker: could not queue task %s", name)
        return False
    return True
