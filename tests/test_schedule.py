"""The schedule: filters as URLs, list and calendar, pagination, and a fixed number of queries."""

from datetime import timedelta

import pytest

from app.schedule.models import ActionStatus


def titles(response):
    html = response.get_data(as_text=True)
    return {line.split(">", 1)[1].split("<", 1)[0] for line in html.split('class="title"')[1:]}


@pytest.fixture
def schedule_world(world, make_action, today):
    month = today.replace(day=1)
    w = world
    w.a_town = make_action(institution=w.school, start=month + timedelta(days=2), title_en="Town concert")
    w.a_gosh = make_action(institution=w.club, settlement=w.village, start=month + timedelta(days=3),
                           title_en="Gosh cleanup", status=ActionStatus.DONE)
    w.a_next = make_action(institution=w.school, start=month + timedelta(days=40), title_en="Next month recital")
    w.a_town.objectives = [w.o11]
    w.a_gosh.objectives = [w.o21]
    return w


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"Town concert", "Gosh cleanup", "Next month recital"}),
        ("settlement=gosh", {"Gosh cleanup"}),
        ("institution=music-school", {"Town concert", "Next month recital"}),
        ("goal=1", {"Town concert"}),
        ("goal=2", {"Gosh cleanup"}),
        ("status=done", {"Gosh cleanup"}),
        ("status=planned&settlement=town", {"Town concert", "Next month recital"}),
    ],
)
def test_filters_select_the_matching_actions(client, schedule_world, query, expected):
    assert titles(client.get(f"/schedule?lang=en&{query}")) == expected


def test_month_filter_keeps_actions_overlapping_that_month(client, schedule_world, make_action, today):
    month = today.replace(day=1)
    make_action(institution=schedule_world.school, start=month - timedelta(days=10), end=month + timedelta(days=5),
                title_en="Long repair")
    got = titles(client.get(f"/schedule?lang=en&month={month:%Y-%m}"))
    assert got == {"Town concert", "Gosh cleanup", "Long repair"}


@pytest.mark.parametrize("query", ["month=2026-13", "status=lost", "settlement=no-such-place", "goal=99",
                                   "view=table", "page=abc", "page=%C2%B2", "settlement=%3Cscript%3E"])
def test_bad_filter_values_are_reported_and_ignored(client, schedule_world, query):
    response = client.get(f"/schedule?lang=en&{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "were not understood and were ignored" in html
    assert "<script>" not in html
    assert len(titles(response)) == 3


def test_summary_counts_and_sums_the_whole_selection(client, schedule_world):
    html = client.get("/schedule?lang=en&institution=music-school").get_data(as_text=True)
    assert "2 actions" in html and "planned budget 2,000,000\u00a0AMD" in html


def test_pagination_walks_through_all_actions(app, client, world, make_action, today):
    for n in range(45):
        make_action(institution=world.school, start=today + timedelta(days=n), title_en=f"Event {n:02d}")
    seen = set()
    for page in (1, 2, 3):
        response = client.get(f"/schedule?lang=en&page={page}")
        seen |= titles(response)
    assert seen == {f"Event {n:02d}" for n in range(45)}
    html = client.get("/schedule?lang=en&page=2").get_data(as_text=True)
    assert 'rel="prev"' in html and 'rel="next"' in html and 'aria-current="page">2<' in html


def test_list_opens_at_the_page_where_today_begins(client, world, make_action, today):
    for n in range(30):
        make_action(institution=world.school, start=today - timedelta(days=60 - n), title_en=f"Past {n:02d}")
    make_action(institution=world.school, start=today + timedelta(days=1), title_en="Tomorrow")
    assert "Tomorrow" in titles(client.get("/schedule?lang=en"))
    assert "Tomorrow" not in titles(client.get("/schedule?lang=en&page=1"))


def test_calendar_puts_actions_on_their_days(client, schedule_world, today):
    month = today.replace(day=1)
    html = client.get(f"/schedule?lang=en&view=calendar&month={month:%Y-%m}").get_data(as_text=True)
    day = (month + timedelta(days=3)).isoformat()
    cell = html[html.index(f'datetime="{day}"'):]
    assert "Gosh cleanup" in cell[: cell.index("</td>")]
    assert "Next month recital" not in html
    nxt = (month + timedelta(days=32)).replace(day=1)
    assert f"month={nxt:%Y-%m}" in html and "view=calendar" in html


def test_calendar_defaults_to_the_current_month(client, schedule_world, today):
    html = client.get("/schedule?lang=en&view=calendar").get_data(as_text=True)
    assert today.strftime("%B %Y") in html
    assert "Town concert" in html


def test_htmx_request_gets_only_the_results(client, schedule_world):
    response = client.get("/schedule?lang=en&settlement=gosh", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    # The results only: no page around them and no filter form (the subscribe form follows the results' filters).
    assert "<html" not in html and "Gosh cleanup" in html and 'class="filters"' not in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("extra", [{"HX-Boosted": "true"}, {"HX-History-Restore-Request": "true"}, {}])
def test_boosted_history_restore_and_plain_requests_get_the_full_page(client, schedule_world, extra):
    headers = {"HX-Request": "true", **extra} if extra else {}
    response = client.get("/schedule?lang=en", headers=headers)
    assert "<html" in response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]


def test_filter_form_works_without_javascript_and_is_wired_for_htmx(client, schedule_world):
    html = client.get("/schedule?lang=en").get_data(as_text=True)
    start = html.index('<form class="filters"')
    form = html[start:html.index("</form>", start)]  # the header's search form closes earlier on the page
    assert 'method="get"' in form and 'action="/schedule"' in form
    assert 'hx-target="#results"' in form and 'hx-push-url="true"' in form
    for name in ("settlement", "institution", "goal", "status", "month", "view"):
        assert f'name="{name}"' in form


@pytest.mark.parametrize("view", ["list", "calendar"])
def test_schedule_query_count_does_not_grow_with_rows(client, session, world, make_action, count_queries, today,
                                                      view):
    def run():
        session.flush()
        with count_queries() as counter:
            assert client.get(f"/schedule?view={view}&month={today:%Y-%m}").status_code == 200
        return len(counter)

    make_action(institution=world.school, start=today)
    few = run()
    for n in range(25):
        make_action(institution=world.club if n % 2 else world.school, settlement=world.village, start=today)
    assert run() == few


def test_program_query_count_does_not_grow_with_rows(client, session, world, make_action, make_report, count_queries,
                                                     today):
    def run():
        session.flush()
        with count_queries() as counter:
            assert client.get("/program").status_code == 200
        return len(counter)

    first = make_action(institution=world.school, start=today)
    first.objectives = [world.o11]
    few = run()
    for n in range(20):
        action = make_action(institution=world.club, settlement=world.village, start=today)
        action.objectives = [world.o11, world.o21]
        make_report(action, actual_spent=1000)
    assert run() == few
