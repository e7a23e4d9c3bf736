"""A running demo live blog for ``make run``: a story with a dozen entries, two of them
key events, a quote and a photo. Idempotent (looked up by its title); never in production."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shpalta.accounts.models import User
from shpalta.news.models import Article, Image, Section

from .models import Entry

TITLE = "Негода в Україні: онлайн"
LEAD = "Сильні снігопади і вітер знеструмили сотні населених пунктів. Стежимо за подіями."
#: (minutes ago, heading, text, quote, who said it, key event, with a photo)
ENTRIES = [
    (
        175,
        "",
        "Укргідрометцентр оголосив І рівень небезпечності на заході країни.",
        "",
        "",
        False,
        False,
    ),
    (
        160,
        "Знеструмлено 300 населених пунктів",
        "Найбільше — на Львівщині та Закарпатті. Енергетики вже виїхали на місця.",
        "",
        "",
        True,
        False,
    ),
    (140, "", "На трасі Київ — Чоп обмежили рух вантажівок.", "", "", False, False),
    (
        120,
        "",
        "",
        "Прошу без потреби не виїжджати на дороги до ранку.",
        "Голова обласної адміністрації",
        False,
        False,
    ),
    (
        95,
        "",
        "Рятувальники відбуксирували 40 автомобілів зі снігових заметів.",
        "",
        "",
        False,
        True,
    ),
    (80, "", "Школи Ужгорода завтра працюватимуть дистанційно.", "", "", False, False),
    (
        60,
        "Світло повернули в 120 населених пунктів",
        "Решту обіцяють підключити до вечора.",
        "",
        "",
        True,
        False,
    ),
    (45, "", "Прикордонники повідомляють про черги на пунктах пропуску.", "", "", False, False),
    (30, "", "Синоптики: снігопад слабшатиме після опівночі.", "", "", False, False),
    (
        12,
        "",
        "Укренерго: ситуація в енергосистемі контрольована, дефіциту потужності немає.",
        "",
        "",
        False,
        False,
    ),
]


@transaction.atomic
def demo_live_load(*, now: datetime | None = None) -> int:
    """Create the demo live blog; returns how many entries were created (0 on a second run)."""
    if settings.PRODUCTION:
        raise RuntimeError("Demo content is never loaded in production mode.")
    if Article.objects.filter(title=TITLE, is_demo=True).exists():
        return 0
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    section = Section.objects.order_by("position", "name").last()
    if section is None:
        section = Section.objects.create(name="Суспільство")
    start = now - timedelta(hours=3)
    article = Article.objects.create(
        title=TITLE,
        lead=LEAD,
        body="<p>Оновлюємо з повідомлень енергетиків, рятувальників і синоптиків.</p>",
        section=section,
        status=Article.Status.PUBLISHED,
        published_at=start,
        live_since=start,
        is_demo=True,
    )
    editor = User.objects.filter(email="editor@example.com").first()
    if editor:
        article.authors.add(editor)
    photo = Image.objects.order_by("id").first()
    Entry.objects.bulk_create(
        Entry(
            article=article,
            author=editor,
            title=title,
            body=body,
            quote=quote,
            quote_source=source,
            is_key=key,
            image=photo if with_photo else None,
            created_at=now - timedelta(minutes=ago),
        )
        for ago, title, body, quote, source, key, with_photo in ENTRIES
    )
    return len(ENTRIES)
