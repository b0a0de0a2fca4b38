"""Build bench databases and run gunicorn on 127.0.0.1 for the bench and the resilience checks."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Databases, logs and credentials (git-ignored); BENCH_DATA moves them (the smoke tests use a temporary folder).
DATA = os.environ.get("BENCH_DATA") or os.path.join(ROOT, "bench", "data")
VENV_BIN = os.path.dirname(sys.executable)
FLASK = [os.path.join(VENV_BIN, "flask"), "--app", "wsgi"]
GUNICORN = os.path.join(VENV_BIN, "gunicorn")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sqlite_url(name):
    os.makedirs(DATA, exist_ok=True)
    return f"sqlite:///{os.path.join(DATA, name + '.sqlite3')}"


def uploads_for(database_url):
    """Each bench database keeps its uploads beside it, so orphan checks see only its own files."""
    tail = database_url.rsplit("/", 1)[-1].split("?")[0] or "memory"
    return os.path.join(DATA, "uploads-" + tail.replace(".sqlite3", ""))


def base_env(database_url, **extra):
    env = dict(os.environ)
    env.update({"DATABASE_URL": database_url,
                "SECRET_KEY": env.get("BENCH_SECRET_KEY", "bench-secret-not-for-production"),
                "UPLOAD_FOLDER": uploads_for(database_url), "PYTHONPATH": ROOT})
    env.update({k: str(v) for k, v in extra.items()})
    return env


def flask(args, env, check=True, **kwargs):
    return subprocess.run(FLASK + args, cwd=ROOT, env=env, check=check, **kwargs)


def build_database(name, database_url=None, echo=print, **sizes):
    """Migrate and fill a bench database once; reuse it when its recorded sizes match. Returns (url, credentials)."""
    url = database_url or sqlite_url(name)
    marker = os.path.join(DATA, f"{name}.json")
    wanted = {k: int(v) for k, v in sorted(sizes.items())}
    if os.path.exists(marker):
        with open(marker) as fh:
            recorded = json.load(fh)
        if recorded.get("sizes") == wanted and recorded.get("url") == url:
            echo(f"Reusing the {name} database ({url})")
            return url, recorded["credentials"]
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    import shutil

    shutil.rmtree(uploads_for(url), ignore_errors=True)
    env = base_env(url)
    flask(["db", "upgrade"], env, capture_output=True)
    credentials = os.path.join(DATA, f"{name}.credentials.json")
    args = ["bench-data", "--credentials", credentials]
    for key, value in wanted.items():
        args += [f"--{key}", str(value)]
    flask(args, env)
    with open(credentials) as fh:
        creds = json.load(fh)
    with open(marker, "w") as fh:
        json.dump({"sizes": wanted, "url": url, "credentials": creds}, fh)
    return url, creds


class Gunicorn:
    """gunicorn with the production settings in its own process group (so the whole group can be killed)."""

    def __init__(self, database_url, port=None, workers=None, app="wsgi:app", log=None, **env):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        extra = {"BIND": f"127.0.0.1:{self.port}", **env}
        if workers:
            extra["WEB_CONCURRENCY"] = workers
        self.env = base_env(database_url, **extra)
        self.app = app
        self.log = log
        self.proc = None

    def start(self, wait=30):
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL
        self.proc = subprocess.Popen([GUNICORN, "-c", os.path.join(ROOT, "gunicorn.conf.py"), self.app], cwd=ROOT,
                                     env=self.env, stdout=out, stderr=out, start_new_session=True)
        return self.wait_ready(wait)

    def wait_ready(self, wait=30):
        deadline = time.monotonic() + wait
        began = time.monotonic()
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as r:  # noqa: S310 - http://127.0.0.1
                    if r.status < 500:
                        return time.monotonic() - began
            except urllib.error.HTTPError as e:
                if e.code < 500:
                    return time.monotonic() - began
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer within {wait} s")

    def kill9(self):
        """kill -9 of the whole process group: master and workers at once, no cleanup."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def worker_pids(self):
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
