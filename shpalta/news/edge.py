"""Purge hooks for the caches in front of Shpalta: Varnish, Fastly and Cloudflare.

Each hook takes the surrogate keys :func:`shpalta.news.caching.cache_purge` purged and is
called by the ``run_purge_hooks`` background task when its dotted path is listed in
``SHPALTA_PURGE_HOOKS``. The contract (headers, secrets, limits) is in docs/edge.md.

Pages never carry the implicit key ``all`` (Django's page cache adds it by itself), so a
purge of ``all`` means "everything": Varnish's VCL tags every keyed page with it, Fastly
and Cloudflare get their purge-everything call instead.
"""

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterator

from django.conf import settings

from .caching import ALL

logger = logging.getLogger(__name__)

#: Bytes of keys per ``xkey-purge`` header: far below Varnish's 8 KB header limit.
VARNISH_HEADER_BYTES = 4000
#: Fastly purges at most 256 surrogate keys per call.
FASTLY_MAX_KEYS = 256
#: Cloudflare purges at most 100 tags per call (every plan).
CLOUDFLARE_MAX_TAGS = 100
TIMEOUT = 10


class PurgeFailed(Exception):
    """A cache in front refused or missed a purge (the task fails and logs it)."""


def _chunks(
    keys: list[str], *, most: int | None = None, max_bytes: int | None = None
) -> Iterator[list[str]]:
    chunk: list[str] = []
    size = 0
    for key in keys:
        grows = len(key.encode()) + 1
        full = (most and len(chunk) >= most) or (max_bytes and size + grows > max_bytes)
        if chunk and full:
            yield chunk
            chunk, size = [], 0
        chunk.append(key)
        size += grows
    if chunk:
        yield chunk


def _send(url: str, *, method: str, headers: dict, body: bytes | None = None) -> bytes:
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"{url!r} is not an http(s) address")
    request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
        return response.read()


def varnish_purge(keys: list[str]) -> None:
    """Soft-purge the keys on every Varnish in ``SHPALTA_VARNISH_URLS`` (deploy/varnish)."""
    if not settings.VARNISH_URLS or not settings.VARNISH_PURGE_SECRET:
        raise PurgeFailed("SHPALTA_VARNISH_URLS and SHPALTA_VARNISH_PURGE_SECRET must be set")
    failed = []
    for url in settings.VARNISH_URLS:
        # One host down must not keep the others stale: try all, then report.
        try:
            for chunk in _chunks(keys, max_bytes=VARNISH_HEADER_BYTES):
                _send(
                    url,
                    method="PURGE",
                    headers={
                        "xkey-purge": " ".join(chunk),
                        "X-Shpalta-Purge-Secret": settings.VARNISH_PURGE_SECRET,
                    },
                )
        except (OSError, urllib.error.URLError) as error:
            logger.error("Varnish purge at %s failed: %s", url, error)
            failed.append(url)
    if failed:
        raise PurgeFailed(f"Varnish purge failed at {', '.join(failed)}")


def fastly_purge(keys: list[str]) -> None:
    """Soft-purge the keys on Fastly (``SHPALTA_FASTLY_SERVICE_ID``, ``SHPALTA_FASTLY_TOKEN``)."""
    service = f"{settings.FASTLY_API_URL}/service/{settings.FASTLY_SERVICE_ID}"
    headers = {"Fastly-Key": settings.FASTLY_TOKEN, "Accept": "application/json"}
    if ALL in keys:
        # Fastly has no soft purge-all; this is rare (a section renamed).
        _send(f"{service}/purge_all", method="POST", headers=headers)
        return
    for chunk in _chunks(keys, most=FASTLY_MAX_KEYS):
        _send(
            f"{service}/purge",
            method="POST",
            headers={**headers, "Surrogate-Key": " ".join(chunk), "Fastly-Soft-Purge": "1"},
        )


def cloudflare_purge(keys: list[str]) -> None:
    """Purge the keys as cache tags on Cloudflare (``SHPALTA_CLOUDFLARE_ZONE_ID``, ``…_TOKEN``)."""
    url = f"{settings.CLOUDFLARE_API_URL}/zones/{settings.CLOUDFLARE_ZONE_ID}/purge_cache"
    headers = {
        "Authorization": f"Bearer {settings.CLOUDFLARE_TOKEN}",
        "Content-Type": "application/json",
    }
    bodies = (
        [{"purge_everything": True}]
        if ALL in keys
        else [{"tags": chunk} for chunk in _chunks(keys, most=CLOUDFLARE_MAX_TAGS)]
    )
    for body in bodies:
        answer = json.loads(
            _send(url, method="POST", headers=headers, body=json.dumps(body).encode())
        )
        if not answer.get("success"):
            raise PurgeFailed(f"Cloudflare refused the purge: {answer.get('errors')}")


def varnish_site_vcl(*, backend: str, purgers: list[str], secret: str, probe: str = "2s") -> str:
    """The site part of deploy/varnish/shpalta.vcl: where the origin is, who may purge.

    ``manage.py varnish_site_vcl`` prints it for /etc/varnish/shpalta-site.vcl; tests and
    bench/edge write it next to their own varnishd.
    """
    host, _, port = backend.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError("the backend must be host:port")
    if not secret or any(c in secret for c in '"\n\r{}'):
        raise ValueError("the purge secret must be set and cannot hold quotes, braces or newlines")
    acl = "\n".join(f'    "{network}";' for network in purgers)
    return f"""\
# Generated by `manage.py varnish_site_vcl`: the site's part of shpalta.vcl.
backend default {{
    .host = "{host.strip("[]")}";
    .port = "{port}";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    .probe = {{
        .url = "/healthz";
        .interval = {probe};
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }}
}}

acl shpalta_purgers {{
{acl}
}}

sub shpalta_purge_secret {{
    set req.http.X-Shpalta-Expected-Secret = "{secret}";
}}
"""
