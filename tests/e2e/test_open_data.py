"""Open data, posters, embeds and search in a real browser, with JavaScript on and off, checked by axe."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.test_accessibility import check


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("path", ["/open-data", "/open-data/dictionary", "/settlements/gosh/poster",
                                  "/embed/schedule", "/search?q=%D5%A4%D5%BA%D6%80%D5%B8%D6%81"])
@pytest.mark.parametrize("lang", ["hy", "en", "ru"])
def test_open_data_poster_embed_and_search_pages_have_no_wcag_violations(browser, live_server, axe, path, lang):
    # axe runs as a script in the page, so this context has JavaScript on; the journeys below run with it off too.
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    try:
        page.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
        check(axe, page)
    finally:
        context.close()


def test_visitor_finds_downloads_on_the_open_data_page_and_gets_a_csv(page, js):
    page.goto("/?lang=en")
    page.get_by_role("link", name="Open data", exact=True).click()
    expect(page.locator("h1")).to_have_text("Open data")
    with page.expect_download() as info:
        page.locator('a[href="/open-data/actions.csv"]').click()
    assert info.value.suggested_filename == "actions.csv"


def test_visitor_opens_the_poster_from_the_settlement_page(page, js):
    page.goto("/settlements/gosh?lang=en")
    page.get_by_role("link", name=re.compile("Printable poster")).click()
    expect(page).to_have_url(re.compile(r"/settlements/gosh/poster"))
    expect(page.locator("h1")).to_have_text("Gosh")
    expect(page.locator("svg.qr")).to_have_count(2)


def test_visitor_searches_from_the_header_in_armenian_capitals(page, js):
    page.goto("/?lang=en")
    page.fill("#header-q", "ԴՊՐՈՑ")
    page.locator(".header-search button").click()
    expect(page).to_have_url(re.compile(r"/search\?q="))
    expect(page.locator("#search-results mark").first).to_be_visible()
    if js:
        page.evaluate("window.__samePage = true")
        page.fill("#search-q", "ДИЛИЖАН")
        expect(page).to_have_url(re.compile(r"q=%D0%94"))
        assert page.evaluate("window.__samePage === true")
        expect(page.locator("#search-results mark").first).to_be_visible()
