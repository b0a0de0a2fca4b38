"""Cheap public pages: ETags and 304s, the page cache keyed by the data version, gzip and content-hashed static
files. A 304 or a cached page must never hide a changed page nor show one visitor's page to another."""

import gzip
import re

import pytest

from app.performance.caching import PageCache
from app.performance.version import current_token


@pytest.fixture
def page_cache(app):
    """Turn the page cache on for one test (the suite runs with it off), emptied before and after."""
    original = app.extensions["page_cache"]
    app.extensions["page_cache"] = PageCache(64, 60, 512 * 1024)
    yield app.extensions["page_cache"]
    app.extensions["page_cache"] = original


def test_public_page_answers_304_to_a_visitor_who_has_it(client, world, make_action, today):
    make_action(institution=world.school, start=today)
    first = client.get("/schedule")
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    assert first.headers["Cache-Control"] == "no-cache"
    assert {"Cookie", "HX-Request", "Accept-Encoding"} <= set(first.headers["Vary"].replace(" ", "").split(","))
    again = client.get("/schedule", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag


def test_changed_page_is_sent_again_not_304(client, world, make_action, session, today, page_cache):
    action = make_action(institution=world.school, start=today, title_hy="Առաջին", title_en="First title")
    session.commit()
    first = client.get("/schedule")
    assert len(page_cache) == 1
    action.title_hy = "Երկրորդ"
    session.commit()  # every commit gives the data a new version
    second = client.get("/schedule", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert "Երկրորդ" in second.get_data(as_text=True)
    assert second.headers["ETag"] != first.headers["ETag"]


def test_cached_page_is_served_until_the_data_changes(client, world, make_action, session, today, page_cache,
                                                     count_queries):
    make_action(institution=world.school, start=today, title_hy="Համերգ")
    session.commit()
    first = client.get("/schedule")
    with count_queries() as counter:
        cached = client.get("/schedule")
    assert cached.data == first.data
    assert len(counter) == 0  # no page query: only the data version, read on the driver cursor
    make_action(institution=world.school, start=today, title_hy="Ցուցահանդես")
    session.commit()
    assert "Ցուցահանդես" in client.get("/schedule").get_data(as_text=True)


def test_a_rolled_back_write_keeps_the_data_version(app, session, world):
    session.commit()
    with app.app_context():
        from app.extensions import db

        before = current_token()
        world.school.name_hy = "Փոփոխված"
        db.session.rollback()
    session.rollback()
    with app.app_context():
        assert current_token() == before


def test_logged_in_staff_never_get_a_cached_or_tagged_page(client, world, make_user, auth, page_cache):
    make_user(email="officer@example.am", full_name="Officer Anahit", roles=(("officer", None),))
    anonymous = client.get("/schedule")
    assert "ETag" in anonymous.headers
    auth.login("officer@example.am")
    staff = client.get("/schedule")
    assert "Officer Anahit" in staff.get_data(as_text=True)
    assert "ETag" not in staff.headers
    # Another visitor without a session gets the anonymous page, never the staff member's.
    client.delete_cookie("session")
    other = client.get("/schedule")
    assert "Officer Anahit" not in other.get_data(as_text=True)


def test_page_that_starts_a_session_gets_no_etag(client, world):
    response = client.get("/appeals/new")  # its form's CSRF token lives in the session
    assert "ETag" not in response.headers
    assert "session=" in response.headers.get("Set-Cookie", "")


def test_htmx_partial_and_full_page_are_cached_apart(client, world, make_action, today, page_cache):
    make_action(institution=world.school, start=today)
    full = client.get("/schedule")
    partial = client.get("/schedule", headers={"HX-Request": "true"})
    assert "<html" in full.get_data(as_text=True)
    assert "<html" not in partial.get_data(as_text=True)
    assert full.headers["ETag"] != partial.headers["ETag"]
    assert "<html" in client.get("/schedule").get_data(as_text=True)


def test_language_cookie_gets_its_own_page(client, world, page_cache):
    armenian = client.get("/schedule").get_data(as_text=True)
    client.set_cookie("lang", "en")
    english = client.get("/schedule").get_data(as_text=True)
    assert '<html lang="hy">' in armenian and '<html lang="en">' in english


def test_pages_are_gzipped_for_clients_that_accept_it(client, world):
    plain = client.get("/program")
    packed = client.get("/program", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data)
    assert "Content-Encoding" not in plain.headers


def test_static_files_have_content_hashed_names_cached_for_a_year(client, world):
    html = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/app\.[0-9a-f]{10}\.css)"', html).group(1)
    js = re.search(r'src="(/static/js/app\.[0-9a-f]{10}\.js)"', html).group(1)
    for url in (css, js):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["Content-Encoding"] == "gzip"
    with open("static/css/app.css", "rb") as fh, client.get(css) as uncompressed:
        assert uncompressed.data == fh.read()
    with client.get("/static/css/app.css") as plain:
        assert plain.status_code == 200 and "immutable" not in plain.headers["Cache-Control"]
    with client.get("/static/css/app.0123456789.css") as stale:
        assert stale.status_code == 404


def test_personal_pages_stay_uncached(client, world):
    # The receipt and tracking pages send no-store and are never given an ETag by the cache.
    response = client.get("/appeals/receipt")
    assert "ETag" not in response.headers


def test_threads_that_miss_together_render_the_page_once(app):
    cache = PageCache(8, 60, 1024)
    lock = cache.render_lock("k")
    assert lock.acquire(timeout=1)
    assert cache.render_lock("k") is lock  # a second thread waits on the same lock
    cache.done_rendering("k", lock)
    assert cache.render_lock("k").acquire(timeout=1)


def test_kept_page_is_answered_before_flask_runs_with_its_headers(app, client, world, make_action, today,
                                                                  page_cache, monkeypatch):
    make_action(institution=world.school, start=today, title_hy="Համերգ")
    first = client.get("/schedule", headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip" and len(page_cache) == 1
    # From now on the view must not run: a request that reached Flask would fail.
    monkeypatch.setitem(app.view_functions, "schedule.schedule", lambda: 1 / 0)
    kept = client.get("/schedule", headers={"Accept-Encoding": "gzip"})
    assert kept.status_code == 200 and kept.data == first.data
    for name in ("ETag", "Content-Encoding", "Content-Security-Policy", "Vary", "Cache-Control", "Content-Type"):
        assert kept.headers[name] == first.headers[name]
    head = client.head("/schedule", headers={"Accept-Encoding": "gzip"})
    assert head.status_code == 200 and head.data == b""
    revalidated = client.get("/schedule", headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert revalidated.status_code == 304 and revalidated.data == b""
    assert revalidated.headers["ETag"] == first.headers["ETag"]
    assert "Content-Encoding" not in revalidated.headers and "Content-Length" not in revalidated.headers
    assert revalidated.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    # A client that does not take gzip is never handed the gzipped bytes: its answer is rendered for it.
    monkeypatch.undo()
    plain = client.get("/schedule")
    assert "Content-Encoding" not in plain.headers and "Համերգ" in plain.get_data(as_text=True)
    assert gzip.decompress(first.data) == plain.data


def test_kept_page_is_not_served_on_the_next_day(app, client, world, make_action, today, page_cache, monkeypatch):
    from datetime import datetime, timedelta, timezone

    import time_machine

    make_action(institution=world.school, start=today)
    view = app.view_functions["schedule.schedule"]
    calls = []

    def counted():
        calls.append(1)
        return view()

    counted.is_cacheable = True
    monkeypatch.setitem(app.view_functions, "schedule.schedule", counted)
    page_cache.seconds = 10 ** 9  # only the community's day may retire the entry here
    now = datetime.now(timezone.utc)
    with time_machine.travel(now, tick=False):
        client.get("/schedule")
        client.get("/schedule")
    assert len(calls) == 1
    with time_machine.travel(now + timedelta(days=1), tick=False):
        assert client.get("/schedule").status_code == 200
    assert len(calls) == 2


def test_forms_and_unknown_urls_are_never_kept(client, world, page_cache):
    for _ in range(2):
        form = client.get("/appeals/new")
        assert "session=" in form.headers.get("Set-Cookie", "")
        client.delete_cookie("session")
        assert client.get("/no-such-page").status_code == 404
    assert len(page_cache) == 0


def test_a_write_in_another_worker_is_seen_at_once(app, client, world, make_action, session, today, page_cache):
    # Workers share nothing but the database: the kept page is checked against the data version on every request.
    make_action(institution=world.school, start=today, title_hy="Առաջին")
    session.commit()
    assert "Առաջին" in client.get("/schedule").get_data(as_text=True)
    make_action(institution=world.school, start=today, title_hy="Նորություն")
    session.commit()  # written outside this app's requests, like another worker would
    assert "Նորություն" in client.get("/schedule").get_data(as_text=True)


def test_revalidating_clients_get_304_and_the_page_is_kept_for_them(app, client, world, make_action, today,
                                                                    page_cache, monkeypatch):
    make_action(institution=world.school, start=today)
    etag = client.get("/schedule").headers["ETag"]
    page_cache.clear()  # as after a restart: the client holds the tag, this worker holds nothing
    assert client.get("/schedule", headers={"If-None-Match": etag}).status_code == 304
    assert len(page_cache) == 1
    monkeypatch.setitem(app.view_functions, "schedule.schedule", lambda: 1 / 0)
    for _ in range(3):
        again = client.get("/schedule", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.data == b""


# --- Two data versions: appeals do not drop the content pages ------------------------------------------------

def content_paths(world, action):
    school, village = world.school.slug, world.village.slug
    return {
        "home.index": "/", "schedule.schedule": "/schedule", "schedule.action": f"/actions/{action.id}",
        "institutions.index": "/institutions", "institutions.institution": f"/institutions/{school}",
        "community.settlement": f"/settlements/{village}", "program.program": "/program",
        "feeds.schedule_ics": "/feeds/schedule.ics", "feeds.institution_ics": f"/feeds/institutions/{school}.ics",
        "feeds.settlement_ics": f"/feeds/settlements/{village}.ics",
    }


def appeal_lifecycle(app, client, world, session, make_user, auth):
    """An appeal's whole life: submitted online, registered and answered by an officer, published, supported."""
    from sqlalchemy import select

    from app.appeals.models import Appeal, Publication
    from tests.fixtures.accounts import csrf_token
    from tests.test_appeals import receipt

    number, _secret = receipt(client, app, world, kind="proposal", allow_publish="y")
    auth.login(make_user("cache.officer@example.am", roles=(("officer", None),)))
    page = f"/staff/appeals/{number}"
    for step, data in (("register", {}), ("answer", {"answer_text": "Yes, in May."})):
        response = client.post(f"{page}/{step}", data={"csrf_token": csrf_token(client, page), **data})
        assert response.status_code == 302, step
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    publish = f"/staff/publication/{appeal.id}"
    response = client.post(publish, data={"csrf_token": csrf_token(client, publish), "public_subject": "A bench",
                                          "public_text": "Residents ask for a bench.", "public_answer": "In May."})
    assert response.status_code == 302
    auth.logout()
    session.expire_all()
    assert session.get(Appeal, appeal.id).publication == Publication.PUBLISHED


def test_content_pages_read_nothing_an_appeal_changes(app, client, world, session, make_action, make_report,
                                                      make_user, auth, today):
    from app.performance.caching import CONTENT_ENDPOINTS
    from app.performance.version import ALL, CONTENT

    action = make_action(institution=world.school, start=today)
    make_report(action)
    paths = content_paths(world, action)
    assert set(paths) == CONTENT_ENDPOINTS  # a page added to CONTENT_ENDPOINTS must be checked here too
    reader = app.test_client()  # a visitor without cookies, with the page cache off: every page is rendered
    reader.test_session = session
    before = {endpoint: reader.get(path).data for endpoint, path in paths.items()}
    session.commit()
    with app.app_context():
        versions = current_token(ALL), current_token(CONTENT)
    appeal_lifecycle(app, client, world, session, make_user, auth)
    with app.app_context():
        assert current_token(ALL) != versions[0]
        assert current_token(CONTENT) == versions[1], "an appeal's lifecycle wrote a table content pages may read"
    after = {endpoint: reader.get(path).data for endpoint, path in paths.items()}
    changed = [endpoint for endpoint in paths if before[endpoint] != after[endpoint]]
    assert not changed, f"{changed} show something an appeal changes: take them out of CONTENT_ENDPOINTS"


def test_an_appeal_keeps_content_pages_cached_and_refreshes_the_accountability_page(
        app, client, world, session, make_action, make_user, auth, today, page_cache, monkeypatch):
    make_action(institution=world.school, start=today)
    session.commit()
    calls = {"schedule.schedule": 0, "dashboard.public": 0}
    for endpoint in calls:
        view = app.view_functions[endpoint]

        def counted(*args, _view=view, _endpoint=endpoint, **kwargs):
            calls[_endpoint] += 1
            return _view(*args, **kwargs)

        counted.is_cacheable = True
        monkeypatch.setitem(app.view_functions, endpoint, counted)
    reader = app.test_client()
    reader.test_session = session
    for path in ("/schedule", "/accountability"):
        assert reader.get(path).status_code == 200
    appeal_lifecycle(app, client, world, session, make_user, auth)
    for path in ("/schedule", "/accountability"):
        assert reader.get(path).status_code == 200
    assert calls == {"schedule.schedule": 1, "dashboard.public": 2}
    # Anything a content page shows changes its version at once.
    make_action(institution=world.school, start=today, title_hy="Նոր միջոցառում")
    session.commit()
    assert "Նոր միջոցառում" in reader.get("/schedule").get_data(as_text=True)
    assert calls["schedule.schedule"] == 2


def test_static_files_and_a_missing_database_never_break_on_the_page_cache(tmp_path):
    from app import create_app

    # A fresh deploy before `flask db upgrade`: no tables at all.
    application = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
                              "SECRET_KEY": "x", "PAGE_CACHE_SIZE": 16})
    client = application.test_client()
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200


def test_a_failing_data_version_read_leaves_the_answer_to_flask(client, world, page_cache, monkeypatch):
    from app.performance import caching

    def broken(_app):
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(caching, "read_snapshot", broken)
    assert client.get("/schedule").status_code == 200
    assert len(page_cache) == 0
