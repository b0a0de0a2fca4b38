"""`make resilience`: what happens under load, crashes, backups, abuse and long runs, against gunicorn on 127.0.0.1.

Every loop is bounded in count and in time. The scale comes from RESILIENCE_SCALE: "full" (the issue's numbers:
50 clients for two minutes, ten crashes, 1,000 posts in a minute, 10,000 requests) or "ci" (small and fast, run by
the test suite). RESILIENCE_DATABASE_URL runs it on PostgreSQL instead of a SQLite file (backup/restore then use
pg_dump/pg_restore into a second database named by RESILIENCE_RESTORE_URL). Prints one table and writes it to
bench/results/.
"""

import datetime as dt
import http.client
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import threading
import time
import uuid

from sqlalchemy import create_engine

from bench import attacks, server
from bench.submitters import SUBMITTERS, Client, stored, submit_appeal

SCALES = {
    "full": dict(clients=50, load_seconds=120, crash_rounds=10, burst_threads=8, backup_seconds=20, flood_posts=1000,
                 flood_seconds=60, fuzz_examples=300, memory_requests=10_000, actions=1000, appeals=10_000,
                 restart_seconds=10, bomb_rounds=15, lockout_attempts=40),
    "ci": dict(clients=8, load_seconds=4, crash_rounds=2, burst_threads=4, backup_seconds=3, flood_posts=40,
               flood_seconds=20, fuzz_examples=25, memory_requests=300, actions=200, appeals=500, bomb_rounds=1,
               lockout_attempts=8,
               # CI checks what must hold, not how fast: a busy CI machine may take longer to boot gunicorn.
               restart_seconds=60),
}
READ_PATHS = ["/", "/schedule", "/schedule?page=2", "/institutions", "/program", "/appeals/new"]
LOAD_CONFIG = {"APPEAL_LIMITS_PER_IP": "100000 per minute", "APPEAL_MIN_FILL_SECONDS": 0}


def echo(msg=""):
    print(msg, flush=True)


class Row:
    def __init__(self, check, tried):
        self.check, self.tried, self.held, self.details = check, tried, False, ""

    def done(self, held, details):
        self.held, self.details = bool(held), details
        echo(f"  {'held' if self.held else 'FAILED'}: {details}")
        return self


def _redis_url():
    try:
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
        return "redis://127.0.0.1:6379/0"
    except Exception:  # noqa: BLE001 - any failure means "no Redis here"
        return None


class Site:
    """The database under test and how to serve it."""

    def __init__(self, p, url=None):
        self.url = url or self._fresh_sqlite(p)
        self.env = server.base_env(self.url)
        self.log = os.path.join(server.DATA, "resilience-gunicorn.log")

    def _fresh_sqlite(self, p):
        template_url, _creds = server.build_database(f"resilience-template-{p['actions']}-{p['appeals']}", None, echo,
                                                     actions=p["actions"], appeals=p["appeals"],
                                                     reports=p["actions"] // 2, comments=p["appeals"] // 5)
        src = template_url[len("sqlite:///"):]
        dst = os.path.join(server.DATA, "resilience.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(dst + suffix):
                os.remove(dst + suffix)
        subprocess.run([sys.executable, "-c", "import sqlite3,sys; a=sqlite3.connect(sys.argv[1]); "
                        "b=sqlite3.connect(sys.argv[2]); a.backup(b)", src, dst], check=True)
        url = f"sqlite:///{dst}"
        shutil.rmtree(server.uploads_for(url), ignore_errors=True)
        # The copy's rows name the template's stored files: they travel with it, or integrity-check finds them missing.
        if os.path.isdir(server.uploads_for(f"sqlite:///{src}")):
            shutil.copytree(server.uploads_for(f"sqlite:///{src}"), server.uploads_for(url))
        return url

    def gunicorn(self, workers=2, **config):
        merged = {**LOAD_CONFIG, **config}
        return server.Gunicorn(self.url, workers=workers, app="bench.wsgi_bench:app", log=self.log,
                               BENCH_APP_CONFIG=json.dumps(merged))

    def engine(self):
        return create_engine(self.url)

    def integrity(self, url=None):
        env = server.base_env(url or self.url) if url else self.env
        run = server.flask(["integrity-check"], env, check=False, capture_output=True, text=True)
        lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
        return json.loads(lines[-1]) if lines else {"ok": False, "problems": [run.stderr[-500:]], "counts": {}}


def _verify_acks(site, acks):
    engine = site.engine()
    with engine.connect() as conn:
        missing, dup, no_mail = stored(conn, acks)
    engine.dispose()
    return missing, dup, no_mail


def check_load(site, p):
    row = Row("load", f"{p['clients']} clients for {p['load_seconds']} s, 10% submitting "
                      f"({', '.join(f.__name__ for f in SUBMITTERS)})")
    echo(f"Load: {row.tried}")
    statuses, acks, locked, lock = {}, [], [0], threading.Lock()
    timing = {}

    def going():
        # The planned time, and then (bounded) until some submissions were acknowledged, so a slow machine still
        # tests what must hold.
        now = time.monotonic()
        return now < timing["deadline"] or (len(acks) < 3 and now < timing["deadline"] + 120)

    def client(n):
        rng = random.Random(n)
        # A slow answer on an overloaded machine is not a failure; a 5xx or a lost submission is.
        c = Client(g.url, timeout=60)
        while going():
            try:
                if rng.random() < 0.1:
                    status, ack = rng.choice(SUBMITTERS)(c)
                    body = ""
                else:
                    status, _h, body = c.request("GET", rng.choice(READ_PATHS))
                    ack = None
            except (OSError, http.client.HTTPException):
                status, ack, body = "error", None, ""
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if ack:
                    acks.append(ack)
                if "database is locked" in body:
                    locked[0] += 1
        c.close()

    with site.gunicorn(workers=4) as g:
        warm = Client(g.url, timeout=60)
        for path in READ_PATHS:
            warm.request("GET", path)
        warm.close()
        timing["deadline"] = time.monotonic() + p["load_seconds"]
        threads = [threading.Thread(target=client, args=(n,)) for n in range(p["clients"])]
        for t in threads:
            t.start()
        for t in threads:
            t.join(p["load_seconds"] + 60)
    with open(site.log, errors="replace") as fh:
        locked[0] += fh.read().count("database is locked")
    missing, dup, no_mail = _verify_acks(site, acks)
    errors5xx = sum(v for k, v in statuses.items() if isinstance(k, int) and k >= 500)
    total = sum(statuses.values())
    held = errors5xx == 0 and locked[0] == 0 and not missing and not dup and not no_mail and acks
    return row.done(held, f"{total} requests, statuses {dict(sorted(statuses.items(), key=str))} ('error': no "
                          f"answer within 60 s), {len(acks)} "
                          f"acknowledged submissions: {len(missing)} missing, {len(dup)} duplicated, {len(no_mail)} "
                          f"without their email; 'database is locked' seen {locked[0]} times")


def check_crash(site, p):
    row = Row("crash", f"kill -9 of the gunicorn process group at a random moment of a submission burst, "
                       f"{p['crash_rounds']} times")
    echo(f"Crash: {row.tried}")
    rng = random.Random(11)
    all_acks, problems, restarts = [], [], []
    g = site.gunicorn(workers=2)
    g.start()
    for n in range(p["crash_rounds"]):
        acks, stop = [], threading.Event()

        def burst(g=g, stop=stop, acks=acks):  # this round's server, stop signal and list
            c = Client(g.url, timeout=60)
            while not stop.is_set():
                try:
                    _status, ack = submit_appeal(c)
                except (OSError, http.client.HTTPException):
                    c = Client(g.url, timeout=60)
                    continue
                if ack:
                    acks.append(ack)
            c.close()

        threads = [threading.Thread(target=burst) for _ in range(p["burst_threads"])]
        for t in threads:
            t.start()
        waited = time.monotonic() + 60
        while not acks and time.monotonic() < waited:  # the burst is under way (bounded wait)
            time.sleep(0.1)
        time.sleep(rng.uniform(0.2, 2.5))
        g.kill9()
        stop.set()
        for t in threads:
            t.join(20)
        all_acks += acks
        began = time.monotonic()
        g = site.gunicorn(workers=2)
        try:
            g.start(wait=30)
            restarts.append(time.monotonic() - began)
        except RuntimeError as error:
            problems.append(f"round {n + 1}: no restart ({error})")
            break
        check = site.integrity()
        if not check["ok"]:
            problems.append(f"round {n + 1}: integrity {check['problems'][:3]}")
        missing, dup, no_mail = _verify_acks(site, acks)
        if missing or dup or no_mail:
            problems.append(f"round {n + 1}: missing {missing[:3]}, duplicated {dup[:3]}, no email {no_mail[:3]}")
    g.stop()
    slow = [round(r, 1) for r in restarts if r > p["restart_seconds"]]
    held = not problems and not slow and len(restarts) == p["crash_rounds"] and len(all_acks) >= p["crash_rounds"]
    if not held:
        return row.done(False, "; ".join(problems[:5]) + (f"; restarts over {p['restart_seconds']} s: {slow}"
                                                           if slow else ""))
    return row.done(True, f"{len(all_acks)} acknowledged submissions across the crashes, all present with their "
                          f"email; integrity check passed each time; answering again after "
                          f"{', '.join(f'{r:.1f}' for r in restarts)} s")


def check_backup(site, p):
    row = Row("backup", f"flask backup during {p['backup_seconds']} s of load, restored into a fresh instance")
    echo(f"Backup: {row.tried}")
    stop = threading.Event()
    acks = []

    def load(n):
        c = Client(g.url)
        rng = random.Random(n)
        while not stop.is_set():
            try:
                if rng.random() < 0.3:
                    _s, ack = submit_appeal(c)
                    if ack:
                        acks.append(ack)
                else:
                    c.request("GET", rng.choice(READ_PATHS))
            except (OSError, http.client.HTTPException):
                c = Client(g.url)
        c.close()

    path = os.path.join(server.DATA, "resilience-backup.sqlite3" if site.url.startswith("sqlite") else
                        "resilience-backup.dump")
    with site.gunicorn(workers=2) as g:
        threads = [threading.Thread(target=load, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        time.sleep(p["backup_seconds"] / 2)
        run = server.flask(["backup", path], site.env, check=False, capture_output=True, text=True)
        time.sleep(p["backup_seconds"] / 2)
        stop.set()
        for t in threads:
            t.join(30)
    if run.returncode:
        return row.done(False, f"backup failed: {run.stderr[-300:]}")
    backup_counts = json.loads(run.stdout.split(": ", 1)[1]) if ": {" in run.stdout else None
    if site.url.startswith("sqlite"):
        restored_path = os.path.join(server.DATA, "resilience-restored.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(restored_path + suffix):
                os.remove(restored_path + suffix)
        restored_url = f"sqlite:///{restored_path}"
    else:
        restored_url = os.environ["RESILIENCE_RESTORE_URL"]
    shutil.rmtree(server.uploads_for(restored_url), ignore_errors=True)
    restore = server.flask(["restore", path], server.base_env(restored_url), check=False, capture_output=True,
                           text=True)
    lines = [line for line in restore.stdout.splitlines() if line.startswith("{")]
    result = json.loads(lines[-1]) if lines else {"ok": False, "problems": [restore.stderr[-300:]], "counts": {}}
    matching = backup_counts is None or backup_counts == result["counts"]
    held = restore.returncode == 0 and result["ok"] and matching
    return row.done(held, f"backup taken while {len(acks)} submissions were acknowledged; restored copy "
                          f"{'passes' if result['ok'] else 'FAILS'} the integrity check; counts "
                          f"{'match' if matching else 'DIFFER'}: {result['counts'].get('appeal')} appeals, "
                          f"{result['counts'].get('outbox_message')} emails")


def check_flood(site, p):
    limit = "5 per minute; 20 per hour; 50 per day"
    redis_url = _redis_url()
    store = "Redis" if redis_url else "memory (per worker!)"
    row = Row("abuse: flood", f"{p['flood_posts']} appeal posts from one address within {p['flood_seconds']} s, "
                              f"limit '{limit}' on {store} across 4 workers; a second address submits meanwhile")
    echo(f"Flood: {row.tried}")
    config = {"APPEAL_LIMITS_PER_IP": limit, "APPEAL_MIN_FILL_SECONDS": 0,
              "RATELIMIT_KEY_PREFIX": f"resilience-{uuid.uuid4().hex[:8]}"}
    if redis_url:
        config["RATELIMIT_STORAGE_URI"] = redis_url
    statuses = {}
    with site.gunicorn(workers=4, **config) as g:
        flooder = Client(g.url)
        from bench.submitters import _field, _first_option

        deadline = time.monotonic() + p["flood_seconds"]
        for _n in range(p["flood_posts"]):
            if time.monotonic() > deadline:
                break
            # A fresh form for each post, as a scripted flooder would: a form's stamp is good for one submission.
            _s, _h, html = flooder.request("GET", "/appeals/new")
            form = {"csrf_token": _field(html, "csrf_token"), "started": _field(html, "started"),
                    "kind": "application", "subject": "Flood", "text": "Flood",
                    "settlement_id": _first_option(html, "settlement_id"), "addressee": "municipality",
                    "applicant_name": "Flood", "applicant_email": "flood@example.invalid"}
            status, _h, _b = flooder.request("POST", "/appeals/new", form)
            statuses[status] = statuses.get(status, 0) + 1
        flooder.close()
        other = Client(g.url, source="127.0.0.2")
        _status, ack = submit_appeal(other)
        other.close()
    accepted = statuses.get(302, 0)
    sent = sum(statuses.values())
    held = bool(redis_url) and accepted <= 5 and statuses.get(429, 0) == sent - accepted and ack is not None
    return row.done(held, f"{sent} posts: {accepted} accepted, {statuses.get(429, 0)} refused with 429, statuses "
                          f"{statuses}; the other address {'got through' if ack else 'was REFUSED'}")


def check_fuzz(site, p):
    row = Row("abuse: bad input", f"hypothesis: {p['fuzz_examples']} examples per public form and query parameter")
    echo(f"Fuzz: {row.tried}")
    from bench.fuzz import fuzz_server

    with site.gunicorn(workers=2) as g:
        failures, tried = fuzz_server(g.url, p["fuzz_examples"])
    return row.done(not failures, f"{tried} requests, {len(failures)} answered 5xx" +
                    (f": {failures[:3]}" if failures else ""))


def _staff_account(site):
    """A viewer account made for the attack checks (the bench databases' own are reused by other checks)."""
    account = {"email": f"resilience-{uuid.uuid4().hex[:8]}@example.invalid",
               "password": f"resilience {uuid.uuid4().hex} passphrase"}
    server.flask(["create-user", "--email", account["email"], "--name", "Resilience", "--role", "viewer",
                  "--password-stdin"], site.env, input=account["password"] + "\n", text=True, capture_output=True)
    return account


def check_pixel_bomb(site, p):
    row = Row("attack: pixel bomb", f"{p['bomb_rounds']} appeal posts of each decompression-bomb shape against 2 "
                                    "workers (the issue's 39.7 MP PNG; five 24 MP PNGs; six files)")
    echo(f"Pixel bomb: {row.tried}")
    with site.gunicorn(workers=2) as g:
        held, details = attacks.pixel_bomb(g.url, p["bomb_rounds"])
    return row.done(held, details)


def check_lockout(site, p):
    free = 5
    row = Row("attack: lockout", f"{p['lockout_attempts']} wrong passwords for one staff account from another "
                                 "address, 2 workers, limits in the database (no Redis); then its owner logs in")
    echo(f"Lockout: {row.tried}")
    account = _staff_account(site)
    # A delay longer than the check: the answers cannot depend on how fast the machine is.
    config = {"LOGIN_FREE_FAILURES": free, "LOGIN_DELAY_SECONDS": 3600, "RATELIMIT_STORAGE_URI": "memory://"}
    with site.gunicorn(workers=2, **config) as g:
        held, details = attacks.lockout(g.url, account, p["lockout_attempts"], free)
    return row.done(held, details)


def check_forged_host(site, p):
    public_url = "https://hashvetu.example.am"
    row = Row("attack: forged Host", f"requests with Host: {attacks.EVIL_HOST}, and a password reset asked with "
                                     f"X-Forwarded-Host: {attacks.EVIL_HOST}")
    echo(f"Forged Host: {row.tried}")
    account = _staff_account(site)
    engine = site.engine()
    with site.gunicorn(workers=1, PUBLIC_URL=public_url, EXTRA_TRUSTED_HOSTS="127.0.0.1") as g:
        held, details = attacks.forged_host(g.url, account, engine, public_url)
    engine.dispose()
    return row.done(held, details)


def _rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS"))
    except (OSError, StopIteration):
        return 0


def check_memory(site, p):
    row = Row("memory", f"worker resident memory over {p['memory_requests']:,} requests (2 workers)")
    echo(f"Memory: {row.tried}")
    with site.gunicorn(workers=2) as g:
        c = Client(g.url)
        paths = READ_PATHS + [f"/schedule?page={n}" for n in range(1, 30)]
        for n in range(200):
            c.request("GET", paths[n % len(paths)])
        before = {pid: _rss_kb(pid) for pid in g.worker_pids()}
        deadline = time.monotonic() + 600
        for n in range(p["memory_requests"]):
            if time.monotonic() > deadline:
                break
            c.request("GET", paths[n % len(paths)])
        after = {pid: _rss_kb(pid) for pid in g.worker_pids()}
        c.close()
    growth = max((after.get(pid, 0) - kb for pid, kb in before.items()), default=0)
    held = growth < 50 * 1024
    return row.done(held, "RSS per worker (MB) " + ", ".join(
        f"{before[pid] / 1024:.0f} -> {after.get(pid, 0) / 1024:.0f}" for pid in before) +
        f"; largest growth {growth / 1024:.1f} MB (limit 50 MB: the page cache is bounded)")


CHECKS = [check_load, check_crash, check_backup, check_flood, check_fuzz, check_pixel_bomb, check_lockout,
          check_forged_host, check_memory]


def main(argv=None):
    scale = os.environ.get("RESILIENCE_SCALE", "full")
    p = SCALES[scale]
    echo(f"make resilience ({scale} scale) on {platform.node()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    site = Site(p, os.environ.get("RESILIENCE_DATABASE_URL"))
    only = set((argv or sys.argv[1:]))
    rows = []
    for check in CHECKS:
        if only and check.__name__.removeprefix("check_") not in only:
            continue
        try:
            rows.append(check(site, p))
        except Exception as error:  # noqa: BLE001 - a check that breaks is reported as not held
            r = Row(check.__name__.removeprefix("check_"), "(the check itself failed)")
            rows.append(r.done(False, f"{type(error).__name__}: {error}"))
    lines = ["| check | what was tried | held | details |", "|---|---|---|---|"]
    lines += [f"| {r.check} | {r.tried} | {'yes' if r.held else 'NO'} | {r.details} |" for r in rows]
    when = dt.datetime.now(dt.timezone.utc)
    report = "\n".join([f"# Resilience {when:%Y-%m-%d %H:%M} UTC ({scale} scale)", "",
                        f"Machine: {platform.node()}, {os.cpu_count()} CPUs; database "
                        f"{'PostgreSQL' if site.url.startswith('postgres') else 'SQLite'}", "", *lines, ""])
    echo()
    echo(report)
    if scale == "full":
        out = os.environ.get("RESILIENCE_OUT") or os.path.join(server.ROOT, "bench", "results",
                                                               f"resilience-{when:%Y-%m-%d-%H%M}.md")
        with open(out, "w") as fh:
            fh.write(report)
        echo(f"Written to {os.path.relpath(out, server.ROOT)}")
    return rows


if __name__ == "__main__":
    import signal

    # A stopped run still stops the gunicorn it started (the context managers run on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = main()
    sys.exit(0 if all(r.held for r in results) else 1)
