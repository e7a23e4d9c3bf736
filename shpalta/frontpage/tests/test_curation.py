"""Editors place the top story and «Головне»; the change purges the home page only."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from lxml import html

from shpalta.accounts.roles import AUTHOR, EDITOR, MODERATOR
from shpalta.frontpage.models import Slot
from shpalta.frontpage.selectors import front_page
from shpalta.frontpage.services import MAIN_SLOTS, SlotChoice, frontpage_set
from shpalta.news import caching
from shpalta.news.models import Article
from shpalta.news.workflow import WorkflowError
from shpalta.testing import make_article, make_staff

pytestmark = pytest.mark.django_db


def stories(count: int) -> list[Article]:
    """``count`` published stories, the first the newest."""
    now = timezone.now()
    return [
        make_article(f"Новина {i}", published_at=now - timedelta(hours=i + 1)) for i in range(count)
    ]


def signed_in(role: str) -> Client:
    client = Client()
    client.force_login(make_staff(role))
    return client


def home(client: Client) -> html.HtmlElement:
    return html.fromstring(client.get("/").content.decode())


def test_an_editor_places_an_older_story_on_top_and_orders_main_news(client):
    s = stories(12)
    editor = signed_in(EDITOR)
    response = editor.post(
        "/desk/frontpage/", {"article": [s[9].pk, s[5].pk, s[7].pk], "pinned_until": ["", "", ""]}
    )
    assert response.status_code == 302
    doc = home(client)
    assert doc.cssselect(".top-title a")[0].text_content() == "Новина 9"
    main = [a.text_content() for a in doc.cssselect(".main-news .card-title a")]
    # The editor's two picks in their order, then the newest stories not shown above.
    assert main == ["Новина 5", "Новина 7", "Новина 0", "Новина 1", "Новина 2", "Новина 3"]
    assert len(main) == MAIN_SLOTS


def test_without_choices_the_newest_story_is_on_top():
    s = stories(3)
    page = front_page()
    assert page.top == s[0] and page.main == s[1:]


def test_a_pin_that_ran_out_gives_its_place_back_to_the_newest_story():
    s = stories(4)
    editor = make_staff(EDITOR)
    in_an_hour = timezone.now() + timedelta(hours=1)
    frontpage_set(choices=[SlotChoice(s[3].pk, pinned_until=in_an_hour)], user=editor)
    assert front_page().top == s[3]
    assert front_page(now=in_an_hour + timedelta(seconds=1)).top == s[0]


def test_an_unpublished_story_leaves_the_front_page(client):
    s = stories(3)
    frontpage_set(choices=[SlotChoice(s[2].pk)], user=make_staff(EDITOR))
    Article.objects.filter(pk=s[2].pk).update(status=Article.Status.UNPUBLISHED)
    assert front_page().top == s[0]


def test_saving_the_front_page_purges_the_home_page_and_nothing_else():
    s = stories(3)
    before = timezone.now().timestamp() * 1e9
    frontpage_set(choices=[SlotChoice(s[1].pk)], user=make_staff(EDITOR))
    keys = ["home", "all", f"article-{s[1].pk}", f"section-{s[1].section_id}", "feeds"]
    purged = {key for key, at in caching.purge_times(keys).items() if at >= before}
    assert purged == {"home"}


def test_a_cached_home_page_shows_the_new_choice_at_once(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    s = stories(3)
    assert home(client).cssselect(".top-title a")[0].text_content() == "Новина 0"
    signed_in(EDITOR).post("/desk/frontpage/", {"article": [s[2].pk], "pinned_until": [""]})
    assert home(client).cssselect(".top-title a")[0].text_content() == "Новина 2"


@pytest.mark.parametrize("role", [AUTHOR, MODERATOR])
def test_only_editors_curate(role):
    s = stories(2)
    client = signed_in(role)
    assert client.get("/desk/frontpage/").status_code == 403
    response = client.post("/desk/frontpage/", {"article": [s[1].pk], "pinned_until": [""]})
    assert response.status_code == 403
    assert not Slot.objects.exists()
    with pytest.raises(WorkflowError) as refusal:
        frontpage_set(choices=[SlotChoice(s[1].pk)], user=make_staff(role))
    assert refusal.value.status == 403


def test_a_guest_is_sent_to_sign_in():
    response = Client().get("/desk/frontpage/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("articles", "pins", "message"),
    [
        (["abc"], [""], "Новину вибирають за її номером"),
        (["{draft}"], [""], "лише опубліковані новини"),
        (["999999"], [""], "лише опубліковані новини"),
        (["{one}", "{one}"], ["", ""], "лише один раз"),
        (["{one}"], ["2020-01-01T10:00"], "до часу в майбутньому"),
        (["{one}"], ["завтра"], "Введіть дату й час"),
    ],
)
def test_bad_choices_are_refused_in_ukrainian_and_change_nothing(articles, pins, message):
    one = stories(1)[0]
    draft = make_article("Чернетка", status=Article.Status.DRAFT)
    frontpage_set(choices=[SlotChoice(one.pk)], user=make_staff(EDITOR))
    ids = [a.format(one=one.pk, draft=draft.pk) for a in articles]
    response = signed_in(EDITOR).post("/desk/frontpage/", {"article": ids, "pinned_until": pins})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(Slot.objects.values_list("position", "article_id")) == [(0, one.pk)]


def test_the_desk_screen_shows_the_current_choice():
    s = stories(2)
    frontpage_set(choices=[SlotChoice(s[1].pk), SlotChoice(s[0].pk)], user=make_staff(EDITOR))
    doc = html.fromstring(signed_in(EDITOR).get("/desk/frontpage/").content.decode())
    assert [i.get("value") for i in doc.cssselect("input[name=article]")][:3] == [
        str(s[1].pk),
        str(s[0].pk),
        "",
    ]
    assert doc.cssselect(".slot-title")[0].text_content() == "Новина 1"


def test_importance_is_set_in_the_editor_and_kept_in_the_revision():
    article = stories(1)[0]
    editor = signed_in(EDITOR)
    page = html.fromstring(editor.get(f"/desk/articles/{article.pk}/edit/").content.decode())
    form = {i.get("name"): i.get("value") or "" for i in page.cssselect("form#article-form input")}
    assert page.cssselect("select[name=importance] option[selected]")[0].get("value") == "normal"
    form |= {
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "section": article.section_id,
        "importance": "urgent",
        "base_version": article.version,
    }
    response = editor.post(f"/desk/articles/{article.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.importance == "urgent"
    assert article.revisions.first().data["importance"] == "urgent"
