"""Residents sign in with an emailed one-time link and see the appeals they sent; nothing of the staff area opens."""

import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.appeals.models import AppealStatus
from app.models_base import utcnow
from app.outbox.models import OutboxMessage
from app.residents.models import ResidentSignInToken
from tests.fixtures.accounts import csrf_token


def ask_for_link(client, email="Ani@Example.am"):
    return client.post("/account/login?lang=en", data={"email": email, "csrf_token": csrf_token(client,
                                                                                                 "/account/login")})


def emailed_link(session, to="ani@example.am"):
    session.expire_all()
    message = session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == to)
                              .order_by(OutboxMessage.id.desc())).first()
    assert message is not None, "no sign-in email"
    return re.search(r"http://localhost(/account/login/\S+)", message.body_text).group(1)


def sign_in(client, session, email="ani@example.am"):
    assert ask_for_link(client, email).status_code == 302
    link = emailed_link(session, email.lower())
    assert client.get(link).headers["Location"] == "/account/login/confirm"
    response = client.post("/account/login/confirm", data={"csrf_token": csrf_token(client, "/account/login/confirm")})
    assert response.status_code == 302 and response.headers["Location"] == "/account/appeals"
    return response


@pytest.fixture
def appeals(world, make_appeal):
    return {
        "mine": make_appeal(world.village, applicant_email="ANI@example.am", subject="Broken street lights"),
        "mine_closed": make_appeal(world.centre, applicant_email="ani@example.am", subject="Playground fence",
                                   status=AppealStatus.ANSWERED, answer_text="Fixed on Monday."),
        "other": make_appeal(world.centre, applicant_email="aram@example.am", subject="Someone else's water"),
    }


def test_the_sign_in_link_is_emailed_and_works_once(client, session, world):
    client.set_cookie("lang", "en")
    response = ask_for_link(client)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A sign-in link for Ani@Example.am is queued" in page
    link = emailed_link(session)
    token = link.rsplit("/", 1)[1]
    stored = session.scalars(select(ResidentSignInToken)).one()
    assert token not in stored.token_hash and stored.email == "ani@example.am"
    assert timedelta(minutes=29) < stored.expires_dt - utcnow() <= timedelta(minutes=30)

    # Opening the link exchanges it for a secret in the session, at a URL without the token, showing a button.
    assert client.get(link).headers["Location"] == "/account/login/confirm"
    page = client.get("/account/login/confirm")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    # The link in the e-mail (and in any access log) no longer works, in this browser or any other.
    assert client.get(link).status_code == 404
    assert client.post("/account/login/confirm",
                       data={"csrf_token": csrf_token(client, "/account/login/confirm")}).status_code == 302
    # Used once: a second use is refused.
    assert client.get("/account/login/confirm").status_code == 404


def test_an_expired_or_unknown_link_does_not_sign_in(client, session, world):
    ask_for_link(client)
    link = emailed_link(session)
    row = session.scalars(select(ResidentSignInToken)).one()
    row.expires_dt = utcnow() - timedelta(seconds=1)
    session.flush()
    assert client.get(link).status_code == 404
    assert client.post("/account/login/confirm",
                       data={"csrf_token": csrf_token(client, "/account/login")}).status_code == 404
    assert client.get("/account/login/not-a-token").status_code == 404
    assert client.get("/account/appeals").status_code == 302


def test_my_appeals_lists_the_appeals_of_the_verified_address_only(client, session, appeals):
    client.set_cookie("lang", "en")
    sign_in(client, session)
    response = client.get("/account/appeals")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Broken street lights" in html and "Playground fence" in html  # the address matched case-insensitively
    assert "Someone else" not in html
    assert "Answered" in html and appeals["mine"].tracking_number in html

    page = client.get(f"/account/appeals/{appeals['mine_closed'].tracking_number}")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Fixed on Monday." in page.get_data(as_text=True)
    # Another applicant's appeal is a 404, like a missing one.
    assert client.get(f"/account/appeals/{appeals['other'].tracking_number}").status_code == 404
    assert client.get("/account/appeals/TST-2026-999999").status_code == 404


def test_visitors_who_are_not_signed_in_are_sent_to_the_sign_in_form(client, appeals):
    for path in ("/account/appeals", f"/account/appeals/{appeals['mine'].tracking_number}"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/account/login"


def test_a_resident_never_gets_into_the_staff_area(client, session, appeals):
    sign_in(client, session)
    for path in ("/staff/", "/admin/outbox", "/admin/users"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login"), path


def test_signing_out_takes_a_post_and_ends_the_session(client, session, appeals):
    sign_in(client, session)
    assert client.get("/account/logout").status_code == 405
    response = client.post("/account/logout", data={"csrf_token": csrf_token(client, "/account/appeals")})
    assert response.status_code == 302
    assert client.get("/account/appeals").status_code == 302


def test_the_resident_session_expires(app, client, session, appeals, monkeypatch):
    sign_in(client, session)
    later = time.time() + app.config["RESIDENT_SESSION_HOURS"] * 3600 + 5
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/account/appeals").status_code == 302


def test_the_form_refuses_a_malformed_address(client, session, world):
    response = ask_for_link(client, "not an address")
    assert response.status_code == 422
    assert session.scalars(select(ResidentSignInToken)).first() is None


def test_sign_in_links_are_limited_per_address(client, session, world):
    client.set_cookie("lang", "en")
    for _n in range(3):
        assert ask_for_link(client, "ani@example.am").status_code == 302
    refused = ask_for_link(client, "ANI@example.am ")
    assert refused.status_code == 429 and "Too many sign-in links" in refused.get_data(as_text=True)
    assert refused.headers["Cache-Control"] == "no-store"
    # Another address from the same IP still gets its link.
    assert ask_for_link(client, "aram@example.am").status_code == 302
    session.expire_all()
    assert len(session.scalars(select(OutboxMessage)).all()) == 4


def test_sign_in_links_are_limited_per_ip(app, client, session, world, monkeypatch):
    monkeypatch.setitem(app.config, "RESIDENT_LINK_LIMITS_PER_IP", "2 per hour")
    assert ask_for_link(client, "ani@example.am").status_code == 302
    assert ask_for_link(client, "aram@example.am").status_code == 302
    assert ask_for_link(client, "gayane@example.am").status_code == 429
    session.expire_all()
    assert len(session.scalars(select(OutboxMessage)).all()) == 2
