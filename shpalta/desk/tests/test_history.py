"""A story's history: every revision with what changed, comparing two, restoring one."""

import re
from datetime import UTC, datetime
from html import unescape
from itertools import pairwise

import pytest
from django.urls import reverse

from shpalta.accounts.roles import ADMINISTRATOR, AUTHOR, EDITOR, MODERATOR
from shpalta.desk.diffs import body_paragraphs, paragraphs_diff, word_diff
from shpalta.news import services
from shpalta.news.models import Article, ArticleAction, Revision, Section
from shpalta.news.services import ArticleContent
from shpalta.testing import (
    hostile_strings,
    make_person,
    make_reader,
    make_section,
    make_source,
    make_staff,
    make_tag,
)

pytestmark = pytest.mark.django_db


def content(**fields) -> ArticleContent:
    fields.setdefault("title", "Перемовини у Відні")
    fields.setdefault("lead", "Сторони зустрілися вперше.")
    fields.setdefault("body", "<p>Перший абзац.</p><p>Другий абзац.</p>")
    if "section" not in fields:
        fields["section"] = Section.objects.get_or_create(name="Політика", slug="polityka")[0]
    return ArticleContent(**fields)


def story(user=None, **fields) -> Article:
    return services.article_create(content=content(**fields), user=user or make_staff(EDITOR))


def edit(article: Article, user, **fields) -> Article:
    article.refresh_from_db()
    base = services.content_from_snapshot(services.article_snapshot(article))
    for name, value in fields.items():
        setattr(base, name, value)
    return services.article_update(
        article=article, content=base, user=user, base_version=article.version
    )


def history(client, article, **params):
    return client.get(reverse("desk:article-history", args=[article.pk]), params)


def strip_ins_del(html: str, keep: str) -> str:
    """The text on one side of a diff: ``keep="ins"`` gives the new text, ``"del"`` the old."""
    drop = "del" if keep == "ins" else "ins"
    html = re.sub(rf"<{drop}>.*?</{drop}>", "", html, flags=re.S)
    return unescape(html.replace(f"<{keep}>", "").replace(f"</{keep}>", ""))


# --- the diff itself --------------------------------------------------------------------


def test_a_word_diff_marks_only_the_changed_words():
    assert str(word_diff("Перемовини у Відні", "Перемовини у Женеві")) == (
        "Перемовини у <del>Відні</del><ins>Женеві</ins>"
    )


def test_neighbouring_changed_words_make_one_change():
    assert str(word_diff("одна дві три", "одна чотири п'ять")) == (
        "одна <del>дві три</del><ins>чотири п&#x27;ять</ins>"
    )


def test_the_body_is_compared_paragraph_by_paragraph():
    old = body_paragraphs("<p>Перший абзац.</p><p>Другий абзац.</p><p>Третій.</p>")
    new = body_paragraphs("<p>Перший абзац.</p><p>Другий, змінений абзац.</p><h2>Новий</h2>")
    kinds = [(p.kind, str(p.html)) for p in paragraphs_diff(old, new)]
    assert kinds == [
        ("same", ""),
        ("changed", "Другий<ins>, змінений</ins> абзац."),
        ("changed", "<del>Третій.</del><ins>Новий</ins>"),
    ]


def test_hostile_strings_stay_inert_and_both_sides_of_a_diff_read_back_exactly():
    strings = hostile_strings()
    for old, new in pairwise(strings):
        html = str(word_diff(old, new))
        assert not re.search(r"[<>\"']", re.sub(r"</?(ins|del)>", "", html)), old
        assert strip_ins_del(html, keep="ins") == new
        assert strip_ins_del(html, keep="del") == old


def test_hostile_body_html_is_read_as_text_and_escaped():
    for text in hostile_strings()[:300]:
        for paragraph in paragraphs_diff([], body_paragraphs(text)):
            assert not re.search(r"[<>]", re.sub(r"</?(ins|del)>", "", str(paragraph.html)))


# --- the history page -------------------------------------------------------------------


def test_the_history_lists_every_revision_newest_first_with_who_and_when(client):
    author, editor = make_staff(AUTHOR, display_name="Олена"), make_staff(EDITOR)
    article = story(author)
    Revision.objects.filter(article=article).update(
        created_at=datetime(2026, 11, 28, 18, 14, tzinfo=UTC)
    )
    edit(article, author, title="Перемовини у Женеві")
    client.force_login(editor)
    page = history(client, article).content.decode()
    assert page.index("Версія 2") < page.index("Версія 1")
    assert "Олена" in page and "збереження" in page
    assert "28 листопада 2026, 20:14" in page  # Kyiv time
    assert "Перемовини у <del>Відні</del><ins>Женеві</ins>" in page


def test_an_autosave_is_labelled_and_compared_with_the_last_saved_version(client):
    editor = make_staff(EDITOR)
    article = story(editor)
    services.article_autosave(
        article=article, content=content(title="Перемовини у Стамбулі"), user=editor
    )
    client.force_login(editor)
    page = history(client, article).content.decode()
    assert "автозбереження" in page.lower()
    assert "<del>Відні</del><ins>Стамбулі</ins>" in page


def test_tags_people_sources_and_section_show_as_added_and_removed_names(client):
    editor = make_staff(EDITOR)
    old_tag, new_tag = make_tag("Дипломатія"), make_tag("Санкції")
    article = story(editor, tags=[old_tag])
    edit(
        article,
        editor,
        tags=[new_tag],
        people=[make_person("Сергій Лавров")],
        sources=[(make_source("NBC News"), "https://www.nbcnews.com/a")],
        section=make_section("Світ"),
    )
    client.force_login(editor)
    page = history(client, article).content.decode()
    newest = page[page.index("Версія 2") : page.index("Версія 1")]
    assert "<del>Дипломатія</del>" in newest and "<ins>Санкції</ins>" in newest
    assert "<ins>Сергій Лавров</ins>" in newest
    assert "<ins>NBC News (https://www.nbcnews.com/a)</ins>" in newest
    assert "<del>Політика</del>" in newest and "<ins>Світ</ins>" in newest


def test_workflow_actions_are_interleaved_with_the_revisions(client):
    editor = make_staff(EDITOR)
    article = story(editor)
    services.article_publish(article=article, user=editor)
    edit(article, editor, lead="Сторони зустрілися вдруге.")
    client.force_login(editor)
    page = history(client, article).content.decode()
    assert page.index("Версія 2") < page.index("опубліковано") < page.index("Версія 1")
    assert "Чернетка → Опубліковано" in page


def test_two_chosen_revisions_are_compared(client):
    editor = make_staff(EDITOR)
    article = story(editor)
    edit(article, editor, title="Перемовини у Женеві")
    edit(article, editor, title="Перемовини у Женеві завершилися")
    first, *_, last = article.revisions.order_by("created_at", "id")
    client.force_login(editor)
    response = history(client, article, a=first.pk, b=last.pk)
    page = response.content.decode()
    assert "Версія 1 порівняно з версією 3" in page
    assert "Перемовини у <del>Відні</del><ins>Женеві завершилися</ins>" in page


def test_comparing_with_a_revision_of_another_story_is_refused_in_ukrainian(client):
    editor = make_staff(EDITOR)
    article, other = story(editor), story(editor)
    client.force_login(editor)
    response = history(client, article, a=article.revisions.get().pk, b=other.revisions.get().pk)
    assert response.status_code == 400
    assert "Виберіть дві версії цієї новини" in response.content.decode()


def test_hostile_titles_and_names_are_shown_escaped(client):
    editor = make_staff(EDITOR)
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    article = story(editor)
    edit(article, editor, title=attack[:200], tags=[make_tag(attack[:150])], lead=attack)
    client.force_login(editor)
    page = history(client, article).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_authors_and_editors_may_read_the_history_but_moderators_and_readers_may_not(client):
    article = story()
    for user, status in [
        (make_staff(AUTHOR), 200),
        (make_staff(EDITOR), 200),
        (make_staff(ADMINISTRATOR), 200),
        (make_staff(MODERATOR), 403),
        (make_reader(), 403),
    ]:
        client.force_login(user)
        assert history(client, article).status_code == status


def test_a_guest_is_sent_to_sign_in():
    from django.test import Client

    response = history(Client(), story())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_history_is_never_cached(client):
    editor = make_staff(EDITOR)
    client.force_login(editor)
    response = history(client, story(editor))
    assert response["Cache-Control"] == "private, no-store"


def test_the_history_costs_the_same_queries_with_two_or_twelve_revisions(
    client, django_assert_num_queries
):
    editor = make_staff(EDITOR)
    client.force_login(editor)
    short, long = story(editor), story(editor)
    edit(short, editor, tags=[make_tag()])
    for n in range(11):
        edit(long, editor, title=f"Заголовок {n}", tags=[make_tag(), make_tag()])
        services.article_autosave(article=long, content=content(title=f"Чернетка {n}"), user=editor)
    history(client, short)  # warm the session and permission caches alike
    with django_assert_num_queries(10) as short_run:
        assert history(client, short).status_code == 200
    with django_assert_num_queries(len(short_run.captured_queries)):
        assert history(client, long).status_code == 200


# --- restoring -----------------------------------------------------------------------------


def restore(client, revision: Revision, base_version):
    url = reverse("desk:revision-restore", args=[revision.article_id, revision.pk])
    return client.post(url, {"base_version": base_version}, follow=True)


def test_restoring_a_revision_brings_its_content_back_as_a_new_logged_version(client):
    editor = make_staff(EDITOR)
    tag = make_tag("Дипломатія")
    article = story(editor, tags=[tag])
    edit(article, editor, title="Перемовини у Женеві", tags=[])
    first = article.revisions.order_by("created_at", "id").first()
    client.force_login(editor)
    response = restore(client, first, base_version=2)
    article.refresh_from_db()
    assert article.title == "Перемовини у Відні" and list(article.tags.all()) == [tag]
    assert article.version == 3
    assert response.redirect_chain[-1][0] == reverse("desk:article-history", args=[article.pk])
    assert "Версію 1 відновлено: тепер це версія 3." in response.content.decode()
    logged = article.actions.order_by("-created_at", "-id").first()
    assert (logged.action, logged.actor) == (ArticleAction.Action.RESTORE, editor)


def test_restoring_from_a_stale_page_is_a_conflict_and_changes_nothing(client):
    editor = make_staff(EDITOR)
    article = story(editor)
    edit(article, editor, title="Перемовини у Женеві")
    first = article.revisions.order_by("created_at", "id").first()
    client.force_login(editor)
    response = restore(client, first, base_version=1)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Нічого не перезаписано" in page
    assert reverse("desk:article-history", args=[article.pk]) in page
    article.refresh_from_db()
    assert (article.title, article.version) == ("Перемовини у Женеві", 2)


def test_restoring_without_a_version_is_refused_in_ukrainian(client):
    editor = make_staff(EDITOR)
    article = story(editor)
    client.force_login(editor)
    response = restore(client, article.revisions.get(), base_version="")
    assert response.status_code == 400
    assert "Сторінка застаріла" in response.content.decode()


def test_restoring_the_current_version_changes_nothing_and_says_so(client):
    editor = make_staff(EDITOR)
    article = story(editor)
    client.force_login(editor)
    response = restore(client, article.revisions.get(), base_version=1)
    assert "Ця версія і є поточною" in response.content.decode()
    assert article.revisions.count() == 1


def test_an_author_may_not_restore_a_published_story(client):
    author = make_staff(AUTHOR)
    article = story(author)
    edit(article, author, title="Перемовини у Женеві")
    services.article_publish(article=article, user=make_staff(EDITOR))
    client.force_login(author)
    first = article.revisions.order_by("created_at", "id").first()
    assert restore(client, first, base_version=2).status_code == 403
    assert Article.objects.get(pk=article.pk).title == "Перемовини у Женеві"


def test_an_author_restores_their_own_draft_and_sees_the_restore_button(client):
    author = make_staff(AUTHOR)
    article = story(author)
    edit(article, author, title="Перемовини у Женеві")
    client.force_login(author)
    assert "Відновити цю версію" in history(client, article).content.decode()
    first = article.revisions.order_by("created_at", "id").first()
    assert restore(client, first, base_version=2).status_code == 200
    assert Article.objects.get(pk=article.pk).title == "Перемовини у Відні"


def test_moderators_and_readers_cannot_restore_and_get_does_nothing(client):
    article = story()
    revision = article.revisions.get()
    for user in (make_staff(MODERATOR), make_reader()):
        client.force_login(user)
        assert restore(client, revision, base_version=1).status_code == 403
    client.force_login(make_staff(EDITOR))
    url = reverse("desk:revision-restore", args=[article.pk, revision.pk])
    assert client.get(url).status_code == 405
