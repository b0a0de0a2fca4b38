"""Residents comment on actions, reports and published proposals; moderators decide; contacts are masked."""

import time

import pytest
from sqlalchemy import select

from app.appeals.models import Publication
from app.audit.models import AuditEntry
from app.participation.masking import EMAIL_MASK, PHONE_MASK, mask_contacts
from app.participation.models import Comment, CommentState
from app.participation.routes import sign_started
from tests.fixtures.accounts import csrf_token


def started(app, seconds_ago=10):
    with app.test_request_context():
        return sign_started(time.time() - seconds_ago)


def post_comment(client, app, page, url, headers=None, **fields):
    # Opening the page in English, as the browser would, makes the flash messages English too.
    data = {"csrf_token": csrf_token(client, page + "?lang=en"), "started": started(app), "author_name": "Anahit",
            "text": "Great idea!", "website": ""}
    data.update(fields)
    return client.post(url, data=data, headers=headers or {})


@pytest.fixture
def action(make_action, world):
    return make_action(institution=world.school, title_en="Concert in the park")


@pytest.fixture
def comment_on_action(client, app, action):
    def post(**fields):
        return post_comment(client, app, f"/actions/{action.id}/comment", f"/actions/{action.id}/comments", **fields)

    return post


def stored(session, text):
    return session.scalar(select(Comment).where(Comment.original_text == text))


def decide(client, comment, decision, headers=None):
    return client.post(f"/staff/moderation/{comment.id}/{decision}",
                       data={"csrf_token": csrf_token(client, "/staff/moderation")}, headers=headers or {})


def set_premoderation(world, session, enabled):
    world.community.comment_premoderation = enabled
    session.flush()


# --- Masking --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["+374 93 123456", "093-12-34-56", "010 123 456", "(010) 12-34-56", "093123456",
                                   "+37493123456", "00374 93 123456", "+7 (912) 345-67-89", "374 93 123456"])
def test_phone_numbers_are_masked(typed):
    assert mask_contacts(f"Call me at {typed}, thanks") == f"Call me at {PHONE_MASK}, thanks"


@pytest.mark.parametrize("typed", ["ani@example.am", "Ani.Petrosyan+news@mail.example.co.uk", "a_b-c@x-y.ru"])
def test_email_addresses_are_masked(typed):
    assert mask_contacts(f"Write to {typed}.") == f"Write to {EMAIL_MASK}."


@pytest.mark.parametrize("text", ["It cost 38 000 000 drams.", "Program 2022-2026", "House 12, flat 5",
                                  "On 15.03.2026 at 11:00", "12345"])
def test_amounts_dates_and_years_are_not_masked(text):
    assert mask_contacts(text) == text


def test_contacts_in_name_and_text_are_masked_and_original_kept_for_moderators(
        client, app, session, world, action, comment_on_action, auth, make_user):
    set_premoderation(world, session, False)
    text = "Call 093-12-34-56 or write ani@example.am\nSecond line"
    comment_on_action(author_name="Ani ani@example.am", text=text)
    comment = stored(session, text)
    assert comment.text == f"Call {PHONE_MASK} or write {EMAIL_MASK}\nSecond line"
    assert comment.author_name == f"Ani {EMAIL_MASK}"
    html = client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert "093-12-34-56" not in html and "ani@example.am" not in html
    assert f"Call {PHONE_MASK} or write {EMAIL_MASK}\nSecond line" in html  # line break kept (pre-line)
    auth.login(make_user(roles=(("officer", None),)))
    assert client.get("/staff/moderation").status_code == 200
    comment.hidden = True  # only waiting or hidden comments are in the queue
    session.flush()
    assert "093-12-34-56" in client.get("/staff/moderation").get_data(as_text=True)


# --- Pre- and post-moderation ---------------------------------------------------------------------------------

def test_premoderated_comment_waits_until_approved(client, app, session, action, comment_on_action, auth,
                                                   make_user):
    response = comment_on_action(text="Waiting comment")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == f"/actions/{action.id}?comment=pending#comment-posted"
    page = client.get(location.split("#")[0] + "&lang=en").get_data(as_text=True)
    assert "Waiting comment" not in page
    # The thank-you is where the form was, inside the comments (the page opens there), not at the top.
    comments = page[page.index('id="comments"'):]
    thanks = comments[comments.index('id="comment-posted"'):]
    assert "awaits moderation" in thanks[:thanks.index("</div>")]
    assert comments.index("No comments yet.") < comments.index('id="comment-posted"') < comments.index(
        "Write a comment")
    assert "awaits moderation" not in page[:page.index('id="comments"')]
    comment = stored(session, "Waiting comment")
    assert comment.state == CommentState.PENDING

    auth.login(make_user(roles=(("officer", None),)))
    assert "Waiting comment" in client.get("/staff/moderation").get_data(as_text=True)
    assert decide(client, comment, "approve").status_code == 302
    auth.logout()
    html = client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert "Waiting comment" in html and "Anahit" in html
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "comment.approve"))
    assert entry is not None and entry.target_id == comment.id and "Waiting comment" not in entry.details


def test_postmoderated_comment_shows_at_once(client, app, session, world, action, comment_on_action):
    set_premoderation(world, session, False)
    response = comment_on_action(text="Shown at once", author_name="")
    html = client.get(response.headers["Location"].split("#")[0] + "&lang=en").get_data(as_text=True)
    assert "Shown at once" in html
    thanks = html[html.index('id="comment-posted"'):]
    assert "Thank you: your comment is published." in thanks[:thanks.index("</div>")]
    # An address without the parameter (or with a made-up one) thanks nobody.
    for url in (f"/actions/{action.id}?lang=en", f"/actions/{action.id}?lang=en&comment=<b>"):
        assert 'id="comment-posted"' not in client.get(url).get_data(as_text=True)
    assert '<strong class="comment-author">Resident</strong>' in html


def test_rejected_comment_never_shows_and_keeps_its_original(client, app, session, action, comment_on_action,
                                                             auth, make_user):
    comment_on_action(text="Rude words")
    comment = stored(session, "Rude words")
    auth.login(make_user(roles=(("officer", None),)))
    decide(client, comment, "reject")
    session.refresh(comment)
    assert comment.state == CommentState.REJECTED and comment.original_text == "Rude words"
    auth.logout()
    assert "Rude words" not in client.get(f"/actions/{action.id}").get_data(as_text=True)


def test_admin_switches_to_postmoderation(client, session, world, auth, make_user):
    auth.login(make_user(roles=(("admin", None),)))
    page = "/admin/comments"
    assert client.get(page).status_code == 200
    response = client.post(page, data={"csrf_token": csrf_token(client, page)})  # unticked box
    assert response.status_code == 302
    session.refresh(world.community)
    assert world.community.comment_premoderation is False
    client.post(page, data={"csrf_token": csrf_token(client, page), "premoderation": "y"})
    session.refresh(world.community)
    assert world.community.comment_premoderation is True


def test_officer_cannot_change_the_moderation_setting(client, world, auth, make_user):
    auth.login(make_user(roles=(("officer", None),)))
    assert client.get("/admin/comments").status_code == 403


# --- Reports and proposals ------------------------------------------------------------------------------------

def test_comment_on_a_report_shows_on_the_action_page(client, app, session, world, action, make_report):
    set_premoderation(world, session, False)
    report = make_report(action)
    post_comment(client, app, f"/actions/{action.id}/comment", f"/actions/{action.id}/comments",
                 report_id=str(report.id), text="About the report")
    comment = stored(session, "About the report")
    assert comment.report_id == report.id and comment.action_id is None
    html = client.get(f"/actions/{action.id}?lang=en").get_data(as_text=True)
    assert "About the report" in html and "on the report of" in html


def test_comment_on_a_published_proposal(client, app, session, world, make_proposal):
    set_premoderation(world, session, False)
    proposal = make_proposal(world.centre, publication=Publication.PUBLISHED)
    page = f"/proposals/{proposal.tracking_number}"
    assert post_comment(client, app, page, f"{page}/comments", text="I agree").status_code == 302
    assert "I agree" in client.get(page).get_data(as_text=True)


def test_unpublished_proposal_takes_no_comments(client, app, world, make_proposal, action):
    pending = make_proposal(world.centre)
    response = post_comment(client, app, f"/actions/{action.id}/comment",
                            f"/proposals/{pending.tracking_number}/comments")
    assert response.status_code == 404


# --- htmx -----------------------------------------------------------------------------------------------------

def test_htmx_post_returns_the_comment_section_and_an_oob_flash(client, app, session, world, action,
                                                                comment_on_action):
    set_premoderation(world, session, False)
    response = comment_on_action(text="Via htmx", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert '<section id="comments"' in html and "Via htmx" in html and 'hx-swap-oob="true"' in html
    assert "<html" not in html
    # The thank-you comes in the swapped section, where the form was, and takes focus there.
    assert '<div id="comment-posted" class="notice notice-success" role="status" tabindex="-1" autofocus>' in html
    assert "Thank you: your comment is published." in html


def test_a_too_long_comment_is_refused_with_a_count_never_cut(client, app, action, comment_on_action):
    response = comment_on_action(text="x" * 2003)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    textarea = html[html.index("<textarea"):html.index("</textarea>")]
    assert "maxlength" not in textarea and "x" * 2003 in textarea
    assert 'aria-invalid="true"' in textarea and "text-count" in textarea and "text-error" in textarea
    assert "3 characters too many: at most 2,000 fit. Nothing was cut" in html
    assert 'id="text-count" class="counter over"' in html and "2,003 of 2,000 characters: 3 too many" in html
    summary = html[html.index('id="comment-errors"'):]
    assert '<a href="#text">Comment: 3 characters too many' in summary[:summary.index("</div>")]


def test_htmx_invalid_comment_returns_422_partial_with_text_kept(client, app, action, comment_on_action):
    response = comment_on_action(text="x" * 2001, headers={"HX-Request": "true"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "x" * 2001 in html and "<html" not in html and "field-error" in html


# --- Bad input ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   \n  ", "y" * 2001])
def test_empty_or_too_long_comment_is_refused_with_text_kept(client, app, session, action, comment_on_action,
                                                             text):
    response = comment_on_action(text=text, author_name="Kept name")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Kept name"' in html and "field-error" in html
    if text.strip():
        assert text in html
    assert session.scalar(select(Comment)) is None


def test_comment_without_csrf_is_refused(client, app, session, action):
    response = client.post(f"/actions/{action.id}/comments", data={
        "started": started(app), "text": "No token", "website": ""})
    assert response.status_code == 400
    assert session.scalar(select(Comment)) is None


@pytest.mark.parametrize("fields", [{"website": "http://spam.example"}, {"started": "forged"}])
def test_bots_are_refused_and_the_text_kept(client, app, session, action, comment_on_action, fields):
    response = comment_on_action(text="Keep me", **fields)
    assert response.status_code == 422
    assert "Keep me" in response.get_data(as_text=True)
    assert session.scalar(select(Comment)) is None


def test_too_fast_comment_is_refused(client, app, session, action, comment_on_action):
    response = comment_on_action(text="Fast", started=started(app, seconds_ago=0))
    assert response.status_code == 422
    assert session.scalar(select(Comment)) is None


def test_comments_are_rate_limited(client, app, action, comment_on_action):
    codes = [comment_on_action(text=f"Comment {n}").status_code for n in range(7)]
    assert codes[:5] == [302] * 5 and 429 in codes[5:]


# --- Flags ----------------------------------------------------------------------------------------------------

def flag_from(app, session, comment, ip):
    client = app.test_client()
    client.test_session = session
    page = comment_page(comment)
    client.environ_base["REMOTE_ADDR"] = ip
    return client.post(f"/comments/{comment.id}/flag", data={"csrf_token": csrf_token(client, page)})


def comment_page(comment):
    return f"/comments/{comment.id}/flag"  # the confirmation the action page links to


def test_three_flags_hide_a_comment_until_a_moderator_restores_it(app, client, session, world, action,
                                                                  comment_on_action, auth, make_user):
    set_premoderation(world, session, False)
    comment_on_action(text="Flag me")
    comment = stored(session, "Flag me")
    for ip in ["10.0.0.1", "10.0.0.2"]:
        assert flag_from(app, session, comment, ip).status_code == 302
    assert "Flag me" in client.get(f"/actions/{action.id}").get_data(as_text=True)
    flag_from(app, session, comment, "10.0.0.1")  # the same visitor again does not count
    session.refresh(comment)
    assert comment.flag_count == 2 and not comment.hidden
    flag_from(app, session, comment, "10.0.0.3")
    session.refresh(comment)
    assert comment.hidden
    assert "Flag me" not in client.get(f"/actions/{action.id}").get_data(as_text=True)

    auth.login(make_user(roles=(("officer", None),)))
    assert "Flag me" in client.get("/staff/moderation").get_data(as_text=True)
    decide(client, comment, "restore")
    auth.logout()
    session.refresh(comment)
    assert not comment.hidden and comment.state == CommentState.APPROVED
    assert "Flag me" in client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert session.scalar(select(AuditEntry).where(AuditEntry.action == "comment.restore")) is not None


def test_flagging_twice_says_so(app, client, session, world, action, comment_on_action):
    set_premoderation(world, session, False)
    comment_on_action(text="Once")
    comment = stored(session, "Once")
    page = f"/actions/{action.id}"
    confirm = f"/comments/{comment.id}/flag"
    client.post(confirm, data={"csrf_token": csrf_token(client, confirm + "?lang=en")})
    client.post(confirm, data={"csrf_token": csrf_token(client, confirm)})
    assert "already reported" in client.get(page + "?lang=en").get_data(as_text=True)
    session.refresh(comment)
    assert comment.flag_count == 1


# --- Permissions ----------------------------------------------------------------------------------------------

PAGES = ["/staff/moderation", "/staff/publication"]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    response = client.get(path, headers={"HX-Request": "true"})
    assert response.status_code == 401 and "HX-Redirect" in response.headers


@pytest.mark.parametrize("role", ["viewer", "editor"])
@pytest.mark.parametrize("htmx", [False, True])
def test_viewers_and_editors_cannot_moderate(client, app, session, world, action, comment_on_action, auth,
                                             make_user, role, htmx):
    comment_on_action(text="Pending")
    comment = stored(session, "Pending")
    auth.login(make_user(roles=((role, world.school if role == "editor" else None),)))
    headers = {"HX-Request": "true"} if htmx else {}
    assert client.get("/staff/moderation", headers=headers).status_code == 403
    token = csrf_token(client, "/staff/")
    response = client.post(f"/staff/moderation/{comment.id}/approve", data={"csrf_token": token}, headers=headers)
    assert response.status_code == 403
    session.refresh(comment)
    assert comment.state == CommentState.PENDING


def test_anonymous_cannot_post_a_decision(client, app, session, action, comment_on_action):
    comment_on_action(text="Pending")
    comment = stored(session, "Pending")
    response = client.post(f"/staff/moderation/{comment.id}/approve", data={"csrf_token": csrf_token(
        client, f"/actions/{action.id}/comment")}, headers={"HX-Request": "true"})
    assert response.status_code == 401
    session.refresh(comment)
    assert comment.state == CommentState.PENDING


def test_officer_moderates_through_htmx(client, app, session, action, comment_on_action, auth, make_user):
    comment_on_action(text="Pending")
    comment = stored(session, "Pending")
    auth.login(make_user(roles=(("officer", None),)))
    response = decide(client, comment, "approve", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="moderation-{comment.id}"' in html
    assert 'hx-swap-oob="true"' in html and "<html" not in html
    assert response.headers["Cache-Control"] == "no-store"


def test_moderation_without_csrf_is_refused(client, app, session, action, comment_on_action, auth, make_user):
    comment_on_action(text="Pending")
    comment = stored(session, "Pending")
    auth.login(make_user(roles=(("officer", None),)))
    response = client.post(f"/staff/moderation/{comment.id}/approve", data={})
    assert response.status_code == 400
    session.refresh(comment)
    assert comment.state == CommentState.PENDING


def test_unknown_decision_is_404(client, app, session, action, comment_on_action, auth, make_user):
    comment_on_action(text="Pending")
    comment = stored(session, "Pending")
    auth.login(make_user(roles=(("officer", None),)))
    assert decide(client, comment, "delete").status_code == 404


# --- The action page is the same for everyone: the form and the flag are one click away ---------------------

def test_reading_an_action_sets_no_cookie_and_links_to_the_form(client, app, session, world, action,
                                                                 comment_on_action):
    set_premoderation(world, session, False)
    comment_on_action(text="Shown to all")
    client.delete_cookie("session")
    page = client.get(f"/actions/{action.id}?lang=en")
    html = page.get_data(as_text=True)
    assert "Shown to all" in html
    assert "csrf_token" not in html and "Set-Cookie" not in client.get(f"/actions/{action.id}").headers
    assert "ETag" in client.get(f"/actions/{action.id}").headers  # so the page cache and 304s serve it
    assert f'href="/actions/{action.id}/comment"' in html and "Write a comment" in html
    assert f'href="/comments/{stored(session, "Shown to all").id}/flag"' in html


def test_comment_form_page_and_its_htmx_fragment(client, action):
    full = client.get(f"/actions/{action.id}/comment?lang=en").get_data(as_text=True)
    assert "<html" in full and "Comment on: Concert in the park" in full and 'name="csrf_token"' in full
    fragment = client.get(f"/actions/{action.id}/comment", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and 'class="stack comment-form"' in fragment and 'name="csrf_token"' in fragment


def test_invalid_comment_comes_back_on_the_form_page_with_what_was_typed(client, app, action, comment_on_action):
    response = comment_on_action(text="", author_name="Kept name")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Comment on:" in html and 'value="Kept name"' in html


def test_flag_confirmation_shows_the_comment_and_hides_unpublished_ones(client, app, session, world, action,
                                                                        comment_on_action):
    set_premoderation(world, session, False)
    comment_on_action(text="Is this rude?")
    comment = stored(session, "Is this rude?")
    html = client.get(f"/comments/{comment.id}/flag?lang=en").get_data(as_text=True)
    assert "Is this rude?" in html and "Report this comment" in html
    set_premoderation(world, session, True)
    comment_on_action(text="Not yet approved")
    pending = stored(session, "Not yet approved")
    assert client.get(f"/comments/{pending.id}/flag").status_code == 404
