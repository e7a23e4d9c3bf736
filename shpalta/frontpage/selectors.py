"""What the home page and the стрічка show, each in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from shpalta.news.models import Article, ArticleQuerySet, Section

from .models import Slot
from .services import MAIN_SLOTS

#: Stories in the стрічка column of the home page, and on one page of /news/.
STREAM_ON_HOME = 20
STREAM_PER_PAGE = 50
#: Stories per section block, and how recent they must be (bounds the query's work).
SECTION_BLOCK = 4
SECTION_DAYS = 30


@dataclass
class SectionBlock:
    section: Section
    articles: list[Article]


@dataclass
class FrontPage:
    top: Article | None
    main: list[Article]
    stream: list[Article]
    sections: list[SectionBlock] = field(default_factory=list)

    def shown(self) -> list[Article]:
        blocks = [a for block in self.sections for a in block.articles]
        every = [*([self.top] if self.top else []), *self.main, *self.stream, *blocks]
        return list({article.pk: article for article in every}.values())


def _pinned(now: datetime) -> QuerySet[Slot]:
    return Slot.objects.filter(Q(pinned_until__isnull=True) | Q(pinned_until__gt=now))


def front_page(*, now: datetime | None = None) -> FrontPage:
    """The top story and «Головне» as the editors placed them (slots whose pin ran out or
    whose story went down are filled with the newest stories), the стрічка column and the
    sections' blocks: two queries."""
    now = now or timezone.now()
    live = Article.objects.published()
    wanted = max(STREAM_ON_HOME, 2 * (MAIN_SLOTS + 1))
    newest_ids = live.order_by("-published_at", "-id").values("pk")[:wanted]
    pinned = _pinned(now)
    rows: list[Article] = list(
        live.for_listing()
        .filter(Q(pk__in=newest_ids) | Q(pk__in=pinned.values("article_id")))
        .annotate(slot=Subquery(pinned.filter(article=OuterRef("pk")).values("position")[:1]))
    )
    slot: dict[int, int | None] = {a.pk: a.__dict__.get("slot") for a in rows}  # annotated above
    placed = {position: a for a in rows if (position := slot[a.pk]) is not None}
    fill = iter(a for a in rows if slot[a.pk] is None)
    chosen: list[Article] = []
    for position in range(MAIN_SLOTS + 1):
        article = placed.get(position) or next(fill, None)
        if article is not None:
            chosen.append(article)
    # ``rows`` holds the newest stories and any older pinned ones, newest first: its head is
    # the стрічка whatever is pinned.
    stream = rows[:STREAM_ON_HOME]
    page = FrontPage(top=chosen[0] if chosen else None, main=chosen[1:], stream=stream)
    page.sections = _section_blocks(exclude=[a.pk for a in chosen], now=now)
    return page


def _section_blocks(*, exclude: list[int], now: datetime) -> list[SectionBlock]:
    """The newest stories of each section not already shown above, in menu order: one query."""
    rows = (
        Article.objects.published()
        .filter(published_at__gte=now - timedelta(days=SECTION_DAYS))
        .exclude(pk__in=exclude)
        .for_listing()
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("section_id"),
                order_by=[F("published_at").desc(), F("id").desc()],
            ),
            section_position=F("section__position"),
        )
        .filter(rank__lte=SECTION_BLOCK)
    )
    blocks: dict[int, SectionBlock] = {}
    for article in sorted(rows, key=lambda a: (a.section_position, a.section.name, a.rank)):
        blocks.setdefault(article.section_id, SectionBlock(article.section, [])).articles.append(
            article
        )
    return list(blocks.values())


def stream_page(*, before: int | None = None) -> tuple[list[Article], bool]:
    """One page of the стрічка, newest first, older than story ``before`` (a keyset: any
    page costs the same); and whether older stories remain. One query."""
    articles: ArticleQuerySet = Article.objects.published().for_listing()
    if before is not None:
        # The cursor is a published story's id: its time is read inside the same query.
        at = Article.objects.published().filter(pk=before).values("published_at")[:1]
        articles = articles.filter(
            Q(published_at__lt=Subquery(at)) | Q(published_at=Subquery(at), pk__lt=before)
        )
    rows = list(articles[: STREAM_PER_PAGE + 1])
    return rows[:STREAM_PER_PAGE], len(rows) > STREAM_PER_PAGE


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), datetime.min.time()))
    return start, end


def stream_day(day: date) -> list[Article]:
    """Every story of one Kyiv day, newest first. One query."""
    start, end = _day_bounds(day)
    return list(
        Article.objects.published()
        .for_listing()
        .filter(published_at__gte=start, published_at__lt=end)
    )


def stream_neighbours(day: date) -> tuple[date | None, date | None]:
    """The nearest earlier and later days that have stories (two queries)."""
    start, end = _day_bounds(day)
    live = Article.objects.published()
    earlier = (
        live.filter(published_at__lt=start)
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    later = (
        live.filter(published_at__gte=end)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return (
        timezone.localdate(earlier) if earlier else None,
        timezone.localdate(later) if later else None,
    )
