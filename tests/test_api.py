"""The read-only JSON API: real responses match the OpenAPI document, pagination, filters, caching, CORS."""

from datetime import date, datetime, timezone

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from app.api.openapi import openapi_document
from app.appeals.models import Publication
from app.schedule.models import ActionStatus

DOCUMENT = openapi_document("http://localhost/api/v1")
REGISTRY = Registry().with_resource("urn:openapi", Resource.from_contents(DOCUMENT, default_specification=DRAFT202012))


def validate(body, schema_name):
    """Validate against a component schema of the served OpenAPI document (JSON Schema 2020-12)."""
    validator = Draft202012Validator({"$ref": f"urn:openapi#/components/schemas/{schema_name}"}, registry=REGISTRY,
                                     format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(body), key=lambda e: e.path)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def get_json(client, url, schema_name, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    validate(response.get_json(), schema_name)
    return response.get_json()


@pytest.fixture
def data(world, make_action, make_report, make_appeal):
    """Actions in two settlements with a report, and one published proposal."""
    world.concert = make_action(world.school, title_hy="Համերգ", title_en="Concert", start=date(2026, 3, 1),
                                objectives=[world.o11], budget_planned=500_000)
    world.evening = make_action(world.club, title_hy="Երեկո", start=date(2026, 3, 5),
                                status=ActionStatus.CANCELLED, status_reason_hy="Անձրև")
    world.april = make_action(world.club, title_hy="Ապրիլ", start=date(2026, 4, 2), objectives=[world.o21])
    world.report = make_report(world.concert, actual_spent=450_000, participants=120)
    world.proposal = make_appeal(world.village, kind="proposal", publication=Publication.PUBLISHED,
                                 public_subject="Playground", public_text="Build a playground.",
                                 published_dt=datetime.now(timezone.utc))
    return world


# (url, schema) for every operation; {ids} are filled from the fixture.
OPERATIONS = [
    ("/api/v1/", "Index"),
    ("/api/v1/settlements", "SettlementList"),
    ("/api/v1/settlements/gosh", "SettlementDetail"),
    ("/api/v1/institutions", "InstitutionList"),
    ("/api/v1/institutions/music-school", "InstitutionDetail"),
    ("/api/v1/program", "Program"),
    ("/api/v1/actions", "ActionPage"),
    ("/api/v1/actions/{concert}", "Action"),
    ("/api/v1/reports", "ReportPage"),
    ("/api/v1/reports/{report}", "Report"),
    ("/api/v1/proposals", "ProposalPage"),
    ("/api/v1/proposals/{proposal}", "Proposal"),
    ("/api/v1/figures", "AccountabilityFigures"),
]


def fill(url, w):
    return url.format(concert=w.concert.id, report=w.report.id, proposal=w.proposal.id)


@pytest.mark.parametrize(("url", "schema"), OPERATIONS)
def test_every_operation_answers_what_the_openapi_document_describes(client, data, url, schema):
    body = get_json(client, fill(url, data), schema)
    assert body


def test_the_openapi_document_is_served_and_lists_every_operation(client, data):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://localhost/api/v1"}]
    served = {path for path in document["paths"]}
    expected = {fill(url, data).removeprefix("/api/v1") or "/" for url, _schema in OPERATIONS}
    assert len(served) == len(expected) == 13


def test_actions_come_with_texts_in_three_languages_and_their_program_links(client, data):
    body = get_json(client, f"/api/v1/actions/{data.concert.id}", "Action")
    assert body["title"] == {"hy": "Համերգ", "en": "Concert", "ru": None}
    assert body["objectives"] == ["1.1"] and body["goals"] == ["1"]
    assert body["budget_planned"] == 500_000
    assert body["links"]["html"] == f"http://localhost/actions/{data.concert.id}"


def test_actions_are_paginated_with_links_and_counts(client, data):
    first = get_json(client, "/api/v1/actions?per_page=2", "ActionPage")
    assert first["meta"] == {"total": 3, "page": 1, "per_page": 2, "pages": 2}
    assert [a["id"] for a in first["data"]] == [data.concert.id, data.evening.id]
    assert first["links"]["prev"] is None
    second = get_json(client, first["links"]["next"].removeprefix("http://localhost"), "ActionPage")
    assert [a["id"] for a in second["data"]] == [data.april.id]
    assert second["links"]["next"] is None
    assert second["links"]["prev"] == "http://localhost/api/v1/actions?page=1&per_page=2"


def test_action_filters_are_the_schedule_filters_and_carry_into_the_links(client, data):
    body = get_json(client, "/api/v1/actions?settlement=gosh&month=2026-03&per_page=1", "ActionPage")
    assert [a["id"] for a in body["data"]] == [data.evening.id]
    assert body["data"][0]["status"] == "cancelled"
    assert body["links"]["self"] == "http://localhost/api/v1/actions?settlement=gosh&month=2026-03&page=1&per_page=1"
    assert [a["id"] for a in get_json(client, "/api/v1/actions?goal=2", "ActionPage")["data"]] == [data.april.id]
    assert [a["id"] for a in get_json(client, "/api/v1/actions?status=cancelled", "ActionPage")["data"]] == [
        data.evening.id]


def test_unknown_parameters_are_ignored_and_not_carried_into_the_links(client, data):
    body = get_json(client, "/api/v1/reports?endpoint=x&_external=0&settlement=gosh&per_page=1", "ReportPage")
    assert body["links"]["self"] == "http://localhost/api/v1/reports?settlement=gosh&page=1&per_page=1"


def test_a_filter_that_names_nothing_selects_nothing(client, data):
    for url in ("/api/v1/actions?settlement=atlantis", "/api/v1/reports?institution=nobody",
                "/api/v1/proposals?settlement=atlantis"):
        assert get_json(client, url, url.split("?")[0].rsplit("/")[-1].capitalize()[:-1] + "Page")["data"] == []


@pytest.mark.parametrize("query", ["page=0", "page=x", "per_page=101", "status=lost", "month=2026-13",
                                   "settlement=Bad%20Slug", "settlement="])
def test_malformed_parameters_are_a_json_400(client, data, query):
    body = get_json(client, f"/api/v1/actions?{query}", "Error", status=400)
    assert body["error"]["parameter"] == query.split("=")[0]


def test_missing_things_are_a_json_404(client, data):
    for url in ("/api/v1/actions/999999", "/api/v1/institutions/nobody", "/api/v1/nothing-here",
                f"/api/v1/actions/{2**40}"):
        get_json(client, url, "Error", status=404)


def test_drafts_and_unpublished_proposals_are_not_in_the_api(client, data, make_action, make_report,
                                                            make_appeal):
    draft = make_action(data.school, published=False)
    hidden_report = make_report(data.concert, published=False)
    pending = make_appeal(data.village, kind="proposal", publication=Publication.PENDING, public_subject="Pending")

    assert client.get(f"/api/v1/actions/{draft.id}").status_code == 404
    assert client.get(f"/api/v1/reports/{hidden_report.id}").status_code == 404
    assert client.get(f"/api/v1/proposals/{pending.id}").status_code == 404
    assert get_json(client, "/api/v1/proposals", "ProposalPage")["meta"]["total"] == 1


def test_figures_reuse_the_accountability_aggregates(client, data, today):
    body = get_json(client, "/api/v1/figures", "AccountabilityFigures")
    assert body["year"] == today.year
    assert body["program"]["actions"] == 2
    assert body["program"]["budget_planned"] == 500_000 + 1_000_000
    assert {i["slug"] for i in body["institutions"]} == {"music-school", "gosh-club"}


def test_the_program_lists_goals_objectives_and_their_progress(client, data):
    body = get_json(client, "/api/v1/program", "Program")
    assert [g["code"] for g in body["goals"]] == ["1", "2"]
    assert body["goals"][0]["objectives"][0]["progress"]["actions"] == 1
    assert body["goals"][0]["objectives"][0]["progress"]["spent"] == 450_000


def test_any_origin_may_read_the_api(client, data):
    response = client.get("/api/v1/settlements", headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options("/api/v1/actions", headers={"Origin": "https://example.org",
                                                           "Access-Control-Request-Method": "GET"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]


def test_the_api_answers_304_while_nothing_changed(client, data, session):
    first = client.get("/api/v1/actions")
    etag = first.headers["ETag"]
    assert client.get("/api/v1/actions", headers={"If-None-Match": etag}).status_code == 304
    data.concert.title_en = "Renamed"
    session.flush()
    assert client.get("/api/v1/actions", headers={"If-None-Match": etag}).status_code == 200


def test_anonymous_api_answers_may_be_kept_five_minutes(client, data):
    """The page cache's ETag must not replace the API's promised lifetime with no-cache (README, "Caching")."""
    response = client.get("/api/v1/actions")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["ETag"].startswith('W/"')


def test_the_api_sets_no_cookies(client, data):
    response = client.get("/api/v1/actions?lang=en")
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("lang", ["hy", "en", "ru"])
def test_the_api_page_for_people_is_translated(client, data, lang):
    html = client.get(f"/api/?lang={lang}").get_data(as_text=True)
    assert {"hy": "API", "en": "Open data API", "ru": "API"}[lang] in html
    assert 'href="/api/v1/openapi.json"' in html
