"""Staff previews: the reader's page for drafts and old versions, never cached, never public."""

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.urls import reverse

from shpalta.accounts.roles import AUTHOR, EDITOR, MODERATOR
from shpalta.news import services
from shpalta.news.caching import _cache_key
from shpalta.news.models import Article, Section
from shpalta.news.services import ArticleContent
from shpalta.testing import (
    make_article,
    make_person,
    make_reader,
    make_source,
    make_staff,
    make_tag,
)

pytestmark = pytest.mark.django_db
BANNER = "Попередній перегляд — читачі цього не бачать"


def content(**fields) -> ArticleContent:
    fields.setdefault("title", "Секретна чернетка про перемовини")
    fields.setdefault("lead", "Лід, якого ще ніхто не бачив.")
    fields.setdefault("body", "<p>Текст чернетки.</p>")
    if "section" not in fields:
        fields["section"] = Section.objects.get_or_create(name="Політика", slug="polityka")[0]
    return ArticleContent(**fields)


def draft(user=None, **fields) -> Article:
    return services.article_create(content=content(**fields), user=user or make_staff(EDITOR))


def preview(client, article, revision=None):
    if revision is None:
        return client.get(reverse("desk:article-preview", args=[article.pk]))
    return client.get(reverse("desk:revision-preview", args=[article.pk, revision.pk]))


def test_an_editor_previews_a_draft_on_the_readers_page_with_a_banner(client):
    editor = make_staff(EDITOR)
    article = draft(editor, tags=[make_tag("Дипломатія")], people=[make_person("Річард Гаас")])
    client.force_login(editor)
    response = preview(client, article)
    page = response.content.decode()
    assert response.status_code == 200
    assert BANNER in page and "Чернетка" in page
    assert '<h1 id="article-title">Секретна чернетка про перемовини</h1>' in page
    assert "Дипломатія" in page and "Річард Гаас" in page
    assert "Текст чернетки." in page


def test_a_preview_is_never_cached_nor_indexed(client):
    editor = make_staff(EDITOR)
    client.force_login(editor)
    response = preview(client, draft(editor))
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Surrogate-Key" not in response and "Cache-Tag" not in response
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_a_preview_never_enters_the_page_cache_and_the_draft_stays_hidden(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    editor = make_staff(EDITOR)
    article = draft(editor)
    client.force_login(editor)
    url = reverse("desk:article-preview", args=[article.pk])
    assert preview(client, article).status_code == 200
    assert caches["pages"].get(_cache_key(RequestFactory().get(url))) is None
    public = Client().get(f"/news/{article.pk}-{article.slug}/")
    assert public.status_code == 404
    assert "Секретна чернетка" not in Client().get("/").content.decode()


def test_a_reader_never_sees_draft_content(client):
    article = draft()
    reader = make_reader()
    client.force_login(reader)
    for response in (
        preview(client, article),
        preview(client, article, article.revisions.get()),
        client.get(f"/news/{article.pk}-{article.slug}/"),
        client.get(f"/news/{article.pk}/"),
        client.get("/"),
    ):
        assert response.status_code in (200, 403, 404)
        assert "Секретна чернетка" not in response.content.decode()
    assert preview(client, article).status_code == 403


def test_a_guest_is_sent_to_sign_in_and_a_moderator_is_refused():
    article = draft()
    response = preview(Client(), article)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    moderator = Client()
    moderator.force_login(make_staff(MODERATOR))
    assert preview(moderator, article).status_code == 403


def test_a_stored_revision_is_previewed_as_it_was(client):
    editor = make_staff(EDITOR)
    old_tag, new_tag = make_tag("Дипломатія"), make_tag("Санкції")
    source = make_source("NBC News")
    related = make_article("Раніше повідомлялося про зустріч")
    article = draft(editor, tags=[old_tag], sources=[(source, "https://www.nbcnews.com/a")])
    first = article.revisions.get()
    services.article_update(
        article=article,
        content=content(title="Нова назва", tags=[new_tag], related=[related]),
        user=editor,
        base_version=1,
    )
    client.force_login(editor)
    page = preview(client, article, first).content.decode()
    assert "Секретна чернетка про перемовини" in page and "Нова назва" not in page
    assert "Дипломатія" in page and "Санкції" not in page
    assert "NBC News" in page and "Раніше повідомлялося" not in page
    assert "Версія 1 від" in page
    newest = preview(client, article, article.revisions.first()).content.decode()
    assert "Нова назва" in newest and "Санкції" in newest and "Раніше повідомлялося" in newest


def test_a_revision_preview_does_not_change_the_story(client):
    editor = make_staff(EDITOR)
    article = draft(editor, tags=[make_tag("Дипломатія")])
    client.force_login(editor)
    preview(client, article, article.revisions.get())
    article.refresh_from_db()
    assert article.version == 1 and article.tags.count() == 1


def test_an_autosave_with_hostile_html_is_cleaned_before_it_is_shown(client):
    editor = make_staff(EDITOR)
    article = draft(editor)
    attack = '<p>Так</p><script>alert(1)</script><img src=x onerror="alert(2)">'
    autosave = services.article_autosave(
        article=article, content=content(body=attack, title="<b>Назва</b>"), user=editor
    )
    client.force_login(editor)
    page = preview(client, article, autosave).content.decode()
    assert "<p>Так</p>" in page
    assert "alert(1)" not in page and "onerror" not in page
    assert "&lt;b&gt;Назва&lt;/b&gt;" in page


def test_a_revision_of_another_story_is_not_found(client):
    editor = make_staff(EDITOR)
    article, other = draft(editor), draft(editor)
    client.force_login(editor)
    assert preview(client, article, other.revisions.get()).status_code == 404


def test_an_author_may_preview_and_posting_is_not_allowed(client):
    author = make_staff(AUTHOR)
    article = draft(author)
    client.force_login(author)
    assert preview(client, article).status_code == 200
    url = reverse("desk:article-preview", args=[article.pk])
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("which", ["current", "revision"])
def test_a_preview_costs_the_same_queries_with_one_or_ten_tags(
    client, django_assert_num_queries, which
):
    editor = make_staff(EDITOR)
    client.force_login(editor)

    def story(n):
        return draft(
            editor,
            tags=[make_tag() for _ in range(n)],
            people=[make_person() for _ in range(n)],
            sources=[(make_source(), "https://example.com/a") for _ in range(n)],
            related=[make_article() for _ in range(n)],
        )

    small, big = story(1), story(10)

    def get(article):
        return preview(client, article, None if which == "current" else article.revisions.get())

    get(small)
    with django_assert_num_queries(12 if which == "current" else 14) as run:
        assert get(small).status_code == 200
    with django_assert_num_queries(len(run.captured_queries)):
        assert get(big).status_code == 200


def test_an_absurd_id_is_a_404_not_an_error(client):
    client.force_login(make_staff(EDITOR))
    huge = "9" * 30
    assert client.get(f"/desk/articles/{huge}/preview/").status_code == 404
    assert client.get(f"/desk/articles/{huge}/preview/{huge}/").status_code == 404
    assert client.get(f"/desk/articles/{huge}/history/").status_code == 404
