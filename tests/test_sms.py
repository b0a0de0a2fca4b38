"""Text messages for applicants who gave only a phone number: numbers, encoding, a gateway and "My appeals"."""

import json
import re
import threading
import time
from base64 import b64decode
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from sqlalchemy import select

from app.appeals.models import Appeal
from app.models_base import utcnow
from app.outbox.models import OutboxMessage
from app.outbox.services import deliver_due
from app.sms.encoding import fit_message, split_message
from app.sms.gateways import FileGateway, HttpGateway
from app.sms.phones import InvalidPhone, normalize_phone
from app.sms.services import queue_sms
from tests.fixtures.accounts import csrf_token
from tests.test_appeals import appeal_data, receipt

ARMENIAN = "Ձեր դիմումը ստացվել է"  # 21 characters, none of them GSM-7


# --- Numbers ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["091 23 45 67", "091-234-567", "(091) 234567", "+374 91 234567", "+37491234567",
                                   "00374 91 234 567", " 091234567 "])
def test_armenian_numbers_are_read_in_every_usual_form(typed):
    assert normalize_phone(typed) == "+37491234567"


@pytest.mark.parametrize("typed", ["12345", "+374 12", "091 23 45", "not a number", "+374 91 234567 890", ""])
def test_numbers_no_message_can_reach_are_refused(typed):
    with pytest.raises(InvalidPhone):
        normalize_phone(typed)


# --- Encoding ---------------------------------------------------------------------------------------------------

def test_a_latin_text_of_160_characters_is_one_gsm7_part():
    encoded = split_message("a" * 160)
    assert (encoded.encoding, encoded.count) == ("GSM-7", 1)


def test_a_latin_text_of_161_characters_goes_in_parts_of_153():
    encoded = split_message("a" * 161)
    assert [len(p) for p in encoded.parts] == [153, 8]


def test_extension_characters_count_twice_and_are_never_split():
    encoded = split_message("a" * 152 + "€" + "b" * 10)
    assert encoded.units == 152 + 2 + 10 and encoded.parts[0] == "a" * 152 and encoded.parts[1].startswith("€")


def test_armenian_is_ucs2_70_characters_alone():
    encoded = split_message("Ա" * 70)
    assert (encoded.encoding, encoded.count) == ("UCS-2", 1)


def test_armenian_over_70_characters_goes_in_parts_of_67():
    encoded = split_message("Ա" * 71)
    assert [len(p) for p in encoded.parts] == [67, 4]


def test_one_armenian_letter_makes_a_latin_text_ucs2():
    assert split_message("Appeal DIL-2026-000123 ստացվել").encoding == "UCS-2"


def test_a_long_text_is_cut_to_the_allowed_parts():
    cut = fit_message(ARMENIAN * 20, 2)
    assert split_message(cut).count == 2 and cut.endswith("…")


def test_a_cut_latin_text_stays_gsm7():
    cut = fit_message("x" * 1000, 3)
    assert split_message(cut).encoding == "GSM-7" and split_message(cut).count == 3 and cut.endswith("...")


# --- A local HTTP server standing in for the provider ------------------------------------------------------------

class FakeGateway:
    """An HTTP server on 127.0.0.1 that records each request and answers with the next configured status."""

    def __init__(self):
        self.requests, self.statuses, self.delay = [], [], 0.0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                fake.requests.append({"method": self.command, "path": self.path, "headers": dict(self.headers),
                                      "body": self.rfile.read(length).decode("utf-8")})
                if fake.delay:
                    time.sleep(fake.delay)
                status = fake.statuses.pop(0) if fake.statuses else 200
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"ok": true}' if status == 200 else b'{"error": "no"}')
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout test)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    fake = FakeGateway()
    yield fake
    fake.close()


def queued(session, app, to="+37491234567", text=ARMENIAN):
    with app.test_request_context():
        from app.extensions import db

        message = queue_sms(to, text)
        db.session.commit()
        return message.id


def deliver(app, gateway_transport):
    with app.app_context():
        return deliver_due(gateway_transport, channel="sms")


def row(session, message_id):
    session.expire_all()
    return session.get(OutboxMessage, message_id)


def test_the_http_gateway_posts_the_number_and_text_as_configured(app, client, session, gateway):
    message_id = queued(session, app)
    transport = HttpGateway(gateway.url, "POST", {"phone": "{to_digits}", "message": "{text}", "from": "{sender}"},
                            "form", "basic", "dilijan", "s3cret", sender="Dilijan")
    report = deliver(app, transport)
    sent = gateway.requests[0]
    assert report.sent == [message_id] and row(session, message_id).state == "sent"
    assert parse_qs(sent["body"]) == {"phone": ["37491234567"], "message": [ARMENIAN], "from": ["Dilijan"]}
    assert b64decode(sent["headers"]["Authorization"].split()[1]) == b"dilijan:s3cret"


def test_the_http_gateway_can_send_json_with_a_bearer_token(app, client, session, gateway):
    queued(session, app)
    deliver(app, HttpGateway(gateway.url, "POST", {"to": "{to}", "body": "{text}"}, "json", "bearer", token="tok"))
    sent = gateway.requests[0]
    assert json.loads(sent["body"]) == {"to": "+37491234567", "body": ARMENIAN}
    assert sent["headers"]["Authorization"] == "Bearer tok"


def test_a_4xx_answer_is_permanent_and_shown_as_failed(app, client, session, gateway):
    message_id = queued(session, app)
    gateway.statuses = [400]
    report = deliver(app, HttpGateway(gateway.url))
    message = row(session, message_id)
    assert report.gave_up == [message_id] and message.state == "failed" and message.attempts == 1
    assert "400" in message.last_error


def test_a_5xx_answer_is_retried_later(app, client, session, gateway):
    message_id = queued(session, app)
    gateway.statuses = [503]
    report = deliver(app, HttpGateway(gateway.url))
    message = row(session, message_id)
    assert report.retrying == [message_id] and message.state == "queued" and message.next_attempt_dt > utcnow()


def test_a_gateway_that_does_not_answer_in_time_is_retried_later(app, client, session, gateway):
    message_id = queued(session, app)
    gateway.delay = 1.5
    report = deliver(app, HttpGateway(gateway.url, timeout=0.3))
    assert report.retrying == [message_id] and "timed out" in row(session, message_id).last_error.lower()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://sms.example.am/send", "sms.example.am/send", None])
def test_a_gateway_address_that_is_not_http_or_https_is_refused(url):
    """urllib would read a local file for file://: the configured address must be a web address."""
    with pytest.raises(ValueError, match="SMS_HTTP_URL must be an http or https address"):
        HttpGateway(url)


def test_the_gateway_url_with_its_key_never_reaches_the_stored_error(app, client, session, gateway):
    message_id = queued(session, app)
    gateway.statuses = [401]
    deliver(app, HttpGateway(gateway.url + "?api_key=SECRETKEY", "GET", body="query"))
    assert "SECRETKEY" not in row(session, message_id).last_error


def test_sms_are_not_sent_as_email(app, client, session, tmp_path):
    message_id = queued(session, app)
    with app.app_context():
        from app.outbox.transport import FileTransport

        report = deliver_due(FileTransport(str(tmp_path / "mail")))
    assert report.sent == [] and row(session, message_id).state == "queued"


def test_the_file_gateway_writes_each_text_for_development(app, client, session, tmp_path):
    message_id = queued(session, app)
    deliver(app, FileGateway(str(tmp_path / "sms")))
    assert (tmp_path / "sms" / f"{message_id}.txt").read_text(encoding="utf-8") == f"To: +37491234567\n\n{ARMENIAN}\n"


# --- Applicants who gave only a phone number ----------------------------------------------------------------------

def sms_to(session, number="+37491234567"):
    session.expire_all()
    return session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "sms",
                                                       OutboxMessage.to_address == number)
                           .order_by(OutboxMessage.id)).all()


def test_an_invalid_phone_number_is_refused_with_a_translated_message(client, app, world):
    response = client.post("/appeals/new?lang=hy", data=appeal_data(
        client, app, world, applicant_email="", applicant_phone="12345"), content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Այս համարին SMS ուղարկել հնարավոր չէ" in html


def test_a_phone_only_applicant_gets_the_receipt_by_sms_in_their_language(client, app, world, session):
    number, secret = receipt(client, app, world, applicant_email="", applicant_phone="091 23 45 67")
    (message,) = sms_to(session)
    assert number in message.body_text and secret in message.body_text and "received" in message.body_text
    assert session.scalar(select(Appeal.applicant_phone).where(Appeal.tracking_number == number)) == "+37491234567"


def test_an_applicant_with_an_email_gets_no_sms(client, app, world, session):
    receipt(client, app, world, applicant_phone="091 23 45 67")
    assert sms_to(session) == []


def test_a_phone_only_applicant_hears_of_the_answer_by_sms(client, app, world, session, make_user, auth):
    number, _secret = receipt(client, app, world, applicant_email="", applicant_phone="+374 91 234567")
    officer = make_user("sms.officer@example.am", roles=(("officer", None),))
    auth.login(officer)
    page = f"/staff/appeals/{number}"
    for step, data in (("register", {}), ("answer", {"answer_text": "Done."})):
        assert client.post(f"{page}/{step}", data={"csrf_token": csrf_token(client, page), **data}).status_code == 302
    texts = [m.body_text for m in sms_to(session)]
    assert len(texts) == 3 and "registered" in texts[1] and "answer" in texts[2] and "ready" in texts[2]


def ask_for_code(client, phone="091 234567"):
    return client.post("/account/login/phone?lang=en",
                       data={"phone": phone, "csrf_token": csrf_token(client, "/account/login/phone")})


def texted_code(session):
    return re.search(r"\b(\d{6})\b", sms_to(session)[-1].body_text).group(1)


def test_a_phone_only_applicant_signs_in_to_my_appeals_with_a_code(client, app, world, session):
    number, _secret = receipt(client, app, world, applicant_email="", applicant_phone="091 23 45 67")
    assert ask_for_code(client).status_code == 302
    code = texted_code(session)
    response = client.post("/account/login/code", data={"code": code, "csrf_token": csrf_token(
        client, "/account/login/code")})
    assert response.status_code == 302 and response.headers["Location"] == "/account/appeals"
    assert number in client.get("/account/appeals").get_data(as_text=True)


def test_the_code_works_once(client, app, world, session):
    receipt(client, app, world, applicant_email="", applicant_phone="091 23 45 67")
    ask_for_code(client)
    code = texted_code(session)
    token = csrf_token(client, "/account/login/code")
    client.post("/account/login/code", data={"code": code, "csrf_token": token})
    client.post("/account/logout", data={"csrf_token": csrf_token(client, "/account/appeals")})
    ask_for_code(client)  # a new code is sent; the old one is spent
    again = client.post("/account/login/code", data={"code": code, "csrf_token": csrf_token(
        client, "/account/login/code")})
    assert again.status_code == 422


def test_a_code_dies_after_too_many_wrong_tries(client, app, world, session):
    receipt(client, app, world, applicant_email="", applicant_phone="091 23 45 67")
    ask_for_code(client)
    code = texted_code(session)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(app.config["PHONE_CODE_MAX_TRIES"]):
        client.post("/account/login/code",
                    data={"code": wrong, "csrf_token": csrf_token(client, "/account/login/code")})
    response = client.post("/account/login/code", data={"code": code, "csrf_token": csrf_token(
        client, "/account/login/code")})
    assert response.status_code == 422


def test_an_expired_code_is_refused(client, app, world, session):
    import time_machine

    receipt(client, app, world, applicant_email="", applicant_phone="091 23 45 67")
    ask_for_code(client)
    code = texted_code(session)
    with time_machine.travel(time.time() + (app.config["PHONE_CODE_MINUTES"] + 1) * 60):
        response = client.post("/account/login/code", data={"code": code, "csrf_token": csrf_token(
            client, "/account/login/code")})
    assert response.status_code == 422


def test_the_code_is_stored_only_as_a_keyed_hash(client, app, world, session):
    from app.residents.models import ResidentPhoneCode

    receipt(client, app, world, applicant_email="", applicant_phone="091 23 45 67")
    ask_for_code(client)
    code = texted_code(session)
    stored = session.scalars(select(ResidentPhoneCode)).one()
    assert code not in stored.code_hash and len(stored.code_hash) == 64


def test_a_number_that_sent_no_appeal_gets_no_sms_and_the_same_answer(client, app, world, session):
    response = ask_for_code(client, "093 111 222")
    assert response.status_code == 302 and sms_to(session, "+37493111222") == []


def test_asking_for_codes_is_rate_limited_per_number(client, app, world, session):
    receipt(client, app, world, applicant_email="", applicant_phone="091 23 45 67")
    for _ in range(3):
        assert ask_for_code(client).status_code == 302
    response = ask_for_code(client, "+374 91 234567")  # the same number written otherwise
    assert response.status_code == 429 and "Too many codes" in response.get_data(as_text=True)
