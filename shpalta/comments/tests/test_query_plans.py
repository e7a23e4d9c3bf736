"""The thread queries walk an index from the cursor (SQLite and PostgreSQL)."""

import pytest
from django.db import connection

from shpalta.comments.models import Comment
from shpalta.comments.selectors import _ordered, _with_authors
from shpalta.testing import make_article, make_reader

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")  # tiny tables: ask what it *can* use
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
        if connection.vendor == "postgresql":
            cursor.execute("RESET enable_seqscan")
    return "\n".join(str(row) for row in rows)


@pytest.mark.parametrize(
    ("order", "after", "index"),
    [
        ("new", "", "comment_thread_id"),
        ("new", "500", "comment_thread_id"),
        ("old", "500", "comment_thread_id"),
        ("popular", "3.500", "comment_thread_popular"),
    ],
)
def test_a_page_of_comments_uses_the_thread_index(order, after, index):
    article = make_article()
    reader = make_reader()
    Comment.objects.bulk_create(
        Comment(article=article, author=reader, body=str(i), like_count=i % 7) for i in range(3000)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE comments_comment")
    base = _with_authors(
        Comment.objects.filter(article_id=article.pk, parent__isnull=True).listed()
    )
    text = plan(_ordered(base, order, after)[:21])
    if connection.vendor == "sqlite":
        assert index in text, text
        assert "TEMP B-TREE" not in text.upper()  # no sorting the thread
    else:
        # PostgreSQL picks by its statistics: on this small table it may walk the primary
        # key, or bitmap-scan and sort a few hundred rows; never a sequential scan.
        assert "Index" in text and "Seq Scan" not in text, text
