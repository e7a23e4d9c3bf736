"""RSS 2.0 and Atom feeds of the whole site, each section, tag and person.

Declarative ``django.contrib.syndication`` feeds. Views in ``news.views`` look the
section/tag/person up (unknown slugs are 404s) and wrap every feed in the public page
cache. Every address is absolute and honours ``settings.SITE_URL``; an entry's id is the
story's short address ``/news/<id>/``, which never changes when the story is retitled.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator

from shpalta.accounts.models import User
from shpalta.lib.html import xml_text
from shpalta.live.models import Entry as LiveEntry
from shpalta.live.selectors import entry_url, latest_entries

from . import selectors
from .models import Article, Person, Section, Tag
from .selectors import Picture, absolute_url

MEDIA_RSS_NAMESPACE = "http://search.yahoo.com/mrss/"


def _xml_safe(value: Any) -> Any:
    """Drop characters XML 1.0 cannot carry from every string handed to the generator."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(item) for item in value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    return value


def _write_media(handler: SimplerXMLGenerator, picture: Picture | None) -> None:
    """Media RSS: the photo with its credit, which plain enclosures cannot carry."""
    if picture is None:
        return
    attrs = {
        "url": picture.url,
        "type": picture.mime_type,
        "medium": "image",
        "fileSize": str(picture.length),
    }
    if picture.width and picture.height:
        attrs.update(width=str(picture.width), height=str(picture.height))
    handler.startElement("media:content", attrs)  # type: ignore[arg-type]  # Django passes dicts
    if picture.caption:
        handler.addQuickElement("media:description", xml_text(picture.caption), {"type": "plain"})
    if picture.credit:
        handler.addQuickElement("media:credit", xml_text(picture.credit))
    handler.endElement("media:content")


class _XmlSafeMixin(feedgenerator.SyndicationFeed):
    """Titles, leads and names are editor text: control characters must not break the XML."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*_xml_safe(args), **_xml_safe(kwargs))

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*_xml_safe(args), **_xml_safe(kwargs))


class RssGenerator(_XmlSafeMixin, feedgenerator.Rss201rev2Feed):
    def rss_attributes(self) -> dict:
        return {**super().rss_attributes(), "xmlns:media": MEDIA_RSS_NAMESPACE}

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        _write_media(handler, item.get("picture"))


class AtomGenerator(_XmlSafeMixin, feedgenerator.Atom1Feed):
    def root_attributes(self) -> dict:
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS_NAMESPACE}

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        _write_media(handler, item.get("picture"))


@dataclass(frozen=True)
class Channel:
    """What one request's feed is about: the site, or a section, tag or person."""

    request: HttpRequest
    subject: Section | Tag | Person | User | None
    articles: QuerySet[Article]


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    guid: str
    description: str
    published: datetime
    updated: datetime
    authors: str | None
    categories: list[str]
    picture: Picture | None


def _local(moment: datetime | None) -> datetime:
    assert moment is not None  # feeds list published stories only
    return timezone.localtime(moment).replace(microsecond=0)


def _live_updates(request: HttpRequest, article: Article, entries: list[LiveEntry]) -> str:
    """A live blog's newest entries under its lead: time, line, link to each (HTML)."""
    if not entries:
        return ""
    items = "".join(
        f'<li><a href="{escape(entry_url(request, article, entry))}">'
        f"{timezone.localtime(entry.created_at):%H:%M}</a> {escape(entry.summary)}</li>"
        for entry in entries
    )
    return f"<ul>{items}</ul>"


def feed_entry(
    request: HttpRequest, article: Article, live: list[LiveEntry] | None = None
) -> Entry:
    """One story as a feed entry: absolute links, Kyiv times, the full lead, the photo;
    a live blog also carries its newest entries (``live``, newest first)."""
    authors = ", ".join(a.display_name for a in article.authors.all() if a.display_name)
    modified = article.updated_at if article.is_updated else article.published_at
    if live:
        newest = max(entry.edited_at or entry.created_at for entry in live)
        modified = max(newest, modified) if modified else newest
    return Entry(
        title=article.title,
        link=absolute_url(request, article.get_absolute_url()),
        guid=absolute_url(request, reverse("news:article-short", args=[article.pk])),
        # Feed descriptions are HTML; the lead is plain text.
        description=escape(article.lead) + _live_updates(request, article, live or []),
        published=_local(article.published_at),
        updated=_local(modified),
        authors=authors or None,
        categories=[article.section.name, *(tag.name for tag in article.tags.all())],
        picture=selectors.picture_for_feed(request, article.hero_image),
    )


class SiteFeed(Feed):
    """RSS 2.0: the newest stories of the whole site."""

    feed_type: type[feedgenerator.SyndicationFeed] = RssGenerator
    language = "uk"
    kind = "home"
    model: type[Section] | type[Tag] | type[Person] | type[User] | None = None

    # What the feed is about.
    def get_object(
        self, request: HttpRequest, subject: Section | Tag | Person | User | None = None
    ) -> Channel:
        return Channel(request=request, subject=subject, articles=self.articles(subject))

    def articles(self, subject: Any) -> QuerySet[Article]:
        return Article.objects.published()

    def heading(self, subject: Any) -> str:
        return settings.SITE_NAME

    def about(self, subject: Any) -> str:
        return _("The latest news of «%(site)s».") % {"site": settings.SITE_NAME}

    # The channel.
    def title(self, channel: Channel) -> str:
        if channel.subject is None:
            return settings.SITE_NAME
        return f"{self.heading(channel.subject)} — {settings.SITE_NAME}"

    def description(self, channel: Channel) -> str:
        return self.about(channel.subject)

    def link(self, channel: Channel) -> str:
        path = channel.subject.get_absolute_url() if channel.subject else reverse("news:home")
        return absolute_url(channel.request, path)

    def feed_url(self, channel: Channel) -> str:
        return absolute_url(channel.request, channel.request.path)

    def author_name(self, channel: Channel) -> str:
        return settings.SITE_NAME

    def items(self, channel: Channel) -> list[Entry]:
        articles = list(selectors.articles_for_feed(channel.articles))
        live = latest_entries([article.pk for article in articles if article.is_live_blog])
        return [feed_entry(channel.request, article, live.get(article.pk)) for article in articles]

    # One entry.
    def item_title(self, entry: Entry) -> str:
        return entry.title

    def item_description(self, entry: Entry) -> str:
        return entry.description

    def item_link(self, entry: Entry) -> str:
        return entry.link

    def item_guid(self, entry: Entry) -> str:
        return entry.guid

    item_guid_is_permalink = True

    def item_pubdate(self, entry: Entry) -> datetime:
        return entry.published

    def item_updateddate(self, entry: Entry) -> datetime:
        return entry.updated

    def item_author_name(self, entry: Entry) -> str | None:
        return entry.authors

    def item_categories(self, entry: Entry) -> list[str]:
        return entry.categories

    def item_enclosures(self, entry: Entry) -> list[feedgenerator.Enclosure]:
        if entry.picture is None:
            return []
        picture = entry.picture
        return [feedgenerator.Enclosure(picture.url, str(picture.length), picture.mime_type)]

    def item_extra_kwargs(self, entry: Entry) -> dict:
        return {"picture": entry.picture}


class SectionFeed(SiteFeed):
    kind = "section"
    model = Section

    def articles(self, subject: Section) -> QuerySet[Article]:
        return Article.objects.published().filter(section=subject)

    def heading(self, subject: Section) -> str:
        return subject.name

    def about(self, subject: Section) -> str:
        if subject.description:
            return subject.description
        return _("News of the section «%(name)s» on «%(site)s».") % {
            "name": subject.name,
            "site": settings.SITE_NAME,
        }


class TagFeed(SiteFeed):
    kind = "tag"
    model = Tag

    def articles(self, subject: Tag) -> QuerySet[Article]:
        return Article.objects.published().filter(tags=subject)

    def heading(self, subject: Tag) -> str:
        return _("Topic: %(name)s") % {"name": subject.name}

    def about(self, subject: Tag) -> str:
        return _("News on the topic «%(name)s» on «%(site)s».") % {
            "name": subject.name,
            "site": settings.SITE_NAME,
        }


class PersonFeed(SiteFeed):
    kind = "person"
    model = Person

    def articles(self, subject: Person) -> QuerySet[Article]:
        return Article.objects.published().filter(people=subject)

    def heading(self, subject: Person) -> str:
        return subject.name

    def about(self, subject: Person) -> str:
        return _("%(name)s in the news of «%(site)s».") % {
            "name": subject.name,
            "site": settings.SITE_NAME,
        }


class AtomMixin(SiteFeed):
    """The same feed as Atom 1.0: the description becomes the subtitle."""

    feed_type: type[feedgenerator.SyndicationFeed] = AtomGenerator

    def subtitle(self, channel: Channel) -> str:
        return self.description(channel)


class SiteAtomFeed(AtomMixin, SiteFeed):
    pass


class SectionAtomFeed(AtomMixin, SectionFeed):
    pass


class TagAtomFeed(AtomMixin, TagFeed):
    pass


class PersonAtomFeed(AtomMixin, PersonFeed):
    pass


class AuthorFeed(SiteFeed):
    kind = "author"
    model = User

    def articles(self, subject: User) -> QuerySet[Article]:
        return Article.objects.published().filter(authors=subject)

    def heading(self, subject: User) -> str:
        return subject.public_name

    def about(self, subject: User) -> str:
        return _("Stories by %(name)s on «%(site)s».") % {
            "name": subject.public_name,
            "site": settings.SITE_NAME,
        }


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass
