"""Revisions as typed snapshots: the stored JSON keeps its format, and revisions stored
before the snapshot existed still show, preview and restore."""

import pytest
from django.test import Client
from django.urls import reverse

from shpalta.accounts.roles import EDITOR
from shpalta.news import services
from shpalta.news.models import Article, Revision
from shpalta.news.snapshots import ArticleSnapshot, SourceRef, snapshot_refs
from shpalta.testing import (
    make_article,
    make_person,
    make_section,
    make_source,
    make_staff,
    make_tag,
)

pytestmark = pytest.mark.django_db


def old_revision_data(section, tag, person, source, related, author) -> dict:
    """A revision exactly as the desk stored it before ArticleSnapshot."""
    return {
        "title": "Стара версія",
        "slug": "stara-versiia",
        "lead": "Лід старої версії.",
        "highlight": "",
        "body": "<p>Текст старої версії.</p>",
        "comment_mode": "premoderated",
        "comments_enabled": True,
        "section": section.pk,
        "hero_image": None,
        "tags": [tag.pk],
        "people": [person.pk],
        "authors": [author.pk],
        "sources": [{"source": source.pk, "url": "https://example.com/report"}],
        "related": [related.pk],
        "status": "draft",
        "published_at": None,
    }


def test_the_stored_json_keeps_its_format_both_ways():
    section, tag, person, source = make_section(), make_tag(), make_person(), make_source()
    data = old_revision_data(section, tag, person, source, make_article(), make_staff(EDITOR))
    snapshot = ArticleSnapshot.from_json(data)
    assert snapshot.sources == (SourceRef(source.pk, "https://example.com/report"),)
    assert snapshot.to_json() == data


def test_a_partial_or_malformed_old_revision_reads_as_empty_parts():
    snapshot = ArticleSnapshot.from_json(
        {"title": "Лише заголовок", "tags": ["x", 3, None], "sources": [{"url": "y"}, "z"]}
    )
    assert (snapshot.title, snapshot.tags, snapshot.sources) == ("Лише заголовок", (3,), ())
    assert snapshot.section is None and snapshot.comments_enabled
    assert snapshot_refs([snapshot]).readable(snapshot)["tags"] == ["видалено (№3)"]


def test_an_old_revision_is_shown_previewed_and_restored():
    editor = make_staff(EDITOR)
    section, tag, person = make_section("Світ"), make_tag("Дипломатія"), make_person("Лавров")
    source, related = make_source("NBC News"), make_article("Раніше")
    article = make_article("Нова версія", status=Article.Status.DRAFT)
    old = Revision.objects.create(
        article=article,
        version=1,
        data=old_revision_data(section, tag, person, source, related, editor),
        created_by=editor,
    )
    client = Client()
    client.force_login(editor)
    history = client.get(reverse("desk:article-history", args=[article.pk])).content.decode()
    assert "Стара версія" in history and "Дипломатія" in history and "NBC News" in history
    preview = client.get(reverse("desk:revision-preview", args=[article.pk, old.pk]))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Текст старої версії." in page and "Раніше" in page and "Лавров" in page
    restored = services.revision_restore(revision=old, user=editor, base_version=1)
    assert restored.title == "Стара версія" and restored.section == section
    assert list(restored.tags.all()) == [tag] and list(restored.people.all()) == [person]
    assert [(s.source, s.url) for s in restored.source_links.all()] == [
        (source, "https://example.com/report")
    ]
    assert [link.related for link in restored.related_links.all()] == [related]
