"""A resident follows a village by email and hears at once when an action there is cancelled; a phone-only
applicant gets the receipt by SMS and signs in to "My appeals" with a code. Real servers throughout: the app on
127.0.0.1, an aiosmtpd SMTP server, a local HTTP server standing in for the SMS gateway; the worker runs its tasks
at once (HUEY_URL=immediate), so a commit that queues a message delivers it."""

import email
import email.policy
import re
import socket
import threading
import time
from datetime import date, timedelta
from itertools import count

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.conftest import make_app
from tests.e2e.conftest import WAIT_MS
from tests.test_sms import FakeGateway

PASSWORD = "editor passphrase for the subscription journey 4"
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "laptop": {"width": 1366, "height": 900}}
runs = count(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """What the SMTP server received, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def wait_for(self, to, subject_part, timeout=WAIT_MS / 1000):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages:
                if message["To"] == to and subject_part in str(message["Subject"]):
                    return message
            time.sleep(0.1)
        raise AssertionError(f"no message to {to} about {subject_part!r}; got "
                             f"{[(m['To'], str(m['Subject'])) for m in self.messages]}")


@pytest.fixture(scope="module")
def mailbox():
    from aiosmtpd.controller import Controller

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


@pytest.fixture(scope="module")
def sms_gateway():
    fake = FakeGateway()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def subs_server(tmp_path_factory, mailbox, sms_gateway):
    """The demo community served with real mail and SMS delivery; PUBLIC_URL is this server, so mailed links work."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from app.demo.seed import seed_demo_data
    from app.extensions import db

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = make_app(tmp_path_factory.mktemp("e2e-subs"), "hashvetu_e2e_subs", PUBLIC_URL=base,
                   MAIL_TRANSPORT="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=mailbox.port, SMS_TRANSPORT="http",
                   SMS_HTTP_URL=sms_gateway.url, SMS_HTTP_PARAMS='{"to": "{to}", "text": "{text}"}',
                   HUEY_URL="immediate", APPEAL_MIN_FILL_SECONDS=0)
    with app.app_context():
        seed_demo_data(datetime.now(ZoneInfo("Asia/Yerevan")).date())
        db.session.commit()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, base
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(params=["phone", "laptop"])
def viewport(request):
    return request.param


@pytest.fixture
def tab(browser, subs_server, js, viewport):
    _app, base = subs_server
    context = browser.new_context(java_script_enabled=js, base_url=base, locale="en-US",
                                  viewport=VIEWPORTS[viewport])
    context.set_default_timeout(WAIT_MS)
    yield context.new_page()
    context.close()


def village_action(app, run):
    """A planned action next month in a village, and an editor of its institution."""
    from sqlalchemy import select

    from app.accounts.models import Role
    from app.accounts.services import create_user
    from app.community.models import Settlement
    from app.extensions import db
    from app.institutions.models import Institution
    from app.schedule.models import Action, ActionStatus, FundingSource

    with app.app_context():
        village = db.session.scalars(select(Settlement).where(Settlement.is_centre.is_(False))
                                     .order_by(Settlement.position)).first()
        institution = db.session.scalars(select(Institution).order_by(Institution.id)).first()
        day = date.today() + timedelta(days=30)
        action = Action(institution=institution, settlement=village, title_hy=f"Բերքի տոն {run}",
                        title_en=f"Harvest fair {run}", start_date=day, end_date=day, budget_planned=500_000,
                        funding_source=FundingSource.COMMUNITY_BUDGET, status=ActionStatus.PLANNED, published=True)
        db.session.add(action)
        db.session.commit()
        editor = f"subs.editor{run}@example.am"
        create_user(editor, f"Editor {run}", {(Role.EDITOR, institution.id)}, password=PASSWORD)
        return village.slug, village.name_en, action.id, editor


def test_a_resident_follows_a_village_and_hears_of_a_cancellation(browser, tab, js, viewport, subs_server, mailbox):
    app, base = subs_server
    run = next(runs)
    slug, village_name, action_id, editor = village_action(app, run)
    address = f"lilit.{run}.{'js' if js else 'nojs'}.{viewport}@example.am"

    # Subscribe on the village's page.
    tab.goto(f"/settlements/{slug}?lang=en")
    box = tab.locator(".subscribe-box")
    box.get_by_label("Email address").fill(address)
    box.get_by_role("button", name="Subscribe").click()
    expect(tab.locator("h1")).to_have_text("Check your mailbox")
    expect(tab.locator(".lead")).to_contain_text(address)

    # Confirm from the delivered message: the link shows a button; pressing it opens the preferences.
    confirmation = mailbox.wait_for(address, "Confirm your subscription")
    link = re.search(r"(http://\S+/subscriptions/confirm/\S+)", confirmation.get_body(("plain",)).get_content())[1]
    assert link.startswith(base)
    tab.goto(link)
    tab.get_by_role("button", name="Confirm the subscription").click()
    expect(tab.locator("h1")).to_have_text("Your subscriptions")
    expect(tab.locator("legend").first).to_contain_text(village_name)

    # An editor cancels the action in that village, in another browser.
    staff = browser.new_context(base_url=base, locale="en-US")
    desk = staff.new_page()
    desk.goto("/staff/login?lang=en")
    desk.get_by_label("Email").fill(editor)
    desk.get_by_label("Password", exact=True).fill(PASSWORD)
    desk.get_by_role("button", name="Log in").click()
    desk.goto(f"/staff/actions/{action_id}/status?lang=en")
    desk.get_by_label("New status").select_option("cancelled")
    desk.get_by_label("Reason (Armenian)").fill("Ճանապարհը փակ է ձյան պատճառով։")
    desk.get_by_label("Reason (English)").fill("Snow closed the road.")
    desk.get_by_role("button", name="Change status").click()
    expect(desk.locator(".flash, [role=status], .notice").first).to_be_visible()
    staff.close()

    # The notice arrives at once, with RFC 8058 headers and a working unsubscribe link.
    notice = mailbox.wait_for(address, f"Harvest fair {run}")
    assert str(notice["Subject"]).startswith("Cancelled")
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = notice.get_body(("plain",)).get_content()
    assert "Snow closed the road." in text
    manage = re.search(r"(http://\S+/subscriptions/manage/\S+)", text)[1]
    tab.goto(manage)
    tab.get_by_role("button", name="Unsubscribe", exact=True).click()
    expect(tab.locator("h1")).to_have_text("Unsubscribed")

    from sqlalchemy import func, select

    from app.extensions import db
    from app.subscriptions.models import Subscription

    with app.app_context():
        assert db.session.scalar(select(func.count(Subscription.id)).where(Subscription.email == address)) == 0


def test_a_phone_only_applicant_gets_the_receipt_by_sms_and_signs_in_with_a_code(tab, js, viewport, subs_server,
                                                                                 sms_gateway):
    run = next(runs)
    local = f"09{3 + run % 6}{run:06d}"[-9:]  # a different Armenian mobile number each run
    local = "0" + local[-8:]
    e164 = "+374" + local[1:]
    tab.goto("/appeals/new?lang=en")
    tab.locator("#kind").select_option("complaint")
    tab.locator("#subject").fill("Water in Hovk")
    tab.locator("#text").fill("The water comes for two hours a day.")
    tab.locator("#settlement_id").select_option(index=1)
    tab.locator("#applicant_name").fill("Phone Only")
    tab.locator("#applicant_phone").fill(f"{local[:3]} {local[3:5]} {local[5:7]} {local[7:]}")
    tab.locator("button[type=submit]").last.click()
    expect(tab).to_have_url(re.compile(r"/appeals/receipt"))
    number = tab.locator(".tracking-number strong").inner_text()
    # The receipt tells the truth: the worker (immediate here) has already handed the SMS to the gateway.
    expect(tab.locator(".mail-state")).to_contain_text("A text message with the number and the code was sent to +374")

    def texts_to(phone):
        from urllib.parse import parse_qs

        return [parse_qs(r["body"])["text"][0] for r in sms_gateway.requests
                if parse_qs(r["body"]).get("to") == [phone]]

    receipt_sms = texts_to(e164)
    assert len(receipt_sms) == 1 and number in receipt_sms[0]

    tab.goto("/account/login?lang=en")
    tab.get_by_role("link", name="Gave only a phone number? Sign in with a code by SMS").click()
    tab.get_by_label("Phone number").fill(e164)
    tab.get_by_role("button", name="Send the code").click()
    expect(tab.locator("h1")).to_have_text("Enter the code")
    code = re.search(r"\b(\d{6})\b", texts_to(e164)[-1])[1]
    tab.get_by_label("Code from the SMS").fill(code)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.locator("h1")).to_have_text("My appeals")
    expect(tab.get_by_role("link", name=number)).to_be_visible()
