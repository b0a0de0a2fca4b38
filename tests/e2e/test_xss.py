"""Hostile text stays text: payloads typed into appeals, published proposals and comments never run in Chromium.

Each payload goes into every text field a visitor or an officer can fill (appeal subject, text, name, address;
the published subject, text and answer; a comment's name and text, on a proposal and on an action). Every page that
shows them is opened with JavaScript on, recording dialogs and requests: no alert may open, no request may go to
/staff from an injected hx-get, the payload must be visible literally and {{7*7}} must not become 49.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import WAIT_MS

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "see javascript:alert(1) here",
    '<div hx-get="/staff" hx-trigger="load">x</div>',
    "{{7*7}}",
]
OFFICER_EMAIL = "e2e.xss.officer@example.am"
PASSWORD = "officer passphrase for the xss test 7"
HUMAN_PAUSE_MS = 3200


@pytest.fixture(scope="session")
def officer_account(live_app):
    from app.accounts.models import Role
    from app.accounts.services import create_user

    with live_app.app_context():
        create_user(OFFICER_EMAIL, "E2E XSS Officer", {(Role.OFFICER, None)}, password=PASSWORD)
    return OFFICER_EMAIL


@pytest.fixture
def watched(browser, live_server):
    """A JavaScript-enabled tab that records every dialog and every script-made request to /staff itself."""
    context = browser.new_context(base_url=live_server, locale="en-US", java_script_enabled=True)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.dialogs, page.staff_requests = [], []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    # Our own navigations (the login redirect to /staff/) are not what an injected hx-get would send.
    page.on("request", lambda request: urlsplit(request.url).path.rstrip("/") == "/staff"
            and not request.is_navigation_request() and page.staff_requests.append(request.url))
    yield page
    context.close()


def assert_inert(page, payload, where):
    """The payload is shown as text and did nothing."""
    page.wait_for_timeout(300)  # give an injected hx-trigger="load" or onerror time to fire
    assert page.dialogs == [], f"a dialog opened on {where}"
    assert page.staff_requests == [], f"an injected request went to /staff on {where}"
    if payload is not None:
        assert payload in page.locator("body").inner_text(), f"payload not shown literally on {where}"
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator('div[hx-get="/staff"]').count() == 0
    # No inline script but the page's own structured data, which browsers never run; and only one of those.
    assert page.locator('script:not([src]):not([type="application/ld+json"])').count() == 0
    assert page.locator('script[type="application/ld+json"]').count() <= 1
    assert page.locator('a[href^="javascript:"]').count() == 0


def submit_appeal(page, payload):
    page.goto("/appeals/new?lang=en")
    page.locator("#kind").select_option("proposal")
    page.locator("#settlement_id").select_option(index=1)  # required choices start empty
    page.locator("#subject").fill(f"S {payload}")
    page.locator("#text").fill(f"T {payload}\nline two")
    page.locator("#applicant_name").fill(f"N {payload}")
    page.locator("#applicant_email").fill("xss.resident@example.am")
    page.locator("#applicant_address").fill(f"A {payload}")
    page.locator("#allow_publish").check()
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.locator("form.appeal-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/appeals/receipt"))
    number = page.locator(".tracking-number strong").inner_text()
    secret = page.locator(".secret-code").inner_text()
    return number, secret


def log_in(page):
    page.goto("/staff/login?lang=en")
    page.get_by_label("Email address").fill(OFFICER_EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Staff account")).to_contain_text("E2E XSS Officer")


def log_out(page):
    page.get_by_role("navigation", name="Staff account").get_by_role("button", name="Log out").click()


def comment(page, payload):
    opener = page.get_by_role("link", name="Write a comment")
    if opener.count():
        opener.click()  # the action page loads its form in place (htmx)
    page.locator("#author_name").fill(f"C {payload}"[:100])
    page.locator("#text").fill(f"K {payload}")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.locator("form.comment-form button[type=submit]").click()
    expect(page.locator("#comment-posted")).to_contain_text("awaits moderation")  # the thank-you where the form was


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_stay_inert_everywhere(watched, officer_account, payload):
    page = watched
    number, secret = submit_appeal(page, payload)
    assert_inert(page, None, "the receipt")
    page.goto(f"/appeals/track?number={number}&key={secret}&lang=en")
    for field in ("S", "T", "N", "A"):
        assert_inert(page, f"{field} {payload}", f"the tracking page ({field})")

    log_in(page)
    page.goto(f"/staff/appeals/?lang=en&q={number}")
    assert_inert(page, f"S {payload}", "the officers' inbox")
    page.get_by_role("link", name=number).click()
    for field in ("S", "T", "N", "A"):
        assert_inert(page, f"{field} {payload}", f"the inbox appeal page ({field})")
    page.get_by_role("button", name="Register the appeal").click()
    page.get_by_label("Internal note (never shown to the applicant)").fill(f"IN {payload}")
    page.get_by_role("button", name="Add the note").click()
    assert_inert(page, f"IN {payload}", "the appeal history (internal note)")
    page.goto("/staff/publication?lang=en")
    page.get_by_role("link", name=number).click()
    for field in ("S", "T"):
        assert_inert(page, f"{field} {payload}", f"the publication form ({field})")
    page.get_by_label("Public subject").fill(f"PS {payload}")
    page.get_by_label("Public text").fill(f"PT {payload}")
    page.get_by_label("Public answer").fill(f"PA {payload}")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Published")
    log_out(page)

    page.goto("/proposals?lang=en")
    assert_inert(page, f"PS {payload}", "/proposals")
    page.goto("/proposals?lang=en&sort=support")  # the filter form swaps the list by htmx
    page.locator("#p-sort").select_option("new")
    expect(page.locator("#results")).to_contain_text(f"PS {payload}")
    assert_inert(page, f"PS {payload}", "the htmx list partial")
    page.goto(f"/proposals/{number}?lang=en")
    for field in ("PS", "PT", "PA"):
        assert_inert(page, f"{field} {payload}", f"the proposal page ({field})")
    comment(page, payload)  # htmx posting: the partial and its out-of-band flash
    assert_inert(page, f"PS {payload}", "the proposal page after commenting")
    page.goto("/actions/1?lang=en")
    comment(page, payload)

    log_in(page)
    page.goto("/staff/moderation?lang=en")
    for field in ("C", "K"):
        assert_inert(page, f"{field} {payload}", f"the moderation screen ({field})")
    approve = page.locator(".moderation-item", has_text=f"K {payload}").get_by_role("button", name="Approve")
    expect(approve).to_have_count(2)
    for left in (1, 0):
        approve.first.click()
        expect(approve).to_have_count(left)
    assert_inert(page, f"K {payload}", "the moderation screen after htmx decisions")
    log_out(page)

    for path in (f"/proposals/{number}?lang=en", "/actions/1?lang=en"):
        page.goto(path)
        for field in ("C", "K"):
            assert_inert(page, f"{field} {payload}", f"{path} ({field})")
