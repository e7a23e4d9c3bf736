"""A minimal back office: enough for staff to write and publish a story today."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .images import image_make_renditions
from .models import Article, ArticleSource, Image, Person, RelatedArticle, Section, Source, Tag

# Editors paste addresses without a scheme ("nbcnews.com/…"): read them as https.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


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


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("__str__", "credit", "width", "height", "created_at")
    search_fields = ("alt", "caption", "credit")
    readonly_fields = ("width", "height")

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data or not obj.renditions:
            image_make_renditions(image=obj)


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
    readonly_fields = ("comment_count", "created_at", "changed_at")
    fieldsets = (
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
