"""Forms of the story desk: the editor, the workflow steps and the story list's filters."""

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import ProseEditorWidget

from shpalta.lib.html import sanitize_body
from shpalta.news import workflow
from shpalta.news.models import (
    Article,
    CommentMode,
    Image,
    Importance,
    Person,
    Section,
    Source,
    Tag,
)
from shpalta.news.services import parse_moment
from shpalta.news.snapshots import ArticleContent, ArticleSnapshot, article_snapshot

#: What the body editor offers: exactly what shpalta.lib.html.sanitize_body keeps
#: (paragraphs, h2/h3, bold, italic, links, lists, quotes, images).
BODY_EXTENSIONS = {
    "Paragraph": True,
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Image": True,
    "HardBreak": True,
    "History": True,
}
MAX_SOURCES = 10
MAX_RELATED = 20


class DeskProseEditorWidget(ProseEditorWidget):
    """The prose editor started by our own module instead of the package's preset.

    The package's preset needs an inline ``<script type="importmap">``, which our CSP
    (``script-src 'self'``) refuses; static/js/desk-prose.js imports the editor by its
    path instead and turns off Tiptap's inline <style> (static/css/desk-prose.css has it).
    """

    @property
    def media(self) -> forms.Media:
        return forms.Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "css/desk-prose.css",
                ]
            },
            js=[forms.Script("js/desk-prose.js", type="module")],  # type: ignore[list-item]
        )


def _no_maxlength(field: forms.Field, limit: int) -> forms.Field:
    """Validate the length on the server but let the editor overtype and see the counter."""
    field.widget.attrs.pop("maxlength", None)
    field.widget.attrs["data-limit"] = str(limit)
    return field


def _ids(values: list[str], what: str | Promise) -> list[int]:
    ids = []
    for value in values:
        value = value.strip()
        if not value:
            continue
        if not value.isascii() or not value.isdigit() or len(value) > 12:
            raise ValidationError(_("Choose %(what)s from the list.") % {"what": what})
        ids.append(int(value))
    return ids


#: Past this many tags, people or sources the editor lists only the chosen ones; the
#: script's autocomplete finds the rest, and the page stays small in a big archive.
MAX_LISTED_CHOICES = 300


class ChosenOnlySelectMultiple(forms.SelectMultiple):
    """A multi-select that lists every option while there are few, else only the chosen."""

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        queryset = getattr(self.choices, "queryset", None)
        if queryset is not None and queryset.count() > MAX_LISTED_CHOICES:
            chosen = [v for v in value if str(v).isdigit()]
            self.choices = [(obj.pk, str(obj)) for obj in queryset.filter(pk__in=chosen)]
        return super().optgroups(name, value, attrs)


def source_choices(chosen_ids: Iterable[object]) -> list[Source]:
    """Sources for the source rows: all of them while few, else only the chosen ones."""
    sources = Source.objects.only("id", "name")
    if sources.count() > MAX_LISTED_CHOICES:
        sources = sources.filter(pk__in=[i for i in chosen_ids if str(i).isdigit()])
    return list(sources)


class ArticleForm(forms.Form):
    """The story as the editor submits it; ``content()`` turns it into ArticleContent."""

    title = forms.CharField(label=_("Title"), max_length=200)
    lead = forms.CharField(
        label=_("Lead"), max_length=600, widget=forms.Textarea(attrs={"rows": 3})
    )
    highlight = forms.CharField(
        label=_("Highlight"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A key quote or sentence shown in a box beside the text."),
    )
    body = ProseEditorFormField(
        label=_("Text"),
        required=False,
        config={"extensions": BODY_EXTENSIONS},
        sanitize=sanitize_body,
        widget=DeskProseEditorWidget,
    )
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.all(),
        empty_label=_("— choose a section —"),
        widget=forms.Select(attrs={"data-autocomplete": "section"}),
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=Tag.objects.all(),
        required=False,
        widget=ChosenOnlySelectMultiple(attrs={"data-autocomplete": "tag", "size": 6}),
    )
    people = forms.ModelMultipleChoiceField(
        label=_("People"),
        queryset=Person.objects.all(),
        required=False,
        widget=ChosenOnlySelectMultiple(attrs={"data-autocomplete": "person", "size": 6}),
    )
    authors = forms.ModelMultipleChoiceField(
        label=_("Authors"),
        # Staff only: the byline links to author pages, which readers' accounts never have.
        queryset=get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .order_by("display_name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("The byline. Left empty, the story keeps the authors it has."),
    )
    hero_image = forms.ModelChoiceField(
        label=_("Main photo"),
        queryset=Image.objects.all(),
        required=False,
        widget=forms.TextInput(attrs={"data-autocomplete": "image", "inputmode": "numeric"}),
        help_text=_("The photo's number; with JavaScript, search by its description."),
    )
    slug = forms.SlugField(
        label=_("Address"),
        max_length=90,
        required=False,
        help_text=_("Latin letters; filled from the title if empty."),
    )
    comment_mode = forms.ChoiceField(
        label=_("Comments"), choices=CommentMode.choices, required=False
    )
    importance = forms.ChoiceField(
        label=_("Importance"),
        choices=Importance.choices,
        initial=Importance.NORMAL,
        required=False,
        help_text=_(
            "Important stories are bold in the news feed; urgent ones are marked «Терміново»."
        ),
    )
    mark_updated = forms.BooleanField(
        label=_("Mark as updated"),
        required=False,
        help_text=_("Readers see «Оновлено» with the time of this save."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, article: Article | None = None, **kwargs: Any):
        self.article = article
        super().__init__(*args, **kwargs)
        _no_maxlength(self.fields["title"], 200)
        _no_maxlength(self.fields["lead"], 600)
        _no_maxlength(self.fields["highlight"], 400)
        if article is None or workflow.article_state(article) not in workflow.LIVE:
            del self.fields["mark_updated"]

    @classmethod
    def initial_for(cls, article: Article) -> dict:
        return cls.initial_from_snapshot(article_snapshot(article), article.version)

    @classmethod
    def initial_from_snapshot(cls, snapshot: ArticleSnapshot, version: int) -> dict:
        """Initial values from a snapshot (the stored story, an autosave), in the form's shape."""
        initial = {
            name: getattr(snapshot, name)
            for name in ("title", "lead", "highlight", "body", "slug", "comment_mode", "importance")
        }
        return initial | {
            "section": snapshot.section,
            "tags": list(snapshot.tags),
            "people": list(snapshot.people),
            "authors": list(snapshot.authors),
            "hero_image": snapshot.hero_image,
            "base_version": version,
            "sources": [(ref.source, ref.url) for ref in snapshot.sources],
            "related": list(snapshot.related),
        }

    # --- sources and related stories: repeated inputs, in order -----------------------

    def _list(self, name: str) -> list[str]:
        if self.is_bound:
            return self.data.getlist(name) if hasattr(self.data, "getlist") else []
        return []

    def source_rows(self) -> list[tuple[str, str]]:
        """(source id, report URL) rows to render, plus an empty one to add a source."""
        if self.is_bound:
            rows = list(zip(self._list("source"), self._list("source_url"), strict=False))
            rows = [(s, u) for s, u in rows if s.strip() or u.strip()]
        else:
            rows = [(str(s), u) for s, u in self.initial.get("sources", [])]
        return [*rows, ("", "")]

    def related_ids(self) -> list[int]:
        if self.is_bound:
            try:
                return _ids(self._list("related"), "")
            except ValidationError:
                return []
        return list(self.initial.get("related", []))

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        data["sources"] = self._clean_sources()
        data["related"] = self._clean_related()
        return data

    def _clean_sources(self) -> list[tuple[Source, str]]:
        rows = self.source_rows()[:-1]
        if len(rows) > MAX_SOURCES:
            self.add_error(None, _("At most %(n)d sources.") % {"n": MAX_SOURCES})
            return []
        try:
            ids = _ids([s for s, _url in rows], _("a source"))
        except ValidationError as error:
            self.add_error(None, error)
            return []
        found = Source.objects.in_bulk(ids)
        sources = []
        check_url = URLValidator(schemes=["http", "https"])
        for source_id, url in rows:
            url = url.strip()
            if not source_id.strip():
                self.add_error(
                    None,
                    _("Choose the source for the report address %(url)s.") % {"url": url[:100]},
                )
                continue
            source = found.get(int(source_id))
            if source is None:
                self.add_error(None, _("That source no longer exists; choose another."))
                continue
            if url:
                try:
                    if len(url) > 500:
                        raise ValidationError("too long")
                    check_url(url)
                except ValidationError:
                    self.add_error(
                        None,
                        _("The report address of %(source)s is not a valid http(s) address.")
                        % {"source": source.name},
                    )
                    continue
            sources.append((source, url))
        return sources

    def _clean_related(self) -> list[Article]:
        try:
            ids = list(dict.fromkeys(_ids(self._list("related"), _("a story"))))
        except ValidationError as error:
            self.add_error(None, error)
            return []
        if len(ids) > MAX_RELATED:
            self.add_error(None, _("At most %(n)d related stories.") % {"n": MAX_RELATED})
            return []
        if self.article is not None and self.article.pk in ids:
            self.add_error(None, _("A story cannot be related to itself."))
            return []
        found = Article.objects.in_bulk(ids)
        if len(found) != len(ids):
            self.add_error(None, _("One of the related stories no longer exists."))
        return [found[pk] for pk in ids if pk in found]

    def content(self) -> ArticleContent:
        data = self.cleaned_data
        comments_enabled = self.article.comments_enabled if self.article else True
        return ArticleContent(
            title=data["title"],
            lead=data["lead"],
            highlight=data.get("highlight", ""),
            body=data.get("body", ""),
            section=data["section"],
            slug=data.get("slug", ""),
            hero_image=data.get("hero_image"),
            tags=list(data.get("tags", [])),
            people=list(data.get("people", [])),
            authors=list(data.get("authors", [])),
            sources=data["sources"],
            related=data["related"],
            comment_mode=data.get("comment_mode", ""),
            # Left out of a submission (an older form): the story keeps its importance.
            importance=data.get("importance")
            or (self.article.importance if self.article else Importance.NORMAL),
            comments_enabled=comments_enabled,
        )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What to change"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ScheduleForm(forms.Form):
    when = forms.CharField(
        label=_("Publish at (Kyiv time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1}),
    )

    def clean_when(self) -> datetime:
        try:
            moment = parse_moment(self.cleaned_data["when"])
        except ValueError:
            moment = None
        if moment is None:
            raise ValidationError(_("Enter a date and time, e.g. 2026-11-28 20:14."))
        return moment


class UnpublishForm(forms.Form):
    replacement = forms.ModelChoiceField(
        label=_("Send readers to (optional)"),
        queryset=Article.objects.published(),
        required=False,
        widget=forms.TextInput(attrs={"data-autocomplete": "article", "inputmode": "numeric"}),
        help_text=_("A published story that replaces this one; empty: the address answers «gone»."),
    )
    note = forms.CharField(label=_("Why"), max_length=1000, required=False)


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Correction"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was wrong and what is right now, e.g. «У попередній версії…»."),
    )


class TermForm(forms.Form):
    kind = forms.ChoiceField(choices=[("tag", "tag"), ("person", "person"), ("source", "source")])
    name = forms.CharField(max_length=150)


State = workflow.State

#: The story lists: name, label, the workflow states they show (None: every story).
#: «Мої чернетки» also narrows to the person's own stories.
TABS = [
    ("mine", _("My drafts"), {State.DRAFT}),
    ("review", _("In review"), {State.REVIEW}),
    ("scheduled", pgettext_lazy("story list", "Scheduled"), {State.SCHEDULED}),
    ("published", pgettext_lazy("story list", "Published"), workflow.LIVE),
    ("unpublished", pgettext_lazy("story list", "Unpublished"), {State.UNPUBLISHED}),
    ("all", _("All"), None),
]


class StoryFilterForm(forms.Form):
    """The story list's filters; all optional."""

    q = forms.CharField(label=_("Title contains"), max_length=200, required=False)
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.all(), required=False, empty_label=_("all")
    )
    author = forms.ModelChoiceField(
        label=_("Author"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("all"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all")), *Article.Status.choices], required=False
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        author = cast(forms.ModelChoiceField, self.fields["author"])
        author.queryset = (
            get_user_model()
            .objects.filter(articles__isnull=False)
            .distinct()
            .only("id", "display_name")
            .order_by("display_name")
        )
        author.label_from_instance = lambda user: user.display_name  # type: ignore[assignment]

    def filter(self, articles: QuerySet[Article]) -> QuerySet[Article]:
        data = self.cleaned_data
        if data.get("q"):
            articles = articles.filter(title__icontains=data["q"])
        if data.get("section"):
            articles = articles.filter(section=data["section"])
        if data.get("author"):
            articles = articles.filter(authors=data["author"])
        if data.get("status"):
            articles = articles.filter(status=data["status"])
        # A story's date on the desk: when it went (or goes) out, else when it was written.
        if not (data.get("since") or data.get("until")):
            return articles
        dated = articles.annotate(desk_date=Coalesce("published_at", "created_at"))
        if data.get("since"):
            start = timezone.make_aware(datetime.combine(data["since"], time.min))
            dated = dated.filter(desk_date__gte=start)
        if data.get("until"):
            end = timezone.make_aware(datetime.combine(data["until"] + timedelta(days=1), time.min))
            dated = dated.filter(desk_date__lt=end)
        return dated
