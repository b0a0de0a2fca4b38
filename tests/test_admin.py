"""Admin screens: settlements, institutions, the development program and the non-working-day calendar."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from app import create_app
from app.audit.models import AuditEntry, Version
from app.community.models import Settlement
from app.extensions import db
from app.institutions.models import Institution
from app.limits.models import AddressAllowance
from app.program.models import Goal, Indicator, Objective
from app.workdays.models import CalendarOverride, OverrideKind
from app.workdays.queries import non_working_days
from app.workdays.signals import calendar_changed

PASSWORD = "a long passphrase for tests 7"
PREFIX = "/admin"


def _admin_rules():
    """Every (rule, method) of the admin blueprint, read from a throwaway app so new routes are covered at once."""
    application = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "collect-only"})
    found = []
    for rule in application.url_map.iter_rules():
        if rule.endpoint.startswith("admin.") and rule.rule.startswith(PREFIX):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append(pytest.param(rule.rule, method, id=f"{method} {rule.rule}"))
    with application.app_context():
        db.engine.dispose()
    return found


ADMIN_RULES = _admin_rules()


# --- helpers: a browser's view of forms --------------------------------------------------------------------------


class _FormReader(HTMLParser):
    """Collect what a browser would submit from the page's own POST form (one that posts back to the page)."""

    def __init__(self):
        super().__init__()
        self.fields, self.in_form, self.done = {}, False, False
        self._textarea = self._select = None
        self._select_first = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and (a.get("method") or "").lower() == "post" and not a.get("action"):
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields[name] = a.get("value", "y")
            elif kind not in ("submit", "button", "file"):
                self.fields[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select, self._select_first = name, None
        elif tag == "option" and self._select:
            if self._select_first is None:
                self._select_first = a.get("value", "")
            if "selected" in a:
                self.fields[self._select] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            self.fields.setdefault(self._select, self._select_first or "")
            self._select = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def form_on(client, path):
    """The values the form on `path` would send unchanged (including its CSRF token)."""
    response = client.get(path)
    assert response.status_code == 200, path
    reader = _FormReader()
    reader.feed(response.get_data(as_text=True))
    assert "csrf_token" in reader.fields, f"no CSRF token in the form on {path}"
    return reader.fields


def submit(client, path, **changes):
    """Open the form on `path`, change some fields (None unticks or removes one) and post it like a browser."""
    data = form_on(client, path)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return client.post(path, data=data)


def session_csrf_token(client, app):
    """A valid CSRF token for this client's session, for users who cannot open any admin form."""
    raw = "0123456789abcdef0123456789abcdef01234567"
    with client.session_transaction() as stored:
        stored["csrf_token"] = raw
    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)


def text(response):
    return response.get_data(as_text=True)


@pytest.fixture
def admin(make_user, auth):
    user = make_user("admin@example.am", roles=(("admin", None),), password=PASSWORD)
    auth.login(user, PASSWORD)
    return user


def _url(rule, world):
    ids = {"settlement_id": world.village.id, "institution_id": world.club.id, "goal_id": world.goal2.id,
           "objective_id": world.o21.id, "indicator_id": world.indicator.id, "override_id": world.override.id,
           "allowance_id": world.allowance.id}
    return re.sub(r"<(?:int:|id:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule)


@pytest.fixture
def admin_world(world, session):
    """The world with one indicator and one calendar override, so every admin URL has something to show."""
    world.indicator = Indicator(objective=world.o21, name_hy="Ցուցանիշ", name_en="Households served", unit_hy="%",
                                unit_en="%", baseline=40, baseline_year=2022, target=90, target_year=2026)
    world.override = CalendarOverride(day=date(2026, 3, 10), kind=OverrideKind.HOLIDAY, note_hy="Որոշում N 1")
    world.allowance = AddressAllowance(network="203.0.113.0/28", label="Gosh community centre", factor=10)
    session.add_all([world.indicator, world.override, world.allowance])
    session.flush()
    return world


# --- access ------------------------------------------------------------------------------------------------------


def test_the_admin_routes_were_found():
    rules = {p.values[0] for p in ADMIN_RULES}
    assert {"/admin/", "/admin/settlements", "/admin/institutions", "/admin/program", "/admin/calendar"} <= rules


@pytest.mark.parametrize("rule, method", ADMIN_RULES)
def test_every_admin_route_refuses_anonymous_visitors(client, app, admin_world, rule, method):
    path = _url(rule, admin_world)
    data = {"csrf_token": session_csrf_token(client, app)} if method == "POST" else None
    response = client.open(path, method=method, data=data)
    assert response.status_code == 302
    # A page comes back to itself after logging in; a form post goes to the login page alone.
    assert response.headers["Location"] == ("/staff/login" if method == "POST" else f"/staff/login?next={path}")


@pytest.mark.parametrize("role", ["editor", "officer", "viewer"])
@pytest.mark.parametrize("rule, method", ADMIN_RULES)
def test_every_admin_route_refuses_other_roles(client, app, admin_world, make_user, auth, rule, method, role):
    user = make_user(f"{role}@example.am", roles=((role, admin_world.school if role == "editor" else None),),
                     password=PASSWORD)
    auth.login(user, PASSWORD)
    data = {"csrf_token": session_csrf_token(client, app)} if method == "POST" else None
    response = client.open(_url(rule, admin_world), method=method, data=data)
    assert response.status_code == 403


@pytest.mark.parametrize("rule, method", [p for p in ADMIN_RULES if p.values[1] == "GET"])
def test_admin_opens_every_admin_page(client, admin_world, admin, rule, method):
    response = client.get(_url(rule, admin_world))
    assert response.status_code == 200
    html = text(response)
    assert "<style" not in html and " style=" not in html and "<script>" not in html


def test_landing_page_links_every_admin_screen(client, app, world, admin):
    html = text(client.get("/admin/"))
    for path in ("/admin/settlements", "/admin/institutions", "/admin/program", "/admin/calendar"):
        assert f'href="{path}"' in html
    # Screens of other packages are linked when they are installed.
    for endpoint, path in (("accounts.users", "/admin/users"), ("outbox.index", "/admin/outbox")):
        assert (f'href="{path}"' in html) is (endpoint in app.view_functions)


# --- settlements -------------------------------------------------------------------------------------------------


def test_admin_adds_a_settlement_that_appears_on_the_public_pages(client, world, admin, session):
    response = submit(client, "/admin/settlements/new", slug="hovk", name_hy="Հովք", name_en="Hovk", name_ru="Овк",
                      population="435", population_year="2011", position="5", is_centre=None)
    assert response.status_code == 302
    assert "Hovk" in text(client.get("/admin/settlements?lang=en"))
    public = text(client.get("/settlements/hovk?lang=ru"))
    assert "Овк" in public
    created = session.scalar(select(Settlement).where(Settlement.slug == "hovk"))
    assert created.population == 435 and created.name_ru == "Овк" and not created.is_centre
    assert session.scalar(select(AuditEntry).where(AuditEntry.action == "settlement.create",
                                                   AuditEntry.target_id == created.id)) is not None


def test_admin_edits_a_settlement(client, world, admin, session):
    path = f"/admin/settlements/{world.village.id}/edit"
    assert submit(client, path, name_en="Gosh village", population="1200").status_code == 302
    session.expire_all()
    assert world.village.name_en == "Gosh village" and world.village.population == 1200
    assert "Gosh village" in text(client.get("/settlements/gosh?lang=en"))


def test_the_community_keeps_exactly_one_centre(client, world, admin, session):
    # Unticking the only centre is refused...
    response = submit(client, f"/admin/settlements/{world.centre.id}/edit?lang=en", is_centre=None)
    assert response.status_code == 422
    assert "The community needs one centre." in text(response)
    # ...making another settlement the centre moves it.
    assert submit(client, f"/admin/settlements/{world.village.id}/edit", is_centre="y").status_code == 302
    centres = session.scalars(select(Settlement.slug).where(Settlement.is_centre.is_(True))).all()
    assert centres == ["gosh"]


@pytest.mark.parametrize("changes, message", [
    ({"slug": "gosh"}, "Another settlement already uses this address name."),
    ({"slug": "Bad Slug"}, "Use lowercase Latin letters"),
    ({"population": "-5"}, "Population cannot be negative."),
    ({"population": "many"}, "Enter a whole number."),
    ({"population": "", "population_year": "2020"}, "Give the population too"),
    ({"name_hy": ""}, "This field is required."),
])
def test_invalid_settlement_is_refused_with_422_and_keeps_the_input(client, world, admin, changes, message):
    data = form_on(client, "/admin/settlements/new?lang=en")
    data.update({"slug": "new-place", "name_hy": "Նոր գյուղ", "name_en": "New place", "population": "100"})
    data.update(changes)
    data.pop("is_centre", None)
    response = client.post("/admin/settlements/new?lang=en", data=data)
    assert response.status_code == 422
    html = text(response)
    assert message in html
    assert 'aria-invalid="true"' in html
    assert 'value="New place"' in html  # what was typed is still there


# --- institutions ------------------------------------------------------------------------------------------------


def test_admin_adds_and_edits_an_institution(client, world, admin, session):
    response = submit(client, "/admin/institutions/new", slug="art-school", kind="art_school",
                      settlement_id=str(world.village.id), name_hy="Արվեստի դպրոց", name_en="Art School",
                      address_hy="Գոշ, 1", head_name_hy="Անի", description_hy="Նկարչություն",
                      phone="+374 268 2 12 34", email="art@example.am", website="https://art.example.am")
    assert response.status_code == 302
    html = text(client.get("/institutions/art-school?lang=en"))
    assert "Art School" in html and "Gosh" in html
    institution = session.scalar(select(Institution).where(Institution.slug == "art-school"))
    assert institution.email == "art@example.am" and institution.name_ru is None

    path = f"/admin/institutions/{institution.id}/edit"
    assert submit(client, path, name_en="Sharambeyan Art School", requires_review="y").status_code == 302
    session.expire_all()
    assert institution.requires_review is True
    assert "Sharambeyan Art School" in text(client.get("/institutions?lang=en"))


@pytest.mark.parametrize("changes, message", [
    ({"slug": "music-school"}, "Another institution already uses this address name."),
    ({"email": "not an address"}, "Enter an email address"),
    ({"website": "javascript:alert(1)"}, "Enter a web address starting with https://"),
    ({"kind": "castle"}, "Choose one of the options."),
    ({"settlement_id": "999999"}, "Choose one of the options."),
])
def test_invalid_institution_is_refused_with_422(client, world, admin, changes, message):
    data = form_on(client, "/admin/institutions/new?lang=en")
    data.update({"slug": "new-house", "name_hy": "Նոր տուն", "name_en": "New house", "kind": "other",
                 "settlement_id": str(world.centre.id)})
    data.update(changes)
    response = client.post("/admin/institutions/new?lang=en", data=data)
    assert response.status_code == 422
    assert message in text(response)
    assert 'value="New house"' in text(response)


def test_institutions_show_their_editors(client, world, admin, make_user):
    make_user("ani@example.am", full_name="Ani Editor", roles=(("editor", world.school),), password=PASSWORD)
    listing = text(client.get("/admin/institutions?lang=en"))
    assert "Ani Editor" in listing
    assert "No editor yet" in listing  # the Gosh club has none
    assert "Ani Editor" in text(client.get(f"/admin/institutions/{world.school.id}/edit?lang=en"))
    assert "Ani Editor" not in text(client.get(f"/admin/institutions/{world.club.id}/edit?lang=en"))


# --- the development program -------------------------------------------------------------------------------------


def test_admin_edits_the_program(client, world, admin, session):
    response = submit(client, "/admin/program/edit", title_en="Dilijan development program 2022-2026",
                      council_decision="N 12-N", document_url="https://dilijan.am/program.pdf")
    assert response.status_code == 302
    assert "Dilijan development program 2022-2026" in text(client.get("/program?lang=en"))
    fields = set(session.scalars(select(Version.field).where(Version.entity_type == "program")))
    assert {"title_en", "council_decision", "document_url"} <= fields


def test_editing_a_goal_title_shows_in_the_public_history(client, world, admin, session):
    path = f"/admin/program/goals/{world.goal1.id}/edit"
    assert submit(client, path, title_en="Roads and street lighting").status_code == 302
    html = text(client.get("/program?lang=en"))
    assert "Roads and street lighting" in html
    assert '<details class="history">' in html
    assert ('changed from «<span lang="en">Goal 1</span>» to «<span lang="en">Roads and street lighting</span>»'
            in html)
    version = session.scalar(select(Version).where(Version.entity_type == "goal", Version.entity_id == world.goal1.id))
    assert (version.field, version.old_value, version.new_value) == ("title_en", "Goal 1", "Roads and street lighting")
    assert version.actor_id == admin.id and version.actor_institution_id is None
    assert session.scalar(select(AuditEntry).where(AuditEntry.action == "goal.update")) is not None


def test_saving_a_goal_unchanged_records_nothing(client, world, admin, session):
    assert submit(client, f"/admin/program/goals/{world.goal1.id}/edit").status_code == 302
    assert session.scalar(select(Version).where(Version.entity_type == "goal")) is None


def test_adding_a_goal_objective_and_indicator(client, world, admin, session):
    assert submit(client, "/admin/program/goals/new", code="3", title_hy="Ջրամատակարարում",
                  title_en="Village water supply").status_code == 302
    goal = session.scalar(select(Goal).where(Goal.code == "3"))
    assert submit(client, f"/admin/program/goals/{goal.id}/objectives/new", code="3.1", title_hy="Հովքի ջրագիծ",
                  title_en="Hovk water line").status_code == 302
    objective = session.scalar(select(Objective).where(Objective.code == "3.1"))
    assert submit(client, f"/admin/program/objectives/{objective.id}/indicators/new", name_hy="Ջրով տներ",
                  name_en="Homes with water", unit_hy="%", unit_en="%", baseline="40,5", baseline_year="2022",
                  target="100", target_year="2026").status_code == 302
    html = text(client.get("/program?lang=en"))
    assert "Village water supply" in html and "Hovk water line" in html and "Homes with water" in html
    assert "40.5" in html
    # The new objective shows in its goal's public history as a change of the goal's list of objectives.
    assert "Objectives changed from — to «3.1»" in html


def test_objective_code_must_be_unique_in_the_program(client, world, admin):
    response = submit(client, f"/admin/program/goals/{world.goal2.id}/objectives/new?lang=en", code="1.1",
                      title_hy="Կրկնօրինակ", title_en="Duplicate")
    assert response.status_code == 422
    assert "Another objective of the program already has this code." in text(response)
    assert 'value="Duplicate"' in text(response)


@pytest.mark.parametrize("changes, message", [
    ({"unit_hy": "", "target": "100"}, "A value needs a unit"),
    ({"target": "lots"}, "Enter a number"),
    ({"target": "", "target_year": "2026"}, "Give the target value too"),
    ({"baseline_year": "2026", "target_year": "2020"}, "The target year cannot be before the baseline year."),
    ({"name_hy": ""}, "This field is required."),
])
def test_invalid_indicator_is_refused_with_422(client, admin_world, admin, changes, message):
    path = f"/admin/program/objectives/{admin_world.o11.id}/indicators/new?lang=en"
    data = form_on(client, path)
    data.update({"name_hy": "Ցուցանիշ", "name_en": "Kids enrolled", "unit_hy": "երեխա", "baseline": "10",
                 "baseline_year": "2022", "target": "20", "target_year": "2026"})
    data.update(changes)
    response = client.post(path, data=data)
    assert response.status_code == 422
    assert message in text(response)
    assert 'value="Kids enrolled"' in text(response)


def test_goal_code_clash_and_bad_years_are_refused(client, world, admin):
    response = submit(client, "/admin/program/goals/new?lang=en", code="1", title_hy="Կրկին")
    assert response.status_code == 422 and "Another goal of the program already has this code." in text(response)
    response = submit(client, "/admin/program/edit?lang=en", start_year="2026", end_year="2022")
    assert response.status_code == 422 and "The last year cannot be before the first year." in text(response)


def test_deleting_a_goal_with_linked_actions_is_refused(client, world, admin, make_action, session, today):
    action = make_action(institution=world.school, start=today)
    action.objectives = [world.o11]
    session.flush()
    page = text(client.get(f"/admin/program/goals/{world.goal1.id}/delete?lang=en"))
    assert "1 action in the schedule is linked to it." in page
    token = session_csrf_token(client, client.application)
    response = client.post(f"/admin/program/goals/{world.goal1.id}/delete?lang=en", data={"csrf_token": token})
    assert response.status_code == 409
    assert "This cannot be deleted while other items link to it." in text(response)
    assert session.get(Goal, world.goal1.id) is not None
    assert "Goal 1" in text(client.get("/program?lang=en"))


def test_deleting_an_objective_linked_to_a_strategic_plan_is_refused(client, world, admin, make_plan, session):
    make_plan(world.school, objectives=[world.o21])
    response = client.post(f"/admin/program/objectives/{world.o21.id}/delete?lang=en",
                           data={"csrf_token": session_csrf_token(client, client.application)})
    assert response.status_code == 409
    assert "goal of an institution's strategic plan is linked to it" in text(response)
    assert session.get(Objective, world.o21.id) is not None


def test_deleting_an_unlinked_goal_removes_it_and_keeps_the_record(client, world, admin, session):
    path = f"/admin/program/goals/{world.goal2.id}/delete"
    data = form_on(client, path)
    assert client.post(path, data=data).status_code == 302
    session.expunge_all()
    assert session.get(Goal, world.goal2.id) is None and session.get(Objective, world.o21.id) is None
    html = text(client.get("/program?lang=en"))
    assert 'id="goal-2"' not in html and 'id="goal-1"' in html
    version = session.scalar(select(Version).where(Version.entity_type == "program", Version.field == "goals"))
    assert (version.old_value, version.new_value) == ("1, 2", "1")
    assert session.scalar(select(AuditEntry).where(AuditEntry.action == "goal.delete")) is not None


def test_a_stale_goal_form_is_refused_with_409(client, world, admin):
    path = f"/admin/program/goals/{world.goal1.id}/edit?lang=en"
    stale = form_on(client, path)
    assert submit(client, path, title_en="First change").status_code == 302
    stale["title_en"] = "Second change"
    response = client.post(path, data=stale)
    assert response.status_code == 409
    html = text(response)
    assert "This item was changed after you opened the form" in html and "First change" in html
    assert 'value="Second change"' in html
    assert "Second change" not in text(client.get("/program?lang=en"))


def test_program_page_history_costs_one_query_whatever_its_length(client, world, admin, count_queries, session):
    def queries_for_program_page():
        session.flush()
        with count_queries() as counter:
            assert client.get("/program").status_code == 200
        return len(counter)

    submit(client, f"/admin/program/goals/{world.goal1.id}/edit", title_en="One")
    few = queries_for_program_page()
    for n in range(5):
        submit(client, f"/admin/program/goals/{world.goal2.id}/edit", title_en=f"Two {n}")
        submit(client, f"/admin/program/objectives/{world.o11.id}/edit", title_en=f"Objective {n}")
    assert queries_for_program_page() == few


# --- non-working days --------------------------------------------------------------------------------------------


@pytest.fixture
def overrides(session):
    session.add_all([
        CalendarOverride(day=date(2026, 3, 10), kind=OverrideKind.HOLIDAY, note_hy="Լրացուցիչ հանգստյան օր"),
        CalendarOverride(day=date(2026, 3, 14), kind=OverrideKind.WORKDAY, note_hy="Կառավարության որոշում"),
    ])
    session.flush()


@pytest.mark.parametrize("day, off, why", [
    (date(2026, 1, 1), True, "New Year's Day"),
    (date(2026, 1, 2), True, "New Year holiday"),
    (date(2026, 1, 6), True, "Armenian Christmas"),
    (date(2026, 1, 5), False, "an ordinary Monday"),
    (date(2026, 2, 19), False, "Vardanants: a commemorative day that is worked (the package's workday category)"),
    (date(2026, 3, 7), True, "Saturday"),
    (date(2026, 3, 8), True, "Women's Day on a Sunday"),
    (date(2026, 3, 9), False, "the Monday after: no carry-over"),
    (date(2026, 3, 10), True, "an extra non-working day added by the admin"),
    (date(2026, 3, 14), False, "a Saturday made a working day by decree"),
    (date(2026, 3, 15), True, "the Sunday after it stays off"),
    (date(2026, 4, 24), True, "Genocide Remembrance Day"),
    (date(2026, 5, 28), True, "Republic Day"),
    (date(2026, 9, 21), True, "Independence Day"),
    (date(2026, 12, 31), True, "New Year's Eve"),
])
def test_non_working_days(app, overrides, day, off, why):
    with app.app_context():
        days = non_working_days(date(2025, 12, 1), date(2027, 1, 31))
    assert (day in days) is off, why


def test_non_working_days_of_an_empty_or_reversed_range(app, session):
    with app.app_context():
        assert non_working_days(date(2026, 1, 10), date(2026, 1, 1)) == set()
        assert non_working_days(date(2026, 1, 3), date(2026, 1, 3)) == {date(2026, 1, 3)}


def test_admin_adds_edits_and_deletes_calendar_days(client, world, admin, session, app):
    changed = []

    @calendar_changed.connect_via(app)
    def remember(_sender, days):
        changed.append(sorted(days))

    assert submit(client, "/admin/calendar/new", day="2026-11-05", kind="holiday",
                  note_hy="Համայնքի օր", note_en="Community day").status_code == 302
    override = session.scalar(select(CalendarOverride).where(CalendarOverride.day == date(2026, 11, 5)))
    with app.app_context():
        assert date(2026, 11, 5) in non_working_days(date(2026, 11, 1), date(2026, 11, 30))
    assert "Community day" in text(client.get("/admin/calendar?lang=en"))

    assert submit(client, f"/admin/calendar/{override.id}/edit", day="2026-11-06").status_code == 302
    session.expire_all()
    assert override.day == date(2026, 11, 6)

    assert submit(client, f"/admin/calendar/{override.id}/delete").status_code == 302
    session.expunge_all()
    assert session.get(CalendarOverride, override.id) is None
    actions = set(session.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "calendar_override")))
    assert actions == {"calendar_override.create", "calendar_override.update", "calendar_override.delete"}
    # The appeals' deadline engine hears of every change, to recompute the due dates of open appeals.
    assert changed == [[date(2026, 11, 5)], [date(2026, 11, 5), date(2026, 11, 6)], [date(2026, 11, 6)]]


@pytest.mark.parametrize("changes, message", [
    ({"day": "2026-03-10"}, "This day already has an entry"),
    ({"day": "2026-03-07"}, "already a non-working day"),
    ({"day": "2026-01-06"}, "already a non-working day"),
    ({"day": "2026-03-11", "kind": "workday"}, "This day is already a working day."),
    ({"day": "someday"}, "Enter a date as year-month-day"),
    ({"note_hy": ""}, "This field is required."),
])
def test_invalid_calendar_day_is_refused_with_422(client, admin_world, admin, changes, message):
    data = form_on(client, "/admin/calendar/new?lang=en")
    data.update({"day": "2026-03-11", "kind": "holiday", "note_hy": "Պատճառ", "note_en": "Reason given"})
    data.update(changes)
    response = client.post("/admin/calendar/new?lang=en", data=data)
    assert response.status_code == 422
    assert message in text(response)
    assert 'value="Reason given"' in text(response)


def test_calendar_page_lists_this_and_next_year_with_holiday_names(client, world, admin, overrides, today):
    html = text(client.get("/admin/calendar?lang=en"))
    assert f"Non-working days in {today.year}" in html and f"Non-working days in {today.year + 1}" in html
    hy = text(client.get("/admin/calendar?lang=hy"))
    assert "Նոր տարվա օր" in hy
    ru = text(client.get("/admin/calendar?lang=ru"))
    assert '<span lang="hy">Նոր տարվա օր</span>' in ru  # no Russian names in the package: the original, marked
