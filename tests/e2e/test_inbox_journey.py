"""The appeal's whole journey in a real browser, with JavaScript on and off: a resident writes, an officer registers
and assigns, the institution's editor answers, the resident reads the answer and rates it. Staff pages pass axe."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.test_appeal import HUMAN_PAUSE_MS, check

PASSWORD = "inbox passphrase for the browser 7"
OFFICER = "e2e.officer@example.am"
EDITOR = "e2e.kindergarten@example.am"
ADMIN = "e2e.rules.admin@example.am"


@pytest.fixture(scope="session")
def inbox_accounts(live_app):
    """An appeals officer and an editor of the Haghartsin kindergarten in the live server's database."""
    from sqlalchemy import select

    from app.accounts.models import Role
    from app.accounts.services import create_user
    from app.extensions import db
    from app.institutions.models import Institution

    with live_app.app_context():
        kindergarten = db.session.scalar(select(Institution).where(Institution.slug == "haghartsin-kindergarten"))
        create_user(OFFICER, "E2E Appeals Officer", {(Role.OFFICER, None)}, password=PASSWORD)
        create_user(EDITOR, "E2E Kindergarten Editor", {(Role.EDITOR, kindergarten.id)}, password=PASSWORD)
        create_user(ADMIN, "E2E Deadline Rules Admin", {(Role.ADMIN, None)}, password=PASSWORD)
    return {"officer": OFFICER, "editor": EDITOR}


def log_in(page, email):
    page.goto("/staff/login?lang=en")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".session-nav")).to_contain_text("Log out")


def log_out(page):
    page.locator(".session-nav button").click()
    expect(page.locator(".session-nav")).not_to_contain_text("E2E")


def receipt_email(live_app, number, folder):
    """The receipt email as the resident gets it: `flask send-mail` writes the outbox as .eml files (the file
    transport of development) and the one about this appeal is read back."""
    import email
    import email.policy

    live_app.config.update(MAIL_TRANSPORT="file", MAIL_FILE_FOLDER=str(folder))
    result = live_app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if number in message["Subject"]:
            return message
    raise AssertionError(f"no email about {number} in {folder}")


def test_an_appeal_from_haghartsin_is_registered_assigned_answered_and_rated(browser, live_server, live_app, page,
                                                                            js, inbox_accounts, tmp_path):
    # A resident with JavaScript off writes to the Haghartsin kindergarten.
    resident = browser.new_context(java_script_enabled=False, base_url=live_server, locale="en-US")
    tab = resident.new_page()
    try:
        tab.goto("/appeals/new?lang=en")
        tab.locator("#kind").select_option("complaint")
        subject = f"The kindergarten yard is flooded ({'js' if js else 'no-js'})"
        tab.locator("#subject").fill(subject)
        tab.locator("#text").fill("After every rain the yard of the kindergarten is under water.")
        tab.locator("#settlement_id").select_option(label="Haghartsin")
        tab.locator("#addressee").select_option(label="Haghartsin Kindergarten")
        tab.locator("#applicant_name").fill("E2E Parent")
        tab.locator("#applicant_email").fill("e2e.parent@example.am")
        tab.wait_for_timeout(HUMAN_PAUSE_MS)
        tab.locator("button[type=submit]").last.click()
        number = tab.locator(".tracking-number strong").inner_text()
        secret = tab.locator(".secret-code").inner_text()
        mail = receipt_email(live_app, number, tmp_path)
        body = mail.get_body(("plain",)).get_content()
        assert mail["To"] == "e2e.parent@example.am" and secret in body

        # The officer finds it, registers it and assigns it to the kindergarten's editor.
        log_in(page, OFFICER)
        page.goto("/staff/appeals/?lang=en")
        page.get_by_label("Number or subject").fill(number)
        page.get_by_role("button", name="Show").click()
        expect(page.locator(".inbox-row")).to_have_count(1)
        page.get_by_role("link", name=number).click()
        expect(page.locator("h1")).to_have_text(f"Appeal {number}")
        expect(page.locator(".applicant")).to_contain_text("e2e.parent@example.am")
        page.get_by_role("button", name="Register the appeal").click()
        expect(page.locator(".appeal-status")).to_have_text("Registered")
        page.get_by_label("Assign to").select_option(label="E2E Kindergarten Editor")
        page.get_by_role("button", name="Assign", exact=True).click()
        expect(page.locator(".appeal-facts").first).to_contain_text("E2E Kindergarten Editor")
        log_out(page)

        # The editor sees it among their appeals and answers it.
        log_in(page, EDITOR)
        page.goto("/staff/appeals/?lang=en")
        page.get_by_role("link", name=number).click()
        page.get_by_role("textbox", name="Answer").fill("The drain will be cleaned on Monday.")
        page.get_by_role("button", name="Send the answer").click()
        expect(page.locator(".appeal-status")).to_have_text("Answered")
        log_out(page)

        # The resident opens the single-use link from the receipt e-mail, reads the answer and rates it.
        link = re.search(r"https?://\S+/appeals/track/link/\S+", body).group(0)
        assert secret not in link and secret.replace("-", "") not in link
        tab.goto(link.replace("http://localhost", live_server) + "?lang=en")
        expect(tab.locator(".appeal-status")).to_have_text("Answered")
        expect(tab.locator("main")).to_contain_text("The drain will be cleaned on Monday.")
        tab.locator("fieldset.rating").nth(0).get_by_label("5").check()
        tab.locator("fieldset.rating").nth(1).get_by_label("4").check()
        tab.get_by_role("button", name="Send the rating").click()
        expect(tab.locator("main")).to_contain_text("content 5 of 5, timeliness 4 of 5")
    finally:
        resident.close()


@pytest.mark.parametrize("lang", ["hy", "en", "ru"])
def test_inbox_pages_have_no_wcag_violations(browser, live_server, inbox_accounts, lang):
    axe = Axe()
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    try:
        log_in(page, OFFICER)
        page.goto(f"/staff/appeals/new?lang={lang}")
        check(axe, page)
        page.locator("#kind").select_option("information_request")
        page.locator("#settlement_id").select_option(index=1)  # required choices start empty
        page.locator("#subject").fill("Bus timetable")
        page.locator("#text").fill("When does the bus to Dilijan leave?")
        page.locator("#applicant_name").fill("E2E Caller")
        page.locator("#applicant_phone").fill("+374 93 000000")
        page.locator("form.appeal-form button[type=submit]").click()
        expect(page.locator(".secret-code")).to_be_visible()
        check(axe, page)
        number = page.locator(".tracking-number strong").inner_text()
        code = page.locator(".secret-code").inner_text()
        for path in (f"/staff/appeals/?lang={lang}", f"/staff/appeals/{number}?lang={lang}",
                     f"/staff/appeals/templates?lang={lang}", f"/staff/appeals/templates/new?lang={lang}"):
            page.goto(path)
            check(axe, page)
        # An answered appeal: the staff page with its history, and the resident's page with the rating form.
        page.goto(f"/staff/appeals/{number}?lang={lang}")
        page.locator("#answer-answer_text").fill("The bus leaves at 8:00 and 14:00.")
        page.locator("#answer form[method=post] button[type=submit]").click()
        expect(page.locator(".appeal-history li")).to_have_count(3)
        check(axe, page)
        page.goto(f"/appeals/track?number={number}&key={code}&lang={lang}")
        expect(page.locator("fieldset.rating")).to_have_count(2)
        check(axe, page)
        log_out(page)
        log_in(page, ADMIN)
        for path in (f"/admin/deadlines/?lang={lang}", f"/admin/deadlines/complaint?lang={lang}"):
            page.goto(path)
            check(axe, page)
    finally:
        context.close()
