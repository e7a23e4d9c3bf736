"""Seeding for bench/comments, run inside Shpalta's venv: ``comments_seed.py N DEEP``.

Prints one JSON line: the article id, the cursor of the deep page, a signed-in session
key and the number of rows.
"""

import json
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = [
    *("переговори", "Лавров", "санкції", "Київ", "Вашингтон", "мир", "війна"),
    *("дипломатія", "угода", "джерела", "новина", "думка", "погоджуюся"),
    *("сумніваюся", "факти", "перевірка"),
]


def text(i: int) -> str:
    return " ".join(WORDS[(i * k) % len(WORDS)] for k in (1, 3, 7, 11, 13)) + f" №{i}"


def seed(n: int, deep_offset: int) -> dict:
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from shpalta.comments.models import Comment
    from shpalta.news.models import Article, Section
    from shpalta.testing import make_reader

    call_command("migrate", verbosity=0)
    now = timezone.now()
    article = Article.objects.create(
        title="Стаття 1",
        lead="Лід.",
        section=Section.objects.create(name="Світ"),
        status="published",
        published_at=now - timedelta(hours=1),
    )
    readers = [make_reader() for _ in range(20)]
    batch = []
    for i in range(n):
        batch.append(
            Comment(
                article=article,
                author=readers[i % 20],
                body=text(i),
                created_at=now - timedelta(seconds=n - i),
            )
        )
        if len(batch) == 5000:
            Comment.objects.bulk_create(batch)
            batch = []
    Comment.objects.bulk_create(batch)
    ids = Comment.objects.filter(article=article).order_by("id").values_list("id", flat=True)
    tops = list(ids)[::10]
    rows = [
        Comment(
            article=article,
            author=readers[1],
            parent_id=t,
            root_id=t,
            reply_to_id=t,
            depth=1,
            body=f"Відповідь {t}",
        )
        for t in tops
        for _ in range(2)
    ]
    Comment.objects.bulk_create(rows, batch_size=5000)
    Comment.objects.filter(pk__in=tops).update(reply_count=2)
    Article.objects.filter(pk=article.pk).update(comment_count=n + len(rows))
    newest = Comment.objects.filter(article=article, parent=None).order_by("-id")
    deep = newest.values_list("id", flat=True)[deep_offset]
    poster = make_reader()
    session = SessionStore()
    session[SESSION_KEY] = str(poster.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = poster.get_session_auth_hash()
    session.create()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "article": article.pk,
        "deep": deep,
        "session": session.session_key,
        "rows": Comment.objects.count(),
    }


if __name__ == "__main__":
    print(json.dumps(seed(int(sys.argv[1]), int(sys.argv[2]))))
