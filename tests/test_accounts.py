"""Staff accounts: login and its throttling, sessions, passwords and their reset, the closed staff area, the admin's
user screens and `flask create-user`."""

import hashlib
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from argon2 import PasswordHasher
from flask_login import AnonymousUserMixin
from limits import parse_many
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.accounts import routes as account_routes
from app.accounts.access import can_edit_institution, is_public_view, is_staff_path, safe_next_url
from app.accounts.cli import create_user
from app.accounts.models import PasswordResetToken, Role, RoleGrant, User
from app.accounts.passwords import MAX_LENGTH, common_passwords, needs_rehash, password_problems, verify_password
from app.extensions import db
from app.models_base import utcnow
from app.outbox.models import OutboxMessage
from tests.fixtures.accounts import TEST_PASSWORD, AuthActions, csrf_token

NEW_PASSWORD = "seven green lanterns over Sevan"
WRONG_LOGIN = "The email address or the password is not correct."


@pytest.fixture
def english(client):
    """Pages in English (the default is Armenian), as the language switcher would remember it."""
    client.set_cookie("lang", "en")
    return client


@pytest.fixture
def frozen_clock():
    """Stop the clock, so a slow run cannot see a rate-limit window run out halfway through a test."""
    with time_machine.travel(utcnow(), tick=False) as clock:
        yield clock


@pytest.fixture
def other_client(app, session):
    """A second browser."""
    second = app.test_client()
    second.test_session = session
    second.set_cookie("lang", "en")
    return second


def text(response):
    return response.get_data(as_text=True)


def login_form(client, email, password, path="/staff/login"):
    return client.post(path, data={"email": email, "password": password, "csrf_token": csrf_token(client)})


def outbox(session, to=None):
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        stmt = stmt.where(OutboxMessage.to_address == to)
    session.expire_all()
    return session.scalars(stmt).all()


def link_in(message):
    match = re.search(r"http://localhost(/staff/password/reset/[A-Za-z0-9_-]+)", message.body_text)
    assert match, message.body_text
    return match.group(1)


def open_link(client, link):
    """Follow an e-mailed link: it is exchanged at once for the form at a URL without the token."""
    response = client.get(link)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/password/new"
    return "/staff/password/new"


def set_password(client, path, password=NEW_PASSWORD, confirm=None):
    return client.post(path, data={"new_password": password, "new_password_confirm": confirm or password,
                                   "csrf_token": csrf_token(client, path)})


# --- logging in ---------------------------------------------------------------------------------------------------


def test_the_right_password_opens_the_staff_area(client, english, auth, make_user, session):
    user = make_user("ani@example.am", roles=(("officer", None),), full_name="Ani Hakobyan")
    response = auth.login("ani@example.am")
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"
    page = text(client.get("/staff/"))
    assert "Ani Hakobyan" in page and "Appeals officer" in page
    session.refresh(user)
    assert user.last_login_dt is not None


def test_the_address_is_not_case_sensitive(client, english, auth, make_user):
    make_user("ani@example.am")
    assert auth.login("  ANI@Example.AM ").status_code == 302


def test_unknown_address_and_wrong_password_get_the_same_answer(client, english, auth, make_user):
    make_user("ani@example.am")
    unknown = auth.login("nobody@example.am", "a password for nobody at all")
    wrong = auth.login("ani@example.am", "not the password of Ani")
    assert unknown.status_code == wrong.status_code == 422
    assert WRONG_LOGIN in text(unknown) and WRONG_LOGIN in text(wrong)
    # What was typed stays in the form, except the password.
    assert 'value="nobody@example.am"' in text(unknown)
    assert "a password for nobody at all" not in text(unknown)


def test_an_unknown_address_costs_one_password_check_like_a_known_one(client, auth, make_user, monkeypatch):
    make_user("ani@example.am")
    calls = []
    original = PasswordHasher.verify

    def counting(self, hash_, password):
        calls.append(hash_)
        return original(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    auth.login("nobody@example.am", "a password for nobody at all")
    auth.login("ani@example.am", "not the password of Ani")
    assert len(calls) == 2 and all(h.startswith("$argon2id$") for h in calls)


def test_a_deactivated_account_cannot_log_in(client, english, auth, make_user):
    make_user("gone@example.am", is_active=False)
    response = auth.login("gone@example.am")
    assert response.status_code == 422
    assert "deactivated" in text(response)
    # Without the right password nothing tells the account exists.
    assert WRONG_LOGIN in text(auth.login("gone@example.am", "some other long password"))


def test_an_account_that_has_not_set_a_password_cannot_log_in(client, english, auth, make_user):
    make_user("new@example.am", password=None)
    assert WRONG_LOGIN in text(auth.login("new@example.am", "any password at all 123"))


def test_a_hash_made_with_older_parameters_is_upgraded_at_login(client, auth, make_user, session):
    user = make_user("ani@example.am", password=None)
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(TEST_PASSWORD)
    assert needs_rehash(user.password_hash)
    assert auth.login(user).status_code == 302
    session.refresh(user)
    assert not needs_rehash(user.password_hash) and verify_password(user.password_hash, TEST_PASSWORD)


def test_production_hashes_with_the_rfc_9106_low_memory_argon2id_profile(production_hasher):
    """The suite hashes with a small profile (tests/fixtures/accounts.py); the application's own is this one."""
    stored = production_hasher.hash(TEST_PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert production_hasher.verify(stored, TEST_PASSWORD)


def test_login_page_fields_are_labelled_and_fill_in_automatically(client, english):
    page = text(client.get("/staff/login"))
    assert '<label for="email">Email address</label>' in page
    assert re.search(r'<input[^>]*autocomplete="username"[^>]*id="email"', page)
    assert re.search(r'<input[^>]*autocomplete="current-password"[^>]*id="password"', page)


def test_errors_are_tied_to_their_fields(client, english):
    response = client.post("/staff/login", data={"email": "", "password": "", "csrf_token": csrf_token(client)})
    assert response.status_code == 422
    page = text(response)
    assert re.search(r'<input[^>]*aria-describedby="email-error"[^>]*aria-invalid="true"|'
                     r'<input[^>]*aria-invalid="true"[^>]*aria-describedby="email-error"', page)
    assert 'id="email-error"' in page and 'href="#email"' in page


@pytest.mark.parametrize("lang, html_lang", [("hy", "hy"), ("en", "en"), ("ru", "ru")])
def test_login_page_renders_in_every_language(client, lang, html_lang):
    response = client.get(f"/staff/login?lang={lang}")
    assert response.status_code == 200
    assert f'<html lang="{html_lang}">' in text(response)


# --- throttling ---------------------------------------------------------------------------------------------------


def test_failed_logins_are_slowed_per_account_and_address(client, english, auth, make_user, app, frozen_clock):
    make_user("ani@example.am")
    make_user("aram@example.am")
    allowed = app.config["LOGIN_FREE_FAILURES"]
    for _ in range(allowed):
        assert auth.login("ani@example.am", "guessing the password of Ani").status_code == 422
    # The next attempt must wait, even with the right password; the form keeps the address.
    # (tests/test_login_throttle.py: the wait grows, and the owner's known device is not slowed.)
    refused = auth.login("ani@example.am")
    assert refused.status_code == 429
    assert "Too many attempts" in text(refused) and 'value="ani@example.am"' in text(refused)
    assert int(refused.headers["Retry-After"]) > 0
    # Someone else, from the same computer, still gets in.
    assert auth.login("aram@example.am").status_code == 302


def test_successful_logins_do_not_use_up_the_account_limit(client, auth, make_user, app):
    make_user("ani@example.am")
    for _ in range(parse_many(app.config["LOGIN_LIMIT_PER_ACCOUNT"])[0].amount + 2):
        assert auth.login("ani@example.am").status_code == 302
        auth.logout()


def test_logins_are_throttled_per_ip(client, english, make_user, app, frozen_clock):
    make_user("ani@example.am")
    allowed = parse_many(app.config["LOGIN_LIMITS_PER_IP"])[0].amount
    token = csrf_token(client)

    def attempt(n, ip, email=None):
        data = {"email": email or f"guess{n}@example.am", "password": "one guess after another", "csrf_token": token}
        return client.post("/staff/login", data=data, environ_base={"REMOTE_ADDR": ip})

    for n in range(allowed):
        assert attempt(n, "203.0.113.7").status_code == 422
    assert attempt(allowed, "203.0.113.7").status_code == 429
    assert attempt(allowed, "198.51.100.9").status_code == 422  # another address still gets through
    assert client.get("/staff/login", environ_base={"REMOTE_ADDR": "203.0.113.7"}).status_code == 200


def test_the_throttled_page_is_the_translated_form(client, make_user, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMITS_PER_IP", "1 per minute")
    login_form(client, "ani@example.am", "first try of many")
    response = login_form(client, "ani@example.am", "second try of many", path="/staff/login?lang=ru")
    assert response.status_code == 429
    page = text(response)
    assert '<html lang="ru">' in page and 'name="email"' in page and 'value="ani@example.am"' in page


# --- the session --------------------------------------------------------------------------------------------------


def test_login_starts_a_new_session(client, app, auth, make_user):
    user = make_user("ani@example.am")
    client.get("/staff/login")
    with client.session_transaction() as before:
        before["planted"] = "by someone who handed over this cookie"
        old_token = before["csrf_token"]
    old_cookie = client.get_cookie("session").value
    assert auth.login(user).status_code == 302
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after.get("csrf_token") != old_token
        assert after["_user_id"] == str(user.id)
    assert client.get_cookie("session").value != old_cookie
    # The cookie from before the login does not carry the login.
    stranger = app.test_client()
    stranger.set_cookie("session", old_cookie)
    assert stranger.get("/staff/").status_code == 302


def test_a_session_taken_to_another_browser_is_discarded(client, auth, make_user):
    auth.login(make_user())
    assert client.get("/staff/").status_code == 200
    response = client.get("/staff/", headers={"User-Agent": "SomethingElse/1.0"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login")


def test_logout_needs_a_post_with_a_csrf_token(client, english, auth, make_user):
    auth.login(make_user())
    assert client.get("/staff/logout").status_code == 405
    assert client.post("/staff/logout").status_code == 400
    assert client.get("/staff/").status_code == 200  # still logged in
    response = auth.logout()
    assert response.status_code == 302 and response.headers["Location"] == "/staff/login"
    assert "You have logged out." in text(client.get("/staff/login"))
    assert client.get("/staff/").status_code == 302


def test_the_header_shows_who_is_logged_in_and_a_logout_button(client, english, auth, make_user, world):
    assert "Staff login" in text(client.get("/"))
    auth.login(make_user(full_name="Ani Hakobyan"))
    page = text(client.get("/"))
    assert "Ani Hakobyan" in page and "Staff login" not in page
    assert re.search(r'<form method="post" action="/staff/logout">\s*<input type="hidden" name="csrf_token"', page)


def test_public_pages_do_not_load_or_rewrite_anonymous_sessions(client, world, count_queries):
    client.get("/staff/login")  # the visitor now has a session (the CSRF token)
    with count_queries() as counter:
        response = client.get("/program")
    assert "Set-Cookie" not in response.headers
    assert not any('"user"' in s or " user " in s for s in counter.statements)


def test_staff_pages_are_never_cached(client, auth, make_user):
    auth.login(make_user())
    assert client.get("/staff/").headers["Cache-Control"] == "no-store"
    assert client.get("/staff/login").headers["Cache-Control"] == "no-store"


def test_an_idle_session_is_logged_out(client, english, auth, make_user, app):
    minutes = app.config["IDLE_TIMEOUT_MINUTES"]
    with time_machine.travel(utcnow(), tick=False) as clock:
        auth.login(make_user())
        clock.shift(timedelta(minutes=minutes - 1))
        assert client.get("/staff/").status_code == 200  # activity: the countdown starts again
        clock.shift(timedelta(minutes=minutes - 1))
        assert client.get("/staff/").status_code == 200
        clock.shift(timedelta(minutes=minutes + 1))
        response = client.get("/staff/")
        assert response.status_code == 302
        assert response.headers["Location"] == "/staff/login?next=/staff/"
        page = text(client.get(response.headers["Location"]))
        assert f"You were logged out after {minutes} minutes without activity." in page


# --- closed by default --------------------------------------------------------------------------------------------


def _staff_rules():
    """Every rule under /staff and /admin, read from a throwaway app so routes added later are covered at once."""
    application = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "collect-only"})
    found = []
    for rule in application.url_map.iter_rules():
        if is_staff_path(rule.rule) and not is_public_view(application.view_functions[rule.endpoint]):
            path = re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>",
                          lambda m: "1" if m.group(1) in ("int", "float") else "x", rule.rule)
            found.append(pytest.param(path, sorted(rule.methods - {"HEAD", "OPTIONS"}), id=rule.rule))
    public = {rule.endpoint for rule in application.url_map.iter_rules()
              if is_staff_path(rule.rule) and is_public_view(application.view_functions[rule.endpoint])}
    with application.app_context():
        db.engine.dispose()
    return found, public


STAFF_RULES, PUBLIC_STAFF_ENDPOINTS = _staff_rules()


def test_only_login_and_password_reset_are_open_in_the_staff_area():
    assert PUBLIC_STAFF_ENDPOINTS == {"accounts.login", "accounts.reset_request", "accounts.reset_password",
                                      "accounts.new_password"}


@pytest.mark.parametrize("path, methods", STAFF_RULES)
def test_anonymous_visitors_are_sent_to_the_login(client, world, path, methods):
    response = client.get(path)
    assert response.status_code == 302, path
    assert urlsplit(response.headers["Location"]).path == "/staff/login"
    htmx = client.get(path, headers={"HX-Request": "true"})
    assert htmx.status_code == 401
    assert htmx.headers["HX-Redirect"].startswith("/staff/login")
    if "POST" in methods:
        posted = client.post(path, data={"csrf_token": csrf_token(client)})
        assert posted.status_code == 302 and urlsplit(posted.headers["Location"]).path == "/staff/login"


def test_the_login_comes_back_to_the_page_asked_for(client, auth, make_user):
    response = client.get("/admin/users?sort=name")
    assert parse_qs(urlsplit(response.headers["Location"]).query) == {"next": ["/admin/users?sort=name"]}
    make_user("ani@example.am")
    back = login_form(client, "ani@example.am", TEST_PASSWORD, path=response.headers["Location"])
    assert back.headers["Location"] == "/admin/users?sort=name"


def test_htmx_requests_come_back_to_the_page_not_the_fragment(client):
    response = client.get("/admin/users", headers={"HX-Request": "true",
                                                   "HX-Current-URL": "http://localhost/staff/?tab=2"})
    assert parse_qs(urlsplit(response.headers["HX-Redirect"]).query) == {"next": ["/staff/?tab=2"]}


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "http:/evil",
                                    "javascript:alert(1)", "/\t/evil.example", "staff", ""])
def test_the_login_never_sends_anyone_to_another_site(client, make_user, target):
    make_user("ani@example.am")
    data = {"email": "ani@example.am", "password": TEST_PASSWORD, "csrf_token": csrf_token(client)}
    response = client.post("/staff/login", query_string={"next": target}, data=data)
    assert response.headers["Location"] == "/staff/"
    assert safe_next_url(target) is None


def test_a_next_address_with_a_nul_character_is_refused_before_the_login(client, make_user):
    """Every request with a NUL in its query string is a 400 (app/urls.py); safe_next_url refuses it too."""
    make_user("ani@example.am")
    data = {"email": "ani@example.am", "password": TEST_PASSWORD, "csrf_token": csrf_token(client)}
    response = client.post("/staff/login", query_string={"next": "/\x00/evil"}, data=data)
    assert response.status_code == 400
    assert safe_next_url("/\x00/evil") is None


def test_local_paths_are_safe_next_urls():
    assert safe_next_url("/staff/institution?x=1") == "/staff/institution?x=1"


def test_roles_are_checked_on_the_server(client, auth, make_user):
    auth.login(make_user(roles=(("officer", None), ("viewer", None))))
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/outbox").status_code == 403
    assert client.get("/staff/").status_code == 200


def test_editors_may_edit_only_their_institutions_and_admins_all(make_user, world):
    editor = make_user(roles=(("editor", world.school),))
    admin = make_user(roles=(("admin", None),))
    officer = make_user(roles=(("officer", None),))
    assert can_edit_institution(editor, world.school.id) and not can_edit_institution(editor, world.club.id)
    assert can_edit_institution(admin, world.club.id)
    assert not can_edit_institution(officer, world.school.id)
    assert not can_edit_institution(AnonymousUserMixin(), world.school.id)
    assert editor.editable_institution_ids == {world.school.id} and not editor.is_admin
    assert admin.has_role("admin", "officer") and not admin.has_role(Role.EDITOR)


def test_the_database_refuses_an_editor_without_an_institution(session, make_user, world):
    user = make_user(roles=())
    session.add(RoleGrant(user=user, role=Role.EDITOR, institution_id=None))
    with pytest.raises(IntegrityError), session.begin_nested():
        session.flush()


# --- passwords ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("password, problem", [
    ("short pass1", "at least 12 characters"),
    ("x" * (MAX_LENGTH + 1), f"at most {MAX_LENGTH} characters"),
    ("Password1234!", "too common"),
    ("qwertyuiop123456", "too common"),
    ("Dilijan2026!!", "too common"),
    ("ani.petrosyan@example.am", "email address or your name"),
    ("ANI PETROSYAN 1", None),
    ("Ani Petrosyan", "email address or your name"),
    ("seven green lanterns", None),
])
def test_password_policy(app, password, problem):
    with app.test_request_context("/?lang=en"):
        problems = password_problems(password, "ani.petrosyan@example.am", "Ani Petrosyan")
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0]


def test_the_common_password_list_is_substantial():
    common = common_passwords()
    assert len(common) >= 1000
    assert {"123456", "password", "qwerty123456", "йцукенгшщзхъ"} <= common


def test_changing_the_password_ends_other_sessions_but_not_this_one(client, english, other_client, auth, make_user):
    user = make_user("ani@example.am")
    AuthActions(other_client).login(user)
    auth.login(user)
    response = client.post("/staff/password", data={
        "current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD,
        "csrf_token": csrf_token(client, "/staff/password")})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
    kicked_out = other_client.get("/staff/")
    assert kicked_out.status_code == 302
    assert "Your session has ended. Please log in again." in text(other_client.get(kicked_out.headers["Location"]))
    auth.logout()
    assert auth.login(user, TEST_PASSWORD).status_code == 422
    assert auth.login(user, NEW_PASSWORD).status_code == 302


def _change(client, current=TEST_PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post("/staff/password", data={
        "current_password": current, "new_password": new, "new_password_confirm": confirm or new,
        "csrf_token": csrf_token(client, "/staff/password")})


def test_changing_the_password_needs_the_current_one(client, english, auth, make_user):
    auth.login(make_user())
    response = _change(client, current="not my password at all")
    assert response.status_code == 422
    assert "This is not your current password." in text(response)


@pytest.mark.parametrize("new, confirm, message", [
    ("too short", None, "at least 12 characters"),
    ("y" * 129, None, "at most 128 characters"),
    ("iloveyou1234", None, "too common"),
    ("ani@example.am", None, "email address or your name"),
    (NEW_PASSWORD, "something else entirely", "The two passwords are not the same."),
])
def test_a_weak_new_password_is_refused_next_to_its_field(client, english, auth, make_user, new, confirm, message):
    auth.login(make_user("ani@example.am"))
    response = _change(client, new=new, confirm=confirm)
    assert response.status_code == 422
    page = text(response)
    assert message in page
    field = "new_password_confirm" if confirm else "new_password"
    assert f'id="{field}-error"' in page


# --- password reset -----------------------------------------------------------------------------------------------


def request_reset(client, email):
    path = "/staff/password/reset"
    return client.post(path, data={"email": email, "csrf_token": csrf_token(client, path)})


def test_password_reset_by_emailed_link(client, english, other_client, auth, make_user, session):
    user = make_user("ani@example.am", full_name="Ani Hakobyan", language="en")  # the e-mail is in her language
    AuthActions(other_client).login(user)
    response = request_reset(client, "Ani@Example.am")
    assert response.status_code == 302 and response.headers["Location"] == "/staff/login"
    assert "If Ani@Example.am belongs to an active staff account" in text(client.get("/staff/login"))
    (message,) = outbox(session, "ani@example.am")
    assert "Ani Hakobyan" in message.body_text and "2 hours" in message.body_text
    link = link_in(message)
    # Only a hash of the token is kept.
    token = link.rsplit("/", 1)[1]
    stored = session.scalars(select(PasswordResetToken).where(PasswordResetToken.user_id == user.id)).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()

    form = open_link(client, link)
    assert client.get(form).status_code == 200
    assert set_password(client, form).headers["Location"] == "/staff/login"
    assert auth.login(user, NEW_PASSWORD).status_code == 302
    assert other_client.get("/staff/").status_code == 302  # every older session has ended
    # The link works once.
    used = client.get(link)
    assert used.status_code == 404 and "This link no longer works" in text(used)


def test_a_reset_request_for_an_unknown_address_looks_the_same(client, english, session):
    response = request_reset(client, "nobody@example.am")
    assert response.status_code == 302 and response.headers["Location"] == "/staff/login"
    assert "If nobody@example.am belongs to an active staff account" in text(client.get("/staff/login"))
    assert outbox(session) == []


def test_a_deactivated_account_gets_no_reset_link(client, make_user, session):
    make_user("gone@example.am", is_active=False)
    assert request_reset(client, "gone@example.am").status_code == 302
    assert outbox(session) == []


def test_a_reset_link_expires(client, make_user, session, app):
    make_user("ani@example.am")
    hours = app.config["PASSWORD_RESET_HOURS"]
    with time_machine.travel(utcnow(), tick=False) as clock:
        request_reset(client, "ani@example.am")
        link = link_in(outbox(session)[0])
        clock.shift(timedelta(hours=hours, minutes=-1))
        assert client.get(link).status_code == 302
    with time_machine.travel(utcnow(), tick=False) as clock:
        request_reset(client, "ani@example.am")
        link = link_in(outbox(session)[-1])
        clock.shift(timedelta(hours=hours, minutes=1))
        assert client.get(link).status_code == 404


def test_a_newer_reset_link_replaces_the_older_one(client, make_user, session):
    make_user("ani@example.am")
    request_reset(client, "ani@example.am")
    request_reset(client, "ani@example.am")
    first, second = outbox(session)
    assert client.get(link_in(first)).status_code == 404
    assert client.get(link_in(second)).status_code == 302


def test_a_made_up_reset_link_does_not_work(client):
    assert client.get("/staff/password/reset/" + "A" * 43).status_code == 404


def test_the_new_password_from_a_link_follows_the_policy(client, english, make_user, session):
    make_user("ani@example.am")
    request_reset(client, "ani@example.am")
    link = link_in(outbox(session)[0])
    form = open_link(client, link)
    response = set_password(client, form, "password12345")
    assert response.status_code == 422 and "too common" in text(response)
    assert client.get(form).status_code == 200  # a refused attempt does not use the exchanged link up


def test_reset_requests_are_throttled_per_address(client, english, make_user, app, session, frozen_clock):
    make_user("ani@example.am")
    allowed = parse_many(app.config["RESET_LIMIT_PER_ADDRESS"])[0].amount
    for _ in range(allowed):
        assert request_reset(client, "ani@example.am").status_code == 302
    refused = request_reset(client, "ani@example.am")
    assert refused.status_code == 429
    assert "Too many attempts" in text(refused) and 'value="ani@example.am"' in text(refused)
    assert len(outbox(session)) == allowed
    assert request_reset(client, "aram@example.am").status_code == 302


# --- CSRF ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/staff/login", "/staff/logout", "/staff/password", "/staff/password/reset",
                                  "/admin/users/new", "/admin/users/{id}", "/admin/users/{id}/deactivate",
                                  "/admin/users/{id}/reactivate", "/admin/users/{id}/password-link"])
def test_every_form_refuses_a_post_without_a_csrf_token(app, client, auth, make_user, path, session):
    assert app.config.get("WTF_CSRF_ENABLED", True)
    admin = make_user()
    other = make_user(roles=(("viewer", None),))
    auth.login(admin)
    response = client.post(path.format(id=other.id), data={"email": "x@example.am", "full_name": "X",
                                                            "roles": ["viewer"]})
    assert response.status_code == 400
    session.refresh(other)
    assert other.is_active and other.full_name != "X"
    assert client.get("/staff/").status_code == 200


# --- the staff landing page ---------------------------------------------------------------------------------------


def test_the_landing_page_lists_what_the_roles_allow(client, english, auth, make_user, world):
    editor = make_user(roles=(("editor", world.school),))
    auth.login(editor)
    page = text(client.get("/staff/"))
    assert "Institution editor: Music School" in page
    assert "Change your password" in page and "Users and roles" not in page
    auth.logout()
    auth.login(make_user())
    page = text(client.get("/staff/"))
    assert "Users and roles" in page and 'href="/admin/outbox"' in page


def test_links_to_areas_not_built_yet_are_left_out(client, english, auth, make_user, monkeypatch):
    monkeypatch.setattr(account_routes, "STAFF_LINKS",
                        account_routes.STAFF_LINKS + [("reports.nowhere", "Nowhere yet", set())])
    auth.login(make_user())
    assert "Nowhere yet" not in text(client.get("/staff/"))


# --- the admin's user screens -------------------------------------------------------------------------------------


def new_user_form(client, **fields):
    data = {"email": "new.editor@example.am", "full_name": "Narek Sargsyan", "roles": ["editor"],
            "csrf_token": csrf_token(client, "/admin/users/new")}
    data.update(fields)
    return client.post("/admin/users/new", data=data)


def test_admin_sees_every_account_with_its_roles(client, english, auth, make_user, world):
    auth.login(make_user(full_name="Main Admin"))
    make_user("editor@example.am", roles=(("editor", world.club),), full_name="Gosh Editor")
    make_user("old@example.am", roles=(("viewer", None),), full_name="Old Viewer", is_active=False)
    page = text(client.get("/admin/users"))
    assert "Main Admin" in page and "Gosh Editor" in page
    assert 'Institution editor: <span lang="hy">Գոշի ակումբ</span>' in page  # the Armenian name, marked as such
    assert page.index("Gosh Editor") < page.index("Old Viewer") and "Deactivated" in page


def test_admin_creates_an_editor_who_sets_a_password_by_the_emailed_link(client, english, other_client, auth,
                                                                          make_user, world, session):
    auth.login(make_user())
    response = new_user_form(client, email=" New.Editor@Example.am ", institutions=[str(world.school.id)],
                             language="en")
    assert response.status_code == 302
    user = session.scalars(select(User).where(User.email == "new.editor@example.am")).one()
    assert response.headers["Location"] == f"/admin/users/{user.id}"
    assert {(g.role, g.institution_id) for g in user.grants} == {(Role.EDITOR, world.school.id)}
    assert user.password_hash is None
    (message,) = outbox(session, "new.editor@example.am")
    assert "72 hours" in message.body_text
    link = link_in(message)
    assert set_password(other_client, open_link(other_client, link)).status_code == 302
    assert AuthActions(other_client).login("new.editor@example.am", NEW_PASSWORD).status_code == 302


def test_an_editor_without_an_institution_is_refused_next_to_the_field(client, english, auth, make_user, world,
                                                                       session):
    auth.login(make_user())
    response = new_user_form(client)
    assert response.status_code == 422
    page = text(response)
    assert 'id="institutions-error"' in page and "needs an institution" in page
    assert 'aria-describedby="institutions-hint institutions-error"' in page
    assert 'value="Narek Sargsyan"' in page  # nothing typed is lost
    assert session.scalars(select(User).where(User.email == "new.editor@example.am")).first() is None


def test_institutions_without_the_editor_role_are_refused(client, english, auth, make_user, world):
    auth.login(make_user())
    response = new_user_form(client, roles=["viewer"], institutions=[str(world.club.id)])
    assert response.status_code == 422 and "only for the institution editor role" in text(response)


def test_an_address_already_in_use_is_refused(client, english, auth, make_user, world):
    auth.login(make_user())
    make_user("taken@example.am")
    response = new_user_form(client, email="Taken@example.am", roles=["viewer"])
    assert response.status_code == 422 and "already exists" in text(response)


def test_an_account_needs_a_role(client, english, auth, make_user, world):
    auth.login(make_user())
    response = new_user_form(client, roles=[])
    assert response.status_code == 422 and "Choose at least one role." in text(response)


def test_admin_changes_the_roles(client, english, auth, make_user, world, session):
    auth.login(make_user())
    user = make_user(roles=(("officer", None),))
    path = f"/admin/users/{user.id}"
    page = text(client.get(path))
    assert re.search(r'<input checked[^>]*value="officer"|<input[^>]*value="officer"[^>]*checked', page)
    response = client.post(path, data={"full_name": "Renamed", "roles": ["viewer", "editor"],
                                       "institutions": [str(world.club.id), str(world.school.id)],
                                       "csrf_token": csrf_token(client, path)})
    assert response.status_code == 302
    session.refresh(user)
    assert user.full_name == "Renamed"
    assert {(g.role, g.institution_id) for g in user.grants} == {
        (Role.VIEWER, None), (Role.EDITOR, world.club.id), (Role.EDITOR, world.school.id)}


def test_admin_cannot_remove_their_own_admin_role_or_deactivate_themselves(client, english, auth, make_user,
                                                                           session):
    me = make_user(full_name="Me")
    make_user()  # another admin exists, still the rule holds
    auth.login(me)
    path = f"/admin/users/{me.id}"
    response = client.post(path, data={"full_name": "Me", "roles": ["viewer"], "csrf_token": csrf_token(client, path)})
    assert response.status_code == 422 and "You cannot remove your own administrator role." in text(response)
    response = client.post(f"{path}/deactivate", data={"csrf_token": csrf_token(client, path)})
    assert "You cannot deactivate your own account." in text(client.get(response.headers["Location"]))
    session.refresh(me)
    assert me.is_active and me.is_admin


def test_the_last_active_admin_stays(client, english, auth, make_user, session):
    me = make_user(roles=(("admin", None),))
    other_admin = make_user(roles=(("admin", None),), is_active=False)
    auth.login(me)
    session.refresh(other_admin)
    # Reactivating works; then deactivating the other one works as well because I remain.
    path = f"/admin/users/{other_admin.id}"
    assert client.post(f"{path}/reactivate", data={"csrf_token": csrf_token(client, path)}).status_code == 302
    assert client.post(f"{path}/deactivate", data={"csrf_token": csrf_token(client, path)}).status_code == 302
    session.refresh(other_admin)
    assert not other_admin.is_active


def test_deactivating_ends_the_sessions_and_reactivating_lets_in_again(client, english, other_client, auth,
                                                                       make_user, session):
    auth.login(make_user())
    user = make_user("ani@example.am", roles=(("officer", None),))
    other = AuthActions(other_client)
    other.login(user)
    path = f"/admin/users/{user.id}"
    response = client.post(f"{path}/deactivate", data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 302
    assert "can no longer log in" in text(client.get(response.headers["Location"]))
    assert other_client.get("/staff/").status_code == 302
    assert other.login(user).status_code == 422
    client.post(f"{path}/reactivate", data={"csrf_token": csrf_token(client, path)})
    assert other.login(user).status_code == 302


def test_admin_sends_a_fresh_password_link(client, english, auth, make_user, session):
    auth.login(make_user())
    user = make_user("ani@example.am")
    path = f"/admin/users/{user.id}"
    response = client.post(f"{path}/password-link", data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 302
    (message,) = outbox(session, "ani@example.am")
    assert client.get(link_in(message)).status_code == 302


@pytest.mark.parametrize("method, path", [("GET", "/admin/users"), ("GET", "/admin/users/new"),
                                          ("POST", "/admin/users/new"), ("GET", "/admin/users/{id}"),
                                          ("POST", "/admin/users/{id}"), ("POST", "/admin/users/{id}/deactivate"),
                                          ("POST", "/admin/users/{id}/password-link"), ("GET", "/admin/outbox")])
@pytest.mark.parametrize("role", ["officer", "editor", "viewer"])
def test_only_admins_manage_users(client, auth, make_user, world, session, method, path, role):
    target = make_user(roles=(("viewer", None),))
    auth.login(make_user(roles=((role, world.school if role == "editor" else None),)))
    url = path.format(id=target.id)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={"full_name": "Hacked", "roles": ["admin"],
                                          "csrf_token": csrf_token(client, "/staff/")})
    assert response.status_code == 403
    session.refresh(target)
    assert target.is_active and target.full_name != "Hacked" and not target.is_admin


# --- flask create-user --------------------------------------------------------------------------------------------


@pytest.fixture
def runner(app):
    with app.app_context():
        db.session.remove()
    return app.test_cli_runner()


def test_create_user_makes_the_first_admin(runner, session):
    result = runner.invoke(create_user, ["--email", "Root@Example.am", "--name", "First Admin", "--role", "admin",
                                         "--password-stdin"], input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    user = session.scalars(select(User).where(User.email == "root@example.am")).one()
    assert user.is_admin and verify_password(user.password_hash, NEW_PASSWORD)
    assert NEW_PASSWORD not in result.output


def test_create_user_asks_for_the_password_twice(runner, session):
    result = runner.invoke(create_user, ["--email", "officer@example.am", "--name", "O", "--role", "officer"],
                           input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output
    assert session.scalars(select(User).where(User.email == "officer@example.am")).one().has_role("officer")


def test_create_user_makes_an_editor_of_an_institution(runner, session, world):
    result = runner.invoke(create_user, ["--email", "ed@example.am", "--name", "Ed", "--role", "editor",
                                         "--institution", "music-school", "--role", "viewer", "--password-stdin"],
                           input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    user = session.scalars(select(User).where(User.email == "ed@example.am")).one()
    assert {(g.role, g.institution_id) for g in user.grants} == {(Role.EDITOR, world.school.id), (Role.VIEWER, None)}


@pytest.mark.parametrize("args, password, message", [
    (["--role", "admin"], "short", "at least 12 characters"),
    (["--role", "admin"], "qwerty123456", "too common"),
    (["--role", "editor"], NEW_PASSWORD, "needs at least one --institution"),
    (["--role", "editor", "--institution", "no-such-school"], NEW_PASSWORD, "no-such-school"),
    (["--role", "viewer", "--institution", "music-school"], NEW_PASSWORD, "only applies to --role editor"),
    (["--role", "emperor"], NEW_PASSWORD, "emperor"),
])
def test_create_user_refuses_bad_input(runner, session, world, args, password, message):
    result = runner.invoke(create_user, ["--email", "x@example.am", "--name", "X", "--password-stdin", *args],
                           input=password + "\n")
    assert result.exit_code != 0
    assert message in result.output
    assert session.scalars(select(User).where(User.email == "x@example.am")).first() is None


def test_create_user_refuses_an_address_in_use(runner, make_user):
    make_user("taken@example.am")
    result = runner.invoke(create_user, ["--email", "TAKEN@example.am", "--name", "X", "--role", "admin",
                                         "--password-stdin"], input=NEW_PASSWORD + "\n")
    assert result.exit_code != 0 and "already exists" in result.output
