"""The editor's workspace: an institution posts its schedule and reports; published changes stay visible."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from app.schedule.models import Action, ActionStatus
from tests.fixtures.accounts import csrf_token
from tests.test_uploads import make_pdf

PASSWORD = "a long passphrase for tests 7"


def form_values(client, path):
    """The values a browser would send back unchanged from the form on a page (inputs and selected options)."""
    html = client.get(path).get_data(as_text=True)
    values = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        values[name] = value
    return values


@pytest.fixture
def editors(world, make_user, auth):
    """An editor of the music school, and one of the Gosh club."""

    class Editors:
        school = make_user("editor.school@example.am", roles=(("editor", world.school),), password=PASSWORD)
        club = make_user("editor.club@example.am", roles=(("editor", world.club),), password=PASSWORD)

    return Editors


def action_data(world, today, **overrides):
    data = {
        "title_hy": "Գարնանային համերգ", "title_en": "Spring concert", "title_ru": "",
        "description_hy": "Համերգ ծնողների համար", "description_en": "", "description_ru": "",
        "venue_hy": "Դահլիճ", "venue_en": "", "venue_ru": "",
        "settlement_id": str(world.village.id), "start_date": (today + timedelta(days=7)).isoformat(),
        "start_time": "15:00", "end_date": (today + timedelta(days=7)).isoformat(), "end_time": "",
        "budget_planned": "1500000", "funding_source": "community_budget", "objectives": [str(world.o11.id)],
    }
    data.update(overrides)
    return data


def test_editor_creates_an_action_that_appears_on_the_public_schedule(client, world, editors, auth, today, session):
    auth.login(editors.school, PASSWORD)
    path = "/staff/institutions/music-school/actions/new"
    data = action_data(world, today, csrf_token=csrf_token(client, path))
    response = client.post(path, data=data)
    assert response.status_code == 302
    html = client.get("/schedule?settlement=gosh&lang=en").get_data(as_text=True)
    assert "Spring concert" in html
    action = session.query(Action).filter_by(title_en="Spring concert").one()
    assert action.budget_planned == 1_500_000 and [o.code for o in action.objectives] == ["1.1"]
    assert action.title_ru is None  # an empty translation falls back to Armenian


def test_invalid_action_form_keeps_what_was_typed_and_says_what_is_wrong(client, world, editors, auth, today):
    auth.login(editors.school, PASSWORD)
    path = "/staff/institutions/music-school/actions/new"
    data = action_data(world, today, csrf_token=csrf_token(client, path), budget_planned="12 million",
                       end_date=(today - timedelta(days=3)).isoformat(), title_hy="")
    response = client.post(path + "?lang=en", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Write it in Armenian at least." in html
    assert "The end date cannot be before the start date." in html
    assert 'value="Spring concert"' in html  # nothing typed is lost


def test_extra_fields_cannot_move_an_action_to_another_institution_or_status(client, world, editors, auth, today,
                                                                              session):
    auth.login(editors.school, PASSWORD)
    path = "/staff/institutions/music-school/actions/new"
    data = action_data(world, today, csrf_token=csrf_token(client, path), institution_id=str(world.club.id),
                       status="done", published="0")
    assert client.post(path, data=data).status_code == 302
    action = session.query(Action).filter_by(title_en="Spring concert").one()
    assert action.institution_id == world.school.id
    assert action.status == ActionStatus.PLANNED and action.published


@pytest.mark.parametrize("path", [
    "/staff/institutions/gosh-club", "/staff/institutions/gosh-club/actions/new", "/staff/institutions/gosh-club/plan",
    "/staff/institutions/gosh-club/profile", "/staff/actions/{club_action}/edit",
    "/staff/actions/{club_action}/status", "/staff/actions/{club_action}/reports/new",
    "/staff/reports/{club_report}/edit",
])
def test_editor_gets_404_for_every_object_of_another_institution(client, world, editors, auth, make_action,
                                                                  make_report, today, path):
    club_action = make_action(institution=world.club, settlement=world.village, start=today)
    club_report = make_report(club_action)
    auth.login(editors.school, PASSWORD)
    url = path.format(club_action=club_action.id, club_report=club_report.id)
    assert client.get(url).status_code == 404
    if not url.endswith("gosh-club"):  # the workspace itself has no POST
        token = csrf_token(client, "/staff/institutions/music-school")
        assert client.post(url, data={"csrf_token": token}).status_code == 404


def test_editing_a_published_action_three_times_shows_three_history_entries(client, world, editors, auth,
                                                                            make_action, today):
    action = make_action(institution=world.school, start=today + timedelta(days=10), budget_planned=12_000_000,
                         title_en="City Day")
    action.objectives = [world.o11]
    auth.login(editors.school, PASSWORD)
    path = f"/staff/actions/{action.id}/edit"
    for budget in ("13000000", "14000000", "15000000"):
        values = form_values(client, path)
        data = action_data(world, today, title_en="City Day", budget_planned=budget,
                           start_date=(today + timedelta(days=10)).isoformat(),
                           end_date=(today + timedelta(days=10)).isoformat(), settlement_id=str(world.centre.id),
                           csrf_token=values["csrf_token"], revision=values["revision"],
                           seen_version=values["seen_version"])
        assert client.post(path, data=data).status_code == 302
    auth.logout()
    html = client.get(f"/actions/{action.id}?lang=en").get_data(as_text=True)
    history = html[html.index('id="history-h"'):]
    assert history.count("Planned budget changed from") == 3
    assert "from 12,000,000\u00a0AMD to 13,000,000\u00a0AMD" in history
    assert "from 14,000,000\u00a0AMD to 15,000,000\u00a0AMD" in history
    assert "Music School" in history


def test_a_save_from_a_stale_form_is_refused_with_409_and_shows_what_changed(client, world, editors, auth,
                                                                            make_action, today, session):
    action = make_action(institution=world.school, start=today + timedelta(days=10), budget_planned=1_000_000)
    auth.login(editors.school, PASSWORD)
    path = f"/staff/actions/{action.id}/edit"
    stale = form_values(client, path)
    fresh = form_values(client, path)
    first = action_data(world, today, budget_planned="2000000", csrf_token=fresh["csrf_token"],
                        revision=fresh["revision"], seen_version=fresh["seen_version"])
    assert client.post(path, data=first).status_code == 302
    second = action_data(world, today, budget_planned="3000000", csrf_token=stale["csrf_token"],
                         revision=stale["revision"], seen_version=stale["seen_version"])
    response = client.post(path + "?lang=en", data=second)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "This item was changed after you opened the form" in html
    assert "1000000" in html and "2000000" in html
    session.expire_all()
    assert session.get(Action, action.id).budget_planned == 2_000_000


def test_postpone_needs_a_reason_and_a_date_and_moves_the_action(client, world, editors, auth, make_action, today,
                                                                session):
    action = make_action(institution=world.school, start=today + timedelta(days=3))
    auth.login(editors.school, PASSWORD)
    path = f"/staff/actions/{action.id}/status"
    token = csrf_token(client, path)
    response = client.post(path + "?lang=en", data={"csrf_token": token, "status": "postponed", "reason_hy": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Say why" in html and "needs its new date" in html
    new_date = today + timedelta(days=30)
    response = client.post(path, data={"csrf_token": token, "status": "postponed", "reason_hy": "Ձյան պատճառով",
                                       "new_start_date": new_date.isoformat(), "revision": "1"})
    assert response.status_code == 302
    session.expire_all()
    moved = session.get(Action, action.id)
    assert moved.status == ActionStatus.POSTPONED and moved.start_date == new_date and moved.end_date == new_date
    public = client.get(f"/actions/{action.id}?lang=hy").get_data(as_text=True)
    assert "Ձյան պատճառով" in public


def test_cancelled_action_stays_public_with_its_reason(client, world, editors, auth, make_action, today):
    action = make_action(institution=world.school, start=today + timedelta(days=3), title_en="Fair")
    auth.login(editors.school, PASSWORD)
    path = f"/staff/actions/{action.id}/status"
    client.post(path, data={"csrf_token": csrf_token(client, path), "status": "cancelled", "reason_hy": "Չեղարկվեց",
                            "reason_en": "Called off", "revision": "1"})
    html = client.get(f"/actions/{action.id}?lang=en").get_data(as_text=True)
    assert "Cancelled" in html and "Called off" in html
    assert "Fair" in client.get("/schedule?lang=en&status=cancelled").get_data(as_text=True)


def test_inline_status_change_with_htmx_returns_the_row_and_a_flash(client, world, editors, auth, make_action, today):
    action = make_action(institution=world.school, start=today - timedelta(days=1))
    auth.login(editors.school, PASSWORD)
    token = csrf_token(client, "/staff/institutions/music-school")
    response = client.post(f"/staff/actions/{action.id}/status?lang=en", headers={"HX-Request": "true"},
                           data={"csrf_token": token, "status": "done", "revision": "1"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert f'id="action-{action.id}"' in html and 'hx-swap-oob="true"' in html
    assert "The status was changed." in html
    assert "HX-Request" in response.headers["Vary"]
    bad = client.post(f"/staff/actions/{action.id}/status?lang=en", headers={"HX-Request": "true"},
                      data={"csrf_token": token, "status": "cancelled", "reason_hy": "", "revision": "2"})
    assert bad.status_code == 422 and "Say why" in bad.get_data(as_text=True)


def test_needs_attention_lists_unreported_and_stale_planned_actions(client, world, editors, auth, make_action,
                                                                   make_report, today):
    make_action(institution=world.school, start=today - timedelta(days=20), title_en="Unreported",
                status=ActionStatus.DONE)
    reported = make_action(institution=world.school, start=today - timedelta(days=20), title_en="Reported",
                           status=ActionStatus.DONE)
    make_report(reported)
    make_action(institution=world.school, start=today - timedelta(days=2), title_en="Still planned")
    auth.login(editors.school, PASSWORD)
    html = client.get("/staff/institutions/music-school?lang=en").get_data(as_text=True)
    attention = html[html.index('id="attention-h"'):html.index('id="actions-h"')]
    assert "Unreported" in attention and "Still planned" in attention and "Reported<" not in attention


def jpeg_with_gps():
    image = Image.new("RGB", (2400, 1600), (120, 160, 200))
    exif = Image.Exif()
    exif[0x0110] = "SecretCam 3000"  # camera model
    exif[0x8825] = {1: "N", 2: (40.0, 44.0, 0.0), 3: "E", 4: (44.0, 51.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    out.seek(0)
    return out


def test_report_with_photo_and_pdf_is_public_without_exif(client, world, editors, auth, make_action, today, session):
    action = make_action(institution=world.school, start=today - timedelta(days=3), title_en="Concert",
                         status=ActionStatus.DONE, budget_planned=500_000)
    auth.login(editors.school, PASSWORD)
    path = f"/staff/actions/{action.id}/reports/new"
    data = {"csrf_token": csrf_token(client, path), "body_hy": "Անցավ լավ", "body_en": "It went well", "body_ru": "",
            "report_date": today.isoformat(), "participants": "120", "actual_spent": "480000",
            "photos": [(jpeg_with_gps(), "IMG_0001.jpg")],
            "documents": [(io.BytesIO(make_pdf()), "smeta.pdf")]}
    response = client.post(path, data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    html = client.get(f"/actions/{action.id}?lang=en").get_data(as_text=True)
    assert "It went well" in html and "480,000\u00a0AMD" in html and "120" in html
    photo_url = re.search(r'href="(/media/photos/[0-9a-f]{32}\.jpg)"', html).group(1)
    with client.get(photo_url) as photo:
        body = photo.get_data()
        assert photo.headers["Content-Type"] == "image/jpeg"
    assert b"SecretCam" not in body and b"GPS" not in body
    stored = Image.open(io.BytesIO(body))
    assert max(stored.size) <= 1600 and not stored.getexif()
    doc_url = re.search(r'href="(/media/documents/[^"]+)"', html).group(1)
    with client.get(doc_url) as doc:
        assert doc.headers["Content-Type"] == "application/pdf"
        assert doc.headers["X-Content-Type-Options"] == "nosniff"
        assert doc.headers["Content-Disposition"].startswith("attachment")


def test_a_bad_upload_is_refused_and_the_report_text_is_kept(client, world, editors, auth, make_action, today,
                                                            session):
    action = make_action(institution=world.school, start=today - timedelta(days=3))
    auth.login(editors.school, PASSWORD)
    path = f"/staff/actions/{action.id}/reports/new"
    data = {"csrf_token": csrf_token(client, path), "body_hy": "Տեքստը չպետք է կորչի", "report_date": today.isoformat(),
            "actual_spent": "1000", "photos": [(io.BytesIO(b"<svg onload='alert(1)'/>"), "photo.jpg")]}
    response = client.post(path, data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Տեքստը չպետք է կորչի" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Action, action.id).reports == []


def test_institution_under_review_posts_drafts_until_the_municipality_approves(client, world, editors, auth,
                                                                              make_user, today, session):
    world.school.requires_review = True
    auth.login(editors.school, PASSWORD)
    path = "/staff/institutions/music-school/actions/new"
    client.post(path, data=action_data(world, today, csrf_token=csrf_token(client, path)))
    assert "Spring concert" not in client.get("/schedule?lang=en&settlement=gosh").get_data(as_text=True)
    action = session.query(Action).filter_by(title_en="Spring concert").one()
    assert client.get(f"/actions/{action.id}").status_code == 404
    auth.logout()
    admin = make_user("admin@example.am", roles=(("admin", None),), password=PASSWORD)
    auth.login(admin, PASSWORD)
    review = client.get("/staff/review?lang=en").get_data(as_text=True)
    assert "Spring concert" in review
    response = client.post(f"/staff/review/action/{action.id}/approve",
                           data={"csrf_token": csrf_token(client, "/staff/review")})
    assert response.status_code == 302
    assert client.get(f"/actions/{action.id}").status_code == 200


def test_plan_goal_links_to_program_objectives_on_the_public_page(client, world, editors, auth):
    auth.login(editors.school, PASSWORD)
    path = "/staff/institutions/music-school/plan"
    data = {"csrf_token": csrf_token(client, path), "start_year": "2024", "end_year": "2026",
            "mission_hy": "Երաժշտություն", "mission_en": "Music for all", "mission_ru": "", "vision_hy": "",
            "vision_en": "", "vision_ru": ""}
    assert client.post(path, data=data).status_code == 302
    goal_path = "/staff/institutions/music-school/plan/goals/new"
    data = {"csrf_token": csrf_token(client, goal_path), "code": "1", "title_hy": "Նոր գործիքներ",
            "title_en": "New instruments", "objectives": [str(world.o12.id)]}
    assert client.post(goal_path, data=data).status_code == 302
    html = client.get("/institutions/music-school?lang=en").get_data(as_text=True)
    assert "Music for all" in html and "New instruments" in html
    assert 'href="/program#objective-1.2"' in html


@pytest.mark.parametrize("role", ["viewer", "officer"])
def test_roles_without_an_institution_cannot_use_the_workspace(client, world, make_user, auth, role):
    user = make_user(f"{role}@example.am", roles=((role, None),), password=PASSWORD)
    auth.login(user, PASSWORD)
    assert client.get("/staff/institutions/music-school").status_code == 403
    assert client.get("/staff/institution").status_code == 403


def test_admin_may_edit_any_institution(client, world, make_user, auth):
    admin = make_user("root@example.am", roles=(("admin", None),), password=PASSWORD)
    auth.login(admin, PASSWORD)
    assert client.get("/staff/institutions/gosh-club").status_code == 200
    assert "Music School" in client.get("/staff/institution?lang=en").get_data(as_text=True)


def test_plan_changes_are_shown_publicly_on_the_institution_page(client, world, editors, auth, make_plan):
    make_plan(world.school, mission_en="Old mission")
    auth.login(editors.school, PASSWORD)
    path = "/staff/institutions/music-school/plan"
    values = form_values(client, path)
    data = {"csrf_token": values["csrf_token"], "revision": values["revision"], "seen_version": values["seen_version"],
            "start_year": "2023", "end_year": "2027", "mission_hy": "Առաքելություն", "mission_en": "New mission",
            "mission_ru": "", "vision_hy": "Տեսլական", "vision_en": "", "vision_ru": ""}
    assert client.post(path, data=data).status_code == 302
    auth.logout()
    html = client.get("/institutions/music-school?lang=en").get_data(as_text=True)
    history = html[html.index('id="history-h"'):]
    assert "To year changed from «2026» to «2027»" in history
    assert "Mission (English) changed from «Old mission» to «New mission»" in history


@pytest.mark.parametrize("seen_version", ["0", "not-a-number"])
def test_a_stale_plan_form_is_refused_with_409_even_with_a_tampered_field(client, world, editors, auth, make_plan,
                                                                         seen_version):
    make_plan(world.school, mission_en="Old mission")
    auth.login(editors.school, PASSWORD)
    path = "/staff/institutions/music-school/plan"
    values = form_values(client, path)
    data = {"csrf_token": values["csrf_token"], "start_year": "2023", "end_year": "2026", "mission_hy": "Ա",
            "mission_en": "First save", "mission_ru": "", "vision_hy": "", "vision_en": "", "vision_ru": ""}
    assert client.post(path, data=dict(data, revision=values["revision"], seen_version="0")).status_code == 302
    stale = client.post(path + "?lang=en", data=dict(data, mission_en="Second save", revision=values["revision"],
                                                      seen_version=seen_version))
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "This item was changed after you opened the form" in html and "First save" in html


# --- the editor's profile ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("changes, message", [
    ({"website": "javascript:alert(document.domain)"}, "Enter a web address starting with https://"),
    ({"website": "http://school.example.am"}, "Enter a web address starting with https://"),
    ({"website": "data:text/html,<script>alert(1)</script>"}, "Enter a web address starting with https://"),
    ({"email": "not an address"}, "Enter an email address"),
    ({"phone": "call me <b>maybe</b>"}, "Use digits, spaces and + ( ) -"),
])
def test_editor_profile_refuses_what_the_admin_form_refuses(client, world, editors, auth, session, changes,
                                                             message):
    auth.login(editors.school, PASSWORD)
    path = "/staff/institutions/music-school/profile?lang=en"
    data = form_values(client, path)
    data.update({"address_hy": "Դիլիջան, Մյասնիկյան 1", **changes})
    response = client.post(path, data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    session.expire_all()
    assert world.school.website is None and world.school.address_hy != "Դիլիջան, Մյասնիկյան 1"


def test_editor_profile_saves_valid_contacts(client, world, editors, auth, session):
    auth.login(editors.school, PASSWORD)
    path = "/staff/institutions/music-school/profile?lang=en"
    data = form_values(client, path)
    data.update({"phone": "+374 268 2 12 34", "email": "school@example.am", "website": "https://school.example.am"})
    assert client.post(path, data=data).status_code == 302
    session.expire_all()
    assert world.school.website == "https://school.example.am"


def test_admin_institution_form_and_editor_profile_share_one_set_of_contact_checks():
    from app.admin.forms import InstitutionForm
    from app.institutions.forms import ContactFields
    from app.staff.forms import ProfileForm

    assert issubclass(InstitutionForm, ContactFields) and issubclass(ProfileForm, ContactFields)


# --- an institution under review: edits of published items wait too ----------------------------------------------


def test_under_review_an_edit_of_a_published_action_waits_and_the_published_version_stays(
        client, world, editors, auth, make_action, make_user, today, session):
    world.school.requires_review = True
    action = make_action(institution=world.school, start=today + timedelta(days=10), budget_planned=12_000_000,
                         title_en="City Day")
    action.objectives = [world.o11]
    session.flush()
    auth.login(editors.school, PASSWORD)
    path = f"/staff/actions/{action.id}/edit"
    values = form_values(client, path)
    data = action_data(world, today, title_en="City Day <renamed>", budget_planned="15000000",
                       start_date=(today + timedelta(days=10)).isoformat(),
                       end_date=(today + timedelta(days=10)).isoformat(), settlement_id=str(world.centre.id),
                       csrf_token=values["csrf_token"], revision=values["revision"],
                       seen_version=values["seen_version"])
    assert client.post(path, data=data).status_code == 302
    auth.logout()
    public = client.get(f"/actions/{action.id}?lang=en").get_data(as_text=True)
    assert "City Day &lt;renamed&gt;" not in public and "12,000,000" in public

    officer = make_user("officer@example.am", roles=(("officer", None),), password=PASSWORD)
    auth.login(officer, PASSWORD)
    review = client.get("/staff/review?lang=en").get_data(as_text=True)
    assert "City Day &lt;renamed&gt;" in review
    pending_id = re.search(r"/staff/review/changes/(\d+)/approve", review).group(1)
    assert client.post(f"/staff/review/changes/{pending_id}/approve",
                       data={"csrf_token": csrf_token(client, "/staff/review")}).status_code == 302
    auth.logout()
    public = client.get(f"/actions/{action.id}?lang=en").get_data(as_text=True)
    assert "City Day &lt;renamed&gt;" in public
    history = public[public.index('id="history-h"'):]
    assert "from 12,000,000\u00a0AMD to 15,000,000\u00a0AMD" in history


def test_under_review_a_rejected_change_leaves_the_published_version(client, world, editors, auth, make_action,
                                                                   make_user, today, session):
    world.school.requires_review = True
    action = make_action(institution=world.school, start=today + timedelta(days=10), title_en="City Day")
    session.flush()
    auth.login(editors.school, PASSWORD)
    path = f"/staff/actions/{action.id}/edit"
    values = form_values(client, path)
    data = action_data(world, today, title_en="Renamed", start_date=(today + timedelta(days=10)).isoformat(),
                       end_date=(today + timedelta(days=10)).isoformat(), settlement_id=str(world.centre.id),
                       csrf_token=values["csrf_token"], revision=values["revision"],
                       seen_version=values["seen_version"], objectives=[])
    assert client.post(path, data=data).status_code == 302
    auth.logout()
    auth.login(make_user("officer@example.am", roles=(("officer", None),), password=PASSWORD), PASSWORD)
    review = client.get("/staff/review?lang=en").get_data(as_text=True)
    pending_id = re.search(r"/staff/review/changes/(\d+)/reject", review).group(1)
    assert client.post(f"/staff/review/changes/{pending_id}/reject",
                       data={"csrf_token": csrf_token(client, "/staff/review")}).status_code == 302
    session.expire_all()
    assert action.title_en == "City Day"
    assert "Renamed" not in client.get(f"/actions/{action.id}?lang=en").get_data(as_text=True)


def test_editors_cannot_approve_their_own_changes(client, world, editors, auth):
    auth.login(editors.school, PASSWORD)
    assert client.post("/staff/review/changes/1/approve",
                       data={"csrf_token": csrf_token(client, "/staff/")}).status_code == 403


def _add_files_to_published_report(client, world, editors, auth, make_action, make_report, today, session):
    """The music school is under review; its editor adds a photo and a PDF to a published report."""
    world.school.requires_review = True
    action = make_action(institution=world.school, start=today - timedelta(days=3), title_en="Concert",
                         status=ActionStatus.DONE)
    report = make_report(action, body_en="It went well", actual_spent=0)
    auth.login(editors.school, PASSWORD)
    path = f"/staff/reports/{report.id}/edit"
    values = form_values(client, path)
    data = {"csrf_token": values["csrf_token"], "revision": values["revision"],
            "seen_version": values.get("seen_version", ""), "body_hy": report.body_hy, "body_en": "It went well",
            "body_ru": "", "report_date": report.report_date.isoformat(), "participants": "", "actual_spent": "0",
            "photos": [(jpeg_with_gps(), "IMG_0002.jpg")], "documents": [(io.BytesIO(make_pdf()), "act.pdf")]}
    response = client.post(path, data=data, content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 302, body[body.find('<main'):][:3000]
    auth.logout()
    session.expire_all()
    return action, report


def test_under_review_photos_added_to_a_published_report_wait_for_approval(
        client, world, editors, auth, make_action, make_report, make_user, today, session):
    action, report = _add_files_to_published_report(client, world, editors, auth, make_action, make_report, today,
                                                    session)
    photo, document = report.photos[0], report.documents[0]
    public = client.get(f"/actions/{action.id}?lang=en").get_data(as_text=True)
    assert "It went well" in public and "/media/photos/" not in public and "/media/documents/" not in public
    api = client.get(f"/api/v1/reports/{report.id}").get_json()
    assert api["photos"] == [] and api["documents"] == []
    assert client.get(f"/media/photos/{photo.file_name}").status_code == 404
    assert client.get(f"/media/documents/{document.file_name}").status_code == 404

    auth.login(make_user("officer@example.am", roles=(("officer", None),), password=PASSWORD), PASSWORD)
    review = client.get("/staff/review?lang=en").get_data(as_text=True)
    assert f"/media/photos/{photo.thumb_name}" in review and f"/media/documents/{document.file_name}" in review
    with client.get(f"/media/photos/{photo.thumb_name}") as thumb:  # the reviewer sees what to approve
        assert thumb.status_code == 200
    pending_id = re.search(r"/staff/review/changes/(\d+)/approve", review).group(1)
    assert client.post(f"/staff/review/changes/{pending_id}/approve",
                       data={"csrf_token": csrf_token(client, "/staff/review")}).status_code == 302
    auth.logout()
    public = client.get(f"/actions/{action.id}?lang=en").get_data(as_text=True)
    assert f"/media/photos/{photo.file_name}" in public and f"/media/documents/{document.file_name}" in public
    with client.get(f"/media/photos/{photo.file_name}") as shown:
        assert shown.status_code == 200


def test_under_review_rejected_photos_are_deleted_with_their_files(
        client, app, world, editors, auth, make_action, make_report, make_user, today, session):
    from app.media.storage import document_dir, photo_dir

    action, report = _add_files_to_published_report(client, world, editors, auth, make_action, make_report, today,
                                                    session)
    photo, document = report.photos[0], report.documents[0]
    with app.app_context():
        files = [Path(photo_dir(), photo.file_name), Path(photo_dir(), photo.thumb_name),
                 Path(document_dir(), document.file_name)]
    assert all(f.exists() for f in files)
    auth.login(make_user("officer@example.am", roles=(("officer", None),), password=PASSWORD), PASSWORD)
    review = client.get("/staff/review?lang=en").get_data(as_text=True)
    pending_id = re.search(r"/staff/review/changes/(\d+)/reject", review).group(1)
    assert client.post(f"/staff/review/changes/{pending_id}/reject",
                       data={"csrf_token": csrf_token(client, "/staff/review")}).status_code == 302
    session.expire_all()
    assert report.photos == [] and report.documents == []
    assert not any(f.exists() for f in files)
    assert "It went well" in client.get(f"/actions/{action.id}?lang=en").get_data(as_text=True)
