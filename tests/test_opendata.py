"""Bulk exports: the columns are exactly the data dictionary's, Armenian survives Excel, no personal data leaks."""

import csv
import io
from datetime import date, datetime, timezone

import pytest
from openpyxl import load_workbook

from app.appeals.models import AppealStatus
from app.opendata.dictionary import EXPORTS
from app.opendata.writers import UnreviewedColumn, csv_chunks
from app.program.models import Indicator

CANARY = {
    "applicant_name": "Կանարյան Զանգակ Canaryname",
    "applicant_email": "canary-7731@example.org",
    "applicant_phone": "+374 99 773 155",
    "applicant_address": "Կանարյան փողոց 77, Canarystreet",
    "subject": "Canary subject Կանար",
    "text": "Canary text body Կանարի տեքստ",
}


def read_csv(response):
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode("utf-8")), "no byte order mark: Excel would garble Armenian"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).active
    return [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def filled(world, make_action, make_report, make_appeal, session):
    action = make_action(institution=world.school, title_hy="Ամառային համերգ", title_en="Summer concert",
                         budget_planned=2_500_000, objectives=[world.o12, world.o11])
    make_report(action, actual_spent=2_400_000, participants=120)
    hidden = make_action(institution=world.club, title_hy="Չհաստատված սևագիր", published=False)
    session.add(Indicator(objective=world.o11, name_hy="Աշակերտներ", name_en="Pupils", baseline=10, target=20))
    appeal = make_appeal(world.village, institution=world.club,
                         received_dt=datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc), **CANARY)
    appeal.status = AppealStatus.ANSWERED
    appeal.closed_dt = datetime(2026, 4, 10, 8, 0, tzinfo=timezone.utc)
    appeal.due_date = date(2026, 4, 1)
    session.flush()
    return action, hidden, appeal


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_export_has_exactly_the_dictionary_columns_in_csv_and_xlsx(client, filled, name):
    expected = EXPORTS[name].column_names
    rows = read_csv(client.get(f"/open-data/{name}.csv"))
    assert rows[0] == expected
    assert len(rows) > 1 and all(len(r) == len(expected) for r in rows)
    sheet = read_xlsx(client.get(f"/open-data/{name}.xlsx"))
    assert list(sheet[0]) == expected
    assert len(sheet) == len(rows)


def test_dictionary_page_and_json_describe_every_column_in_three_languages(client, filled):
    data = client.get("/open-data/dictionary.json").get_json()
    assert {e["name"]: [c["name"] for c in e["columns"]] for e in data["exports"]} == \
        {n: e.column_names for n, e in EXPORTS.items()}
    for export in data["exports"]:
        for column in export["columns"]:
            assert column["type"] in {"integer", "text", "date", "datetime", "boolean", "decimal"}
            assert all(column["meaning"][lang].strip() for lang in ("hy", "en", "ru")), column["name"]
    html = client.get("/open-data/dictionary?lang=ru").get_data(as_text=True)
    assert "budget_planned_amd" in html and "Плановый бюджет" in html


def test_a_row_with_a_column_outside_the_allowlist_is_refused():
    export = EXPORTS["reports"]
    row = {name: None for name in export.column_names} | {"applicant_email": "x@example.org"}
    with pytest.raises(UnreviewedColumn):
        list(csv_chunks(export, iter([row])))


def test_no_export_contains_personal_data_or_the_appeal_text(client, filled):
    *_, appeal = filled
    for name in EXPORTS:
        for fmt in ("csv", "xlsx"):
            response = client.get(f"/open-data/{name}.{fmt}")
            if fmt == "csv":
                text = response.get_data().decode("utf-8")
            else:
                text = "\n".join(str(v) for row in read_xlsx(response) for v in row)
            for secret in [*CANARY.values(), "Canaryname", "canary-7731", "773 155", "Canarystreet", "Canary"]:
                assert secret not in text, (name, fmt, secret)
    assert appeal.tracking_number in client.get("/open-data/appeals.csv").get_data(as_text=True)


def test_actions_export_has_budget_spending_objectives_and_no_unpublished_drafts(client, filled):
    action, hidden, _ = filled
    rows = read_csv(client.get("/open-data/actions.csv"))
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert [r["id"] for r in body] == [str(action.id)]
    row = body[0]
    assert row["title_hy"] == "Ամառային համերգ"
    assert row["budget_planned_amd"] == "2500000" and row["actual_spent_amd"] == "2400000"
    assert row["objectives"] == "1.1;1.2"
    assert row["institution"] == "music-school" and row["settlement"] == "town"
    assert row["start_date"] == "2026-03-15" and row["status"] == "planned"


def test_appeal_lifecycle_row_counts_days_and_lateness(client, filled):
    *_, appeal = filled
    rows = read_csv(client.get("/open-data/appeals.csv"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["tracking_number"] == appeal.tracking_number
    assert row["status"] == "answered" and row["institution"] == "gosh-club" and row["settlement"] == "gosh"
    assert row["received_dt"] == "2026-03-02T09:30:00Z" and row["closed_dt"] == "2026-04-10T08:00:00Z"
    assert row["response_days"] == "39" and row["late"] == "true"


def test_program_export_lists_every_objective_with_its_indicators(client, filled):
    rows = read_csv(client.get("/open-data/program.csv"))
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert [r["objective_code"] for r in body] == ["1.1", "1.2", "2.1"]
    assert body[0]["indicator_name_hy"] == "Աշակերտներ" and body[0]["target"] == "20.00"
    assert body[1]["indicator_name_hy"] == ""


def test_csv_export_is_streamed_in_chunks(app, filled, client):
    response = client.get("/open-data/actions.csv")
    assert response.is_streamed
    export = EXPORTS["reports"]
    rows = ({name: n for name in export.column_names} for n in range(1200))
    chunks = list(csv_chunks(export, rows, rows_per_chunk=500))
    assert len(chunks) == 3
    assert sum(c.count("\r\n") for c in chunks) == 1201


def test_open_data_page_links_every_download_feed_and_api(client, filled):
    for lang in ("hy", "en", "ru"):
        html = client.get(f"/open-data?lang={lang}").get_data(as_text=True)
        for name in EXPORTS:
            assert f'href="/open-data/{name}.csv"' in html and f'href="/open-data/{name}.xlsx"' in html
        for path in ("/api/v1/openapi.json", "/feeds/schedule.ics", "/feeds/actions.atom", "/open-data/dictionary"):
            assert f'href="{path}"' in html
    assert "Open data" in client.get("/open-data?lang=en").get_data(as_text=True)
