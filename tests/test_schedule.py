"""The schedule: filters as URLs, list and calendar, pagination, and a fixed number of queries."""

from datetime import timedelta

import pytest

from app.schedule.models import ActionStatus


def titles(response):
    html = response.get_data(as_text=True)
    return {line.split(">", 1)[1].split("<", 1)[0] for line in html.split('class="title"')[1:]}


@pytest.fixture
def schedule_world(world, make_action, today):
    # Today's and a later month's actions: all of them are in the list that opens at today, whatever the date.
    w = world
    w.a_town = make_action(institution=w.school, start=today, title_en="Town concert")
    w.a_gosh = make_action(institution=w.club, settlement=w.village, start=today,
                           title_en="Gosh cleanup", status=ActionStatus.DONE)
    w.a_next = make_action(institution=w.school, start=today + timedelta(days=40), title_en="Next month recital")
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
                                   "view=table", "when=later", "page=abc", "page=%C2%B2", "settlement=%3Cscript%3E"])
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


@pytest.fixture
def busy_past(world, make_action, today):
    """Thirty finished actions, one that began ten days ago and runs on, and one tomorrow."""
    for n in range(30):
        make_action(institution=world.school, start=today - timedelta(days=60 - n), title_en=f"Past {n:02d}")
    make_action(institution=world.school, start=today - timedelta(days=10), end=today + timedelta(days=5),
                title_en="Long repair")
    make_action(institution=world.school, start=today + timedelta(days=1), title_en="Tomorrow")
    return world


def ordered_titles(response):
    html = response.get_data(as_text=True)
    return [part.split(">", 1)[1].split("<", 1)[0] for part in html.split('class="title"')[1:]]


def test_list_opens_with_what_has_not_ended_yet(client, busy_past):
    response = client.get("/schedule?lang=en")
    # A multi-week action still running comes first, then what is to come; nothing finished is in the way.
    assert ordered_titles(response) == ["Long repair", "Tomorrow"]
    html = response.get_data(as_text=True)
    assert '<span aria-current="page">Now and coming <span class="count">(2)</span></span>' in html
    assert '<a href="/schedule?when=past">Past <span class="count">(30)</span></a>' in html


def test_page_one_of_the_list_is_the_same_as_the_list_without_a_page(client, busy_past):
    assert ordered_titles(client.get("/schedule?lang=en&page=1")) == ["Long repair", "Tomorrow"]


def test_past_view_lists_finished_actions_latest_first_in_pages_of_their_own(client, busy_past):
    first = ordered_titles(client.get("/schedule?lang=en&when=past"))
    assert first == [f"Past {n:02d}" for n in range(29, 9, -1)]
    second = client.get("/schedule?lang=en&when=past&page=2")
    assert ordered_titles(second) == [f"Past {n:02d}" for n in range(9, -1, -1)]
    html = second.get_data(as_text=True)
    # Its pagination keeps to the past, and the way back to today is one link.
    assert 'href="/schedule?when=past&amp;page=1"' in html
    assert '<a href="/schedule">Now and coming <span class="count">(2)</span></a>' in html


def test_past_view_keeps_the_other_filters_and_the_filter_form_keeps_the_past(client, busy_past, make_action,
                                                                                today):
    make_action(institution=busy_past.club, settlement=busy_past.village, start=today - timedelta(days=3),
                title_en="Gosh fair")
    response = client.get("/schedule?lang=en&when=past&settlement=gosh")
    assert ordered_titles(response) == ["Gosh fair"]
    html = response.get_data(as_text=True)
    form = html[html.index('<form class="filters"'):]
    assert '<input type="hidden" name="when" value="past">' in form[:form.index("</form>")]


def test_a_month_lists_all_of_itself_whatever_the_period(client, busy_past, today):
    month = (today - timedelta(days=45)).replace(day=1)
    got = ordered_titles(client.get(f"/schedule?lang=en&month={month:%Y-%m}&when=past"))
    assert got and all(title.startswith("Past") for title in got)
    html = client.get(f"/schedule?lang=en&month={month:%Y-%m}").get_data(as_text=True)
    assert 'class="period-switch"' not in html


def test_subscription_and_feed_links_from_the_past_view_carry_no_period(client, busy_past):
    html = client.get("/schedule?lang=en&when=past").get_data(as_text=True)
    feed = html[html.index('<p class="feeds">'):]
    assert "when=" not in feed[:feed.index("</p>")]
    subscribe = html[html.index('class="subscribe-form"'):]
    assert "when" not in subscribe[:subscribe.index("</form>")]


def test_calendar_puts_actions_on_their_days(client, schedule_world, today):
    month = today.replace(day=1)
    html = client.get(f"/schedule?lang=en&view=calendar&month={month:%Y-%m}").get_data(as_text=True)
    day = today.isoformat()
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
    for _ in range(20):
        action = make_action(institution=world.club, settlement=world.village, start=today)
        action.objectives = [world.o11, world.o21]
        make_report(action, actual_spent=1000)
    assert run() == few
