"""The publishing workflow: every transition, who may take it, and what readers see."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from shpalta.accounts.roles import AUTHOR, EDITOR, MODERATOR
from shpalta.news import services
from shpalta.news.models import Article, ArticleAction, Revision
from shpalta.news.services import ArticleContent, EditConflict, WorkflowError
from shpalta.testing import (
    make_article,
    make_person,
    make_section,
    make_source,
    make_staff,
    make_tag,
)

pytestmark = pytest.mark.django_db
Status = Article.Status


def content(**fields) -> ArticleContent:
    fields.setdefault("title", "США та Росія провели таємні перемовини")
    fields.setdefault("lead", "Перемовини відбулися в Нью-Йорку.")
    fields.setdefault("body", "<p>Про це повідомляє NBC News.</p>")
    fields.setdefault("section", make_section())
    return ArticleContent(**fields)


def draft_by(author) -> Article:
    return services.article_create(content=content(), user=author)


def test_an_author_writes_a_draft_that_names_them_and_has_a_first_revision():
    author = make_staff(AUTHOR)
    article = draft_by(author)
    assert article.status == Status.DRAFT
    assert list(article.authors.all()) == [author]
    assert article.slug == "ssha-ta-rosiia-provely-taiemni-peremovyny"
    assert article.revisions.count() == 1
    assert article.actions.get().action == ArticleAction.Action.CREATE


def test_a_moderator_may_not_write_stories():
    with pytest.raises(WorkflowError) as error:
        services.article_create(content=content(), user=make_staff(MODERATOR))
    assert error.value.status == 403
    assert not Article.objects.exists()


def test_an_invalid_story_is_refused_whole():
    with pytest.raises(WorkflowError) as error:
        services.article_create(content=content(title="я" * 201), user=make_staff(AUTHOR))
    assert "200" in error.value.message
    assert not Article.objects.exists() and not Revision.objects.exists()


def test_an_author_submits_and_an_editor_publishes():
    author, editor = make_staff(AUTHOR), make_staff(EDITOR)
    article = draft_by(author)
    article = services.article_submit(article=article, user=author)
    assert article.status == Status.REVIEW
    with pytest.raises(WorkflowError) as error:
        services.article_publish(article=article, user=author)
    assert error.value.status == 403
    article = services.article_publish(article=article, user=editor)
    assert article.status == Status.PUBLISHED
    assert Article.objects.published().filter(pk=article.pk).exists()
    log = list(ArticleAction.objects.filter(article=article).order_by("id"))
    assert [(a.action, a.from_status, a.to_status) for a in log] == [
        ("create", "", "draft"),
        ("submit", "draft", "review"),
        ("publish", "review", "published"),
    ]
    assert log[-1].actor == editor


def test_an_empty_story_cannot_be_sent_for_review():
    author = make_staff(AUTHOR)
    article = services.article_create(content=content(body="<p> </p>"), user=author)
    with pytest.raises(WorkflowError) as error:
        services.article_submit(article=article, user=author)
    assert "текст" in error.value.message
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_an_author_cannot_edit_another_authors_draft_or_a_published_story():
    mine, other = make_staff(AUTHOR), make_staff(AUTHOR)
    article = draft_by(mine)
    with pytest.raises(WorkflowError):
        services.article_update(article=article, content=content(), user=other, base_version=1)
    services.article_publish(article=article, user=make_staff(EDITOR))
    with pytest.raises(WorkflowError) as error:
        services.article_update(
            article=article, content=content(title="Інше"), user=mine, base_version=1
        )
    assert error.value.status == 403


def test_an_editor_returns_a_story_to_its_author():
    author, editor = make_staff(AUTHOR), make_staff(EDITOR)
    article = services.article_submit(article=draft_by(author), user=author)
    article = services.article_return(article=article, user=editor, note="Додайте джерело")
    assert article.status == Status.DRAFT
    assert article.actions.first().note == "Додайте джерело"


def test_a_scheduled_story_is_hidden_until_its_time_then_published_by_the_command():
    editor = make_staff(EDITOR)
    article = draft_by(make_staff(AUTHOR))
    when = timezone.now() + timedelta(minutes=10)
    services.article_schedule(article=article, user=editor, when=when)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    call_command("publish_scheduled")  # too early: nothing happens
    assert Article.objects.get(pk=article.pk).status == Status.SCHEDULED
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.actions.first().action == ArticleAction.Action.AUTO_PUBLISH


def test_a_missed_scheduler_run_never_hides_a_due_story(client):
    article = draft_by(make_staff(AUTHOR))
    when = timezone.now() + timedelta(minutes=5)
    services.article_schedule(article=article, user=make_staff(EDITOR), when=when)
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(hours=2))
    # No publish_scheduled run at all: readers still get the story.
    assert client.get(article.get_absolute_url()).status_code == 200
    assert article.title in client.get("/").content.decode()


def test_scheduling_in_the_past_is_refused():
    article = draft_by(make_staff(AUTHOR))
    with pytest.raises(WorkflowError):
        services.article_schedule(
            article=article, user=make_staff(EDITOR), when=timezone.now() - timedelta(minutes=1)
        )
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_an_unpublished_story_answers_410(client):
    article = make_article("Знята новина")
    services.article_unpublish(article=article, user=make_staff(EDITOR))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    assert "знято з публікації" in response.content.decode()
    assert "Знята новина" not in client.get("/").content.decode()


def test_an_unpublished_story_with_a_replacement_answers_301(client):
    old, new = make_article("Стара версія"), make_article("Нова версія")
    services.article_unpublish(article=old, user=make_staff(EDITOR), replacement=new)
    response = client.get(old.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == new.get_absolute_url()


def test_a_draft_cannot_replace_an_unpublished_story():
    old, draft = make_article(), make_article(status=Status.DRAFT)
    with pytest.raises(WorkflowError):
        services.article_unpublish(article=old, user=make_staff(EDITOR), replacement=draft)
    assert Article.objects.get(pk=old.pk).status == Status.PUBLISHED


def test_republishing_keeps_the_original_date():
    editor = make_staff(EDITOR)
    article = make_article()
    first = article.published_at
    services.article_unpublish(article=article, user=editor)
    article = services.article_publish(article=article, user=editor)
    assert article.published_at == first


def test_a_correction_is_shown_dated_and_moves_date_modified(client):
    article = make_article()
    services.correction_add(
        article=article, user=make_staff(EDITOR), text="Раніше ми помилково вказали місто."
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Виправлення" in page
    assert "Раніше ми помилково вказали місто." in page
    article.refresh_from_db()
    stamp = timezone.localtime(article.updated_at).isoformat()
    assert f'"dateModified": "{stamp}"' in page


def test_an_author_cannot_add_corrections():
    with pytest.raises(WorkflowError):
        services.correction_add(article=make_article(), user=make_staff(AUTHOR), text="Щось")


def test_every_save_is_a_revision_and_a_stale_save_is_a_conflict():
    author = make_staff(AUTHOR)
    editor = make_staff(EDITOR, display_name="Олена Редакторка")
    article = draft_by(author)
    services.article_update(
        article=article, content=content(title="Версія редактора"), user=editor, base_version=1
    )
    with pytest.raises(EditConflict) as conflict:
        services.article_update(
            article=article, content=content(title="Версія автора"), user=author, base_version=1
        )
    assert conflict.value.status == 409
    assert "Олена Редакторка" in conflict.value.message
    assert conflict.value.current.title == "Версія редактора"
    assert conflict.value.submitted.title == "Версія автора"
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "Версія редактора" and stored.version == 2
    assert stored.revisions.count() == 2


def test_saving_without_changes_makes_no_revision():
    author = make_staff(AUTHOR)
    section = make_section()
    article = services.article_create(content=content(section=section), user=author)
    services.article_update(
        article=article, content=content(section=section), user=author, base_version=1
    )
    assert Article.objects.get(pk=article.pk).version == 1
    assert article.revisions.count() == 1


def test_an_earlier_revision_is_restored_as_a_new_one():
    author = make_staff(AUTHOR)
    tag, person, source = make_tag(), make_person(), make_source()
    section = make_section()
    article = services.article_create(
        content=content(section=section, tags=[tag], people=[person], sources=[(source, "")]),
        user=author,
    )
    first = article.revisions.get()
    services.article_update(
        article=article, content=content(title="Інша", section=section), user=author, base_version=1
    )
    article = services.revision_restore(revision=first, user=author, base_version=2)
    assert article.title == "США та Росія провели таємні перемовини"
    assert list(article.tags.all()) == [tag] and list(article.people.all()) == [person]
    assert article.version == 3 and article.revisions.count() == 3
    assert article.actions.first().action == ArticleAction.Action.RESTORE


def test_autosave_keeps_work_without_changing_the_story():
    author = make_staff(AUTHOR)
    article = draft_by(author)
    services.article_autosave(article=article, content=content(title="Незбережене"), user=author)
    services.article_autosave(article=article, content=content(title="Ще новіше"), user=author)
    autosaves = article.revisions.filter(is_autosave=True)
    assert [r.data["title"] for r in autosaves] == ["Ще новіше"]
    assert Article.objects.get(pk=article.pk).title != "Ще новіше"


def test_publishing_shows_the_story_at_once_despite_the_page_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    make_article("Давня новина")
    assert "Давня новина" in client.get("/").content.decode()
    article = draft_by(make_staff(AUTHOR))
    services.article_publish(article=article, user=make_staff(EDITOR))
    assert article.title in client.get("/").content.decode()
    assert article.title in client.get(article.section.get_absolute_url()).content.decode()
    services.article_unpublish(article=article, user=make_staff(EDITOR))
    assert article.title not in client.get("/").content.decode()
