"""Links that leave the site come from PUBLIC_URL, and requests for any other host are refused (issue 18)."""

import pathlib
import re

import pytest
from flask import Flask
from sqlalchemy import select

from app import create_app
from app.config import trusted_hosts
from app.outbox.models import OutboxMessage
from app.urls import external_url

ROOT = pathlib.Path(__file__).resolve().parents[1]


def reset_request(client, base_url, email="ani@example.am"):
    """Ask for a password reset through the form, with the browser talking to `base_url`."""
    path = "/staff/password/reset"
    html = client.get(path, base_url=base_url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    return client.post(path, base_url=base_url, data={"email": email, "csrf_token": token})


def outbox(session):
    session.expire_all()
    return session.scalars(select(OutboxMessage)).all()


def test_a_reset_request_with_a_forged_host_is_refused_and_sends_nothing(client, make_user, session):
    make_user("ani@example.am")
    response = client.post("/staff/password/reset", headers={"Host": "evil.example"},
                           data={"email": "ani@example.am"})
    assert response.status_code == 400
    assert outbox(session) == []


def test_a_public_page_asked_for_under_another_host_is_refused(client):
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_a_reset_link_points_at_the_public_address_whatever_host_the_request_used(client, make_user, session):
    make_user("ani@example.am")
    # 127.0.0.1 is trusted (a health check reaches a worker directly), but it is not the public address.
    assert reset_request(client, "http://127.0.0.1:8000").status_code == 302
    (message,) = outbox(session)
    assert re.search(r"http://localhost/staff/password/reset/[A-Za-z0-9_-]+", message.body_text)
    assert "127.0.0.1" not in message.body_text


def test_api_links_point_at_the_public_address(client):
    body = client.get("/api/v1/", base_url="http://127.0.0.1:8000").get_json()
    assert body["links"]["actions"].startswith("http://localhost/api/v1/")


def test_trusted_hosts_are_the_public_host_and_the_extra_ones():
    assert trusted_hosts("https://hashvetu.example.am", "localhost, 127.0.0.1") == [
        "hashvetu.example.am", "localhost", "127.0.0.1"]


def test_a_public_url_that_is_not_an_absolute_address_stops_the_app_from_starting(tmp_path):
    with pytest.raises(ValueError, match="PUBLIC_URL"):
        create_app({"PUBLIC_URL": "hashvetu.example.am", "SECRET_KEY": "x",
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'unused.sqlite3'}"})


def test_external_urls_keep_the_path_of_a_public_url_under_a_prefix():
    app = Flask(__name__)
    app.config["PUBLIC_URL"] = "https://example.am/hashvetu"
    app.add_url_rule("/actions/<int:action_id>", "action", lambda action_id: "")
    with app.app_context():
        assert external_url("action", action_id=7, _anchor="report-2") == "https://example.am/hashvetu/actions/7#report-2"


def test_no_link_is_built_from_the_request_host():
    """Every absolute link goes through app.urls.external_url; url_for(..., _external=True) follows the Host."""
    offenders = [str(path.relative_to(ROOT)) for folder in ("app", "templates") for path in (ROOT / folder).rglob("*")
                 if path.suffix in {".py", ".html", ".txt", ".xml"} and "_external=True" in path.read_text("utf-8")
                 and path.name != "urls.py"]
    assert offenders == []
