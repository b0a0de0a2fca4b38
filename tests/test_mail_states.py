"""Screens that mention an e-mail tell the truth about it (queued, sent, failed, or saved as a file without a mail
server); admins see failed deliveries and send them again; without a mail server the admin copies a setup link."""

import html
import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.appeals.routes import RECEIPT_KEY
from app.models_base import utcnow
from app.outbox.models import OutboxMessage
from tests.fixtures.accounts import csrf_token


@pytest.fixture
def english(client):
    client.set_cookie("lang", "en")


@pytest.fixture
def mail_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_FILE_FOLDER", str(tmp_path / "mail"))
    monkeypatch.setitem(app.config, "MAIL_TRANSPORT", "file")
    return tmp_path / "mail"


@pytest.fixture
def smtp_configured(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_TRANSPORT", "smtp")


@pytest.fixture
def immediate_worker(app, mail_folder):
    huey = app.extensions["worker"].huey
    huey.immediate = True
    yield huey
    huey.immediate = False


def text(response):
    return response.get_data(as_text=True)


def plain(response):
    """The page's text without tags and with single spaces, as a reader sees it."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text(response))))


# --- the resident's receipt -------------------------------------------------------------------------------------


def receipt_page(client, session, appeal, **mail):
    session.add(OutboxMessage(to_address="ani@example.am", subject="Receipt", body_text="x",
                              reference=f"appeal-receipt:{appeal.tracking_number}", **mail))
    session.flush()
    with client.session_transaction() as browser_session:
        # The session holds the receipt for a while: number, access code (make_appeal's "secret") and until when.
        browser_session[RECEIPT_KEY] = {"number": appeal.tracking_number, "code": "secret",
                                        "until": time.time() + 3600}
    response = client.get("/appeals/receipt")
    assert response.status_code == 200
    return plain(response)


def test_the_receipt_no_longer_claims_the_link_was_sent(client, session, english, make_appeal, smtp_configured):
    page = receipt_page(client, session, make_appeal())
    assert "has also been sent" not in page
    assert "An e-mail to ani@example.am is queued and leaves within a minute." in page


def test_the_receipt_says_when_the_email_was_sent(client, session, english, make_appeal, smtp_configured):
    page = receipt_page(client, session, make_appeal(), sent_dt=utcnow(), attempts=1)
    assert "An e-mail was sent to ani@example.am on" in page


def test_the_receipt_says_when_the_email_could_not_be_delivered(client, session, english, make_appeal,
                                                                smtp_configured):
    page = receipt_page(client, session, make_appeal(), failed_dt=utcnow(), attempts=1,
                        last_error="550 5.1.1 no such user")
    assert "The e-mail to ani@example.am could not be delivered." in page
    assert "550" not in page  # the server's answer is for staff


def test_without_a_mail_server_the_receipt_says_nothing_is_sent(client, session, english, make_appeal, mail_folder):
    page = receipt_page(client, session, make_appeal(), sent_dt=utcnow(), attempts=1)
    assert "E-mail is not sent from this site yet" in page and "saved on the server instead of being sent" in page
    assert str(mail_folder) not in page  # the server's folders are for staff


def test_a_receipt_without_an_address_mentions_no_email(client, session, english, make_appeal):
    appeal = make_appeal(applicant_email=None, applicant_phone="+37493000000")
    with client.session_transaction() as browser_session:
        # The session holds the receipt for a while: number, access code (make_appeal's "secret") and until when.
        browser_session[RECEIPT_KEY] = {"number": appeal.tracking_number, "code": "secret",
                                        "until": time.time() + 3600}
    assert "e-mail" not in plain(client.get("/appeals/receipt")).lower()


def sms_receipt_page(client, session, appeal, **state):
    session.add(OutboxMessage(channel="sms", to_address="+37491234567", subject="Receipt", body_text="x",
                              reference=f"appeal-receipt:{appeal.tracking_number}", **state))
    session.flush()
    with client.session_transaction() as browser_session:
        browser_session[RECEIPT_KEY] = {"number": appeal.tracking_number, "code": "secret",
                                        "until": time.time() + 3600}
    response = client.get("/appeals/receipt")
    assert response.status_code == 200
    return plain(response)


@pytest.fixture
def sms_gateway(app, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_TRANSPORT", "http")


@pytest.fixture
def phone_only(make_appeal):
    return make_appeal(applicant_email=None, applicant_phone="+37491234567")


def test_a_phone_only_receipt_says_the_sms_is_queued(client, session, english, phone_only, sms_gateway):
    page = sms_receipt_page(client, session, phone_only)
    assert "A text message with the number and the code to +374 91 234567 is queued and leaves within a minute" in page


def test_a_phone_only_receipt_says_when_the_sms_was_sent(client, session, english, phone_only, sms_gateway):
    page = sms_receipt_page(client, session, phone_only, sent_dt=utcnow(), attempts=1)
    assert "A text message with the number and the code was sent to +374 91 234567 on" in page


def test_a_phone_only_receipt_says_when_the_sms_failed(client, session, english, phone_only, sms_gateway):
    page = sms_receipt_page(client, session, phone_only, failed_dt=utcnow(), attempts=1, last_error="gateway 400")
    assert "The text message to +374 91 234567 could not be delivered. Keep the number and the code" in page
    assert "gateway 400" not in page


def test_without_an_sms_gateway_the_receipt_says_the_sms_is_not_sent(client, session, english, phone_only):
    page = sms_receipt_page(client, session, phone_only)  # queued, with the file gateway of development
    assert "This site does not send text messages yet (no SMS gateway is set up)" in page
    assert "is queued" not in page


# --- the admin creating an account ------------------------------------------------------------------------------


def create_account(client, email="new.officer@example.am"):
    return client.post("/admin/users/new", data={
        "email": email, "full_name": "Narek Sargsyan", "roles": ["officer"],
        "csrf_token": csrf_token(client, "/admin/users/new")}, follow_redirects=True)


def test_without_a_mail_server_the_admin_copies_a_working_setup_link(app, client, session, auth, make_user, english,
                                                                     mail_folder):
    auth.login(make_user())
    response = create_account(client)
    page = plain(response)
    assert "was sent" not in page
    assert "E-mail is not sent from this site yet: copy the link below and give it to Narek Sargsyan yourself." in page
    assert "Setup link for Narek Sargsyan: give it to them yourself" in page
    assert response.headers["Cache-Control"] == "no-store"
    link = re.search(r'id="setup-link" type="text" readonly value="([^"]+)"', text(response)).group(1)
    assert link.startswith(app.config["PUBLIC_URL"])
    auth.logout()
    path = link[len(app.config["PUBLIC_URL"]):]
    assert client.get(path, follow_redirects=True).status_code == 200


def test_with_a_mail_server_the_admin_sees_the_email_queued_and_no_link(client, session, auth, make_user, english,
                                                                        smtp_configured):
    auth.login(make_user())
    response = create_account(client)
    page = plain(response)
    assert "An e-mail with a link to set a password is queued for new.officer@example.am" in page
    assert "An e-mail to new.officer@example.am is queued and leaves within a minute." in page
    assert 'id="setup-link"' not in text(response)


def test_the_user_page_shows_a_failed_setup_email_and_sends_it_again(client, session, auth, make_user, english,
                                                                     smtp_configured):
    auth.login(make_user())
    create_account(client)
    user = session.scalar(select(User).where(User.email == "new.officer@example.am"))
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.reference == f"password-link:{user.id}"))
    message.failed_dt, message.attempts, message.last_error = utcnow(), 1, "550 5.1.1 No such user"
    session.flush()
    page = plain(client.get(f"/admin/users/{user.id}"))
    assert "The e-mail to new.officer@example.am could not be delivered." in page
    assert "The mail server answered: 550 5.1.1 No such user" in page

    response = client.post(f"/admin/outbox/{message.id}/retry", data={
        "csrf_token": csrf_token(client, f"/admin/users/{user.id}"), "next": f"/admin/users/{user.id}"})
    assert response.status_code == 302 and response.headers["Location"] == f"/admin/users/{user.id}"
    session.expire_all()
    again = session.get(OutboxMessage, message.id)
    assert again.state == "queued" and again.attempts == 0 and again.failed_dt is None


# --- the admin's outbox -----------------------------------------------------------------------------------------


@pytest.fixture
def failed_and_queued(session):
    now = utcnow()
    rows = [OutboxMessage(to_address="bad@example.am", subject="Bounced", body_text="x", attempts=1,
                          failed_dt=now, last_error="550 5.1.1 No such user"),
            OutboxMessage(to_address="busy@example.am", subject="Busy", body_text="y", attempts=2,
                          last_error="450 busy", next_attempt_dt=now + timedelta(minutes=5)),
            OutboxMessage(to_address="ok@example.am", subject="Delivered", body_text="z", attempts=1, sent_dt=now)]
    session.add_all(rows)
    session.flush()
    return rows


def test_admins_list_the_failed_deliveries_alone(client, auth, make_user, english, failed_and_queued):
    auth.login(make_user())
    page = plain(client.get("/admin/outbox?state=failed"))
    assert "Bounced" in page and "550 5.1.1 No such user" in page
    assert "Busy" not in page and "Delivered" not in page
    assert "1 message could not be delivered." in page


def test_an_admin_sends_a_failed_message_again_and_the_worker_delivers_it(client, session, auth, make_user, english,
                                                                          failed_and_queued, immediate_worker,
                                                                          mail_folder):
    auth.login(make_user())
    bounced = failed_and_queued[0]
    response = client.post(f"/admin/outbox/{bounced.id}/retry",
                           data={"csrf_token": csrf_token(client, "/admin/outbox")}, follow_redirects=True)
    assert "The message to bad@example.am is queued again" in plain(response)
    assert (mail_folder / f"{bounced.id}.eml").exists()
    session.expire_all()
    assert session.get(OutboxMessage, bounced.id).state == "sent"


def test_an_admin_queues_every_failed_message_again(client, session, auth, make_user, english, failed_and_queued):
    auth.login(make_user())
    response = client.post("/admin/outbox/retry-failed", data={"csrf_token": csrf_token(client, "/admin/outbox")},
                           follow_redirects=True)
    assert "1 failed message is queued again." in plain(response)
    session.expire_all()
    assert [m.state for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))] == [
        "queued", "queued", "sent"]


def test_the_outbox_says_where_mail_goes_without_a_mail_server(client, auth, make_user, english, mail_folder,
                                                               failed_and_queued):
    auth.login(make_user())
    page = plain(client.get("/admin/outbox"))
    assert "E-mail is not sent from this site yet: no mail server is set up." in page
    assert str(mail_folder) in page
    assert f"Saved as a file, not sent {mail_folder}/{failed_and_queued[2].id}.eml" in page


def test_a_sent_message_is_not_sent_again(client, session, auth, make_user, english, failed_and_queued):
    auth.login(make_user())
    delivered = failed_and_queued[2]
    response = client.post(f"/admin/outbox/{delivered.id}/retry",
                           data={"csrf_token": csrf_token(client, "/admin/outbox")}, follow_redirects=True)
    assert "That message was already sent." in plain(response)


@pytest.mark.parametrize("role", ["officer", "viewer"])
def test_only_admins_send_messages_again(client, session, auth, make_user, failed_and_queued, role):
    auth.login(make_user(roles=((role, None),)))
    token = csrf_token(client, "/staff/")
    assert client.post(f"/admin/outbox/{failed_and_queued[0].id}/retry", data={"csrf_token": token}).status_code == 403
    assert client.post("/admin/outbox/retry-failed", data={"csrf_token": token}).status_code == 403
    session.expire_all()
    assert session.get(OutboxMessage, failed_and_queued[0].id).state == "failed"


def test_retrying_needs_a_csrf_token(client, session, auth, make_user, failed_and_queued):
    auth.login(make_user())
    assert client.post(f"/admin/outbox/{failed_and_queued[0].id}/retry").status_code == 400


# --- public forms: the flash tells the truth --------------------------------------------------------------------


def test_the_password_reset_form_says_when_no_mail_server_is_set_up(client, english, mail_folder):
    response = client.post("/staff/password/reset", data={
        "email": "nobody@example.am", "csrf_token": csrf_token(client, "/staff/password/reset")},
        follow_redirects=True)
    page = plain(response)
    assert "an e-mail with a link to set a new password is queued for it" in page
    assert "This site does not send e-mail yet (no mail server is set up): ask an administrator for the link." in page


# --- the inbox: what became of the applicant's messages -----------------------------------------------------------


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.am", roles=(("officer", None),), full_name="Officer Anna")


def answer(client, appeal, text="The lamp was fixed."):
    page = f"/staff/appeals/{appeal.tracking_number}"
    return client.post(f"{page}/answer", data={"csrf_token": csrf_token(client, page), "answer_text": text},
                       follow_redirects=True)


def messages_section(response):
    """The "Messages to the applicant" section of the inbox's appeal page, as text."""
    page = text(response)
    start = page.index('id="applicant-messages"')
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page[start:page.index("</section>", start)])))


def test_the_inbox_says_the_answer_email_is_queued_then_sent(client, session, auth, officer, make_appeal, english,
                                                             smtp_configured):
    appeal = make_appeal(language="en")
    auth.login(officer)
    response = answer(client, appeal)
    page = plain(response)
    assert "The answer was saved." in page and "sent to the applicant" not in page
    assert 'An e-mail to the applicant is queued; its state is shown under "Messages to the applicant".' in page
    section = messages_section(response)
    assert f"E-mail Your appeal {appeal.tracking_number} has been answered to ani@example.am Queued on" in section
    assert "it leaves within a minute" in section

    message = session.scalar(select(OutboxMessage).where(OutboxMessage.reference == f"appeal:{appeal.tracking_number}"))
    message.sent_dt, message.attempts = utcnow(), 1
    session.flush()
    section = messages_section(client.get(f"/staff/appeals/{appeal.tracking_number}"))
    assert "Sent on" in section and "Queued on" not in section
    # The moment reads day first with the month in letters, as every date of the site ("2 Dec 2026, 03:31").
    assert re.search(r"Sent on \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d\.", section), section


def test_the_inbox_shows_a_failed_message_and_admins_send_it_again(client, session, auth, officer, make_user,
                                                                   make_appeal, english, smtp_configured):
    appeal = make_appeal(language="en")
    auth.login(officer)
    answer(client, appeal)
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.reference == f"appeal:{appeal.tracking_number}"))
    message.failed_dt, message.attempts, message.last_error = utcnow(), 1, "550 5.1.1 No such user"
    session.flush()
    page_url = f"/staff/appeals/{appeal.tracking_number}"
    response = client.get(page_url)
    section = messages_section(response)
    assert "Could not be delivered. The server answered: 550 5.1.1 No such user" in section
    assert "Send again" not in section  # retrying is the admins' (the outbox is theirs)
    auth.logout()

    auth.login(make_user("admin@example.am"))
    response = client.get(page_url)
    assert "Send again" in messages_section(response)
    retried = client.post(f"/admin/outbox/{message.id}/retry", data={
        "csrf_token": csrf_token(client, page_url), "next": f"{page_url}#applicant-messages"})
    assert retried.status_code == 302 and retried.headers["Location"] == f"{page_url}#applicant-messages"
    assert "Queued on" in messages_section(client.get(page_url))


def test_a_phone_only_applicant_is_told_by_sms_and_the_inbox_says_so(client, session, auth, officer, make_appeal,
                                                                     english, app, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_TRANSPORT", "http")
    appeal = make_appeal(applicant_email=None, applicant_phone="091 23 45 67", language="en")
    # The receipt went by SMS with the access code: the inbox lists it without its text.
    session.add(OutboxMessage(channel="sms", to_address="+37491234567", subject="Your appeal has been received",
                              body_text="Access code: ABCD-EFGH", reference=f"appeal-receipt:{appeal.tracking_number}",
                              sent_dt=utcnow(), attempts=1))
    session.flush()
    auth.login(officer)
    form = plain(client.get(f"/staff/appeals/{appeal.tracking_number}"))
    assert "an SMS tells them it is ready" in form
    response = answer(client, appeal)
    assert 'An SMS to the applicant is queued; its state is shown under "Messages to the applicant".' in plain(response)
    section = messages_section(response)
    assert "each step is told by SMS to +374 91 234567" in section
    assert "SMS Your appeal has been received to +374 91 234567 Sent on" in section
    assert f"SMS Your appeal {appeal.tracking_number} has been answered to +374 91 234567 Queued on" in section
    assert "ABCD-EFGH" not in text(response)  # the access code is the applicant's alone


def test_without_a_mail_server_the_inbox_says_the_message_was_saved_not_sent(client, session, auth, officer,
                                                                            make_appeal, english, mail_folder):
    appeal = make_appeal(language="en")
    auth.login(officer)
    answer(client, appeal)
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.reference == f"appeal:{appeal.tracking_number}"))
    message.sent_dt, message.attempts = utcnow(), 1  # the file transport wrote it
    session.flush()
    section = messages_section(client.get(f"/staff/appeals/{appeal.tracking_number}"))
    assert "Not sent: this site has no mail server or SMS gateway set up" in section and "Sent on" not in section


def test_an_applicant_without_email_or_mobile_is_to_be_told_by_post(client, session, auth, officer, make_appeal,
                                                                   english):
    appeal = make_appeal(applicant_email=None, applicant_phone=None, applicant_address="Gosh, 1 Main Street")
    auth.login(officer)
    assert "tell them by post or by phone" in plain(client.get(f"/staff/appeals/{appeal.tracking_number}"))
    response = answer(client, appeal)
    assert ("The applicant gave no e-mail address and no mobile number a text message can reach: tell them by post "
            "or by phone.") in plain(response)
    assert "queued" not in messages_section(response).lower()
    assert session.scalars(select(OutboxMessage)).all() == []


# --- mail to staff is in the recipient's language, not the acting admin's ------------------------------------------


def test_the_setup_link_is_written_in_the_new_persons_language_not_the_admins(client, session, auth, make_user,
                                                                             english):
    auth.login(make_user())
    response = client.post("/admin/users/new", data={
        "email": "new.officer@example.am", "full_name": "Narek Sargsyan", "roles": ["officer"], "language": "ru",
        "csrf_token": csrf_token(client, "/admin/users/new")}, follow_redirects=True)
    assert response.status_code == 200
    assert "The account of Narek Sargsyan was created." in plain(response)  # the admin reads English
    user = session.scalar(select(User).where(User.email == "new.officer@example.am"))
    assert user.language == "ru"
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.reference == f"password-link:{user.id}"))
    assert message.subject.endswith(": ваша учётная запись сотрудника") and message.language == "ru"


def test_the_new_user_form_offers_the_email_language_armenian_first(client, auth, make_user, english):
    auth.login(make_user())
    page = text(client.get("/admin/users/new"))
    assert "Language of their emails" in page
    assert re.search(r'<option selected value="hy">|<option value="hy" selected>', page)


def test_a_reset_link_is_in_the_staff_members_language_whatever_the_browsers(client, session, make_user, english):
    make_user("ani@example.am", roles=(("officer", None),), language="hy")
    client.post("/staff/password/reset", data={
        "email": "ani@example.am", "csrf_token": csrf_token(client, "/staff/password/reset")})
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "ani@example.am"))
    assert message.subject.endswith("՝ նոր գաղտնաբառի սահմանում") and message.language == "hy"


# --- the residents' sign-in screen tells what became of its e-mail ------------------------------------------------


def ask_for_sign_in_link(client, email="ani@example.am"):
    return client.post("/account/login", data={"email": email, "csrf_token": csrf_token(client, "/account/login")},
                       follow_redirects=True)


def test_the_sign_in_screen_says_the_link_is_queued_then_sent(client, session, english, smtp_configured):
    page = plain(ask_for_sign_in_link(client))
    assert "A sign-in link for ani@example.am is queued; it works once, for 30 minutes." in page
    assert "An e-mail to ani@example.am is queued and leaves within a minute." in page and "Check again" in page
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "ani@example.am"))
    message.sent_dt, message.attempts = utcnow(), 1
    session.flush()
    page = plain(client.get("/account/login"))
    assert "An e-mail was sent to ani@example.am on" in page and "Check again" not in page


def test_the_sign_in_screen_says_when_the_link_could_not_be_delivered(client, session, english, smtp_configured):
    ask_for_sign_in_link(client)
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "ani@example.am"))
    message.failed_dt, message.attempts, message.last_error = utcnow(), 1, "550 5.1.1 no such user"
    session.flush()
    page = plain(client.get("/account/login"))
    assert "The e-mail to ani@example.am could not be delivered." in page and "550" not in page


def test_without_a_mail_server_the_sign_in_screen_says_nothing_is_sent(client, english, mail_folder):
    page = plain(ask_for_sign_in_link(client))
    assert "E-mail is not sent from this site yet (no mail server is set up)" in page
    assert str(mail_folder) not in page


def test_another_browser_sees_no_sign_in_mail(app, client, session, english, smtp_configured):
    ask_for_sign_in_link(client)
    other = app.test_client()  # a second browser
    other.test_session = session
    assert "ani@example.am" not in plain(other.get("/account/login?lang=en"))


# --- the page after subscribing tells what became of the confirmation ---------------------------------------------


def subscribe_page(client, world):
    client.post("/subscriptions/new", data={"email": "lilit@example.am", "filters": "settlement=gosh"})
    return client.get("/subscriptions/sent")


def test_after_subscribing_the_page_says_the_confirmation_is_queued_then_sent(client, session, world, english,
                                                                             smtp_configured):
    page = plain(subscribe_page(client, world))
    assert "An e-mail to lilit@example.am is queued and leaves within a minute." in page and "Check again" in page
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "lilit@example.am"))
    message.sent_dt, message.attempts = utcnow(), 1
    session.flush()
    page = plain(client.get("/subscriptions/sent"))
    assert "An e-mail was sent to lilit@example.am on" in page and "Check again" not in page


def test_after_subscribing_a_failed_confirmation_is_said(client, session, world, english, smtp_configured):
    subscribe_page(client, world)
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "lilit@example.am"))
    message.failed_dt, message.attempts = utcnow(), 1
    session.flush()
    assert "The e-mail to lilit@example.am could not be delivered." in plain(client.get("/subscriptions/sent"))


def test_without_a_mail_server_the_subscriber_is_told_nothing_is_sent(client, world, english, mail_folder):
    page = plain(subscribe_page(client, world))
    assert "E-mail is not sent from this site yet (no mail server is set up)" in page
    assert str(mail_folder) not in page
