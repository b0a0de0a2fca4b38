"""axe-core finds no WCAG 2.1 A/AA violations on any staff or admin page (every GET route is visited)."""

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import func, select

PASSWORD = "an admin passphrase for axe 4"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}


@pytest.fixture(scope="session")
def staff_urls(live_app):
    """Every GET page under /staff and /admin, with its parameters filled from the demo data."""
    from app.accounts.models import Role
    from app.accounts.services import create_user
    from app.appeals.models import AnswerTemplate
    from app.appeals.services import submit_appeal
    from app.community.models import Settlement
    from app.extensions import db
    from app.institutions.models import PlanGoal
    from app.limits.models import AddressAllowance
    from app.program.models import Goal, Indicator, Objective
    from app.schedule.models import Action, Report
    from app.workdays.models import CalendarOverride, OverrideKind

    first = lambda model: db.session.scalar(select(func.min(model.id)))  # noqa: E731
    with live_app.app_context():
        admin = create_user("axe.admin@example.am", "Axe Admin", {(Role.ADMIN, None)}, password=PASSWORD)
        db.session.add(CalendarOverride(day=date(2026, 12, 31), kind=OverrideKind.HOLIDAY,
                                        note_hy="Նախատոնական օր", note_en="New Year's Eve"))
        draft = db.session.scalar(select(Action).order_by(Action.id.desc()).limit(1))
        draft.published = False  # so the review page lists something
        db.session.add(AnswerTemplate(title="Repair scheduled", body="The repair is scheduled for next week."))
        db.session.add(AddressAllowance(network="192.0.2.0/28", label="Gosh community centre", factor=10))
        db.session.commit()
        with live_app.test_request_context():
            appeal, _secret = submit_appeal({
                "kind": "complaint", "subject": "Street lighting", "text": "No light for a month.",
                "settlement_id": first(Settlement), "institution_id": None, "applicant_name": "Axe Resident",
                "applicant_email": None, "applicant_phone": "+374 91 000000", "applicant_address": None,
                "allow_publish": False}, [], [], "hy")
        proposal = _pending_proposal(live_app)
        values = {
            "slug": "music-school", "action_id": first(Action), "report_id": first(Report),
            "user_id": admin.id, "institution_id": 1, "settlement_id": 1, "objective_id": first(Objective),
            "indicator_id": first(Indicator), "override_id": first(CalendarOverride),
            ("staff.edit_plan_goal", "goal_id"): first(PlanGoal), "goal_id": first(Goal), "token": "not-a-token",
            "tracking_number": appeal.tracking_number, "attachment_id": 1, "template_id": first(AnswerTemplate),
            "kind": "complaint",
            "panel": "appeals", "table": "appeals", "fmt": "csv",
            "appeal_id": proposal, "allowance_id": first(AddressAllowance),
        }
        urls = []
        for rule in live_app.url_map.iter_rules():
            if not rule.rule.startswith(("/staff", "/admin")) or "GET" not in rule.methods:
                continue
            args = {}
            for arg in rule.arguments:
                value = values.get((rule.endpoint, arg), values.get(arg))
                assert value is not None, f"add a value for <{arg}> of {rule.rule} to this test"
                args[arg] = value
            with live_app.test_request_context():
                from flask import url_for

                urls.append(url_for(rule.endpoint, **args))
    return sorted(urls)


def _pending_proposal(live_app):
    """A proposal whose author allowed publishing, so the publication form has something to show."""
    from app.appeals.services import submit_appeal

    with live_app.test_request_context():
        appeal, _secret = submit_appeal({
            "kind": "proposal", "subject": "Benches", "text": "More benches, please.", "settlement_id": 1,
            "institution_id": None, "applicant_name": "Axe Resident", "applicant_email": None,
            "applicant_phone": "+374 93 000000", "applicant_address": None, "allow_publish": True}, [], [], "hy")
        return appeal.id


@pytest.mark.parametrize("lang", ["hy", "en", "ru"])
def test_every_staff_page_has_no_wcag_violations(browser, live_server, staff_urls, lang):
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    axe = Axe()
    failures = []
    try:
        page.goto(f"/staff/login?lang={lang}")
        page.locator("#email").fill("axe.admin@example.am")
        page.locator("#password").fill(PASSWORD)
        page.locator("form.stack button[type=submit]").click()
        page.wait_for_url("**/staff/**")
        for url in staff_urls:
            if "/password/reset" in url or url.endswith("/login"):
                continue  # public pages for logged-out users; checked below
            if "/export/" in url:
                continue  # a file download, not a page
            page.goto(url)
            results = axe.run(page, options=WCAG_21_AA)
            if results.violations_count:
                failures.append(f"{url}\n{results.generate_report()}")
        context.clear_cookies()
        for url in ("/staff/login", "/staff/password/reset", "/staff/password/reset/not-a-token"):
            page.goto(f"{url}?lang={lang}")
            results = axe.run(page, options=WCAG_21_AA)
            if results.violations_count:
                failures.append(f"{url}\n{results.generate_report()}")
    finally:
        context.close()
    assert not failures, "\n\n".join(failures)
    assert len(staff_urls) > 30
