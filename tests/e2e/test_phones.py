"""Phones first: at 360 px, in Armenian, English and Russian, with JavaScript on and off, no public or staff page is
wider than the screen; the header folds into a menu that opens without JavaScript and takes at most a sixth of the
screen; the dram sign has a glyph even where the system fonts lack one."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import WAIT_MS

PHONE = {"width": 360, "height": 740}
PASSWORD = "phones passphrase for the browser 3"
ADMIN = "e2e.phones.admin@example.am"


@pytest.fixture(scope="session")
def pages(live_app):
    """Every public and staff page worth a look, with real ids and slugs from the demo community."""
    from app.accounts.models import Role, User
    from app.accounts.services import create_user
    from app.appeals.models import Appeal, Publication
    from app.community.models import Settlement
    from app.extensions import db
    from app.institutions.models import Institution
    from app.program.models import Goal, Objective
    from app.schedule.models import Action, Report

    with live_app.app_context():
        create_user(ADMIN, "E2E Phones Admin", {(Role.ADMIN, None)}, password=PASSWORD)
        def first(stmt):
            return db.session.scalar(stmt.limit(1))

        action = first(select(Action.id).order_by(Action.id))
        institution = first(select(Institution).order_by(Institution.id))
        village = first(select(Settlement.slug).where(Settlement.is_centre.is_(False)))
        proposal = first(select(Appeal.tracking_number).where(Appeal.publication == Publication.PUBLISHED))
        appeal = first(select(Appeal.tracking_number))
        goal, objective = first(select(Goal.id)), first(select(Objective.id))
        user, report = first(select(User.id)), first(select(Report.id))
        public = ["/", "/schedule", "/schedule?view=calendar", f"/actions/{action}", "/institutions",
                  f"/institutions/{institution.slug}", f"/settlements/{village}", f"/settlements/{village}/poster",
                  "/program", "/appeals/new", "/appeals/track", "/proposals", "/accountability", "/open-data",
                  "/open-data/dictionary", "/search?q=%D5%B0", "/account/login", "/staff/login",
                  "/staff/password/reset"] + ([f"/proposals/{proposal}"] if proposal else [])
        staff = ["/staff/", "/admin/", "/admin/calendar", "/admin/calendar/new", "/admin/comments",
                 "/admin/dashboard", "/admin/deadlines/", "/admin/deadlines/complaint", "/admin/embeds",
                 "/admin/institutions", f"/admin/institutions/{institution.id}/edit", "/admin/institutions/new",
                 "/admin/outbox", "/admin/program", "/admin/program/edit", f"/admin/program/goals/{goal}/edit",
                 f"/admin/program/objectives/{objective}/edit", "/admin/settlements", "/admin/settlements/new",
                 "/admin/users", f"/admin/users/{user}", "/admin/users/new", "/admin/limits",
                 f"/staff/actions/{action}/edit",
                 f"/staff/actions/{action}/reports/new", "/staff/appeals/", f"/staff/appeals/{appeal}",
                 "/staff/appeals/new", "/staff/appeals/templates", "/staff/dashboard",
                 f"/staff/institutions/{institution.slug}", f"/staff/institutions/{institution.slug}/actions/new",
                 f"/staff/institutions/{institution.slug}/plan", f"/staff/institutions/{institution.slug}/profile",
                 "/staff/moderation", "/staff/password", "/staff/publication", f"/staff/reports/{report}/edit",
                 "/staff/review"]
    return public, staff


def _phone(browser, live_server, js):
    context = browser.new_context(viewport=PHONE, java_script_enabled=js, base_url=live_server)
    context.set_default_timeout(WAIT_MS)
    return context, context.new_page()


def _too_wide(page, paths, lang):
    wide = []
    for path in paths:
        response = page.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
        assert response.status < 400, (path, response.status)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append((path, width))
    return wide


@pytest.mark.parametrize("lang", ["hy", "en", "ru"])
def test_no_page_is_wider_than_a_phone(browser, live_server, pages, js, lang):
    public, staff = pages
    context, page = _phone(browser, live_server, js)
    try:
        wide = _too_wide(page, public, lang)
        page.goto("/staff/login?lang=en")
        page.get_by_label("Email address").fill(ADMIN)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.locator(".session-nav")).to_contain_text("Log out")
        wide += _too_wide(page, staff, lang)
    finally:
        context.close()
    assert wide == []


@pytest.mark.parametrize("lang", ["hy", "ru"])
def test_the_header_folds_into_a_menu_that_opens_without_javascript(browser, live_server, pages, js, lang):
    context, page = _phone(browser, live_server, js)
    try:
        page.goto(f"/?lang={lang}")
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= PHONE["height"] / 6
        nav = page.get_by_role("navigation", name={"hy": "Գլխավոր ընտրացանկ", "ru": "Главное меню"}[lang])
        expect(nav).to_be_hidden()
        page.locator(".site-menu > summary").click()
        expect(nav).to_be_visible()
        nav.get_by_role("link").nth(1).click()  # the schedule
        expect(page).to_have_url(f"{live_server}/schedule")
    finally:
        context.close()


def test_the_menu_is_open_on_a_wide_screen_without_javascript(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 800}, java_script_enabled=False,
                                  base_url=live_server)
    try:
        page = context.new_page()
        page.goto("/?lang=en")
        expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
        expect(page.locator(".site-menu > summary")).to_be_hidden()
    finally:
        context.close()


def test_wide_tables_scroll_in_their_own_focusable_labelled_region(browser, live_server):
    context, page = _phone(browser, live_server, True)
    try:
        page.goto("/program?lang=en")
        region = page.get_by_role("region", name="Objectives of goal 1", exact=True)
        region.focus()
        expect(region).to_be_focused()
        before = region.evaluate("el => el.scrollLeft")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert region.evaluate("el => el.scrollLeft") > before
    finally:
        context.close()


def test_rating_radios_and_checkboxes_are_at_least_24_px(browser, live_server):
    context, page = _phone(browser, live_server, True)
    try:
        page.goto("/appeals/new?lang=en")
        box = page.locator("input[type=checkbox]").first.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
    finally:
        context.close()


def test_the_dram_sign_has_a_glyph_on_a_system_without_one(browser, live_server):
    """Debian's fonts (DejaVu, Liberation) have no ֏: the page fetches the tiny font listed for it, and only it."""
    context, page = _phone(browser, live_server, True)
    fonts = []
    page.on("request", lambda request: fonts.append(request.url) if request.resource_type == "font" else None)
    try:
        page.goto("/schedule?lang=hy")
        expect(page.locator("main")).to_contain_text("֏")
        page.evaluate("document.fonts.ready")
        loaded = page.evaluate("""[...document.fonts].filter(f => f.family.includes('Hashvetu Dram'))
                                  .map(f => f.status)""")
        assert "loaded" in loaded
        assert fonts and all(url.endswith((".woff2",)) and "/static/fonts/dram" in url for url in fonts)
        # And the sign is drawn with it: listed after the generic family, Chromium drew DejaVu's empty box instead.
        # In an Armenian sentence (a report's spending, a label) as in a figure alone.
        page.evaluate("""() => { const p = document.createElement('p'); p.id = 'dram-text';
                                 p.textContent = 'Ծախսվել է 12 000 ֏';
                                 const b = document.createElement('strong'); b.id = 'dram-bold';
                                 b.textContent = '֏ 5 000';
                                 document.querySelector('main').prepend(p, b); }""")
        page.evaluate("document.fonts.ready")
        page.wait_for_function("[...document.fonts].filter(f => f.family.includes('Hashvetu Dram'))"
                               ".every(f => f.status === 'loaded')")
        cdp = context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        for selector in ("#dram-text", "#dram-bold"):
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            assert any(font["isCustomFont"] for font in used), (selector, used)
        page.goto("/appeals/track?lang=en")  # no dram sign on the page: nothing more is fetched
    finally:
        context.close()
