"""A viewer narrows the dashboard to Gosh and the last quarter; the view is a URL; it works with and without JS."""

import re
from datetime import date, datetime, time, timedelta, timezone

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

PASSWORD = "a viewer passphrase for the dashboard 7"
EMAIL = "e2e.viewer@example.am"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}


def last_quarter(today):
    start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = start - timedelta(days=1)
    return date(end.year, 3 * ((end.month - 1) // 3) + 1, 1), end


@pytest.fixture(scope="module")
def viewer(live_app):
    """A viewer account and a year of appeals: every week one in the town, every fortnight one in Gosh."""
    from sqlalchemy import select

    from app.accounts.models import Role, User
    from app.accounts.services import create_user
    from app.appeals.models import Appeal, AppealStatus
    from app.community.models import Settlement
    from app.community.queries import local_today
    from app.extensions import db

    with live_app.test_request_context():
        if db.session.scalar(select(User).where(User.email == EMAIL)) is None:
            create_user(EMAIL, "E2E Viewer", {(Role.VIEWER, None)}, password=PASSWORD)
            town, gosh = (db.session.scalar(select(Settlement).where(Settlement.slug == slug))
                          for slug in ("dilijan", "gosh"))
            today = local_today()
            for week in range(52):
                received = datetime.combine(today - timedelta(weeks=week, days=3), time(7), tzinfo=timezone.utc)
                for n, settlement in enumerate((town, gosh)):
                    if settlement is gosh and week % 2:
                        continue
                    took = 10 + (week * 7 + n * 13) % 40  # some answered within a month, some late
                    closed = received + timedelta(days=took)
                    is_closed = closed.date() < today
                    db.session.add(Appeal(
                        tracking_number=f"E2E-{week:03d}-{n}", secret_hash="0" * 64, kind="application",
                        subject="Subject", text="Text", settlement_id=settlement.id,
                        applicant_name="E2E Applicant Qz", received_dt=received,
                        due_date=(received + timedelta(days=30)).date(), rule_limit=1, rule_unit="months",
                        rule_counting="calendar",
                        status=AppealStatus.ANSWERED if is_closed else AppealStatus.REGISTERED,
                        closed_dt=closed if is_closed else None))
            db.session.commit()
    return EMAIL


def log_in(page, email):
    page.goto("/staff/login?lang=en")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url("**/staff/**")


def received_figure(page):
    return page.locator("#panel-appeals .headline div").first.locator("dd").inner_text()


def test_viewer_narrows_the_dashboard_to_gosh_and_the_last_quarter(page, browser, live_server, viewer, js):
    from zoneinfo import ZoneInfo

    today = datetime.now(ZoneInfo("Asia/Yerevan")).date()
    start, end = last_quarter(today)
    log_in(page, viewer)
    page.goto("/staff/dashboard?lang=en")
    before = received_figure(page)
    bars_before = page.locator("#chart-appeals-trend .c-bar").count()
    page.select_option("#d-settlement", "gosh")
    page.fill("#d-from", start.isoformat())
    page.fill("#d-to", end.isoformat())
    if js:
        # htmx refreshed only the panels after each change: the filter form is the same element throughout.
        expect(page).to_have_url(re.compile(rf"date_to={end.isoformat()}"))
    else:
        page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"settlement=gosh"))
    expect(page).to_have_url(re.compile(rf"date_from={start.isoformat()}"))
    expect(page.locator(".view-summary")).to_contain_text("Gosh")
    after = received_figure(page)
    assert after != before and int(after.replace(",", "").replace("\u202f", "")) < int(
        before.replace(",", "").replace("\u202f", ""))
    assert page.locator("#chart-appeals-trend .c-bar").count() == 3 != bars_before  # three months instead of twelve
    assert "E2E Applicant Qz" not in page.content()
    # The URL is the view: opened in a new page, it shows the same thing.
    url = page.url
    other = page.context.new_page()
    other.goto(url)
    assert received_figure(other) == after
    assert other.locator("#d-settlement").input_value() == "gosh"
    assert other.locator("#d-from").input_value() == start.isoformat()
    if js:  # axe-core is JavaScript: it runs where scripts may
        results = Axe().run(other, options=WCAG_21_AA)
        assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("lang", ["hy", "en", "ru"])
def test_public_accountability_page_has_no_wcag_violations(browser, live_server, viewer, lang):
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    try:
        page.goto(f"/accountability?lang={lang}")
        results = Axe().run(page, options=WCAG_21_AA)
        assert results.response["testEngine"]["name"] == "axe-core"
        assert results.violations_count == 0, results.generate_report()
        assert "E2E Applicant Qz" not in page.content()
    finally:
        context.close()
