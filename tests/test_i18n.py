"""Armenian by default, English and Russian one click away; numbers, drams and dates in the reader's locale."""

from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.schedule.models import ActionStatus

TRANSLATIONS = Path(__file__).resolve().parent.parent / "app" / "translations"


def load(path):
    with open(path, "rb") as fh:
        return read_po(fh)


def key(message):
    """A message's identity: its context and its (singular) source text."""
    return message.context or "", message.id if isinstance(message.id, str) else message.id[0]


def test_armenian_is_the_default_even_for_english_browsers(client, world):
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="hy">' in response.get_data(as_text=True)


def test_lang_parameter_switches_and_the_choice_persists(client, world):
    response = client.get("/program?lang=ru")
    assert '<html lang="ru">' in response.get_data(as_text=True)
    assert "lang=ru" in response.headers["Set-Cookie"]
    assert '<html lang="ru">' in client.get("/schedule").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/schedule?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_unknown_language_falls_back_to_armenian(client, world):
    response = client.get("/?lang=xx")
    assert '<html lang="hy">' in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_switcher_links_keep_the_page_and_its_filters(client, world):
    html = client.get("/schedule?settlement=gosh&month=2026-03").get_data(as_text=True)
    assert 'href="/schedule?settlement=gosh&amp;month=2026-03&amp;lang=en"' in html
    assert 'href="/schedule?settlement=gosh&amp;month=2026-03&amp;lang=ru"' in html


def test_missing_translation_shows_the_armenian_original_marked_as_such(client, world, make_action, today):
    action = make_action(institution=world.club, settlement=world.village, start=today, title_hy="Գոշի տոն",
                         title_en="Gosh festival", title_ru=None)
    en = client.get(f"/actions/{action.id}?lang=en").get_data(as_text=True)
    assert "<h1>Gosh festival</h1>" in en
    ru = client.get(f"/actions/{action.id}?lang=ru").get_data(as_text=True)
    assert '<h1><span lang="hy">Գոշի տոն</span></h1>' in ru
    hy = client.get(f"/actions/{action.id}?lang=hy").get_data(as_text=True)
    assert "<h1>Գոշի տոն</h1>" in hy  # the original needs no marking on an Armenian page


def test_content_is_escaped_in_every_language(client, world, make_action, today):
    action = make_action(institution=world.school, start=today, title_hy="<script>alert(1)</script>",
                         title_en=None)
    for lang in ("hy", "en"):
        html = client.get(f"/actions/{action.id}?lang={lang}").get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "lang, money, day",
    [
        ("hy", "15\u00a0300\u00a0000\u00a0֏", "15 մրտ 2026"),
        ("en", "15,300,000\u00a0AMD", "15 Mar 2026"),
        ("ru", "15\u00a0300\u00a0000\u00a0AMD", "15 мар. 2026"),
    ],
)
def test_drams_and_dates_use_the_active_locale(client, world, make_action, lang, money, day):
    action = make_action(institution=world.school, start=date(2026, 3, 15), budget_planned=15_300_000)
    html = client.get(f"/actions/{action.id}?lang={lang}").get_data(as_text=True)
    assert money in html
    assert day in html


def test_calendar_uses_standalone_month_names(client, world, make_action):
    make_action(institution=world.school, start=date(2026, 3, 15), status=ActionStatus.DONE)
    hy = client.get("/schedule?view=calendar&month=2026-03&lang=hy").get_data(as_text=True)
    assert "Մարտ 2026" in hy  # nominative, not the genitive «մարտի»
    ru = client.get("/schedule?view=calendar&month=2026-03&lang=ru").get_data(as_text=True)
    assert "Март 2026" in ru


@pytest.mark.parametrize("lang", ["hy", "ru"])
def test_every_message_is_translated(lang):
    catalog = load(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
    template = load(TRANSLATIONS / "messages.pot")
    ids = {key(m) for m in template if m.id}
    translated = set()
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if all(strings):
            translated.add(key(message))
    missing = sorted(ids - translated)
    assert not missing, f"{len(missing)} messages lack a {lang} translation, e.g. {missing[:5]}"


@pytest.mark.once  # pybabel over the source: the database under test plays no part
def test_the_catalog_template_is_up_to_date():
    """Every translatable string in the code is in messages.pot (run `make extract-messages` after changes)."""
    import subprocess
    import sys
    import tempfile

    root = TRANSLATIONS.parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "fresh.pot"
        subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg",
                        "-k", "_l", "-k", "lazy_gettext", "--ignore-dirs=.*", "-o", str(out), "--no-location", "."],
                       cwd=root, check=True, capture_output=True)
        fresh = {key(m) for m in load(out) if m.id}
    known = {key(m) for m in load(TRANSLATIONS / "messages.pot") if m.id}
    assert not sorted(fresh - known), f"run `make extract-messages`: new strings {sorted(fresh - known)[:5]}"


@pytest.mark.parametrize("lang, short, long, moment", [
    ("hy", "4 հնվ 2027", "4 հունվարի, 2027 թ.", "4 հնվ 2027, 15:05"),
    ("en", "4 Jan 2027", "4 January 2027", "4 Jan 2027, 15:05"),
    ("ru", "4 янв. 2027", "4 января 2027 г.", "4 янв. 2027, 15:05"),
])
def test_dates_read_day_first_without_a_leading_zero(app, lang, short, long, moment):
    from datetime import datetime, timezone

    from flask_babel import force_locale

    from app.i18n import date_long, date_short, datetime_short
    with app.test_request_context(), force_locale(lang):
        assert date_short(date(2027, 1, 4)) == short
        assert date_long(date(2027, 1, 4)) == long
        # Stored in UTC, read in Yerevan (UTC+4).
        assert datetime_short(datetime(2027, 1, 4, 11, 5, tzinfo=timezone.utc)) == moment


@pytest.mark.parametrize("lang, span", [
    ("hy", "30 դեկտեմբերի, 2026 թ. – 4 հունվարի, 2027 թ."),
    ("en", "17 September – 3 December 2027"),
    ("ru", "17 сентября – 3 декабря 2027 г."),
])
def test_a_run_of_days_names_its_year_once(app, lang, span):
    from flask_babel import force_locale

    from app.i18n import date_span
    start, end = (date(2026, 12, 30), date(2027, 1, 4)) if lang == "hy" else (date(2027, 9, 17), date(2027, 12, 3))
    with app.test_request_context(), force_locale(lang):
        assert date_span(start, end) == span


def test_no_page_shows_a_numeric_us_date_or_a_padded_armenian_day(client, world, make_action, make_report):
    action = make_action(institution=world.school, start=date(2027, 1, 4), end=date(2027, 1, 9),
                         status=ActionStatus.DONE)
    make_report(action, report_date=date(2027, 1, 5))
    en = client.get(f"/actions/{action.id}?lang=en").get_data(as_text=True)
    assert "4 Jan 2027" in en and "1/4/27" not in en and "Jan 4" not in en
    hy = client.get(f"/actions/{action.id}?lang=hy").get_data(as_text=True)
    assert "4 հնվ 2027" in hy and "04 հ" not in hy and "04.01" not in hy
