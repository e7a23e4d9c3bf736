"""Browser tests: one headless Chromium for the run, pointed at pytest-django's live server."""

import shutil
from itertools import groupby
from pathlib import Path

import pytest
from playwright.sync_api import Error, sync_playwright

from conftest import service_missing

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for all browser tests: Debian's, never a downloaded one.

    Package-scoped rather than session-scoped on purpose: Playwright's sync API keeps an
    asyncio loop running in the test thread while it lives, which makes Django refuse
    database access (SynchronousOnlyOperation) unless DJANGO_ALLOW_ASYNC_UNSAFE is set.
    Stopping it after the last browser test keeps both the loop and that variable out
    of every other test (``check --deploy`` in a subprocess reports it as async.E001).
    """
    if not Path(CHROMIUM).exists():
        service_missing("Chromium", f"{CHROMIUM} is not installed")
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        try:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
        except Error as error:
            service_missing("Chromium", str(error).strip().splitlines()[0])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh desktop-sized tab; ``page.failures`` lists broken responses and JS errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="uk-UA")
    context.set_default_timeout(5_000)
    tab = context.new_page()
    tab.failures = []

    def on_response(response) -> None:
        if response.status >= 400:
            tab.failures.append(f"{response.status} {response.url}")

    def on_request_failed(request) -> None:
        if request.failure != "net::ERR_ABORTED":  # cancelled by the next navigation
            tab.failures.append(f"{request.failure} {request.url}")

    tab.on("response", on_response)
    tab.on("requestfailed", on_request_failed)
    tab.on("pageerror", lambda error: tab.failures.append(f"JavaScript: {error}"))
    yield tab
    context.close()


@pytest.fixture(scope="session")
def _demo_snapshot(tmp_path_factory):
    """Where the first test keeps the demo site, so later tests copy it instead of redrawing."""
    return {"media": tmp_path_factory.mktemp("demo-media"), "rows": None}


def _restore_rows(serialized: str) -> None:
    """Insert serialized rows (and their many-to-many links) in a few bulk queries."""
    from django.core import serializers

    links: dict[type, list] = {}
    rows = list(serializers.deserialize("json", serialized))
    for model, group in groupby(rows, lambda row: type(row.object)):
        group = list(group)
        model.objects.bulk_create([row.object for row in group])
        for row in group:
            for name, ids in row.m2m_data.items():
                field = model._meta.get_field(name)
                through = field.remote_field.through
                this, other = field.m2m_column_name(), field.m2m_reverse_name()
                links.setdefault(through, []).extend(
                    through(**{this: row.object.pk, other: pk}) for pk in ids
                )
    for through, objects in links.items():
        through.objects.bulk_create(objects)


@pytest.fixture
def demo_site(live_server, settings, _demo_snapshot):
    """The live server's address, with the demo content of ``make run`` in the database.

    ``demo_load()`` spends most of its ~2 s drawing and encoding pictures, and the
    database is emptied after every live-server test; so its result (rows and media
    files) is kept after the first run and copied back for every later test.
    """
    from django.apps import apps
    from django.core import serializers
    from django.db import transaction

    from shpalta.news.demo import demo_load

    media = Path(settings.MEDIA_ROOT)
    if _demo_snapshot["rows"] is None:
        demo_load()
        # Everything demo_load() creates lives in the news app (links included).
        news_models = apps.get_app_config("news").get_models()
        rows = [row for model in news_models for row in model.objects.order_by("pk")]
        _demo_snapshot["rows"] = serializers.serialize("json", rows)
        shutil.copytree(media, _demo_snapshot["media"], dirs_exist_ok=True)
    else:
        shutil.copytree(_demo_snapshot["media"], media, dirs_exist_ok=True)
        with transaction.atomic():
            _restore_rows(_demo_snapshot["rows"])
    return live_server.url
