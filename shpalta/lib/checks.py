"""`manage.py check --deploy`: the limits Redis must never evict what it keeps."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from . import limits


@register(Tags.caches, deploy=True)
def limits_redis_never_evicts(app_configs=None, **kwargs) -> list[Warning]:
    if not settings.LIMITS_REDIS_URL:
        return []
    try:
        policy = limits.store().eviction_policy()
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
