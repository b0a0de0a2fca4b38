"""flask backup / restore / integrity-check on a database that others use meanwhile."""

import json
import os

import pytest
import sqlalchemy as sa

from app.extensions import db
from tests.conftest import database_url, make_app


@pytest.fixture
def fresh_app(tmp_path):
    """Apps on their own new database (file or schema), their connections closed at the end."""
    made = []

    def make(name, **overrides):
        made.append(make_app(tmp_path, name, **overrides))
        return made[-1]

    yield make
    for application in made:
        with application.app_context():
            db.engine.dispose()


def _seed(application):
    """A small committed community through the app's own session."""
    from app.community.models import Community, Settlement

    with application.app_context():
        db.session.add(Community(name_hy="Համայնք", tracking_prefix="BKP"))
        for n in range(3):
            db.session.add(Settlement(slug=f"s-{n}", name_hy=f"Գյուղ {n}", population=10, position=n))
        db.session.commit()


def _drop_pg_schema(application):
    options = application.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"]
    schema = options.split("=", 1)[1]
    with application.app_context():
        db.engine.dispose()
    engine = sa.create_engine(application.config["SQLALCHEMY_DATABASE_URI"])
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def test_backup_restores_into_a_fresh_instance_with_the_same_counts(tmp_path, fresh_app):
    source = fresh_app("backup_src")
    _seed(source)
    path = str(tmp_path / "copy.backup")
    result = source.test_cli_runner().invoke(args=["backup", path])
    assert result.exit_code == 0, result.output
    assert os.path.getsize(path) > 0
    if database_url():
        _drop_pg_schema(source)  # the disaster: the schema is gone; restore into the same, now empty, place
        target = source
    else:
        from app import create_app

        target = create_app({"TESTING": True, "SECRET_KEY": "x", "UPLOAD_FOLDER": str(tmp_path / "up2"),
                             "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'restored.sqlite3'}"})
    result = target.test_cli_runner().invoke(args=["restore", path])
    if target is not source:
        with target.app_context():
            db.engine.dispose()
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["ok"] is True
    assert report["counts"]["settlement"] == 3 and report["counts"]["community"] == 1


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, fresh_app):
    application = fresh_app("backup_busy")
    path = str(tmp_path / "copy.backup")
    assert application.test_cli_runner().invoke(args=["backup", path]).exit_code == 0
    result = application.test_cli_runner().invoke(args=["restore", path])
    assert result.exit_code != 0
    assert "not empty" in result.output


def test_integrity_check_names_an_orphaned_upload(fresh_app):
    application = fresh_app("backup_orphan")
    photos = os.path.join(application.config["UPLOAD_FOLDER"], "photos")
    os.makedirs(photos, exist_ok=True)
    with open(os.path.join(photos, "0" * 32 + ".jpg"), "wb") as fh:
        fh.write(b"x")
    result = application.test_cli_runner().invoke(args=["integrity-check"])
    assert result.exit_code == 1
    assert "orphaned file: " + "0" * 32 + ".jpg" in result.output
