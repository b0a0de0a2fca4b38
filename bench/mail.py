"""Mail bench: the worker's sender delivers N queued messages to a local SMTP server (target: 1,000 in <= 30 s).

Everything runs on 127.0.0.1: a fresh SQLite database in a temporary folder, an aiosmtpd server on a free port, and a
real huey consumer (SQLite queue) woken by the commit that queued the messages, as in production. Prints one table
and writes it to bench/results/mail-<date>-<host>.md. `BENCH_MAIL_MESSAGES` (1000) sets N, `BENCH_MAIL_LIMIT_S` (30)
the target; `BENCH_DATABASE_URL` runs it on PostgreSQL (an empty database) instead of SQLite.
"""

import datetime as dt
import multiprocessing
import os
import platform
import socket
import sys
import tempfile
import time

from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from bench.run import machine_description
from bench.server import ROOT


class CountingMailbox:
    def __init__(self, counter):
        self.counter = counter

    async def handle_DATA(self, server, session, envelope):
        with self.counter.get_lock():
            self.counter.value += len(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def _serve_smtp(port, counter, stop):
    """The SMTP server in its own process, as a real relay would be (not sharing the sender's interpreter)."""
    controller = Controller(CountingMailbox(counter), hostname="127.0.0.1", port=port)
    controller.start()
    stop.wait(600)
    controller.stop()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the SMTP server did not start on port {port}")


def main():
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.outbox.models import OutboxMessage
    from app.outbox.services import queue_email

    count = int(os.environ.get("BENCH_MAIL_MESSAGES", "1000"))
    limit_s = float(os.environ.get("BENCH_MAIL_LIMIT_S", "30"))
    database_url = os.environ.get("BENCH_DATABASE_URL")
    received, stop = multiprocessing.Value("i", 0), multiprocessing.Event()
    port = _free_port()
    smtp = multiprocessing.Process(target=_serve_smtp, args=(port, received, stop), daemon=True)
    smtp.start()
    _wait_for_port(port)
    with tempfile.TemporaryDirectory(prefix="hashvetu-mail-bench-") as folder:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{folder}/bench.sqlite3",
            "SECRET_KEY": "bench", "HUEY_URL": f"sqlite:///{folder}/huey.sqlite3",
            "MAIL_TRANSPORT": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port,
            "MAIL_FROM": "Hashvetu <no-reply@dilijan.example.am>", "PUBLIC_URL": "http://127.0.0.1:5000"})
        with app.app_context():
            upgrade()
        consumer = app.extensions["worker"].huey.create_consumer(workers=4, periodic=False, initial_delay=0.05,
                                                                  max_delay=0.5)
        consumer.start()
        try:
            body = ("Բարև Ձեզ,\n\nՁեր դիմումը ստացվել է և գրանցվել DIL-2026-000123 համարով։ Պատասխանը կտրվի մինչև "
                    "դեկտեմբերի 15-ը։\n\nhttp://127.0.0.1:5000/appeals/track?number=DIL-2026-000123\n") * 3
            with app.app_context():
                for n in range(count):
                    queue_email(f"resident{n}@example.am", f"Ձեր դիմումը DIL-2026-{n:06d}", body, language="hy")
                start = time.perf_counter()
                db.session.commit()  # wakes the worker
                deadline = start + max(limit_s * 4, 120)
                sent = 0
                while time.perf_counter() < deadline:
                    db.session.rollback()
                    sent = db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                             .where(OutboxMessage.sent_dt.is_not(None)))
                    if sent >= count:
                        break
                    time.sleep(0.05)
                elapsed = time.perf_counter() - start
        finally:
            consumer.stop(graceful=True)
            stop.set()
            smtp.join(30)
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
    met = sent >= count and received.value >= count and elapsed <= limit_s
    when = dt.datetime.now(dt.UTC)
    report = "\n".join([
        f"# Mail bench {when:%Y-%m-%d %H:%M} UTC", "",
        f"Machine: {machine_description()}", "",
        (f"The worker (a huey consumer, SQLite queue, woken by the commit) delivers {count:,} queued messages to "
         f"aiosmtpd on 127.0.0.1, batches of {app.config['MAIL_BATCH_SIZE']} per SMTP connection; database: "
         f"{'PostgreSQL' if database_url else 'SQLite'}."), "",
        "| messages queued | recorded sent | received by the server | seconds | messages/s | target |",
        "|---:|---:|---:|---:|---:|---|",
        (f"| {count:,} | {sent:,} | {received.value:,} | {elapsed:.1f} | {sent / elapsed:.0f} | "
         f"<= {limit_s:.0f} s: {'met' if met else 'NOT met'} |"), ""])
    print(report)
    out = os.environ.get("BENCH_MAIL_OUT") or os.path.join(ROOT, "bench", "results",
                                                           f"mail-{when:%Y-%m-%d-%H%M}-{platform.node()}.md")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as fh:
        fh.write(report)
    print(f"Written to {os.path.relpath(out, ROOT)}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
