"""iCalendar and Atom feeds: what calendar apps and feed readers receive matches the schedule."""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import feedparser
import pytest
from icalendar import Calendar

from app.appeals.models import Publication
from app.schedule.models import ActionStatus

YEREVAN = ZoneInfo("Asia/Yerevan")


def events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def uid(action):
    return f"action-{action.id}@tst.hashvetu"


def test_the_schedule_calendar_has_one_event_per_published_action_with_its_details(client, world, make_action):
    concert = make_action(world.school, title_hy="Համերգ", title_en="Concert", venue_hy="Մեծ դահլիճ",
                          description_hy="Գարնանային համերգ", start=date(2026, 3, 15), start_time=time(18, 30),
                          end_time=time(20, 0), revision=3)
    draft = make_action(world.school, title_hy="Սևագիր", published=False)

    found = events(client, "/feeds/schedule.ics")

    assert uid(draft) not in found
    event = found[uid(concert)]
    assert str(event["SUMMARY"]) == "Համերգ"
    assert event.decoded("DTSTART") == datetime(2026, 3, 15, 18, 30, tzinfo=YEREVAN)
    assert event.decoded("DTEND") == datetime(2026, 3, 15, 20, 0, tzinfo=YEREVAN)
    assert str(event["LOCATION"]) == "Մեծ դահլիճ, Քաղաք"
    assert str(event["URL"]) == f"http://localhost/actions/{concert.id}"
    assert "Գարնանային համերգ" in str(event["DESCRIPTION"])
    assert event["SEQUENCE"] == 2
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("LAST-MODIFIED") == concert.updated_dt.replace(microsecond=0)


def test_the_calendar_declares_the_yerevan_time_zone(client, world, make_action):
    make_action(world.school)

    calendar = Calendar.from_ical(client.get("/feeds/schedule.ics").data)

    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Yerevan"]


def test_an_action_without_a_time_is_an_all_day_event(client, world, make_action):
    fair = make_action(world.club, start=date(2026, 5, 1), end=date(2026, 5, 3), start_time=None)

    event = events(client, "/feeds/schedule.ics")[uid(fair)]

    assert event.decoded("DTSTART") == date(2026, 5, 1)
    assert event.decoded("DTEND") == date(2026, 5, 4)  # the end of an all-day event is exclusive


def test_cancelled_actions_stay_in_the_calendar_marked_cancelled(client, world, make_action):
    cancelled = make_action(world.school, status=ActionStatus.CANCELLED, status_reason_hy="Անձրև",
                            status_reason_en="Rain")

    event = events(client, "/feeds/schedule.ics?lang=en")[uid(cancelled)]

    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: An action"
    assert "Rain" in str(event["DESCRIPTION"])


def test_a_postponed_action_is_sent_at_its_new_date(client, world, make_action, session):
    action = make_action(world.school, start=date(2026, 4, 1), start_time=time(10, 0))
    action.start_date = action.end_date = date(2026, 4, 20)
    action.status = ActionStatus.POSTPONED
    action.revision += 1
    session.flush()

    event = events(client, "/feeds/schedule.ics")[uid(action)]

    assert event.decoded("DTSTART") == datetime(2026, 4, 20, 10, 0, tzinfo=YEREVAN)
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == 1


def test_the_summary_is_in_the_requested_language_with_an_armenian_fallback(client, world, make_action):
    translated = make_action(world.school, title_hy="Համերգ", title_en="Concert", title_ru="Концерт")
    armenian_only = make_action(world.school, title_hy="Ցուցահանդես", title_en=None)

    found = events(client, "/feeds/schedule.ics?lang=ru")

    assert str(found[uid(translated)]["SUMMARY"]) == "Концерт"
    assert str(found[uid(armenian_only)]["SUMMARY"]) == "Ցուցահանդես"


def test_calendar_filters_are_the_schedule_filters(client, world, make_action):
    in_town = make_action(world.school, start=date(2026, 3, 10))
    in_gosh = make_action(world.club, start=date(2026, 3, 12))
    in_gosh_april = make_action(world.club, start=date(2026, 4, 2))
    done = make_action(world.club, start=date(2026, 3, 20), status=ActionStatus.DONE)

    assert set(events(client, "/feeds/schedule.ics?settlement=gosh&month=2026-03")) == {uid(in_gosh), uid(done)}
    assert set(events(client, "/feeds/schedule.ics?institution=gosh-club&status=done")) == {uid(done)}
    assert set(events(client, "/feeds/institutions/music-school.ics")) == {uid(in_town)}
    assert set(events(client, "/feeds/settlements/gosh.ics")) == {uid(in_gosh), uid(in_gosh_april), uid(done)}


def test_the_calendar_follows_the_goal_filter(client, world, make_action):
    linked = make_action(world.school, objectives=[world.o21])
    make_action(world.school, objectives=[world.o11])

    assert set(events(client, "/feeds/schedule.ics?goal=2")) == {uid(linked)}


def test_every_filtered_schedule_offers_a_calendar_link_with_its_filters(client, world, make_action):
    make_action(world.club)

    html = client.get("/schedule?settlement=gosh&status=planned&view=calendar&month=2026-03&lang=en").get_data(
        as_text=True)

    assert ('href="/feeds/schedule.ics?settlement=gosh&amp;status=planned&amp;month=2026-03&amp;lang=en"'
            in html)
    assert "Subscribe (iCal)" in html


def test_unknown_institution_or_settlement_calendars_are_404(client, world):
    assert client.get("/feeds/institutions/nowhere.ics").status_code == 404
    assert client.get("/feeds/settlements/nowhere.atom").status_code == 404


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_the_actions_feed_lists_new_and_changed_actions_newest_first(client, world, make_action):
    now = datetime.now(timezone.utc)
    older = make_action(world.school, title_en="Older", updated_dt=now - timedelta(days=2))
    newer = make_action(world.club, title_en="Newer", updated_dt=now - timedelta(hours=1), revision=2)
    make_action(world.club, title_en="Draft", published=False)

    feed = entries(client, "/feeds/actions.atom?lang=en")

    assert [e.title for e in feed.entries] == ["Newer", "Older"]
    assert feed.entries[0].link == f"http://localhost/actions/{newer.id}"
    assert feed.entries[0].id == f"tag:tst.hashvetu,2026:action-{newer.id}-r2"
    assert feed.entries[1].id == f"tag:tst.hashvetu,2026:action-{older.id}-r1"


def test_the_reports_feed_lists_published_reports(client, world, make_action, make_report):
    action = make_action(world.school, title_en="Concert")
    report = make_report(action, body_en="It went well.")
    make_report(action, body_en="Hidden draft.", published=False)

    feed = entries(client, "/feeds/reports.atom?lang=en")

    assert [(e.title, e.summary) for e in feed.entries] == [("Report: Concert", "It went well.")]
    assert feed.entries[0].link == f"http://localhost/actions/{action.id}#report-{report.id}"


def test_the_proposals_feed_shows_only_the_anonymised_text_of_published_ones(client, world, make_appeal):
    make_appeal(world.village, kind="proposal", subject="Raw subject", text="Raw text",
                publication=Publication.PUBLISHED, public_subject="A playground",
                public_text="Build a playground in Gosh.", published_dt=datetime.now(timezone.utc))
    make_appeal(world.village, kind="proposal", subject="Pending", publication=Publication.PENDING,
                public_subject="Pending one")

    feed = entries(client, "/feeds/proposals.atom?lang=en")

    assert [(e.title, e.summary) for e in feed.entries] == [("Proposal: A playground",
                                                             "Build a playground in Gosh.")]


def test_institution_and_settlement_feeds_hold_only_their_own_items(client, world, make_action, make_report,
                                                                    make_appeal):
    school_action = make_action(world.school, title_en="School concert")
    make_report(school_action, body_en="Concert report")
    make_action(world.club, title_en="Club evening")
    make_appeal(world.village, kind="proposal", publication=Publication.PUBLISHED, public_subject="Gosh road",
                public_text="Fix the road.", published_dt=datetime.now(timezone.utc))

    school = entries(client, "/feeds/institutions/music-school.atom?lang=en")
    gosh = entries(client, "/feeds/settlements/gosh.atom?lang=en")

    assert sorted(e.title for e in school.entries) == ["Report: School concert", "School concert"]
    assert sorted(e.title for e in gosh.entries) == ["Club evening", "Proposal: Gosh road"]


def test_pages_announce_their_feeds(client, world):
    for path, feed in (("/schedule", "/feeds/actions.atom"), ("/institutions/music-school",
                                                             "/feeds/institutions/music-school.atom"),
                       ("/settlements/gosh", "/feeds/settlements/gosh.atom")):
        html = client.get(path).get_data(as_text=True)
        assert '<link rel="alternate" type="application/atom+xml"' in html
        assert f'href="{feed}"' in html


@pytest.mark.parametrize("url", ["/feeds/schedule.ics", "/feeds/actions.atom", "/feeds/institutions/music-school.ics"])
def test_a_feed_answers_304_while_it_has_not_changed(client, world, make_action, session, url):
    action = make_action(world.school)
    first = client.get(url)
    etag = first.headers["ETag"]

    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304

    action.title_hy = "Նոր անուն"
    action.revision += 1
    session.flush()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_a_large_calendar_keeps_what_is_coming_and_the_latest_past_not_its_oldest_years(client, world, make_action,
                                                                                        monkeypatch, today):
    from app.feeds import routes

    monkeypatch.setattr(routes, "MAX_EVENTS", 4)
    oldest = make_action(world.school, start=today - timedelta(days=900))
    old = make_action(world.school, start=today - timedelta(days=400))
    recent = make_action(world.school, start=today - timedelta(days=10))
    running = make_action(world.school, start=today - timedelta(days=2), end=today + timedelta(days=2))
    soon = make_action(world.school, start=today + timedelta(days=5))
    later = make_action(world.school, start=today + timedelta(days=50))

    assert set(events(client, "/feeds/schedule.ics")) == {uid(recent), uid(running), uid(soon), uid(later)}
    monkeypatch.setattr(routes, "MAX_EVENTS", 5)
    assert set(events(client, "/feeds/schedule.ics")) == {uid(old), uid(recent), uid(running), uid(soon), uid(later)}
    # Any past month is still there for whoever asks for it.
    month = (today - timedelta(days=900)).strftime("%Y-%m")
    assert uid(oldest) in events(client, f"/feeds/schedule.ics?month={month}")


def test_feed_entries_write_dates_as_the_pages_do(client, world, make_action):
    make_action(world.school, title_en="Fair", start=date(2027, 1, 4), end=date(2027, 1, 6))
    en = entries(client, "/feeds/actions.atom?lang=en")
    assert "4 January – 6 January 2027" in en.entries[0].summary
    hy = entries(client, "/feeds/actions.atom?lang=hy")
    assert "4 հունվարի – 6 հունվարի, 2027 թ." in hy.entries[0].summary
