import pytest
from lxml import html

from shpalta.news.models import Article, ArticleSource
from shpalta.testing import make_article, make_person, make_section, make_source, make_tag

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    doc = html.fromstring(response.content.decode())
    return [a.text_content().strip() for a in doc.cssselect(".card-title a, .top-title a")]


def test_the_home_page_shows_the_top_story_then_the_latest_news(client):
    section = make_section("Світ")
    older = make_article("Старіша новина", section=section)
    newest = make_article("Найсвіжіша новина", section=section)
    Article.objects.filter(pk=older.pk).update(published_at=newest.published_at.replace(hour=1))
    make_article("Чернетка", status=Article.Status.DRAFT)
    response = client.get("/")
    doc = html.fromstring(response.content.decode())
    assert doc.cssselect(".top-title a")[0].text_content() == "Найсвіжіша новина"
    assert titles(response) == ["Найсвіжіша новина", "Старіша новина"]
    assert "Світ" in doc.cssselect(".card-meta")[0].text_content()


@pytest.mark.parametrize(
    ("count", "words"),
    [(0, "0 коментарів"), (1, "1 коментар"), (2, "2 коментарі"), (5, "5 коментарів"),
     (11, "11 коментарів"), (21, "21 коментар"), (111, "111 коментарів")],
)  # fmt: skip
def test_comment_counts_in_lists_use_ukrainian_plurals(client, count, words):
    make_article("Перша", comment_count=count)
    doc = html.fromstring(client.get("/").content.decode())
    assert doc.cssselect(".comment-count")[0].text_content().strip() == words


def test_the_home_page_has_no_pages_and_leads_to_the_stream(client):
    section = make_section()
    for _ in range(45):
        make_article(section=section)
    first = client.get("/")
    doc = html.fromstring(first.content.decode())
    assert not doc.cssselect(".pagination")
    assert doc.cssselect(".stream-more a")[0].get("href") == "/news/"
    # Older news lives in the стрічка (/news/): ?page= is not read here.
    assert client.get("/?page=3").content == first.content


@pytest.mark.parametrize(
    "query",
    ["?page=0", "?page=4", "?page=-1", "?page=abc", "?page=1.5", "?page=99999999999999999999",
     "?page=%D9%A3", "?page=%00", "?page="],
)  # fmt: skip
def test_impossible_page_numbers_answer_404_not_an_error(client, query):
    article = make_article()
    response = client.get(f"{article.section.get_absolute_url()}{query}")
    assert response.status_code == 404
    assert "Сторінку не знайдено" in response.content.decode()


def test_odd_query_strings_are_ignored(client):
    make_article("Новина")
    response = client.get("/?q=%27%22%3E%3Cscript%3E&utm=%F0%9F%98%80&&=&page=1")
    assert response.status_code == 200
    assert titles(response) == ["Новина"]


def test_section_tag_person_and_source_pages_list_their_published_stories(client):
    section, tag, person, source = (
        make_section("Економіка"),
        make_tag(),
        make_person(),
        make_source(),
    )
    mine = make_article("Про гривню", section=section)
    mine.tags.add(tag)
    mine.people.add(person)
    ArticleSource.objects.create(article=mine, source=source)
    make_article("Інша новина")
    hidden = make_article("Чернетка", section=section, status=Article.Status.DRAFT)
    hidden.tags.add(tag)
    for obj in (section, tag, person, source):
        response = client.get(obj.get_absolute_url())
        assert response.status_code == 200
        assert titles(response) == ["Про гривню"]
    heading = html.fromstring(client.get(tag.get_absolute_url()).content.decode()).findtext(".//h1")
    assert heading == f"Тема: {tag.name}"


def test_list_pages_paginate_by_ten(client):
    section = make_section()
    for _ in range(12):
        make_article(section=section)
    assert len(titles(client.get(section.get_absolute_url()))) == 10
    assert len(titles(client.get(section.get_absolute_url() + "?page=2"))) == 2
    assert client.get(section.get_absolute_url() + "?page=3").status_code == 404


@pytest.mark.parametrize("prefix", ["section", "tag", "person", "source"])
def test_unknown_slugs_answer_404(client, prefix):
    assert client.get(f"/{prefix}/nemaie-takoho/").status_code == 404
    assert client.get(f"/{prefix}/%F0%9F%98%80/").status_code == 404


def test_an_empty_site_says_there_is_no_news_yet(client):
    assert "Поки що новин немає." in client.get("/").content.decode()
