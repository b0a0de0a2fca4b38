"""Real-browser fixtures: the demo community served on 127.0.0.1, and Debian's Chromium driven by Playwright."""

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from app.demo.seed import seed_demo_data
from app.extensions import db
from tests.conftest import make_app

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# How long a step may wait for the page (Playwright's actions and expect()): waits end as soon as the page is ready,
# so the bound only matters on a busy machine, and a journey never checks speed.
WAIT_MS = 60_000
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            # A journey proves the same on either database: `make test` runs it once, on PostgreSQL.
            item.add_marker(pytest.mark.once)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app with the Dilijan demo in its own database."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    # The journeys log in many times a minute from 127.0.0.1, and the per-address login count lives in the database
    # (shared by workers, not reset between tests): tests/test_accounts.py tests that limit.
    application = make_app(tmp_path_factory.mktemp("e2e"), "hashvetu_e2e", LOGIN_LIMITS_PER_IP="10000 per minute")
    with application.app_context():
        seed_demo_data(datetime.now(ZoneInfo("Asia/Yerevan")).date())
        db.session.commit()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app):
    """The live app served by a real HTTP server in a background thread."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    # Mailed links are built from PUBLIC_URL: make it this server, so a journey can follow them.
    live_app.config["PUBLIC_URL"] = url
    live_app.extensions.pop("public_url_adapter", None)
    yield url
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is required in CI and was not found at {CHROMIUM}")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=["js", "no-js"])
def js(request):
    return request.param == "js"


@pytest.fixture
def page(browser, live_server, js):
    context = browser.new_context(java_script_enabled=js, base_url=live_server, locale="en-US",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    yield tab
    context.close()
