"""A resident signs in with an emailed link and opens "My appeals", with JavaScript on and off; the pages pass axe."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.appeals.models import Appeal
from app.extensions import db
from app.outbox.models import OutboxMessage

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}


def check(axe, page, js=True):
    if not js:
        return  # axe runs as a script in the page: it is checked in the JavaScript-on runs
    results = axe.run(page, options=WCAG_21_AA)
    assert results.response["testEngine"]["name"] == "axe-core"
    assert results.violations_count == 0, results.generate_report()


def demo_applicant(live_app):
    """An address that sent several demo appeals."""
    with live_app.app_context():
        email = db.session.execute(
            select(func.lower(Appeal.applicant_email)).where(Appeal.applicant_email.is_not(None))
            .group_by(func.lower(Appeal.applicant_email))
            .order_by(func.count().desc(), func.lower(Appeal.applicant_email)).limit(1)).scalar_one()
        numbers = db.session.scalars(select(Appeal.tracking_number)
                                     .where(func.lower(Appeal.applicant_email) == email)).all()
        db.session.remove()
    return email, numbers


def sign_in_link(live_app, email):
    with live_app.app_context():
        body = db.session.scalars(select(OutboxMessage.body_text).where(OutboxMessage.to_address == email)
                                  .order_by(OutboxMessage.id.desc())).first()
        db.session.remove()
    return re.search(r"https?://[^/\s]+(/account/login/\S+)", body).group(1)


def test_resident_signs_in_with_an_emailed_link_and_sees_their_appeals(page, live_app, js):
    email, numbers = demo_applicant(live_app)
    axe = Axe()
    page.goto("/account/login?lang=en")
    check(axe, page, js)
    page.get_by_label("Email address").fill(email.upper())
    page.get_by_role("button", name="Send the sign-in link").click()
    expect(page.locator(".flash, [role=status], .notice").first).to_contain_text("A sign-in link for")

    page.goto(sign_in_link(live_app, email) + "?lang=en")
    check(axe, page, js)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("My appeals")
    for number in numbers:
        expect(page.get_by_role("link", name=number)).to_be_visible()
    check(axe, page, js)

    page.get_by_role("link", name=numbers[0]).click()
    expect(page.locator("h1")).to_have_text(f"Appeal {numbers[0]}")
    check(axe, page, js)

    page.goto("/account/appeals?lang=en")
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("My appeals: sign in")
    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/staff/login"))


@pytest.mark.parametrize("lang", ["hy", "ru"])
def test_resident_sign_in_page_has_no_wcag_violations(browser, live_server, lang):
    context = browser.new_context(base_url=live_server)
    try:
        page = context.new_page()
        page.goto(f"/account/login?lang={lang}")
        check(Axe(), page)
    finally:
        context.close()
