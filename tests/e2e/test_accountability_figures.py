"""On a phone, with JavaScript on and off, the accountability figures add up and explain themselves."""

import re

import pytest
from playwright.sync_api import expect

PHONE = {"width": 360, "height": 740}


@pytest.mark.parametrize("lang, withdrawn, how", [("en", "Withdrawn", "How to read these figures"),
                                                  ("hy", "Հետ կանչված", "Ինչպես կարդալ այս թվերը"),
                                                  ("ru", "Отозвано", "Как читать эти цифры")])
def test_received_is_open_plus_closed_plus_withdrawn_and_each_figure_is_explained(browser, live_server, js, lang,
                                                                                  withdrawn, how):
    context = browser.new_context(viewport=PHONE, java_script_enabled=js, base_url=live_server)
    try:
        page = context.new_page()
        page.goto(f"/accountability?lang={lang}")
        headline = page.locator("#panel-appeals dl.headline")
        figures = {}
        for item in headline.locator("div").all():
            label = item.locator("dt").inner_text().strip()
            figures[label] = item.locator("dd").inner_text()

        def count(label):
            return int(re.sub(r"\D", "", figures[label]))
        labels = list(figures)
        received, opened, closed = (count(label) for label in labels[:3])
        assert labels[3] == withdrawn
        assert received == opened + closed + count(withdrawn)
        assert count(withdrawn) > 0, "the demo has withdrawn appeals"

        expect(page.get_by_role("heading", name=how)).to_be_visible()
        for target in ("explain-withdrawn", "explain-median", "explain-p90", "explain-interval"):
            sentence = page.locator(f"#{target}")
            expect(sentence).to_be_visible()
            assert headline.locator(f'[aria-describedby="{target}"]').count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
