"""A visitor's journeys through the public pages, with JavaScript on and off."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect


def test_visitor_filters_the_schedule_by_settlement_and_month_then_opens_an_action(page, js):
    page.goto("/schedule?lang=en")
    expect(page.locator("h1")).to_have_text("Schedule of actions")
    # The demo gives every settlement several actions in the current month.
    month = datetime.now(ZoneInfo("Asia/Yerevan")).strftime("%Y-%m")
    if js:
        page.evaluate("window.__samePage = true")
    page.select_option("#f-settlement", "gosh")
    page.fill("#f-month", month)
    if js:
        page.locator("#f-month").dispatch_event("change")
        expect(page).to_have_url(re.compile(r"settlement=gosh"))
        expect(page).to_have_url(re.compile(rf"month={month}"))
        # htmx swapped only the results: the page was not reloaded.
        assert page.evaluate("window.__samePage === true")
    else:
        page.get_by_role("button", name="Show").click()
        expect(page).to_have_url(re.compile(rf"settlement=gosh.*month={month}|month={month}.*settlement=gosh"))
    rows = page.locator(".action-row")
    expect(rows.first).to_be_visible()
    for text in rows.locator(".meta").all_inner_texts():
        assert text.startswith("Gosh")
    first_title = rows.first.locator("a.title").inner_text()
    rows.first.locator("a.title").click()
    expect(page.locator("h1")).to_have_text(first_title)
    expect(page.locator(".facts").first).to_contain_text("Gosh")
    expect(page.locator("#budget-h")).to_have_text("Budget")


def test_visitor_switches_the_calendar_month(page, js):
    page.goto("/schedule?lang=en&view=calendar")
    title = page.locator("#calendar-title").inner_text()
    page.locator(".calendar-head a[rel=next]").click()
    expect(page.locator("#calendar-title")).not_to_have_text(title)
    expect(page).to_have_url(re.compile(r"view=calendar"))
    expect(page.locator("table.calendar")).to_be_visible()


def test_visitor_switches_language_and_it_sticks(page, js):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "hy")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Schedule", exact=True)).to_be_visible()
    page.get_by_role("link", name="Development program").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("navigation", name="Главное меню")).to_contain_text("График")


def test_visitor_pages_through_the_schedule(page, js):
    page.goto("/schedule?lang=en&page=1")
    first = page.locator(".action-row a.title").first.inner_text()
    page.locator(".pagination a[rel=next]").first.click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator(".action-row a.title").first).not_to_have_text(first)
