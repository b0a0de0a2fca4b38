"""The permission matrix of the staff area: every route × every role × own and other institution's objects.

Routes are read from the app's URL map, so a route added later is covered (or this test says what to add).
"""

import re

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry, Version
from app.schedule.models import Action, PendingChange, Report
from tests.fixtures.accounts import TEST_PASSWORD, csrf_token


@pytest.fixture
def objects(world, make_action, make_report, make_plan, session, today):
    """One of everything in each of two institutions: the music school (own) and the Gosh club (other)."""
    own_action = make_action(institution=world.school, start=today)
    other_action = make_action(institution=world.club, settlement=world.village, start=today)
    own_plan = make_plan(world.school)
    other_plan = make_plan(world.club)
    draft = make_action(institution=world.club, settlement=world.village, start=today, published=False)
    # A held edit of a published action of an institution under review (app/schedule/services.py)
    pending = PendingChange(entity_type="action", entity_id=other_action.id, data='{"title_en": "Held"}')
    session.add(pending)
    session.flush()
    return {
        "own": {"slug": world.school.slug, "action_id": own_action.id, "report_id": make_report(own_action).id,
                "goal_id": own_plan.goals[0].id, "kind": "action", "item_id": draft.id, "pending_id": pending.id},
        "other": {"slug": world.club.slug, "action_id": other_action.id, "report_id": make_report(other_action).id,
                  "goal_id": other_plan.goals[0].id, "kind": "action", "item_id": draft.id,
                  "pending_id": pending.id},
    }


def staff_rules(app):
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint.startswith("staff.")), key=lambda r: r.rule)


def url(app, rule, values):
    path = rule.rule
    for arg in rule.arguments:
        assert arg in values, f"add a value for <{arg}> of {rule.rule} to the objects fixture"
        path = re.sub(rf"<(?:\w+:)?{arg}>", str(values[arg]), path)
    return path


REVIEW = {"staff.review", "staff.approve", "staff.approve_change", "staff.reject_change"}
# Approving or rejecting here would use up the one draft or held change; their own tests cover them.
DECISIONS = {"staff.approve", "staff.approve_change", "staff.reject_change"}
# Routes that need no institution object: an editor of any institution (or an admin) may open them.
NO_OBJECT = {"staff.my_institution"}


# Edit forms whose fields keep the stored values when not posted: an empty post (only the CSRF token) saves them.
EMPTY_FORM_COMPLETE = {"staff.edit_plan_goal", "staff.profile"}


def allowed_status(role, method, endpoint):
    """What a permitted user gets: the page, an empty form refused with its errors (422), or a redirect."""
    if endpoint == "staff.my_institution" and role == "editor":
        return 302  # straight to the page of their own institution
    if method == "GET":
        return 200
    return 302 if endpoint in EMPTY_FORM_COMPLETE else 422


def expected(role, side, endpoint):
    """The status a user of this role should get for an object of their own or another institution."""
    if role == "admin":
        return "ok"
    if endpoint in REVIEW:
        return "ok" if role == "officer" else 403
    if role in ("viewer", "officer"):
        return 403
    if endpoint in NO_OBJECT:
        return "ok"
    return "ok" if side == "own" else 404


@pytest.mark.parametrize("role", ["viewer", "officer", "editor", "admin"])
@pytest.mark.parametrize("side", ["own", "other"])
def test_every_staff_route_checks_the_role_and_the_institution(app, client, world, objects, make_user, auth, role,
                                                                side):
    grant = (role, world.school) if role == "editor" else (role, None)
    user = make_user(f"{role}@example.am", roles=(grant,), password=TEST_PASSWORD)
    auth.login(user, TEST_PASSWORD)
    token = csrf_token(client, "/staff/")
    checked = 0
    for rule in staff_rules(app):
        path = url(app, rule, objects[side])
        want = expected(role, side, rule.endpoint)
        for method in sorted(rule.methods & {"GET", "POST"}):
            if method == "POST" and rule.endpoint in DECISIONS and want == "ok":
                continue
            response = client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
            if want == "ok":
                status = allowed_status(role, method, rule.endpoint)
                assert response.status_code == status, f"{role} {method} {path}: {response.status_code} != {status}"
                if response.status_code == 302:
                    assert "/staff/login" not in response.headers["Location"], f"{role} {method} {path}"
            else:
                assert response.status_code == want, f"{role} {method} {path}: {response.status_code} != {want}"
            checked += 1
    assert checked >= 20


def test_anonymous_visitors_are_sent_to_login_from_every_staff_route(app, client, world, objects):
    for rule in staff_rules(app):
        path = url(app, rule, objects["own"])
        if "GET" in rule.methods:
            response = client.get(path)
            assert response.status_code == 302 and "/staff/login" in response.headers["Location"], path
            htmx = client.get(path, headers={"HX-Request": "true"})
            assert htmx.status_code == 401 and "HX-Redirect" in htmx.headers, path


# POST routes that take no CSRF token by design, with what a request without one gets instead:
# - subscribing sits in cached public pages and acts for nobody signed in (double opt-in, rate limits and an
#   Origin check guard it): an empty form is refused;
# - RFC 8058 one-click unsubscribe is POSTed by mail clients with no cookie: the signed token is the authority.
CSRF_EXEMPT = {"/subscriptions/new": 422, "/subscriptions/unsubscribe/<token>": 404}


def all_post_rules(app):
    return sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods), key=lambda r: r.rule)


def test_every_state_changing_route_refuses_a_request_without_a_csrf_token(app, client, world, objects, make_user,
                                                                           auth, session):
    admin = make_user("csrf.admin@example.am", roles=(("admin", None),), password=TEST_PASSWORD)
    auth.login(admin, TEST_PASSWORD)
    values = dict(objects["own"], user_id=admin.id, token="x", institution_id=world.school.id,
                  settlement_id=world.village.id, objective_id=world.o11.id, indicator_id=1, override_id=1,
                  tracking_number="TST-2026-000001", template_id=1, kind="complaint",
                  comment_id=1, decision="approve", number="TST-2026-000001", appeal_id=1, message_id=1,
                  allowance_id=1)
    values["goal_id"] = objects["own"]["goal_id"]
    before = session.scalar(sa.select(sa.func.count()).select_from(Action))
    for rule in all_post_rules(app):
        path = url(app, rule, values)
        response = client.post(path, data={"title_hy": "x", "status": "done"})
        expected = CSRF_EXEMPT.get(rule.rule, 400)
        assert response.status_code == expected, f"POST {path} without a token: {response.status_code}"
    assert session.scalar(sa.select(sa.func.count()).select_from(Action)) == before


def test_no_get_request_changes_anything(app, client, world, objects, make_user, auth, session):
    admin = make_user("get.admin@example.am", roles=(("admin", None),), password=TEST_PASSWORD)
    auth.login(admin, TEST_PASSWORD)

    def counts():
        session.expire_all()
        return [session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (Action, Report, Version)] + [
            session.scalar(sa.select(sa.func.max(Action.revision)))]

    audit_before = session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    before = counts()
    for rule in staff_rules(app):
        if "GET" in rule.methods:
            client.get(url(app, rule, objects["own"]))
    assert counts() == before
    # Reading pages leaves no audit entries either (only the login above did).
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == audit_before
