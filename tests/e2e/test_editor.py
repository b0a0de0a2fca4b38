"""An editor's journey, with JavaScript on and off: post an action, see it public, report on it with a photo."""

import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from playwright.sync_api import expect

PASSWORD = "editor passphrase for the browser 9"


@pytest.fixture(scope="session")
def editor_account(live_app):
    """An editor of the Children's Music School in the live server's database."""
    from sqlalchemy import select

    from app.accounts.models import Role
    from app.accounts.services import create_user
    from app.extensions import db
    from app.institutions.models import Institution

    with live_app.app_context():
        school = db.session.scalar(select(Institution).where(Institution.slug == "music-school"))
        create_user("e2e.editor@example.am", "E2E Editor", {(Role.EDITOR, school.id)}, password=PASSWORD)
    return "e2e.editor@example.am"


@pytest.fixture
def photo_with_gps(tmp_path):
    image = Image.new("RGB", (2000, 1500), (90, 140, 90))
    exif = Image.Exif()
    exif[0x0110] = "SecretCam 3000"
    exif[0x8825] = {1: "N", 2: (40.0, 44.0, 0.0), 3: "E", 4: (44.0, 51.0, 0.0)}
    path = tmp_path / "IMG_2041.jpg"
    image.save(path, "JPEG", exif=exif)
    return path


def log_in(page, email):
    page.goto("/staff/login?lang=en")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_editor_posts_an_action_and_a_report_with_a_photo(page, js, editor_account, live_server, photo_with_gps):
    log_in(page, editor_account)
    page.goto("/staff/institution?lang=en")
    expect(page.locator("h1")).to_contain_text("Music School")
    page.get_by_role("link", name="New action").click()
    title = f"Gosh concert ({'js' if js else 'no-js'})"
    next_week = datetime.now(ZoneInfo("Asia/Yerevan")).date() + timedelta(days=7)
    page.get_by_label("Title (Armenian)").fill("Համերգ Գոշում")
    page.get_by_label("Title (English)").fill(title)
    page.get_by_label("Settlement", exact=True).select_option(label="Gosh")
    page.get_by_label("Start date", exact=True).fill(next_week.isoformat())
    page.get_by_label("End date", exact=True).fill(next_week.isoformat())
    page.get_by_label("Planned budget, drams").fill("750000")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_contain_text("The action was saved.")

    page.goto(f"/schedule?settlement=gosh&month={next_week:%Y-%m}&lang=en")
    page.get_by_role("link", name=title).click()
    action_url = page.url
    expect(page.locator("h1")).to_have_text(title)

    page.goto("/staff/institution?lang=en")
    row = page.locator(".staff-action", has_text=title)
    row.get_by_role("link", name="Add a report").click()
    page.get_by_label("What was done (Armenian)").fill("Համերգը կայացավ")
    page.get_by_label("What was done (English)").fill("The concert took place")
    page.get_by_label("Actually spent, drams").fill("700000")
    page.get_by_label("Photos (JPEG, PNG or WebP)").set_input_files(str(photo_with_gps))
    page.get_by_role("button", name="Publish the report").click()
    expect(page.locator(".flash")).to_contain_text("The report was published.")

    # Change the budget once, so the public page has history to show.
    page.goto("/staff/institution?lang=en")
    page.locator(".staff-action", has_text=title).get_by_role("link", name=title).click()
    page.get_by_label("Planned budget, drams").fill("800000")
    page.get_by_role("button", name="Save").click()

    page.goto(action_url)
    expect(page.locator("#reports")).to_contain_text("The concert took place")
    expect(page.locator("#history-h")).to_be_visible()
    expect(page.locator(".history-list")).to_contain_text("Planned budget changed from")
    src = page.locator(".gallery a").first.get_attribute("href")
    body = page.request.get(live_server + src).body()
    assert b"SecretCam" not in body and b"GPS" not in body
    assert not Image.open(io.BytesIO(body)).getexif()


def test_editor_changes_a_status_inline(page, js, editor_account):
    log_in(page, editor_account)
    page.goto("/staff/institution?lang=en")
    row = page.locator(".staff-action").first
    row_id = row.get_attribute("id")
    row.locator("summary").click()
    row.get_by_label("Status").select_option("in_progress")
    row.get_by_role("button", name="Change status").click()
    expect(page.locator(".flash")).to_contain_text("The status was changed.")
    expect(page.locator(f"#{row_id} .badge").first).to_have_text(re.compile("In progress"))
