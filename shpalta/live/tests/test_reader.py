"""What readers get from a live blog: pages, the «after entry N» answers, JSON-LD, feeds."""

import json
import re
from datetime import timedelta

import extruct
import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from shpalta.live import services
from shpalta.live.models import Entry
from shpalta.news.tests.test_query_counts import ARTICLE_PAGE_QUERIES
from shpalta.testing import make_article

from .conftest import post

pytestmark = pytest.mark.django_db

# The article page's own queries, plus one page of entries and the key entries.
LIVE_PAGE_QUERIES = ARTICLE_PAGE_QUERIES + 2


def fill(blog, author, n):
    """``n`` entries in one insert, every tenth a key one, a minute apart."""
    start = timezone.now() - timedelta(minutes=n)
    Entry.objects.bulk_create(
        Entry(
            article=blog,
            author=author,
            body=f"Оновлення {i}",
            is_key=i % 10 == 0,
            created_at=start + timedelta(minutes=i),
        )
        for i in range(n)
    )


def entry_ids(html):
    return [
        int(pk) for pk in re.findall(r'<article class="live-entry[^"]*" id="entry-(\d+)"', html)
    ]


def updates_url(blog, after):
    return f"{reverse('live:updates', args=[blog.pk])}?after={after}"


@pytest.mark.parametrize("size", [5, 5000])
def test_a_blog_of_5000_entries_pages_with_the_queries_of_one_of_5(
    client, django_assert_num_queries, blog, editor, size
):
    fill(blog, editor, size)
    newest = Entry.objects.order_by("-id").first()
    with django_assert_num_queries(LIVE_PAGE_QUERIES):
        page = client.get(blog.get_absolute_url()).content.decode()
    assert len(entry_ids(page)) == min(size, 20)
    assert f'id="entry-{newest.pk}"' in page
    # Older pages: the blog, one page of entries, the key entries, the section menu.
    with django_assert_num_queries(4):
        response = client.get(f"{reverse('live:older', args=[blog.pk])}?before={newest.pk}")
    assert response.status_code == 200
    with django_assert_num_queries(2):
        client.get(updates_url(blog, newest.pk - 3))


def test_older_pages_walk_the_whole_blog_once_without_javascript(client, blog, editor):
    fill(blog, editor, 45)
    seen = []
    html = client.get(blog.get_absolute_url()).content.decode()
    while True:
        seen += entry_ids(html)
        if 'class="live-older"' not in html:
            break
        link = html.split('<p class="live-older"><a href="')[1].split('"')[0].replace("&amp;", "&")
        html = client.get(link).content.decode()
    ids = list(Entry.objects.order_by("-id").values_list("id", flat=True))
    assert seen == ids


def test_an_entry_link_leads_to_the_page_that_holds_it(client, blog, editor):
    fill(blog, editor, 30)
    oldest = Entry.objects.order_by("id").first()
    newest = Entry.objects.order_by("-id").first()
    response = client.get(reverse("live:entry", args=[blog.pk, newest.pk]))
    assert response["Location"] == f"{blog.get_absolute_url()}#entry-{newest.pk}"
    response = client.get(reverse("live:entry", args=[blog.pk, oldest.pk]), follow=True)
    assert f'id="entry-{oldest.pk}"' in response.content.decode()


def test_bad_cursors_are_a_404_not_an_error(client, blog):
    for query in ("?after=abc", "?after=-1", "?after=1.5", "?after=" + "9" * 20):
        assert client.get(reverse("live:updates", args=[blog.pk]) + query).status_code == 404
    assert client.get(reverse("live:older", args=[blog.pk])).status_code == 404
    assert client.get(reverse("live:older", args=[blog.pk]) + "?before=x").status_code == 404
    plain = make_article()
    assert client.get(updates_url(plain, 0)).status_code == 404


def test_an_unchanged_poll_is_a_304_and_a_new_entry_is_in_the_next_answer(
    client, settings, blog, editor
):
    settings.PAGE_CACHE_SECONDS = 300  # as served: from the page cache, purged by the post
    first = post(blog, editor, "Перше.")
    url = updates_url(blog, first.pk)
    response = client.get(url)
    assert response.status_code == 200 and response.json()["entries"] == []
    assert "max-age=0" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert f"live-{blog.pk}" in response["Surrogate-Key"]
    etag = response["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    second = post(blog, editor, "Друге, з <b>тегом</b>.")
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    data = response.json()
    assert [item["id"] for item in data["entries"]] == [second.pk]
    assert "Друге, з &lt;b&gt;тегом&lt;/b&gt;." in data["entries"][0]["html"]
    assert (data["last"], data["ended"]) == (second.pk, False)
    services.liveblog_end(article=blog, user=editor)
    assert client.get(url).json()["ended"] is True


def test_the_page_is_a_live_blog_posting_with_its_updates_in_json_ld(client, blog, editor):
    post(blog, editor, "Перше оновлення.")
    post(blog, editor, "", title="Заява міністра", quote="Ми готові.", quote_source="Міністр")
    html = client.get(blog.get_absolute_url()).content.decode()
    data = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert len(data) == 1
    posting = data[0]
    assert posting["@context"] == "https://schema.org"
    assert posting["@type"] == "LiveBlogPosting"
    assert posting["headline"] == blog.title
    assert posting["coverageStartTime"] and "coverageEndTime" not in posting
    updates = posting["liveBlogUpdate"]
    assert [u["@type"] for u in updates] == ["BlogPosting", "BlogPosting"]
    assert [u["headline"] for u in updates] == ["Заява міністра", "Перше оновлення."]
    assert updates[0]["articleBody"] == "«Ми готові.»"
    for update in updates:
        assert update["url"].startswith("http") and update["datePublished"]
        assert update["author"] == {"@type": "Person", "name": "Олена Редакторка"}
    assert posting["dateModified"] == updates[0]["datePublished"]
    services.liveblog_end(article=blog, user=editor)
    html = client.get(blog.get_absolute_url()).content.decode()
    ended = extruct.extract(html, syntaxes=["json-ld"])["json-ld"][0]
    assert ended["coverageEndTime"] >= ended["coverageStartTime"]


def test_a_plain_story_stays_a_news_article(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    data = extruct.extract(html, syntaxes=["json-ld"])["json-ld"][0]
    assert data["@type"] == "NewsArticle" and "liveBlogUpdate" not in data
    assert 'id="live"' not in html


def test_the_feed_item_of_a_live_blog_carries_its_newest_entries(
    client, django_assert_num_queries, blog, editor
):
    make_article("Звичайна новина")
    fill(blog, editor, 25)
    with django_assert_num_queries(4):  # the site feed's three, and the blogs' entries
        response = client.get(reverse("news:rss"))
    items = {item.title: item.summary for item in feedparser.parse(response.content).entries}
    assert "Оновлення 24" in items[blog.title] and "Оновлення 15" in items[blog.title]
    assert "Оновлення 14" not in items[blog.title]
    assert "Оновлення" not in items["Звичайна новина"]


def test_entries_and_their_pages_are_purged_on_every_change(client, settings, blog, editor):
    settings.PAGE_CACHE_SECONDS = 300
    assert "Свіже" not in client.get(blog.get_absolute_url()).content.decode()
    entry = post(blog, editor, "Свіже оновлення.")
    assert "Свіже оновлення." in client.get(blog.get_absolute_url()).content.decode()
    assert "Свіже оновлення." in client.get(reverse("news:rss")).content.decode()
    services.live_entry_delete(entry=entry, user=editor)
    assert "Свіже оновлення." not in client.get(blog.get_absolute_url()).content.decode()


def test_json_of_the_updates_is_the_same_for_every_reader(client, blog, editor, author):
    post(blog, editor, "Для всіх.")
    guest = client.get(updates_url(blog, 0)).content
    client.force_login(author)
    response = client.get(updates_url(blog, 0))
    assert response.content == guest and not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert json.loads(guest)["entries"][0]["html"].count("Для всіх.") == 1
