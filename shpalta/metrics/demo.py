"""Demo readership for `make run`: views recorded through the beacon's own counting code."""

import random
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from shpalta.news.models import Article

from .counting import view_count
from .models import ViewCount


def demo_views_load() -> int:
    """Views over the last week for the demo stories, once; returns how many were counted."""
    if settings.PRODUCTION:
        raise RuntimeError("Demo views are never recorded in production mode.")
    if ViewCount.objects.exists():
        return 0
    chance = random.Random(2026)  # noqa: S311  # the same demo every time, not security
    now = timezone.now()
    counted = 0
    stories = list(
        Article.objects.published().filter(is_demo=True).values_list("id", "published_at")
    )
    for rank, (pk, published_at) in enumerate(stories):
        for _ in range(max(3, 120 // (rank + 1)) + chance.randrange(10)):
            # Read after it came out, within the last week.
            age = min(now - (published_at or now), timedelta(days=7))
            at = now - timedelta(seconds=chance.randrange(max(1, int(age.total_seconds()))))
            if view_count(article_id=pk, at=at):
                counted += 1
    return counted
