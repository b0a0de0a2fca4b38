"""A community of one's own: `flask init-community`, `flask setup-token` and the first-run /setup screen."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from app.accounts.models import User
from app.community.models import Community, Settlement
from app.extensions import db
from tests.conftest import make_app
from tests.fixtures.accounts import TEST_PASSWORD, csrf_token

SETTLEMENTS_CSV = (
    "slug,name_hy,name_en,name_ru,population,is_centre\n"
    "ijevan,Իջևան,Ijevan,Иджеван,21000,yes\n"
    "gandzakar,Գանձաքար,Gandzakar,Гандзакар,4500,no\n"
)


@pytest.fixture
def fresh(tmp_path):
    """An app on its own new, migrated database with no community (what an operator has after `db upgrade`)."""
    made = []

    def make(name="setup_fresh"):
        made.append(make_app(tmp_path, name))
        return made[-1]

    yield make
    for application in made:
        with application.app_context():
            db.engine.dispose()


def _png(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGB", (300, 120), (20, 90, 160)).save(path, "PNG")
    return path


def test_init_community_with_options_creates_the_community_its_settlements_and_logo(tmp_path, fresh):
    application = fresh()
    csv_path = tmp_path / "settlements.csv"
    csv_path.write_text(SETTLEMENTS_CSV, encoding="utf-8")
    result = application.test_cli_runner().invoke(args=[
        "init-community", "--no-interactive", "--name-hy", "Իջևան համայնք", "--name-en", "Ijevan community",
        "--tracking-prefix", "ijv", "--timezone", "Asia/Yerevan", "--email", "info@ijevan.am",
        "--settlements", str(csv_path), "--logo", str(_png(tmp_path))])
    assert result.exit_code == 0, result.output
    with application.app_context():
        community = db.session.scalar(select(Community))
        settlements = db.session.scalars(select(Settlement).order_by(Settlement.position)).all()
        assert (community.name_en, community.tracking_prefix, community.email) == (
            "Ijevan community", "IJV", "info@ijevan.am")
        assert [(s.slug, s.population, s.is_centre) for s in settlements] == [
            ("ijevan", 21000, True), ("gandzakar", 4500, False)]
        assert community.logo_path.endswith(".jpg")
    with application.test_client().get("/community/logo.jpg") as response:
        assert response.status_code == 200


def test_init_community_lists_every_invalid_value_and_stores_nothing(fresh):
    application = fresh()
    result = application.test_cli_runner().invoke(args=[
        "init-community", "--no-interactive", "--name-hy", "Համայնք", "--tracking-prefix", "D1",
        "--timezone", "Mars/Olympus", "--website", "javascript:alert(1)"])
    assert result.exit_code == 2
    for option in ("--tracking-prefix", "--timezone", "--website"):
        assert option in result.output
    with application.app_context():
        assert db.session.scalar(select(Community.id)) is None


def test_init_community_reports_the_line_of_a_bad_settlement(tmp_path, fresh):
    application = fresh()
    csv_path = tmp_path / "bad.csv"
    csv_path.write_text("slug,name_hy,population\nok,Լավ,10\nBad Slug,Վատ,many\n", encoding="utf-8")
    result = application.test_cli_runner().invoke(args=[
        "init-community", "--no-interactive", "--name-hy", "Համայնք", "--tracking-prefix", "ABC",
        "--settlements", str(csv_path)])
    assert result.exit_code == 1
    assert "Line 3" in result.output and "population" in result.output


def test_init_community_asks_again_for_an_invalid_answer(fresh):
    application = fresh()
    answers = "\n".join(["Համայնք", "", "", "bad1", "", "", "", "", "", "", "", "XYZ"]) + "\n"
    result = application.test_cli_runner().invoke(args=["init-community", "--interactive"], input=answers)
    assert result.exit_code == 0, result.output
    with application.app_context():
        assert db.session.scalar(select(Community.tracking_prefix)) == "XYZ"


def test_init_community_refuses_a_second_community(fresh):
    application = fresh()
    args = ["init-community", "--no-interactive", "--name-hy", "Համայնք", "--tracking-prefix", "ABC"]
    assert application.test_cli_runner().invoke(args=args).exit_code == 0
    second = application.test_cli_runner().invoke(args=args)
    assert second.exit_code == 1 and "already has its community" in second.output


def test_operator_inits_a_community_without_the_demo_then_the_first_admin_logs_in(fresh):
    application = fresh()
    runner = application.test_cli_runner()
    assert runner.invoke(args=["init-community", "--no-interactive", "--name-hy", "Համայնք",
                               "--tracking-prefix", "OWN"]).exit_code == 0
    created = runner.invoke(args=["create-user", "--email", "mayor@own.am", "--name", "Mayor", "--role", "admin",
                                  "--password-stdin"], input=TEST_PASSWORD + "\n")
    assert created.exit_code == 0, created.output
    client = application.test_client()
    token = csrf_token(client, "/staff/login")
    client.post("/staff/login", data={"email": "mayor@own.am", "password": TEST_PASSWORD, "csrf_token": token})
    assert client.get("/admin/").status_code == 200


# --- the /setup screen ------------------------------------------------------------------------------------------


def _setup_form(client, **fields):
    data = {"csrf_token": csrf_token(client, "/setup"), "name_hy": "Նոր համայնք", "tracking_prefix": "NEW",
            "timezone": "Asia/Yerevan", "settlements": SETTLEMENTS_CSV, "admin_name": "Ani Admin",
            "admin_email": "ani@new.am", "admin_password": TEST_PASSWORD, "admin_password_confirm": TEST_PASSWORD}
    data.update(fields)
    return data


def _token(app):
    with app.test_request_context():
        from app.setup.services import make_setup_token

        return make_setup_token()


def test_home_of_an_instance_without_a_community_leads_to_setup(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/setup")


def test_the_setup_page_of_an_empty_instance_leaves_no_empty_settlements_label(client):
    page = client.get("/setup?lang=en").get_data(as_text=True)
    assert "Set up your community" in page and "Settlements:" not in page


def test_setup_without_the_token_is_refused_and_keeps_what_was_typed(client, session):
    response = client.post("/setup", data=_setup_form(client, token="made-up"))
    assert response.status_code == 422
    assert "Նոր համայնք" in response.get_data(as_text=True)
    assert session.scalar(select(Community.id)) is None


def test_setup_with_the_token_creates_the_community_and_the_first_admin(app, client, session):
    response = client.post("/setup", data=_setup_form(client, token=_token(app)))
    assert response.status_code == 302
    assert session.scalar(select(Community.tracking_prefix)) == "NEW"
    assert session.scalar(select(User.email)) == "ani@new.am"
    token = csrf_token(client, "/staff/login")
    client.post("/staff/login", data={"email": "ani@new.am", "password": TEST_PASSWORD, "csrf_token": token})
    assert client.get("/admin/").status_code == 200


def test_setup_refuses_a_weak_admin_password(app, client, session):
    response = client.post("/setup", data=_setup_form(client, token=_token(app), admin_password="short",
                                                      admin_password_confirm="short"))
    assert response.status_code == 422
    assert session.scalar(select(Community.id)) is None


def test_setup_shows_the_bad_settlement_line(app, client):
    response = client.post("/setup?lang=en", data=_setup_form(client, token=_token(app),
                                                              settlements="slug,name_hy\nok,Լավ\nok,Կրկին\n"))
    assert response.status_code == 422
    assert "Line 3: the slug ok appears twice." in response.get_data(as_text=True)


def test_setup_is_closed_once_the_community_exists(client, make_community):
    make_community()
    assert client.get("/setup").status_code == 404


def test_a_logged_in_admin_needs_no_token(client, auth, make_user, session):
    auth.login(make_user())
    data = _setup_form(client)
    for key in ("admin_name", "admin_email", "admin_password", "admin_password_confirm"):
        data.pop(key)
    assert client.post("/setup", data=data).status_code == 302
    assert session.scalar(select(Community.tracking_prefix)) == "NEW"


def test_setup_logo_must_be_an_image(app, client, session):
    data = _setup_form(client, token=_token(app))
    data["logo"] = (io.BytesIO(b"not an image at all"), "logo.png")
    response = client.post("/setup", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert session.scalar(select(Community.id)) is None


def test_the_readmes_unattended_example_runs_as_written(tmp_path, fresh, monkeypatch):
    """README, "Run your own community": its CSV and its init-community command, word for word."""
    import pathlib
    import re
    import shlex

    readme = (pathlib.Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Run your own community", 1)[1].split("\n## ", 1)[0]
    (tmp_path / "settlements.csv").write_text(re.search(r"```csv\n(.*?)```", section, re.S)[1], encoding="utf-8")
    _png(tmp_path)
    command = re.search(r"`(init-community --no-interactive .*?)`", section, re.S)[1]
    monkeypatch.chdir(tmp_path)  # the example names settlements.csv and logo.png in the current folder
    application = fresh()
    result = application.test_cli_runner().invoke(args=shlex.split(command.replace("\n", " ")))
    assert result.exit_code == 0, result.output
    with application.app_context():
        community = db.session.scalars(select(Community)).one()
        assert (community.name_en, community.tracking_prefix, community.logo_path is not None) == (
            "Ijevan community", "IJV", True)
        assert [s.slug for s in db.session.scalars(select(Settlement).order_by(Settlement.position))] == [
            "ijevan", "gandzakar"]
