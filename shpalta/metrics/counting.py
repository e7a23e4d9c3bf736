"""Counting page views: one atomic write per view, nothing personal, bots left out.

Where a view is counted follows the limits store (``shpalta.lib.limits``):

- the database (default): one ``INSERT … SELECT … ON CONFLICT DO UPDATE`` adds 1 to the
  story's row for this hour (``metrics_viewcount``), on SQLite and PostgreSQL alike, so
  concurrent views never overwrite each other and a view of an unknown story writes nothing;
- a limits Redis (``SHPALTA_LIMITS_REDIS_URL``): ``HINCRBY`` on one hash, which
  :func:`views_flush` (the task worker, at most every ``FLUSH_SECONDS``) moves to the
  database in one transaction. A Redis that does not answer never fails the beacon: the
  view is then counted in the database directly.
"""

import re
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from shpalta.lib.limits import limit_claim
from shpalta.lib.outages import outage_known, outage_report, redacted

#: Automated clients (search engines, link previews, monitors, scripts): never counted.
#: A browser's User-Agent names none of these; an empty one is not a browser.
BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|preview|facebookexternalhit|meta-externalagent|"
    r"embedly|whatsapp|telegram|viber|skype|headless|lighthouse|pagespeed|phantomjs|"
    r"curl|wget|httpie|python|requests|aiohttp|go-http|java/|okhttp|axios|node-fetch|"
    r"libwww|scrapy|feedfetcher|monitor|uptime|pingdom|check",
    re.IGNORECASE,
)
PENDING = "shpalta:views:pending"
FLUSHING = "shpalta:views:flushing"
FLUSH_SECONDS = 30
# One statement: +n for the story's hour, or nothing when no such story exists.
_ADD = (
    "INSERT INTO metrics_viewcount (article_id, hour, views)"
    " SELECT id, %s, %s FROM news_article WHERE id = %s"
    " ON CONFLICT (article_id, hour) DO UPDATE SET views = metrics_viewcount.views + excluded.views"
)


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(BOT_AGENTS.search(user_agent))


def hour_of(moment: datetime | None = None) -> datetime:
    """The hour a view is counted in (UTC, truncated)."""
    moment = (moment or timezone.now()).astimezone(UTC)
    return moment.replace(minute=0, second=0, microsecond=0)


def _add(cursor, article_id: int, hour: datetime, views: int) -> int:  # type: ignore[no-untyped-def]
    cursor.execute(_ADD, [connection.ops.adapt_datetimefield_value(hour), views, article_id])
    return cursor.rowcount


def _redis():  # type: ignore[no-untyped-def]
    from shpalta.lib.limits import store

    return store()._client  # type: ignore[union-attr]  # only called with a limits Redis


def view_count(*, article_id: int, at: datetime | None = None) -> bool:
    """Count one view of a story now (or ``at``); False when the database knows no such story."""
    hour = hour_of(at)
    url = settings.LIMITS_REDIS_URL
    if url and not outage_known(_redis_name(url)):
        import redis

        try:
            _redis().hincrby(PENDING, f"{article_id}:{int(hour.timestamp())}", 1)
        except redis.RedisError as error:
            outage_report(_redis_name(url), error)
        else:
            if limit_claim("views-flush", seconds=FLUSH_SECONDS) == 0:
                from .tasks import views_flush_task

                views_flush_task.enqueue()
            return True
    with connection.cursor() as cursor:
        return _add(cursor, article_id, hour, 1) > 0


def _redis_name(url: str) -> str:
    return f"limits store ({redacted(url)})"


def views_flush() -> int:
    """Move the views counted in Redis to the database; how many views moved.

    The pending hash is renamed first, so views counted meanwhile go to a new one; a
    flush that failed half-way leaves ``FLUSHING`` behind and the next run finishes it.
    """
    if not settings.LIMITS_REDIS_URL:
        return 0  # counted in the database already
    import redis

    client = _redis()
    if not client.exists(FLUSHING):
        try:
            client.rename(PENDING, FLUSHING)
        except redis.ResponseError:  # nothing pending
            return 0
    moved = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for field, value in client.hgetall(FLUSHING).items():
            article_id, _, stamp = field.decode().partition(":")
            hour = datetime.fromtimestamp(int(stamp), tz=UTC)
            if _add(cursor, int(article_id), hour, int(value)):
                moved += int(value)
    client.delete(FLUSHING)
    return moved
