"""Load drivers bounded in time and count, aimed at 127.0.0.1 only: Debian's wrk when installed, else Python threads."""

import http.client
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

ALLOWED_HOSTS = {"127.0.0.1", "localhost"}


@dataclass
class Result:
    driver: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int  # wrong answers (not 2xx/3xx) and refused or broken connections
    statuses: dict = field(default_factory=dict)
    timeouts: int = 0  # answers slower than the 5 s timeout: a busy machine, not a wrong answer

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0


def check_local(url):
    host = urlsplit(url).hostname
    if host not in ALLOWED_HOSTS:
        raise ValueError(f"load is only ever sent to 127.0.0.1, not to {host}")


def wrk_available():
    return shutil.which("wrk") is not None


def _percentile(out, pct):
    m = re.search(pct + r"%\s+([\d.]+)(us|ms|s|m)\b", out)
    if not m:
        return 0.0
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(url, headers=None, connections=16, seconds=10, threads=2):
    check_local(url)
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for name, value in (headers or {}).items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, timeout=seconds + 30).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    elapsed = re.search(r"requests in ([\d.]+)(ms|s|m)", out)
    secs = float(elapsed.group(1)) * {"ms": 0.001, "s": 1, "m": 60}[elapsed.group(2)]
    p50, p99 = _percentile(out, "50"), _percentile(out, "99")
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    connect, read, write, timeouts = (int(x) for x in sock.groups()) if sock else (0, 0, 0, 0)
    errors = (int(non2xx.group(1)) if non2xx else 0) + connect + read + write
    return Result("wrk", requests, secs, p50, p99, errors, timeouts=timeouts)


def run_python(url, headers=None, connections=16, seconds=10, max_requests=200_000):
    """Threads with keep-alive connections; the GIL caps it, so its numbers are a floor, not the server's limit."""
    check_local(url)
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies, statuses, lock = [], {}, threading.Lock()
    deadline = time.monotonic() + seconds
    budget = [max_requests]

    def worker():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        mine, my_status = [], {}
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except TimeoutError:
                status = "timeout"
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            except (OSError, http.client.HTTPException):
                status = "error"
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            mine.append(time.perf_counter() - start)
            my_status[status] = my_status.get(status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for k, v in my_status.items():
                statuses[k] = statuses.get(k, 0) + v

    began = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 10)
    elapsed = time.monotonic() - began
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else 0.0

    errors = sum(v for k, v in statuses.items() if k == "error" or (isinstance(k, int) and k >= 400))
    return Result("python", len(latencies), elapsed, pct(0.5), pct(0.99), errors, statuses, statuses.get("timeout", 0))


def run(url, headers=None, connections=16, seconds=10, prefer="auto"):
    if prefer != "python" and wrk_available():
        return run_wrk(url, headers, connections, seconds)
    return run_python(url, headers, connections, seconds)
