"""Open311 GeoReport v2: services are the appeal kinds; submitting creates an appeal; status is public-only."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from app.appeals.models import Appeal, AppealChannel, AppealStatus, Publication
from tests.fixtures.accounts import csrf_token


def post(client, lang="hy", **overrides):
    """Post an Open311 request; an override of None leaves that field out."""
    values = {"service_code": "complaint", "description": "The street light on Gosh road is broken.",
              "first_name": "Anahit", "last_name": "Petrosyan", "email": "anahit@example.am",
              "attribute[settlement]": "gosh"}
    values.update(overrides)
    return client.post(f"/open311/v2/requests.json?lang={lang}",
                       data={k: v for k, v in values.items() if v is not None})


def test_discovery_and_services_describe_the_four_kinds_of_appeal(client, world):
    discovery = client.get("/open311/v2/discovery.json").get_json()
    assert discovery["endpoints"][0]["url"] == "http://localhost/open311/v2"
    services = client.get("/open311/v2/services.json?lang=en").get_json()
    assert [(s["service_code"], s["service_name"]) for s in services] == [
        ("application", "Application"), ("complaint", "Complaint"), ("proposal", "Proposal"),
        ("information_request", "Information request")]
    definition = client.get("/open311/v2/services/complaint.json").get_json()
    settlement = next(a for a in definition["attributes"] if a["code"] == "settlement")
    assert settlement["required"] is True
    assert [v["key"] for v in settlement["values"]] == ["town", "gosh"]
    assert client.get("/open311/v2/services/nothing.json").status_code == 404


def test_an_open311_request_becomes_an_appeal_and_its_public_status_follows_it(client, world, session, make_user,
                                                                              auth):
    response = post(client)

    assert response.status_code == 201
    (created,) = response.get_json()
    number = created["service_request_id"]
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    # The officers' inbox lists appeals by status; an Open311 one is there as received, with its channel.
    assert appeal.channel == AppealChannel.OPEN311
    assert appeal.status == AppealStatus.RECEIVED
    assert appeal.settlement_id == world.village.id
    assert appeal.applicant_name == "Anahit Petrosyan"
    assert created["tracking_url"] == f"http://localhost/appeals/track/{number}"
    assert created["access_code"] not in created["tracking_url"] and len(created["access_code"]) == 13

    (status,) = client.get(f"/open311/v2/requests/{number}.json").get_json()
    assert status["status"] == "open"
    assert status["service_code"] == "complaint"
    assert status["expected_datetime"] == f"{appeal.due_date.isoformat()}T23:59:59+04:00"
    assert "description" not in status

    # An officer finds it in the inbox and answers it there.
    officer = make_user("officer311@example.am", roles=(("officer", None),))
    auth.login(officer)
    inbox = client.get("/staff/appeals/?lang=en").get_data(as_text=True)
    assert number in inbox
    page = f"/staff/appeals/{number}"
    assert "Anahit Petrosyan" in client.get(page).get_data(as_text=True)
    answered = client.post(f"{page}/answer", data={"csrf_token": csrf_token(client, page),
                                                   "answer_text": "The light was repaired."})
    assert answered.status_code == 302
    auth.logout()
    (status,) = client.get(f"/open311/v2/requests.json?service_request_id={number}").get_json()
    assert status["status"] == "closed"
    assert status["updated_datetime"] >= status["requested_datetime"]
    closed = client.get("/open311/v2/requests.json?status=closed").get_json()
    assert [r["service_request_id"] for r in closed] == [number]
    assert client.get("/open311/v2/requests.json?status=open").get_json() == []


def test_the_receipt_email_goes_out_as_for_the_web_form(client, world, session):
    from app.outbox.models import OutboxMessage

    post(client)
    assert session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "anahit@example.am"))


@pytest.mark.parametrize(("overrides", "status", "message"), [
    ({"service_code": "nothing"}, 404, "no such service"),
    ({"description": ""}, 400, "description"),
    ({"first_name": None}, 400, "first_name"),
    ({"description": "x" * 20001}, 400, "too long"),
    ({"email": None}, 400, "email address or a phone"),
    ({"email": "not-an-email"}, 400, "email address is not valid"),
    ({"attribute[settlement]": "atlantis"}, 400, "no such settlement"),
    ({"attribute[institution]": "nobody"}, 400, "no such institution"),
])
def test_an_incomplete_request_is_refused_with_an_open311_error(client, world, session, overrides, status, message):
    response = post(client, lang="en", **overrides)
    assert response.status_code == status
    (error,) = response.get_json()
    assert error["code"] == status
    assert message in error["description"]
    assert session.scalar(select(Appeal)) is None


@pytest.mark.parametrize("typed", ["+374 93 123456", "093 123 456", "00374 93-12-34-56", "(093) 12 34 56"])
def test_a_phone_number_is_enough_contact_and_is_stored_in_e164(client, world, session, typed):
    response = post(client, email=None, phone=typed)
    assert response.status_code == 201
    appeal = session.scalar(select(Appeal))
    assert appeal.applicant_phone == "+37493123456"  # as the web form stores it: SMS and "My appeals" reach it


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "This is not a phone number we can send a text message to. Write it like 091 234567 or +374 91 234567."),
    ("hy", "Այս համարին SMS ուղարկել հնարավոր չէ։"),
    ("ru", "На этот номер нельзя отправить SMS."),
])
@pytest.mark.parametrize("typed", ["12345", "+374 12 345", "call me maybe", "0000000000"])
def test_a_number_no_text_message_can_reach_is_refused_in_the_readers_language(client, world, session, typed, lang,
                                                                               message):
    response = post(client, email=None, phone=typed, lang=lang)
    assert response.status_code == 400
    (error,) = response.get_json()
    assert error["code"] == 400 and error["description"].startswith(message)
    assert session.scalar(select(Appeal)) is None


def test_submissions_are_rate_limited_like_the_web_form(client, world):
    codes = [post(client).status_code for _ in range(6)]
    assert codes == [201] * 5 + [429]
    assert post(client).get_json()[0]["code"] == 429


def test_the_description_is_public_only_once_an_officer_published_it(client, world, make_appeal):
    private = make_appeal(world.village, kind="proposal", text="My raw words")
    published = make_appeal(world.village, kind="proposal", text="Raw again", publication=Publication.PUBLISHED,
                            public_text="An anonymised proposal.", public_answer="We will.",
                            published_dt=datetime.now(timezone.utc), status=AppealStatus.ANSWERED)

    found = {r["service_request_id"]: r for r in client.get(
        f"/open311/v2/requests.json?service_request_id={private.tracking_number},{published.tracking_number}"
        "&lang=en").get_json()}

    assert "description" not in found[private.tracking_number]
    assert found[published.tracking_number]["description"] == "An anonymised proposal."
    assert found[published.tracking_number]["status_notes"] == "Answered. We will."


def test_an_unknown_request_is_an_open311_404(client, world):
    response = client.get("/open311/v2/requests/TST-2026-000404.json")
    assert response.status_code == 404
    assert response.get_json()[0]["code"] == 404


def test_submissions_with_one_api_key_are_limited_across_addresses(client, app, world, monkeypatch):
    monkeypatch.setitem(app.config, "OPEN311_LIMITS_PER_KEY", "3 per hour")
    data = {"service_code": "complaint", "description": "Broken light.", "first_name": "Anahit",
            "last_name": "Petrosyan", "email": "anahit@example.am", "attribute[settlement]": "gosh",
            "api_key": "city-app"}
    codes = [client.post("/open311/v2/requests.json", data=data,
                         environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code for n in range(1, 5)]
    assert codes == [201, 201, 201, 429]


def test_a_client_without_an_api_key_is_limited_by_address_only(client, app, world, monkeypatch):
    monkeypatch.setitem(app.config, "OPEN311_LIMITS_PER_KEY", "1 per hour")
    assert [post(client).status_code for _ in range(2)] == [201, 201]
