"""The accountability dashboard: known appeals and actions in, figures worked out by hand out; no personal data."""

import csv
import io
from datetime import date, datetime, timedelta, timezone

import pytest
import time_machine
from openpyxl import load_workbook

from app.appeals.models import AppealStatus
from app.dashboard import exports
from app.dashboard.filters import DashboardFilters
from app.dashboard.queries import (
    Share,
    appeals_panel,
    institutions_panel,
    options,
    program_panel,
    resolve,
    settlements_panel,
    wilson_interval,
)
from app.schedule.models import ActionStatus

# "Today" for every test here: Wednesday 15 April 2026, 16:00 in Yerevan.
NOW = datetime(2026, 4, 15, 12, 0, tzinfo=timezone.utc)
TODAY = date(2026, 4, 15)
MARCH = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


MONDAY_MORNING = utc(2026, 3, 2, 6, 0)  # 10:00 in Yerevan


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def make_appeal(make_appeal):
    """The shared factory with this module's defaults: an application received on Monday 2 March 2026, 10:00."""

    def make(settlement, received=MONDAY_MORNING, due=date(2026, 4, 2), status=AppealStatus.RECEIVED,
             closed=None, **fields):
        fields = {"kind": "application", "applicant_name": "Anna Applicant", "applicant_email": "anna@example.am",
                  "subject": "A subject", "text": "The text of the appeal.", **fields}
        return make_appeal(settlement, received_dt=received, due_date=due, status=status, closed_dt=closed, **fields)

    return make


@pytest.fixture
def appeals(world, make_appeal):
    """March 2026 (Monday 2 March is a working day; Sunday 8 March, Women's Day, falls on a weekend).

    Received at 10:00 local (06:00 UTC) unless said otherwise. Closed ones, in calendar / working days:
      a1 town: Mon 2 -> Thu 5 March            3 / 3 (Tue, Wed, Thu)       due 7 March: on time
      a2 town: Mon 2 -> Mon 9 March            7 / 5 (Tue-Fri, Mon)        due 7 March: late
      a3 town: Mon 2 -> Fri 13 March          11 / 9                        due 2 April: on time
      a4 town: Mon 2 -> Mon 2 March, later     0 / 0                        on time
      a5 gosh: received Fri 6 March 21:30 UTC = Sat 7 March 01:30 in Yerevan -> Mon 9 March: 2 / 1 (only Monday)
    Open: a6 town due 20 March (overdue on 15 April), a7 gosh due 24 April (not yet). Withdrawn: a8 gosh.
    Outside March: a9 (February), left out by the date filter.
    """
    w = world
    w.community.dashboard_min_count = 5
    closed = AppealStatus.ANSWERED
    make_appeal(w.centre, due=date(2026, 3, 7), status=closed, closed=utc(2026, 3, 5, 8))
    make_appeal(w.centre, due=date(2026, 3, 7), status=AppealStatus.REJECTED, closed=utc(2026, 3, 9, 8),
                kind="complaint")
    make_appeal(w.centre, status=AppealStatus.FORWARDED, closed=utc(2026, 3, 13, 8), institution_id=w.school.id)
    make_appeal(w.centre, status=closed, closed=utc(2026, 3, 2, 12))
    make_appeal(w.village, received=utc(2026, 3, 6, 21, 30), due=date(2026, 3, 12), status=closed,
                closed=utc(2026, 3, 9, 8), kind="information_request")
    make_appeal(w.centre, received=utc(2026, 3, 10, 6), due=date(2026, 3, 20), status=AppealStatus.REGISTERED,
                applicant_name="Canary Name Zx81q", applicant_email="canary.zx81q@example.am",
                applicant_phone="+374 91 818181", applicant_address="Canary Street Zx81q")
    make_appeal(w.village, received=utc(2026, 3, 25, 6), due=date(2026, 4, 24))
    make_appeal(w.village, received=utc(2026, 3, 12, 6), status=AppealStatus.WITHDRAWN, closed=utc(2026, 3, 13, 6))
    make_appeal(w.centre, received=utc(2026, 2, 20, 6), due=date(2026, 3, 20), status=closed,
                closed=utc(2026, 3, 30, 6))
    return w


def march(app, **args):
    with app.test_request_context():
        opts = options()
        return resolve(DashboardFilters.from_args({**MARCH, **args}, TODAY), opts), opts


def test_wilson_interval_matches_the_published_bounds():
    # 4 of 6 at 95%: the Wilson score interval is 0.3000 to 0.9032 (worked out from the formula).
    low, high = wilson_interval(4, 6)
    assert (round(low, 4), round(high, 4)) == (0.3000, 0.9032)
    low, high = wilson_interval(0, 10)
    assert low == 0 and round(high, 4) == 0.2775
    assert wilson_interval(0, 0) is None


def test_a_share_over_too_few_items_is_not_shown():
    assert not Share(3, 4, min_count=5).shown
    assert Share(4, 5, min_count=5).shown and Share(4, 5, min_count=5).value == 0.8
    assert not Share(0, 0, min_count=1).shown


def test_appeal_figures_match_the_hand_worked_values(app, appeals, frozen):
    filters, opts = march(app)
    with app.test_request_context():
        panel = appeals_panel(filters, opts, TODAY, overdue_list=True, holders=False)
    t = panel.total
    assert (t.received, t.open, t.closed, t.overdue, t.late) == (8, 2, 5, 1, 1)
    assert t.withdrawn == 1 and t.received == t.open + t.closed + t.withdrawn
    # Calendar days [0, 2, 3, 7, 11]: median 3; p90 at rank 3.6 -> 7 + 0.6 * (11 - 7) = 9.4.
    assert (t.median_days, round(t.p90_days, 6)) == (3, 9.4)
    # Working days [0, 1, 3, 5, 9]: median 3; p90 -> 5 + 0.6 * 4 = 7.4.
    assert (t.median_working_days, round(t.p90_working_days, 6)) == (3, 7.4)
    # On time: 4 of the 5 closed and the 1 overdue = 4 of 6.
    share = t.on_time_share
    assert (share.successes, share.total, share.shown) == (4, 6, True)
    assert (round(share.low, 4), round(share.high, 4)) == (0.3000, 0.9032)
    assert [o.days_late for o in panel.overdue] == [26]  # due 20 March, today 15 April
    assert panel.overdue[0].holder is None
    counts = {(b.low, b.high): b.count for b in panel.histogram}
    assert counts[(0, 5)] == 3 and counts[(6, 10)] == 1 and counts[(11, 15)] == 1 and sum(counts.values()) == 5


def test_appeal_figures_by_settlement_hide_small_shares(app, appeals, frozen):
    filters, opts = march(app, by="settlement")
    with app.test_request_context():
        panel = appeals_panel(filters, opts, TODAY)
    town, gosh = panel.groups
    assert town.key.slug == "town" and (town.received, town.closed, town.overdue, town.late) == (5, 4, 1, 1)
    # Town: calendar [0, 3, 7, 11] -> median (3 + 7) / 2 = 5; p90 at rank 2.7 -> 7 + 0.7 * 4 = 9.8.
    assert (town.median_days, round(town.p90_days, 6)) == (5, 9.8)
    assert town.on_time_share.shown and town.on_time_share.value == 3 / 5
    assert (gosh.received, gosh.closed, gosh.median_days, gosh.median_working_days) == (3, 1, 2, 1)
    assert not gosh.on_time_share.shown  # 1 appeal < the minimum of 5


def test_appeal_filters_narrow_by_kind_and_addressee(app, appeals, frozen):
    filters, opts = march(app, kind="complaint")
    with app.test_request_context():
        assert appeals_panel(filters, opts, TODAY).total.received == 1
    filters, opts = march(app, addressee="music-school")
    with app.test_request_context():
        assert appeals_panel(filters, opts, TODAY).total.received == 1
    filters, opts = march(app, addressee="municipality", by="addressee")
    with app.test_request_context():
        panel = appeals_panel(filters, opts, TODAY)
    assert panel.total.received == 7 and panel.groups[0].key is None


@pytest.fixture
def actions(world, make_action, make_report):
    w = world
    done = make_action(w.school, start=date(2026, 3, 10), budget_planned=2_000_000, status=ActionStatus.DONE,
                       objectives=[w.o11, w.o12])
    make_report(done, report_date=date(2026, 3, 12), actual_spent=1_800_000)
    make_action(w.club, start=date(2026, 3, 1), budget_planned=500_000, objectives=[w.o11])
    make_action(w.school, start=date(2026, 3, 20), budget_planned=300_000, status=ActionStatus.CANCELLED,
                status_reason_hy="Չեղարկված")
    make_action(w.school, start=date(2025, 3, 20), budget_planned=9_000_000)  # outside the range
    return w


def test_settlement_shares_per_resident(app, appeals, actions, frozen):
    filters, opts = march(app)
    with app.test_request_context():
        town, gosh = settlements_panel(filters, opts, TODAY)
    # Town, 10,000 residents: 2,000,000 planned (the cancelled action does not count), 1,800,000 spent, 5 appeals.
    assert (town.actions, town.budget_planned, town.spent, town.appeals) == (2, 2_000_000, 1_800_000, 5)
    assert (town.planned_per_resident, town.spent_per_resident, town.appeals_per_thousand) == (200, 180, 0.5)
    # Gosh, 1,115 residents: 500,000 / 1,115 = 448.43 drams each; 3 appeals -> 2.69 per 1,000.
    assert round(gosh.planned_per_resident, 2) == 448.43 and gosh.spent_per_resident == 0
    assert round(gosh.appeals_per_thousand, 2) == 2.69


def test_program_coverage_counts_each_action_once_per_goal(app, actions, frozen):
    filters, _ = march(app)
    with app.test_request_context():
        panel = program_panel(filters)
    w = actions
    o11, o12, o21 = (panel.by_objective[o.id] for o in (w.o11, w.o12, w.o21))
    assert (o11.actions, o11.done, o11.planned, o11.spent) == (2, 1, 2_500_000, 1_800_000)
    assert o11.done_share == 0.5 and o12.done_share == 1
    goal1 = panel.by_goal[w.goal1.id]
    assert (goal1.actions, goal1.planned, goal1.spent) == (2, 2_500_000, 1_800_000)  # not 3: one action, two objectives
    assert o21.actions == 0 and [o.code for o in panel.uncovered] == ["2.1"]
    assert (panel.covered, panel.objectives, panel.total.actions) == (2, 3, 2)


def test_institutions_are_ranked_by_the_lower_bound_of_reporting(app, world, make_action, make_report, frozen):
    w = world
    # The school reported 9 of 10 ended actions on time; the club its only one. 1/1 has the higher share but the
    # lower bound (0.21 against 0.60), so the school ranks first.
    for day in range(1, 11):
        action = make_action(w.school, start=date(2026, 3, day), status=ActionStatus.DONE)
        if day <= 9:
            make_report(action, report_date=date(2026, 3, day + 2))
    club = make_action(w.club, start=date(2026, 3, 2), status=ActionStatus.DONE)
    make_report(club, report_date=date(2026, 3, 3), actual_spent=1_200_000)
    filters, opts = march(app)
    with app.test_request_context():
        school, club_record = institutions_panel(filters, opts, TODAY)
    assert school.institution.slug == "music-school" and school.rank == 1 and club_record.rank == 2
    assert (school.reporting.successes, school.reporting.total, school.reports_overdue) == (9, 10, 1)
    assert (club_record.spent, club_record.planned_of_reported, club_record.variance) == (1_200_000, 1_000_000,
                                                                                           200_000)
    assert club_record.days_since_report == 43  # 3 March to 15 April


# --- pages, permissions and privacy ---------------------------------------------------------------------------

CANARIES = ("Canary Name Zx81q", "canary.zx81q@example.am", "+374 91 818181", "Canary Street Zx81q")
PANELS = ("appeals", "institutions", "program", "settlements")


def _dashboard_urls(prefix, export_prefix, tables):
    query = "?date_from=2026-03-01&date_to=2026-03-31"
    urls = [prefix + query] + [f"{prefix}/{panel}{query}" for panel in PANELS]
    urls += [f"{export_prefix}/{table}.{fmt}{query}" for table in tables for fmt in ("csv", "xlsx")]
    return urls


def _text_of(response):
    if response.mimetype.endswith("spreadsheetml.sheet"):
        book = load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row)
    return response.get_data(as_text=True)


def test_viewers_and_the_public_never_see_personal_data(client, auth, make_user, appeals, actions, frozen):
    public = _dashboard_urls("/accountability", "/accountability/export",
                             [t for t in exports.COLUMNS if t not in exports.STAFF_ONLY])
    for url in public:
        for htmx in (False, True):
            response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
            assert response.status_code == 200, url
            text = _text_of(response)
            assert not any(canary in text for canary in CANARIES), url
    viewer = make_user(roles=(("viewer", None),), full_name="Vera Viewer")
    make_user(roles=(("officer", None),), full_name="Oscar Holder Qx7")
    auth.login(viewer)
    for url in _dashboard_urls("/staff/dashboard", "/staff/dashboard/export", list(exports.COLUMNS)):
        for htmx in (False, True):
            response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
            assert response.status_code == 200, url
            text = _text_of(response)
            assert not any(canary in text for canary in CANARIES), url


def test_officers_see_who_holds_an_overdue_appeal_and_viewers_do_not(client, auth, make_user, appeals, session,
                                                                     frozen):
    from sqlalchemy import select

    from app.appeals.models import Appeal

    officer = make_user(roles=(("officer", None),), full_name="Oscar Holder Qx7")
    overdue = session.scalar(select(Appeal).where(Appeal.due_date == date(2026, 3, 20),
                                                  Appeal.status == AppealStatus.REGISTERED))
    overdue.assignee_id = officer.id
    session.flush()
    url = "/staff/dashboard/appeals?date_from=2026-03-01&date_to=2026-03-31"
    auth.login(officer)
    html = client.get(url).get_data(as_text=True)
    assert "Oscar Holder Qx7" in html and f'href="/staff/appeals/{overdue.tracking_number}"' in html
    auth.logout()
    auth.login(make_user(roles=(("viewer", None),)))
    html = client.get(url).get_data(as_text=True)
    assert overdue.tracking_number in html and "Oscar Holder Qx7" not in html
    assert f'href="/staff/appeals/{overdue.tracking_number}"' not in html


def test_staff_dashboard_is_for_viewers_officers_and_admins(client, auth, make_user, world):
    assert client.get("/staff/dashboard").status_code == 302
    assert client.get("/staff/dashboard/appeals", headers={"HX-Request": "true"}).status_code == 401
    assert client.get("/staff/dashboard/export/lifecycle.csv").status_code == 302
    auth.login(make_user(roles=(("editor", world.school),)))
    assert client.get("/staff/dashboard").status_code == 403
    assert client.get("/staff/dashboard/export/lifecycle.csv").status_code == 403
    auth.logout()
    for role in ("viewer", "officer", "admin"):
        auth.login(make_user(roles=((role, None),)))
        response = client.get("/staff/dashboard")
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
        auth.logout()


def test_the_public_page_has_no_per_appeal_tables(client, appeals, frozen):
    assert client.get("/accountability/export/lifecycle.csv").status_code == 404
    assert client.get("/accountability/export/overdue.csv").status_code == 404
    html = client.get("/accountability?date_from=2026-03-01&date_to=2026-03-31&lang=en").get_data(as_text=True)
    assert "TST-2026-" not in html and "Overdue now" in html


def test_every_public_page_links_to_the_accountability_page(client, world):
    for path in ("/", "/schedule", "/program", "/institutions", "/appeals/new"):
        assert 'href="/accountability"' in client.get(path).get_data(as_text=True), path


def test_filters_are_in_the_url_and_htmx_gets_only_the_panels(client, appeals, frozen):
    url = "/accountability?date_from=2026-03-01&date_to=2026-03-31&settlement=gosh&by=kind&lang=en"
    page = client.get(url)
    html = page.get_data(as_text=True)
    assert page.headers["Vary"] == "Cookie, HX-Request" or "HX-Request" in page.headers["Vary"]
    assert '<option value="gosh" selected>' in html and 'value="2026-03-01"' in html
    assert "<html" in html and 'id="dashboard-panels"' in html
    partial = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in partial and 'id="panel-appeals"' in partial and "<form" not in partial
    # Gosh received 3 appeals in March: the headline says so.
    assert '<dt>Received</dt><dd>3</dd>' in partial


def test_unknown_filters_are_reported_not_fatal(client, world):
    response = client.get("/accountability?date_from=tomorrow&settlement=atlantis&kind=spell&by=colour&lang=en")
    assert response.status_code == 200
    assert "Some filters were not understood" in response.get_data(as_text=True)
    assert client.get("/accountability/nonsense").status_code == 404
    assert client.get("/accountability/export/nonsense.csv").status_code == 404


def test_charts_are_svg_with_a_title_and_a_data_table(client, appeals, actions, frozen):
    html = client.get("/accountability?date_from=2026-03-01&date_to=2026-03-31&lang=en").get_data(as_text=True)
    for chart in ("chart-appeals-trend", "chart-appeals-histogram", "chart-appeals-ontime",
                  "chart-institutions-budget", "chart-settlements-per-resident"):
        assert '<svg class="chart' in html and f'id="{chart}"' in html and f'id="{chart}-t"' in html, chart
    assert "<details class=\"data-table\">" in html and "style=" not in html


# --- exports --------------------------------------------------------------------------------------------------

# The reviewed columns of every export. A new column must be added here on purpose, after checking that it carries
# no personal data.
REVIEWED_COLUMNS = {
    "appeals": ("group", "received", "open", "closed", "withdrawn", "overdue", "answered_late", "on_time_share",
                "on_time_low", "on_time_high", "median_days", "p90_days", "median_working_days",
                "p90_working_days"),
    "response_times": ("days_from", "days_to", "appeals"),
    "overdue": ("tracking_number", "kind", "settlement", "addressee", "received_dt", "due_date", "days_late"),
    "lifecycle": ("tracking_number", "kind", "channel", "settlement", "addressee", "status", "received_dt",
                  "registered_dt", "first_action_dt", "extended_dt", "closed_dt", "due_date", "original_due_date",
                  "calendar_days", "working_days", "late"),
    "institutions": ("rank", "institution", "actions", "planned", "done", "postponed", "cancelled",
                     "reports_overdue", "budget_planned", "spent", "planned_of_reported", "variance",
                     "last_report", "days_since_report", "reported_on_time", "due_for_report",
                     "reported_on_time_low"),
    "program": ("level", "code", "actions", "done", "cancelled", "done_share", "budget_planned", "spent"),
    "settlements": ("settlement", "population", "actions", "budget_planned", "spent", "planned_per_resident",
                    "spent_per_resident", "appeals", "appeals_per_1000"),
}


def test_export_columns_are_the_reviewed_ones():
    assert exports.COLUMNS == REVIEWED_COLUMNS


def test_every_export_writes_exactly_its_reviewed_columns(client, auth, make_user, appeals, actions, frozen):
    auth.login(make_user(roles=(("viewer", None),)))
    for table, columns in REVIEWED_COLUMNS.items():
        response = client.get(f"/staff/dashboard/export/{table}.csv?date_from=2026-03-01&date_to=2026-03-31")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert "attachment" in response.headers["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
        assert tuple(rows[0]) == columns and len(rows) > 1, table
        assert all(len(row) == len(columns) for row in rows), table
        book = load_workbook(io.BytesIO(client.get(
            f"/staff/dashboard/export/{table}.xlsx?date_from=2026-03-01&date_to=2026-03-31").data), read_only=True)
        header = next(book.active.iter_rows(values_only=True))
        assert tuple(header) == columns, table


def test_lifecycle_export_has_every_timestamp_and_the_response_time(client, auth, make_user, appeals, frozen):
    auth.login(make_user(roles=(("viewer", None),)))
    text = client.get("/staff/dashboard/export/lifecycle.csv?date_from=2026-03-01&date_to=2026-03-31")
    rows = list(csv.DictReader(io.StringIO(text.get_data(as_text=True))))
    assert len(rows) == 8
    gosh_late_night = next(r for r in rows if r["kind"] == "information_request")
    assert gosh_late_night["received_dt"].startswith("2026-03-06T21:30")
    assert (gosh_late_night["calendar_days"], gosh_late_night["working_days"], gosh_late_night["late"]) == (
        "2", "1", "False")
    assert sum(r["late"] == "True" for r in rows) == 2  # one answered late, one overdue now


def test_appeals_export_hides_a_share_below_the_minimum(client, appeals, frozen):
    text = client.get("/accountability/export/appeals.csv?date_from=2026-03-01&date_to=2026-03-31&by=settlement")
    rows = {r["group"]: r for r in csv.DictReader(io.StringIO(text.get_data(as_text=True)))}
    assert rows["all"]["on_time_share"] == "0.6667" and rows["all"]["on_time_low"] == "0.3"
    assert rows["town"]["on_time_share"] == "0.6" and rows["gosh"]["on_time_share"] == ""
    # Received = open + closed + withdrawn in every row (Gosh's one withdrawn appeal is counted, not lost).
    assert {g: (r["received"], r["open"], r["closed"], r["withdrawn"]) for g, r in rows.items()} == {
        "town": ("5", "1", "4", "0"), "gosh": ("3", "1", "1", "1"), "all": ("8", "2", "5", "1")}


@pytest.mark.parametrize("lang, sentences", [
    ("en", ["Received 8 = open 2 + closed 5 + withdrawn 1.",
            "Median: half of the closed appeals were answered within 3 days, the other half took longer.",
            "90th percentile: nine in ten closed appeals were answered within 9 days, one in ten took longer.",
            "the true share very likely (19 times in 20) lies between 30% and 90%."]),
    ("hy", ["Ստացված՝ 8 = բաց՝ 2 + փակված՝ 5 + հետ կանչված՝ 1։", "Մեդիան. փակված դիմումների կեսին պատասխանել են 3 օր",
            "90-րդ պերցենտիլ. տասը փակված դիմումից իննին պատասխանել են 9 օր", "30%-ի և 90%-ի միջև"]),
    ("ru", ["Получено 8 = открыто 2 + закрыто 5 + отозвано 1.",
            "Медиана: половина закрытых обращений получила ответ за 3 дня или быстрее",
            "90-й процентиль: девять из десяти закрытых обращений получили ответ за 9 дней или быстрее",
            "лежит между 30\u00a0% и 90\u00a0%"]),
])
def test_the_public_page_explains_each_figure_in_a_plain_sentence(client, appeals, frozen, lang, sentences):
    html = client.get(f"/accountability?date_from=2026-03-01&date_to=2026-03-31&lang={lang}").get_data(as_text=True)
    explain = html[html.index('<ul class="explain"'):]
    explain = explain[:explain.index("</ul>")]
    for sentence in sentences:
        assert sentence in explain
    # Each headline figure points at its sentence, for screen readers; the sentences need no script to show.
    for target in ("explain-withdrawn", "explain-median", "explain-p90", "explain-interval"):
        assert f'aria-describedby="{target}"' in html and f'id="{target}"' in explain


def test_without_closed_appeals_the_sentences_say_so_instead_of_a_number(client, world, frozen):
    html = client.get("/accountability?date_from=2026-03-01&date_to=2026-03-31&lang=en").get_data(as_text=True)
    assert "Received 0 = open 0 + closed 0 + withdrawn 0." in html
    assert "(nothing is closed yet here)" in html and "Below 5 appeals no share is shown at all." not in html


# --- the admin's setting --------------------------------------------------------------------------------------


def test_admin_sets_the_minimum_count(client, auth, make_user, world, session):
    from tests.fixtures.accounts import csrf_token

    auth.login(make_user())
    token = csrf_token(client, "/admin/dashboard")
    bad = client.post("/admin/dashboard", data={"csrf_token": token, "min_count": "0"})
    assert bad.status_code == 422
    ok = client.post("/admin/dashboard", data={"csrf_token": token, "min_count": "25"})
    assert ok.status_code == 302
    session.refresh(world.community)
    assert world.community.dashboard_min_count == 25


def test_only_admins_change_the_dashboard_settings(client, auth, make_user, world):
    auth.login(make_user(roles=(("officer", None),)))
    assert client.get("/admin/dashboard").status_code == 403


# --- the stored figures stay right (app/dashboard/tally.py) -----------------------------------------------------


def test_a_new_holiday_changes_the_working_days_the_dashboard_shows(client, auth, make_user, appeals, app, frozen):
    from tests.fixtures.accounts import csrf_token

    filters, opts = march(app)
    with app.test_request_context():
        before = appeals_panel(filters, opts, TODAY).total
    assert (before.median_working_days, round(before.p90_working_days, 6)) == (3, 7.4)
    auth.login(make_user(roles=(("admin", None),)))
    # Wednesday 4 March becomes a day off: the three town appeals answered on 5, 9 and 13 March took one working
    # day less. Working days [0, 1, 2, 4, 8]: median 2; p90 -> 4 + 0.6 * 4 = 6.4. Calendar days do not move.
    response = client.post("/admin/calendar/new", data={
        "csrf_token": csrf_token(client, "/admin/calendar/new"), "day": "2026-03-04", "kind": "holiday",
        "note_hy": "Համայնքի օր", "note_en": "Community day"})
    assert response.status_code == 302
    # The month as a whole (the tally) and a range of days inside it (the appeals themselves) agree.
    for args in ({}, {"date_from": "2026-03-02", "date_to": "2026-03-30"}):
        filters, opts = march(app, **args)
        with app.test_request_context():
            after = appeals_panel(filters, opts, TODAY).total
        assert (after.median_working_days, round(after.p90_working_days, 6)) == (2, 6.4), args
        assert (after.median_days, round(after.p90_days, 6)) == (3, 9.4), args
    auth.logout()
    text = client.get("/accountability/export/appeals.csv?date_from=2026-03-01&date_to=2026-03-31")
    rows = {r["group"]: r for r in csv.DictReader(io.StringIO(text.get_data(as_text=True)))}
    assert float(rows["all"]["median_working_days"]) == 2


def _plain_figures(app, session, start, end, today, addressee=None):
    """The appeals' figures worked out one appeal at a time in Python, from the lifecycle columns only."""
    from sqlalchemy import select

    from app.appeals.deadlines import local_date
    from app.appeals.models import OPEN_STATUSES, Appeal
    from app.dashboard.queries import CLOSED_STATUSES, percentile
    from app.workdays.queries import non_working_days

    with app.test_request_context():
        off = non_working_days(date(2025, 1, 1), date(2027, 1, 1))
    received = closed = opened = overdue = late = 0
    calendar, working = {}, {}
    for appeal in session.scalars(select(Appeal)):
        day = local_date(appeal.received_dt, "Asia/Yerevan")
        if not start <= day <= end or addressee not in (None, appeal.institution_id):
            continue
        received += 1
        if appeal.status in OPEN_STATUSES:
            opened += 1
            overdue += appeal.due_date < today
        elif appeal.status in CLOSED_STATUSES:
            closed_day = local_date(appeal.closed_dt, "Asia/Yerevan")
            cal = (closed_day - day).days
            work = sum(1 for n in range(1, cal + 1) if day + timedelta(days=n) not in off)
            calendar[cal] = calendar.get(cal, 0) + 1
            working[work] = working.get(work, 0) + 1
            closed += 1
            late += closed_day > appeal.due_date
    return (received, opened, closed, overdue, late, percentile(calendar, 0.5), percentile(calendar, 0.9),
            percentile(working, 0.5), percentile(working, 0.9))


def test_stored_figures_equal_a_plain_recomputation_after_random_lifecycle_steps(
        app, world, session, make_appeal, make_action, make_report, make_user, frozen):
    import random

    from sqlalchemy import select, text

    from app.appeals.models import Appeal
    from app.dashboard.tally import rebuild
    from app.schedule.models import Action, Report
    from app.workdays.services import create_override, delete_override

    rng = random.Random(20260415)
    w = world
    admin = make_user(roles=(("admin", None),))
    settlements, kinds = [w.centre, w.village], ["application", "complaint", "proposal", "information_request"]
    statuses = list(AppealStatus)
    actions = [make_action(rng.choice([w.school, w.club]), start=date(2026, 3, rng.randint(1, 28)))
               for _ in range(6)]
    overrides = []

    def moment(low=date(2026, 1, 25), days=100):
        day = low + timedelta(days=rng.randrange(days))
        return utc(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60))

    def close(appeal, status):
        appeal.status = status
        appeal.closed_dt = appeal.received_dt + timedelta(hours=rng.randrange(1, 24 * 25))

    for _step in range(160):
        live = list(session.scalars(select(Appeal)))
        step = rng.random()
        if step < 0.3 or not live:
            status = rng.choice(statuses)
            appeal = make_appeal(rng.choice(settlements), received=moment(), kind=rng.choice(kinds),
                                 status=AppealStatus.RECEIVED, due=date(2026, 3, rng.randint(1, 31)),
                                 institution_id=rng.choice([None, w.school.id]))
            if status != AppealStatus.RECEIVED:
                close(appeal, status)
        elif step < 0.5:
            close(rng.choice(live), rng.choice(statuses[3:]))  # answered, rejected, forwarded or withdrawn
        elif step < 0.55:
            appeal = rng.choice(live)
            appeal.status, appeal.closed_dt = AppealStatus.IN_REVIEW, None
        elif step < 0.62:
            rng.choice(live).settlement_id = rng.choice(settlements).id
        elif step < 0.67:
            rng.choice(live).kind = rng.choice(kinds)
        elif step < 0.72:
            rng.choice(live).due_date = date(2026, 3, rng.randint(1, 31))
        elif step < 0.76:
            session.delete(rng.choice(live))
        elif step < 0.8:
            appeal = rng.choice(live)
            appeal.received_dt = moment()
            if appeal.closed_dt is not None:
                appeal.closed_dt = appeal.received_dt + timedelta(hours=rng.randrange(1, 24 * 25))
        elif step < 0.86:
            session.flush()
            with app.test_request_context():
                if overrides and rng.random() < 0.4:
                    from app.extensions import db
                    delete_override(db.session.merge(overrides.pop()), admin)
                else:
                    day = date(2026, 2, 2) + timedelta(days=rng.randrange(80))
                    from app.workdays.queries import get_override_on, is_non_working_by_law
                    if get_override_on(day) is None:
                        kind = "workday" if is_non_working_by_law(day) else "holiday"
                        overrides.append(create_override({"day": day, "kind": kind, "note_hy": "Օր"}, admin))
            session.expire_all()
        else:
            action = rng.choice(actions)
            reports = list(session.scalars(select(Report).where(Report.action_id == action.id)))
            choice = rng.random()
            if choice < 0.5 or not reports:
                make_report(action, report_date=date(2026, 3, rng.randint(1, 31)),
                            actual_spent=rng.choice([None, rng.randrange(0, 900_000, 1000)]),
                            published=rng.random() < 0.8)
            elif choice < 0.7:
                report = rng.choice(reports)
                report.published = not report.published
            elif choice < 0.85:
                rng.choice(reports).actual_spent = rng.randrange(0, 900_000, 1000)
            else:
                session.delete(rng.choice(reports))
        session.flush()

    # 1. What the ORM listener and the calendar signal kept equals a recomputation from scratch.
    def stored():
        connection = session.connection()
        return (
            connection.execute(text("SELECT id, received_day, received_month, response_calendar_days, "
                                    "response_working_days, answered_late FROM appeal ORDER BY id")).all(),
            connection.execute(text("SELECT month, calendar_days, working_days, settlement_id, kind, appeals, late "
                                    "FROM appeal_month_tally WHERE appeals != 0 ORDER BY 1, 2, 3, 4, 5")).all(),
            connection.execute(text("SELECT id, reported_spent, first_report_date, last_report_date FROM action "
                                    "ORDER BY id")).all(),
        )

    kept = stored()
    assert len(kept[0]) > 30 and any(row[4] is not None for row in kept[0])
    nested = session.begin_nested()
    with app.test_request_context():
        rebuild(session.connection(), TODAY)
    assert stored() == kept
    nested.rollback()
    # Reported spending, from the reports themselves.
    for action in session.scalars(select(Action).where(Action.id.in_([a.id for a in actions]))):
        published = [r for r in session.scalars(select(Report).where(Report.action_id == action.id)) if r.published]
        spent = [r.actual_spent for r in published if r.actual_spent is not None]
        assert action.reported_spent == (sum(spent) if spent else None)
        assert action.first_report_date == min((r.report_date for r in published), default=None)

    # 2. The dashboard's figures (from the tally, from the appeals, and both) equal the plain computation.
    for start, end, args in ((date(2026, 2, 1), date(2026, 4, 30), {}),
                             (date(2026, 2, 10), date(2026, 4, 20), {}),
                             (date(2026, 3, 1), date(2026, 3, 31), {"addressee": "music-school"})):
        query = {"date_from": start.isoformat(), "date_to": end.isoformat(), **args}
        with app.test_request_context():
            opts = options()
            filters = resolve(DashboardFilters.from_args(query, TODAY), opts)
            t = appeals_panel(filters, opts, TODAY).total
        expected = _plain_figures(app, session, start, end, TODAY, w.school.id if args else None)
        assert (t.received, t.open, t.closed, t.overdue, t.late, t.median_days, t.p90_days, t.median_working_days,
                t.p90_working_days) == pytest.approx(expected), query


def test_program_figures_equal_the_program_pages_counting(app, world, make_action, make_report, frozen):
    import random

    from app.program.queries import get_current_program, program_progress

    rng = random.Random(11)
    w = world
    objectives = [w.o11, w.o12, w.o21]
    for _ in range(40):
        linked = rng.sample(objectives, rng.randint(0, 3))  # none, one, or several goals and objectives
        action = make_action(rng.choice([w.school, w.club]), start=date(2026, rng.randint(1, 12), 1),
                             budget_planned=rng.randrange(0, 900_000, 1000), objectives=linked,
                             status=rng.choice(list(ActionStatus)), status_reason_hy="Պատճառ")
        if rng.random() < 0.5:
            make_report(action, actual_spent=rng.choice([None, rng.randrange(0, 900_000, 1000)]),
                        published=rng.random() < 0.8)
    with app.test_request_context():
        filters = resolve(DashboardFilters.from_args({"date_from": "2026-01-01"}, TODAY), options())
        panel = program_panel(filters)
        expected = program_progress(get_current_program())

    def figures(tally):
        return tally.actions, tally.done, tally.cancelled, tally.planned, tally.spent

    assert figures(panel.total) == figures(expected.total) and panel.total.actions > 20
    assert {k: figures(v) for k, v in panel.by_goal.items()} == {k: figures(v) for k, v in expected.by_goal.items()}
    assert {k: figures(v) for k, v in panel.by_objective.items()} == {
        k: figures(v) for k, v in expected.by_objective.items()}
