from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from lxml import html

from shpalta.news.models import Article, RelatedArticle
from shpalta.testing import add_source, make_article, make_image, make_person, make_tag

pytestmark = pytest.mark.django_db
KYIV = ZoneInfo("Europe/Kyiv")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return html.fromstring(response.content.decode())


def text(node) -> str:
    return " ".join(node.text_content().split())


@pytest.fixture
def story():
    earlier = make_article("Лавров розповів про економіку")
    article = make_article(
        "США та Росія провели таємні перемовини",
        lead="Під час таємних переговорів обговорювалася тема окупованих територій",
        highlight="Переговори відбувалися з відома адміністрації",
        body=(
            "<p>Про це повідомляє NBC News.</p><ul><li>Річард Гаас;</li><li>Чарльз Купчан.</li>"
            f'</ul><p>Нагадаємо, <a href="{earlier.get_absolute_url()}">Лавров розповів</a>.</p>'
        ),
        hero_image=make_image(caption="Ілюстративне фото"),
        published_at=datetime(2026, 11, 28, 20, 14, tzinfo=KYIV),
    )
    article.tags.add(make_tag("Переговори"))
    article.people.add(make_person("Сергій Лавров"))
    add_source(article, url="https://www.nbcnews.com/report")
    RelatedArticle.objects.create(article=article, related=earlier)
    return article


def test_the_article_shows_every_element_of_the_sample_in_order(client, story):
    doc = page(client, story.get_absolute_url())
    main = doc.get_element_by_id("main")
    order = [
        main.cssselect("h1")[0],
        main.cssselect(".byline time.published")[0],  # byline and time right under the headline
        main.cssselect(".lead")[0],
        main.cssselect("figure.hero")[0],
        main.cssselect("aside.highlight")[0],
        main.cssselect(".article-body")[0],
        main.cssselect(".sources")[0],
        main.cssselect(".read-also")[0],
        main.cssselect(".taxonomy")[0],
        main.cssselect(".share")[0],
        main.cssselect("#comments h2")[0],
    ]
    positions = [list(main.iter()).index(node) for node in order]
    assert positions == sorted(positions)
    assert doc.findtext(".//title").startswith("США та Росія провели таємні перемовини")
    assert len(doc.cssselect("h1")) == 1


def test_the_hero_photo_carries_caption_credit_and_responsive_sources(client, story):
    doc = page(client, story.get_absolute_url())
    figure = doc.cssselect("figure.hero")[0]
    assert "Ілюстративне фото" in text(figure.cssselect("figcaption")[0])
    assert "фото з відкритих джерел" in text(figure.cssselect("figcaption")[0])
    webp = figure.cssselect('source[type="image/webp"]')[0].get("srcset")
    img = figure.cssselect("img")[0]
    assert "320w" in webp and ".webp" in webp
    assert img.get("src").endswith(".jpg") and "640w" in img.get("srcset")
    assert img.get("width") == "800" and img.get("height") == "450"
    assert img.get("alt") == "Тестове фото"


def test_the_body_keeps_its_list_source_and_inline_link_to_the_earlier_story(client, story):
    doc = page(client, story.get_absolute_url())
    body = doc.cssselect(".article-body")[0]
    assert [text(li) for li in body.cssselect("ul li")] == ["Річард Гаас;", "Чарльз Купчан."]
    earlier = story.related_links.get().related
    assert body.cssselect("a")[0].get("href") == earlier.get_absolute_url()
    source = doc.cssselect(".sources")[0]
    assert text(source).startswith("Джерело:")
    assert source.cssselect("a")[0].get("href") == "https://www.nbcnews.com/report"
    read_also = doc.cssselect(".read-also")[0]
    assert text(read_also.cssselect("h2")[0]) == "Читайте також"
    assert read_also.cssselect("a")[0].get("href") == earlier.get_absolute_url()


def test_section_tags_and_people_are_links_to_their_pages(client, story):
    doc = page(client, story.get_absolute_url())
    hrefs = {a.get("href") for a in doc.cssselect(".taxonomy a")}
    assert story.section.get_absolute_url() in hrefs
    assert "/tag/perehovory/" in hrefs
    assert "/person/serhii-lavrov/" in hrefs


def test_the_publication_date_is_in_kyiv_time_with_the_genitive_month(client, story):
    doc = page(client, story.get_absolute_url())
    dates = text(doc.cssselect(".byline-meta")[0])
    assert dates.startswith("28 листопада 2026, 20:14 ·")
    assert doc.cssselect("time.published")[0].get("datetime") == "2026-11-28T20:14:00+02:00"
    assert not doc.cssselect("time.updated")


def test_an_updated_story_says_when(client, story):
    story.updated_at = datetime(2026, 11, 29, 9, 5, tzinfo=KYIV)
    story.save()
    doc = page(client, story.get_absolute_url())
    assert "Оновлено: 29 листопада 2026, 09:05" in text(doc.cssselect(".byline-meta")[0])


def test_the_comments_section_shows_its_heading_with_the_count(client, story):
    doc = page(client, story.get_absolute_url())
    assert text(doc.cssselect("#comments h2")[0]) == "Коментарі — 0"
    Article.objects.filter(pk=story.pk).update(comment_count=21)
    doc = page(client, story.get_absolute_url())
    assert text(doc.cssselect("#comments h2")[0]) == "Коментарі — 21"


def test_a_wrong_or_old_slug_redirects_permanently_to_the_canonical_address(client, story):
    canonical = story.get_absolute_url()
    for wrong in (
        f"/news/{story.pk}-old-title/",
        f"/news/{story.pk}-%D0%BF/",
        f"/news/{story.pk}/",
    ):
        response = client.get(wrong)
        assert response.status_code == 301
        assert response["Location"] == canonical


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_stories_readers_may_not_see_answer_404(client, status):
    article = make_article(status=status, published_at=timezone.now() - timedelta(days=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(f"/news/{article.pk}/").status_code == 404


def test_an_unpublished_story_is_gone_at_both_addresses(client):
    article = make_article(status=Article.Status.UNPUBLISHED)
    assert client.get(article.get_absolute_url()).status_code == 410
    assert client.get(f"/news/{article.pk}/").status_code == 410


def test_a_scheduled_story_appears_when_its_time_comes_even_without_a_scheduler_run(client):
    future = make_article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(hours=1)
    )
    due = make_article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(future.get_absolute_url()).status_code == 404
    assert client.get(due.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/news/999999-nema/",
        "/news/999999999999999999999999-x/",
        "/news/abc-x/",
        "/news/1-%00/",
        "/news/-1-x/",
        "/news/1-x/?page=%ff&q=<script>",
    ],
)
def test_unknown_or_malformed_article_addresses_answer_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Сторінку не знайдено" in response.content.decode()


def test_related_stories_that_are_not_published_are_not_listed(client, story):
    hidden = make_article("Чернетка", status=Article.Status.DRAFT)
    RelatedArticle.objects.create(article=story, related=hidden, position=5)
    doc = page(client, story.get_absolute_url())
    titles = [text(a) for a in doc.cssselect(".read-also a")]
    assert titles == ["Лавров розповів про економіку"]


def test_hostile_titles_are_escaped(client):
    article = make_article('<script>alert("x")</script> & «лапки»', lead="<img src=x onerror=1>")
    response = client.get(article.get_absolute_url())
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert" in body
    assert "<img src=x onerror=1>" not in body


def test_a_deleted_authors_byline_says_so_without_personal_data(client):
    from shpalta.accounts.services import user_delete
    from shpalta.testing import make_user

    author = make_user(display_name="Олена Коваль")
    article = make_article()
    article.authors.add(author)
    user_delete(user=author)
    doc = page(client, article.get_absolute_url())
    byline = text(doc.cssselect(".byline")[0])
    assert "Видалений користувач" in byline
    assert "Олена Коваль" not in byline and "@" not in byline
