"""Residents follow a settlement, an institution, a goal or schedule filters by email, without an account."""

import re
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.models_base import utcnow
from app.outbox.composing import build_email
from app.outbox.models import OutboxMessage
from app.subscriptions.models import StatusNotice, Subscription
from tests.fixtures.accounts import csrf_token

ADDRESS = "lilit@example.am"


def subscribe(client, filters="settlement=gosh", email="Lilit@Example.am", lang="en", **headers):
    return client.post(f"/subscriptions/new?lang={lang}", data={"email": email, "filters": filters}, headers=headers)


def mails_to(session, to=ADDRESS):
    session.expire_all()
    return session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == to)
                           .order_by(OutboxMessage.id)).all()


def link_in(message, path):
    return re.search(rf"http://localhost(/subscriptions/{path}/\S+)", message.body_text).group(1)


def confirmed(client, session, filters="settlement=gosh", email=ADDRESS, lang="en"):
    assert subscribe(client, filters, email, lang).status_code == 302
    link = link_in(mails_to(session, email)[-1], "confirm")
    response = client.post(link, data={"csrf_token": csrf_token(client, link)})
    assert response.status_code == 302
    session.expire_all()
    return session.scalars(select(Subscription).where(Subscription.email == email,
                                                      Subscription.filters == filters)).one()


def cancel(client, auth, make_user, action, reason="Snow closed the road."):
    editor = make_user(roles=(("editor", action.institution),))
    auth.login(editor)
    page = f"/staff/actions/{action.id}/status"
    response = client.post(page, data={"csrf_token": csrf_token(client, page), "status": "cancelled",
                                       "reason_hy": reason, "revision": action.revision})
    assert response.status_code == 302
    auth.logout()
    run_notice_worker(client)


def run_notice_worker(client):
    """What the worker does once the editor's change is committed: write the followers' notices."""
    return client.application.extensions["worker"].tasks["subscriptions.status_notices"].call_local()


@pytest.mark.parametrize("url",
                         ["/settlements/gosh", "/institutions/gosh-club", "/program", "/schedule?settlement=gosh"])
def test_public_pages_carry_a_subscribe_form_that_works_without_javascript(client, world, url):
    html = client.get(url).get_data(as_text=True)
    assert 'action="/subscriptions/new"' in html and 'method="post"' in html and 'name="email"' in html


def test_the_subscribe_form_keeps_the_public_page_cacheable(client, world):
    response = client.get("/settlements/gosh")
    assert "Set-Cookie" not in response.headers and response.headers.get("ETag")


def test_subscribing_sends_a_confirmation_in_the_readers_language_and_starts_nothing(client, world, session):
    response = subscribe(client, lang="ru")
    assert response.status_code == 302
    (message,) = mails_to(session)
    assert "Подтвердите" in message.subject and "Gosh" not in message.subject  # Gosh has no Russian name: Armenian
    subscription = session.scalars(select(Subscription)).one()
    assert subscription.confirmed_dt is None and subscription.language == "ru"


def test_the_page_after_subscribing_says_where_the_link_went_without_the_address_in_the_url(client, world):
    response = subscribe(client)
    assert "lilit" not in response.headers["Location"].lower()
    assert "lilit@example.am" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_opening_the_confirmation_link_only_shows_a_button(client, world, session):
    subscribe(client)
    link = link_in(mails_to(session)[0], "confirm")
    page = client.get(link)
    assert page.status_code == 200 and "<button" in page.get_data(as_text=True)
    assert session.scalars(select(Subscription)).one().confirmed_dt is None


def test_pressing_the_button_confirms_and_opens_the_preferences(client, world, session):
    subscription = confirmed(client, session)
    assert subscription.confirmed_dt is not None
    assert "Gosh" in client.get("/subscriptions/preferences?lang=en").get_data(as_text=True)


def test_a_forged_or_tampered_link_is_refused(client, world, session):
    subscribe(client)
    link = link_in(mails_to(session)[0], "confirm")
    assert client.get(link[:-3] + "abc").status_code == 404


def test_an_expired_confirmation_link_is_refused(client, app, world, session):
    import time_machine

    subscribe(client)
    link = link_in(mails_to(session)[0], "confirm")
    with time_machine.travel(time.time() + (app.config["SUBSCRIPTION_CONFIRM_HOURS"] + 1) * 3600):
        assert client.get(link).status_code == 404


def test_a_wrong_address_comes_back_with_a_translated_error(client, world):
    response = subscribe(client, email="not-an-address", lang="hy")
    assert response.status_code == 422 and "name@example.am" in response.get_data(as_text=True)


def test_a_post_from_another_site_is_refused(client, world, session):
    response = subscribe(client, Origin="https://evil.example", **{"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403 and mails_to(session) == []


def test_subscribing_is_rate_limited_per_address(client, app, world):
    for _ in range(5):
        assert subscribe(client).status_code == 302
    response = subscribe(client, email="LILIT@example.am")
    assert response.status_code == 429 and "Too many subscriptions" in response.get_data(as_text=True)


def test_subscribing_again_sends_the_manage_link_instead_of_a_second_subscription(client, world, session):
    confirmed(client, session)
    subscribe(client)
    assert "/subscriptions/manage/" in mails_to(session)[-1].body_text
    assert session.scalar(select(func.count(Subscription.id))) == 1


def test_a_filter_naming_nothing_is_dropped(client, world, session):
    subscribe(client, filters="settlement=nowhere&status=cancelled")
    assert session.scalars(select(Subscription.filters)).one() == "status=cancelled"


# --- Notices -----------------------------------------------------------------------------------------------------

def test_followers_of_a_village_hear_at_once_that_an_action_there_was_cancelled(app, client, world, session,
                                                                              make_action, make_user, auth):
    action = make_action(institution=world.club, title_en="Harvest concert")
    confirmed(client, session)
    cancel(client, auth, make_user, action)
    notice = mails_to(session)[-1]
    assert "Cancelled: Harvest concert" == notice.subject and "Snow closed the road." in notice.body_text
    with app.app_context():
        email = build_email(notice)
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<http://localhost/subscriptions/unsubscribe/\S+>", email["List-Unsubscribe"])


def test_the_editors_request_queues_no_notice_itself_the_worker_writes_them(client, world, session, make_action,
                                                                           make_user, auth):
    action = make_action(institution=world.club, title_en="Harvest concert")
    confirmed(client, session)
    huey = client.application.extensions["worker"].huey
    before = huey.pending_count()
    editor = make_user(roles=(("editor", action.institution),))
    auth.login(editor)
    page = f"/staff/actions/{action.id}/status"
    assert client.post(page, data={"csrf_token": csrf_token(client, page), "status": "cancelled",
                                   "reason_hy": "Snow.", "revision": action.revision}).status_code == 302
    assert len(mails_to(session)) == 1  # the confirmation only: the request did not write the notices
    assert huey.pending_count() == before + 1  # the worker was woken by the commit
    (notice,) = session.scalars(select(StatusNotice)).all()
    assert (notice.action_id, notice.status, notice.done_dt) == (action.id, "cancelled", None)

    assert run_notice_worker(client) == 1
    assert mails_to(session)[-1].subject == "Cancelled: Harvest concert"
    session.expire_all()
    assert session.get(StatusNotice, notice.id).done_dt is not None and session.get(StatusNotice, notice.id).queued == 1
    # Run again (a retry, a second worker, the sweep): nothing is written twice.
    assert run_notice_worker(client) == 0
    assert client.application.extensions["worker"].tasks["subscriptions.notice_sweep"].call_local() == 0
    assert len(mails_to(session)) == 2


def test_a_change_undone_before_the_worker_ran_tells_nobody(client, world, session, make_action, make_user, auth):
    action = make_action(institution=world.club)
    confirmed(client, session)
    editor = make_user(roles=(("editor", action.institution),))
    auth.login(editor)
    page = f"/staff/actions/{action.id}/status"
    client.post(page, data={"csrf_token": csrf_token(client, page), "status": "cancelled", "reason_hy": "Oops.",
                            "revision": action.revision})
    session.refresh(action)
    client.post(page, data={"csrf_token": csrf_token(client, page), "status": "planned", "revision": action.revision})
    session.refresh(action)
    assert action.status.value == "planned"
    assert run_notice_worker(client) == 0
    assert len(mails_to(session)) == 1


def test_followers_of_the_goal_and_institution_hear_too_but_not_of_other_places(client, world, session, make_action,
                                                                              make_user, auth):
    action = make_action(institution=world.club, objectives=[world.o21])
    confirmed(client, session, "goal=2", "goal@example.am")
    confirmed(client, session, "institution=gosh-club", "club@example.am")
    confirmed(client, session, "settlement=town", "town@example.am")
    cancel(client, auth, make_user, action)
    assert [len(mails_to(session, a)) for a in ("goal@example.am", "club@example.am", "town@example.am")] == [2, 2, 1]


def test_unconfirmed_addresses_hear_nothing(client, world, session, make_action, make_user, auth):
    action = make_action(institution=world.club)
    subscribe(client)
    cancel(client, auth, make_user, action)
    assert len(mails_to(session)) == 1  # the confirmation only


def test_one_click_unsubscribe_deletes_the_address_without_a_cookie_or_csrf_token(app, client, world, session,
                                                                                  make_action, make_user, auth):
    action = make_action(institution=world.club)
    confirmed(client, session)
    cancel(client, auth, make_user, action)
    with app.app_context():
        url = build_email(mails_to(session)[-1])["List-Unsubscribe"].strip("<>")
    mail_client = app.test_client()  # the mail provider: no session, no token
    response = mail_client.post(url.replace("http://localhost", ""), data="List-Unsubscribe=One-Click",
                                content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    session.expire_all()
    assert session.scalar(select(func.count(Subscription.id)).where(Subscription.email == ADDRESS)) == 0


def test_opening_the_unsubscribe_link_unsubscribes_nobody(client, world, session):
    subscription = confirmed(client, session)
    subscribe(client)  # brings the manage link
    manage = link_in(mails_to(session)[-1], "manage")
    assert client.get(manage.replace("/manage/", "/unsubscribe/")).status_code == 302
    assert client.get(manage).status_code == 200
    session.expire_all()
    assert session.get(Subscription, subscription.id) is not None


def test_the_manage_link_opens_preferences_by_a_button_and_not_in_its_url(client, app, world, session):
    confirmed(client, session)
    subscribe(client)
    manage = link_in(mails_to(session)[-1], "manage")
    other = app.test_client()
    assert other.get("/subscriptions/preferences").status_code == 403
    response = other.post(manage, data={"csrf_token": csrf_token(other, manage)})
    assert response.headers["Location"] == "/subscriptions/preferences"
    assert ADDRESS in other.get("/subscriptions/preferences").get_data(as_text=True)


def test_preferences_change_the_language_and_turn_off_notices(client, world, session, make_action, make_user, auth):
    subscription = confirmed(client, session)
    page = "/subscriptions/preferences"
    response = client.post(page, data={"csrf_token": csrf_token(client, page), "language": "hy",
                                       f"weekly-{subscription.id}": "y"})
    assert response.status_code == 302
    session.expire_all()
    subscription = session.get(Subscription, subscription.id)
    assert (subscription.language, subscription.weekly, subscription.notices) == ("hy", True, False)
    cancel(client, auth, make_user, make_action(institution=world.club))
    assert len(mails_to(session)) == 1


def test_unsubscribing_from_everything_deletes_the_address(client, world, session):
    confirmed(client, session)
    confirmed(client, session, "institution=gosh-club")
    page = "/subscriptions/preferences"
    client.post(page, data={"csrf_token": csrf_token(client, page), "language": "en", "everything": "1"})
    session.expire_all()
    assert session.scalar(select(func.count(Subscription.id))) == 0


# --- Weekly digest -----------------------------------------------------------------------------------------------

def run_digests(app, now=None):
    from app.subscriptions.services import send_weekly_digests

    with app.app_context():
        return send_weekly_digests(now)


def test_the_weekly_digest_lists_new_and_changed_actions_and_new_reports(app, client, world, session, make_action,
                                                                         make_report):
    old = make_action(institution=world.club, title_en="Old fair")
    confirmed(client, session)
    session.flush()
    later = utcnow() + timedelta(seconds=2)
    make_action(institution=world.club, title_en="New fair", created_dt=later, updated_dt=later)
    old.updated_dt = later
    make_report(old, created_dt=later)
    make_action(institution=world.school, title_en="Town fair", created_dt=later, updated_dt=later)
    session.flush()
    assert run_digests(app, later + timedelta(days=7)) == 1
    digest = mails_to(session)[-1]
    body = digest.body_text
    assert "New fair" in body and "Old fair" in body and "New reports" in body and "Town fair" not in body
    assert digest.headers["List-Unsubscribe"] and "/subscriptions/manage/" in body


def test_the_digest_is_sent_once_and_not_when_nothing_happened(app, client, world, session, make_action):
    confirmed(client, session)
    later = utcnow() + timedelta(seconds=2)
    make_action(institution=world.club, created_dt=later, updated_dt=later)
    session.flush()
    week = later + timedelta(days=7)
    assert (run_digests(app, week), run_digests(app, week + timedelta(days=7))) == (1, 0)


def test_the_digest_is_in_the_subscribers_language(app, client, world, session, make_action):
    confirmed(client, session, lang="hy")
    later = utcnow() + timedelta(seconds=2)
    make_action(institution=world.club, title_hy="Բերքի տոն", created_dt=later, updated_dt=later,
                start=date(2026, 9, 1))
    session.flush()
    run_digests(app, later + timedelta(days=7))
    assert "Բերքի տոն" in mails_to(session)[-1].body_text and "Այս շաբաթ" in mails_to(session)[-1].subject


def test_several_workers_at_once_write_a_notice_once(tmp_path):
    """Four workers run the notice task at the same moment against the real database: each follower gets one."""
    import threading

    from app.community.models import Community, Settlement
    from app.database import write_intent
    from app.extensions import db
    from app.institutions.models import Institution, InstitutionKind
    from app.schedule.models import Action, ActionStatus, FundingSource
    from app.subscriptions.services import send_status_notices
    from tests.conftest import make_app

    application = make_app(tmp_path, "hashvetu_notice_race")
    with application.app_context():
        village = Settlement(slug="gosh", name_hy="Գոշ", name_en="Gosh", population=1115, position=1)
        db.session.add_all([Community(name_hy="Համայնք", name_en="Community", tracking_prefix="TST"), village])
        club = Institution(slug="club", name_hy="Ակումբ", name_en="Club", kind=InstitutionKind.CULTURE_HOUSE,
                           settlement=village)
        action = Action(institution=club, settlement=village, title_hy="Համերգ", title_en="Concert",
                        start_date=date(2026, 3, 15), end_date=date(2026, 3, 15), budget_planned=1,
                        funding_source=FundingSource.COMMUNITY_BUDGET, status=ActionStatus.CANCELLED)
        db.session.add(action)
        db.session.add_all([Subscription(email=f"f{n}@example.am", filters="settlement=gosh", language="en",
                                         nonce=f"{n:016x}", confirmed_dt=utcnow()) for n in range(60)])
        db.session.flush()
        db.session.add(StatusNotice(action_id=action.id, status="cancelled"))
        db.session.commit()
    counts, errors, start = [], [], threading.Barrier(4)

    def worker():
        try:
            start.wait(10)
            with application.app_context(), write_intent():
                counts.append(send_status_notices())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert errors == []
        assert sorted(counts) == [0, 0, 0, 60]
        with application.app_context():
            addresses = db.session.scalars(select(OutboxMessage.to_address)).all()
        assert len(addresses) == 60 and len(set(addresses)) == 60  # one notice per follower, none twice
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_cancellation_held_for_review_reaches_the_followers_once_approved(client, world, session, make_action,
                                                                          make_user, auth):
    world.club.requires_review = True
    action = make_action(institution=world.club, title_en="Harvest concert")
    session.flush()
    confirmed(client, session)
    cancel(client, auth, make_user, action)  # held: the published action is still planned
    assert len(mails_to(session)) == 1
    auth.login(make_user("officer@example.am", roles=(("officer", None),)))
    review = client.get("/staff/review?lang=en").get_data(as_text=True)
    pending_id = re.search(r"/staff/review/changes/(\d+)/approve", review).group(1)
    assert client.post(f"/staff/review/changes/{pending_id}/approve",
                       data={"csrf_token": csrf_token(client, "/staff/review")}).status_code == 302
    assert run_notice_worker(client) == 1
    assert mails_to(session)[-1].subject == "Cancelled: Harvest concert"
