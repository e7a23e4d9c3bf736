"""A demo thread of 60+ comments under the sample article, so «make run» shows paging."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shpalta.accounts import roles
from shpalta.accounts.demo import DEMO_PASSWORD
from shpalta.accounts.models import User
from shpalta.accounts.services import user_create_staff
from shpalta.news.demo import SAMPLE_TITLE
from shpalta.news.models import Article

from .models import Comment

DEMO_READERS = [
    ("komentator1@example.com", "Андрій Коваленко"),
    ("komentator2@example.com", "Марія Шевчук"),
    ("komentator3@example.com", "Олег Бондар"),
    ("komentator4@example.com", "Наталія Ткаченко"),
    ("komentator5@example.com", "Тарас Мельник"),
]
OPENINGS = [
    "Цікаво, що про це скажуть у Києві.",
    "Без України про Україну домовлятися не можна.",
    "Знову таємні переговори, знову без нас.",
    "Дякую за новину, чекаю на подробиці.",
    "NBC News зазвичай добре перевіряє джерела.",
    "Лавров каже одне, а робить інше.",
    "Гаас — досвідчений дипломат, його думку варто почути.",
    "Історія вчить, що такі зустрічі рідко бувають марними.",
]
ENDINGS = [
    "Подивимося, що буде далі.",
    "Головне — не поступатися територіями.",
    "Хотілося б більше фактів.",
    "Докладніше: https://www.nbcnews.com/politics",
    "Санкції мають лишатися.",
    "Дипломатія — це марафон.",
    "",
]
REPLIES = [
    "Згоден з вами.",
    "А мені здається, що все не так просто.",
    "Є джерело на це?",
    "Слушна думка.",
]
TOP_LEVEL = 64


def _readers() -> list[User]:
    found = []
    for email, name in DEMO_READERS:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = user_create_staff(
                email=email, display_name=name, password=DEMO_PASSWORD, role_names=[roles.READER]
            )
        found.append(user)
    return found


@transaction.atomic
def demo_comments_load(*, now: datetime | None = None) -> int:
    """Add the demo thread if the sample article has none yet; returns comments created."""
    if settings.PRODUCTION:
        raise RuntimeError("Demo comments are never loaded in production mode.")
    article = Article.objects.filter(is_demo=True, title=SAMPLE_TITLE).first()
    if article is None or Comment.objects.filter(article=article).exists():
        return 0
    readers = _readers()
    now = now or timezone.now()
    created = 0
    start = now - timedelta(seconds=25 * TOP_LEVEL)
    for i in range(TOP_LEVEL):
        body = f"{OPENINGS[i % len(OPENINGS)]} {ENDINGS[(i // 3) % len(ENDINGS)]}".strip()
        when = start + timedelta(seconds=25 * i)
        top = Comment.objects.create(
            article=article,
            author=readers[i % len(readers)],
            body=body,
            created_at=when,
            like_count=(i * 7) % 11,
        )
        created += 1
        replies = 5 if i % 10 == 0 else (1 if i % 4 == 0 else 0)
        parent = top
        for j in range(replies):
            reply = Comment.objects.create(
                article=article,
                author=readers[(i + j + 1) % len(readers)],
                body=REPLIES[j % len(REPLIES)],
                parent=parent if parent.depth < 2 else parent.parent,
                root=top,
                reply_to=parent,
                depth=min(parent.depth + 1, 2),
                created_at=when + timedelta(seconds=j + 1),
            )
            parent = reply
            created += 1
        if replies:
            Comment.objects.filter(pk=top.pk).update(reply_count=replies)
    Article.objects.filter(pk=article.pk).update(comment_count=F("comment_count") + created)
    return created
