"""The index follows every save: publish, edit, unpublish, delete; and can be rebuilt."""

import pytest
from django.core.management import call_command
from django.core.paginator import Paginator

from shpalta.news.models import Article
from shpalta.search.models import SearchEntry
from shpalta.search.query import parse_query
from shpalta.search.selectors import PER_PAGE, search_articles
from shpalta.testing import make_article

pytestmark = pytest.mark.django_db


def titles(text: str, **filters) -> list[str]:
    return [hit.article.title for hit in search_articles(query=parse_query(text), **filters)]


def test_a_draft_is_not_found_until_it_is_published():
    article = make_article("Бюджет на 2027 рік", status=Article.Status.DRAFT)
    assert titles("бюджет") == []
    article.status = Article.Status.PUBLISHED
    article.published_at = article.created_at
    article.save()
    assert titles("бюджету") == ["Бюджет на 2027 рік"]
    assert titles("2027") == ["Бюджет на 2027 рік"]


def test_an_edit_is_found_at_once_and_the_old_words_are_gone():
    article = make_article("Повінь на Закарпатті")
    article.title = "Посуха на Херсонщині"
    article.save()
    assert titles("посухи") == ["Посуха на Херсонщині"]
    assert titles("повені") == []


def test_an_unpublished_or_deleted_story_leaves_the_index():
    gone = make_article("Вибори до місцевих рад")
    kept = make_article("Вибори в громадах")
    gone.status = Article.Status.UNPUBLISHED
    gone.save()
    assert titles("виборів") == [kept.title]
    assert not SearchEntry.objects.filter(article=gone).exists()
    kept.delete()
    assert titles("виборів") == []


def test_a_scheduled_story_is_found_only_when_its_time_comes():
    from datetime import timedelta

    from django.utils import timezone

    story = make_article(
        "Нова сесія парламенту",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(hours=2),
    )
    assert titles("сесії") == []
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert titles("сесії") == ["Нова сесія парламенту"]


def test_the_body_and_lead_are_searched_with_the_title_weighted_highest():
    in_body = make_article("Новини дня", body="<p>Уряд обговорив <b>енергетику</b>.</p>")
    in_title = make_article("Енергетика взимку")
    assert titles("енергетика") == [in_title.title, in_body.title]


def test_rebuilding_the_index_finds_the_same_stories(capsys):
    make_article("Врожай зернових")
    make_article("Чернетка про врожай", status=Article.Status.DRAFT)
    SearchEntry.objects.all().delete()
    assert titles("врожаю") == []
    call_command("rebuild_search_index")
    assert "1 articles indexed." in capsys.readouterr().out
    assert titles("врожаю") == ["Врожай зернових"]


def test_pages_hold_ten_stories_and_the_total_counts_them_all():
    for n in range(12):
        make_article(f"Санкції, частина {n}")
    pages = Paginator(search_articles(query=parse_query("санкції")), PER_PAGE)
    first, second = pages.page(1), pages.page(2)
    assert (pages.count, pages.num_pages, len(first), len(second)) == (12, 2, 10, 2)
    assert not {h.article.pk for h in first} & {h.article.pk for h in second}


def test_a_hostile_title_is_escaped_in_results(client):
    make_article("<script>alert('переговори')</script>")
    response = client.get("/search/", {"q": "переговори"})
    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;alert(&#x27;<mark>" in response.content


def test_the_search_page_costs_the_same_queries_for_one_hit_or_twelve(
    client, django_assert_num_queries
):
    make_article("Посол у Вашингтоні")
    # Thin results look for misspelt words: sections, count, dictionary, ranked page, cards.
    with django_assert_num_queries(5):
        assert client.get("/search/", {"q": "посол"}).status_code == 200
    # A typo: sections, count, dictionary, corrected count, ranked page, cards.
    with django_assert_num_queries(6):
        assert b"<mark>" in client.get("/search/", {"q": "посл"}).content
    for n in range(11):
        make_article(f"Посол номер {n}")
    with django_assert_num_queries(4):  # sections, count, ranked page, cards
        response = client.get("/search/", {"q": "посол"})
    assert response.content.count(b'class="search-hit"') == 10
    with django_assert_num_queries(3):  # a phrase: sections, ranked candidates, cards
        client.get("/search/", {"q": "«посол номер»"})
    with django_assert_num_queries(1):  # no query: the sections of the form
        client.get("/search/")
