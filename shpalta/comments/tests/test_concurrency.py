"""The shown count stays exact when posts, hides, restores and deletes race (PostgreSQL)."""

import itertools
import threading

import pytest
from django.db import connection, connections

from shpalta.comments import services
from shpalta.comments.models import Comment
from shpalta.news.models import Article
from shpalta.testing import make_article, make_comment, make_reader, make_staff


@pytest.mark.django_db(transaction=True)
def test_the_count_is_exact_when_many_changes_happen_at_once():  # noqa: C901
    if connection.vendor != "postgresql":
        pytest.skip("row locks and parallel writers need PostgreSQL (DATABASE_URL)")
    article = make_article()
    moderator = make_staff("Модератор")
    readers = [make_reader() for _ in range(8)]
    existing = [make_comment(article, author=readers[i % 8]) for i in range(16)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(16)

    def run(job) -> None:
        try:
            barrier.wait()
            for _ in range(3):
                job()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    jobs = []
    # A shared counter makes every posted text unique; duplicate texts are refused by design.
    serial = itertools.count()
    for i, reader in enumerate(readers):
        jobs.append(
            lambda r=reader, i=i: services.comment_post(
                article=article,
                author=r,
                body=f"Паралельний коментар {i}-{next(serial)}",
            )
        )
    for comment in existing[:4]:
        jobs.append(lambda c=comment: services.comment_hide(comment=c, moderator=moderator))
    for comment in existing[4:6]:
        jobs.append(
            lambda c=comment: (
                services.comment_hide(comment=c, moderator=moderator),
                services.comment_restore(comment=c, moderator=moderator),
            )
        )
    for comment in existing[6:8]:
        jobs.append(
            lambda c=comment: (
                services.comment_delete(comment=c, user=c.author)
                if Comment.objects.get(pk=c.pk).status != "removed"
                else None
            )
        )
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    published = Comment.objects.filter(article=article, status="published").count()
    assert published == 16 - 4 - 2 + 8 * 3
    assert Article.objects.get(pk=article.pk).comment_count == published


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("store", ["database", "redis"])
def test_twenty_posts_sent_at_once_by_one_reader_publish_exactly_one(settings, request, store):
    """The 20-second gap between one reader's comments holds under a burst: the limits
    store claims atomically (a get-then-set let 4 of 20 through on PostgreSQL + Redis)."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "threads cannot write to an in-memory SQLite test database at once (shared-cache "
            "table locks); runs on PostgreSQL and on SQLite files (TEST_DATABASE_NAME)"
        )
    if store == "redis":
        settings.LIMITS_REDIS_URL = request.getfixturevalue("redis_server")().url
    settings.COMMENTS_MIN_INTERVAL = 20
    article, reader = make_article(), make_reader()
    outcomes: list[str] = []
    barrier = threading.Barrier(20)

    def post(n: int) -> None:
        try:
            barrier.wait()
            services.comment_post(article=article, author=reader, body=f"Коментар номер {n}")
            outcomes.append("posted")
        except services.CommentError as error:
            outcomes.append(f"{error.status}")
        except BaseException as error:
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["429"] * 19 + ["posted"]
    assert Comment.objects.filter(author=reader).count() == 1
