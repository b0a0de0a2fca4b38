"""A visitor reads a published proposal, supports it by email and comments; a moderator approves; all pass axe."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

OFFICER_EMAIL = "e2e.moderator@example.am"
PASSWORD = "moderator passphrase for the browser 5"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}
HUMAN_PAUSE_MS = 3200


def check(axe, page, js=True):
    """axe runs inside the page, so it needs JavaScript; the no-JS run of a journey checks behaviour only."""
    if not js:
        return
    results = axe.run(page, options=WCAG_21_AA)
    assert results.response["testEngine"]["name"] == "axe-core"
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture(scope="session")
def moderator_account(live_app):
    from app.accounts.models import Role
    from app.accounts.services import create_user

    with live_app.app_context():
        create_user(OFFICER_EMAIL, "E2E Moderator", {(Role.OFFICER, None)}, password=PASSWORD)
    return OFFICER_EMAIL


def publish_proposal(live_app, subject):
    """A resident's proposal, published by an officer (the queue itself is tested without a browser)."""
    from app.appeals.models import Appeal, Publication
    from app.appeals.services import submit_appeal
    from app.community.models import Settlement
    from app.extensions import db
    from app.models_base import utcnow

    with live_app.test_request_context():
        settlement_id = db.session.scalar(select(Settlement.id).order_by(Settlement.id))
        appeal, _secret = submit_appeal({
            "kind": "proposal", "subject": "Raw subject", "text": "Raw text", "settlement_id": settlement_id,
            "institution_id": None, "applicant_name": "Hidden Person", "applicant_email": "hidden@example.am",
            "applicant_phone": None, "applicant_address": None, "allow_publish": True}, [], [], "en")
        appeal = db.session.get(Appeal, appeal.id)
        appeal.public_subject, appeal.public_text = subject, "Plant trees along the river.\nAnd add benches."
        appeal.publication, appeal.published_dt = Publication.PUBLISHED, utcnow()
        db.session.commit()
        return appeal.tracking_number


def support_link(live_app, email):
    from app.extensions import db
    from app.outbox.models import OutboxMessage

    with live_app.app_context():
        body = db.session.scalar(select(OutboxMessage.body_text).where(OutboxMessage.to_address == email)
                                 .order_by(OutboxMessage.id.desc()))
        db.session.remove()
    return re.search(r"http://\S+/proposals/support/\S+", body).group(0)


def test_visitor_supports_and_comments_and_moderator_approves(page, js, live_app, moderator_account, axe):
    subject = f"Trees along the river ({'js' if js else 'no-js'})"
    number = publish_proposal(live_app, subject)
    email = f"supporter.{'js' if js else 'nojs'}@example.am"

    page.goto("/proposals?lang=en")
    page.get_by_role("link", name=subject).click()
    expect(page.locator("h1")).to_have_text(subject)
    expect(page.locator("body")).not_to_contain_text("Hidden Person")
    check(axe, page, js)

    page.get_by_label("Your email address").fill(email)
    page.get_by_role("button", name="Support this proposal").click()
    expect(page.locator(".flash").first).to_contain_text("An e-mail with a link is queued for you")
    page.goto(support_link(live_app, email))
    check(axe, page, js)
    page.get_by_role("button", name="Confirm my support").click()
    expect(page.locator(".flash")).to_contain_text("your support is counted")
    expect(page.locator(".support-count")).to_have_text("1 resident supports this proposal.")

    page.get_by_label("Your name (optional)").fill("Narek")
    page.get_by_label("Comment", exact=True).fill("Yes, please!\nThe river path needs shade.")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Send the comment").click()
    # The thank-you is where the form was, in view and focused.
    expect(page.locator("#comments #comment-posted")).to_contain_text("awaits moderation")
    expect(page.locator("#comment-posted")).to_be_in_viewport()
    expect(page.locator("#comment-posted")).to_be_focused()
    expect(page.locator("#comments")).not_to_contain_text("Yes, please!")
    check(axe, page, js)

    page.goto("/staff/login?lang=en")
    page.get_by_label("Email address").fill(moderator_account)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/staff/moderation?lang=en")
    item = page.locator(".moderation-item", has_text="The river path needs shade.")
    check(axe, page, js)
    item.get_by_role("button", name="Approve").click()
    expect(page.locator(".flash")).to_contain_text("approved")
    page.get_by_role("navigation", name="Staff account").get_by_role("button", name="Log out").click()

    page.goto(f"/proposals/{number}?lang=en")
    comment = page.locator(".comment", has_text="Yes, please!")
    expect(comment.locator(".comment-author")).to_have_text("Narek")
    expect(comment.locator(".comment-text")).to_contain_text("The river path needs shade.")


@pytest.mark.parametrize("lang", ["hy", "en", "ru"])
def test_proposal_pages_have_no_wcag_violations(browser, live_server, live_app, axe, lang):
    number = publish_proposal(live_app, f"Axe check {lang}")
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    try:
        for path in ("/proposals", "/proposals?kind=qa", f"/proposals/{number}", "/actions/1"):
            page.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
            check(axe, page)
    finally:
        context.close()


def approved_comment_on_an_action(live_app, text):
    from app.extensions import db
    from app.participation.models import Comment, CommentState
    from app.schedule.models import Action

    with live_app.app_context():
        action_id = db.session.scalar(select(Action.id).where(Action.published.is_(True)).order_by(Action.id))
        db.session.add(Comment(action_id=action_id, text=text, original_text=text, author_name="Vardan",
                               original_author_name="Vardan", state=CommentState.APPROVED))
        db.session.commit()
        db.session.remove()
    return action_id


def test_visitor_comments_on_an_action_and_reports_a_comment(page, js, live_app, axe):
    text = f"Rude words here ({'js' if js else 'no-js'})"
    action_id = approved_comment_on_an_action(live_app, text)
    page.goto(f"/actions/{action_id}?lang=en")
    expect(page.locator("#comments")).to_contain_text(text)
    page.get_by_role("link", name="Write a comment").click()
    if js:
        # The form comes into the action page itself.
        expect(page.locator("h1")).not_to_contain_text("Comment on:")
        expect(page.locator("#comments form.comment-form")).to_be_visible()
    else:
        expect(page.locator("h1")).to_contain_text("Comment on:")
    check(axe, page, js)
    page.get_by_label("Comment", exact=True).fill("When is the next one?")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.get_by_role("button", name="Send the comment").click()
    expect(page.locator("#comments #comment-posted")).to_contain_text("awaits moderation")
    expect(page.locator("#comment-posted")).to_be_in_viewport()
    expect(page.locator("#comment-posted")).to_be_focused()

    page.goto(f"/actions/{action_id}?lang=en")
    page.locator(".comment", has_text=text).get_by_role("link", name="Report as inappropriate").click()
    expect(page.locator("h1")).to_have_text("Report a comment")
    expect(page.locator("blockquote")).to_contain_text(text)
    check(axe, page, js)
    page.get_by_role("button", name="Report this comment").click()
    expect(page.locator(".flash")).to_contain_text("the moderators will look")
