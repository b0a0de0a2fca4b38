"""An administrator logs in and out in a real browser, with JavaScript on and off; the account pages pass axe."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

PASSWORD = "administrator passphrase for the browser 3"
EMAIL = "e2e.admin@example.am"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}


@pytest.fixture(scope="session")
def admin_account(live_app):
    """An administrator in the live server's database."""
    from app.accounts.models import Role
    from app.accounts.services import create_user

    with live_app.app_context():
        create_user(EMAIL, "E2E Administrator", {(Role.ADMIN, None)}, password=PASSWORD)
    return EMAIL


def log_in(page, email, password):
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


def test_admin_logs_in_and_out(page, js, admin_account):
    page.goto("/staff/?lang=en")
    expect(page).to_have_url(re.compile(r"/staff/login\?next="))
    log_in(page, admin_account, "not the right password")
    expect(page.get_by_role("alert")).to_contain_text("The email address or the password is not correct.")
    expect(page.get_by_label("Email address")).to_have_value(admin_account)

    log_in(page, admin_account, PASSWORD)
    expect(page.locator("h1")).to_have_text("Staff area")  # back on the page first asked for
    account_nav = page.get_by_role("navigation", name="Staff account")
    expect(account_nav).to_contain_text("E2E Administrator")
    page.get_by_role("link", name="Users and roles").click()
    expect(page.get_by_role("row", name=re.compile("E2E Administrator"))).to_be_visible()

    account_nav.get_by_role("button", name="Log out").click()
    expect(page.locator(".flash")).to_contain_text("You have logged out.")
    expect(account_nav.get_by_role("link", name="Staff login")).to_be_visible()
    page.goto("/admin/users")
    expect(page).to_have_url(re.compile(r"/staff/login\?next=/admin/users$"))


@pytest.mark.parametrize("lang", ["hy", "en", "ru"])
def test_account_pages_have_no_wcag_violations(browser, live_server, admin_account, lang):
    axe = Axe()
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    try:
        for path in ("/staff/login", "/staff/password/reset"):
            page.goto(f"{path}?lang={lang}")
            check(axe, page)
        page.get_by_role("button").last.click()  # an empty form comes back with its errors
        check(axe, page)
        page.goto("/staff/login")
        page.locator("#email").fill(admin_account)
        page.locator("#password").fill(PASSWORD)
        page.locator("form.stack button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/staff/$"))
        for path in ("/staff/", "/staff/password", "/admin/users", "/admin/users/new", "/admin/outbox"):
            page.goto(path)
            check(axe, page)
    finally:
        context.close()


def check(axe, page):
    results = axe.run(page, options=WCAG_21_AA)
    assert results.response["testEngine"]["name"] == "axe-core"
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
