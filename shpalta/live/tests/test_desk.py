"""Live blogs in the desk: start, post in seconds, edit, pin, delete, end."""

import pytest
from django.urls import reverse

from shpalta.live.models import Entry
from shpalta.testing import make_article, make_reader

from .conftest import post

pytestmark = pytest.mark.django_db


def test_an_editor_starts_a_live_blog_and_a_reporter_posts_an_entry_readers_then_see(
    client, editor, author
):
    article = make_article("Вибори: онлайн")
    client.force_login(editor)
    client.post(reverse("desk:live-start", args=[article.pk]))
    client.force_login(author)
    response = client.post(
        reverse("desk:live", args=[article.pk]),
        {"title": "Дільниці відкрито", "body": "Голосування почалося о 8:00.", "is_key": "on"},
        follow=True,
    )
    assert "Оновлення опубліковано." in response.content.decode()
    entry = Entry.objects.get()
    assert (entry.author, entry.is_key) == (author, True)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Голосування почалося о 8:00." in page
    assert f'id="entry-{entry.pk}"' in page
    assert "Головне за день" in page and "Трансляція триває" in page


def test_an_empty_entry_is_refused_with_a_sentence_and_nothing_is_stored(client, blog, author):
    client.force_login(author)
    response = client.post(reverse("desk:live", args=[blog.pk]), {"body": "   ", "quote": ""})
    assert response.status_code == 400
    assert "оновлення порожнє" in response.content.decode()
    response = client.post(
        reverse("desk:live", args=[blog.pk]), {"quote_source": "Міністр", "body": "Заява"}
    )
    assert response.status_code == 400
    assert "саму цитату не написано" in response.content.decode()
    response = client.post(reverse("desk:live", args=[blog.pk]), {"body": "я" * 3001})
    assert response.status_code == 400
    assert Entry.objects.count() == 0


def test_an_author_may_post_but_not_start_or_end_a_live_blog_and_readers_get_no_desk(
    client, blog, author
):
    other = make_article()
    client.force_login(author)
    assert client.post(reverse("desk:live-start", args=[other.pk])).status_code == 403
    assert client.post(reverse("desk:live-end", args=[blog.pk])).status_code == 403
    client.force_login(make_reader())
    response = client.post(reverse("desk:live", args=[blog.pk]), {"body": "Привіт"})
    assert response.status_code == 403
    assert Entry.objects.count() == 0


def test_an_entry_is_edited_pinned_and_deleted_from_the_desk(client, blog, editor):
    entry = post(blog, editor, "Уряд збирається о 10:00.")
    client.force_login(editor)
    url = reverse("desk:live-entry", args=[blog.pk, entry.pk])
    assert "Уряд збирається о 10:00." in client.get(url).content.decode()
    client.post(url, {"body": "Уряд збирається об 11:00.", "title": ""})
    client.post(reverse("desk:live-entry-key", args=[blog.pk, entry.pk]))
    page = client.get(blog.get_absolute_url()).content.decode()
    assert "Уряд збирається об 11:00." in page and "(змінено)" in page
    assert "Головне за день" in page
    client.post(reverse("desk:live-entry-delete", args=[blog.pk, entry.pk]))
    page = client.get(blog.get_absolute_url()).content.decode()
    assert "об 11:00" not in page and "Оновлень поки немає." in page


def test_an_ended_live_blog_says_so_and_takes_no_new_entries(client, blog, editor):
    post(blog, editor, "Перше оновлення.")
    client.force_login(editor)
    client.post(reverse("desk:live-end", args=[blog.pk]))
    page = client.get(blog.get_absolute_url()).content.decode()
    assert "Трансляцію завершено" in page and "Перше оновлення." in page
    assert "data-ended" in page
    response = client.post(reverse("desk:live", args=[blog.pk]), {"body": "Ще одне"})
    assert response.status_code == 400
    assert "нові оновлення не додаються" in response.content.decode()
    assert Entry.objects.count() == 1
    client.post(reverse("desk:live-start", args=[blog.pk]))
    client.post(reverse("desk:live", args=[blog.pk]), {"body": "Ми повернулися."})
    assert Entry.objects.count() == 2


def test_the_desk_lists_live_blogs_running_first(client, blog, editor):
    ended = make_article("Минула трансляція")
    from shpalta.live import services

    services.liveblog_start(article=ended, user=editor)
    services.liveblog_end(article=ended, user=editor)
    client.force_login(editor)
    page = client.get(reverse("desk:live-list")).content.decode()
    assert page.index(blog.title) < page.index("Минула трансляція")
