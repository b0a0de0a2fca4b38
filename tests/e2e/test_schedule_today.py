"""On a phone, the schedule opens at today: what is running or to come first, the past one tap away at its own
address, latest first; the home page's week shows each action's whole run (JavaScript on and off)."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.e2e.conftest import WAIT_MS

PHONE = {"width": 360, "height": 740}


def _phone(browser, live_server, js):
    context = browser.new_context(viewport=PHONE, java_script_enabled=js, base_url=live_server)
    context.set_default_timeout(WAIT_MS)
    return context, context.new_page()


def _runs(page):
    """(start, end) of each listed action, read from its <time> elements."""
    runs = []
    for row in page.locator(".action-row .when").all():
        days = [date.fromisoformat(d) for d in row.locator("time").evaluate_all("els => els.map(e => e.dateTime)")]
        runs.append((days[0], days[-1]))
    return runs


def test_the_schedule_opens_at_today_and_the_past_is_one_tap_away(browser, live_server, js):
    today = datetime.now(ZoneInfo("Asia/Yerevan")).date()
    context, page = _phone(browser, live_server, js)
    try:
        page.goto("/schedule?lang=en")
        coming = _runs(page)
        assert coming, "the demo has actions to come"
        assert all(end >= today for _start, end in coming)
        assert [start for start, _end in coming] == sorted(start for start, _end in coming)
        expect(page.locator(".period-switch [aria-current=page]")).to_contain_text("Now and coming")

        page.locator(".period-switch").get_by_role("link", name=re.compile("^Past")).click()
        expect(page).to_have_url(re.compile(r"/schedule\?when=past$"))
        past = _runs(page)
        assert past and all(end < today for _start, end in past)
        assert [start for start, _end in past] == sorted((start for start, _end in past), reverse=True)

        # The address is the view: opened afresh it shows the same rows.
        page.goto("/schedule?when=past")
        assert _runs(page) == past
        page.locator(".period-switch").get_by_role("link", name=re.compile("^Now and coming")).click()
        expect(page).to_have_url(re.compile(r"/schedule$"))
        assert _runs(page) == coming
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_filtering_the_past_stays_in_the_past(browser, live_server, js):
    today = datetime.now(ZoneInfo("Asia/Yerevan")).date()
    context, page = _phone(browser, live_server, js)
    try:
        page.goto("/schedule?lang=en&when=past")
        page.select_option("#f-settlement", "gosh")
        if js:
            expect(page).to_have_url(re.compile(r"settlement=gosh"))
        else:
            page.get_by_role("button", name="Show").click()
        expect(page).to_have_url(re.compile(r"when=past"))
        expect(page.locator(".period-switch [aria-current=page]")).to_contain_text("Past")
        for _start, end in _runs(page):
            assert end < today
        for meta in page.locator(".action-row .meta").all_inner_texts():
            assert meta.startswith("Gosh")
    finally:
        context.close()


def test_the_home_week_shows_date_ranges(browser, live_server, live_app, js):
    from sqlalchemy import select

    from app.extensions import db
    from app.schedule.models import Action

    today = datetime.now(ZoneInfo("Asia/Yerevan")).date()
    with live_app.app_context():
        long_one = db.session.scalar(select(Action).where(Action.published.is_(True), Action.start_date < today,
                                                          Action.end_date > today).limit(1))
        assert long_one is not None, "the demo has an action running through today"
        title, start = long_one.title_en, long_one.start_date
    context, page = _phone(browser, live_server, js)
    try:
        page.goto("/?lang=en")
        item = page.locator(".settlement-week li", has_text=title).first
        expect(item).to_contain_text(f"{start.day} {start:%B}")
        expect(item).to_contain_text(" – ")
    finally:
        context.close()
