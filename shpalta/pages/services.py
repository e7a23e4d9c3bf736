"""Editing a site page purges exactly its cached page (and the CDN's copy)."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from shpalta.news.caching import cache_purge

from .models import Page


def page_purge_keys(slug: str) -> list[str]:
    return [f"page-{slug}"]


def _page_changed(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    cache_purge(page_purge_keys(instance.slug))


def connect_invalidation() -> None:
    """Pages are edited in the admin: every save or delete purges that page's key."""
    post_save.connect(_page_changed, sender=Page, dispatch_uid="cache-page")
    post_delete.connect(_page_changed, sender=Page, dispatch_uid="cache-d-page")
