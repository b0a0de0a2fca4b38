"""Residents submit appeals and follow them by tracking number and secret; personal data stays private."""

import io
import re
import threading
import time
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from PIL import Image
from sqlalchemy import func, select

from app.appeals.deadlines import DEFAULT_RULES, Kind, calendar_for, due_date
from app.appeals.models import Appeal, AppealEvent, AppealSequence, AppealStatus
from app.appeals.routes import sign_started
from app.extensions import db
from app.outbox.models import OutboxMessage
from app.workdays.queries import non_working_days
from tests.conftest import csrf_token


def started(app, seconds_ago=10):
    with app.test_request_context():
        return sign_started(time.time() - seconds_ago)


def appeal_data(client, app, world, **overrides):
    data = {
        "csrf_token": csrf_token(client, "/appeals/new"),
        "started": started(app),
        "kind": "complaint",
        "subject": "Փողոցի լուսավորություն",
        "text": "Մեր փողոցում երեք ամիս է լույս չկա։",
        "settlement_id": str(world.village.id),
        "addressee": "municipality",
        "applicant_name": "Անի Պետրոսյան",
        "applicant_email": "ani@example.am",
        "applicant_phone": "",
        "applicant_address": "",
        "website": "",
    }
    data.update(overrides)
    return data


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def submit(client, app, world, **overrides):
    return client.post("/appeals/new?lang=en", data=appeal_data(client, app, world, **overrides),
                       content_type="multipart/form-data")


def receipt(client, app, world, **overrides):
    """Submit and open the receipt; return (number, secret)."""
    response = submit(client, app, world, **overrides)
    assert response.status_code == 302, response.get_data(as_text=True)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    number = re.search(r"<strong>([A-Z]+-\d{4}-\d{6})</strong>", html).group(1)
    secret = re.search(r'<code class="secret-code">([^<]+)</code>', html).group(1)
    return number, secret


def test_the_form_works_without_javascript(client, world):
    response = client.get("/appeals/new")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'method="post"' in html and 'enctype="multipart/form-data"' in html
    assert 'name="csrf_token"' in html and 'name="started"' in html
    assert 'tabindex="-1"' in html and 'autocomplete="off"' in html  # the honeypot
    assert "Գոշ" in html and "Երաժշտական դպրոց" in html


def test_submitting_shows_the_number_and_secret_once(client, app, world, session):
    response = submit(client, app, world)
    assert response.status_code == 302
    first = client.get(response.headers["Location"])
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    number = re.search(r"<strong>(TST-\d{4}-\d{6})</strong>", html).group(1)
    secret = re.search(r'<code class="secret-code">([^<]+)</code>', html).group(1)
    assert f"key={secret}" in html
    again = client.get(response.headers["Location"])
    assert again.status_code == 410 and secret not in again.get_data(as_text=True)
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    assert appeal.status == AppealStatus.RECEIVED and appeal.secret_hash != secret
    mail = session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "ani@example.am"))
    assert number in mail.subject and secret in mail.body_text


def test_the_due_date_follows_the_default_rules(client, app, world, session):
    number, _secret = receipt(client, app, world, kind="information_request")
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    rule = DEFAULT_RULES[Kind.INFORMATION_REQUEST]
    with app.app_context():
        calendar = calendar_for(appeal.received_dt, rule, non_working_days)
    assert appeal.due_date == due_date(appeal.received_dt, rule, calendar).due_date
    assert (appeal.rule_limit, appeal.rule_unit, appeal.rule_counting) == (5, "days", "calendar")


@pytest.mark.parametrize("overrides, message", [
    ({"applicant_email": "", "applicant_phone": ""}, "Give an email address or a phone number"),
    ({"text": ""}, "Write what your appeal is about"),
    ({"applicant_email": "not-an-email"}, "Enter an email address like"),
])
def test_bad_input_comes_back_with_everything_typed(client, app, world, session, overrides, message):
    before = count(session, Appeal)
    response = submit(client, app, world, applicant_address="Գոշ, 3-րդ փողոց", **overrides)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html or message in html.replace("&#39;", "'")
    assert "Փողոցի լուսավորություն" in html and "Գոշ, 3-րդ փողոց" in html and "Անի Պետրոսյան" in html
    assert count(session, Appeal) == before


def test_an_svg_attachment_is_refused_and_the_text_kept(client, app, world, session):
    before = count(session, Appeal)
    response = submit(client, app, world, attachments=[(io.BytesIO(b"<svg onload='alert(1)'/>"), "photo.svg")])
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "not a photo" in html and "Մեր փողոցում երեք ամիս է լույս չկա։" in html
    assert count(session, Appeal) == before


def test_a_photo_attachment_is_stored(client, app, world, session):
    png = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(png, "PNG")
    png.seek(0)
    number, _secret = receipt(client, app, world, attachments=[(png, "street.png")])
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    assert [(a.kind, a.title) for a in appeal.attachments] == [("photo", "street")]


@pytest.mark.parametrize("overrides", [{"website": "http://spam.example"}, {"started": "forged"}])
def test_honeypot_and_too_fast_submissions_store_nothing(client, app, world, session, overrides):
    before, mails = count(session, Appeal), count(session, OutboxMessage)
    response = submit(client, app, world, **overrides)
    assert response.status_code == 422
    assert "Մեր փողոցում երեք ամիս է լույս չկա։" in response.get_data(as_text=True)
    assert count(session, Appeal) == before and count(session, OutboxMessage) == mails


def test_a_form_sent_at_once_is_too_fast(client, app, world, session):
    before = count(session, Appeal)
    response = submit(client, app, world, started=started(app, seconds_ago=0))
    assert response.status_code == 422 and "very quick" in response.get_data(as_text=True)
    assert count(session, Appeal) == before


def test_the_sixth_post_in_a_minute_is_refused_with_the_text_kept(client, app, world, session):
    for _ in range(5):
        assert submit(client, app, world).status_code == 302
    response = submit(client, app, world, text="Վեցերորդ դիմումի տեքստը")
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Վեցերորդ դիմումի տեքստը" in html and "Անի Պետրոսյան" in html
    assert count(session, Appeal) == 5
    assert client.get("/appeals/new").status_code == 200  # reading the form is not limited


def test_tracking_shows_status_history_and_the_deadline_explanation(client, app, world):
    number, secret = receipt(client, app, world, kind="information_request")
    response = client.get("/appeals/track", query_string={"number": number, "key": secret, "lang": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Received" in html and "Information request" in html
    assert "Limit: 5 calendar days" in html and "Received on" in html
    assert "Անի Պետրոսյան" in html and "ani@example.am" in html


def test_wrong_secret_or_number_gives_the_same_404(client, app, world):
    number, secret = receipt(client, app, world)
    wrong_secret = client.get("/appeals/track", query_string={"number": number, "key": secret + "x"})
    wrong_number = client.get("/appeals/track", query_string={"number": "TST-1999-000001", "key": secret})
    assert wrong_secret.status_code == wrong_number.status_code == 404
    # The pages differ only where they echo the address asked for (the language links).
    first = wrong_secret.get_data(as_text=True).replace(number, "N").replace(secret + "x", "K")
    second = wrong_number.get_data(as_text=True).replace("TST-1999-000001", "N").replace(secret, "K")
    assert first == second


def test_tracking_attempts_are_rate_limited(client, world):
    statuses = [client.get("/appeals/track", query_string={"number": "TST-2026-000001", "key": f"guess{n}"}).status_code
                for n in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429


def test_an_open_appeal_can_be_withdrawn_once(client, app, world, session):
    number, secret = receipt(client, app, world)
    track_url = f"/appeals/track?number={number}&key={secret}"
    token = csrf_token(client, track_url)
    unconfirmed = client.post("/appeals/track/withdraw", data={"csrf_token": token, "number": number, "key": secret})
    assert unconfirmed.status_code == 422
    response = client.post("/appeals/track/withdraw",
                           data={"csrf_token": token, "number": number, "key": secret, "confirm": "y"})
    assert response.status_code == 302
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    session.refresh(appeal)
    assert appeal.status == AppealStatus.WITHDRAWN and appeal.closed_dt is not None
    confirmed = {"csrf_token": token, "number": number, "key": secret, "confirm": "y"}
    again = client.post("/appeals/track/withdraw", data=confirmed)
    assert again.status_code == 409
    wrong = client.post("/appeals/track/withdraw", data=dict(confirmed, key="nope"))
    assert wrong.status_code == 404


def test_a_closed_appeal_can_be_rated_once(client, app, world, session):
    number, secret = receipt(client, app, world)
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    appeal.status, appeal.answer_text = AppealStatus.ANSWERED, "Լույսը վերականգնված է։"
    appeal.closed_dt = datetime.now(timezone.utc)
    appeal.events.append(AppealEvent(status=AppealStatus.ANSWERED, public=True))
    session.flush()
    track_url = f"/appeals/track?number={number}&key={secret}"
    html = client.get(track_url).get_data(as_text=True)
    assert "Լույսը վերականգնված է։" in html and 'name="content"' in html
    token = csrf_token(client, track_url)
    rating = {"csrf_token": token, "number": number, "key": secret, "content": "4", "timeliness": "5"}
    assert client.post("/appeals/track/rate", data=rating).status_code == 302
    session.refresh(appeal)
    assert (appeal.rating_content, appeal.rating_timeliness) == (4, 5)
    assert 'name="content"' not in client.get(track_url).get_data(as_text=True)
    assert client.post("/appeals/track/rate", data=rating).status_code == 409


def test_personal_data_never_appears_on_public_pages(client, app, world):
    canaries = {"applicant_name": "Canary Name Zx81q", "applicant_email": "canary.zx81q@example.am",
                "applicant_phone": "+374 91 818181", "applicant_address": "Canary Street Zx81q"}
    number, secret = receipt(client, app, world, **canaries)
    pages = ["/", "/schedule", "/schedule?view=calendar", "/program", "/institutions", "/institutions/music-school",
             "/institutions/gosh-club", "/settlements/gosh", "/settlements/town", "/appeals/new", "/appeals/track",
             "/proposals", f"/appeals/track?number={number}&key=wrong", "/appeals/receipt"]
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        for value in canaries.values():
            assert value not in html, (path, value)
    own = client.get(f"/appeals/track?number={number}&key={secret}").get_data(as_text=True)
    assert all(value in own for value in canaries.values())


def test_tracking_numbers_are_sequential_per_year(client, app, world):
    numbers = [receipt(client, app, world)[0] for _ in range(3)]
    year = numbers[0].split("-")[1]
    sequence = [int(n.rsplit("-", 1)[1]) for n in numbers]
    assert sequence == list(range(sequence[0], sequence[0] + 3))
    assert all(n.startswith(f"TST-{year}-") for n in numbers)


def test_submissions_in_separate_transactions_get_different_numbers(app):
    """Two connections, each committing its own number (cleaned up afterwards)."""
    from app.appeals.services import next_tracking_number

    year = 1901  # a year no other test uses
    numbers = []
    try:
        for _ in range(2):
            with app.test_request_context(method="POST"):
                numbers.append(next_tracking_number(year))
                db.session.commit()
        assert len(set(numbers)) == 2
        assert [int(n.rsplit("-", 1)[1]) for n in numbers] == [1, 2]
    finally:
        with app.test_request_context(method="POST"):
            db.session.execute(sa.delete(AppealSequence).where(AppealSequence.year == year))
            db.session.commit()


def test_concurrent_submissions_get_distinct_numbers(app):
    from app.appeals.services import next_tracking_number

    year, results, errors = 1902, [], []

    def work():
        try:
            with app.test_request_context(method="POST"):
                results.append(next_tracking_number(year))
                db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == [] and len(set(results)) == 8
    finally:
        with app.test_request_context(method="POST"):
            db.session.execute(sa.delete(AppealSequence).where(AppealSequence.year == year))
            db.session.commit()


def check(client, app, world, field, **overrides):
    data = appeal_data(client, app, world, **overrides)
    return client.post("/appeals/new/check?lang=en", data=data,
                       headers={"HX-Request": "true", "HX-Trigger-Name": field})


def test_a_field_is_checked_inline_and_keeps_what_was_typed(client, app, world, session):
    before = count(session, Appeal)
    bad = check(client, app, world, "applicant_email", applicant_email="ani-at-example")
    html = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "Enter an email address like" in html
    assert 'value="ani-at-example"' in html and 'aria-invalid="true"' in html
    assert "<html" not in html and "Your name" not in html  # only the one field comes back
    good = check(client, app, world, "applicant_email").get_data(as_text=True)
    assert "field-error" not in good and 'value="ani@example.am"' in good
    assert count(session, Appeal) == before


def test_the_inline_check_waits_for_the_phone_before_asking_for_a_contact(client, app, world):
    html = check(client, app, world, "applicant_email", applicant_email="").get_data(as_text=True)
    assert "Give an email address or a phone number" not in html
    html = check(client, app, world, "subject", subject="").get_data(as_text=True)
    assert "Write the subject in a few words." in html


def test_the_inline_check_needs_csrf_and_a_known_field(client, app, world):
    assert check(client, app, world, "secret_hash").status_code == 400
    data = appeal_data(client, app, world)
    data.pop("csrf_token")
    response = client.post("/appeals/new/check", data=data,
                           headers={"HX-Request": "true", "HX-Trigger-Name": "subject"})
    assert response.status_code == 400


def test_the_form_fields_ask_the_server_to_check_them(client, world):
    html = client.get("/appeals/new").get_data(as_text=True)
    assert html.count('hx-post="/appeals/new/check"') == 6


def test_a_fill_time_stamp_is_good_for_one_appeal_only(client, app, world, session):
    stamp = started(app)
    assert submit(client, app, world, started=stamp).status_code == 302
    client.get("/appeals/receipt")
    response = submit(client, app, world, started=stamp, subject="The same stamp again")
    assert response.status_code == 422 and "already been sent" in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Appeal.id))) == 1


def test_a_fill_time_stamp_expires(client, app, world, session):
    response = submit(client, app, world, started=started(app, seconds_ago=app.config["FORM_STAMP_MAX_SECONDS"] + 5))
    assert response.status_code == 422 and "open for a long time" in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Appeal.id))) == 0
