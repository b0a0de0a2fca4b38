"""Every public page renders, in every language, with the facts a resident came for."""

from datetime import timedelta

import pytest

from app.schedule.models import ActionStatus

LANGS = ("hy", "en", "ru")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["/", "/schedule", "/schedule?view=calendar", "/program", "/institutions",
                                  "/institutions/music-school", "/settlements/gosh", "/actions/{action}"])
def test_public_page_renders_in_every_language(client, world, make_action, today, path, lang):
    action = make_action(institution=world.school, start=today)
    url = path.format(action=action.id)
    response = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert 'href="#main"' in html  # skip link


def test_home_shows_this_week_per_settlement_and_latest_reports(client, world, make_action, make_report, today):
    make_action(institution=world.club, settlement=world.village, start=today, title_hy="Գյուղի տոն",
                title_en="Village feast")
    past = make_action(institution=world.school, start=today - timedelta(days=20), title_hy="Համերգ",
                       title_en="Spring concert", status=ActionStatus.DONE)
    make_report(past, report_date=today - timedelta(days=18), actual_spent=950_000)
    html = client.get("/?lang=en").get_data(as_text=True)
    gosh = html[html.index('id="week-gosh"'):]
    assert "Village feast" in gosh[: gosh.index("</section>")]
    town = html[html.index('id="week-town"'):]
    assert "Nothing scheduled this week." in town[: town.index("</section>")]
    assert "Spring concert" in html  # latest reports
    assert "950,000\u00a0AMD" in html


def test_home_shows_a_running_action_with_its_whole_run(client, world, make_action, today):
    from datetime import date
    start, end = today - timedelta(days=40), today + timedelta(days=20)
    make_action(institution=world.club, settlement=world.village, start=start, end=end, title_en="Road repair")
    html = client.get("/?lang=en").get_data(as_text=True)
    gosh = html[html.index('id="week-gosh"'):]
    gosh = gosh[: gosh.index("</section>")]

    def day(d: date):
        return f"{d.day} {d:%B}" if d.year == today.year else f"{d.day} {d:%B} {d.year}"
    assert f"{day(start)} – {day(end)}" in gosh


def test_action_page_shows_budget_objectives_reports_and_reason(client, world, make_action, make_report, today):
    action = make_action(institution=world.school, start=today - timedelta(days=10), budget_planned=12_000_000,
                         status=ActionStatus.DONE, venue_hy="Մշակույթի տուն")
    action.objectives = [world.o11]
    make_report(action, actual_spent=15_000_000, participants=420, body_hy="Անցավ հաջող", body_en=None)
    html = client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert "12\u00a0000\u00a0000\u00a0֏" in html
    assert "15\u00a0000\u00a0000\u00a0֏" in html
    assert "3\u00a0000\u00a0000\u00a0֏" in html  # over budget by three million
    assert "Խնդիր 1.1" in html
    assert "Անցավ հաջող" in html and "420" in html
    assert "Մշակույթի տուն" in html

    cancelled = make_action(institution=world.school, status=ActionStatus.CANCELLED, start=today,
                            status_reason_hy="Եղանակի պատճառով", status_reason_en="Because of the weather")
    html = client.get(f"/actions/{cancelled.id}?lang=en").get_data(as_text=True)
    assert "Cancelled" in html and "Because of the weather" in html


def test_ended_action_without_report_says_so(client, world, make_action, today):
    action = make_action(institution=world.school, start=today - timedelta(days=30))
    html = client.get(f"/actions/{action.id}?lang=en").get_data(as_text=True)
    assert "no report has been published yet" in html


def test_missing_action_institution_and_settlement_are_404(client, world):
    for path in ("/actions/999999", "/institutions/nope", "/settlements/nope"):
        response = client.get(path + "?lang=en")
        assert response.status_code == 404
        assert "Page not found" in response.get_data(as_text=True)


def test_institution_page_shows_plan_links_and_reporting_record(client, world, make_action, make_report, make_plan,
                                                                today):
    make_plan(world.school, objectives=[world.o12], mission_en="Music for every child")
    reported = make_action(institution=world.school, start=today - timedelta(days=40), status=ActionStatus.DONE)
    make_report(reported, report_date=today - timedelta(days=38))
    make_action(institution=world.school, start=today - timedelta(days=30), status=ActionStatus.DONE)  # overdue
    make_action(institution=world.school, start=today - timedelta(days=2))  # within the grace period
    html = client.get("/institutions/music-school?lang=en").get_data(as_text=True)
    assert "Music for every child" in html
    assert 'href="/program#objective-1.2"' in html
    record = html[html.index('id="record-h"'):html.index('id="plan-h"')]
    assert "1 of 3" in record  # three finished actions, one reported
    overdue = record[record.index("Reports overdue"):]
    assert "<dd>1</dd>" in overdue[:80]


def test_program_page_counts_each_action_once_per_goal_and_lists_uncovered(client, world, make_action, make_report,
                                                                            today):
    both = make_action(institution=world.school, budget_planned=10_000_000, status=ActionStatus.DONE,
                       start=today - timedelta(days=5))
    both.objectives = [world.o11, world.o12]
    make_report(both, actual_spent=9_000_000)
    cancelled = make_action(institution=world.school, budget_planned=4_000_000, status=ActionStatus.CANCELLED,
                            start=today)
    cancelled.objectives = [world.o11]
    html = client.get("/program?lang=en").get_data(as_text=True)
    goal1 = html[html.index('id="goal-1"'):html.index('id="goal-2"')]
    # Goal 1: two actions (not three), ten million planned (the cancelled one does not count), nine spent.
    assert "2 actions" in goal1
    assert "planned 10,000,000\u00a0AMD" in goal1
    assert "spent 9,000,000\u00a0AMD" in goal1
    assert "done 100%" in goal1
    uncovered = html[html.index('id="uncovered-h"'):]
    assert "1 objective has no action yet" in uncovered
    assert "2.1 Objective 2.1" in uncovered[: uncovered.index("</section>")]


def test_settlement_page_shows_population_and_per_resident_budget(client, world, make_action, today):
    make_action(institution=world.club, settlement=world.village, start=today.replace(day=1), budget_planned=2_230_000)
    html = client.get("/settlements/gosh?lang=en").get_data(as_text=True)
    assert "Population 1,115" in html
    assert "2,000\u00a0AMD" in html  # 2 230 000 / 1 115 residents


def test_digit_like_characters_in_page_numbers_are_not_a_server_error(client, world):
    # "²" passes str.isdigit() but not int(): found by the resilience fuzzing on PostgreSQL.
    for path in ("/schedule?page=%C2%B2", "/search?q=park&page=%C2%B2", "/search?q=park&page=%D9%A3"):
        assert client.get(path).status_code == 200, path


def test_program_lists_each_objectives_newest_actions_however_far_back_they_are(app, world, make_action, session,
                                                                                today, monkeypatch):
    from app.program import queries

    # Small batches, so the walk along the newest actions stops early and old objectives are asked for alone.
    monkeypatch.setattr(queries, "_WALK_BATCH", 3)
    monkeypatch.setattr(queries, "_WALK_LIMIT", 6)
    busy = []
    for n in range(14):
        action = make_action(institution=world.school, start=today - timedelta(days=n), title_en=f"Busy {n}")
        action.objectives = [world.o11]
        busy.append(action)
    old = []
    for n in range(3):
        action = make_action(institution=world.club, start=today - timedelta(days=400 + n), title_en=f"Old {n}")
        action.objectives = [world.o12, world.o11] if n == 0 else [world.o12]
        old.append(action)
    hidden = make_action(institution=world.club, start=today, published=False)
    hidden.objectives = [world.o12]
    session.flush()
    with app.test_request_context():
        progress = queries.program_progress(queries.get_current_program())
    newest_busy = sorted(busy, key=lambda a: (a.start_date, a.id))[-queries.LINKED_LIMIT:]
    assert [a.id for a in progress.by_objective[world.o11.id].linked] == [a.id for a in newest_busy]
    assert [a.id for a in progress.by_objective[world.o12.id].linked] == [a.id for a in sorted(
        old, key=lambda a: (a.start_date, a.id))]
    assert progress.by_objective[world.o12.id].actions == 3 and progress.by_objective[world.o11.id].actions == 15
