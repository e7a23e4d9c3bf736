"""The desk's focal point picker in real Chromium, under the Content-Security-Policy."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from shpalta.news.models import Image
from shpalta.testing import jpeg_bytes, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_an_author_picks_the_focal_point_by_clicking_the_preview(page, live_server):
    sign_in(page, live_server, make_staff("Автор"))
    page.goto(live_server.url + "/desk/photos/upload/")
    assert page.locator("input[name=focal_x]").is_visible()  # numbers until a photo is chosen

    page.locator("input[type=file]").set_input_files(
        {"name": "rada.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(800, 400)}
    )
    preview = page.locator(".focal-image")
    expect(preview).to_be_visible()
    assert page.locator("input[name=focal_x]").is_hidden()
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.75, "y": box["height"] * 0.25})
    assert float(page.locator("input[name=focal_x]").input_value()) == pytest.approx(0.75, abs=0.02)
    page.locator(".focal-frame").press("ArrowDown")
    assert float(page.locator("input[name=focal_y]").input_value()) == pytest.approx(0.27, abs=0.02)

    page.get_by_label("Альтернативний текст").fill("Будівля Ради")
    page.get_by_role("button", name="Завантажити", exact=True).click()
    expect(page.get_by_text("Фото завантажено.")).to_be_visible()

    image = Image.objects.get()
    assert image.focal_x == pytest.approx(0.75, abs=0.02)
    assert image.focal_y == pytest.approx(0.27, abs=0.02)
    assert image.crops  # the immediate task backend ran after the commit
    expect(page.locator(".focal-marker")).to_be_visible()
    assert page.failures == []
