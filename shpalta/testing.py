"""Small ``make_*`` helpers shared by every app's tests (no JSON fixtures)."""

import json
from datetime import timedelta
from io import BytesIO
from itertools import count
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from shpalta.accounts.models import User
from shpalta.news.images import image_make_renditions
from shpalta.news.models import Article, ArticleSource, Image, Person, Section, Source, Tag

if TYPE_CHECKING:
    from shpalta.comments.models import Comment

_serial = count(1)
# MIT-licensed hostile corpora (Big List of Naughty Strings, RSnake's XSS list).
HOSTILE = Path(__file__).resolve().parent.parent / "tests" / "data" / "hostile"
# What an editor could paste that XML 1.0 cannot carry (NUL aside: PostgreSQL refuses it).
XML_BREAKERS = [chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32))] + ["\ufffe", "\uffff"]


def hostile_strings() -> list[str]:
    """Every non-blank string of the hostile corpora in tests/data/hostile."""
    strings = json.loads((HOSTILE / "blns.json").read_text(encoding="utf-8"))
    strings += (HOSTILE / "RSNAKE_XSS.txt").read_text(encoding="utf-8").splitlines()
    return [s for s in strings if s.strip()]


def make_user(**fields: Any) -> User:
    n = next(_serial)
    fields.setdefault("email", f"reader{n}@example.com")
    fields.setdefault("display_name", f"Читач {n}")
    return User.objects.create_user(password=fields.pop("password", "correct horse 42"), **fields)


def make_section(name: str = "", **fields: Any) -> Section:
    return Section.objects.create(name=name or f"Рубрика {next(_serial)}", **fields)


def make_tag(name: str = "") -> Tag:
    return Tag.objects.create(name=name or f"Тема {next(_serial)}")


def make_person(name: str = "") -> Person:
    return Person.objects.create(name=name or f"Персона {next(_serial)}")


def make_source(name: str = "", site: str = "https://example.com") -> Source:
    return Source.objects.create(name=name or f"Джерело {next(_serial)}", site=site)


def jpeg_bytes(width: int = 800, height: int = 450, exif: bytes | None = None) -> bytes:
    picture = PILImage.new("RGB", (width, height), (30, 90, 160))
    buffer = BytesIO()
    picture.save(buffer, "JPEG", exif=exif or b"")
    return buffer.getvalue()


def make_image(
    width: int = 800, height: int = 450, renditions: bool = True, **fields: Any
) -> Image:
    fields.setdefault("alt", "Тестове фото")
    fields.setdefault("credit", "фото з відкритих джерел")
    image = Image(**fields)
    image.file.save(f"test-{next(_serial)}.jpg", ContentFile(jpeg_bytes(width, height)), save=False)
    image.save()
    if renditions:
        image_make_renditions(image=image)
    return image


def make_article(title: str = "", *, section: Section | None = None, **fields: Any) -> Article:
    """A published article unless told otherwise."""
    n = next(_serial)
    fields.setdefault("lead", f"Лід статті {n}.")
    fields.setdefault("body", f"<p>Текст статті {n}.</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] in (Article.Status.PUBLISHED, Article.Status.SCHEDULED):
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    return Article.objects.create(
        title=title or f"Новина номер {n}", section=section or make_section(), **fields
    )


def add_source(article: Article, source: Source | None = None, url: str = "") -> ArticleSource:
    return ArticleSource.objects.create(
        article=article, source=source or make_source(), url=url or "https://example.com/report"
    )


def make_demo_site() -> None:
    """The demo newsroom of «make run» (the sample article and 50 more), pictures in a temp dir."""
    from django.test import override_settings

    from shpalta.news.demo import demo_load

    with TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        demo_load()


def make_reader(*, verified: bool = True, **fields: Any) -> User:
    """A reader who registered; with a verified email address unless told otherwise."""
    from allauth.account.models import EmailAddress

    from shpalta.accounts.services import user_add_reader_role

    user = make_user(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    user_add_reader_role(user=user)
    return user


def make_staff(role: str, **fields: Any) -> User:
    """A staff member with one role (see shpalta.accounts.roles), email verified."""
    from shpalta.accounts.services import user_create_staff

    n = next(_serial)
    return user_create_staff(
        email=fields.pop("email", f"staff{n}@example.com"),
        display_name=fields.pop("display_name", f"Працівник {n}"),
        password=fields.pop("password", "correct horse 42"),
        role_names=[role],
    )


def make_comment(
    article: Article, author: User | None = None, body: str = "", **fields: Any
) -> "Comment":
    """A published comment stored directly (no posting rules); counts kept as posting would."""
    from django.db.models import F

    from shpalta.comments.models import Comment

    n = next(_serial)
    parent = fields.pop("parent", None)
    status = fields.setdefault("status", Comment.Status.PUBLISHED)
    comment = Comment.objects.create(
        article=article,
        author=author or make_reader(),
        body=body or f"Коментар номер {n}",
        parent=parent,
        root=(parent.root or parent) if parent else None,
        reply_to=parent,
        depth=(parent.depth + 1) if parent else 0,
        **fields,
    )
    if status == Comment.Status.PUBLISHED:
        Article.objects.filter(pk=article.pk).update(comment_count=F("comment_count") + 1)
        if comment.root_id:
            Comment.objects.filter(pk=comment.root_id).update(reply_count=F("reply_count") + 1)
    return comment
