"""«Стрічка новин»: every story newest first, Kyiv times and day dividers, day pages,
keyset pages at a fixed cost, and no clash with the articles' /news/<id>-<slug>/."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from lxml import html

from shpalta.frontpage import selectors
from shpalta.news.models import Article, Importance
from shpalta.testing import make_article, make_section

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=KYIV)


def page(client, url: str) -> html.HtmlElement:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.fromstring(response.content.decode())


def test_newest_first_with_kyiv_times_and_a_divider_per_day(client):
    section = make_section()
    make_article("Вчорашня пізня", section=section, published_at=at(1, 23, 50))
    make_article("Сьогоднішня рання", section=section, published_at=at(2, 0, 5))
    make_article("Сьогоднішня", section=section, published_at=at(2, 14, 30))
    make_article("Чернетка", section=section, status=Article.Status.DRAFT)
    doc = page(client, "/news/")
    lines = [
        li.text_content().split() and " ".join(li.text_content().split())
        for li in doc.cssselect(".stream > li")
    ]
    # 00:05 Kyiv is still 1 November in UTC: the divider follows Kyiv's calendar.
    assert lines == [
        "2 листопада",
        "14:30 Сьогоднішня",
        "00:05 Сьогоднішня рання",
        "1 листопада",
        "23:50 Вчорашня пізня",
    ]
    assert doc.cssselect(".stream-day a")[0].get("href") == "/news/2026/11/02/"


def test_important_stories_are_bold_and_urgent_ones_say_so(client):
    make_article("Звичайна", published_at=at(2, 10))
    make_article("Важлива", published_at=at(2, 11), importance=Importance.IMPORTANT)
    make_article("Термінова", published_at=at(2, 12), importance=Importance.URGENT)
    doc = page(client, "/news/")
    items = {
        " ".join(li.cssselect("a")[0].text_content().split()): li
        for li in doc.cssselect(".stream-item")
    }
    assert "is-important" in items["Важлива"].get("class")
    assert "is-urgent" in items["Термінова"].get("class")
    assert items["Термінова"].cssselect(".urgent-mark")[0].text_content() == "Терміново"
    assert items["Звичайна"].get("class") == "stream-item"
    assert not items["Важлива"].cssselect(".urgent-mark")
    home = page(client, "/")
    assert home.cssselect(".front-stream .stream-item.is-urgent .urgent-mark")


def test_keyset_pages_follow_each_other_without_gaps_or_repeats(client, settings):
    count = selectors.STREAM_PER_PAGE * 2 + 3
    section = make_section()
    base = at(2, 12)
    for i in range(count):
        # Pairs share a time: the id breaks the tie, nothing is skipped or repeated.
        make_article(f"Н{i}", section=section, published_at=base - timedelta(minutes=i // 2))
    seen, url = [], "/news/"
    while url:
        doc = page(client, url)
        seen += [a.text_content() for a in doc.cssselect(".stream-item a")]
        older = doc.cssselect("a[rel=next]")
        url = "/news/" + older[0].get("href") if older else ""
    expected = list(
        Article.objects.published().order_by("-published_at", "-id").values_list("title", flat=True)
    )
    assert seen == expected and len(seen) == count


@pytest.mark.parametrize("cursor", ["abc", "-1", "1.5", "", "9" * 20, "٣"])
def test_a_malformed_cursor_is_a_404(client, cursor):
    make_article()
    assert client.get("/news/", {"before": cursor}).status_code == 404


def test_a_cursor_that_is_not_a_published_story_is_a_404(client):
    make_article()
    draft = make_article(status=Article.Status.DRAFT)
    assert client.get(f"/news/?before={draft.pk}").status_code == 404
    assert client.get("/news/?before=999999").status_code == 404


@pytest.mark.parametrize("size", [3, 60])
def test_the_stream_pages_cost_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    section = make_section()
    stories = [
        make_article(section=section, published_at=at(2, 12) - timedelta(hours=i))
        for i in range(size)
    ]
    day = timezone_day(stories[1])
    with django_assert_num_queries(2):  # menu, one page
        assert client.get("/news/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get(f"/news/?before={stories[1].pk}").status_code == 200
    with django_assert_num_queries(4):  # menu, the day, the days before and after
        assert client.get(day).status_code == 200
    # menu, slots and stories, section blocks; + the popular blocks (4) when not kept
    with django_assert_num_queries(3 + 4):
        assert client.get("/").status_code == 200


def timezone_day(article: Article) -> str:
    return article.published_at.astimezone(KYIV).strftime("/news/%Y/%m/%d/")


def test_a_day_page_lists_that_kyiv_day_and_links_its_neighbours(client):
    make_article("Перше листопада", published_at=at(1, 9))
    make_article("Друге листопада рано", published_at=at(2, 0, 10))
    make_article("Друге листопада", published_at=at(2, 18))
    make_article("П'яте листопада", published_at=at(5, 8))
    doc = page(client, "/news/2026/11/02/")
    assert doc.cssselect("h1")[0].text_content() == "Новини 2 листопада 2026"
    titles = [a.text_content() for a in doc.cssselect(".stream-item a")]
    assert titles == ["Друге листопада", "Друге листопада рано"]
    assert doc.cssselect("a[rel=next]")[0].get("href") == "/news/2026/11/01/"
    assert doc.cssselect("a[rel=prev]")[0].get("href") == "/news/2026/11/05/"


@pytest.mark.parametrize("url", ["/news/2026/11/03/", "/news/2026/02/30/", "/news/2026/13/01/"])
def test_a_day_without_stories_or_a_day_that_does_not_exist_is_a_404(client, url):
    make_article(published_at=at(2, 9))
    assert client.get(url).status_code == 404


def test_archive_addresses_do_not_clash_with_articles(client):
    article = make_article("Стаття", published_at=at(2, 9))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(f"/news/{article.pk}/")["Location"] == article.get_absolute_url()
    assert client.get("/news/2026/11/02/").status_code == 200
    # /news/2026/ is the short address of story 2026 (absent here), not a year archive.
    assert client.get("/news/2026/").status_code == 404


def test_publishing_a_story_purges_the_cached_stream(client, settings):
    from shpalta.accounts.roles import EDITOR
    from shpalta.news import services
    from shpalta.testing import make_staff

    settings.PAGE_CACHE_SECONDS = 300
    make_article("Стара")
    draft = make_article("Нова", status=Article.Status.DRAFT)
    assert "Нова" not in client.get("/news/").content.decode()
    services.article_publish(article=draft, user=make_staff(EDITOR))
    assert "Нова" in client.get("/news/").content.decode()
