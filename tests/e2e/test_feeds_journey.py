"""A visitor finds the calendar of the schedule they filtered, and the open data page, with JS on and off."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from icalendar import Calendar
from playwright.sync_api import expect

from tests.e2e.test_accessibility import check


@pytest.fixture(scope="module")
def axe():
    return Axe()


def test_the_calendar_link_follows_the_schedule_filters(page, js, live_server):
    page.goto("/schedule?lang=en")
    page.select_option("#f-settlement", "gosh")
    if not js:
        page.get_by_role("button", name="Show").click()
    link = page.get_by_role("link", name="Subscribe (iCal)")
    # Waits for htmx's swap without page.wait_for_function, whose polling evaluates a string: the strict CSP
    # (no 'unsafe-eval') refused it whenever the swap had not landed at the first check.
    expect(link).to_have_attribute("href", re.compile(r"settlement=gosh"))
    href = link.get_attribute("href")
    assert href.startswith("/feeds/schedule.ics?") and "settlement=gosh" in href and "lang=en" in href

    response = page.request.get(live_server + href)
    assert response.status == 200
    calendar = Calendar.from_ical(response.body())
    locations = {str(event["LOCATION"]) for event in calendar.walk("VEVENT")}
    assert locations and all(location.endswith("Gosh") for location in locations)


@pytest.mark.parametrize("lang", ["hy", "en", "ru"])
def test_the_open_data_page_is_reachable_from_every_page_and_accessible(page, js, axe, lang):
    page.goto(f"/?lang={lang}")
    page.locator("footer a[href='/api/']").click()
    page.wait_for_url("**/api/")
    assert page.locator("a[href='/api/v1/openapi.json']").count() == 1
    if js:  # axe runs as a script in the page
        check(axe, page)
