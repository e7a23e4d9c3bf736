"""The workflow table (shpalta.news.workflow): the docs print it, the services follow it,
a live story is never re-dated, and a step purges the story's pages once."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from shpalta.accounts.roles import ADMINISTRATOR, AUTHOR, EDITOR
from shpalta.news import caching, services, workflow
from shpalta.news.models import Article
from shpalta.news.services import ArticleContent, WorkflowError
from shpalta.testing import make_section, make_source, make_staff, make_tag

pytestmark = pytest.mark.django_db
Status = Article.Status
State = workflow.State
DOCS = Path(__file__).resolve().parents[3] / "docs" / "desk.md"


def test_the_docs_print_the_table_the_code_follows():
    text = DOCS.read_text(encoding="utf-8")
    printed = text.split("<!-- workflow table: start -->")[1].split("<!-- workflow table: end -->")
    assert printed[0].strip() == workflow.markdown_table(), (
        "docs/desk.md is out of date; paste workflow.markdown_table() there"
    )


def content(**fields) -> ArticleContent:
    fields.setdefault("title", "Перемовини у Відні")
    fields.setdefault("lead", "Сторони зустрілися вперше.")
    fields.setdefault("body", "<p>Перший абзац.</p>")
    if "section" not in fields:
        fields["section"] = make_section()
    return ArticleContent(**fields)


def story_in(state: State, author) -> Article:
    """A ready story in ``state``, written by ``author``; times moved, never waited for."""
    article = services.article_create(content=content(), user=author)
    now = timezone.now()
    stored = {
        State.DRAFT: (Status.DRAFT, None),
        State.REVIEW: (Status.REVIEW, None),
        State.SCHEDULED: (Status.SCHEDULED, now + timedelta(days=1)),
        State.DUE: (Status.SCHEDULED, now - timedelta(minutes=5)),
        State.PUBLISHED: (Status.PUBLISHED, now - timedelta(hours=2)),
        State.UNPUBLISHED: (Status.UNPUBLISHED, now - timedelta(days=2)),
    }[state]
    Article.objects.filter(pk=article.pk).update(status=stored[0], published_at=stored[1])
    article.refresh_from_db()
    assert workflow.article_state(article) == state
    return article


def take(step: str, article: Article, user) -> None:
    article.refresh_from_db()
    if step == "edit":
        services.article_update(
            article=article, content=content(title="Нова назва"), user=user, base_version=1
        )
    elif step == "schedule":
        when = timezone.now() + timedelta(days=3)
        services.article_schedule(article=article, user=user, when=when)
    elif step == "correct":
        services.correction_add(article=article, user=user, text="Виправлено місто.")
    else:
        getattr(services, f"article_{step}")(article=article, user=user)


PEOPLE_STEPS = [step for step in workflow.STEPS if not step.automatic and step.name != "create"]


@pytest.mark.parametrize("state", sorted(workflow.STORED))
@pytest.mark.parametrize("role", ["own author", "other author", EDITOR, ADMINISTRATOR])
def test_every_service_takes_exactly_the_steps_the_table_allows(role, state):
    writer = make_staff(AUTHOR)
    user = (
        writer if role == "own author" else make_staff(AUTHOR if role == "other author" else role)
    )
    for step in PEOPLE_STEPS:
        article = story_in(state, writer)
        allowed = workflow.step_allowed(step, article=article, user=user)
        try:
            take(step.name, article, user)
        except WorkflowError as refusal:
            assert not allowed, f"{step.name} from {state} by {role}: {refusal.message}"
            assert refusal.status in (403, 409)
            assert Article.objects.get(pk=article.pk).status == article.status
        else:
            assert allowed, f"{step.name} from {state} by {role} was taken"


def test_a_repeated_publish_keeps_the_publication_time(client):
    editor = make_staff(EDITOR)
    client.force_login(editor)
    published = story_in(State.PUBLISHED, make_staff(AUTHOR))
    # Scheduled, and its time came a few minutes ago: readers see it, nobody has to publish it.
    out_on_schedule = story_in(State.DUE, make_staff(AUTHOR))
    for article in (published, out_on_schedule):
        first = article.published_at
        for _attempt in range(2):
            response = client.post(f"/desk/articles/{article.pk}/publish/")
            assert response.status_code == 409
            assert "Новина вже опублікована." in response.content.decode()
            article.refresh_from_db()
            assert article.published_at == first


def test_publishing_a_due_scheduled_story_keeps_its_scheduled_time():
    editor = make_staff(EDITOR)
    article = services.article_create(content=content(), user=make_staff(AUTHOR))
    services.article_schedule(
        article=article, user=editor, when=timezone.now() + timedelta(minutes=10)
    )
    scheduled = timezone.now() - timedelta(minutes=1)  # the clock moved past it
    Article.objects.filter(pk=article.pk).update(published_at=scheduled)
    with pytest.raises(WorkflowError) as refusal:
        services.article_publish(article=article, user=editor)
    assert refusal.value.status == 409
    article.refresh_from_db()
    assert article.published_at == scheduled
    assert Article.objects.published().filter(pk=article.pk).exists()
    services.articles_publish_due()
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.PUBLISHED, scheduled)


PURGED: list[list[str]] = []


def remember_purge(keys: list[str]) -> None:
    PURGED.append(keys)


def test_every_step_purges_the_storys_pages_once(settings):
    settings.PURGE_HOOKS = ["shpalta.news.tests.test_workflow_table.remember_purge"]
    author, editor = make_staff(AUTHOR), make_staff(EDITOR)
    old_tag, new_tag, source = make_tag(), make_tag(), make_source()
    old_section, new_section = make_section(), make_section()
    PURGED.clear()
    article = services.article_create(
        content=content(section=old_section, tags=[old_tag], sources=[(source, "")]),
        user=author,
    )
    assert PURGED == []  # nobody sees a draft
    services.article_publish(article=article, user=editor)
    assert len(PURGED) == 1
    assert {f"article-{article.pk}", "home", f"section-{old_section.pk}"} <= set(PURGED[0])
    assert {f"tag-{old_tag.pk}", f"source-{source.pk}", "feeds", "sitemaps"} <= set(PURGED[0])

    PURGED.clear()
    services.article_update(
        article=article,
        content=content(title="Нова назва", section=new_section, tags=[new_tag]),
        user=editor,
        base_version=1,
    )
    assert len(PURGED) == 1
    # The pages it left still showed it, and the purge-time records say they were purged.
    left = {f"tag-{old_tag.pk}", f"section-{old_section.pk}", f"source-{source.pk}"}
    assert left | {f"tag-{new_tag.pk}", f"section-{new_section.pk}"} <= set(PURGED[0])
    assert set(caching.purge_times(left)) == left

    for step in (
        lambda: services.correction_add(article=article, user=editor, text="Виправлено."),
        lambda: services.article_unpublish(article=article, user=editor),
        lambda: services.article_publish(article=article, user=editor),
    ):
        PURGED.clear()
        step()
        assert len(PURGED) == 1
