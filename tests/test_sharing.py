"""Links that look right when shared: a favicon, a meta description on every public page, Open Graph and Twitter
card tags in the page's language, and schema.org JSON-LD that parses (Event on actions, GovernmentOrganization on
institutions)."""

import json
import re
from datetime import date, time
from html.parser import HTMLParser

import pytest

from app.schedule.models import ActionStatus, ReportPhoto

LANGS = ("hy", "en", "ru")


class _Head(HTMLParser):
    """The page's <meta> tags by name or property, and its JSON-LD blocks."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld, self._in_ld, self._ld = {}, [], [], False, ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("name") or a.get("property")):
            self.meta[a.get("name") or a.get("property")] = a.get("content")
        elif tag == "link":
            self.links.append(a)
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld, self._ld = True, ""

    def handle_data(self, data):
        if self._in_ld:
            self._ld += data

    def handle_endtag(self, tag):
        if tag == "script" and self._in_ld:
            self.json_ld.append(json.loads(self._ld))
            self._in_ld = False


def head(response):
    parser = _Head()
    parser.feed(response.get_data(as_text=True))
    return parser


def test_the_favicon_is_served_where_browsers_ask_for_it(client, world):
    response = client.get("/favicon.ico")
    data = response.data
    response.close()
    assert response.status_code == 200 and response.mimetype == "image/vnd.microsoft.icon"
    assert data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    links = head(client.get("/")).links
    rels = {(link["rel"], link.get("type")) for link in links}
    assert ("icon", "image/svg+xml") in rels and ("apple-touch-icon", None) in rels
    for link in links:
        if link["rel"] in ("icon", "apple-touch-icon"):
            answer = client.get(link["href"])
            answer.close()
            assert answer.status_code == 200, link


@pytest.mark.parametrize("lang, locale", [("hy", "hy_AM"), ("en", "en_US"), ("ru", "ru_RU")])
@pytest.mark.parametrize("path", ["/", "/schedule", "/program", "/institutions", "/institutions/music-school",
                                  "/settlements/gosh", "/appeals/new", "/appeals/track", "/proposals",
                                  "/accountability", "/open-data", "/actions/{action}"])
def test_every_public_page_has_a_description_and_share_tags_in_its_language(client, world, make_action, today,
                                                                            path, lang, locale):
    action = make_action(institution=world.school, start=today)
    page = head(client.get(path.format(action=action.id) + f"?lang={lang}"))
    meta = page.meta
    assert meta["description"] and len(meta["description"]) <= 300
    assert meta["og:description"] == meta["twitter:description"] == meta["description"]
    assert meta["og:title"] and meta["og:title"] == meta["twitter:title"]
    assert meta["og:locale"] == locale
    assert meta["og:url"].startswith("http://localhost/") and meta["og:url"].endswith(f"?lang={lang}")
    assert meta["og:image"].startswith("http://localhost/") and meta["twitter:image"] == meta["og:image"]
    assert meta["twitter:card"] in ("summary", "summary_large_image")


def test_an_action_page_is_an_event_in_json_ld_with_its_photo_as_the_card_image(client, session, world,
                                                                                make_action, make_report):
    action = make_action(institution=world.school, settlement=world.village, start=date(2027, 1, 4),
                         end=date(2027, 1, 4), start_time=time(18, 0), title_en="Winter concert",
                         description_en="Carols by the music school.", venue_en="Culture house")
    report = make_report(action)
    session.add(ReportPhoto(report=report, file_name="concert.jpg", thumb_name="concert-thumb.jpg", width=1200,
                            height=800))
    session.flush()
    page = head(client.get(f"/actions/{action.id}?lang=en"))
    (event,) = page.json_ld
    assert event["@context"] == "https://schema.org" and event["@type"] == "Event"
    assert event["name"] == "Winter concert" and event["description"] == "Carols by the music school."
    assert event["startDate"] == "2027-01-04T18:00:00" and event["endDate"].startswith("2027-01-04")
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"]["name"] == "Culture house"
    assert event["location"]["address"]["addressLocality"] == "Gosh"
    assert event["organizer"]["@type"] == "GovernmentOrganization"
    assert event["url"] == f"http://localhost/actions/{action.id}"
    assert page.meta["og:type"] == "article" and page.meta["og:title"] == "Winter concert"
    assert page.meta["description"] == "Carols by the music school."
    assert event["image"] == ["http://localhost/media/photos/concert.jpg"]
    assert page.meta["og:image"] == event["image"][0] and page.meta["twitter:card"] == "summary_large_image"


def test_a_cancelled_action_says_so_in_its_event(client, world, make_action, today):
    action = make_action(institution=world.school, start=today, status=ActionStatus.CANCELLED,
                         status_reason_hy="Եղանակ")
    (event,) = head(client.get(f"/actions/{action.id}?lang=en")).json_ld
    assert event["eventStatus"] == "https://schema.org/EventCancelled"


def test_an_institution_page_is_a_government_organization_in_json_ld(client, world):
    page = head(client.get("/institutions/music-school?lang=ru"))
    (org,) = page.json_ld
    assert org["@type"] == "GovernmentOrganization" and org["url"] == "http://localhost/institutions/music-school"
    assert org["name"] == page.meta["og:title"]
    assert org["address"]["addressCountry"] == "AM"
    assert org["parentOrganization"]["@type"] == "GovernmentOrganization"


def test_json_ld_cannot_close_its_script_element(client, world, make_action, today):
    action = make_action(institution=world.school, start=today, title_en="</script><script>alert(1)</script>")
    html = client.get(f"/actions/{action.id}?lang=en").get_data(as_text=True)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and json.loads(block)["name"] == "</script><script>alert(1)</script>"
