"""Forms people finish, on a 360 px phone with JavaScript on and off: required choices start empty, a refused form
lists its problems as links that lead to the fields, every field in error is marked, and a long text is counted and
refused with a message, never cut."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import WAIT_MS

PHONE = {"width": 360, "height": 740}
HUMAN_PAUSE_MS = 3200  # the form refuses what comes faster than a person types
BAD_RED = "rgb(161, 29, 43)"


def test_a_refused_appeal_form_leads_to_each_problem_and_keeps_the_long_text(browser, live_server, js):
    context = browser.new_context(viewport=PHONE, java_script_enabled=js, base_url=live_server)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        page.goto("/appeals/new?lang=en")
        expect(page.locator("#kind")).to_have_value("")
        expect(page.locator("#settlement_id")).to_have_value("")
        expect(page.locator("#kind option:checked")).to_have_text("Choose…")

        # 20,006 characters, as if pasted from a word processor.
        long_text = ("The street lights are out. " * 741).strip()
        page.locator("#text").fill(long_text)
        # Nothing cuts it in the browser.
        assert page.locator("#text").evaluate("el => el.value.length") == len(long_text)
        if js:  # the counter follows the typing
            expect(page.locator("#text-count")).to_have_text("20,006 of 20,000 characters: 6 too many")
        page.locator("#subject").fill("Street lights")
        page.locator("#applicant_name").fill("E2E Forms Resident")
        page.locator("#applicant_email").fill("e2e.forms@example.am")
        page.wait_for_timeout(HUMAN_PAUSE_MS)
        page.get_by_role("button", name="Send the appeal").click()

        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("There are 3 problems to correct")
        links = summary.get_by_role("link")
        expect(links).to_have_count(3)
        assert [re.sub(r":.*", "", t) for t in links.all_inner_texts()] == ["Kind of appeal", "Your appeal",
                                                                             "Settlement"]
        # The text came back whole, counted.
        assert page.locator("#text").evaluate("el => el.value.length") == len(long_text)
        expect(page.locator("#text-count")).to_have_text("20,006 of 20,000 characters: 6 too many")
        for name in ("kind", "text", "settlement_id"):
            field = page.locator(f"#{name}")
            expect(field).to_have_attribute("aria-invalid", "true")
            assert f"{name}-error" in field.get_attribute("aria-describedby")
            style = field.evaluate("el => [getComputedStyle(el).borderTopWidth, getComputedStyle(el).borderTopColor]")
            assert style == ["2px", BAD_RED], (name, style)
        expect(page.locator("#subject")).not_to_have_attribute("aria-invalid", "true")

        # Each link takes the resident to its field.
        summary.get_by_role("link", name=re.compile("^Settlement")).click()
        expect(page.locator("#settlement_id")).to_be_focused()
        summary.get_by_role("link", name=re.compile("^Kind of appeal")).click()
        expect(page.locator("#kind")).to_be_focused()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
