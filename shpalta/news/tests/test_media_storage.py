"""Media in object storage: the real S3 API (moto's server on a spare local port, the same
HTTP protocol boto3 speaks to AWS or any S3-compatible store), configured through the same
environment variables as production; and files that go with their photo on both storages."""

import json
import runpy
import urllib.request
from html.parser import HTMLParser
from itertools import count
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from moto.server import ThreadedMotoServer

from shpalta.news.images import image_file_names
from shpalta.news.models import Image
from shpalta.testing import jpeg_bytes, make_article, make_image, make_staff

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "settings.py"
_buckets = count(1)


def public_read_policy(bucket: str) -> str:
    """The bucket policy docs/deploy.md asks for: anyone may read objects, no more."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicReadMedia",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }
    )


@pytest.fixture(scope="session")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


class Bucket:
    def __init__(self, endpoint: str, name: str) -> None:
        self.name = name
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="shpalta-test",
            aws_secret_access_key="shpalta-test-secret",
        )

    def keys(self) -> set[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return {item["Key"] for item in listing.get("Contents", [])}


def settings_from_env(monkeypatch, tmp_path, **env: str) -> dict:
    """Run shpalta/settings.py as a deployment would, with these environment variables."""
    monkeypatch.setenv("SHPALTA_DATA_DIR", str(tmp_path / "settings-data"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


@pytest.fixture
def s3_media(s3_server, settings, monkeypatch, tmp_path):
    """A fresh public-read bucket, and our storage settings pointed at it from the env."""
    bucket = Bucket(s3_server, f"shpalta-media-{next(_buckets)}")
    bucket.client.create_bucket(Bucket=bucket.name)
    bucket.client.put_bucket_policy(Bucket=bucket.name, Policy=public_read_policy(bucket.name))
    media_host = f"{s3_server}/{bucket.name}/"
    configured = settings_from_env(
        monkeypatch,
        tmp_path,
        SHPALTA_S3_BUCKET=bucket.name,
        SHPALTA_S3_ENDPOINT_URL=s3_server,
        SHPALTA_S3_ACCESS_KEY_ID="shpalta-test",
        SHPALTA_S3_SECRET_ACCESS_KEY="shpalta-test-secret",
        SHPALTA_MEDIA_URL=media_host,
    )
    settings.STORAGES = {**settings.STORAGES, "default": configured["STORAGES"]["default"]}
    settings.MEDIA_URL = configured["MEDIA_URL"]
    settings.CONTENT_SECURITY_POLICY = configured["CONTENT_SECURITY_POLICY"]
    bucket.media_host = media_host
    return bucket


def fetch(url: str):
    """What a reader's browser gets: an anonymous GET, no credentials."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), response.headers


class Pictures(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.srcsets: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("img", "source") and attrs.get("srcset"):
            self.srcsets.append(attrs["srcset"])
        if tag == "img" and attrs.get("src"):
            self.sources.append(attrs["src"])


@pytest.fixture
def author_client(client):
    client.force_login(make_staff("Автор"))
    return client


def upload_form(data: bytes, name: str = "photo.jpg") -> dict:
    return {
        "file": ContentFile(data, name=name),
        "alt": "Будівля Верховної Ради",
        "caption": "Сесійна зала",
        "credit": "фото з відкритих джерел",
        "focal_x": "0.25",
        "focal_y": "0.75",
    }


def stored_names(directory: str = "") -> set[str]:
    """Every file in the default storage, through the storage API (disk and S3 alike)."""
    folders, files = default_storage.listdir(directory)
    names = {f"{directory}{name}" for name in files}
    for folder in folders:
        names |= stored_names(f"{directory}{folder}/")
    return names


@pytest.fixture(params=["disk", "s3"])
def any_storage(request):
    """Run a test on local disk (the default) and on S3."""
    if request.param == "s3":
        request.getfixturevalue("s3_media")
    return request.param


# S3 round trip


def test_an_upload_in_the_desk_lands_in_the_bucket_with_its_renditions_and_crops(
    s3_media, author_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the rendition task runs
        response = author_client.post(
            reverse("desk:photo-upload"), upload_form(jpeg_bytes(1000, 600), "Рада.jpg")
        )
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.startswith("images/") and image.file.name.endswith("/rada.jpg")
    assert [r["width"] for r in image.renditions] == [320, 640, 960, 1000]
    assert set(image.crops) == {"wide", "square"}
    # The original, 4 widths and 2 crops in WebP and JPEG: all in the bucket, nothing else.
    assert s3_media.keys() == image_file_names(image)
    assert len(s3_media.keys()) == 13
    # The page a reader is sent to is public and served as an image, cacheable by the CDN.
    body, headers = fetch(s3_media.media_host + image.renditions[0]["webp"])
    assert body[:4] == b"RIFF" and body[8:12] == b"WEBP"
    assert headers["Content-Type"] == "image/webp"
    assert "max-age=31536000" in headers["Cache-Control"]


def test_the_article_page_takes_its_pictures_from_the_media_host(s3_media, client):
    image = make_image(1400, 800)
    article = make_article(hero_image=image)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = Pictures()
    page.feed(response.content.decode())
    urls = [part.split()[0] for srcset in page.srcsets for part in srcset.split(", ")]
    assert len(urls) == 8  # WebP and JPEG at 320, 640, 960 and 1280 px
    assert all(url.startswith(s3_media.media_host) for url in urls)
    assert not any("X-Amz-" in url or "Signature" in url for url in urls)  # no signed URLs
    for url in urls:
        body, _ = fetch(url)  # every address in the srcset really answers
        assert body
    # Open Graph and the browser's security policy agree with it.
    assert f'content="{s3_media.media_host}renditions/{image.pk}/' in response.content.decode()
    origin = s3_media.media_host.split(f"/{s3_media.name}/")[0]
    assert origin in response["Content-Security-Policy"].split("img-src")[1].split(";")[0]


def test_a_bad_upload_is_refused_and_nothing_reaches_the_bucket(s3_media, author_client):
    response = author_client.post(
        reverse("desk:photo-upload"), upload_form(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    )
    assert response.status_code == 400
    assert "Це не фото у форматі JPEG, PNG або WebP." in response.content.decode()
    assert not Image.objects.exists()
    assert s3_media.keys() == set()


def test_two_uploads_with_the_same_name_keep_both_originals(s3_media, author_client):
    for _ in range(2):
        author_client.post(reverse("desk:photo-upload"), upload_form(jpeg_bytes(), "photo.jpg"))
    names = {image.file.name for image in Image.objects.all()}
    assert len(names) == 2
    assert names <= s3_media.keys()


# Files go with their photo, on both storages


def test_deleting_a_photo_in_the_admin_deletes_its_files(
    any_storage, client, django_capture_on_commit_callbacks
):
    image = make_image(1000, 600)
    other = make_image(500, 300)
    assert image_file_names(image) <= stored_names()
    client.force_login(make_staff("Адміністратор"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:news_image_delete", args=[image.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()
    assert stored_names() == image_file_names(other)  # the other photo keeps its files


def test_a_deletion_that_is_rolled_back_keeps_the_files(any_storage):
    image = make_image()
    names = image_file_names(image)
    # Under the test's transaction nothing commits: as after a rollback, no callback runs.
    Image.objects.filter(pk=image.pk).delete()
    assert names <= stored_names()


def test_replacing_the_original_in_the_admin_deletes_the_old_files(
    any_storage, client, django_capture_on_commit_callbacks
):
    image = make_image(1000, 600)
    old_names = image_file_names(image)
    client.force_login(make_staff("Адміністратор"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:news_image_change", args=[image.pk]),
            {
                "file": ContentFile(jpeg_bytes(700, 400), name="nova.jpg"),
                "alt": image.alt,
                "caption": "",
                "credit": image.credit,
                "focal_x": "0.5",
                "focal_y": "0.5",
            },
        )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.file.name.endswith("nova.jpg")
    assert [r["width"] for r in image.renditions] == [320, 640, 700]
    assert stored_names() == image_file_names(image)
    assert not old_names & stored_names()


# Settings


def test_without_a_cdn_media_addresses_are_the_buckets_own(monkeypatch, tmp_path):
    configured = settings_from_env(
        monkeypatch,
        tmp_path,
        SHPALTA_S3_BUCKET="newsroom-media",
        SHPALTA_S3_REGION="eu-central-1",
    )
    assert configured["MEDIA_URL"] == "https://newsroom-media.s3.eu-central-1.amazonaws.com/"
    options = configured["STORAGES"]["default"]["OPTIONS"]
    assert options["querystring_auth"] is False
    assert options["custom_domain"] == "newsroom-media.s3.eu-central-1.amazonaws.com"


def test_local_disk_stays_the_default(monkeypatch, tmp_path):
    monkeypatch.delenv("SHPALTA_S3_BUCKET", raising=False)
    monkeypatch.delenv("SHPALTA_MEDIA_URL", raising=False)
    configured = settings_from_env(monkeypatch, tmp_path)
    assert configured["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert configured["MEDIA_URL"] == "/media/"


def test_a_media_address_that_is_not_absolute_is_refused(monkeypatch, tmp_path):
    with pytest.raises(Exception, match="SHPALTA_MEDIA_URL"):
        settings_from_env(
            monkeypatch, tmp_path, SHPALTA_S3_BUCKET="media", SHPALTA_MEDIA_URL="cdn.example.ua"
        )


def test_article_bodies_keep_pictures_from_the_media_host_only(settings):
    from shpalta.lib.html import sanitize_body

    settings.MEDIA_URL = "https://cdn.example.ua/media/"
    ours = '<img src="https://cdn.example.ua/media/renditions/1/rada-960.jpg" alt="Рада">'
    assert 'src="https://cdn.example.ua/media/renditions/1/rada-960.jpg"' in sanitize_body(ours)
    for foreign in (
        "https://cdn.example.ua.evil.example/media/x.jpg",
        "https://tracker.example/media/x.jpg",
        "https://cdn.example.ua/elsewhere/x.jpg",
    ):
        assert "src=" not in sanitize_body(f'<img src="{foreign}" alt="x">')
