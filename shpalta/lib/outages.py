"""Stores that may be down (Redis): requests go on without them.

After a failure a store is left alone for ``RETRY_AFTER`` seconds, so a Redis that stopped
answering costs one connection attempt per process every few seconds, not one per
request; the warning is logged at most once a minute per store.
"""

import logging
import time
from urllib.parse import urlsplit

logger = logging.getLogger("shpalta.outages")

RETRY_AFTER = 5.0
WARN_EVERY = 60.0
_down_until: dict[str, float] = {}
_warned_at: dict[str, float] = {}


def redacted(url: str) -> str:
    """A store's address for logs: scheme, host, port and database, never a password."""
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}{parts.path}"


def outage_known(name: str) -> bool:
    """Whether ``name`` failed a moment ago and should not be asked yet."""
    return time.monotonic() < _down_until.get(name, 0.0)


def outage_report(name: str, error: BaseException) -> None:
    """``name`` failed: leave it alone for a few seconds and warn (once a minute)."""
    now = time.monotonic()
    _down_until[name] = now + RETRY_AFTER
    if now - _warned_at.get(name, -WARN_EVERY) >= WARN_EVERY:
        _warned_at[name] = now
        logger.warning("%s is unavailable, serving without it: %s", name, error)
