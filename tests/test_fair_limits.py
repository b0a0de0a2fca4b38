"""Fair limits: refused forms cost nothing, and addresses the admin lists (a help desk, a community centre) get
their own, higher limits; each listing is audited."""

import pytest
from sqlalchemy import func, select

from app.appeals.models import Appeal
from app.audit.models import AuditEntry
from app.limits import scale
from app.limits.models import AddressAllowance
from tests.test_admin import submit as submit_admin_form
from tests.test_appeals import submit


def count(session):
    return session.scalar(select(func.count()).select_from(Appeal))


def test_scaling_multiplies_every_count_of_a_limit():
    assert scale("5 per minute; 20 per hour; 50 per day", 10) == "50 per minute; 200 per hour; 500 per day"
    assert scale("10/hour", 3) == "30/hour"


def test_refused_appeal_forms_do_not_use_up_the_limit(client, app, world, session):
    for _ in range(8):  # more refusals than the limit of 5 a minute
        assert submit(client, app, world, subject="").status_code == 422
    for _ in range(5):
        assert submit(client, app, world).status_code == 302
    assert submit(client, app, world).status_code == 429
    assert count(session) == 5


def test_refused_comments_do_not_use_up_the_limit(client, app, world, make_action):
    from tests.test_comments import post_comment

    action = make_action(institution=world.school)
    page, url = f"/actions/{action.id}/comment", f"/actions/{action.id}/comments"
    for _ in range(6):
        assert post_comment(client, app, page, url, text="").status_code == 422
    for n in range(5):
        assert post_comment(client, app, page, url, text=f"Comment {n}").status_code == 302
    assert post_comment(client, app, page, url, text="One more").status_code == 429


def test_a_listed_address_gets_its_factor_of_the_limits(client, app, world, session):
    session.add(AddressAllowance(network="127.0.0.0/8", label="Help desk", factor=2))
    session.flush()
    for _ in range(10):
        assert submit(client, app, world).status_code == 302
    assert submit(client, app, world).status_code == 429
    assert count(session) == 10


def test_an_unlisted_address_keeps_the_usual_limits(client, app, world, session):
    session.add(AddressAllowance(network="203.0.113.0/28", label="Gosh community centre", factor=10))
    session.flush()
    for _ in range(5):
        assert submit(client, app, world).status_code == 302
    assert submit(client, app, world).status_code == 429


@pytest.fixture
def admin(make_user, auth):
    user = make_user("limits.admin@example.am", roles=(("admin", None),))
    auth.login(user)
    return user


def test_admin_lists_and_removes_an_address_and_each_change_is_audited(client, world, admin, session):
    page = client.get("/admin/limits?lang=en").get_data(as_text=True)
    assert "No address is listed" in page and "5 a minute · 20 an hour · 50 a day" in page
    response = submit_admin_form(client, "/admin/limits", network=" 203.0.113.7 ", label="Gosh help desk",
                                 factor="10")
    assert response.status_code == 302
    allowance = session.scalar(select(AddressAllowance))
    assert (allowance.network, allowance.label, allowance.factor) == ("203.0.113.7/32", "Gosh help desk", 10)
    page = client.get("/admin/limits?lang=en").get_data(as_text=True)
    assert "203.0.113.7/32" in page and "Gosh help desk" in page

    again = submit_admin_form(client, "/admin/limits", network="203.0.113.7", label="Twice", factor="5")
    assert again.status_code == 422 and "This address is already listed." in again.get_data(as_text=True)

    assert submit_admin_form(client, f"/admin/limits/{allowance.id}/delete").status_code == 302
    assert session.scalar(select(func.count()).select_from(AddressAllowance)) == 0
    actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("limits.%"))))
    assert actions == ["limits.allowance_add", "limits.allowance_remove"]


@pytest.mark.parametrize("network, factor, message", [
    ("not an address", "10", "Write an IPv4 or IPv6 address"),
    ("203.0.113.7", "1", "Number must be between 2 and 100."),
])
def test_a_wrong_address_or_factor_is_refused_with_its_message(client, world, admin, session, network, factor,
                                                              message):
    client.get("/admin/limits?lang=en")  # the language cookie, for the messages
    response = submit_admin_form(client, "/admin/limits", network=network, label="Desk", factor=factor)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(AddressAllowance)) == 0
