"""A staff login is a record on the server: logout, a password change and an admin's "log out everywhere" end it,
so a copy of the cookie taken earlier no longer opens anything (issue 18)."""

import pytest
import time_machine
from sqlalchemy import func, select

from app.accounts.models import StaffSession
from app.models_base import utcnow
from tests.fixtures.accounts import AuthActions, csrf_token

NEW_PASSWORD = "seven green lanterns over Sevan"


@pytest.fixture
def admin(make_user):
    return make_user("admin@example.am", full_name="Anna Admin")


def copied_cookie(app, client):
    """A second browser holding a copy of `client`'s session cookie, as a thief or a shared computer would."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_copied_cookie_opens_the_staff_area_while_the_login_lasts(app, client, auth, admin):
    auth.login(admin)
    assert copied_cookie(app, client).get("/admin/users").status_code == 200


def test_a_cookie_copied_before_logout_no_longer_opens_the_users_page(app, client, auth, admin):
    auth.login(admin)
    thief = copied_cookie(app, client)
    auth.logout()
    response = thief.get("/admin/users")
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login")


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, client, auth, admin):
    auth.login(admin)
    thief = copied_cookie(app, client)
    path = "/staff/password"
    client.post(path, data={"current_password": "a long passphrase for the test suite 42",
                            "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD,
                            "csrf_token": csrf_token(client, path)})
    assert (client.get("/admin/users").status_code, thief.get("/admin/users").status_code) == (200, 302)


def test_an_admin_logs_a_person_out_everywhere(app, client, auth, admin, make_user):
    person = make_user("ani@example.am", full_name="Ani Hakobyan")
    laptop, phone = app.test_client(), app.test_client()
    AuthActions(laptop).login(person)
    AuthActions(phone).login(person)
    auth.login(admin)
    path = f"/admin/users/{person.id}"
    response = client.post(f"{path}/log-out-everywhere", data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 302
    assert (laptop.get("/staff/").status_code, phone.get("/staff/").status_code) == (302, 302)


def test_a_login_ends_after_its_maximum_age_however_active(app, client, auth, admin):
    auth.login(admin)
    hours = app.config["SESSION_MAX_HOURS"]
    with time_machine.travel(utcnow().timestamp() + hours * 3600 + 60, tick=False):
        with client.session_transaction() as cookie:  # active a moment ago: the idle timeout does not apply
            import time

            cookie["last_seen"] = int(time.time())
        assert client.get("/admin/users").status_code == 302


def test_only_a_hash_of_the_session_token_is_stored(client, auth, admin, session):
    auth.login(admin)
    with client.session_transaction() as cookie:
        token = cookie["login_token"]
    stored = session.scalars(select(StaffSession.token_hash)).all()
    assert token not in stored and len(stored) == 1


def test_logout_removes_the_session_record(client, auth, admin, session):
    auth.login(admin)
    auth.logout()
    assert session.scalar(select(func.count()).select_from(StaffSession)) == 0
