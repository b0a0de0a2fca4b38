"""docs/deploy.md followed literally: its units, timers and nginx site are built from the file and checked, the
wrapper runs commands as the service user with the environment file, and wsgi_proxy trusts exactly one proxy."""

import os
import pathlib
import re
import shutil
import stat
import subprocess
import tempfile

import pytest

from app.extensions import db
from app.proxy import behind_proxy, proxy_hops
from tests.conftest import make_app

# Never uses the database under test (the wrapper's own SQLite file, nginx, files): `make test` runs it once.
pytestmark = pytest.mark.once

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEPLOY = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
WRAPPER = ROOT / "bin" / "hashvetu-flask"


def blocks() -> dict[str, str]:
    """The fenced blocks of deploy.md whose first line names a file (`# /etc/...`), by that path."""
    found = {}
    for body in re.findall(r"```[a-z]*\n(.*?)```", DEPLOY, re.S):
        first = body.splitlines()[0]
        match = re.match(r"#\s+(/\S+)", first)
        if match:
            found[match[1]] = body
    return found


UNITS = {path: body for path, body in blocks().items() if path.startswith("/etc/systemd/system/")}


def _settings(body: str) -> dict[str, list[str]]:
    values = {}
    for line in body.splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def test_the_docs_hold_every_unit_the_enable_command_names():
    named = set(re.findall(r"(hashvetu[\w@-]*\.(?:service|timer))", DEPLOY))
    shipped = {os.path.basename(path) for path in UNITS}
    started = re.search(r"systemctl daemon-reload && systemctl enable --now ([^`]+)`", DEPLOY)[1].split()
    for unit in started:
        assert (unit if "." in unit else unit + ".service") in shipped
    for name in named:
        template = re.sub(r"@[^.]+\.", "@.", name)
        assert name in shipped or template in shipped, name


def test_services_run_as_the_service_user_with_the_env_file_and_a_private_umask():
    for path, body in UNITS.items():
        if not path.endswith(".service"):
            continue
        settings = _settings(body)
        assert settings["User"] == ["hashvetu"], path
        assert settings["EnvironmentFile"] == ["/etc/hashvetu/hashvetu.env"], path
        assert settings["UMask"][0] in {"0027", "0077"}, path
        assert "ExecReload" not in settings, path  # preload_app: only a restart loads new code


def test_the_web_unit_serves_the_proxy_entry_point_that_ships():
    web = _settings(UNITS["/etc/systemd/system/hashvetu.service"])
    assert web["ExecStart"][0].endswith("wsgi_proxy:app")
    assert (ROOT / "wsgi_proxy.py").is_file()
    assert web["StateDirectory"] == ["hashvetu"]


def test_timers_point_at_units_that_exist():
    for path, body in UNITS.items():
        if path.endswith(".timer"):
            unit = _settings(body)["Unit"][0]
            template = re.sub(r"@[^.]+\.", "@.", unit)
            assert f"/etc/systemd/system/{template}" in UNITS, (path, unit)


def test_the_readme_and_deploy_md_agree_on_paths_and_units():
    for stale in ("/etc/hashvetu.env", "/srv/hashvetu/.venv", "cd /srv/hashvetu &&"):
        assert stale not in README and stale not in DEPLOY, stale
    for unit in set(re.findall(r"(hashvetu[\w@-]*\.(?:service|timer))", README)):
        assert unit in DEPLOY, unit
    env = blocks()["/etc/hashvetu/hashvetu.env"]
    for key in ("INSTANCE_PATH", "DATABASE_URL", "SECRET_KEY", "RATELIMIT_STORAGE_URI", "MAIL_TRANSPORT", "PROXY_HOPS"):
        assert re.search(rf"^{key}=", env, re.M), key


def test_nginx_passes_its_request_id_on_and_logs_it():
    site = blocks()["/etc/nginx/sites-available/hashvetu"]
    assert "proxy_set_header X-Request-ID $request_id;" in site
    log_format = re.search(r"log_format hashvetu (.*?);", site, re.S)[1]
    assert "rid=$request_id" in log_format
    assert "$request_uri" not in log_format and "$args" not in log_format  # tokens live in query strings
    assert re.findall(r"access_log (\S+) (\w+);", site) == [("/var/log/nginx/hashvetu.access.log", "hashvetu")] * 2


def test_prometheus_counts_every_worker_and_is_not_served_to_the_public():
    web = _settings(UNITS["/etc/systemd/system/hashvetu.service"])
    folder = dict(v.split("=", 1) for v in web["Environment"])["PROMETHEUS_MULTIPROC_DIR"]
    assert folder.startswith(f"/run/{web['RuntimeDirectory'][0]}/")  # systemd empties it at each start
    assert "location = /metrics { return 404; }" in blocks()["/etc/nginx/sites-available/hashvetu"]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_analyze_verifies_the_units(tmp_path):
    for path, body in UNITS.items():
        # The code lives here instead of /srv/hashvetu/app, so the programs named by ExecStart exist.
        (tmp_path / os.path.basename(path)).write_text(body.replace("/srv/hashvetu/app", str(ROOT)))
    names = sorted(str(tmp_path / os.path.basename(p)) for p in UNITS if "@." not in p)
    names.append(str(tmp_path / "hashvetu-job@send-mail.service"))
    shutil.copy(tmp_path / "hashvetu-job@.service", tmp_path / "hashvetu-job@send-mail.service")
    run = subprocess.run(["systemd-analyze", "verify", *names], capture_output=True, text=True, cwd=tmp_path,
                         check=False)
    problems = [line for line in run.stderr.splitlines()
                if "hashvetu" in line and "does not exist" not in line.lower()]
    assert run.returncode == 0 and not problems, run.stderr


@pytest.mark.skipif(not shutil.which("nginx") and not os.path.exists("/usr/sbin/nginx"),
                    reason="nginx is not installed (apt-get install nginx-light)")
def test_nginx_accepts_the_site(tmp_path):
    site = blocks()["/etc/nginx/sites-available/hashvetu"]
    assert "default_server" in site and "return 444" in site
    assert "return 301 https://" in site and "Strict-Transport-Security" in site
    assert "gzip_static on" in site and "try_files $uri @app" in site
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=hashvetu.example.am", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    site = (site.replace("/etc/letsencrypt/live/hashvetu.example.am/fullchain.pem", str(cert))
                .replace("/etc/letsencrypt/live/hashvetu.example.am/privkey.pem", str(key))
                .replace("/var/log/nginx/", f"{tmp_path}/"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  access_log {tmp_path}/access.log;\n"
        f"  include {tmp_path}/site.conf;\n}}\n")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    run = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def test_collected_static_files_exist_only_under_their_hashed_names(tmp_path):
    from app.performance.collect import collect

    assert collect(str(tmp_path)) > 0
    names = [p.name for p in (tmp_path / "static" / "css").iterdir()]
    assert "app.css" not in names
    assert any(re.fullmatch(r"app\.[0-9a-f]{10}\.css", n) for n in names)
    assert any(re.fullmatch(r"app\.[0-9a-f]{10}\.css\.gz", n) for n in names)


# --- bin/hashvetu-flask -------------------------------------------------------------------------------------------


def _env_file(tmp_path, **values):
    path = tmp_path / "hashvetu.env"
    lines = ["# settings", ""] + [f"{k}={v}" for k, v in values.items()]
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o644)
    return path


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("runuser"), reason="needs root and runuser")
def test_the_wrapper_switches_to_the_service_user_and_loads_the_env_file_literally(request):
    """A stand-in flask that reports who runs it, where, with which umask and settings."""
    tmp_path = pathlib.Path(tempfile.mkdtemp(prefix="hashvetu-wrapper-", dir="/tmp"))  # pytest's is root-only
    request.addfinalizer(lambda: shutil.rmtree(tmp_path, ignore_errors=True))
    app_dir = tmp_path / "app"
    (app_dir / "bin").mkdir(parents=True)
    (app_dir / ".venv" / "bin").mkdir(parents=True)
    shutil.copy(WRAPPER, app_dir / "bin" / "hashvetu-flask")
    fake = app_dir / ".venv" / "bin" / "flask"
    fake.write_text('#!/bin/sh\necho "user=$(id -un) umask=$(umask) dir=$(pwd)"\n'
                    'echo "from=$MAIL_FROM"\necho "db=$DATABASE_URL"\necho "args=$*"\n')
    fake.chmod(0o755)
    for folder in (tmp_path, app_dir, app_dir / "bin", app_dir / ".venv", app_dir / ".venv" / "bin"):
        folder.chmod(0o755)
    env = _env_file(tmp_path, MAIL_FROM='"Hashvetu <no-reply@example.am>"', DATABASE_URL="postgresql:///x")
    run = subprocess.run([str(app_dir / "bin" / "hashvetu-flask"), "db", "upgrade"], capture_output=True, text=True,
                         env={**os.environ, "HASHVETU_USER": "nobody", "HASHVETU_ENV": str(env),
                              "HASHVETU_DIR": str(app_dir)}, check=False)
    assert run.returncode == 0, run.stderr
    assert f"user=nobody umask=0027 dir={app_dir}" in run.stdout
    assert "from=Hashvetu <no-reply@example.am>" in run.stdout
    assert "db=postgresql:///x" in run.stdout
    assert "args=--app wsgi db upgrade" in run.stdout


def test_the_wrapper_runs_a_real_command_on_the_database_of_the_env_file(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    env = _env_file(tmp_path, INSTANCE_PATH=str(state), DATABASE_URL=f"sqlite:///{state}/hashvetu.sqlite3",
                    UPLOAD_FOLDER=str(state / "uploads"))
    settings = {**os.environ, "HASHVETU_USER": subprocess.run(["id", "-un"], capture_output=True, text=True,
                                                              check=True).stdout.strip(),
                "HASHVETU_ENV": str(env), "HASHVETU_DIR": str(ROOT)}
    settings.pop("DATABASE_URL", None)
    run = subprocess.run([str(WRAPPER), "db", "upgrade"], capture_output=True, text=True, env=settings, check=False)
    assert run.returncode == 0, run.stderr
    database = state / "hashvetu.sqlite3"
    assert database.is_file()
    assert stat.S_IMODE(database.stat().st_mode) & 0o007 == 0  # umask 0027: nothing for other users
    assert (state / "secret_key").is_file()  # INSTANCE_PATH: the key lives with the state, not in the code


def _code_the_service_user_can_run(base) -> pathlib.Path:
    """This checkout, with a `.venv/bin/flask` the service user can run.

    A virtualenv's interpreter may live where only its owner can reach (pyenv under /root): the stand-in runs the
    system's Python of the same minor version on the virtualenv's packages, as the real one would.
    """
    import sys
    import sysconfig

    if not os.path.exists(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"):
        pytest.skip("no system Python of the virtualenv's version for the service user")
    code = base / "app"
    (code / ".venv" / "bin").mkdir(parents=True)
    for entry in ROOT.iterdir():
        if entry.name not in {".venv", ".git"}:
            (code / entry.name).symlink_to(entry)
    flask = code / ".venv" / "bin" / "flask"
    flask.write_text(f"#!/bin/sh\nPYTHONPATH={sysconfig.get_paths()['purelib']}:$PWD PYTHONDONTWRITEBYTECODE=1 "
                     f"exec /usr/bin/python{sys.version_info.major}.{sys.version_info.minor} -m flask \"$@\"\n")
    for path in (code, code / ".venv", code / ".venv" / "bin"):
        path.chmod(0o755)
    flask.chmod(0o755)
    return code


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("runuser"), reason="needs root and runuser")
def test_a_photo_stored_through_the_wrapper_belongs_to_the_service_user_and_no_one_else(request):
    """As root, literally as the docs say: migrate, set up the community with its logo (a photo the app re-encodes
    and stores), check integrity; every file of the state is the service user's, unreadable by other users."""
    from PIL import Image

    base = pathlib.Path(tempfile.mkdtemp(prefix="hashvetu-state-", dir="/tmp"))  # pytest's folder is root-only
    request.addfinalizer(lambda: shutil.rmtree(base, ignore_errors=True))
    base.chmod(0o755)
    state = base / "state"
    state.mkdir()
    shutil.chown(state, "nobody", "nogroup")
    state.chmod(0o750)
    logo = base / "logo.png"
    Image.new("RGB", (300, 120), (20, 90, 160)).save(logo, "PNG")
    logo.chmod(0o644)
    env = _env_file(base, INSTANCE_PATH=str(state), DATABASE_URL=f"sqlite:///{state}/hashvetu.sqlite3",
                    UPLOAD_FOLDER=str(state / "uploads"), PUBLIC_URL="https://hashvetu.example.am")
    settings = {**os.environ, "HASHVETU_USER": "nobody", "HASHVETU_ENV": str(env),
                "HASHVETU_DIR": str(_code_the_service_user_can_run(base))}
    settings.pop("DATABASE_URL", None)
    for command in (["db", "upgrade"],
                    ["init-community", "--no-interactive", "--name-hy", "Մեր համայնք", "--tracking-prefix", "OUR",
                     "--logo", str(logo)],
                    ["integrity-check"]):
        run = subprocess.run([str(WRAPPER), *command], capture_output=True, text=True, env=settings, check=False)
        assert run.returncode == 0, (command, run.stdout, run.stderr)
    stored = [p for p in (state / "uploads").rglob("*") if p.is_file()]
    assert stored, "the logo was not stored"
    for path in [state / "hashvetu.sqlite3", state / "secret_key", *stored]:
        assert (path.owner(), stat.S_IMODE(path.stat().st_mode) & 0o007) == ("nobody", 0), path


def test_the_wrapper_refuses_an_unreadable_env_file(tmp_path):
    settings = {**os.environ, "HASHVETU_USER": subprocess.run(["id", "-un"], capture_output=True, text=True,
                                                              check=True).stdout.strip(),
                "HASHVETU_ENV": str(tmp_path / "missing.env"), "HASHVETU_DIR": str(ROOT)}
    run = subprocess.run([str(WRAPPER), "routes"], capture_output=True, text=True, env=settings, check=False)
    assert run.returncode == 1 and "cannot read" in run.stderr


# --- wsgi_proxy ---------------------------------------------------------------------------------------------------


@pytest.fixture
def proxied(tmp_path):
    application = make_app(tmp_path, "proxy_app")
    application.add_url_rule("/_who", "who", lambda: __import__("flask").request.remote_addr or "")
    behind_proxy(application, 1)
    yield application
    with application.app_context():
        db.engine.dispose()


def test_the_visitor_address_is_the_one_nginx_appended_not_what_the_client_wrote(proxied):
    client = proxied.test_client()
    response = client.get("/_who", headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.7"},
                          environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.get_data(as_text=True) == "203.0.113.7"


def test_proxy_hops_must_be_a_small_whole_number():
    assert proxy_hops({}) == 1
    assert proxy_hops({"PROXY_HOPS": "2"}) == 2
    with pytest.raises(RuntimeError):
        proxy_hops({"PROXY_HOPS": "all"})
