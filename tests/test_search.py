"""Search: Armenian, Russian and English in any letter case, inside words; only public items and fields."""

from datetime import datetime, timezone

import pytest

from app.appeals.models import Publication


@pytest.fixture
def searchable(world, make_action, make_report, make_appeal):
    w = world
    w.festival = make_action(institution=w.school, title_hy="Ամառային երաժշտական փառատոն",
                             title_en="Summer Music FESTIVAL", title_ru="Летний музыкальный фестиваль",
                             description_hy="Համերգներ բացօթյա բեմում")
    w.loud = make_action(institution=w.club, title_hy="ԴԻԼԻՋԱՆԻ ՕՐ", title_en="Dilijan day")
    w.draft = make_action(institution=w.club, title_hy="Գաղտնի երաժշտական սևագիր", published=False)
    w.report = make_report(w.festival, body_hy="Փառատոնին մասնակցեց 300 հանդիսատես", body_en="300 people came")
    w.proposal = make_appeal(w.village, subject="Private subject Կանար", text="Private text with a phone",
                             applicant_name="Զանգակ Կանարյան", publication=Publication.PUBLISHED,
                             public_subject="Խաղահրապարակ Գոշում", public_text="Առաջարկում ենք կառուցել խաղահրապարակ",
                             published_dt=datetime(2026, 3, 1, tzinfo=timezone.utc))
    w.pending = make_appeal(w.village, publication=Publication.PENDING, public_subject="Սպասող խաղահրապարակ",
                            public_text="Դեռ չհրապարակված")
    return w


def results(client, q, **args):
    response = client.get("/search", query_string={"q": q, "lang": "en", **args})
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["երաժշտական", "ԵՐԱԺՇՏԱԿԱՆ", "ԺՇՏԱԿ", "Երաժշտ", "ժշտակ"])
def test_finds_an_action_by_part_of_a_word_in_the_middle_of_an_armenian_title_in_any_case(client, searchable,
                                                                                      query):
    html = results(client, query)
    assert f'href="/actions/{searchable.festival.id}"' in html
    assert f'href="/actions/{searchable.draft.id}"' not in html  # drafts under review are not public


@pytest.mark.parametrize("query", ["դիլիջանի", "Դիլիջան", "իլիջ"])
def test_lower_case_query_finds_upper_case_armenian_text(client, searchable, query):
    assert f'href="/actions/{searchable.loud.id}"' in results(client, query)


@pytest.mark.parametrize("query", ["ФЕСТИВАЛЬ", "музыкальн", "летний", "FESTIVAL", "festiv", "music"])
def test_finds_russian_and_english_titles_in_any_case(client, searchable, query):
    assert f'href="/actions/{searchable.festival.id}"' in results(client, query)


def test_the_match_is_highlighted_and_escaped(client, searchable, make_action, world):
    make_action(institution=world.school, title_hy="<b>Կոնցերտ</b> երեկո")
    html = results(client, "ԿՈՆՑԵՐՏ", lang="hy")
    assert "&lt;b&gt;<mark>Կոնցերտ</mark>&lt;/b&gt; երեկո" in html
    assert "<mark>" in results(client, "festival") and "<b>Կոնցերտ" not in html


def test_reports_institutions_and_published_proposals_are_found_and_grouped(client, searchable):
    html = results(client, "ՓԱՌԱՏՈՆ")
    assert "Reports" in html and f'/actions/{searchable.festival.id}#reports' in html
    html = results(client, "ԵՐԱԺՇՏԱԿԱՆ ԴՊՐՈՑ")
    assert 'href="/institutions/music-school"' in html
    html = results(client, "խաղահրապարակ")
    assert "Published proposals" in html and "<mark>Խաղահրապարակ</mark> Գոշում" in html
    assert "Սպասող" not in html  # not yet published


@pytest.mark.parametrize("query", ["Կանար", "Private", "Զանգակ", "phone", "Դեռ չհրապարակված"])
def test_private_fields_and_unpublished_appeals_are_never_searchable(client, searchable, query):
    html = results(client, query)
    assert "Nothing found" in html


def test_edits_and_publication_keep_the_search_in_step(client, searchable, session):
    searchable.festival.title_hy = "Աշնանային տոնավաճառ"
    searchable.festival.title_en = "Autumn fair"
    searchable.festival.title_ru = None
    searchable.pending.publication = Publication.PUBLISHED
    session.flush()
    assert f'href="/actions/{searchable.festival.id}"' not in results(client, "երաժշտական փառատոն")
    assert f'href="/actions/{searchable.festival.id}"' in results(client, "ՏՈՆԱՎԱՃԱՌ")
    assert "<mark>Սպասող</mark> խաղահրապարակ" in results(client, "սպասող")
    session.delete(searchable.report)
    session.flush()
    assert "Reports" not in results(client, "հանդիսատես")


def test_htmx_gets_only_the_results_and_the_page_works_without_it(client, searchable):
    partial = client.get("/search?q=festival&lang=en", headers={"HX-Request": "true"})
    body = partial.get_data(as_text=True)
    assert "<html" not in body and "festival" in body.lower() and "HX-Request" in partial.headers["Vary"]
    page = results(client, "festival")
    assert '<form class="search-form" method="get" action="/search"' in page and 'id="search-results"' in page


def test_results_of_one_kind_are_paginated(client, world, make_action):
    for n in range(25):
        make_action(institution=world.school, title_hy=f"Շախմատի մրցաշար {n}")
    overview = results(client, "շախմատ")
    assert "25 results" in overview and 'href="/search?q=%D5%B7%D5%A1%D5%AD%D5%B4%D5%A1%D5%BF&amp;type=actions"' \
        in overview
    first = results(client, "շախմատ", type="actions")
    second = results(client, "շախմատ", type="actions", page="2")
    assert first.count("/actions/") == 20 and second.count("/actions/") == 5


def test_too_short_or_wild_queries_do_not_match_everything(client, searchable):
    assert "at least two letters" in results(client, "ա")
    assert "Nothing found" in results(client, "%%")
    assert "Nothing found" in results(client, "__")


def test_every_public_page_has_the_search_box(client, searchable):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert 'action="/search"' in html and 'name="q"' in html


def test_reindex_rebuilds_entries_after_a_bulk_update(app, client, searchable, session, _connection):
    from sqlalchemy import delete, update

    from app.schedule.models import Action
    from app.search.models import SearchEntry

    session.execute(update(Action).where(Action.id == searchable.loud.id).values(title_hy="ՀԱՂԱՐԾՆԻ ՕՐ"))
    session.execute(delete(SearchEntry).where(SearchEntry.kind == "institution"))
    session.flush()
    assert "Nothing found" in results(client, "հաղարծնի")  # a bulk UPDATE bypasses the ORM events
    result = app.test_cli_runner().invoke(args=["search-reindex"])
    assert result.exit_code == 0, result.output
    assert f'href="/actions/{searchable.loud.id}"' in results(client, "հաղարծնի")
    assert 'href="/institutions/music-school"' in results(client, "դպրոց")


@pytest.mark.parametrize("query", ["Գոշ համերգ", "համերգ Գոշ", "ԳՈՇՈՒՄ համեր", "  գոշ   ՀԱՄԵՐԳ  "])
def test_every_word_matches_in_any_order_and_case(client, world, make_action, query):
    concert = make_action(institution=world.club, settlement=world.village, title_hy="Ձմեռային համերգ Գոշում")
    other = make_action(institution=world.club, settlement=world.village, title_hy="Ձմեռային տոնավաճառ Գոշում")
    html = results(client, query, lang="hy")
    assert f'href="/actions/{concert.id}"' in html and f'href="/actions/{other.id}"' not in html
    assert "<mark>" in html  # a word of the query is marked in what is shown


@pytest.mark.parametrize("query", ["summer festival", "Festival SUMMER", "летний фестиваль", "фестиваль музык"])
def test_every_word_matches_in_english_and_russian_too(client, searchable, query):
    assert f'href="/actions/{searchable.festival.id}"' in results(client, query)


def test_a_word_that_is_nowhere_leaves_nothing_found(client, searchable):
    assert f'href="/actions/{searchable.festival.id}"' not in results(client, "festival Gosh")
