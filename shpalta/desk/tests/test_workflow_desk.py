"""The desk follows the workflow table: the editor's buttons for each role and state, and
what the story list, the editor and the history say about a story's time."""

import re
from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shpalta.accounts.roles import ADMINISTRATOR, AUTHOR, EDITOR
from shpalta.news import services, workflow
from shpalta.news.models import Article
from shpalta.news.services import ArticleContent
from shpalta.testing import make_section, make_staff

pytestmark = pytest.mark.django_db
Status = Article.Status
State = workflow.State
STEP_FORMS = ("submit", "publish", "schedule", "return", "unpublish", "correct")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def story_in(state: State, author) -> Article:
    article = services.article_create(
        content=ArticleContent(
            title="Перемовини у Відні",
            lead="Сторони зустрілися вперше.",
            body="<p>Текст.</p>",
            section=make_section(),
        ),
        user=author,
    )
    now = timezone.now()
    status, published_at = {
        State.DRAFT: (Status.DRAFT, None),
        State.REVIEW: (Status.REVIEW, None),
        State.SCHEDULED: (Status.SCHEDULED, now + timedelta(days=1)),
        State.DUE: (Status.SCHEDULED, now - timedelta(minutes=5)),
        State.PUBLISHED: (Status.PUBLISHED, now - timedelta(hours=2)),
        State.UNPUBLISHED: (Status.UNPUBLISHED, now - timedelta(days=2)),
    }[state]
    Article.objects.filter(pk=article.pk).update(status=status, published_at=published_at)
    article.refresh_from_db()
    return article


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


#: What each role sees, by state: the steps (buttons) and whether the form may be saved.
EXPECTED = {
    "own author": {
        State.DRAFT: ({"submit"}, True),
        State.REVIEW: (set(), True),
        State.PUBLISHED: (set(), False),
    },
    "other author": {
        State.DRAFT: (set(), False),
        State.REVIEW: (set(), False),
        State.PUBLISHED: (set(), False),
    },
    EDITOR: {
        State.DRAFT: ({"submit", "publish", "schedule"}, True),
        State.REVIEW: ({"publish", "schedule", "return"}, True),
        State.SCHEDULED: ({"publish", "schedule", "return", "unpublish"}, True),
        State.DUE: ({"unpublish", "correct"}, True),
        State.PUBLISHED: ({"unpublish", "correct"}, True),
        State.UNPUBLISHED: ({"publish"}, True),
    },
}
EXPECTED[ADMINISTRATOR] = EXPECTED[EDITOR]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_the_editor_shows_the_buttons_the_workflow_table_allows(role):
    writer = make_staff(AUTHOR)
    user = writer if role == "own author" else make_staff(AUTHOR if "author" in role else role)
    client = signed_in(user)
    for state in sorted(workflow.STORED):
        article = story_in(state, writer)
        page = client.get(f"/desk/articles/{article.pk}/edit/").content.decode()
        shown = {
            step for step in STEP_FORMS if f'action="/desk/articles/{article.pk}/{step}/"' in page
        }
        saves = '<p class="save-row"><button type="submit">' in page
        table = {
            step.name
            for step in workflow.STEPS
            if step.name in STEP_FORMS and workflow.step_allowed(step, article=article, user=user)
        }
        may_edit = workflow.step_allowed(workflow.EDIT, article=article, user=user)
        assert (shown, saves) == (table, may_edit), state
        if state in EXPECTED[role]:
            assert (shown, saves) == EXPECTED[role][state], state


def test_the_scheduled_list_says_when_a_story_goes_out():
    editor = make_staff(EDITOR)
    story_in(State.SCHEDULED, make_staff(AUTHOR))
    page = text_of(signed_in(editor).get("/desk/?tab=scheduled").content.decode())
    assert "вийде:" in page and "вийшла:" not in page
    page = text_of(signed_in(editor).get("/desk/?tab=published").content.decode())
    assert "вийде:" not in page


def test_the_editor_names_the_status_once_and_the_time_by_its_side_of_now():
    editor = signed_in(make_staff(EDITOR))
    author = make_staff(AUTHOR)
    for state, said in [
        (State.PUBLISHED, "Опубліковано · вийшла"),
        (State.UNPUBLISHED, "Знято з публікації · вийшла"),
        (State.SCHEDULED, "Заплановано · вийде"),
    ]:
        article = story_in(state, author)
        page = text_of(editor.get(f"/desk/articles/{article.pk}/edit/").content.decode())
        assert said in page
        assert not re.search(r"(?i)опубліковано опубліковано", page)


def test_the_history_shows_a_scheduled_time_in_words_and_kyiv_time():
    editor = make_staff(EDITOR)
    article = story_in(State.REVIEW, make_staff(AUTHOR))
    when = datetime(2036, 11, 28, 20, 14, tzinfo=ZoneInfo("Europe/Kyiv"))
    services.article_schedule(article=article, user=editor, when=when)
    page = signed_in(editor).get(reverse("desk:article-history", args=[article.pk]))
    html = page.content.decode()
    assert "28 листопада 2036, 20:14" in text_of(html)
    assert "2036-11-28T" not in html
