"""The page cache may die or overflow: no request fails, and no locked account opens.

Real parts only: Redis servers of the tests' own (started on spare ports, then killed or
filled), Django's test client, and separate Python processes sharing one limits store.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.core.cache import caches
from django.test import Client, RequestFactory

from shpalta.news.caching import _cache_key
from shpalta.settings import page_cache
from shpalta.testing import make_article, make_comment, make_reader

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse 42"
WRONG = "Неправильна адреса електронної пошти або пароль."
PAUSED = "Задля вашої безпеки вхід призупинено на 15 хвилин"


def sign_in(client, password: str, ip: str = "10.0.0.1", email: str = "olena@example.com"):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def pages_in(url: str) -> int:
    return redis.Redis.from_url(url).dbsize()


@pytest.mark.parametrize("limits_in", ["database", "the same Redis"])
def test_when_redis_dies_pages_comments_and_sign_in_still_work(
    settings, redis_server, caplog, limits_in
):
    server = redis_server()
    settings.CACHES = {**settings.CACHES, "pages": page_cache(server.database(0))}
    if limits_in == "the same Redis":
        settings.LIMITS_REDIS_URL = server.database(1)
    settings.PAGE_CACHE_SECONDS = 300
    settings.COMMENTS_PROBATION = 0
    article = make_article("Історія дня")
    make_comment(article, body="Перший коментар до історії")
    make_reader(email="olena@example.com")
    client = Client(raise_request_exception=False)
    assert "Історія дня" in client.get(article.get_absolute_url()).content.decode()
    assert pages_in(server.database(0)) > 0  # the page was cached in Redis
    server.kill()

    with caplog.at_level("WARNING", logger="shpalta.outages"):
        for url, text in [
            ("/", "Історія дня"),
            (article.get_absolute_url(), "Історія дня"),
            (article.section.get_absolute_url(), "Історія дня"),
            ("/search/?q=історія", "дня"),
            ("/rss/", "Історія дня"),
        ]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert text in response.content.decode(), url
        article.title = "Історія дня, оновлена"
        article.save()  # a purge while Redis is down: logged, never an error for the editor
        edited = client.get(article.get_absolute_url())
        assert "Історія дня, оновлена" in edited.content.decode()
        thread = client.get(f"/comments/{article.pk}/")
        assert thread.status_code == 200
        assert "Перший коментар до історії" in thread.json()["html"]
        wrong = sign_in(client, "not her password")
        assert wrong.status_code == 200 and WRONG in wrong.content.decode()
        assert sign_in(client, PASSWORD).status_code == 302
        posted = client.post(
            f"/comments/{article.pk}/post/",
            {"body": "Коментар, поки Redis лежить"},
            HTTP_ACCEPT="application/json",
        )
        assert posted.status_code == 201, posted.content.decode()
    warnings = [r.getMessage() for r in caplog.records if r.name == "shpalta.outages"]
    page_cache_warnings = [w for w in warnings if w.startswith("page cache")]
    assert len(page_cache_warnings) == 1  # once a minute, not once a request
    assert "unavailable" in page_cache_warnings[0]


def flood(client, searches: int) -> None:
    """The reviewer's 2,000 addresses with a unique ?x=, then many distinct real pages."""
    for n in range(2000):
        assert client.get(f"/?x={n}").status_code == 200
    for n in range(searches):
        assert client.get(f"/search/?q=повінь{n}").status_code == 200


def first_search_still_cached() -> bool:
    return caches["pages"].get(_cache_key(RequestFactory().get("/search/?q=повінь0"))) is not None


def test_flooding_the_local_page_cache_does_not_free_a_locked_account(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    make_article("Історія дня")
    make_reader(email="olena@example.com")
    for n in range(5):
        assert WRONG in sign_in(client, "guess", ip=f"10.0.1.{n}").content.decode()
    flood(client, searches=400)  # local memory keeps at most 300 entries
    assert not first_search_still_cached()  # the flood really pushed pages out
    assert PAUSED in sign_in(client, PASSWORD, ip="10.0.2.1").content.decode()


@pytest.mark.redis
def test_flooding_an_evicting_redis_page_cache_does_not_free_a_locked_account(
    client, settings, redis_server
):
    server = redis_server("--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru")
    settings.CACHES = {**settings.CACHES, "pages": page_cache(server.url)}
    settings.PAGE_CACHE_SECONDS = 300
    make_article("Історія дня")
    make_reader(email="olena@example.com")
    for n in range(5):
        assert WRONG in sign_in(client, "guess", ip=f"10.0.1.{n}").content.decode()
    flood(client, searches=1000)
    assert redis.Redis.from_url(server.url).info("stats")["evicted_keys"] > 0
    assert PAUSED in sign_in(client, PASSWORD, ip="10.0.2.1").content.decode()


# One reader's sign-in attempts, sent by a process that stays up (as a gunicorn worker does).
WORKER = f"""
import sys
import django
django.setup()
from django.test import Client
from django.test.utils import override_settings
# Plain static storage: no collectstatic ran for this data folder (as in conftest.py).
override_settings(
    STORAGES={{
        "default": {{"BACKEND": "django.core.files.storage.FileSystemStorage"}},
        "staticfiles": {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
    }}
).enable()
for line in sys.stdin:
    password, ip = line.rstrip().rsplit(" ", 1)
    response = Client().post(
        "/accounts/login/", {{"login": "olena@example.com", "password": password}}, REMOTE_ADDR=ip
    )
    paused = {PAUSED!r} in response.content.decode()
    print(response.status_code, "paused" if paused else "-", flush=True)
"""


class Worker:
    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def sign_in(self, password: str, ip: str) -> str:
        self.process.stdin.write(f"{password} {ip}\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.mark.parametrize("store", ["database", "redis"])
def test_two_processes_lock_the_account_at_the_fifth_failure_between_them(
    tmp_path, redis_server, store
):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SHPALTA_", "DATABASE_URL", "REDIS_URL", "DEBUG"))
    }
    env.update(DJANGO_SETTINGS_MODULE="shpalta.settings", SHPALTA_DATA_DIR=str(tmp_path))
    (tmp_path / "static").mkdir()
    if store == "redis":
        env["SHPALTA_LIMITS_REDIS_URL"] = redis_server("--maxmemory-policy", "noeviction").url
    make_site = "from shpalta.testing import make_reader; make_reader(email='olena@example.com')"
    for command in (["migrate", "-v0"], ["shell", "-c", make_site]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=120
        )
    one, two = Worker(env), Worker(env)
    try:
        answers = [
            worker.sign_in("guess", f"10.0.3.{n}") for n, worker in enumerate([one, two, one, two])
        ]
        assert answers == ["200 -"] * 4
        assert two.sign_in(PASSWORD, "10.0.4.1") == "302 -"  # four failures: not locked yet
        assert one.sign_in("guess", "10.0.3.9") == "200 -"  # the fifth
        assert two.sign_in(PASSWORD, "10.0.4.2") == "200 paused"
        assert one.sign_in(PASSWORD, "10.0.4.3") == "200 paused"
    finally:
        one.stop()
        two.stop()
