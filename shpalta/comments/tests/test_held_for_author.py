"""A held comment is shown to its author, marked «Очікує на перевірку», and to nobody else:
it comes only from the reader's own never-cached responses, never the shared pages."""

import pytest
from django.test import Client

from shpalta.comments.models import Comment
from shpalta.testing import make_article, make_comment, make_reader

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def on_probation(settings):
    settings.COMMENTS_PROBATION = 1


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_held_comment_is_shown_to_its_author_only(settings, on_probation):
    settings.PAGE_CACHE_SECONDS = 300  # the shared page is cached, as in production
    article = make_article()
    make_comment(article, body="Опублікована думка")
    author = signed_in(make_reader())
    author.get(f"/comments/{article.pk}/")  # in the page cache before the comment is held

    posted = author.post(f"/comments/{article.pk}/post/", {"body": "Моя перша думка"}, **JSON)

    assert posted.status_code == 201 and posted.json()["status"] == "pending"
    assert "Очікує на перевірку" in posted.json()["html"]
    held = author.get(f"/comments/{article.pk}/state.json").json()["held"]
    assert [item["id"] for item in held] == [posted.json()["id"]] and held[0]["root"] is None
    assert "Моя перша думка" in held[0]["html"] and "Очікує на перевірку" in held[0]["html"]
    page = author.get(f"/comments/{article.pk}/all/")
    assert page["Cache-Control"] == "private, no-store"
    text = page.content.decode()
    assert "Моя перша думка" in text and "Очікує на перевірку" in text
    assert text.index("Моя перша думка") < text.index("Опублікована думка")

    for client in (author, signed_in(make_reader()), Client()):
        public = client.get(f"/comments/{article.pk}/?order=old").json()["html"]  # fresh
        assert "Опублікована думка" in public and "Моя перша думка" not in public
        assert "Моя перша думка" not in client.get(f"/comments/{article.pk}/").json()["html"]
        assert "Моя перша думка" not in client.get(article.get_absolute_url()).content.decode()
    for other in (signed_in(make_reader()), Client()):
        assert other.get(f"/comments/{article.pk}/state.json").json()["held"] == []
        assert "Моя перша думка" not in other.get(f"/comments/{article.pk}/all/").content.decode()


def test_a_held_reply_shows_in_its_thread_on_the_authors_comments_page(on_probation):
    article = make_article()
    top = make_comment(article, body="Початок розмови")
    make_comment(article, body="Новіша думка")
    author = signed_in(make_reader())

    posted = author.post(
        f"/comments/{article.pk}/post/", {"body": "Моя відповідь", "parent": top.pk}, **JSON
    ).json()

    assert posted["status"] == "pending" and posted["root"] == top.pk
    assert "Очікує на перевірку" in posted["html"]
    text = author.get(f"/comments/{article.pk}/all/").content.decode()
    assert text.index("Новіша думка") < text.index("Початок розмови")
    assert text.index("Початок розмови") < text.index("Моя відповідь")
    assert f'id="replies-{top.pk}"' in text
    assert "Моя відповідь" not in Client().get(f"/comments/{article.pk}/all/").content.decode()


def test_the_author_edits_and_deletes_a_held_comment_within_the_window(on_probation):
    article = make_article()
    author = signed_in(make_reader())
    posted = author.post(f"/comments/{article.pk}/post/", {"body": "Чернетка думки"}, **JSON)
    pk = posted.json()["id"]

    edited = author.post(f"/comments/c/{pk}/edit/", {"body": "Виправлена думка"}, **JSON)

    assert edited.status_code == 200 and edited.json()["status"] == "pending"
    assert "Виправлена думка" in edited.json()["html"]
    assert "Очікує на перевірку" in edited.json()["html"]
    assert author.post(f"/comments/c/{pk}/delete/", **JSON).status_code == 200
    assert Comment.objects.get(pk=pk).status == Comment.Status.REMOVED
    assert author.get(f"/comments/{article.pk}/state.json").json()["held"] == []


def test_a_held_comment_on_another_article_is_not_shown_here(on_probation):
    article, elsewhere = make_article(), make_article()
    author = signed_in(make_reader())
    author.post(f"/comments/{elsewhere.pk}/post/", {"body": "Деінде"}, **JSON)
    assert author.get(f"/comments/{article.pk}/state.json").json()["held"] == []
