import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import html

from shpalta.news.demo import SAMPLE_TITLE, demo_load
from shpalta.news.models import Article, Image, Person, Tag

pytestmark = pytest.mark.django_db


def test_loading_the_demo_twice_changes_nothing():
    assert demo_load() >= 43
    snapshot = list(Article.objects.values_list("id", "title", "changed_at", "published_at"))
    images = Image.objects.count()
    assert demo_load() == 0
    assert (
        list(Article.objects.values_list("id", "title", "changed_at", "published_at")) == snapshot
    )
    assert Image.objects.count() == images


def test_the_demo_sample_is_the_top_story_with_its_people_and_source(client):
    demo_load()
    doc = html.fromstring(client.get("/").content.decode())
    assert doc.cssselect(".top-title a")[0].text_content() == SAMPLE_TITLE
    sample = Article.objects.get(title=SAMPLE_TITLE)
    names = set(sample.people.values_list("name", flat=True))
    assert names == set(Person.objects.filter(name__in=names).values_list("name", flat=True))
    assert {"Сергій Лавров", "Мері Бет Лонг", "Джо Байден"} <= names
    assert sample.source_links.get().source.name == "NBC News"
    assert sample.hero_image.credit == "фото з відкритих джерел"
    assert Article.objects.filter(is_demo=True).count() == Article.objects.count()


def test_the_sample_links_inline_to_the_two_earlier_stories(client):
    demo_load()
    sample = Article.objects.get(title=SAMPLE_TITLE)
    doc = html.fromstring(client.get(sample.get_absolute_url()).content.decode())
    paragraphs = doc.cssselect(".article-body p")
    for start in ("Нагадаємо, глава МЗС", "Раніше повідомлялося, що"):
        (paragraph,) = [p for p in paragraphs if p.text_content().startswith(start)]
        link = paragraph.cssselect("a")[0]
        assert client.get(link.get("href")).status_code == 200


def test_every_demo_list_paginates(client):
    demo_load()
    assert client.get("/?page=2").status_code == 200
    for section in ("polityka", "svit", "ekonomika", "suspilstvo"):
        assert client.get(f"/section/{section}/?page=2").status_code == 200
    for tag in Tag.objects.all():
        assert client.get(f"{tag.get_absolute_url()}?page=2").status_code == 200, tag.name
    for name in ("Сергій Лавров", "Володимир Путін"):
        person = Person.objects.get(name=name)
        assert client.get(f"{person.get_absolute_url()}?page=2").status_code == 200


def test_the_demo_is_refused_in_production_mode(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("load_demo")
    assert not Article.objects.exists()
