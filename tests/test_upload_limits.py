"""One public request cannot hold a worker: few attachments, a pixel cap per image and a pixel budget per request."""

import io

import pytest
from PIL import Image, ImageFile
from sqlalchemy import func, select

from app.appeals.models import Appeal
from tests.test_appeals import appeal_data
from tests.test_uploads import png_header


def png(size=(20, 20)):
    data = io.BytesIO()
    Image.new("RGB", size, "red").save(data, "PNG")
    return data.getvalue()


SMALL = png()
MEGAPIXEL = png((1000, 1000))


def send(client, app, world, files):
    data = appeal_data(client, app, world, attachments=[(io.BytesIO(body), name) for body, name in files])
    return client.post("/appeals/new?lang=en", data=data, content_type="multipart/form-data")


def appeals(session):
    return session.scalar(select(func.count()).select_from(Appeal))


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if any image's pixels are decoded."""

    def refuse(self, *args, **kwargs):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(Image.Image, "load", refuse)


def test_an_appeal_with_more_than_five_attachments_is_refused_before_any_is_opened(client, app, world, session,
                                                                                  no_decoding):
    response = send(client, app, world, [(SMALL, f"photo{n}.png") for n in range(6)])
    assert response.status_code == 422
    assert "Attach at most 5 files to one appeal." in response.get_data(as_text=True)
    assert appeals(session) == 0


def test_five_attachments_are_accepted(client, app, world, session):
    response = send(client, app, world, [(SMALL, f"photo{n}.png") for n in range(5)])
    assert response.status_code == 302
    assert session.scalars(select(Appeal)).one().attachments[4].title == "photo4"


def test_an_image_above_25_megapixels_is_refused_before_decoding(client, app, world, session, no_decoding):
    # 30 MP: under the old 40 MP cap, over a phone photo's size.
    response = send(client, app, world, [(png_header(6000, 5000), "bomb.png")])
    assert response.status_code == 422
    assert "it has more than 25 megapixels" in response.get_data(as_text=True)


def test_photos_beyond_the_pixel_budget_of_a_request_are_refused_before_decoding(client, app, world, session,
                                                                                 monkeypatch):
    monkeypatch.setitem(app.config, "MAX_DECODED_PIXELS_PER_REQUEST", 2_500_000)
    decoded = []
    real_load = ImageFile.ImageFile.load

    def counting_load(self, *args, **kwargs):
        if self.tile:  # a file whose pixels are still to be decoded
            decoded.append(self.size)
        return real_load(self, *args, **kwargs)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting_load)
    response = send(client, app, world, [(MEGAPIXEL, f"photo{n}.png") for n in range(3)])
    assert response.status_code == 422
    assert "These photos are too large together." in response.get_data(as_text=True)
    assert decoded == [(1000, 1000), (1000, 1000)]  # the third was refused by its header alone
    assert appeals(session) == 0
