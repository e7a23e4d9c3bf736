"""Comment moderation on the desk: the queue, bulk decisions, readers' pages, the log."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from shpalta.comments import selectors, services
from shpalta.comments.models import Ban, Comment, ModerationAction, Report
from shpalta.news.models import Article
from shpalta.testing import hostile_strings, make_article, make_comment, make_reader, make_staff

pytestmark = pytest.mark.django_db

QUEUE = "/desk/comments/"
BULK = "/desk/comments/bulk/"
LOG = "/desk/moderation-log/"
Status = Comment.Status


def reader_url(user) -> str:
    return f"/desk/readers/{user.pk}/"


def status_of(comment) -> str:
    return Comment.objects.values_list("status", flat=True).get(pk=comment.pk)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture(autouse=True)
def _comment_settings(settings):
    """No probation or rate limits: tests post as established readers."""
    settings.COMMENTS_PROBATION = 0
    settings.COMMENTS_MIN_INTERVAL = 0


@pytest.fixture
def moderator(client):
    user = make_staff("Модератор", display_name="Марта Модераторка")
    client.force_login(user)
    return user


def report(comment, times: int = 1) -> None:
    for _ in range(times):
        services.comment_report(comment=comment, user=make_reader(), reason="abuse")


# The queue ------------------------------------------------------------------------------


def test_the_queue_shows_held_and_reported_comments_with_why_and_reports(client, moderator):
    article = make_article(title="Про мости")
    held = make_comment(article, body="Тримаю на перевірці", status=Status.PENDING)
    ModerationAction.objects.create(action="auto_hold", comment=held, reason="Підозрілі слова.")
    report(make_comment(article, body="Скаржаться"))
    make_comment(article, body="Звичайний")
    response = client.get(QUEUE)
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert "Тримаю на перевірці" in page and "Скаржаться" in page and "Звичайний" not in page
    assert "Про мости" in page and "Підозрілі слова." in page
    assert "1 скарга: образи" in page
    assert held.author.public_name in page and held.author.email in page


def test_all_comments_list_held_and_reported_ones_first(client, moderator):
    article = make_article()
    make_comment(article, body="Старий опублікований")
    reported = make_comment(article, body="Зі скаргою")
    report(reported)
    make_comment(article, body="Новий опублікований")
    make_comment(article, body="Затриманий", status=Status.PENDING)
    page = client.get(QUEUE, {"status": "all"}).content.decode()
    order = [page.index(text) for text in ("Зі скаргою", "Затриманий", "Новий", "Старий")]
    assert order == sorted(order)


def test_the_queue_filters_by_status_article_and_reader(client, moderator):
    first, second = make_article(title="Перша стаття"), make_article(title="Друга стаття")
    reader = make_reader(display_name="Остап Фільтр")
    make_comment(first, author=reader, body="Остап у першій", status=Status.PENDING)
    make_comment(second, author=reader, body="Остап у другій", status=Status.HIDDEN)
    make_comment(first, body="Хтось у першій", status=Status.PENDING)
    page = client.get(QUEUE, {"article": first.pk}).content.decode()
    assert "Остап у першій" in page and "Хтось у першій" in page and "у другій" not in page
    assert "Стаття: Перша стаття" in page
    page = client.get(QUEUE, {"reader": reader.pk, "status": "all"}).content.decode()
    assert "Остап у першій" in page and "Остап у другій" in page and "Хтось" not in page
    page = client.get(QUEUE, {"status": "hidden"}).content.decode()
    assert "Остап у другій" in page and "у першій" not in page


def test_a_bad_filter_or_page_is_refused_in_ukrainian(client, moderator):
    response = client.get(QUEUE, {"status": "everything", "article": "x"})
    assert response.status_code == 400 and "Фільтр недійсний." in response.content.decode()
    assert client.get(QUEUE, {"page": "2"}).status_code == 404
    assert client.get(QUEUE, {"page": "٣"}).status_code == 404


def test_an_empty_queue_says_so(client, moderator):
    assert "Перевіряти нічого." in client.get(QUEUE).content.decode()


# Decisions ------------------------------------------------------------------------------


def test_a_moderator_approves_a_held_comment_and_it_is_published_and_logged(client, moderator):
    article = make_article()
    held = make_comment(article, status=Status.PENDING)
    response = client.post(BULK, {"action": "approve", "comment": [held.pk]}, follow=True)
    assert messages_of(response) == ["Схвалено 1 коментар."]
    assert status_of(held) == Status.PUBLISHED
    assert Article.objects.get(pk=article.pk).comment_count == 1
    assert ModerationAction.objects.filter(
        action="approve", comment=held, moderator=moderator, reader=held.author
    ).exists()


def test_approving_a_reported_comment_keeps_it_and_closes_its_reports(client, moderator):
    comment = make_comment(make_article())
    report(comment, times=2)
    client.post(BULK, {"action": "approve", "comment": [comment.pk]})
    assert status_of(comment) == Status.PUBLISHED
    assert not Report.objects.filter(comment=comment, resolved=False).exists()


def test_hiding_logs_the_reason_and_readers_no_longer_see_the_comment(client, moderator):
    article = make_article()
    comment = make_comment(article, body="Прибрати мене")
    response = client.post(
        BULK, {"action": "hide", "comment": [comment.pk], "reason": "Реклама"}, follow=True
    )
    assert messages_of(response) == ["Приховано 1 коментар."]
    assert status_of(comment) == Status.HIDDEN
    assert ModerationAction.objects.get(action="hide").reason == "Реклама"
    assert "Прибрати мене" not in client.get(f"/comments/{article.pk}/").json()["html"]


def test_hiding_without_a_reason_is_refused_and_changes_nothing(client, moderator):
    comment = make_comment(make_article())
    response = client.post(BULK, {"action": "hide", "comment": [comment.pk], "reason": "  "})
    assert response.status_code == 400
    assert "Вкажіть причину приховування" in response.content.decode()
    assert status_of(comment) == Status.PUBLISHED and not ModerationAction.objects.exists()


def test_a_moderator_restores_a_hidden_comment(client, moderator):
    article = make_article()
    comment = make_comment(article)
    services.comment_hide(comment=comment, moderator=moderator, reason="Помилково")
    response = client.post(BULK, {"action": "restore", "comment": [comment.pk]}, follow=True)
    assert messages_of(response) == ["Відновлено 1 коментар."]
    assert status_of(comment) == Status.PUBLISHED
    assert Article.objects.get(pk=article.pk).comment_count == 1


def test_a_bulk_action_on_a_mixed_selection_changes_what_fits_and_says_how_many(client, moderator):
    article = make_article()
    held = [make_comment(article, status=Status.PENDING) for _ in range(3)]
    hidden = make_comment(article, status=Status.HIDDEN)
    removed = make_comment(article, status=Status.REMOVED)
    plain = make_comment(article)
    picked = [c.pk for c in (*held, hidden, removed, plain)] + [999_999]
    response = client.post(BULK, {"action": "approve", "comment": picked}, follow=True)
    assert messages_of(response) == [
        "Схвалено 3 коментарі.",
        "Пропущено 4 коментарі: їхній стан не дозволяє цієї дії.",
    ]
    assert [status_of(c) for c in held] == [Status.PUBLISHED] * 3
    assert (status_of(hidden), status_of(removed)) == (Status.HIDDEN, Status.REMOVED)
    assert ModerationAction.objects.filter(action="approve").count() == 3
    assert Article.objects.get(pk=article.pk).comment_count == 4


def test_bulk_hiding_and_restoring_five_comments_counts_them_in_ukrainian(client, moderator):
    comments = [make_comment(make_article()) for _ in range(5)]
    ids = [c.pk for c in comments]
    response = client.post(BULK, {"action": "hide", "comment": ids, "reason": "Спам"}, follow=True)
    assert messages_of(response) == ["Приховано 5 коментарів."]
    response = client.post(BULK, {"action": "restore", "comment": ids}, follow=True)
    assert messages_of(response) == ["Відновлено 5 коментарів."]
    assert ModerationAction.objects.filter(moderator=moderator).count() == 10


def test_a_bulk_action_keeps_the_queue_filters(client, moderator):
    article = make_article()
    held = make_comment(article, status=Status.PENDING)
    back = f"status=pending&article={article.pk}"
    response = client.post(BULK, {"action": "approve", "comment": [held.pk], "back": back})
    assert response.status_code == 302
    assert response["Location"] == f"/desk/comments/?status=pending&article={article.pk}"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "approve"}, "Виберіть хоча б один коментар."),
        ({"action": "approve", "comment": ["1x"]}, "Вибір недійсний."),
        ({"action": "approve", "comment": ["-4"]}, "Вибір недійсний."),
        ({"action": "approve", "comment": ["99999999999"]}, "Вибір недійсний."),
        ({"action": "delete", "comment": ["1"]}, "Невідома дія."),
        ({"comment": ["1"]}, "Виберіть дію."),
    ],
)
def test_bad_bulk_requests_are_refused_in_ukrainian(client, moderator, data, message):
    make_comment(make_article(), status=Status.PENDING)
    response = client.post(BULK, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not ModerationAction.objects.exists()


def test_the_bulk_address_only_takes_posts(client, moderator):
    assert client.get(BULK).status_code == 405


# A reader's page ------------------------------------------------------------------------


def test_a_readers_page_shows_their_comments_moderation_and_bans(client, moderator):
    reader = make_reader(display_name="Тарас Історія")
    article = make_article(title="Стаття з обговоренням")
    comment = make_comment(article, author=reader, body="Мій слід в історії")
    services.comment_hide(comment=comment, moderator=moderator, reason="Образи")
    services.reader_ban(reader=reader, moderator=moderator, days=3, reason="Повторні образи")
    page = client.get(reader_url(reader)).content.decode()
    assert "Тарас Історія" in page and reader.email in page
    assert "Мій слід в історії" in page and "Стаття з обговоренням" in page
    assert "Приховано модератором" in page and "Образи" in page
    assert "Заблоковано до" in page and "Повторні образи (на 3 дні)" in page
    assert "Марта Модераторка" in page


def test_a_moderator_bans_a_reader_for_some_days(client, moderator):
    reader = make_reader(display_name="Петро")
    response = client.post(
        reader_url(reader), {"action": "ban_days", "days": "7", "reason": "Спам"}, follow=True
    )
    assert messages_of(response) == ["Петро не може коментувати 7 днів."]
    ban = Ban.objects.get(user=reader)
    assert ban.kind == "ban" and ban.created_by == moderator
    assert timedelta(days=6) < ban.until - timezone.now() <= timedelta(days=7)
    assert "Заблоковано до" in response.content.decode()
    with pytest.raises(services.CommentError, match="до"):
        services.comment_post(article=make_article(), author=reader, body="Можна?")


def test_a_moderator_bans_a_reader_for_good_and_lifts_the_ban(client, moderator):
    reader = make_reader(display_name="Петро")
    response = client.post(reader_url(reader), {"action": "ban_forever"}, follow=True)
    assert messages_of(response) == ["Петро більше не може коментувати."]
    assert Ban.objects.get(user=reader).until is None
    assert "Заблоковано назавжди." in response.content.decode()
    response = client.post(
        reader_url(reader), {"action": "lift", "reason": "Вибачився"}, follow=True
    )
    assert messages_of(response) == ["Петро знову може коментувати."]
    assert "Не заблоковано." in response.content.decode()
    assert ModerationAction.objects.filter(
        reader=reader, action="unban", reason="Вибачився"
    ).exists()
    services.comment_post(article=make_article(), author=reader, body="Дякую")


def test_a_moderator_puts_a_reader_on_pre_moderation_and_takes_them_off(client, moderator):
    reader = make_reader(display_name="Петро")
    response = client.post(reader_url(reader), {"action": "premoderate"}, follow=True)
    assert messages_of(response) == [
        "Тепер кожен новий коментар користувача Петро чекає на модератора."
    ]
    held = services.comment_post(article=make_article(), author=reader, body="Перший")
    assert held.status == Status.PENDING
    response = client.post(reader_url(reader), {"action": "premoderation_end"}, follow=True)
    assert messages_of(response) == ["Петро більше не на премодерації."]
    assert "Не на премодерації." in response.content.decode()
    posted = services.comment_post(article=make_article(), author=reader, body="Другий")
    assert posted.status == Status.PUBLISHED
    actions = ModerationAction.objects.filter(reader=reader, moderator=moderator)
    assert set(actions.values_list("action", flat=True)) == {"premoderate", "premod_end"}


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"action": "ban_days"}, 400, "Вкажіть кількість днів, від 1 до 3650."),
        ({"action": "ban_days", "days": "0"}, 400, "Переконайтеся"),
        ({"action": "ban_days", "days": "9999"}, 400, "Переконайтеся"),
        ({"action": "ban_days", "days": "сім"}, 400, "Введіть ціле число."),
        ({"action": "explode"}, 400, "Невідома дія."),
        ({"action": "lift"}, 409, "Цей читач не заблокований."),
        ({"action": "premoderation_end"}, 409, "Цей читач не на премодерації."),
    ],
)
def test_bad_reader_controls_are_refused_in_ukrainian(client, moderator, data, status, message):
    reader = make_reader()
    response = client.post(reader_url(reader), data)
    assert response.status_code == status and message in response.content.decode()
    assert not Ban.objects.exists() and not ModerationAction.objects.exists()


def test_an_unknown_reader_is_a_404(client, moderator):
    assert client.get("/desk/readers/999999/").status_code == 404


# The log --------------------------------------------------------------------------------


def test_the_log_shows_who_did_what_to_which_comment_and_reader(client, moderator):
    reader = make_reader(display_name="Читачка Лог")
    comment = make_comment(make_article(title="Стаття в журналі"), author=reader, body="Слова")
    services.comment_hide(comment=comment, moderator=moderator, reason="Флуд")
    services.reader_ban(reader=reader, moderator=moderator)
    page = client.get(LOG).content.decode()
    assert "Марта Модераторка" in page and "Читачка Лог" in page and "Флуд" in page
    assert "приховано" in page and "заблоковано" in page
    assert "Слова" in page and "Стаття в журналі" in page


def test_the_log_filters_by_moderator_and_action(client, moderator):
    other = make_staff("Редактор", display_name="Інший Редактор")
    first, second = make_comment(make_article()), make_comment(make_article())
    services.comment_hide(comment=first, moderator=moderator, reason="Перша причина")
    services.comment_hide(comment=second, moderator=other, reason="Друга причина")
    services.comment_restore(comment=first, moderator=moderator)
    page = client.get(LOG, {"moderator": other.pk}).content.decode()
    assert "Друга причина" in page and "Перша причина" not in page
    page = client.get(LOG, {"action": "restore"}).content.decode()
    assert "відновлено" in page and "Перша причина" not in page
    assert client.get(LOG, {"moderator": "abc"}).status_code == 400


def test_the_log_is_paginated(client, moderator):
    comment = make_comment(make_article())
    ModerationAction.objects.bulk_create(
        ModerationAction(
            action="hide", moderator=moderator, comment=comment, reason=f"мітка{i:02d}"
        )
        for i in range(60)
    )
    page = client.get(LOG).content.decode()
    assert "мітка59" in page and "мітка09" not in page and "Сторінка 1 з 2" in page
    second = client.get(LOG, {"page": 2}).content.decode()
    assert "мітка09" in second and "мітка59" not in second


# Counters for the dashboard -------------------------------------------------------------


def test_held_counts_come_in_all_and_per_article_from_one_query(django_assert_num_queries):
    first, second = make_article(), make_article()
    for article, held in ((first, 3), (second, 1)):
        for _ in range(held):
            make_comment(article, status=Status.PENDING)
    make_comment(first)
    with django_assert_num_queries(1):
        counts = selectors.comments_held_counts()
    assert counts.total == 4 and counts.by_article == {first.pk: 3, second.pk: 1}


def test_the_held_counter_links_moderators_to_the_queue():
    moderator, author = make_staff("Модератор"), make_staff("Автор")
    make_comment(make_article(), status=Status.PENDING)
    request = RequestFactory().get("/desk/")
    request.user = moderator
    html = render_to_string(
        "desk/_held_comments.html", {"held": selectors.comments_held_counts()}, request=request
    )
    assert "На модерації: 1" in html and 'href="/desk/comments/?status=pending"' in html
    request.user = author
    html = render_to_string("desk/_held_comments.html", {"held": 1}, request=request)
    assert "На модерації" not in html


# Who may moderate -----------------------------------------------------------------------


def pages(reader) -> list[tuple[str, str]]:
    return [("get", QUEUE), ("post", BULK), ("get", reader_url(reader)), ("get", LOG)]


@pytest.mark.parametrize("role", ["Автор", None])
def test_authors_and_readers_are_refused(client, role):
    reader = make_reader()
    client.force_login(make_staff(role) if role else reader)
    for method, url in pages(reader):
        assert getattr(client, method)(url).status_code == 403, url


def test_guests_are_sent_to_sign_in(client):
    for method, url in pages(make_reader()):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_editors_may_moderate_too(client):
    client.force_login(make_staff("Редактор"))
    assert client.get(QUEUE).status_code == 200


def test_the_old_moderation_addresses_redirect_to_the_desk(client, moderator):
    reader = make_reader()
    for old, new in [
        ("/comments/moderation/", QUEUE),
        ("/comments/moderation/12/", QUEUE),
        (f"/comments/moderation/reader/{reader.pk}/", reader_url(reader)),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new)


# Query counts and hostile text ----------------------------------------------------------


def fill_queue(n: int) -> None:
    articles = [make_article() for _ in range(3)]
    readers = [make_reader() for _ in range(4)]
    for i in range(n):
        comment = make_comment(articles[i % 3], author=readers[i % 4], status=Status.PENDING)
        ModerationAction.objects.create(action="auto_hold", comment=comment, reason="Новий читач.")
        if i % 5 == 0:
            Report.objects.create(comment=comment, reporter=readers[(i + 1) % 4], reason="spam")


# session, user, the user's permissions (2), count, page, holds+decisions, reports, totals
QUEUE_QUERIES = 9


@pytest.mark.parametrize("n", [5, 50])
def test_the_queue_runs_a_fixed_number_of_queries(client, moderator, django_assert_num_queries, n):
    fill_queue(n)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(QUEUE)
    assert response.content.decode().count('class="mod-pick"') == n


# session, user, permissions (2), reader, bans, totals, count, page, actions
READER_QUERIES = 10


@pytest.mark.parametrize("n", [5, 50])
def test_a_readers_page_runs_a_fixed_number_of_queries(
    client, moderator, django_assert_num_queries, n
):
    reader = make_reader()
    for i in range(n):
        comment = make_comment(make_article() if i < 3 else Article.objects.last(), author=reader)
        services.comment_hide(comment=comment, moderator=moderator, reason=f"Причина {i}")
    Ban.objects.create(user=reader, reason="Було", created_by=moderator)
    with django_assert_num_queries(READER_QUERIES):
        response = client.get(reader_url(reader))
    assert response.content.decode().count("Причина ") == n


class CommentBodies(HTMLParser):
    """Collects the text of every comment body as a browser shows it, and every tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.tags: list[tuple[str, list]] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "blockquote" and ("class", "mod-body") in attrs:
            self.depth = 1
            self.texts.append("")
        elif self.depth and tag == "br":
            self.texts[-1] += "\n"
        elif self.depth:
            self.depth += 1

    def handle_endtag(self, tag):
        self.depth = max(self.depth - 1, 0)

    def handle_data(self, data):
        if self.depth:
            self.texts[-1] += data


def comment_texts(html: str) -> list[str]:
    """The comment bodies of a queue page; fails if the page holds any active markup."""
    parser = CommentBodies()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in {"img", "svg", "iframe", "object", "embed", "math", "base", "style"}
        assert not any(name.startswith("on") for name, _value in attrs), (tag, attrs)
        assert tag != "script" or dict(attrs)["src"].endswith("js/desk-moderation.js")
    return parser.texts


def test_hostile_comment_bodies_render_as_text_in_the_queue(client, moderator):
    article, author = make_article(), make_reader()
    bodies = []
    for text in hostile_strings():
        try:
            bodies.append(services.clean_body(text))
        except services.CommentError:
            continue
    Comment.objects.bulk_create(
        Comment(article=article, author=author, body=body, status=Status.PENDING) for body in bodies
    )
    shown = []
    for number in range(1, len(bodies) // 50 + 2):
        shown += comment_texts(client.get(QUEUE, {"page": number}).content.decode())
    assert sorted(shown) == sorted(bodies)
