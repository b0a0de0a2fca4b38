"""Notice-board posters: A4 HTML and PDF with the month's actions and QR codes that open the right pages."""

import shutil
import subprocess
from datetime import date

import pytest
import zxingcpp
from PIL import Image


@pytest.fixture
def poster_world(world, make_action):
    world.community.phone = "+374 268 2 22 22"
    make_action(institution=world.club, title_hy="Գոշավանքի մաքրում", title_en="Cleaning Goshavank",
                start=date(2026, 5, 9), venue_hy="Գոշավանք")
    make_action(institution=world.club, title_hy="Ապրիլյան ժողով", start=date(2026, 4, 30))
    make_action(institution=world.school, title_hy="Քաղաքի համերգ", start=date(2026, 5, 10))
    return world


def test_poster_shows_the_settlements_month_with_stand_alone_month_name_and_contacts(client, poster_world):
    html = client.get("/settlements/gosh/poster?month=2026-05&lang=hy").get_data(as_text=True)
    assert "Գոշ" in html and "Մայիս 2026" in html  # nominative, not the genitive մայիսի
    assert "Գոշավանքի մաքրում" in html and "Գոշավանք" in html
    assert "Ապրիլյան ժողով" not in html and "Քաղաքի համերգ" not in html
    assert "+374 268 2 22 22" in html
    assert html.count("<svg") == 2 and "<script" not in html
    assert "Май 2026" in client.get("/settlements/gosh/poster?month=2026-05&lang=ru").get_data(as_text=True)


def test_poster_of_an_unknown_settlement_or_bad_month_is_not_found(client, poster_world):
    assert client.get("/settlements/nowhere/poster").status_code == 404
    assert client.get("/settlements/gosh/poster?month=2026-13").status_code == 404


def test_settlement_page_and_settlement_filtered_schedule_link_the_poster(client, poster_world):
    assert "/settlements/gosh/poster" in client.get("/settlements/gosh").get_data(as_text=True)
    html = client.get("/schedule?settlement=gosh&month=2026-05").get_data(as_text=True)
    assert "/settlements/gosh/poster?month=2026-05" in html
    assert "/poster" not in client.get("/schedule?month=2026-05").get_data(as_text=True)


@pytest.fixture
def pdf_path(client, poster_world, tmp_path):
    response = client.get("/settlements/gosh/poster.pdf?month=2026-05&lang=hy")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "poster.pdf"
    path.write_bytes(response.get_data())
    return path


def test_poster_pdf_contains_the_settlement_and_the_action_in_armenian(pdf_path):
    assert shutil.which("pdftotext"), "poppler-utils is needed (apt-get install poppler-utils)"
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Գոշ" in text
    assert "Գոշավանքի մաքրում" in text
    assert "Մայիս 2026" in text


def test_poster_pdf_qr_codes_open_the_months_schedule_and_the_appeal_form(pdf_path, tmp_path):
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf_path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    found = {r.text for p in pages for r in zxingcpp.read_barcodes(Image.open(p))}
    assert found == {"http://localhost/schedule?settlement=gosh&month=2026-05", "http://localhost/appeals/new"}


def test_rendering_a_poster_leaves_uploads_refusing_a_truncated_photo(pdf_path, app, tmp_path, monkeypatch):
    """WeasyPrint's import makes Pillow accept truncated images process-wide; a photo cut in half must still be
    refused after a poster was rendered in the same worker."""
    import io

    from werkzeug.datastructures import FileStorage

    from app.media.uploads import UploadError, accept_image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 120, 200)).save(buffer, "JPEG", quality=95)
    half = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    with app.test_request_context():
        monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
        with pytest.raises(UploadError):
            accept_image(FileStorage(io.BytesIO(half), filename="cut.jpg", content_type="image/jpeg"))
