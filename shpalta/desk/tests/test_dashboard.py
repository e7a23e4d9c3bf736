"""The desk's story lists: tabs with counters, filters, search, pages and their query count."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shpalta.accounts.roles import AUTHOR, EDITOR, MODERATOR
from shpalta.comments.models import Comment
from shpalta.news.models import Article
from shpalta.testing import make_article, make_comment, make_reader, make_section, make_staff

pytestmark = pytest.mark.django_db
Status = Article.Status


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def titles(response) -> list[str]:
    return [a.title for a in response.context["page"].object_list]


def test_the_tabs_show_my_drafts_review_scheduled_published_and_unpublished_with_counts():
    author = make_staff(AUTHOR)
    mine = make_article("Моя чернетка", status=Status.DRAFT)
    mine.authors.add(author)
    make_article("Чужа чернетка", status=Status.DRAFT)
    make_article("На перевірку", status=Status.REVIEW)
    make_article("Завтра", status=Status.SCHEDULED, published_at=timezone.now() + timedelta(days=1))
    make_article("Уже вийшла")
    make_article("Знята", status=Status.UNPUBLISHED)
    client = signed_in(author)
    response = client.get("/desk/")
    assert response.status_code == 200
    assert titles(response) == ["Моя чернетка"]
    counts = {tab["name"]: tab["count"] for tab in response.context["tabs"]}
    assert counts == {
        "mine": 1,
        "review": 1,
        "scheduled": 1,
        "published": 1,
        "unpublished": 1,
        "all": 6,
    }
    html = response.content.decode()
    for label in (
        "Мої чернетки",
        "На перевірці",
        "Заплановані",
        "Опубліковані",
        "Зняті з публікації",
    ):
        assert label in html
    assert titles(client.get("/desk/?tab=scheduled")) == ["Завтра"]
    assert titles(client.get("/desk/?tab=unpublished")) == ["Знята"]
    assert f'href="/desk/articles/{mine.pk}/edit/"' in html


def test_an_editor_starts_on_the_stories_in_review():
    make_article("На перевірку", status=Status.REVIEW)
    make_article("Чернетка", status=Status.DRAFT)
    assert titles(signed_in(make_staff(EDITOR)).get("/desk/")) == ["На перевірку"]


def test_filters_and_title_search_narrow_the_list():
    world, sport = make_section("Світ"), make_section("Спорт")
    author = make_staff(AUTHOR, display_name="Олена")
    talks = make_article("Таємні перемовини", section=world)
    talks.authors.add(author)
    make_article("Перемовини про обмін", section=sport)
    make_article("Футбол", section=sport, published_at=timezone.now() - timedelta(days=30))
    client = signed_in(make_staff(EDITOR))
    assert titles(client.get(f"/desk/?tab=all&q=перемовини&section={world.pk}")) == [
        "Таємні перемовини"
    ]
    assert titles(client.get(f"/desk/?tab=all&author={author.pk}")) == ["Таємні перемовини"]
    since = (timezone.localdate() - timedelta(days=2)).isoformat()
    assert "Футбол" not in titles(client.get(f"/desk/?tab=all&since={since}"))
    assert titles(client.get("/desk/?tab=all&status=published&q=Футбол")) == ["Футбол"]


def test_a_bad_filter_answers_400_in_ukrainian():
    response = signed_in(make_staff(EDITOR)).get("/desk/?tab=all&since=вчора")
    assert response.status_code == 400
    assert "Введіть коректну дату." in response.content.decode()


def test_rows_show_status_section_authors_and_comment_count():
    article = make_article("Новина з коментарями", section=make_section("Світ"))
    article.authors.add(make_staff(AUTHOR, display_name="Олена Авторка"))
    make_comment(article)
    make_comment(article)
    html = signed_in(make_staff(EDITOR)).get("/desk/?tab=published").content.decode()
    row = html[html.index("Новина з коментарями") :]
    row = row[: row.index("</tr>")]
    assert "Опубліковано" in row and "Світ" in row and "Олена Авторка" in row
    assert "<td>2</td>" in row


def test_the_held_comment_counter_counts_comments_awaiting_moderation():
    article = make_article()
    make_comment(article, status=Comment.Status.PENDING)
    make_comment(article, status=Comment.Status.PENDING)
    make_comment(article)
    html = signed_in(make_staff(EDITOR)).get("/desk/").content.decode()
    assert "2 коментарі чекають на модерацію" in html


def test_pages_hold_thirty_stories_and_a_missing_page_is_404():
    section = make_section()
    for n in range(31):
        make_article(f"Новина {n}", section=section)
    client = signed_in(make_staff(EDITOR))
    assert len(titles(client.get("/desk/?tab=published"))) == 30
    assert len(titles(client.get("/desk/?tab=published&page=2"))) == 1
    assert client.get("/desk/?tab=published&page=3").status_code == 404
    assert client.get("/desk/?tab=published&page=x").status_code == 404


@pytest.mark.parametrize("stories", [3, 30])
def test_the_list_costs_the_same_queries_for_3_and_30_stories(stories, django_assert_num_queries):
    section = make_section()
    author = make_staff(AUTHOR)
    for n in range(stories):
        article = make_article(f"Новина {n}", section=section)
        article.authors.add(author, make_staff(AUTHOR))
    client = signed_in(make_staff(EDITOR))
    # session, user, permissions (2), tab counts, section and author filters, page count,
    # the page with sections, its authors, held comments
    with django_assert_num_queries(11):
        response = client.get("/desk/?tab=published")
    assert len(titles(response)) == stories


def test_readers_may_not_see_the_desk_and_guests_are_sent_to_sign_in():
    assert signed_in(make_reader()).get("/desk/").status_code == 403
    response = Client().get("/desk/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_moderator_is_not_shown_the_story_lists():
    response = signed_in(make_staff(MODERATOR)).get("/desk/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == "/desk/comments/"


def test_the_desk_is_never_cached():
    response = signed_in(make_staff(EDITOR)).get("/desk/")
    assert response["Cache-Control"] == "private, no-store"
