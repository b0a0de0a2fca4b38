"""axe-core finds no WCAG 2.1 A/AA violations on the public pages, in all three languages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}
PAGES = ["/", "/schedule", "/schedule?view=calendar", "/actions/1", "/institutions/music-school", "/program",
         "/settlements/gosh", "/institutions", "/accountability", "/no-such-page"]


def check(axe, page):
    results = axe.run(page, options=WCAG_21_AA)
    assert results.response["testEngine"]["name"] == "axe-core"  # axe really ran under the page's CSP
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("lang", ["hy", "en", "ru"])
@pytest.mark.parametrize("path", PAGES)
def test_public_page_has_no_wcag_violations(browser, live_server, axe, path, lang):
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    try:
        page.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
        check(axe, page)
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_schedule_is_usable_on_a_small_phone_and_a_desktop(browser, live_server, axe, width):
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto("/schedule?view=calendar&lang=en")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        check(axe, page)
    finally:
        context.close()
