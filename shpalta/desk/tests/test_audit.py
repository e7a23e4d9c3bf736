"""The audit log: workflow and moderation actions merged by time, filtered, by role."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from shpalta.accounts.roles import ADMINISTRATOR, AUTHOR, EDITOR, MODERATOR
from shpalta.comments.models import ModerationAction
from shpalta.desk.audit import PER_PAGE
from shpalta.desk.views_history import editor_url
from shpalta.news.models import ArticleAction
from shpalta.testing import hostile_strings, make_article, make_comment, make_reader, make_staff

pytestmark = pytest.mark.django_db
MOMENT = datetime(2026, 11, 28, 18, 14, tzinfo=UTC)  # 20:14 in Kyiv


def workflow(actor, *, minutes=0, action="publish", article=None, **fields):
    article = article or make_article("Новина про перемовини")
    return ArticleAction.objects.create(
        article=article,
        article_title=article.title,
        actor=actor,
        action=action,
        from_status=fields.pop("from_status", "review"),
        to_status=fields.pop("to_status", "published"),
        created_at=MOMENT + timedelta(minutes=minutes),
        **fields,
    )


def moderation(moderator, *, minutes=0, action="hide", reason="Образи", comment=None):
    comment = comment or make_comment(make_article(), body="Коментар з образами")
    return ModerationAction.objects.create(
        moderator=moderator,
        action=action,
        comment=comment,
        reader=comment.author,
        reason=reason,
        created_at=MOMENT + timedelta(minutes=minutes),
    )


def audit(client, **params):
    return client.get(reverse("desk:audit"), params)


def signed_in(role):
    client = Client()
    client.force_login(make_staff(role))
    return client


def test_an_editor_sees_workflow_and_moderation_merged_newest_first(client):
    editor = make_staff(EDITOR, display_name="Редакторка Ірина")
    moderator = make_staff(MODERATOR, display_name="Модератор Петро")
    action = workflow(editor, minutes=1)
    moderation(moderator, minutes=2)
    workflow(
        editor, minutes=3, action="unpublish", from_status="published", to_status="unpublished"
    )
    client.force_login(editor)
    page = audit(client).content.decode()
    assert page.index("знято з публікації") < page.index("Коментар з образами")
    assert page.index("Коментар з образами") < page.index("На перевірці → Опубліковано")
    assert "Модератор Петро" in page and "Редакторка Ірина" in page and "Образи" in page
    assert "28 листопада 2026, 20:15" in page
    assert f'href="{editor_url(action.article_id)}"' in page


def test_a_moderator_sees_only_moderation_actions(client):
    moderator = make_staff(MODERATOR)
    workflow(make_staff(EDITOR))
    moderation(moderator)
    client.force_login(moderator)
    page = audit(client).content.decode()
    assert "Коментар з образами" in page
    assert "Новина про перемовини" not in page
    assert 'value="workflow"' not in page


def test_a_moderator_cannot_ask_for_workflow_actions(client):
    client.force_login(make_staff(MODERATOR))
    assert audit(client, kind="workflow").status_code == 400


def test_an_administrator_sees_everything():
    workflow(make_staff(EDITOR))
    moderation(make_staff(MODERATOR))
    page = audit(signed_in(ADMINISTRATOR)).content.decode()
    assert "Коментар з образами" in page and "Новина про перемовини" in page


def test_authors_readers_and_guests_cannot_read_the_log(client):
    assert audit(signed_in(AUTHOR)).status_code == 403
    client.force_login(make_reader())
    assert audit(client).status_code == 403
    response = audit(Client())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_log_is_never_cached():
    assert audit(signed_in(EDITOR))["Cache-Control"] == "private, no-store"


def test_filters_by_person_kind_action_and_date():
    first, second = make_staff(EDITOR), make_staff(EDITOR)
    workflow(first, article=make_article("Перша новина"))
    workflow(second, article=make_article("Друга новина"), action="schedule", minutes=60 * 24)
    moderation(first, minutes=60 * 48)
    client = Client()
    client.force_login(first)

    def shown(**params):
        page = audit(client, **params).content.decode()
        return [t for t in ("Перша новина", "Друга новина", "Коментар з образами") if t in page]

    assert shown(person=second.pk) == ["Друга новина"]
    assert shown(kind="moderation") == ["Коментар з образами"]
    assert shown(action="workflow:schedule") == ["Друга новина"]
    assert shown(action="moderation:hide", kind="workflow") == []
    assert shown(since="2026-11-29", until="2026-11-29") == ["Друга новина"]
    assert shown(since="2026-11-30") == ["Коментар з образами"]


def test_bad_filters_are_refused_in_ukrainian():
    client = signed_in(EDITOR)
    response = audit(client, since="2026-12-01", until="2026-11-01")
    assert response.status_code == 400
    assert "Початкова дата не може бути пізнішою за кінцеву." in response.content.decode()
    assert audit(client, since="вчора").status_code == 400
    assert audit(client, action="workflow:explode").status_code == 400


def test_the_log_is_paginated_and_a_missing_page_is_a_404():
    editor = make_staff(EDITOR)
    article = make_article()
    for n in range(PER_PAGE + 3):
        workflow(editor, minutes=n, article=article, note=f"крок {n}")
    client = Client()
    client.force_login(editor)
    first, second = audit(client).content.decode(), audit(client, page=2).content.decode()
    assert "крок 52" in first and "крок 3<" in first and "крок 2<" not in first
    assert "крок 2<" in second and "крок 0<" in second
    assert audit(client, page=3).status_code == 404
    assert audit(client, page="x").status_code == 404


def test_hostile_notes_reasons_and_comments_stay_inert():
    editor = make_staff(EDITOR)
    strings = [s for s in hostile_strings() if "<" in s and "\x00" not in s][:40]
    for n, text in enumerate(strings):
        workflow(editor, minutes=n, note=text)
        moderation(editor, minutes=n, reason=text)
    client = Client()
    client.force_login(editor)
    page = audit(client).content.decode()
    assert "<script" not in page.lower().replace('<script src="', "")
    assert "onerror=" not in page.lower().replace("onerror=&", "")


@pytest.mark.parametrize("count", [5, 50])
def test_the_log_costs_the_same_queries_with_5_or_50_actions(
    count, client, django_assert_num_queries
):
    editor, moderator = make_staff(EDITOR), make_staff(MODERATOR)
    comment = make_comment(make_article())
    article = make_article()
    for n in range(count):
        if n % 2:
            moderation(moderator, minutes=n, comment=comment)
        else:
            workflow(editor, minutes=n, article=article)
    client.force_login(editor)
    audit(client)
    # session, user, 2 permission lookups, staff list, count, page, workflow rows, moderation rows
    with django_assert_num_queries(9):
        assert audit(client).status_code == 200


def test_dates_at_the_ends_of_the_calendar_are_refused_not_a_crash():
    client = signed_in(EDITOR)
    assert audit(client, until="9999-12-31").status_code == 400
    assert audit(client, since="0001-01-01").status_code == 400
