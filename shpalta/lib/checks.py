"""`manage.py check --deploy`: the limits Redis must never evict what it keeps."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import Tags, Warning, register

from . import limits


@register(Tags.caches, deploy=True)
def limits_redis_never_evicts(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[Warning]:
    current = limits.store()
    if not isinstance(current, limits.RedisStore):  # SHPALTA_LIMITS_REDIS_URL unset
        return []
    try:
        policy = current.eviction_policy()
    except limits.StoreUnavailable as error:
        return [
            Warning(
                f"The limits Redis (SHPALTA_LIMITS_REDIS_URL) does not answer: {error}",
                id="shpalta.W002",
            )
        ]
    if policy in (None, "noeviction"):
        return []
    return [
        Warning(
            f"The limits Redis (SHPALTA_LIMITS_REDIS_URL) evicts keys "
            f"(maxmemory-policy {policy}): sign-in locks, rate limits and purge times "
            "could be lost.",
            hint="Run that Redis database with maxmemory-policy noeviction.",
            id="shpalta.W001",
        )
    ]
