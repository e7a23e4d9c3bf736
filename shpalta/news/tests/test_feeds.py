"""RSS 2.0 and Atom feeds, parsed as XML and with feedparser, checked against the specs."""

import html
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import feedparser
import pytest
from django.conf import settings
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from shpalta.accounts.models import User
from shpalta.lib.html import xml_text
from shpalta.news.models import Article
from shpalta.testing import (
    XML_BREAKERS,
    hostile_strings,
    make_article,
    make_image,
    make_person,
    make_section,
    make_tag,
    make_user,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
SITE_FEED_QUERIES = 3  # the stories (+section, photo), their authors, their tags
SUBJECT_FEED_QUERIES = 4  # and the section, tag or person itself


def fetch(client, url):
    """The response, its XML tree and feedparser's reading of it; both must be clean."""
    response = client.get(url)
    assert response.status_code == 200, url
    root = etree.fromstring(response.content)  # raises on XML that is not well-formed
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, root, parsed


@pytest.fixture
def story():
    """The sample story with a photo, an author, tags and a known time (20:14 in Kyiv)."""
    article = make_article(
        "США та Росія провели таємні перемовини",
        section=make_section("Світ"),
        lead="Під час таємних переговорів обговорювалася тема окупованих територій",
        hero_image=make_image(1600, 900, credit="фото з відкритих джерел", caption="Зустріч"),
        published_at=datetime(2026, 11, 28, 18, 14, tzinfo=UTC),
    )
    article.tags.add(make_tag("Переговори"))
    article.authors.add(make_user(display_name="Олена Коваль"))
    return article


def test_the_rss_feed_has_every_element_rss_2_requires(client, story):
    response, root, parsed = fetch(client, "/rss/")
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == "Шпальта"
    assert channel.findtext("link") == "http://testserver/"
    assert channel.findtext("description") == "Останні новини видання «Шпальта»."
    assert channel.findtext("language") == "uk"
    self_link = channel.find(f"{ATOM}link")
    assert (self_link.get("rel"), self_link.get("href")) == ("self", "http://testserver/rss/")
    (item,) = channel.findall("item")
    assert item.findtext("title") == story.title
    assert item.findtext("link") == f"http://testserver{story.get_absolute_url()}"
    assert parsed.version == "rss20"


def test_the_atom_feed_has_ids_titles_updated_times_an_author_and_a_self_link(client, story):
    response, root, parsed = fetch(client, "/atom/")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert root.tag == f"{ATOM}feed"
    for element in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{element}"), element
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Шпальта"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"self": "http://testserver/atom/", "alternate": "http://testserver/"}
    (entry,) = root.findall(f"{ATOM}entry")
    for element in ("id", "title", "updated", "published", "summary"):
        assert entry.findtext(f"{ATOM}{element}"), element
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Олена Коваль"
    assert parsed.version == "atom10"
    assert parsed.feed.language == "uk"


@pytest.mark.parametrize("url", ["/rss/", "/atom/"])
def test_an_entry_carries_the_full_lead_the_author_and_the_topics(client, story, url):
    _, _, parsed = fetch(client, url)
    (entry,) = parsed.entries
    assert entry.title == "США та Росія провели таємні перемовини"
    assert html.unescape(entry.summary) == story.lead
    assert entry.author == "Олена Коваль"
    assert [tag.term for tag in entry.tags] == ["Світ", "Переговори"]


@pytest.mark.parametrize("url", ["/rss/", "/atom/"])
def test_the_photo_is_the_largest_jpeg_with_its_size_type_and_credit(client, story, url):
    _, root, parsed = fetch(client, url)
    (enclosure,) = parsed.entries[0].enclosures
    largest = story.hero_image.renditions[-1]
    assert enclosure.href == f"http://testserver{settings.MEDIA_URL}{largest['jpeg']}"
    assert enclosure.type == "image/jpeg"
    on_disk = (Path(settings.MEDIA_ROOT) / largest["jpeg"]).stat().st_size
    assert int(enclosure.length) == on_disk
    media = root.find(f".//{MEDIA}content")
    assert media.get("url") == enclosure.href
    assert (media.get("width"), media.get("height")) == ("1280", "720")
    assert media.findtext(f"{MEDIA}credit") == "фото з відкритих джерел"
    assert media.findtext(f"{MEDIA}description") == "Зустріч"


def test_a_photo_without_renditions_is_announced_as_uploaded(client):
    image = make_image(renditions=False)
    make_article(hero_image=image)
    _, _, parsed = fetch(client, "/rss/")
    (enclosure,) = parsed.entries[0].enclosures
    assert enclosure.href == f"http://testserver{image.file.url}"
    assert int(enclosure.length) == image.file.size


def test_renditions_made_before_sizes_were_recorded_are_measured_on_disk(client, story):
    image = story.hero_image
    image.renditions = [
        {k: v for k, v in r.items() if not k.endswith("_bytes")} for r in image.renditions
    ]
    image.save()
    _, _, parsed = fetch(client, "/rss/")
    on_disk = (Path(settings.MEDIA_ROOT) / image.renditions[-1]["jpeg"]).stat().st_size
    assert int(parsed.entries[0].enclosures[0].length) == on_disk


def test_a_photo_missing_from_storage_leaves_the_entry_without_it(client, story):
    (Path(settings.MEDIA_ROOT) / story.hero_image.renditions[-1]["jpeg"]).unlink()
    image = story.hero_image
    image.renditions = [
        {k: v for k, v in r.items() if not k.endswith("_bytes")} for r in image.renditions
    ]
    image.save()
    _, _, parsed = fetch(client, "/atom/")
    assert parsed.entries[0].title == story.title
    assert parsed.entries[0].enclosures == []


def test_dates_are_given_in_kyiv_time_with_the_offset(client, story):
    _, rss, parsed_rss = fetch(client, "/rss/")
    assert rss.findtext("channel/item/pubDate") == "Sat, 28 Nov 2026 20:14:00 +0200"
    _, atom, _ = fetch(client, "/atom/")
    assert atom.findtext(f"{ATOM}entry/{ATOM}published") == "2026-11-28T20:14:00+02:00"
    assert parsed_rss.entries[0].published_parsed[:5] == (2026, 11, 28, 18, 14)


def test_an_update_shows_in_the_atom_updated_time(client, story):
    story.updated_at = story.published_at + timedelta(hours=2)
    story.save()
    _, atom, _ = fetch(client, "/atom/")
    assert atom.findtext(f"{ATOM}entry/{ATOM}updated") == "2026-11-28T22:14:00+02:00"
    assert atom.findtext(f"{ATOM}updated") == "2026-11-28T22:14:00+02:00"


def test_the_entry_id_is_the_short_address_and_survives_a_new_title(client, story):
    _, before, _ = fetch(client, "/rss/")
    story.title, story.slug = "Новий заголовок", ""
    story.save()
    _, after, parsed = fetch(client, "/rss/")
    guid = f"http://testserver/news/{story.pk}/"
    assert before.findtext("channel/item/guid") == after.findtext("channel/item/guid") == guid
    assert after.find("channel/item/guid").get("isPermaLink") == "true"
    assert parsed.entries[0].link.endswith("-novyi-zaholovok/")
    assert client.get(guid).status_code == 301


def test_addresses_use_the_configured_site_address(client, story, settings):
    settings.SITE_URL = "https://news.example.ua"
    _, _, parsed = fetch(client, "/section/svit/atom/")
    assert parsed.feed.link == "https://news.example.ua/section/svit/"
    assert parsed.entries[0].id == f"https://news.example.ua/news/{story.pk}/"
    assert parsed.entries[0].enclosures[0].href.startswith("https://news.example.ua/media/")
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links["self"] == "https://news.example.ua/section/svit/atom/"


def test_section_tag_and_person_feeds_list_only_their_own_stories(client):
    section, tag, person = make_section("Економіка"), make_tag("Бюджет"), make_person("Іван Франко")
    ours = make_article("Наша новина", section=section)
    ours.tags.add(tag)
    ours.people.add(person)
    make_article("Чужа новина")
    for kind, subject in (("section", section), ("tag", tag), ("person", person)):
        for flavour in ("rss", "atom"):
            _, _, parsed = fetch(client, f"/{kind}/{subject.slug}/{flavour}/")
            assert [entry.title for entry in parsed.entries] == ["Наша новина"]


def test_subject_feeds_are_titled_like_their_pages(client):
    section, tag, person = make_section("Економіка"), make_tag("Бюджет"), make_person("Іван Франко")
    titles = {
        f"/section/{section.slug}/rss/": "Економіка — Шпальта",
        f"/tag/{tag.slug}/rss/": "Тема: Бюджет — Шпальта",
        f"/person/{person.slug}/atom/": "Іван Франко — Шпальта",
    }
    for url, title in titles.items():
        assert fetch(client, url)[2].feed.title == title
    about = fetch(client, f"/person/{person.slug}/atom/")[2].feed.subtitle
    assert about == "Іван Франко у новинах видання «Шпальта»."


def test_drafts_and_stories_scheduled_for_later_stay_out(client):
    make_article("Видно")
    make_article("Чернетка", status=Article.Status.DRAFT)
    make_article(
        "Завтра",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
    )
    _, _, parsed = fetch(client, "/rss/")
    assert [entry.title for entry in parsed.entries] == ["Видно"]


def test_a_feed_shows_the_newest_thirty_stories_newest_first(client):
    section = make_section()
    now = timezone.now()
    for n in range(35):
        make_article(f"Новина {n}", section=section, published_at=now - timedelta(minutes=n))
    _, _, parsed = fetch(client, "/atom/")
    assert len(parsed.entries) == 30
    assert parsed.entries[0].title == "Новина 0"
    assert parsed.entries[-1].title == "Новина 29"


@pytest.mark.parametrize(
    "url",
    [
        "/section/nemaie/rss/",
        "/section/nemaie/atom/",
        "/tag/nemaie/rss/",
        "/tag/nemaie/atom/",
        "/person/nemaie/rss/",
        "/person/nemaie/atom/",
        "/section/%D0%BF%D0%BE%D0%BB%D1%96%D1%82%D0%B8%D0%BA%D0%B0/rss/",
    ],
)
def test_unknown_slugs_are_a_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Сторінку не знайдено" in response.content.decode()


def test_a_feed_only_accepts_reading(client):
    response = client.post("/rss/")
    assert response.status_code == 405


def test_a_section_without_stories_has_a_valid_empty_feed(client):
    section = make_section("Порожня")
    _, _, parsed = fetch(client, f"/section/{section.slug}/rss/")
    assert parsed.entries == []
    _, root, _ = fetch(client, f"/section/{section.slug}/atom/")
    assert root.findtext(f"{ATOM}updated")


@pytest.mark.parametrize("url", ["/rss/", "/atom/", "/section/svit/rss/", "/tag/perehovory/atom/"])
def test_feeds_are_public_pages_labelled_for_the_cdn(client, story, url):
    response = client.get(url)
    assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]
    assert "feeds" in response["Surrogate-Key"].split()
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    assert response["ETag"] and response["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_section_feed_is_purged_with_its_section(client, story):
    response = client.get("/section/svit/rss/")
    assert response["Surrogate-Key"] == f"section-{story.section_id} feeds"
    assert client.get("/rss/")["Surrogate-Key"] == "home feeds"


@pytest.mark.parametrize("size", [2, 35])
def test_feeds_run_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    section, tag, person = make_section(), make_tag(), make_person()
    image = make_image()
    for _ in range(size):
        article = make_article(section=section, hero_image=image)
        article.tags.add(tag, make_tag())
        article.people.add(person)
        article.authors.add(make_user())
    for flavour in ("rss", "atom"):
        with django_assert_num_queries(SITE_FEED_QUERIES):
            assert client.get(f"/{flavour}/").status_code == 200
        for kind, subject in (("section", section), ("tag", tag), ("person", person)):
            with django_assert_num_queries(SUBJECT_FEED_QUERIES):
                assert client.get(f"/{kind}/{subject.slug}/{flavour}/").status_code == 200


def test_the_cached_feed_costs_no_queries(client, story, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 60
    first = client.get("/rss/")
    with django_assert_num_queries(0):
        again = client.get("/rss/")
    assert again.content == first.content
    assert again["Content-Type"] == "application/rss+xml; charset=utf-8"


def _as_xml_reads_it(text: str) -> str:
    """What a reader gets back: XML parsers turn every CR and CRLF into LF."""
    return xml_text(text).replace("\r\n", "\n").replace("\r", "\n")


def _entries(root) -> list[tuple[str, str]]:
    """(title, lead) of every entry, exactly as the XML says (leads are escaped HTML)."""
    if root.tag == "rss":
        items = [(i.findtext("title"), i.findtext("description")) for i in root.iter("item")]
    else:
        items = [
            (e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}summary"))
            for e in root.iter(f"{ATOM}entry")
        ]
    return [(title, html.unescape(lead)) for title, lead in items]


def test_hostile_titles_and_leads_keep_every_feed_valid(client):
    """Each corpus string as a title, lead, section, tag, author and photo credit."""
    strings = [*hostile_strings(), "Заголовок" + "".join(XML_BREAKERS) + "кінець"]
    assert len(strings) > 500
    image = make_image(credit="\x07фото\x1b[0m", caption="\x0bпідпис\ufffe")
    now = timezone.now()
    for start in range(0, len(strings), 30):
        chunk = strings[start : start + 30]
        section = make_section(f"{chunk[0][:100]} {start}")
        # Sign-up refuses many of these names; an imported or old account may still hold one.
        author = make_user()
        User.objects.filter(pk=author.pk).update(display_name=chunk[-1][:80])
        author.refresh_from_db()
        tag = make_tag(f"Тема {start}\x01")
        # Straight into the table, as an import or an old row could hold them.
        articles = Article.objects.bulk_create(
            Article(
                title=text[:200],
                slug=f"novyna-{start + n}",
                lead=text,
                section=section,
                hero_image=image,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=start + n + 1),
            )
            for n, text in enumerate(chunk)
        )
        Article.tags.through.objects.bulk_create(
            Article.tags.through(article_id=a.pk, tag_id=tag.pk) for a in articles
        )
        Article.authors.through.objects.bulk_create(
            Article.authors.through(article_id=a.pk, user_id=author.pk) for a in articles
        )
        expected = {(_as_xml_reads_it(text[:200]), _as_xml_reads_it(text)) for text in chunk}
        for flavour in ("rss", "atom"):
            _, root, parsed = fetch(client, f"/tag/{tag.slug}/{flavour}/")
            assert set(_entries(root)) == expected
            assert len(parsed.entries) == len(chunk)
            assert {entry.author for entry in parsed.entries} <= {xml_text(author.display_name)}


def feed_links(client, url) -> list[tuple[str, str, str]]:
    """(type, title, href) of every feed a page announces for autodiscovery."""
    doc = lxml_html.fromstring(client.get(url).content)
    return [
        (link.get("type"), link.get("title"), link.get("href"))
        for link in doc.cssselect('head link[rel="alternate"]')
    ]


SITE_FEEDS = [
    ("application/rss+xml", "Шпальта", "/rss/"),
    ("application/atom+xml", "Шпальта (Atom)", "/atom/"),
]


def test_every_page_announces_the_site_feeds(client, story):
    assert feed_links(client, "/") == SITE_FEEDS
    assert feed_links(client, story.get_absolute_url()) == SITE_FEEDS


def test_section_tag_and_person_pages_announce_their_own_feeds(client, story):
    person = make_person("Сергій Лавров")
    story.people.add(person)
    expected = {
        "/section/svit/": ("Світ — Шпальта", "/section/svit/"),
        "/tag/perehovory/": ("Тема: Переговори — Шпальта", "/tag/perehovory/"),
        "/person/serhii-lavrov/": ("Сергій Лавров — Шпальта", "/person/serhii-lavrov/"),
    }
    for url, (title, base) in expected.items():
        assert feed_links(client, url) == [
            *SITE_FEEDS,
            ("application/rss+xml", title, f"{base}rss/"),
            ("application/atom+xml", f"{title} (Atom)", f"{base}atom/"),
        ]
        for _, _, href in feed_links(client, url):
            assert client.get(href).status_code == 200


def test_the_footer_links_to_the_site_feed(client):
    doc = lxml_html.fromstring(client.get("/").content)
    (link,) = doc.cssselect('footer a[href="/rss/"]')
    assert link.text_content() == "Стрічка новин (RSS)"


def test_hostile_slugs_are_404_pages_never_errors(client):
    """Slugs are Latin letters, digits and hyphens; anything else (a NUL byte, which
    PostgreSQL refuses) stops at the URL and never reaches the database."""
    make_section("Світ")
    for text in hostile_strings():
        assert client.get(f"/section/{quote(text, safe='')}/rss/").status_code == 404, repr(text)
    for kind in ("section", "tag", "person", "source"):
        for tail in ("", "rss/", "atom/"):
            if kind == "source" and tail:
                continue
            for slug in ("%00", "svit%00", "svit%0B"):
                assert client.get(f"/{kind}/{slug}/{tail}").status_code == 404
