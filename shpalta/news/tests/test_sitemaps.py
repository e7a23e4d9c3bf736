"""Sitemaps, validated against the published XSD schemas shipped in tests/data/xsd."""

from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone
from lxml import etree

from shpalta.lib.html import xml_text
from shpalta.news.models import Article
from shpalta.news.sitemaps import ArticleMonthSitemap, NewsSitemap
from shpalta.testing import (
    XML_BREAKERS,
    hostile_strings,
    make_article,
    make_person,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db

XSD = Path(settings.BASE_DIR) / "tests" / "data" / "xsd"
SCHEMAS = {
    name: etree.XMLSchema(etree.parse(str(XSD / f"{name}.xsd")))
    for name in ("siteindex", "sitemap", "sitemap-with-news")
}
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
INDEX_QUERIES = 5  # months, sections, tags, people, news
SITEMAP_QUERIES = 2  # the count for pages, one page of addresses


def fetch(client, url, schema):
    """The sitemap's XML tree, after checking it against a published schema."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = etree.fromstring(response.content)
    SCHEMAS[schema].assertValid(root)
    return root


def locations(root) -> list[str]:
    return [loc.text for loc in root.iter(f"{SM}loc")]


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def kyiv(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def newsroom():
    """Stories in October and November 2026 and one from an hour ago, with topics and people."""
    section = make_section("Світ")
    october = make_article("Жовтнева", section=section, published_at=kyiv(2026, 10, 31, 23, 30))
    november = make_article("Листопадова", section=section, published_at=kyiv(2026, 11, 1, 0, 10))
    fresh = make_article("Свіжа", section=section)
    october.tags.add(make_tag("Переговори"))
    fresh.people.add(make_person("Сергій Лавров"))
    return {"october": october, "november": november, "fresh": fresh}


def test_the_index_validates_and_names_every_sitemap(client, newsroom):
    root = fetch(client, "/sitemap.xml", "siteindex")
    this_month = timezone.localtime()
    expected = {
        "http://testserver/sitemap-news.xml",
        "http://testserver/sitemap-articles-2026-10.xml",
        "http://testserver/sitemap-articles-2026-11.xml",
        f"http://testserver/sitemap-articles-{this_month:%Y-%m}.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-tags.xml",
        "http://testserver/sitemap-people.xml",
    }
    assert set(locations(root)) == expected
    assert all(sitemap.findtext(f"{SM}lastmod") for sitemap in root.iter(f"{SM}sitemap"))


def test_every_sitemap_the_index_names_validates(client, newsroom):
    for url in locations(fetch(client, "/sitemap.xml", "siteindex")):
        schema = "sitemap-with-news" if "news" in url else "sitemap"
        assert locations(fetch(client, path_of(url), schema)), url


def test_a_month_holds_the_stories_of_that_month_in_kyiv_time(client, newsroom):
    october = fetch(client, "/sitemap-articles-2026-10.xml", "sitemap")
    story = newsroom["october"]  # 23:30 on 31 October in Kyiv is 20:30 UTC
    assert locations(october) == [f"http://testserver{story.get_absolute_url()}"]
    assert october.findtext(f"{SM}url/{SM}lastmod") == "2026-10-31T23:30:00+02:00"
    november = fetch(client, "/sitemap-articles-2026-11.xml", "sitemap")
    assert f"http://testserver{newsroom['november'].get_absolute_url()}" in locations(november)


def test_lastmod_is_the_update_time_when_a_story_was_updated(client, newsroom):
    story = newsroom["october"]
    story.updated_at = kyiv(2026, 11, 2, 9, 0)
    story.save()
    root = fetch(client, "/sitemap-articles-2026-10.xml", "sitemap")
    assert root.findtext(f"{SM}url/{SM}lastmod") == "2026-11-02T09:00:00+02:00"
    index = fetch(client, "/sitemap.xml", "siteindex")
    lastmods = {
        s.findtext(f"{SM}loc"): s.findtext(f"{SM}lastmod") for s in index.iter(f"{SM}sitemap")
    }
    assert lastmods["http://testserver/sitemap-articles-2026-10.xml"] == "2026-11-02T09:00:00+02:00"


def test_drafts_and_stories_scheduled_for_later_are_not_listed(client):
    shown = make_article("Видно", published_at=kyiv(2026, 9, 5, 12, 0))
    make_article("Чернетка", status=Article.Status.DRAFT)
    make_article(
        "Завтра",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
    )
    index = fetch(client, "/sitemap.xml", "siteindex")
    assert "http://testserver/sitemap-news.xml" not in locations(index)
    root = fetch(client, "/sitemap-articles-2026-09.xml", "sitemap")
    assert locations(root) == [f"http://testserver{shown.get_absolute_url()}"]
    assert client.get("/sitemap-news.xml").status_code == 404


def test_sections_tags_and_people_are_listed_when_they_have_stories(client, newsroom):
    make_section("Порожня")
    make_tag("Без новин")
    sections = fetch(client, "/sitemap-sections.xml", "sitemap")
    assert locations(sections) == ["http://testserver/section/svit/"]
    assert locations(fetch(client, "/sitemap-tags.xml", "sitemap")) == [
        "http://testserver/tag/perehovory/"
    ]
    people = fetch(client, "/sitemap-people.xml", "sitemap")
    assert locations(people) == ["http://testserver/person/serhii-lavrov/"]
    fresh = timezone.localtime(newsroom["fresh"].published_at).replace(microsecond=0)
    assert people.findtext(f"{SM}url/{SM}lastmod") == fresh.isoformat()


def test_the_news_sitemap_lists_the_last_two_days_for_google_news(client, newsroom):
    now = timezone.now()
    older = make_article("Позавчорашня", published_at=now - timedelta(hours=49))
    yesterday = make_article("Вчорашня", published_at=now - timedelta(hours=30))
    root = fetch(client, "/sitemap-news.xml", "sitemap-with-news")
    fresh = newsroom["fresh"]
    assert locations(root) == [
        f"http://testserver{fresh.get_absolute_url()}",
        f"http://testserver{yesterday.get_absolute_url()}",
    ]
    assert f"http://testserver{older.get_absolute_url()}" not in locations(root)
    news = root.find(f"{SM}url/{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Шпальта"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "uk"
    assert news.findtext(f"{NEWS}title") == "Свіжа"
    published = timezone.localtime(fresh.published_at).replace(microsecond=0).isoformat()
    assert news.findtext(f"{NEWS}publication_date") == published
    assert published.endswith(("+02:00", "+03:00"))


def test_the_news_sitemap_holds_at_most_a_thousand_newest_stories(client):
    section = make_section()
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"Новина {n}",
            slug=f"novyna-{n}",
            lead="Лід",
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(seconds=n + 1),
        )
        for n in range(1001)
    )
    root = fetch(client, "/sitemap-news.xml", "sitemap-with-news")
    titles = [title.text for title in root.iter(f"{NEWS}title")]
    assert len(titles) == 1000
    assert titles[0] == "Новина 0" and titles[-1] == "Новина 999"
    assert client.get("/sitemap-news.xml?p=2").status_code == 404


def test_a_month_bigger_than_one_sitemap_is_split_into_pages(client, monkeypatch):
    monkeypatch.setattr(ArticleMonthSitemap, "limit", 2)
    for day in (1, 2, 3):
        make_article(f"День {day}", published_at=kyiv(2026, 8, day, 12, 0))
    index = fetch(client, "/sitemap.xml", "siteindex")
    assert "http://testserver/sitemap-articles-2026-08.xml?p=2" in locations(index)
    first = fetch(client, "/sitemap-articles-2026-08.xml", "sitemap")
    second = fetch(client, "/sitemap-articles-2026-08.xml?p=2", "sitemap")
    assert len(locations(first)) == 2 and len(locations(second)) == 1
    assert client.get("/sitemap-articles-2026-08.xml?p=3").status_code == 404


def test_empty_sitemaps_answer_404_and_stay_out_of_the_index(client):
    assert client.get("/sitemap.xml").status_code == 404  # nothing published yet
    make_article("Одна", published_at=kyiv(2026, 7, 1, 9, 0))
    index = locations(fetch(client, "/sitemap.xml", "siteindex"))
    assert "http://testserver/sitemap-tags.xml" not in index
    assert client.get("/sitemap-tags.xml").status_code == 404
    assert client.get("/sitemap-people.xml").status_code == 404
    assert client.get("/sitemap-articles-2026-06.xml").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-articles-2026-13.xml",
        "/sitemap-articles-2026-00.xml",
        "/sitemap-articles-0000-01.xml",
        "/sitemap-articles-9999-12.xml",
        "/sitemap-articles-26-1.xml",
        "/sitemap-articles-2026-07.xml?p=0",
        "/sitemap-articles-2026-07.xml?p=2",
        "/sitemap-articles-2026-07.xml?p=-1",
        "/sitemap-articles-2026-07.xml?p=%D9%A1",
        "/sitemap-articles-2026-07.xml?p=9999999",
        "/sitemap-sections.xml?p=abc",
        "/sitemap-everything.xml",
    ],
)
def test_bad_months_and_pages_are_404_pages(client, url):
    make_article("Одна", published_at=kyiv(2026, 7, 1, 9, 0))
    response = client.get(url)
    assert response.status_code == 404
    assert "Сторінку не знайдено" in response.content.decode()


def test_hostile_page_numbers_never_break_a_sitemap(client):
    make_article("Одна", published_at=kyiv(2026, 7, 1, 9, 0))
    for text in hostile_strings():
        response = client.get("/sitemap-articles-2026-07.xml", {"p": text})
        assert response.status_code in (200, 404), text


def test_hostile_titles_keep_the_news_sitemap_valid(client):
    section = make_section()
    now = timezone.now()
    strings = [*hostile_strings(), "Заголовок" + "".join(XML_BREAKERS) + "кінець"]
    Article.objects.bulk_create(
        Article(
            title=text[:200],
            slug=f"novyna-{n}",
            lead="Лід",
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(seconds=n + 1),
        )
        for n, text in enumerate(strings)
    )
    root = fetch(client, "/sitemap-news.xml", "sitemap-with-news")
    titles = [title.text or "" for title in root.iter(f"{NEWS}title")]
    expected = [xml_text(text[:200]).replace("\r\n", "\n").replace("\r", "\n") for text in strings]
    assert titles == expected


def test_addresses_use_the_configured_site_address(client, newsroom, settings):
    settings.SITE_URL = "https://news.example.ua"
    index = locations(fetch(client, "/sitemap.xml", "siteindex"))
    assert all(url.startswith("https://news.example.ua/sitemap-") for url in index)
    root = fetch(client, "/sitemap-sections.xml", "sitemap")
    assert locations(root) == ["https://news.example.ua/section/svit/"]


def test_robots_txt_names_the_index_and_the_news_sitemap(client, settings):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    settings.SITE_URL = "https://news.example.ua"
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Sitemap: https://news.example.ua/sitemap.xml" in lines


@pytest.mark.parametrize(
    "url", ["/sitemap.xml", "/sitemap-news.xml", "/sitemap-sections.xml", "/sitemap-people.xml"]
)
def test_sitemaps_are_public_pages_labelled_for_the_cdn(client, newsroom, url):
    response = client.get(url)
    assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]
    assert response["Surrogate-Key"] == "sitemaps"
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.mark.parametrize("size", [1, 15])
def test_sitemaps_run_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    now = timezone.now()
    for n in range(size):
        section = make_section()
        article = make_article(section=section, published_at=now - timedelta(days=40 * n))
        article.tags.add(make_tag())
        article.people.add(make_person())
    with django_assert_num_queries(INDEX_QUERIES):
        root = fetch(client, "/sitemap.xml", "siteindex")
    assert len(locations(root)) >= 5
    for url in locations(root):
        with django_assert_num_queries(SITEMAP_QUERIES):
            assert client.get(path_of(url)).status_code == 200


def test_the_limits_are_the_ones_google_and_sitemaps_org_set():
    assert NewsSitemap.limit == 1000
    assert ArticleMonthSitemap.limit == 50_000


def test_the_schemas_catch_what_search_engines_would_refuse():
    """The shipped schemas are not vacuous: a bad date or a news entry without its
    publication fails them."""
    bad_date = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        "<loc>https://news.example.ua/</loc><lastmod>28.11.2026</lastmod></url></urlset>"
    )
    assert not SCHEMAS["sitemap"].validate(etree.fromstring(bad_date))
    no_publication = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
        "<loc>https://news.example.ua/news/1/</loc><news:news>"
        "<news:publication_date>2026-11-28</news:publication_date>"
        "<news:title>Т</news:title></news:news></url></urlset>"
    )
    assert not SCHEMAS["sitemap-with-news"].validate(etree.fromstring(no_publication))
    empty_index = '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>'
    assert not SCHEMAS["siteindex"].validate(etree.fromstring(empty_index))
