"""The operator's journey and the backups an operator can trust: retention, private copies, verified PostgreSQL
dumps, integrity checks that find missing files, restores that say when the schema needs `db upgrade`."""

import json
import os
import stat

import pytest
import sqlalchemy as sa
from PIL import Image

from app.extensions import db
from tests.conftest import database_url, make_app
from tests.fixtures.accounts import TEST_PASSWORD, csrf_token


@pytest.fixture
def fresh(tmp_path):
    made = []

    def make(name, **overrides):
        made.append(make_app(tmp_path, name, **overrides))
        return made[-1]

    yield make
    for application in made:
        with application.app_context():
            db.engine.dispose()


def _report(result) -> dict:
    return json.loads(result.output.strip().splitlines()[-1])


def _drop_pg_schema(application):
    schema = application.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"].split("=", 1)[1]
    with application.app_context():
        db.engine.dispose()
    engine = sa.create_engine(application.config["SQLALCHEMY_DATABASE_URI"])
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def _empty_target(source, tmp_path):
    """Where a restore goes: the same, now empty, PostgreSQL schema; or a new SQLite file and uploads folder."""
    if database_url():
        _drop_pg_schema(source)
        return source
    from app import create_app

    return create_app({"TESTING": True, "SECRET_KEY": source.config["SECRET_KEY"],
                       "UPLOAD_FOLDER": str(tmp_path / "restored-uploads"),
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'restored.sqlite3'}"})


def test_operator_journey_init_admin_photo_backup_lose_a_file_restore(tmp_path, fresh):
    application = fresh("journey")
    runner = application.test_cli_runner()
    logo = tmp_path / "logo.png"
    Image.new("RGB", (400, 200), (200, 40, 40)).save(logo, "PNG")
    init = runner.invoke(args=["init-community", "--no-interactive", "--name-hy", "Մեր համայնք",
                               "--tracking-prefix", "OUR", "--logo", str(logo)])
    assert init.exit_code == 0, init.output
    admin = runner.invoke(args=["create-user", "--email", "admin@our.am", "--name", "Our Admin", "--role", "admin",
                                "--password-stdin"], input=TEST_PASSWORD + "\n")
    assert admin.exit_code == 0, admin.output
    client = application.test_client()
    client.post("/staff/login", data={"email": "admin@our.am", "password": TEST_PASSWORD,
                                      "csrf_token": csrf_token(client, "/staff/login")})
    assert client.get("/admin/").status_code == 200

    path = str(tmp_path / "nightly.backup")
    assert runner.invoke(args=["backup", path]).exit_code == 0
    photos = os.path.join(application.config["UPLOAD_FOLDER"], "photos")
    lost = sorted(os.listdir(photos))[0]
    os.remove(os.path.join(photos, lost))
    broken = runner.invoke(args=["integrity-check"])
    assert broken.exit_code == 1
    assert f"missing file: {lost}" in _report(broken)["problems"]

    target = _empty_target(application, tmp_path)
    restored = target.test_cli_runner().invoke(args=["restore", path])
    assert restored.exit_code == 0, restored.output
    assert target.test_cli_runner().invoke(args=["integrity-check"]).exit_code == 0
    if target is not application:
        with target.app_context():
            db.engine.dispose()


def test_integrity_check_names_a_file_nobody_refers_to(fresh):
    application = fresh("orphan")
    photos = os.path.join(application.config["UPLOAD_FOLDER"], "photos")
    os.makedirs(photos)
    with open(os.path.join(photos, "0" * 32 + ".jpg"), "wb") as fh:
        fh.write(b"x")
    result = application.test_cli_runner().invoke(args=["integrity-check"])
    assert result.exit_code == 1 and _report(result)["problems"] == [f"orphaned file: {'0' * 32}.jpg"]


def test_nightly_backup_keeps_recent_sets_and_removes_old_ones_with_their_uploads(tmp_path, fresh):
    application = fresh("retention")
    folder = tmp_path / "backups"
    old = folder / "hashvetu-20200101T023000Z.backup"
    (folder / (old.name + ".uploads") / "photos").mkdir(parents=True)
    (folder / (old.name + ".uploads") / "photos" / "a.jpg").write_bytes(b"x")
    old.write_bytes(b"old")
    (folder / (old.name + ".keys")).write_text("{}")
    unrelated = folder / "notes.txt"
    unrelated.write_text("kept")
    result = application.test_cli_runner().invoke(args=["backup", "--into", str(folder), "--keep-days", "14"])
    assert result.exit_code == 0, result.output
    names = sorted(os.listdir(folder))
    assert not [n for n in names if n.startswith("hashvetu-2020")]
    assert "notes.txt" in names and any(n.endswith(".backup") for n in names)


def test_a_backup_is_readable_by_the_service_user_only(tmp_path, fresh):
    application = fresh("private")
    os.makedirs(os.path.join(application.config["UPLOAD_FOLDER"], "photos"))
    path = tmp_path / "b" / "copy.backup"
    assert application.test_cli_runner().invoke(args=["backup", str(path)]).exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "b" / "copy.backup.keys").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "b" / "copy.backup.uploads").stat().st_mode) == 0o700
    with open(tmp_path / "b" / "copy.backup.keys", encoding="utf-8") as fh:
        keys = json.load(fh)
    # The audit log's HMAC key too: without it a restored instance could not verify its own audit chain.
    assert (keys["SECRET_KEY"], keys["AUDIT_KEY"]) == (application.config["SECRET_KEY"],
                                                       application.config["AUDIT_KEY"])


@pytest.mark.skipif(not database_url(), reason="PostgreSQL only")
def test_a_postgresql_dump_is_verified_by_restoring_it(tmp_path, fresh):
    application = fresh("pgverify")
    runner = application.test_cli_runner()
    assert runner.invoke(args=["init-community", "--no-interactive", "--name-hy", "Համայնք",
                               "--tracking-prefix", "PGV"]).exit_code == 0
    result = runner.invoke(args=["backup", str(tmp_path / "pg.backup")])
    assert result.exit_code == 0, result.output
    assert '"community": 1' in result.output  # counted in the scratch database the dump was restored into
    engine = sa.create_engine(application.config["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as conn:
        # This process's scratch databases only: other test runs on the same server verify their own dumps.
        left = conn.execute(sa.text("SELECT count(*) FROM pg_database WHERE datname LIKE :mine"),
                            {"mine": f"hashvetu\\_verify\\_{os.getpid()}\\_%"})
        assert left.scalar() == 0
    engine.dispose()


def test_restore_says_when_the_schema_needs_db_upgrade(tmp_path, fresh):
    application = fresh("oldschema")
    path = str(tmp_path / "old.backup")
    assert application.test_cli_runner().invoke(args=["backup", path]).exit_code == 0
    with application.app_context():
        from alembic.script import ScriptDirectory

        script = ScriptDirectory(application.extensions["migrate"].directory)
        head = script.get_revision(script.get_current_head())
        previous = head.down_revision if isinstance(head.down_revision, str) else head.down_revision[0]
        db.session.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": previous})
        db.session.commit()
    assert application.test_cli_runner().invoke(args=["backup", path]).exit_code == 0
    target = _empty_target(application, tmp_path)
    result = target.test_cli_runner().invoke(args=["restore", path])
    assert result.exit_code == 0, result.output
    assert "run `flask db upgrade`" in result.output
    if target is not application:
        with target.app_context():
            db.engine.dispose()


def test_db_downgrade_is_refused_with_the_way_back_and_changes_nothing(fresh):
    application = fresh("downgrade")
    runner = application.test_cli_runner()
    refused = runner.invoke(args=["db", "downgrade"])
    assert refused.exit_code == 1
    assert "Downgrades are not supported" in refused.output and "Restore the backup" in refused.output
    with application.app_context():
        from alembic.script import ScriptDirectory

        head = ScriptDirectory(application.extensions["migrate"].directory).get_current_head()
        assert db.session.scalar(sa.text("SELECT version_num FROM alembic_version")) == head
        assert "worker_heartbeat" in sa.inspect(db.engine).get_table_names()  # the newest table is still there
