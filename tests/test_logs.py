"""One-line JSON logs with a request id, and no secret, token or personal data in any of them: a journey through a
real gunicorn (the production settings and entry point) whose every log line is read back."""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.conftest import database_url

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.skipif(bool(database_url()), reason="one database is enough for the logs")
def test_a_journey_logs_one_json_line_each_with_ids_and_no_secrets(tmp_path):
    port = _free_port()
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/j.sqlite3",
           "SECRET_KEY": "journey-secret-key", "LOG_FORMAT": "json", "ACCESS_LOG": "-", "LOG_LEVEL": "info",
           "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "PUBLIC_URL": f"http://127.0.0.1:{port}",
           "RATELIMIT_STORAGE_URI": "memory://"}
    flask = [os.path.join(BIN, "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([*flask, "init-community", "--no-interactive", "--name-hy", "Համայնք", "--tracking-prefix", "LOG"],
                   env=env, cwd=ROOT, check=True, capture_output=True)
    out, err = open(tmp_path / "out.log", "wb"), open(tmp_path / "err.log", "wb")
    server = subprocess.Popen([os.path.join(BIN, "gunicorn"), "-c", "gunicorn.conf.py", "wsgi_proxy:app"],
                              env=env, cwd=ROOT, stdout=out, stderr=err)
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def fetch(path, data=None, headers=None):
        request = urllib.request.Request(base + path, data=data, headers=headers or {})
        try:
            with opener.open(request, timeout=20) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    try:
        deadline = time.monotonic() + 120  # a loaded CI machine imports the app slowly
        while time.monotonic() < deadline:
            assert server.poll() is None, (tmp_path / "err.log").read_text()[-2000:]
            try:
                if fetch("/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.3)
        status, headers, _body = fetch("/healthz", headers={"X-Request-ID": "journey-req-0001"})
        assert status == 200 and headers["X-Request-ID"] == "journey-req-0001"
        fetch("/appeals/track?number=LOG-2026-000001&secret=SECRETVALUE123")
        _s, _h, page = fetch("/staff/login")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
        form = urllib.parse.urlencode({"email": "leak.me@example.am", "password": "hunter2-hunter2-hunter2",
                                       "csrf_token": token}).encode()
        assert fetch("/staff/login", data=form)[0] == 422
        fetch("/readyz")
    finally:
        server.terminate()
        server.wait(timeout=30)
        out.close()
        err.close()
    lines = [line for name in ("out.log", "err.log")
             for line in (tmp_path / name).read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    access = [r for r in records if r.get("logger") == "access"]
    assert any(r["request_id"] == "journey-req-0001" and r["path"] == "/healthz" for r in access)
    assert all(re.fullmatch(r"[A-Za-z0-9._-]{8,64}", r["request_id"]) for r in access)
    text = "\n".join(lines)
    for secret in ("SECRETVALUE123", "leak.me@example.am", "hunter2", "journey-secret-key", token):
        assert secret not in text, secret
