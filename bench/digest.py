"""`make bench` (digest part): the weekly digest for 10,000 subscribers is built and queued in at most 60 s.

Builds (or reuses) a community of BENCH_DIGEST_ACTIONS actions (default 5,000) with the bench's generator, copies it,
adds BENCH_SUBSCRIBERS confirmed subscriptions (default 10,000) spread over every settlement, institution, goal and
the whole schedule in three languages, marks a week's worth of actions as new or changed, then times one run of
the weekly digest (app.subscriptions.services.send_weekly_digests) in this process: reading each selection's week,
composing every reader's e-mail and queueing it in the outbox, committed. Prints one line and the verdict; writes
nothing into the repository but bench/data/ (git-ignored).
"""

import os
import shutil
import sys
import time
from datetime import timedelta

from bench import server

TARGET_SECONDS = 60


def main():
    subscribers = int(os.environ.get("BENCH_SUBSCRIBERS", "10000"))
    actions = int(os.environ.get("BENCH_DIGEST_ACTIONS", "5000"))
    url, _creds = server.build_database(f"digest-{actions}", None, print, actions=actions, appeals=1_000,
                                        reports=actions // 2, comments=0)
    source = url[len("sqlite:///"):]
    copy = os.path.join(server.DATA, "digest-run.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(copy + suffix):
            os.remove(copy + suffix)
    shutil.copyfile(source, copy)
    os.environ.update(server.base_env(f"sqlite:///{copy}"))

    from sqlalchemy import func, insert, select, update

    from app import create_app
    from app.community.models import Settlement
    from app.database import write_intent
    from app.extensions import db
    from app.institutions.models import Institution
    from app.models_base import utcnow
    from app.outbox.models import OutboxMessage
    from app.program.queries import list_current_goals
    from app.schedule.models import Action
    from app.subscriptions.models import Subscription
    from app.subscriptions.services import send_weekly_digests

    # TESTING: the worker's queue is in memory and nobody consumes it, so this times building and queueing alone
    # (delivery is the sender's bench) and no task lands in a real instance's queue.
    app = create_app({"TESTING": True, "PUBLIC_URL": "https://hashvetu.example.am"})
    with app.app_context(), write_intent():
        now = utcnow()
        week_ago = now - timedelta(days=7)
        selections = [f"settlement={s}" for s in db.session.scalars(select(Settlement.slug))]
        selections += [f"institution={s}" for s in db.session.scalars(select(Institution.slug))]
        selections += [f"goal={g.code}" for g in list_current_goals()] + [""]
        rows = [{"email": f"reader{n}@example.am", "filters": selections[n % len(selections)],
                 "language": ("hy", "en", "ru")[n % 3], "nonce": f"{n:016x}", "weekly": True, "notices": True,
                 "created_dt": week_ago, "confirmed_dt": week_ago, "digest_dt": week_ago}
                for n in range(subscribers)]
        db.session.execute(insert(Subscription), rows)
        # A week of news: one action in 25 changed, one in 100 new.
        db.session.execute(update(Action).where(Action.id % 25 == 0).values(updated_dt=now - timedelta(days=2)))
        db.session.execute(update(Action).where(Action.id % 100 == 0).values(created_dt=now - timedelta(days=1)))
        db.session.commit()
        before = db.session.scalar(select(func.count(OutboxMessage.id)))
        began = time.perf_counter()
        queued = send_weekly_digests()
        seconds = time.perf_counter() - began
        after = db.session.scalar(select(func.count(OutboxMessage.id)))
    verdict = "met" if seconds <= TARGET_SECONDS and after - before == queued else "NOT met"
    print(f"Weekly digest: {subscribers:,} subscribers over {len(selections)} selections, {actions:,} actions: "
          f"{queued:,} e-mails built and queued in {seconds:.1f} s (target <= {TARGET_SECONDS} s): {verdict}")
    return 0 if verdict == "met" else 1


if __name__ == "__main__":
    sys.exit(main())
