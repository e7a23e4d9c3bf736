"""`make run`'s demo: an editor-chosen «Головне» and marked stories, loaded once."""

import pytest
from django.core.management import call_command
from lxml import html

from shpalta.frontpage.models import Slot
from shpalta.news.demo import SAMPLE_TITLE
from shpalta.news.models import Article

pytestmark = pytest.mark.django_db


def test_the_demo_front_page_is_chosen_by_an_editor_and_a_second_run_changes_nothing(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo")
    slots = list(Slot.objects.values_list("position", "article_id"))
    saved = list(Article.objects.values_list("id", "importance", "changed_at"))
    call_command("load_demo")
    assert list(Slot.objects.values_list("position", "article_id")) == slots
    assert list(Article.objects.values_list("id", "importance", "changed_at")) == saved

    doc = html.fromstring(client.get("/").content.decode())
    assert doc.cssselect(".top-title a")[0].text_content() == SAMPLE_TITLE
    main = [a.text_content() for a in doc.cssselect(".main-news .card-title a")]
    newest = list(
        Article.objects.published()
        .exclude(title=SAMPLE_TITLE)
        .values_list("title", flat=True)[: len(main)]
    )
    assert len(main) == 6 and main != newest  # the editor's picks, not simply the newest
    assert doc.cssselect(".front-stream .stream-item.is-urgent .urgent-mark")
    assert doc.cssselect(".front-stream .stream-item.is-important")
