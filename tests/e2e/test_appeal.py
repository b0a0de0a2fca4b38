"""A resident submits an appeal and follows it by number and access code, with JavaScript on and off; the pages pass
axe."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.conftest import WAIT_MS

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}
# The form refuses submissions faster than a person could type (APPEAL_MIN_FILL_SECONDS, 3 by default).
HUMAN_PAUSE_MS = 3200


def check(axe, page):
    results = axe.run(page, options=WCAG_21_AA)
    assert results.response["testEngine"]["name"] == "axe-core"
    assert results.violations_count == 0, results.generate_report()


def fill_and_send(page, lang="en"):
    page.goto(f"/appeals/new?lang={lang}")
    page.locator("#kind").select_option("complaint")
    page.locator("#subject").fill("Street lighting in Haghartsin")
    page.locator("#text").fill("The street lights on our street have not worked for three months.")
    page.locator("#settlement_id").select_option(index=1)  # a village
    page.locator("#applicant_name").fill("E2E Resident")
    page.locator("#applicant_email").fill("e2e.resident@example.am")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.locator("button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/appeals/receipt"))
    number = page.locator(".tracking-number strong").inner_text()
    secret = page.locator(".secret-code").inner_text()
    return number, secret


def test_resident_submits_and_tracks_an_appeal(page, js):
    number, secret = fill_and_send(page)
    assert re.fullmatch(r"DIL-\d{4}-\d{6}", number)
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{3}", secret)
    expect(page.locator("#deadline-heading")).to_contain_text("Due date")
    # The receipt survives a reload, and downloads as a PDF.
    page.reload()
    expect(page.locator(".secret-code")).to_have_text(secret)
    with page.expect_download(timeout=WAIT_MS) as download:  # WeasyPrint takes a moment on a busy machine
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename == f"{number}.pdf"
    with open(download.value.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"

    # A mistyped code gives the form back with the number kept; the code typed in small letters with spaces works.
    page.goto("/appeals/track?lang=en")
    page.get_by_label("Tracking number").fill(number)
    page.get_by_label("Access code").fill("2222-3333-444")
    page.get_by_role("button", name="Show the appeal").click()
    expect(page.locator("#track-message")).to_contain_text("could not find an appeal with this number and code")
    expect(page.get_by_label("Tracking number")).to_have_value(number)
    typed = " ".join(secret.replace("-", "").lower()[i:i + 3] for i in range(0, 11, 3))
    page.get_by_label("Access code").fill(typed)
    page.get_by_role("button", name="Show the appeal").click()
    expect(page.locator("h1")).to_have_text(f"Appeal {number}")
    assert secret not in page.url and "key=" not in page.url
    expect(page.locator(".appeal-status")).to_have_text("Received")
    expect(page.locator(".deadline-explained")).to_contain_text("Limit: 1 month")

    page.get_by_label("Yes, I withdraw my appeal").check()
    page.get_by_role("button", name="Withdraw", exact=True).click()
    expect(page.locator(".appeal-status")).to_have_text("Withdrawn")

    page.goto(f"/appeals/track?number={number}&key=wrong&lang=en")
    expect(page.locator("h1")).to_have_text("Follow an appeal")


@pytest.mark.parametrize("lang", ["hy", "en", "ru"])
def test_appeal_pages_have_no_wcag_violations(browser, live_server, lang):
    axe = Axe()
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    try:
        page.goto(f"/appeals/new?lang={lang}")
        check(axe, page)
        number, secret = fill_and_send(page, lang)
        check(axe, page)
        page.goto(f"/appeals/track?number={number}&key={secret}&lang={lang}")
        check(axe, page)
        page.goto(f"/appeals/track?lang={lang}")
        check(axe, page)
    finally:
        context.close()


def test_a_mistyped_email_is_pointed_out_before_sending_with_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    try:
        page.goto("/appeals/new?lang=en")
        page.locator("#subject").fill("Water in Hovk")
        page.locator("#applicant_email").fill("resident-at-example")
        page.locator("#applicant_phone").focus()  # leaving the field fires `change`
        expect(page.locator("#applicant_email-error")).to_contain_text("Enter an email address like")
        expect(page.locator("#applicant_email")).to_have_value("resident-at-example")
        expect(page.locator("#subject")).to_have_value("Water in Hovk")
        page.locator("#applicant_email").fill("resident@example.am")
        page.locator("#applicant_phone").focus()
        expect(page.locator("#applicant_email-error")).to_have_count(0)
        check(Axe(), page)
    finally:
        context.close()
