"""A minimal back office: enough for staff to write and publish a story today."""

from typing import Any, ClassVar, cast

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from shpalta.accounts.models import User
from shpalta.lib.storage import StorageFailed

from .models import Article, ArticleSource, Image, Person, RelatedArticle, Section, Source, Tag
from .photos import image_queue_renditions, photo_check, photo_store

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
        super()._post_clean()
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
            if form.checked is not None:  # the photo the form just wrote
                obj.file.storage.delete(obj.file.name)
            raise
        moved = {"file", "focal_x", "focal_y"} & set(form.changed_data)
        if moved or not obj.renditions:
            image_queue_renditions(image=obj)

    def render_change_form(self, request, context, *args, **kwargs):
        response = super().render_change_form(request, context, *args, **kwargs)
        if context["adminform"].form.has_error(NON_FIELD_ERRORS, code="storage"):
            response.status_code = 503
        return response


class ArticleSourceInline(admin.TabularInline):
    model = ArticleSource
    formfield_overrides = HTTPS_URLS
    extra = 1
    autocomplete_fields = ("source",)


class RelatedArticleInline(admin.TabularInline):
    model = RelatedArticle
    fk_name = "article"
    extra = 1
    autocomplete_fields = ("related",)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "section", "published_at", "is_demo")
    list_filter = ("status", "section", "is_demo")
    search_fields = ("title",)
    date_hierarchy = "published_at"
    autocomplete_fields = ("tags", "people", "authors", "hero_image", "section")
    inlines = (ArticleSourceInline, RelatedArticleInline)
    readonly_fields: ClassVar[tuple[str, ...]] = ("comment_count", "created_at", "changed_at")
    fieldsets: ClassVar[Any] = (
        (None, {"fields": ("title", "slug", "lead", "highlight", "body", "hero_image")}),
        (_("Classification"), {"fields": ("section", "tags", "people", "authors")}),
        (
            _("Publishing"),
            {
                "fields": (
                    "status",
                    "published_at",
                    "updated_at",
                    "comments_enabled",
                    "comment_mode",
                    "is_demo",
                )
            },
        ),
        (_("Record"), {"fields": ("comment_count", "created_at", "changed_at")}),
    )
