"""The article form offers the people a story names but does not link yet (never links them)."""

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from shpalta.news.admin import ArticleAdmin
from shpalta.news.models import Article

from .services import article_suggest_people

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldsetSpec


class ArticleWithSuggestionsAdmin(ArticleAdmin):
    readonly_fields = (*ArticleAdmin.readonly_fields, "suggested_people")
    fieldsets: ClassVar["_FieldsetSpec"] = tuple(
        (name, {**options, "fields": (*options["fields"], "suggested_people")})
        if options["fields"][0] == "section"
        else (name, options)
        for name, options in ArticleAdmin.fieldsets
    )

    @admin.display(description=_("people mentioned but not linked"))
    def suggested_people(self, article: Article) -> str | Promise:
        if not article.pk:
            return _("Save the article to see the people it mentions.")
        people = article_suggest_people(article=article)
        if not people:
            return _("None: every person the text names is linked, or it names nobody we know.")
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((person.get_absolute_url(), person.name) for person in people),
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        people = article_suggest_people(article=form.instance)
        if people:
            names = ", ".join(person.name for person in people)
            self.message_user(
                request,
                _(
                    "The story mentions people who are not linked to it: %(names)s. "
                    "Add them under «People» if it is about them."
                )
                % {"names": names},
                messages.INFO,
            )


admin.site.unregister(Article)
admin.site.register(Article, ArticleWithSuggestionsAdmin)
