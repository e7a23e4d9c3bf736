import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shpalta.comments.models import Comment
from shpalta.testing import make_article, make_comment, make_reader

pytestmark = pytest.mark.django_db

THREAD_QUERIES = 3  # article, top-level page, first replies


def grow(article, n, replies_every=4):
    authors = [make_reader() for _ in range(3)]
    rows = Comment.objects.bulk_create(
        Comment(article=article, author=authors[i % 3], body=f"Коментар {i}") for i in range(n)
    )
    replies = []
    for top in rows[::replies_every]:
        replies += [
            Comment(
                article=article,
                author=authors[1],
                parent=top,
                root=top,
                reply_to=top,
                depth=1,
                body=f"Відповідь на {top.pk}",
            )
            for _ in range(5)
        ]
    Comment.objects.bulk_create(replies)
    Comment.objects.filter(pk__in=[r.pk for r in rows[::replies_every]]).update(reply_count=5)
    return rows


def test_a_guest_gets_the_newest_comments_first_with_a_link_to_more(client):
    article = make_article()
    rows = grow(article, 45)
    data = client.get(f"/comments/{article.pk}/").json()
    assert data["html"].index("Коментар 44") < data["html"].index("Коментар 43")
    assert "Коментар 24" not in data["html"] and data["next"]
    second = client.get(data["next"]).json()
    assert "Коментар 24" in second["html"] and "Коментар 25" not in second["html"]
    third = client.get(second["next"]).json()
    assert "Коментар 0" in third["html"] and third["next"] == ""
    assert rows


def test_oldest_first_and_popular_orders(client):
    article = make_article()
    rows = grow(article, 5)
    Comment.objects.filter(pk=rows[2].pk).update(like_count=9)
    old = client.get(f"/comments/{article.pk}/?order=old").json()["html"]
    assert old.index("Коментар 0") < old.index("Коментар 4")
    popular = client.get(f"/comments/{article.pk}/?order=popular").json()["html"]
    assert popular.index("Коментар 2") < popular.index("Коментар 4")


def test_replies_come_with_their_parents_a_few_shown_and_the_rest_on_request(client, settings):
    article = make_article()
    grow(article, 1)
    html = client.get(f"/comments/{article.pk}/").json()["html"]
    assert html.count("Відповідь на") == settings.COMMENTS_REPLIES_SHOWN
    assert "Показати ще 2 відповіді" in html
    root = Comment.objects.get(parent=None)
    first_three = Comment.objects.filter(root=root).order_by("id")[2].pk
    rest = client.get(f"/comments/c/{root.pk}/replies/?after={first_three}").json()
    assert rest["html"].count("Відповідь на") == 2 and rest["next"] == ""


@pytest.mark.parametrize("size", [30, 600])
def test_the_first_and_a_deep_page_run_a_fixed_number_of_queries(client, size):
    article = make_article()
    rows = grow(article, size)
    deep = rows[25].pk  # newest first: the last pages
    for url in (
        f"/comments/{article.pk}/",
        f"/comments/{article.pk}/?after={deep}",
        f"/comments/{article.pk}/?order=popular&after=0.{deep}",
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == THREAD_QUERIES, url


def test_a_page_of_comments_is_public_briefly_cached_and_keyed_for_purges(client):
    article = make_article()
    response = client.get(f"/comments/{article.pk}/")
    assert "public" in response["Cache-Control"] and "s-maxage=5" in response["Cache-Control"]
    assert response["Surrogate-Key"] == f"comments-{article.pk}"
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize("after", ["abc", "-1", "1" * 30, "1.2.3", "٣"])
def test_a_bad_cursor_is_a_404_never_a_500(client, after):
    article = make_article()
    assert client.get(f"/comments/{article.pk}/?after={after}&order=popular").status_code == 404
    assert client.get(f"/comments/{article.pk}/?after={after}").status_code == 404


def test_a_guest_is_invited_to_sign_in_and_come_back_to_the_comments(client):
    article = make_article()
    response = client.get(f"/comments/{article.pk}/state.json")
    assert response["Cache-Control"] == "private, no-store" and "Cookie" in response["Vary"]
    html = response.json()["form_html"]
    assert "Авторизуйтесь, щоб додавати коментарі" in html
    assert "%23comments" in html or "#comments" in html
    assert "<textarea" not in html


def test_a_verified_reader_gets_the_form(client):
    article = make_article()
    reader = make_reader()
    client.force_login(reader)
    data = client.get(f"/comments/{article.pk}/state.json").json()
    assert "<textarea" in data["form_html"] and data["user_id"] == reader.pk and data["can_post"]


def test_a_closed_article_says_so(client):
    article = make_article(comment_mode="closed")
    client.force_login(make_reader())
    assert (
        "Коментування закрито"
        in client.get(f"/comments/{article.pk}/state.json").json()["form_html"]
    )


def test_posting_by_script_answers_json_and_the_comment_appears(client):
    article = make_article()
    client.force_login(make_reader())
    response = client.post(
        f"/comments/{article.pk}/post/", {"body": "Слушно"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 201 and "Слушно" in response.json()["html"]
    assert "Слушно" in client.get(f"/comments/{article.pk}/").json()["html"]


def test_a_held_comment_says_it_awaits_a_moderator(client, settings):
    settings.COMMENTS_PROBATION = 1
    article = make_article()
    client.force_login(make_reader())
    data = client.post(
        f"/comments/{article.pk}/post/", {"body": "Перший"}, HTTP_ACCEPT="application/json"
    ).json()
    assert data["message"] == "Коментар очікує на перевірку модератором"
    assert "Очікує на перевірку" in data["html"] and "Перший" in data["html"]
    assert "Перший" not in client.get(f"/comments/{article.pk}/").json()["html"]


def test_posting_without_javascript_redirects_to_the_comments_page(client):
    article = make_article()
    client.force_login(make_reader())
    response = client.post(f"/comments/{article.pk}/post/", {"body": "Без скриптів"}, follow=True)
    assert "Без скриптів" in response.content.decode()
    assert "Ваш коментар опубліковано" in response.content.decode()


def test_an_empty_comment_without_javascript_shows_the_error_on_the_page(client):
    article = make_article()
    client.force_login(make_reader())
    response = client.post(f"/comments/{article.pk}/post/", {"body": "   "})
    assert response.status_code == 400 and "Коментар порожній" in response.content.decode()


def test_a_guest_cannot_post(client):
    article = make_article()
    response = client.post(
        f"/comments/{article.pk}/post/", {"body": "Так"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 403 and Comment.objects.count() == 0


def test_the_no_javascript_page_has_orders_and_a_next_link(client):
    article = make_article()
    grow(article, 25)
    page = client.get(f"/comments/{article.pk}/all/?order=old").content.decode()
    assert "Спочатку нові" in page and "Популярні" in page and "Наступні" in page
    assert page.index("Коментар 0") < page.index("Коментар 1")


def test_edit_and_delete_by_script(client):
    reader = make_reader()
    article = make_article()
    comment = make_comment(article, author=reader, body="Було")
    make_comment(article, parent=comment, body="Відповідь")
    client.force_login(reader)
    json = {"HTTP_ACCEPT": "application/json"}
    edited = client.post(f"/comments/c/{comment.pk}/edit/", {"body": "Стало"}, **json).json()
    assert "Стало" in edited["html"] and "(змінено)" in edited["html"]
    deleted = client.post(f"/comments/c/{comment.pk}/delete/", **json).json()
    assert "Коментар видалено" in deleted["html"]
    thread = client.get(f"/comments/{article.pk}/").json()["html"]
    assert "Коментар видалено" in thread and "Відповідь" in thread and "Стало" not in thread


def test_links_are_clickable_with_nofollow_and_nothing_else_is_markup(client):
    article = make_article()
    make_comment(article, body="Див. https://example.com/a?b=1&c=2. <b>жирно</b>\nрядок")
    html = client.get(f"/comments/{article.pk}/").json()["html"]
    assert '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">' in html
    assert "&lt;b&gt;жирно&lt;/b&gt;<br>рядок" in html
