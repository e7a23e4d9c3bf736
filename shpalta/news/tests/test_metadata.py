import extruct
import pytest
from lxml import html

from shpalta.testing import make_article, make_image, make_tag, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = make_article(
        "США та Росія провели таємні перемовини",
        lead="Під час таємних переговорів обговорювалася тема окупованих територій",
        hero_image=make_image(),
    )
    article.tags.add(make_tag("Переговори"), make_tag("США"))
    article.authors.add(make_user(display_name="Олена Коваль"))
    return article


def metadata(client, url):
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    data = extruct.extract(
        content, base_url="http://testserver/", syntaxes=["json-ld", "opengraph"], uniform=True
    )
    return html.fromstring(content), data


def test_the_description_and_canonical_link_come_from_the_article(client, article):
    doc, _ = metadata(client, f"/news/{article.pk}-{article.slug}/?utm_source=x")
    assert doc.cssselect('meta[name="description"]')[0].get("content") == article.lead
    canonical = doc.cssselect('link[rel="canonical"]')[0].get("href")
    assert canonical == f"http://testserver{article.get_absolute_url()}"


def test_open_graph_describes_an_article_with_its_image_and_time(client, article):
    doc, data = metadata(client, article.get_absolute_url())
    og = data["opengraph"][0]
    assert og["@type"] == "article"  # extruct reports og:type as @type
    assert og["og:title"] == article.title
    assert og["og:description"] == article.lead
    assert og["og:image"].startswith("http://testserver/media/renditions/")
    assert og["article:published_time"].endswith("+02:00")
    twitter = doc.cssselect('meta[name="twitter:card"]')[0].get("content")
    assert twitter == "summary_large_image"


def test_json_ld_is_a_complete_news_article(client, article):
    _, data = metadata(client, article.get_absolute_url())
    (ld,) = data["json-ld"]
    assert ld["@type"] == "NewsArticle"
    assert ld["headline"] == article.title
    assert ld["description"] == article.lead
    assert ld["image"][0].endswith(".jpg")
    assert ld["datePublished"] == ld["dateModified"]
    assert ld["author"] == [{"@type": "Person", "name": "Олена Коваль"}]
    assert ld["publisher"]["name"] == "Шпальта"
    assert ld["publisher"]["logo"]["url"].startswith("http://testserver/static/img/logo")
    assert ld["mainEntityOfPage"]["@id"] == f"http://testserver{article.get_absolute_url()}"
    assert ld["articleSection"] == article.section.name
    assert sorted(ld["keywords"]) == ["Переговори", "США"]


def test_json_ld_cannot_be_broken_out_of_by_a_headline(client):
    article = make_article('</script><script>alert(1)</script> "лапки"')
    doc, data = metadata(client, article.get_absolute_url())
    (ld,) = data["json-ld"]
    assert ld["headline"] == article.title
    assert not [
        s for s in doc.cssselect("script") if "alert(1)" in (s.text or "") and not s.get("type")
    ]


def test_a_site_url_setting_makes_absolute_urls_use_the_public_address(client, article, settings):
    settings.SITE_URL = "https://news.example.ua"
    doc, data = metadata(client, article.get_absolute_url())
    canonical = doc.cssselect('link[rel="canonical"]')[0].get("href")
    assert canonical == f"https://news.example.ua{article.get_absolute_url()}"
    assert data["opengraph"][0]["og:image"].startswith("https://news.example.ua/media/")
