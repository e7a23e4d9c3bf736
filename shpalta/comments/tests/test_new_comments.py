"""«N нових коментарів»: the public «after comment N» answer an open thread polls."""

import pytest
from django.urls import reverse

from shpalta.comments.models import Comment
from shpalta.comments.services import comment_post
from shpalta.testing import make_article, make_comment, make_reader

pytestmark = pytest.mark.django_db


def new_url(article, after=None):
    url = reverse("comments:new", args=[article.pk])
    return url if after is None else f"{url}?after={after}"


def test_without_a_cursor_it_says_where_new_comments_start(client):
    article = make_article()
    assert client.get(new_url(article)).json() == {"comments": [], "last": 0}
    newest = make_comment(article, body="Перший")
    assert client.get(new_url(article)).json()["last"] == newest.pk


def test_it_lists_published_comments_and_replies_after_the_cursor_oldest_first(client):
    article = make_article()
    seen = make_comment(article, body="Вже на сторінці")
    top = make_comment(article, body="Новий коментар")
    reply = make_comment(article, body="Нова відповідь", parent=seen)
    make_comment(article, body="Ще на перевірці", status=Comment.Status.PENDING)
    data = client.get(new_url(article, seen.pk)).json()
    assert [(c["id"], c["root"]) for c in data["comments"]] == [(top.pk, None), (reply.pk, seen.pk)]
    assert "Новий коментар" in data["comments"][0]["html"]
    assert data["last"] == reply.pk


def test_an_unchanged_answer_is_a_304_and_a_new_comment_changes_it(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    article = make_article()
    first = make_comment(article, body="Перший")
    response = client.get(new_url(article, first.pk))
    assert response.json()["comments"] == []
    assert response["Surrogate-Key"] == f"comments-{article.pk}"
    etag = response["ETag"]
    assert (
        client.get(new_url(article, first.pk), headers={"if-none-match": etag}).status_code == 304
    )
    settings.COMMENTS_PROBATION = 0
    comment_post(article=article, author=make_reader(), body="Другий коментар")
    response = client.get(new_url(article, first.pk), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Другий коментар" in response.json()["comments"][0]["html"]


def test_a_bad_cursor_is_a_404(client):
    article = make_article()
    for bad in ("abc", "-1", "", "1.5", "9" * 20):
        assert client.get(new_url(article, bad)).status_code == 404
