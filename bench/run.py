"""`make bench`: build (or reuse) a large and a small database, serve each with gunicorn's production settings on
127.0.0.1, drive every page of bench/pages.py with a bounded driver, and print one Markdown table (also written to
bench/results/). Every number is also given as a ratio to bare references served the same way in the same run.

Options come from the environment: BENCH_SECONDS (per page, default 10), BENCH_CONNECTIONS (16),
BENCH_LARGE (actions,appeals: default 100000,1000000), BENCH_SMALL (1000,10000), BENCH_DRIVER (auto|wrk|python),
BENCH_DATABASE_URL (a PostgreSQL URL for the large database instead of a SQLite file), BENCH_OUT (result file).
"""

import datetime as dt
import http.cookiejar
import json
import os
import platform
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from sqlalchemy import create_engine, text

from bench import driver, server
from bench.pages import CONDITIONAL_PAGE, PAGES
from bench.weight import fetch, page_weight

TARGETS = """Targets (from issue 7; reported here, never asserted by timed tests):
- schedule at the large scale: >= 25x WordPress's ~40 req/s (>= ~1,000 req/s) with p99 <= 50 ms at 16 connections;
- every public page at the large scale within 1.5x its p50 at the small scale;
- dashboard and accountability at 1,000,000 appeals: p50 under 300 ms;
- a 304 answer at >= half the rate of the bare Flask page;
- first visit <= 60 KB gzip in total, repeat visit <= 15 KB."""


def echo(msg=""):
    print(msg, flush=True)


def machine_description():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), "")
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.1f} GiB RAM"
    except OSError:
        pass
    load = os.getloadavg()
    return (f"{platform.node()}: {os.cpu_count()} CPUs ({cpu}), {mem}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}; load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def fill(url, path):
    """Values for the pages' {placeholders}, read from the database under test."""
    engine = create_engine(url)
    with engine.connect() as c:
        n = c.execute(text("SELECT count(*) FROM action")).scalar()
        action = c.execute(text("SELECT id FROM action WHERE published ORDER BY id LIMIT 1 OFFSET :o"),
                           {"o": max(0, n // 2)}).scalar()
        institution = c.execute(text("SELECT slug FROM institution ORDER BY id LIMIT 1")).scalar()
        settlement = c.execute(text("SELECT slug FROM settlement ORDER BY position DESC LIMIT 1")).scalar()
    engine.dispose()
    today = dt.date.today()
    return path.format(action=action, institution=institution, settlement=settlement,
                       month=today.strftime("%Y-%m"), page2=2)


# Staff sessions are bound to the browser that logged in (Flask-Login's strong protection hashes the User-Agent):
# the login and every logged-in request send this one.
USER_AGENT = "hashvetu-bench"


def login(base, credentials):
    """Log the bench viewer in through the real form; return the Cookie header."""
    who = next((c for c in credentials if c["role"] == "viewer"), credentials[0])
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    html = opener.open(base + "/staff/login", timeout=10).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"email": who["email"], "password": who["password"], "csrf_token": token}).encode()
    opener.open(base + "/staff/login", data=data, timeout=10).read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def warm(url, headers, limit=90):
    """Until every worker has rendered the page once: a run of quick answers on fresh connections (bounded)."""
    import time

    deadline, quick = time.monotonic() + limit, 0
    while quick < 16 and time.monotonic() < deadline:
        began = time.monotonic()
        fetch(url, headers)
        quick = quick + 1 if time.monotonic() - began < 0.1 else 0


def render_ms(url, headers, samples=5):
    """What a page costs when it is not in the page cache: the median of a few sequential requests, each with a
    query parameter no page reads, so each one misses the cache and renders (None if the page refuses it)."""
    import statistics
    import uuid

    sep = "&" if "?" in url else "?"
    run, times = uuid.uuid4().hex[:8], []
    for n in range(samples):
        began = time.monotonic()
        status, _h, _b = fetch(f"{url}{sep}bench_uncached={run}{n}", headers)
        if status != 200:
            return None
        times.append((time.monotonic() - began) * 1000)
    return statistics.median(times)


def measure_site(label, url, credentials, seconds, connections, prefer, workers):
    results = {}
    with server.Gunicorn(url, workers=workers, log=os.path.join(server.DATA, f"gunicorn-{label}.log")) as g:
        cookie = login(g.url, credentials)
        for page in PAGES:
            path = fill(url, page.path)
            headers = dict(page.headers)
            if page.login:
                headers.update({"Cookie": cookie, "User-Agent": USER_AGENT})
            status, _h, _b = fetch(g.url + path, headers)
            if status != 200:
                results[page.name] = {"missing": True, "path": path, "status": status}
                echo(f"  {label:<5} {page.name:<30} missing ({status}: not in this version)")
                continue
            # Warm the worker caches, then measure.
            warm(g.url + path, headers, limit=min(90, max(5, 3 * seconds)))
            driver.run(g.url + path, {**headers, "Accept-Encoding": "gzip"}, connections, 1, prefer)
            r = driver.run(g.url + path, {**headers, "Accept-Encoding": "gzip"}, connections, seconds, prefer)
            weight = page_weight(g.url + path, headers) if not page.login else None
            uncached_ms = render_ms(g.url + path, headers)
            results[page.name] = {"path": path, "status": status, "driver": r.driver, "rps": r.rps,
                                  "p50": r.p50_ms, "p99": r.p99_ms, "errors": r.errors, "timeouts": r.timeouts,
                                  "requests": r.requests,
                                  "weight": weight, "uncached_ms": uncached_ms}
            echo(f"  {label:<5} {page.name:<30} {r.rps:8.0f} req/s  p50 {r.p50_ms:7.1f} ms  p99 {r.p99_ms:7.1f} ms"
                 f"  errors {r.errors}  uncached render " + (f"{uncached_ms:7.1f} ms" if uncached_ms else "n/a"))
        if label == "large":
            page = next(p for p in PAGES if p.name == CONDITIONAL_PAGE)
            path = fill(url, page.path)
            etag = fetch(g.url + path)[1].get("ETag")
            if etag:
                status = fetch(g.url + path, {"If-None-Match": etag})[0]
                r = driver.run(g.url + path, {"If-None-Match": etag}, connections, seconds, prefer)
                results["304 " + CONDITIONAL_PAGE] = {"path": path, "status": status, "driver": r.driver, "rps": r.rps,
                                                      "p50": r.p50_ms, "p99": r.p99_ms, "errors": r.errors,
                                                      "timeouts": r.timeouts, "requests": r.requests}
                echo(f"  {label:<5} {'304 ' + CONDITIONAL_PAGE:<30} {r.rps:8.0f} req/s  p50 {r.p50_ms:7.1f} ms")
    return results


def measure_bare(seconds, connections, prefer, workers):
    results = {}
    with server.Gunicorn("sqlite://", workers=workers, app="bench.bare_app:app") as g:
        for name, path in (("bare Flask page", "/"), ("bare static 30 KB file", "/static.html")):
            driver.run(g.url + path, None, connections, 1, prefer)
            r = driver.run(g.url + path, None, connections, seconds, prefer)
            results[name] = {"path": path, "driver": r.driver, "rps": r.rps, "p50": r.p50_ms, "p99": r.p99_ms,
                             "errors": r.errors, "requests": r.requests}
            echo(f"  ref   {name:<30} {r.rps:8.0f} req/s  p50 {r.p50_ms:7.1f} ms  p99 {r.p99_ms:7.1f} ms")
    return results


def _kb(n):
    return f"{n / 1024:.1f}"


def table(large, small, bare):
    flask_rps = bare["bare Flask page"]["rps"] or 1
    lines = ["| page | req/s | p50 ms | p99 ms | errors | × bare Flask | uncached render ms | small req/s "
             "| small p50 ms | p50 large/small | small uncached render ms | HTML gz KB | CSS gz KB | JS gz KB "
             "| first visit KB | repeat visit KB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    names = [p.name for p in PAGES] + [k for k in large if k.startswith("304 ")]
    for name in names:
        L, S = large.get(name, {}), small.get(name, {})
        if L.get("missing") or not L:
            lines.append(f"| {name} | missing | | | | | | | | | | | | | | |")
            continue
        w = L.get("weight") or {}
        ratio = f"{L['p50'] / S['p50']:.2f}" if S.get("p50") else ""
        uncached = f"{L['uncached_ms']:.0f}" if L.get("uncached_ms") is not None else ""
        small_uncached = f"{S['uncached_ms']:.0f}" if S.get("uncached_ms") is not None else ""
        lines.append(
            f"| {name} | {L['rps']:.0f} | {L['p50']:.1f} | {L['p99']:.1f} | {L['errors']} | "
            f"{L['rps'] / flask_rps:.2f} | {uncached} | {S.get('rps', 0):.0f} | {S.get('p50', 0):.1f} | {ratio} | "
            f"{small_uncached} | "
            + (f"{_kb(w['html'])} | {_kb(w['css'])} | {_kb(w['js'])} | {_kb(w['first'])} | {_kb(w['repeat'])} |"
               if w else " | | | | |"))
    for name, r in bare.items():
        lines.append(f"| {name} (reference) | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} | "
                     f"{r['rps'] / flask_rps:.2f} | | | | | | | | | | |")
    return "\n".join(lines)


def verdicts(large, small, bare):
    out = []
    s = large.get("schedule", {})
    if s and not s.get("missing"):
        ok = s["rps"] >= 1000 and s["p99"] <= 50
        out.append(f"- schedule: {s['rps']:.0f} req/s (= {s['rps'] / 40:.0f}× WordPress's 40), p99 {s['p99']:.1f} ms: "
                   f"{'met' if ok else 'NOT met'}")
    slow = [f"{p.name} ({large[p.name]['p50'] / small[p.name]['p50']:.2f}×)" for p in PAGES
            if p.public and not large.get(p.name, {}).get("missing") and small.get(p.name, {}).get("p50")
            and large[p.name]["p50"] > 1.5 * small[p.name]["p50"]]
    out.append("- large vs small within 1.5×: " + ("met" if not slow else "NOT met for " + ", ".join(slow)))
    for name in ("dashboard (logged in)", "accountability"):
        r = large.get(name, {})
        if r.get("missing") or not r:
            out.append(f"- {name}: missing in this version")
        else:
            # The target is about computing the page: judge the uncached render (the cached p50 is shown too).
            render = r.get("uncached_ms") or r["p50"]
            out.append(f"- {name}: uncached render {render:.0f} ms (p50 under load {r['p50']:.1f} ms, p99 "
                       f"{r['p99']:.1f} ms): {'met' if render < 300 else 'NOT met'}")
    c = large.get("304 " + CONDITIONAL_PAGE)
    if c:
        share = c["rps"] / (bare["bare Flask page"]["rps"] or 1)
        verdict = "met" if share >= 0.5 else "NOT met"
        out.append(f"- 304: {c['rps']:.0f} req/s = {share:.2f}× the bare Flask page: {verdict}")
    heavy = [p.name for p in PAGES if p.public and p.html and (large.get(p.name) or {}).get("weight")
             and (large[p.name]["weight"]["first"] > 60 * 1024 or large[p.name]["weight"]["repeat"] > 15 * 1024)]
    out.append("- page weight (first <= 60 KB, repeat <= 15 KB): "
               + ("met" if not heavy else "NOT met: " + ", ".join(heavy)))
    return "\n".join(out)


def main():
    seconds = int(os.environ.get("BENCH_SECONDS", 10))
    connections = int(os.environ.get("BENCH_CONNECTIONS", 16))
    prefer = os.environ.get("BENCH_DRIVER", "auto")
    workers = os.environ.get("BENCH_WORKERS")
    large_actions, large_appeals = (int(x) for x in os.environ.get("BENCH_LARGE", "100000,1000000").split(","))
    small_actions, small_appeals = (int(x) for x in os.environ.get("BENCH_SMALL", "1000,10000").split(","))
    if prefer == "wrk" and not driver.wrk_available():
        sys.exit("wrk is not installed (apt-get install wrk)")
    machine = machine_description()
    echo(machine)
    echo(f"Driver: {'wrk' if prefer != 'python' and driver.wrk_available() else 'python threads'}; "
         f"{connections} connections, {seconds} s per page; gunicorn -c gunicorn.conf.py"
         + (f" with {workers} workers" if workers else ""))
    large_url, large_creds = server.build_database(
        f"large-{large_actions}-{large_appeals}", os.environ.get("BENCH_DATABASE_URL"), echo,
        actions=large_actions, appeals=large_appeals, reports=large_actions // 2, comments=large_appeals // 5)
    small_url, small_creds = server.build_database(
        f"small-{small_actions}-{small_appeals}", None, echo,
        actions=small_actions, appeals=small_appeals, reports=small_actions // 2, comments=small_appeals // 5)
    echo("Measuring the bare references")
    bare = measure_bare(seconds, connections, prefer, workers)
    echo(f"Measuring the large community ({large_actions:,} actions, {large_appeals:,} appeals)")
    large = measure_site("large", large_url, large_creds, seconds, connections, prefer, workers)
    echo(f"Measuring the small community ({small_actions:,} actions, {small_appeals:,} appeals)")
    small = measure_site("small", small_url, small_creds, seconds, connections, prefer, workers)
    when = dt.datetime.now(dt.timezone.utc)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=server.ROOT, capture_output=True,
                            text=True).stdout.strip()
    report = "\n".join([
        f"# Bench {when:%Y-%m-%d %H:%M} UTC (commit {commit})", "",
        f"Machine: {machine}", "",
        f"Driver: {large.get('schedule', {}).get('driver', '?')}, {connections} connections, {seconds} s per page, "
        f"127.0.0.1; gunicorn with gunicorn.conf.py; large: {large_actions:,} actions / {large_appeals:,} appeals "
        f"({'PostgreSQL' if os.environ.get('BENCH_DATABASE_URL') else 'SQLite'}); small: {small_actions:,} / "
        f"{small_appeals:,} (SQLite).", "",
        "Page weight counts bodies as sent with gzip; a repeat visit revalidates the HTML (304) and keeps the "
        "content-hashed assets (cached for a year). The page-weight target applies to pages a browser visits, "
        "not to the API and feeds, which programs read.", "",
        "req/s, p50 and p99 are what visitors get: anonymous pages are answered from each worker's page cache "
        "while the data does not change. \"uncached render\" is the median of five sequential requests that each "
        "miss the cache (a query parameter no page reads): what a visitor waits for right after the data "
        "changed. The logged-in dashboard is never cached, so its p50 is a render too.", "",
        table(large, small, bare), "", "## Against the targets", "", verdicts(large, small, bare), "", TARGETS, ""])
    echo()
    echo(report)
    out = os.environ.get("BENCH_OUT") or os.path.join(server.ROOT, "bench", "results",
                                                      f"{when:%Y-%m-%d-%H%M}-{platform.node()}.md")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as fh:
        fh.write(report)
    with open(out[:-3] + ".json", "w") as fh:
        json.dump({"large": large, "small": small, "bare": bare, "machine": machine}, fh, indent=1, default=str)
    echo(f"Written to {os.path.relpath(out, server.ROOT)}")
    return {"large": large, "small": small, "bare": bare}


if __name__ == "__main__":
    import signal

    # A stopped run still stops the gunicorn it started (the context managers run on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    main()
