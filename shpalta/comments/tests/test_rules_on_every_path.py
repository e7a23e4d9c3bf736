"""The comment rules hold whichever way a text arrives: an edit meets the rules of a new
post, a ban stops every reader action, a bad reply target is a clear 400, and an
oversized request gets a JSON error like every other error of these endpoints."""

import pytest
from django.test import Client

from shpalta.comments import services
from shpalta.comments.models import Comment, Like, ModerationAction, Report
from shpalta.comments.views import MAX_REQUEST_BYTES
from shpalta.news.models import Article, CommentMode
from shpalta.testing import make_article, make_comment, make_reader, make_staff

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
FIVE_LINKS = "Дивіться: " + " ".join(f"https://{c}.example/x" for c in "abcde")


def published_count(article) -> int:
    return Article.objects.get(pk=article.pk).comment_count


# Editing meets the rules of posting ------------------------------------------------------


def test_an_edit_adding_five_links_is_held_like_a_new_post_and_its_author_sees_it_waiting(
    client,
):
    reader, article = make_reader(), make_article()
    comment = make_comment(article, author=reader, body="Без посилань")
    client.force_login(reader)

    response = client.post(f"/comments/c/{comment.pk}/edit/", {"body": FIVE_LINKS}, **JSON)

    assert response.status_code == 200
    html = response.json()["html"]
    assert "Очікує на перевірку" in html and "https://e.example/x" in html
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING
    assert published_count(article) == 0
    assert ModerationAction.objects.get(comment=comment).reason == "Забагато посилань."
    public = client.get(f"/comments/{article.pk}/").json()["html"]
    assert "e.example" not in public and "Без посилань" not in public
    held = client.get(f"/comments/{article.pk}/state.json").json()["held"]
    assert [item["id"] for item in held] == [comment.pk]
    assert "Очікує на перевірку" in held[0]["html"]


def test_posting_the_same_five_links_is_held_too():
    comment = services.comment_post(article=make_article(), author=make_reader(), body=FIVE_LINKS)
    assert comment.status == Comment.Status.PENDING


def test_an_edit_with_an_obscene_word_is_refused_and_the_old_text_stays(client):
    reader, article = make_reader(), make_article()
    comment = make_comment(article, author=reader, body="Пристойний текст")
    client.force_login(reader)

    response = client.post(f"/comments/c/{comment.pk}/edit/", {"body": "Це х.у.й"}, **JSON)

    assert response.status_code == 400 and "нецензурні" in response.json()["error"]
    assert Comment.objects.get(pk=comment.pk).body == "Пристойний текст"


def test_an_edit_with_an_insult_is_held(client):
    reader, article = make_reader(), make_article()
    comment = make_comment(article, author=reader, body="Ввічливо")
    client.force_login(reader)
    response = client.post(f"/comments/c/{comment.pk}/edit/", {"body": "Ти дебіл"}, **JSON)
    assert response.status_code == 200 and response.json()["status"] == "pending"


def test_an_edit_longer_than_a_comment_may_be_is_refused():
    reader = make_reader()
    comment = make_comment(make_article(), author=reader, body="Коротко")
    with pytest.raises(services.CommentError, match="задовгий") as error:
        services.comment_edit(comment=comment, user=reader, body="я" * 3001)
    assert error.value.status == 400


def test_an_edit_on_an_article_closed_meanwhile_is_refused():
    reader, article = make_reader(), make_article()
    comment = make_comment(article, author=reader, body="Було")
    Article.objects.filter(pk=article.pk).update(comment_mode=CommentMode.CLOSED)
    comment = Comment.objects.select_related("article").get(pk=comment.pk)
    with pytest.raises(services.CommentError, match="Коментування закрито"):
        services.comment_edit(comment=comment, user=reader, body="Стало")
    assert Comment.objects.get(pk=comment.pk).body == "Було"


def test_an_edit_repeating_another_recent_comment_of_the_reader_is_refused():
    reader, article = make_reader(), make_article()
    services.comment_post(article=article, author=reader, body="Реклама за посиланням")
    second = services.comment_post(article=article, author=reader, body="Інша думка")
    with pytest.raises(services.CommentError, match="вже надіслали") as error:
        services.comment_edit(comment=second, user=reader, body="реклама  за посиланням")
    assert error.value.status == 409


def test_an_edit_never_publishes_a_held_comment():
    reader, article = make_reader(), make_article()
    held = services.comment_post(article=article, author=reader, body=FIVE_LINKS)
    services.comment_edit(comment=held, user=reader, body="Тепер без посилань")
    assert Comment.objects.get(pk=held.pk).status == Comment.Status.PENDING
    assert published_count(article) == 0


# A banned reader -------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["edit", "like", "report"])
def test_a_banned_reader_can_neither_edit_nor_like_nor_report(client, action):
    reader, article = make_reader(), make_article()
    own = make_comment(article, author=reader, body="Мій коментар")
    other = make_comment(article, body="Чужий коментар")
    services.reader_ban(reader=reader, moderator=make_staff("Модератор"), days=3)
    client.force_login(reader)
    target, data = {
        "edit": (own, {"body": "Змінений"}),
        "like": (other, {}),
        "report": (other, {"reason": "spam"}),
    }[action]

    response = client.post(f"/comments/c/{target.pk}/{action}/", data, **JSON)

    assert response.status_code == 403
    assert "Ви не можете брати участь в обговоренні до" in response.json()["error"]
    assert Comment.objects.get(pk=own.pk).body == "Мій коментар"
    assert not Like.objects.exists() and not Report.objects.exists()
    assert Comment.objects.get(pk=other.pk).like_count == 0


def test_a_reader_banned_for_good_is_told_so_when_liking(client):
    reader = make_reader()
    comment = make_comment(make_article())
    services.reader_ban(reader=reader, moderator=make_staff("Модератор"))
    client.force_login(reader)
    response = client.post(f"/comments/c/{comment.pk}/like/", **JSON)
    assert response.status_code == 403 and "більше не можете" in response.json()["error"]


def test_a_banned_reader_may_still_delete_their_own_comment(client):
    reader, article = make_reader(), make_article()
    own = make_comment(article, author=reader)
    services.reader_ban(reader=reader, moderator=make_staff("Модератор"))
    client.force_login(reader)
    assert client.post(f"/comments/c/{own.pk}/delete/", **JSON).status_code == 200
    assert Comment.objects.get(pk=own.pk).status == Comment.Status.REMOVED


# The comment a reply answers -------------------------------------------------------------


@pytest.mark.parametrize(
    "parent", ["\x00", "abc", "-1", "0", " 1", "1.5", "999999", "1" * 40, "foreign", "hidden"]
)
def test_a_bad_parent_is_a_400_with_a_message_and_nothing_is_stored(client, parent):
    article = make_article()
    make_comment(article, body="Опублікований")
    targets = {
        "foreign": make_comment(make_article()),
        "hidden": make_comment(article, status=Comment.Status.HIDDEN),
    }
    before = Comment.objects.count()
    parent = str(targets[parent].pk) if parent in targets else parent
    client.force_login(make_reader())

    response = client.post(
        f"/comments/{article.pk}/post/", {"body": "Відповідь", "parent": parent}, **JSON
    )

    assert response.status_code == 400
    assert response.json()["error"] in (
        "Коментаря, на який ви відповідаєте, не існує.",
        "Відповідати можна лише на коментар до цієї статті.",
        "На цей коментар уже не можна відповісти.",
    )
    assert Comment.objects.count() == before


def test_a_url_encoded_nul_parent_from_a_plain_form_is_a_400_on_the_comments_page(client):
    article = make_article()
    client.force_login(make_reader())
    response = client.post(
        f"/comments/{article.pk}/post/",
        "body=%D0%A2%D0%B0%D0%BA&parent=%00",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "Коментаря, на який ви відповідаєте, не існує." in response.content.decode()
    assert not Comment.objects.exists()


# Oversized requests ----------------------------------------------------------------------


def signed_in_script(article) -> tuple[Client, dict]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_reader())
    token = client.get(f"/comments/{article.pk}/state.json").json()["csrf_token"]
    return client, {**JSON, "HTTP_X_CSRFTOKEN": token}


def test_a_post_over_djangos_upload_limit_gets_a_json_413_not_the_html_error_page(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    article = make_article()
    client, headers = signed_in_script(article)

    response = client.post(f"/comments/{article.pk}/post/", {"body": "я" * 2000}, **headers)

    assert response.status_code == 413 and response["Content-Type"] == "application/json"
    assert response.json()["error"] == (
        "Запит завеликий: коментар може мати щонайбільше 3000 символів."
    )
    assert not Comment.objects.exists()


def test_a_post_over_our_own_limit_is_refused_before_it_is_read():
    article = make_article()
    client, headers = signed_in_script(article)
    body = "body=" + "x" * (11 * 1024 * 1024)  # beyond Django's 10 MB too

    response = client.post(
        f"/comments/{article.pk}/post/",
        body,
        content_type="application/x-www-form-urlencoded",
        **headers,
    )

    assert response.status_code == 413 and "завеликий" in response.json()["error"]
    assert len(body) > MAX_REQUEST_BYTES and not Comment.objects.exists()


def test_an_oversized_edit_gets_the_same_json_error():
    reader, article = make_reader(), make_article()
    comment = make_comment(article, author=reader, body="Було")
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    token = client.get(f"/comments/{article.pk}/state.json").json()["csrf_token"]
    response = client.post(
        f"/comments/c/{comment.pk}/edit/",
        {"body": "я" * MAX_REQUEST_BYTES},
        HTTP_X_CSRFTOKEN=token,
        **JSON,
    )
    assert response.status_code == 413 and "завеликий" in response.json()["error"]
    assert Comment.objects.get(pk=comment.pk).body == "Було"


def test_the_csrf_check_still_guards_every_reader_action():
    article = make_article()
    reader = make_reader()
    comment = make_comment(article, author=reader)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    for url, data in (
        (f"/comments/{article.pk}/post/", {"body": "Без токена"}),
        (f"/comments/c/{comment.pk}/edit/", {"body": "Без токена"}),
        (f"/comments/c/{comment.pk}/delete/", {}),
        (f"/comments/c/{comment.pk}/like/", {}),
        (f"/comments/c/{comment.pk}/report/", {"reason": "spam"}),
    ):
        assert client.post(url, data, **JSON).status_code == 403, url
    assert Comment.objects.get().status == Comment.Status.PUBLISHED
    assert not Comment.objects.filter(body="Без токена").exists()
    assert not Like.objects.exists() and not Report.objects.exists()
    token = client.get(f"/comments/{article.pk}/state.json").json()["csrf_token"]
    response = client.post(
        f"/comments/{article.pk}/post/", {"body": "З токеном"}, HTTP_X_CSRFTOKEN=token, **JSON
    )
    assert response.status_code == 201
