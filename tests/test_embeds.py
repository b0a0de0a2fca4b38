"""Embeddable schedule: framed only by the allowed origins, none of the site's chrome, admin-editable origins."""

import re

import pytest

from tests.fixtures.accounts import csrf_token


def frame_ancestors(response):
    return re.search(r"frame-ancestors ([^;]+)", response.headers["Content-Security-Policy"]).group(1).strip()


@pytest.fixture
def schedule_world(world, make_action, today):
    make_action(institution=world.school, title_hy="Գարնանային համերգ", title_en="Spring concert", start=today)
    make_action(institution=world.club, title_hy="Գյուղական տոն", title_en="Village fair", start=today)
    return world


def test_embed_lists_upcoming_actions_without_the_sites_header_navigation_footer_or_scripts(client, schedule_world):
    response = client.get("/embed/schedule?lang=en")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Spring concert" in html and "Village fair" in html
    for chrome in ("site-header", "main-nav", "site-footer", "skip-link", "<script", "app.css", "lang-switch",
                   "<form"):
        assert chrome not in html
    assert re.search(r"/static/css/embed\.[0-9a-f]{10}\.css", html)


def test_embed_takes_the_schedule_filters_and_settlement_and_institution_paths(client, schedule_world):
    assert "Village fair" not in client.get("/embed/schedule?lang=en&settlement=town").get_data(as_text=True)
    html = client.get("/embed/settlements/gosh?lang=en").get_data(as_text=True)
    assert "Village fair" in html and "Spring concert" not in html
    html = client.get("/embed/institutions/music-school?lang=en").get_data(as_text=True)
    assert "Spring concert" in html and "Village fair" not in html
    assert client.get("/embed/institutions/nowhere").status_code == 404


def test_embed_sends_the_configured_frame_ancestors_and_no_contradicting_x_frame_options(tmp_path):
    from app.extensions import db
    from tests.conftest import make_app

    application = make_app(tmp_path, "hashvetu_embed_cfg", FRAME_ANCESTORS="https://www.dilijan.am")
    try:
        response = application.test_client().get("/embed/schedule")
        assert frame_ancestors(response) == "https://www.dilijan.am"
        assert "X-Frame-Options" not in response.headers
    finally:
        with application.app_context():
            db.engine.dispose()


def test_by_default_nobody_may_frame_the_embed_or_the_site(client, schedule_world):
    embed = client.get("/embed/schedule")
    assert frame_ancestors(embed) == "'none'" and embed.headers["X-Frame-Options"] == "DENY"
    assert client.get("/").headers["X-Frame-Options"] == "DENY"


def test_admin_sets_allowed_origins_which_only_embed_pages_send(client, auth, make_user, schedule_world):
    auth.login(make_user())
    page = client.get("/admin/embeds")
    assert page.status_code == 200 and "&lt;iframe" in page.get_data(as_text=True)
    assert '<a href="/admin/embeds" aria-current="page">' in page.get_data(as_text=True)
    assert 'href="/admin/embeds"' in client.get("/admin/").get_data(as_text=True)
    response = client.post("/admin/embeds", data={"csrf_token": csrf_token(client, "/admin/embeds"),
                                                  "allowed_origins": "https://www.dilijan.am\nhttps://Gosh.am:8443/"})
    assert response.status_code == 302
    embed = client.get("/embed/schedule")
    assert frame_ancestors(embed) == "https://www.dilijan.am https://gosh.am:8443"
    assert "X-Frame-Options" not in embed.headers
    assert "frame-ancestors 'none'" in client.get("/schedule").headers["Content-Security-Policy"]


@pytest.mark.parametrize("bad", ["http://www.dilijan.am", "https://*.am", "https://a.am/path", "'self'",
                                 "https://a.am; script-src *", "javascript:alert(1)", "*"])
def test_admin_cannot_save_anything_but_https_origins(client, auth, make_user, schedule_world, bad):
    auth.login(make_user())
    response = client.post("/admin/embeds", data={"csrf_token": csrf_token(client, "/admin/embeds"),
                                                  "allowed_origins": bad})
    assert response.status_code == 422
    assert "field-error" in response.get_data(as_text=True)
    assert frame_ancestors(client.get("/embed/schedule")) == "'none'"


def test_embed_settings_are_closed_to_visitors_and_editors(client, auth, make_user, world):
    response = client.get("/admin/embeds")
    assert response.status_code == 302 and response.headers["Location"] == "/staff/login?next=/admin/embeds"
    auth.login(make_user(roles=(("editor", world.school),)))
    assert client.get("/admin/embeds").status_code == 403
