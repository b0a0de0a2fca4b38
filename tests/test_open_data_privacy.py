"""Personal-data canary: an applicant's name, contacts, address and raw words appear in no feed, API or Open311
answer, whatever the appeal's publication state."""

from datetime import datetime, timezone

import pytest

from app.appeals.models import AppealStatus, Publication

CANARIES = {
    "applicant_name": "Canaryname Zvartnotsyan",
    "applicant_email": "canary.mail.91c4@example.am",
    "applicant_phone": "+374 77 918273",
    "applicant_address": "Canary street 77, flat 13",
    "subject": "Canarysubject of the applicant",
    "text": "Canarytext written by the applicant",
    "answer_text": "Canaryanswer sent to the applicant only",
    "status_reason": "Canaryreason for rejection",
    "forwarded_to": "Canaryforward body",
    "extension_reason": "Canaryextension reason",
}


@pytest.fixture
def canaries(world, make_action, make_report, make_appeal, client):
    """The same personal data on an appeal in every publication state, plus one sent through Open311."""
    make_report(make_action(world.club))
    rows = []
    for publication in Publication:
        rows.append(make_appeal(
            world.village, kind="proposal", institution_id=world.club.id, publication=publication,
            public_subject="Public subject", public_text="Public anonymised text", public_answer="Public answer",
            published_dt=datetime.now(timezone.utc) if publication == Publication.PUBLISHED else None,
            status=AppealStatus.FORWARDED, closed_dt=datetime.now(timezone.utc), **CANARIES))
    response = client.post("/open311/v2/requests.json", data={
        "service_code": "proposal", "description": CANARIES["text"], "first_name": "Canaryname",
        "last_name": "Zvartnotsyan", "email": CANARIES["applicant_email"], "phone": CANARIES["applicant_phone"],
        "address_string": CANARIES["applicant_address"], "attribute[settlement]": "gosh",
        "attribute[subject]": CANARIES["subject"]})
    assert response.status_code == 201
    numbers = [r.tracking_number for r in rows] + [response.get_json()[0]["service_request_id"]]
    return rows, numbers


def public_urls(rows, numbers):
    """Every public feed, API and Open311 URL with its expected status: 200, but 404 for a proposal not published."""
    published = next(r for r in rows if r.publication == Publication.PUBLISHED)
    urls = ["/feeds/schedule.ics", "/feeds/settlements/gosh.ics", "/feeds/institutions/gosh-club.ics",
            "/feeds/actions.atom", "/feeds/reports.atom", "/feeds/proposals.atom", "/feeds/settlements/gosh.atom",
            "/feeds/institutions/gosh-club.atom",
            "/api/", "/api/v1/", "/api/v1/openapi.json", "/api/v1/settlements", "/api/v1/settlements/gosh",
            "/api/v1/institutions", "/api/v1/institutions/gosh-club", "/api/v1/program", "/api/v1/actions",
            "/api/v1/reports", "/api/v1/proposals", "/api/v1/proposals?settlement=gosh",
            f"/api/v1/proposals/{published.id}", "/api/v1/figures",
            "/open311/v2/discovery.json", "/open311/v2/services.json", "/open311/v2/services/proposal.json",
            "/open311/v2/requests.json", "/open311/v2/requests.json?status=closed",
            f"/open311/v2/requests.json?service_request_id={','.join(numbers)}"]
    urls += [f"/open311/v2/requests/{number}.json" for number in numbers]
    urls = [(url, 200) for url in urls]
    urls += [(f"/api/v1/proposals/{r.id}", 200 if r.publication == Publication.PUBLISHED else 404) for r in rows]
    return urls


@pytest.mark.parametrize("lang", ["hy", "en", "ru"])
def test_no_personal_data_in_any_feed_api_or_open311_answer(client, canaries, lang):
    rows, numbers = canaries
    urls = public_urls(rows, numbers)
    for url, status in urls:
        response = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
        assert response.status_code == status, (url, response.status_code)
        body = response.get_data(as_text=True)
        for field, canary in CANARIES.items():
            for fragment in (canary, canary.split()[0], canary.replace("+", "\\u002b")):
                assert fragment not in body, f"{field} leaked through {url}"
    assert sum(status == 200 for _url, status in urls) >= 30


def test_the_published_version_is_what_the_public_sees(client, canaries):
    rows, numbers = canaries
    published = next(r for r in rows if r.publication == Publication.PUBLISHED)
    body = client.get(f"/api/v1/proposals/{published.id}").get_json()
    assert (body["subject"], body["text"], body["answer"]) == ("Public subject", "Public anonymised text",
                                                               "Public answer")
    for row in rows:
        if row.publication != Publication.PUBLISHED:
            assert client.get(f"/api/v1/proposals/{row.id}").status_code == 404


@pytest.mark.parametrize("lang", ["hy", "en"])
def test_no_subscriber_address_in_any_feed_api_or_open311_answer(client, canaries, session, lang):
    from app.models_base import utcnow
    from app.subscriptions.models import Subscription

    address = "canary.follower.5e2a@example.am"
    for filters in ("settlement=gosh", "institution=gosh-club", "goal=1", ""):
        session.add(Subscription(email=address, filters=filters, language=lang, nonce="0" * 16,
                                 confirmed_dt=utcnow()))
    session.flush()
    rows, numbers = canaries
    for url, status in public_urls(rows, numbers):
        response = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
        assert response.status_code == status, (url, response.status_code)
        body = response.get_data(as_text=True)
        assert "canary.follower" not in body, url
