"""Every list pages the same way (shpalta/lib/paging.py, templates/_pager.html): page 2
works and its links keep the list's filters, and a page number that is not one, or a
page past the end, is the same Ukrainian 404 page on reader pages and in the desk."""

from datetime import timedelta
from urllib.parse import parse_qsl, urlencode

import pytest
from django.utils import timezone
from lxml import html

from shpalta.accounts.roles import ADMINISTRATOR
from shpalta.comments.models import Comment, ModerationAction
from shpalta.news.models import Article, ArticleSource, Image
from shpalta.testing import (
    make_article,
    make_person,
    make_reader,
    make_section,
    make_source,
    make_staff,
    make_tag,
)

pytestmark = pytest.mark.django_db

NOT_NUMBERS = ["abc", "0", "-1", "99999999999999999999", "%00", "1.5", "", "%D9%A3", "+2"]


def stories(count: int) -> Article:
    """``count`` published stories («Санкції …») in one section, tag, person and source."""
    section, tag, person, source = make_section(), make_tag(), make_person(), make_source()
    now = timezone.now()
    for n in range(count):
        article = make_article(
            f"Санкції, частина {n}", section=section, published_at=now - timedelta(minutes=n + 1)
        )
        article.tags.add(tag)
        article.people.add(person)
        ArticleSource.objects.create(article=article, source=source)
    return article


def public_lists() -> dict[str, str]:
    article = stories(21)  # section, tag, person, source, search: 10 a page
    return {
        "section": article.section.get_absolute_url(),
        "tag": article.tags.get().get_absolute_url(),
        "person": article.people.get().get_absolute_url(),
        "source": article.source_links.get().source.get_absolute_url(),
        "search": "/search/?q=санкції",
    }


def comments_for_moderation() -> tuple[int, list[Comment]]:
    reader = make_reader(display_name="Автор коментарів")
    article = make_article("Про мости")
    comments = Comment.objects.bulk_create(
        Comment(article=article, author=reader, body=f"Коментар {n}") for n in range(51)
    )
    return reader.pk, comments


def desk_lists() -> dict[str, str]:
    stories(31)  # the story list: 30 a page
    Image.objects.bulk_create(
        Image(file=f"photos/p{n}.jpg", width=800, height=450, alt=f"Фото {n}") for n in range(31)
    )
    reader_id, comments = comments_for_moderation()  # queue, a reader's page: 50 a page
    ModerationAction.objects.bulk_create(  # the moderation log and the audit: 50 a page
        ModerationAction(action="approve", comment=c, reader_id=reader_id) for c in comments
    )
    return {
        "stories": "/desk/?tab=published",
        "photos": "/desk/photos/?q=фото",
        "queue": "/desk/comments/?status=all",
        "reader": f"/desk/readers/{reader_id}/",
        "moderation log": "/desk/moderation-log/?action=approve",
        "audit": "/desk/audit/",
    }


def with_page(address: str, page: str) -> str:
    return f"{address}{'&' if '?' in address else '?'}page={page}"


def pager_links(response) -> dict[str, str]:
    doc = html.fromstring(response.content.decode())
    return {a.get("rel"): a.get("href") for a in doc.cssselect("nav.pagination a")}


def heading(response) -> str:
    return html.fromstring(response.content.decode()).findtext(".//h1").strip()


def check_pages(client, address: str, last_page: int) -> None:
    path, _, params = address.partition("?")
    first = client.get(address)
    assert first.status_code == 200, address
    # The links keep the list's filters; back to page 1 is the list's own address.
    assert pager_links(first) == {"next": "?" + urlencode([*parse_qsl(params), ("page", 2)])}
    second = client.get(with_page(address, "2"))
    assert second.status_code == 200, address
    assert f"Сторінка 2 з {last_page}" in second.content.decode()
    assert pager_links(second)["prev"] == ("?" + urlencode(parse_qsl(params)) if params else path)
    answers = {
        value: client.get(with_page(address, value)) for value in [*NOT_NUMBERS, str(last_page + 1)]
    }
    assert {v: r.status_code for v, r in answers.items()} == dict.fromkeys(answers, 404)
    assert {heading(r) for r in answers.values()} == {"Сторінку не знайдено"}


@pytest.mark.parametrize(
    ("name", "last_page"),
    [("section", 3), ("tag", 3), ("person", 3), ("source", 3), ("search", 3)],
)
def test_reader_lists_answer_every_impossible_page_with_the_same_404(client, name, last_page):
    check_pages(client, public_lists()[name], last_page)


@pytest.mark.parametrize(
    "name", ["stories", "photos", "queue", "reader", "moderation log", "audit"]
)
def test_desk_lists_answer_every_impossible_page_with_the_same_404(client, name):
    client.force_login(make_staff(ADMINISTRATOR))
    check_pages(client, desk_lists()[name], 2)


def test_sitemap_pages_are_read_the_same_way(client):
    article = stories(1)
    address = f"/sitemap-articles-{article.published_at:%Y-%m}.xml"
    assert client.get(address).status_code == 200
    assert client.get(f"{address}?p=1").status_code == 200
    for value in [*NOT_NUMBERS, "2"]:
        assert client.get(f"{address}?p={value}").status_code == 404, value


def test_an_empty_list_is_page_one_and_says_so(client):
    assert "Поки що новин немає." in client.get("/").content.decode()
    assert "Поки що новин немає." in client.get("/news/").content.decode()
    assert client.get("/news/?before=1").status_code == 404
