"""Malformed input is a 400 or a 404, never a 500, on SQLite and PostgreSQL alike (issue 18)."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.urls import max_id

OTHER_ARGUMENTS = {"kind": "action", "tracking_number": "TST-2026-000001", "decision": "approve"}


def id_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if any(type(conv).__name__ == "IdConverter" for conv in rule._converters.values())]


def request_every_id_route(app, client, number):
    """Request every route with an id part, as an administrator; return {url: status}."""
    adapter = app.url_map.bind("localhost")
    statuses = {}
    for rule in id_rules(app):
        values = {name: number if type(conv).__name__ == "IdConverter" else OTHER_ARGUMENTS[name]
                  for name, conv in rule._converters.items()}
        url = adapter.build(rule.endpoint, values)
        method = "GET" if "GET" in rule.methods else "POST"
        statuses[f"{method} {url}"] = client.open(url, method=method).status_code
    return statuses


@pytest.fixture
def admin(app, client, auth, make_user, world, monkeypatch):
    auth.login(make_user())
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)  # the POST routes are reached without their form
    return client


def test_every_id_route_is_covered(app):
    assert len(id_rules(app)) >= 36


@pytest.mark.parametrize("number", ["beyond", "20 digits"])
def test_an_id_beyond_the_database_range_is_not_found(app, admin, number):
    value = max_id(app.config["SQLALCHEMY_DATABASE_URI"]) + 1 if number == "beyond" else 10**20
    statuses = request_every_id_route(app, admin, value)
    assert {url: status for url, status in statuses.items() if status != 404} == {}


def test_the_largest_id_the_database_holds_is_looked_up_without_an_error(app, admin):
    statuses = request_every_id_route(app, admin, max_id(app.config["SQLALCHEMY_DATABASE_URI"]))
    assert {url: status for url, status in statuses.items() if status >= 500} == {}


@pytest.mark.parametrize("url", ["/actions/99999999999999999999", "/actions/3000000000",
                                 "/api/v1/actions/3000000000"])
def test_the_reported_public_urls_with_large_ids_are_not_found(client, world, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/institutions/%00", "/proposals/%00", "/feeds/institutions/%00.ics",
                                 "/api/v1/institutions/%00", "/appeals/track?number=DIL%00&key=x",
                                 "/schedule?settlement=music%00school", "/search?q=%00"])
def test_a_nul_character_in_the_url_is_a_bad_request(client, world, url):
    assert client.get(url).status_code == 400


def test_a_nul_character_in_a_form_field_is_a_bad_request(client, world):
    response = client.post("/appeals/new", data={"subject": "light\x00"})
    assert response.status_code == 400


def test_open311_requests_since_year_one_are_listed(client, world, make_appeal):
    make_appeal(world.village)
    response = client.get("/open311/v2/requests.json?start_date=0001-01-01T00:00:00")
    assert response.status_code == 200 and len(response.get_json()) == 1


def test_every_id_column_is_a_32_bit_integer_as_the_id_converter_assumes():
    """The converter allows 2^31 - 1 on PostgreSQL; a BigInteger id column would need a wider one."""
    wider = [f"{table.name}.{column.name}" for table in db.metadata.tables.values() for column in table.primary_key
             if column.name == "id" and type(column.type) is not sa.Integer]
    assert wider == []


@pytest.mark.parametrize("largest", [7, 10, 1099, 2**31 - 1, 2**63 - 1])
def test_the_id_pattern_matches_exactly_the_numbers_from_one_to_the_largest(largest):
    import re

    from app.urls import number_pattern

    pattern = re.compile(number_pattern(largest) + r"\Z")
    candidates = [*range(1200), largest - 1, largest, largest + 1, largest * 10]
    assert [n for n in candidates if bool(pattern.match(str(n))) != (1 <= n <= largest)] == []
    assert not pattern.match("007")
