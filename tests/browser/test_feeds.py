"""What a feed reader or crawler finds from a real browser: autodiscovery and sitemaps."""

import feedparser
import pytest
from lxml import etree

from shpalta.news.demo import SAMPLE_TITLE

pytestmark = pytest.mark.browser


def test_a_section_page_announces_feeds_a_reader_can_subscribe_to(page, demo_site):
    page.goto(demo_site + "/section/svit/")
    feeds = page.eval_on_selector_all(
        'link[rel="alternate"]',
        "links => links.map(link => ({type: link.type, title: link.title, href: link.href}))",
    )
    assert [feed["href"] for feed in feeds] == [
        f"{demo_site}/rss/",
        f"{demo_site}/atom/",
        f"{demo_site}/section/svit/rss/",
        f"{demo_site}/section/svit/atom/",
    ]
    for feed in feeds:
        response = page.request.get(feed["href"])
        assert response.ok
        assert response.headers["content-type"].startswith(feed["type"])
        parsed = feedparser.parse(response.body())
        assert not parsed.bozo
        assert parsed.entries[0].title == SAMPLE_TITLE
        assert parsed.entries[0].enclosures[0].href.startswith(f"{demo_site}/media/")
        assert page.request.get(parsed.entries[0].enclosures[0].href).ok
    assert page.failures == []


def test_a_crawler_finds_every_sitemap_from_robots_txt(page, demo_site):
    robots = page.request.get(f"{demo_site}/robots.txt").text()
    sitemaps = [
        line.split(": ", 1)[1] for line in robots.splitlines() if line.startswith("Sitemap:")
    ]
    assert sitemaps == [f"{demo_site}/sitemap.xml", f"{demo_site}/sitemap-news.xml"]
    index = etree.fromstring(page.request.get(sitemaps[0]).body())
    listed = [loc.text for loc in index.iter("{*}loc")]
    assert f"{demo_site}/sitemap-news.xml" in listed
    for url in listed:
        response = page.request.get(url)
        assert response.ok, url
        assert list(etree.fromstring(response.body()).iter("{*}url")), url
