"""Search finds what people type: two words in reverse order and another case, on a 360 px phone, JS on and off."""

import re

import pytest
from playwright.sync_api import expect

PHONE = {"width": 360, "height": 740}


@pytest.mark.parametrize("lang, query, title", [("en", "concert YEAR new", "New Year concert"),
                                                ("hy", "համերգ ամանորյա", "Ամանորյա համերգ"),
                                                ("ru", "КОНЦЕРТ новогодний", "Новогодний концерт")])
def test_two_words_in_reverse_order_find_the_action(browser, live_server, js, lang, query, title):
    context = browser.new_context(viewport=PHONE, java_script_enabled=js, base_url=live_server)
    try:
        page = context.new_page()
        page.goto(f"/search?lang={lang}")
        page.locator("#search-q").fill(query)
        page.locator("#search-q").press("Enter")
        expect(page).to_have_url(re.compile(r"/search\?"))
        expect(page.locator("main").get_by_role("link", name=title).first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
