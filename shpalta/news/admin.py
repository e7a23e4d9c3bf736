"""The back office for reference data (sections, tags, people, sources, photos); stories
are written and published in the desk, and only their content can be corrected here."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import construct_change_message
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shpalta.accounts.models import User
from shpalta.lib.storage import StorageFailed

from . import services, workflow
from .models import Article, ArticleSource, Image, Person, RelatedArticle, Section, Source, Tag
from .photos import image_queue_renditions, photo_check, photo_store
from .snapshots import CONTENT_FIELDS, article_snapshot, content_from_snapshot

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldsetSpec

# Editors paste addresses without a scheme ("nbcnews.com/…"): read them as https.
HTTPS_URLS: dict[type[models.Field], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name",)


@admin.register(Tag, Person, Source)
class NamedAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ("name", "slug")
    search_fields = ("name",)


class ImageAdminForm(forms.ModelForm):
    """The desk's checks for uploads, so the back office cannot store what the desk refuses.

    The photo is written once everything else is valid, so a disk that cannot take it
    re-shows the form with the reason (and ImageAdmin answers 503).
    """

    class Meta:
        model = Image
        fields = ("file", "alt", "caption", "credit", "focal_x", "focal_y")

    checked = None

    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            self.checked = photo_check(file=file)
            return self.checked.as_file()
        return file

    def clean_alt(self) -> str:
        alt = self.cleaned_data.get("alt", "").strip()
        if not alt:
            raise forms.ValidationError(
                _("Describe what the photo shows: alternative text is required.")
            )
        return alt

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # a Django internal, on purpose: after model validation
        if self.checked is None or self.errors:
            return
        try:
            self.instance.file = photo_store(checked=self.checked)
        except StorageFailed:
            self.add_error(None, forms.ValidationError(StorageFailed.message, code="storage"))

    def save(self, commit: bool = True) -> Image:
        if self.checked is not None:
            self.instance.width, self.instance.height = self.checked.width, self.checked.height
        return super().save(commit)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ("__str__", "credit", "width", "height", "created_at")
    search_fields = ("alt", "caption", "credit")
    readonly_fields = ("width", "height", "uploaded_by")

    def save_model(self, request: HttpRequest, obj: Image, form: Any, change: bool) -> None:
        if not change:
            obj.uploaded_by = cast(User, request.user)  # the admin lets only staff in
        try:
            super().save_model(request, obj, form, change)
        except BaseException:
            if form.checked is not None and obj.file.name:  # the photo the form just wrote
                obj.file.storage.delete(obj.file.name)
            raise
        moved = {"file", "focal_x", "focal_y"} & set(form.changed_data)
        if moved or not obj.renditions:
            image_queue_renditions(image=obj)

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> HttpResponse:
        response = super().render_change_form(request, context, *args, **kwargs)
        if context["adminform"].form.has_error(NON_FIELD_ERRORS, code="storage"):
            response.status_code = 503
        return response


class ArticleAdminForm(forms.ModelForm):
    """The story's content; its state is read-only here and changes only in the desk."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Article
        fields = (
            *CONTENT_FIELDS,
            *("section", "hero_image", "tags", "people", "authors"),
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["base_version"].initial = self.instance.version

    def clean_base_version(self) -> int:
        version = self.cleaned_data["base_version"]
        if version != self.instance.version:
            raise forms.ValidationError(
                _(
                    "Someone saved this story after you opened it; nothing was overwritten. "
                    "Reload the page."
                )
            )
        return version


class _FollowsTheStory(admin.options.InlineModelAdmin):
    """An inline editable exactly when the story is (news.workflow's edit step)."""

    def _story_editable(self, request: HttpRequest, obj: Article | None) -> bool:
        return obj is not None and workflow.step_allowed(
            workflow.EDIT,
            article=obj,
            user=cast(User, request.user),  # the admin lets only staff in
        )

    def has_add_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return self._story_editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return self._story_editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return self._story_editable(request, obj) and super().has_delete_permission(request, obj)


class ArticleSourceInline(_FollowsTheStory, admin.TabularInline):
    model = ArticleSource
    formfield_overrides = HTTPS_URLS
    extra = 1
    autocomplete_fields = ("source",)


class RelatedArticleInline(_FollowsTheStory, admin.TabularInline):
    model = RelatedArticle
    fk_name = "article"
    extra = 1
    autocomplete_fields = ("related",)


def _inline_rows(formset: BaseFormSet) -> list[dict]:
    rows = [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    return sorted(rows, key=lambda row: row.get("position") or 0)


#: What only the desk's workflow steps change (news.workflow).
STATE_FIELDS = ("status", "published_at", "updated_at", "unpublished_at", "replaced_by")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """Stories are written and published in the desk. Here staff may correct a story's
    content, saved through news.services like any edit (a revision, the audit log, one
    purge); its state is read-only and nothing is added or deleted here."""

    form = ArticleAdminForm
    list_display = ("title", "status", "section", "published_at", "is_demo")
    list_filter = ("status", "section", "is_demo")
    search_fields = ("title",)
    date_hierarchy = "published_at"
    autocomplete_fields = ("tags", "people", "authors", "hero_image", "section")
    inlines = (ArticleSourceInline, RelatedArticleInline)
    readonly_fields: ClassVar[tuple[str, ...]] = (
        "in_the_desk",
        *STATE_FIELDS,
        "is_demo",
        "version",
        "comment_count",
        "created_at",
        "changed_at",
    )
    fieldsets: ClassVar["_FieldsetSpec"] = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "lead",
                    "highlight",
                    "body",
                    "hero_image",
                    "base_version",
                )
            },
        ),
        (_("Classification"), {"fields": ("section", "tags", "people", "authors")}),
        (
            _("Publishing"),
            {
                "fields": (
                    "in_the_desk",
                    *STATE_FIELDS,
                    "comments_enabled",
                    "comment_mode",
                    "is_demo",
                )
            },
        ),
        (_("Record"), {"fields": ("version", "comment_count", "created_at", "changed_at")}),
    )

    @admin.display(description=_("workflow"))
    def in_the_desk(self, article: Article) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("desk:article-edit", args=[article.pk]),
            _("Publish, schedule, return or unpublish it in the desk"),
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        return workflow.step_allowed(workflow.EDIT, article=obj, user=cast(User, request.user))

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        """Nothing yet: save_related stores the story with its lists through the service."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        content = content_from_snapshot(article_snapshot(form.instance))
        for name, value in form.cleaned_data.items():
            if hasattr(content, name):
                setattr(
                    content, name, list(value) if name in ("tags", "people", "authors") else value
                )
        for formset in formsets:
            rows = _inline_rows(formset)
            if formset.model is ArticleSource:
                content.sources = [(row["source"], row.get("url") or "") for row in rows]
            elif formset.model is RelatedArticle:
                content.related = [row["related"] for row in rows]
        try:
            services.article_update(
                article=form.instance,
                content=content,
                user=cast(User, request.user),  # the admin lets only staff in
                base_version=form.cleaned_data["base_version"],
            )
        except services.WorkflowError as refusal:
            transaction.set_rollback(True)
            self.message_user(request, refusal.message, messages.ERROR)
            request.story_refused = True  # type: ignore[attr-defined]  # read by response_change

    def construct_change_message(
        self,
        request: HttpRequest,
        form: forms.Form,
        formsets: Iterable[BaseFormSet[Any]],
        add: bool = False,
    ) -> list[dict[str, dict[str, list[str]]]]:
        # The inlines were not saved as formsets (the service stored the lists).
        return construct_change_message(form, [], add)

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        if getattr(request, "story_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)
