"""Read rules for reader pages: what one page needs, in a fixed number of queries."""

import mimetypes
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils import timezone

from .images import media_url
from .models import Article, ArticleSource, Image, RelatedArticle


def public_authors() -> QuerySet:
    """Only the public name and page: never load e-mail or password hashes into a page or feed."""
    return get_user_model().objects.only("id", "display_name", "slug")


def with_page_parts(articles: QuerySet[Article]) -> QuerySet[Article]:
    """Stories with everything the article page shows: seven queries whatever their size."""
    related = RelatedArticle.objects.filter(related__in=Article.objects.published()).select_related(
        "related"
    )
    return articles.select_related("section", "hero_image").prefetch_related(
        "tags",
        "people",
        Prefetch("authors", queryset=public_authors()),
        Prefetch("source_links", queryset=ArticleSource.objects.select_related("source")),
        Prefetch("related_links", queryset=related),
        "corrections",
    )


def article_for_page() -> QuerySet[Article]:
    """A published article with everything its page shows."""
    return with_page_parts(Article.objects.published())


FEED_ITEMS = 30


def articles_for_feed(articles: QuerySet[Article]) -> QuerySet[Article]:
    """The newest stories of a feed with what an entry shows: three queries whatever the count."""
    return (
        articles.select_related("section", "hero_image")
        .prefetch_related(
            Prefetch("authors", queryset=public_authors()),
            "tags",
        )
        .order_by("-published_at", "-id")[:FEED_ITEMS]
    )


def absolute_url(request: HttpRequest, path: str) -> str:
    if path.startswith(("https://", "http://")):
        return path  # already absolute: media on its own host (SHPALTA_MEDIA_URL)
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def image_url(request: HttpRequest, image: Image | None) -> str | None:
    """The largest JPEG rendition (what social networks and search engines take)."""
    if image is None:
        return None
    if image.renditions:
        name = image.renditions[-1]["jpeg"]
        return absolute_url(request, media_url(name))
    return absolute_url(request, image.file.url)


@dataclass(frozen=True)
class Picture:
    """A story's main photo as feeds announce it: one file with its size, type and credit."""

    url: str
    length: int
    mime_type: str
    width: int
    height: int
    credit: str
    caption: str


def picture_for_feed(request: HttpRequest, image: Image | None) -> Picture | None:
    """The largest JPEG rendition (or the upload itself) with its byte size, or None."""
    if image is None:
        return None
    if image.renditions:
        largest = image.renditions[-1]
        name, width, height = largest["jpeg"], largest["width"], largest["height"]
        length, mime_type = largest.get("jpeg_bytes"), "image/jpeg"
    else:
        name, width, height, length = image.file.name, image.width, image.height, None
        mime_type = mimetypes.guess_type(name or "")[0] or "application/octet-stream"
    if length is None:
        # Renditions made before sizes were recorded; one storage call per old picture.
        try:
            length = default_storage.size(name)
        except OSError:
            return None
    return Picture(
        url=image_url(request, image) or "",
        length=length,
        mime_type=mime_type,
        width=width,
        height=height,
        credit=image.credit,
        caption=image.caption or image.alt,
    )


def article_json_ld(request: HttpRequest, article: Article) -> dict:
    """schema.org NewsArticle, as Google News reads it."""
    url = absolute_url(request, article.get_absolute_url())
    authors: list[dict[str, Any]] = [
        {"@type": "Person", "name": str(a)} for a in article.authors.all()
    ]
    publisher: dict[str, Any] = {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute_url(request, "/"),
        "logo": {"@type": "ImageObject", "url": absolute_url(request, static("img/logo.png"))},
    }
    modified = article.updated_at if article.is_updated else article.published_at
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.lead,
        "datePublished": timezone.localtime(article.published_at).isoformat(),
        "dateModified": timezone.localtime(modified).isoformat(),
        "author": authors or [publisher],
        "publisher": publisher,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "inLanguage": "uk",
    }
    picture = image_url(request, article.hero_image)
    if picture and article.hero_image:
        # The 16:9 crop around the focal point first: Open Graph takes the first one.
        wide = (article.hero_image.crops or {}).get("wide")
        data["image"] = [
            *([absolute_url(request, media_url(wide["jpeg"]))] if wide else []),
            picture,
        ]
    return data
