"""Residents submit appeals and follow them by tracking number and secret; personal data stays private."""

import io
import re
import subprocess
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
from tests.fixtures.accounts import csrf_token


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


def test_the_receipt_shows_the_number_and_code_for_the_rest_of_the_session(client, app, world, session):
    response = submit(client, app, world)
    assert response.status_code == 302
    first = client.get(response.headers["Location"])
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    number = re.search(r"<strong>(TST-\d{4}-\d{6})</strong>", html).group(1)
    code = re.search(r'<code class="secret-code">([^<]+)</code>', html).group(1)
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{3}", code)
    assert "key=" not in html and code.replace("-", "") not in html.replace(code, "")
    again = client.get(response.headers["Location"])
    assert again.status_code == 200 and code in again.get_data(as_text=True)
    another_browser = app.test_client()
    gone = another_browser.get(response.headers["Location"])
    assert gone.status_code == 410 and code not in gone.get_data(as_text=True)
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    assert appeal.status == AppealStatus.RECEIVED and code.replace("-", "") not in appeal.secret_hash
    mail = session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "ani@example.am"))
    assert number in mail.subject and code in mail.body_text
    link = re.search(r"http://localhost(/appeals/track/link/\S+)", mail.body_text).group(1)
    assert code not in link and code.replace("-", "") not in link


def test_the_receipt_downloads_as_a_pdf_in_the_readers_language(client, app, world):
    number, code = receipt(client, app, world)
    response = client.get("/appeals/receipt.pdf?lang=ru")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data)
    assert number in text and code in text and "Расписка по обращению" in text


@pytest.mark.parametrize("lang", ["en", "hy"])
def test_the_receipt_mail_and_pdf_write_the_due_date_day_first(client, app, world, session, lang):
    from flask_babel import force_locale

    from app.i18n import date_long
    number, _code = receipt(client, app, world)  # sent from the English form
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    with app.test_request_context(), force_locale(lang):
        due = date_long(appeal.due_date)
    assert re.fullmatch(r"[1-9]\d? \w+,? \d{4}( թ\.)?", due)
    text = pdf_text(client.get(f"/appeals/receipt.pdf?lang={lang}").data)
    assert due in " ".join(text.split())
    if lang == "en":  # the receipt mail is in the language the form was sent in
        mail = session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "ani@example.am"))
        assert due in mail.body_text


def pdf_text(data):
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


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


def test_required_choices_start_empty(client, world):
    html = client.get("/appeals/new?lang=en").get_data(as_text=True)
    for name in ("kind", "settlement_id"):
        select = re.search(rf'<select[^>]*\bid="{name}"[^>]*>(.*?)</select>', html).group(1)
        options = re.findall(r"<option[^>]*>", select)
        # The empty "Choose…" first, and no real choice made for the resident.
        assert 'value=""' in options[0] and not any("selected" in o for o in options[1:]), name
    assert "Choose…" in html


def test_a_form_sent_without_choices_lists_each_problem_as_a_link_to_its_field(client, app, world, session):
    before = count(session, Appeal)
    response = submit(client, app, world, kind="", settlement_id="", subject="", text="x" * 20005)
    assert response.status_code == 422 and count(session, Appeal) == before
    html = response.get_data(as_text=True)
    summary = html[html.index('<div class="notice error-summary"'):]
    summary = summary[:summary.index("</div>")]
    assert 'id="error-summary" role="alert" tabindex="-1" autofocus' in summary
    assert "There are 4 problems to correct; nothing you entered was lost." in summary
    links = re.findall(r'<a href="#([a-z_]+)">([^<]+)</a>', summary)
    assert [anchor for anchor, _text in links] == ["kind", "subject", "text", "settlement_id"]
    assert links[0][1] == "Kind of appeal: Choose the kind of appeal."
    assert links[3][1] == "Settlement: Choose the settlement the matter is in."
    assert links[2][1].startswith("Your appeal: 5 characters too many: at most 20,000 fit. Nothing was cut")
    for name in ("kind", "subject", "text", "settlement_id"):
        element = re.search(rf'<(?:select|input|textarea)[^>]*\bid="{name}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in element and f"{name}-error" in element, name
        assert "maxlength" not in element, name
    # The long text came back whole, with its count.
    assert "x" * 20005 in html and "20,005 of 20,000 characters: 5 too many" in html
    # Fields without a problem are not marked.
    name_input = re.search(r'<input[^>]*\bid="applicant_name"[^>]*>', html).group(0)
    assert "aria-invalid" not in name_input


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


def open_appeal(client, number, code, **extra):
    """Type the number and code into the tracking form, as a resident does; the response after the redirect."""
    token = csrf_token(client, "/appeals/track")
    response = client.post("/appeals/track?lang=en", data={"csrf_token": token, "number": number, "key": code},
                           **extra)
    if response.status_code != 303:
        return response
    location = response.headers["Location"]
    assert code not in location and code.replace("-", "") not in location
    return client.get(location)


def test_tracking_shows_status_history_and_the_deadline_explanation(client, app, world):
    number, code = receipt(client, app, world, kind="information_request")
    resident = app.test_client()  # another browser: only the number and the code open it
    response = open_appeal(resident, number, code)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Received" in html and "Information request" in html
    assert "Limit: 5 calendar days" in html and "Received on" in html
    assert "Անի Պետրոսյան" in html and "ani@example.am" in html


def test_the_code_is_accepted_in_small_letters_with_spaces(client, app, world):
    number, code = receipt(client, app, world)
    typed = " ".join(code.replace("-", "").lower()[i:i + 3] for i in range(0, 11, 3))
    response = open_appeal(app.test_client(), number.lower(), typed)
    assert response.status_code == 200 and "Անի Պետրոսյան" in response.get_data(as_text=True)


def test_an_older_long_secret_still_opens_its_appeal(app, make_appeal):
    appeal = make_appeal(secret="Xy3_long-Secret-from-before-codes0")
    response = open_appeal(app.test_client(), appeal.tracking_number, "Xy3_long-Secret-from-before-codes0")
    assert response.status_code == 200 and appeal.subject in response.get_data(as_text=True)


def test_the_tracked_address_shows_nothing_to_another_browser(client, app, world):
    number, _code = receipt(client, app, world)
    response = app.test_client().get(f"/appeals/track/{number}?lang=en")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Անի Պետրոսյան" not in html
    assert f'value="{number}"' in html  # the form, with the number filled in


def test_wrong_code_or_number_gives_the_form_back_with_one_message(client, app, world):
    number, code = receipt(client, app, world)
    other = "2222-3333-444" if code != "2222-3333-444" else "2222-3333-445"
    resident = app.test_client()
    wrong_code = open_appeal(resident, number, other)
    wrong_number = open_appeal(resident, "TST-1999-000001", code)
    assert wrong_code.status_code == wrong_number.status_code == 404
    first, second = wrong_code.get_data(as_text=True), wrong_number.get_data(as_text=True)
    assert "We could not find an appeal with this number and code" in first
    assert f'value="{number}"' in first and other not in first  # the number kept, the code not echoed
    # The two pages differ only by the number typed: nothing tells which of the two was wrong.
    strip = re.compile(r'name="csrf_token" type="hidden" value="[^"]+"')
    assert strip.sub("", first).replace(number, "N") == strip.sub("", second).replace("TST-1999-000001", "N")


def test_an_emailed_link_opens_the_appeal_once_and_then_a_clean_address(client, app, world, session):
    number, _code = receipt(client, app, world)
    mail = session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "ani@example.am"))
    link = re.search(r"http://localhost(/appeals/track/link/\S+)", mail.body_text).group(1)
    resident = app.test_client()
    response = resident.get(link)
    assert response.status_code == 303 and response.headers["Location"] == f"/appeals/track/{number}"
    assert "Անի Պետրոսյան" in resident.get(response.headers["Location"]).get_data(as_text=True)
    reused = app.test_client().get(link + "?lang=en")
    assert reused.status_code == 410 and "already been used" in reused.get_data(as_text=True)


def test_tracking_attempts_are_limited_per_address(client, world):
    statuses = []
    for n in range(21):
        statuses.append(open_appeal(client, f"TST-2026-{n:06d}", "2222-3333-444").status_code)
    assert statuses[:20] == [404] * 20 and statuses[20] == 429


def test_wrong_codes_for_one_number_are_limited_from_every_address(client, app, world):
    number, _code = receipt(client, app, world)
    statuses = []
    for n in range(11):
        guesser = app.test_client()
        statuses.append(open_appeal(guesser, number, f"2222-3333-{n + 442}",
                                    environ_base={"REMOTE_ADDR": f"10.0.0.{n + 1}"}).status_code)
    assert statuses[:10] == [404] * 10 and statuses[10] == 429


def test_an_open_appeal_can_be_withdrawn_once(client, app, world, session):
    number, _code = receipt(client, app, world)
    token = csrf_token(client, f"/appeals/track/{number}")
    unconfirmed = client.post("/appeals/track/withdraw", data={"csrf_token": token, "number": number})
    assert unconfirmed.status_code == 422
    confirmed = {"csrf_token": token, "number": number, "confirm": "y"}
    response = client.post("/appeals/track/withdraw", data=confirmed)
    assert response.status_code == 302
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    session.refresh(appeal)
    assert appeal.status == AppealStatus.WITHDRAWN and appeal.closed_dt is not None
    again = client.post("/appeals/track/withdraw", data=confirmed)
    assert again.status_code == 409
    stranger = app.test_client()
    wrong = stranger.post("/appeals/track/withdraw",
                          data=dict(confirmed, csrf_token=csrf_token(stranger, "/appeals/track")))
    assert wrong.status_code == 404


def test_a_closed_appeal_can_be_rated_once(client, app, world, session):
    number, _code = receipt(client, app, world)
    appeal = session.scalar(select(Appeal).where(Appeal.tracking_number == number))
    appeal.status, appeal.answer_text = AppealStatus.ANSWERED, "Լույսը վերականգնված է։"
    appeal.closed_dt = datetime.now(timezone.utc)
    appeal.events.append(AppealEvent(status=AppealStatus.ANSWERED, public=True))
    session.flush()
    track_url = f"/appeals/track/{number}"
    html = client.get(track_url).get_data(as_text=True)
    assert "Լույսը վերականգնված է։" in html and 'name="content"' in html
    token = csrf_token(client, track_url)
    rating = {"csrf_token": token, "number": number, "content": "4", "timeliness": "5"}
    assert client.post("/appeals/track/rate", data=rating).status_code == 302
    session.refresh(appeal)
    assert (appeal.rating_content, appeal.rating_timeliness) == (4, 5)
    assert 'name="content"' not in client.get(track_url).get_data(as_text=True)
    assert client.post("/appeals/track/rate", data=rating).status_code == 409


def test_personal_data_never_appears_on_public_pages(client, app, world):
    canaries = {"applicant_name": "Canary Name Zx81q", "applicant_email": "canary.zx81q@example.am",
                "applicant_phone": "+374 91 818181", "applicant_address": "Canary Street Zx81q"}
    number, _code = receipt(client, app, world, **canaries)
    pages = ["/", "/schedule", "/schedule?view=calendar", "/program", "/institutions", "/institutions/music-school",
             "/institutions/gosh-club", "/settlements/gosh", "/settlements/town", "/appeals/new", "/appeals/track",
             "/proposals", f"/appeals/track?number={number}&key=wrong", "/appeals/receipt",
             f"/appeals/track/{number}"]
    stranger = app.test_client()
    for path in pages:
        html = stranger.get(path).get_data(as_text=True)
        for value in canaries.values():
            assert value not in html, (path, value)
    own = client.get(f"/appeals/track/{number}").get_data(as_text=True)
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
