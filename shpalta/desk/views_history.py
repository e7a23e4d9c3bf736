"""The desk's history, restore, preview and audit pages."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from shpalta.lib.http import SignedInRequest
from shpalta.lib.paging import pager_params, paginate
from shpalta.news import services, workflow
from shpalta.news.models import Article, Revision

from . import audit as audit_log
from .access import desk_view
from .history import article_history as history_of
from .history import snapshot_changes
from .previews import article_for_preview, article_from_revision


def editor_url(pk: int) -> str:
    """The story's editor; its history until the editor is part of the desk."""
    try:
        return reverse("desk:article-edit", args=[pk])
    except NoReverseMatch:
        return reverse("desk:article-history", args=[pk])


class CompareForm(forms.Form):
    a = forms.IntegerField(min_value=1)
    b = forms.IntegerField(min_value=1)

    def __init__(self, *args: Any, revisions: dict[int, Revision], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.revisions = revisions

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if (
            self.errors
            or data.get("a") not in self.revisions
            or data.get("b") not in self.revisions
        ):
            raise forms.ValidationError(_("Choose two versions of this story to compare."))
        return data


class RestoreForm(forms.Form):
    base_version = forms.IntegerField(
        min_value=1, error_messages={"required": gettext_lazy("The page is out of date.")}
    )


def _story(pk: int) -> Article:
    return get_object_or_404(
        Article.objects.only("id", "title", "slug", "status", "version", "published_at"), pk=pk
    )


@desk_view("news.view_article")
@require_safe
def article_history(request: SignedInRequest, pk: int) -> HttpResponse:
    article = _story(pk)
    entries, revisions, refs = history_of(article)
    by_id = {revision.pk: revision for revision in revisions}
    compare_form, compare, status = None, None, 200
    if "a" in request.GET or "b" in request.GET:
        compare_form = CompareForm(request.GET, revisions=by_id)
        if compare_form.is_valid():
            older, newer = (
                by_id[compare_form.cleaned_data["a"]],
                by_id[compare_form.cleaned_data["b"]],
            )
            compare = {
                "a": older,
                "b": newer,
                "changes": snapshot_changes(older.snapshot, newer.snapshot, refs),
            }
        else:
            status = 400
    context = {
        "article": article,
        "entries": entries,
        "compare_form": compare_form,
        "compare": compare,
        "can_edit": workflow.step_allowed(workflow.EDIT, article=article, user=request.user),
        "editor_url": editor_url(article.pk),
    }
    return render(request, "desk/article_history.html", context, status=status)


@desk_view("news.change_article")
@require_POST
def revision_restore(request: SignedInRequest, pk: int, rev_id: int) -> HttpResponse:
    revision = get_object_or_404(
        Revision.objects.select_related("article"), pk=rev_id, article_id=pk
    )
    article = revision.article
    if not workflow.step_allowed(workflow.EDIT, article=article, user=request.user):
        raise PermissionDenied
    form = RestoreForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, article, _("The page is out of date. Reload it and try again."), 400
        )
    base_version = form.cleaned_data["base_version"]
    try:
        restored = services.revision_restore(
            revision=revision, user=request.user, base_version=base_version
        )
    except services.EditConflict as error:
        return _refused(request, article, error.message, 409, conflict=True)
    except services.WorkflowError as error:
        return _refused(request, article, error.message, error.status)
    if restored.version == base_version:
        messages.info(request, _("That version is the current one; nothing changed."))
    else:
        messages.success(
            request,
            _("Version %(old)s was restored: it is now version %(new)s.")
            % {"old": revision.version, "new": restored.version},
        )
    return redirect("desk:article-history", pk=article.pk)


def _refused(
    request: SignedInRequest, article: Article, message: str, status: int, *, conflict: bool = False
) -> HttpResponse:
    context = {
        "article": article,
        "message": message,
        "conflict": conflict,
        "editor_url": editor_url(article.pk),
    }
    return render(request, "desk/revision_refused.html", context, status=status)


def _preview(request: SignedInRequest, article: Article, revision: Revision | None) -> HttpResponse:
    context: dict[str, object] = {
        "article": article,
        "revision": revision,
        "json_ld": {},
        "canonical_url": "",
        "editor_url": editor_url(article.pk),
    }
    response = render(request, "desk/article_preview.html", context)
    # Never indexed, and (through desk_view) never stored: no Surrogate-Key, no page cache.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@desk_view("news.view_article")
@require_safe
def article_preview(request: SignedInRequest, pk: int) -> HttpResponse:
    article = article_for_preview().filter(pk=pk).first()
    if article is None:
        raise Http404("No such article")
    return _preview(request, article, None)


@desk_view("news.view_article")
@require_safe
def revision_preview(request: SignedInRequest, pk: int, rev_id: int) -> HttpResponse:
    revision = get_object_or_404(
        Revision.objects.select_related("article", "created_by"), pk=rev_id, article_id=pk
    )
    return _preview(request, article_from_revision(revision), revision)


@desk_view()
@require_safe
def audit(request: SignedInRequest) -> HttpResponse:
    kinds = audit_log.audit_kinds(request.user)
    if not kinds:
        raise PermissionDenied
    form = audit_log.AuditFilterForm(
        request.GET or None, kinds=kinds, people=audit_log.staff_choices()
    )
    if form.is_bound and not form.is_valid():
        context = {"form": form, "entries": [], "page": None}
        return render(request, "desk/audit.html", context, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    rows = audit_log.audit_rows(kinds=kinds, filters=filters)
    page = paginate(request, rows, audit_log.PER_PAGE)
    entries = audit_log.audit_entries(page.object_list)
    for entry in entries:
        if entry.action and entry.action.article_id:
            entry.editor_url = editor_url(entry.action.article_id)
    context = {"form": form, "entries": entries, "page": page, "params": pager_params(request)}
    return render(request, "desk/audit.html", context)
