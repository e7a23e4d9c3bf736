"""The story desk: story lists, the editor, autosave, autocomplete and the workflow steps.

Views parse with forms, change through shpalta.news.services and render; every refusal
of a service (WorkflowError) reaches the editor as a Ukrainian sentence with its status.
"""

import json
from collections.abc import Callable
from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shpalta.accounts.models import User
from shpalta.comments.selectors import comments_held_counts
from shpalta.lib.http import SignedInRequest
from shpalta.lib.paging import pager_params, paginate
from shpalta.lib.text import icontains_any_case
from shpalta.news import services, workflow
from shpalta.news.images import media_url
from shpalta.news.models import (
    Article,
    ArticleSource,
    Image,
    Revision,
    Section,
)
from shpalta.news.photos import image_search, image_thumbnail_url
from shpalta.news.services import EditConflict, WorkflowError
from shpalta.news.snapshots import PARTS, ArticleSnapshot, part_label, snapshot_refs
from shpalta.search.selectors import article_suggest_earlier

from .access import desk_view
from .forms import (
    TABS,
    ArticleForm,
    CorrectionForm,
    ReturnForm,
    ScheduleForm,
    StoryFilterForm,
    TermForm,
    UnpublishForm,
    source_choices,
)

Status = Article.Status
PER_PAGE = 30
AUTOCOMPLETE_LIMIT = 10
EDIT_PERM = workflow.CHANGE_PERM

# --- the story lists -------------------------------------------------------------------


def _tab_filters(user: User) -> dict[str, Q]:
    now = timezone.now()
    mine = Article.authors.through.objects.filter(user=user).values("article_id")
    filters = {
        name: workflow.state_filter(states, now) if states else Q() for name, _label, states in TABS
    }
    filters["mine"] &= Q(pk__in=mine)
    return filters


@desk_view()
def dashboard(request: SignedInRequest) -> HttpResponse:
    """The story lists: tabs with counters, filters, title search, 30 stories a page."""
    if not request.user.has_perm("news.view_article"):
        # Moderators work on comments: send them to their queue when the desk has one.
        return redirect(reverse("desk:comments"))
    filters = _tab_filters(request.user)
    default_tab = "review" if request.user.has_perm(workflow.PUBLISH_PERM) else "mine"
    tab = request.GET.get("tab", default_tab)
    if tab not in filters:
        tab = default_tab
    counts = Article.objects.aggregate(
        **{name: Count("pk", filter=q) if q else Count("pk") for name, q in filters.items()}
    )
    form = StoryFilterForm(request.GET or None)
    status = 200
    articles: QuerySet[Article] = Article.objects.filter(filters[tab])
    if form.is_bound:
        if form.is_valid():
            articles = form.filter(articles)
        else:
            status = 400
    articles = (
        articles.select_related("section")
        .prefetch_related(
            Prefetch("authors", queryset=get_user_model().objects.only("id", "display_name"))
        )
        .order_by("-changed_at", "-id")
    )
    page = paginate(request, articles, PER_PAGE)
    held = comments_held_counts()
    for article in page.object_list:
        article.held_comments = held.by_article.get(article.pk, 0)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("tab", None)
    tabs = [
        {"name": name, "label": label, "count": counts[name], "current": name == tab}
        for name, label, _states in TABS
    ]
    context = {
        "tabs": tabs,
        "tab": tab,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "params": pager_params(request),
        "held_comments": held.total,
        "now": timezone.now(),
    }
    return render(request, "desk/dashboard.html", context, status=status)


# --- the editor ----------------------------------------------------------------------


def _article_for_edit(pk: int) -> Article:
    queryset = Article.objects.select_related(
        "section", "hero_image", "replaced_by"
    ).prefetch_related(
        "tags",
        "people",
        Prefetch("authors", queryset=get_user_model().objects.only("id", "display_name")),
        Prefetch("source_links", queryset=ArticleSource.objects.select_related("source")),
    )
    return get_object_or_404(queryset, pk=pk)


def _may(article: Article | None, user: User) -> dict[str, bool]:
    """The buttons this person sees: the steps news.workflow allows them now."""
    may = workflow.steps_for(article, user)
    if article is None:
        return {"edit": may["create"]}
    may["live"] = workflow.article_state(article) in workflow.LIVE
    return may


def _related_articles(ids: list[int]) -> list[Article]:
    found = Article.objects.only("id", "title", "slug", "status", "published_at").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _latest_autosave(article: Article, user: User) -> Revision | None:
    """This person's autosave of the story, if it is newer than the stored story."""
    autosave = (
        Revision.objects.filter(article=article, created_by=user, is_autosave=True)
        .order_by("-created_at")
        .first()
    )
    if autosave and autosave.created_at > article.changed_at:
        return autosave
    return None


def _editor(
    request: SignedInRequest,
    *,
    article: Article | None,
    form: ArticleForm,
    status: int = 200,
    error: str = "",
    conflict: list[dict] | None = None,
    autosave: Revision | None = None,
    forms_: dict | None = None,
) -> HttpResponse:
    may = _may(article, request.user)
    if not may["edit"]:
        for field in form.fields.values():
            field.disabled = True
    forms_ = forms_ or {}
    context = {
        "article": article,
        "form": form,
        "may": may,
        "error": error,
        "conflict": conflict,
        "autosave": autosave,
        "source_rows": form.source_rows(),
        "sources": source_choices([source_id for source_id, _url in form.source_rows()]),
        "related": _related_articles(form.related_ids()),
        "hero": _hero(form),
        "return_form": forms_.get("return") or ReturnForm(),
        "schedule_form": forms_.get("schedule") or ScheduleForm(),
        "unpublish_form": forms_.get("unpublish") or UnpublishForm(),
        "correction_form": forms_.get("correct") or CorrectionForm(),
        "preview_url": reverse("desk:article-preview", args=[article.pk]) if article else "",
        "history_url": reverse("desk:article-history", args=[article.pk]) if article else "",
        "site_url": settings.SITE_URL or request.build_absolute_uri("/").rstrip("/"),
        "js_strings": _js_strings(),
        "now": timezone.now(),
    }
    return render(request, "desk/article_form.html", context, status=status)


def _js_strings() -> dict[str, str]:
    """The words desk-editor.js shows, translated here (the script has no catalogue)."""
    return {
        "titlePlaceholder": _("Title of the story"),
        "leadPlaceholder": _("The lead is shown here."),
        "saveFirst": _("Save your changes first, then take this step."),
        "failed": _("Something went wrong; try again."),
        "nothingFound": _("Nothing found."),
        "typeToSearch": _("Type to search…"),
        "searchIn": _("%(name)s: search"),
        "removeItem": _("Remove %(name)s"),
        "clear": _("Clear"),
        "moveUp": _("Move up"),
        "moveDown": _("Move down"),
        "remove": _("Remove"),
        "insert": _("Insert"),
        "searching": _("Searching…"),
        # The paragraph «Нагадаємо, <a>…</a>.» that reminds readers of an earlier story.
        "remindPrefix": _("As a reminder,"),
        "autosavedAt": _("Autosaved at %(time)s"),
    }


def _hero(form: ArticleForm) -> Image | None:
    value = form["hero_image"].value()
    if value in (None, "") or not str(value).isdigit():
        return None
    return Image.objects.filter(pk=int(value)).first()


@desk_view("news.add_article")
def article_new(request: SignedInRequest) -> HttpResponse:
    """A new story; saving creates a draft with its first revision."""
    if request.method != "POST":
        return _editor(request, article=None, form=ArticleForm())
    form = ArticleForm(request.POST)
    if not form.is_valid():
        return _editor(request, article=None, form=form, status=400)
    try:
        article = services.article_create(content=form.content(), user=request.user)
    except WorkflowError as refusal:
        return _editor(
            request, article=None, form=form, status=refusal.status, error=refusal.message
        )
    messages.success(request, _("The draft is saved."))
    return redirect("desk:article-edit", article.pk)


@desk_view("news.view_article")
def article_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    """The editor: save as a new revision, or show both versions when someone saved first."""
    article = _article_for_edit(pk)
    if request.method != "POST":
        autosave = _latest_autosave(article, request.user)
        wanted = request.GET.get("autosave")
        if autosave is not None and wanted == str(autosave.pk):
            initial = ArticleForm.initial_from_snapshot(autosave.snapshot, autosave.version)
            messages.info(request, _("The autosaved version is loaded; save it to keep it."))
            return _editor(
                request, article=article, form=ArticleForm(initial=initial, article=article)
            )
        form = ArticleForm(initial=ArticleForm.initial_for(article), article=article)
        return _editor(request, article=article, form=form, autosave=autosave)
    if not request.user.has_perm(EDIT_PERM):
        raise PermissionDenied
    form = ArticleForm(request.POST, article=article)
    if not form.is_valid():
        return _editor(request, article=article, form=form, status=400)
    base_version = form.cleaned_data.get("base_version") or article.version
    try:
        services.article_update(
            article=article,
            content=form.content(),
            user=request.user,
            base_version=base_version,
            mark_updated=bool(form.cleaned_data.get("mark_updated")),
        )
    except EditConflict as conflict:
        # Keep what this editor wrote, now based on the version that was saved meanwhile:
        # saving again keeps theirs; reloading the page takes the other one.
        data = request.POST.copy()
        data["base_version"] = str(conflict.current_version)
        form = ArticleForm(data, article=article)
        form.is_valid()
        return _editor(
            request,
            article=article,
            form=form,
            status=409,
            error=conflict.message,
            conflict=_conflict_rows(conflict.current, conflict.submitted),
        )
    except WorkflowError as refusal:
        return _editor(
            request, article=article, form=form, status=refusal.status, error=refusal.message
        )
    messages.success(request, _("Saved."))
    return redirect("desk:article-edit", article.pk)


def _conflict_rows(current: ArticleSnapshot, submitted: ArticleSnapshot) -> list[dict]:
    """Both versions part by part, readable, with the parts that differ marked."""
    refs = snapshot_refs([current, submitted])
    theirs, mine = refs.readable(current), refs.readable(submitted)
    rows = []
    for part in PARTS:
        old, new = (v if isinstance(v, str) else ", ".join(v) for v in (theirs[part], mine[part]))
        rows.append(
            {
                "name": part,
                "label": part_label(part),
                "theirs": old,
                "mine": new,
                "differs": old != new,
                "html": part == "body",
            }
        )
    return rows


# --- autosave ----------------------------------------------------------------------


def _json_error(message: str, status: int, errors: dict | None = None) -> JsonResponse:
    return JsonResponse({"message": message, "errors": errors or {}}, status=status)


def _form_errors(form: ArticleForm) -> dict:
    return {field: [str(m) for m in messages_] for field, messages_ in form.errors.items()}


def _time(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


@desk_view("news.add_article")
@require_POST
def article_autosave(request: SignedInRequest, pk: int | None = None) -> JsonResponse:
    """Keep unsaved work: the first autosave of a new story creates its draft."""
    article = _article_for_edit(pk) if pk else None
    form = ArticleForm(request.POST, article=article)
    if not form.is_valid():
        return _json_error(_("Not autosaved: fix the marked fields."), 400, _form_errors(form))
    try:
        if article is None:
            article = services.article_create(content=form.content(), user=request.user)
            return JsonResponse(
                {
                    "created": True,
                    "id": article.pk,
                    "version": article.version,
                    "edit_url": reverse("desk:article-edit", args=[article.pk]),
                    "autosave_url": reverse("desk:article-autosave", args=[article.pk]),
                    "saved_at": _time(article.created_at),
                },
                status=201,
            )
        revision = services.article_autosave(
            article=article, content=form.content(), user=request.user
        )
    except WorkflowError as refusal:
        return _json_error(refusal.message, refusal.status)
    return JsonResponse(
        {"created": False, "id": article.pk, "saved_at": _time(revision.created_at)}
    )


# --- workflow steps: each its own POST ------------------------------------------------


def _step(
    request: SignedInRequest,
    pk: int,
    form_class: type[forms.Form] | None,
    name: str,
    run: Callable[[Article, dict], object],
    success: str,
) -> HttpResponse:
    article = _article_for_edit(pk)
    form = form_class(request.POST) if form_class else None
    editor_form = ArticleForm(initial=ArticleForm.initial_for(article), article=article)
    if form is not None and not form.is_valid():
        message = " ".join(str(m) for ms in form.errors.values() for m in ms)
        return _editor(
            request,
            article=article,
            form=editor_form,
            status=400,
            error=message,
            forms_={name: form},
        )
    try:
        run(article, form.cleaned_data if form else {})
    except WorkflowError as refusal:
        return _editor(
            request,
            article=article,
            form=editor_form,
            status=refusal.status,
            error=refusal.message,
            forms_={name: form} if form else None,
        )
    messages.success(request, success)
    return redirect("desk:article-edit", pk)


@desk_view(EDIT_PERM)
@require_POST
def article_submit(request: SignedInRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, None, "submit",
        lambda a, d: services.article_submit(article=a, user=request.user),
        _("Sent to the editors for review."),
    )  # fmt: skip


@desk_view(EDIT_PERM)
@require_POST
def article_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, None, "publish",
        lambda a, d: services.article_publish(article=a, user=request.user),
        _("Published."),
    )  # fmt: skip


@desk_view(EDIT_PERM)
@require_POST
def article_schedule(request: SignedInRequest, pk: int) -> HttpResponse:
    def run(article: Article, data: dict) -> None:
        services.article_schedule(article=article, user=request.user, when=data["when"])

    return _step(request, pk, ScheduleForm, "schedule", run, _("Scheduled."))


@desk_view(EDIT_PERM)
@require_POST
def article_return(request: SignedInRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, ReturnForm, "return",
        lambda a, d: services.article_return(article=a, user=request.user, note=d["note"]),
        _("Returned to the author."),
    )  # fmt: skip


@desk_view(EDIT_PERM)
@require_POST
def article_unpublish(request: SignedInRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, UnpublishForm, "unpublish",
        lambda a, d: services.article_unpublish(
            article=a, user=request.user, replacement=d["replacement"], note=d["note"]
        ),
        _("Unpublished."),
    )  # fmt: skip


@desk_view(EDIT_PERM)
@require_POST
def article_correct(request: SignedInRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, CorrectionForm, "correct",
        lambda a, d: services.correction_add(article=a, user=request.user, text=d["text"]),
        _("The correction is published."),
    )  # fmt: skip


# --- autocomplete, inline creation and «Нагадаємо» -----------------------------------------


def _safe_json(data: object, status: int = 200) -> HttpResponse:
    """JSON with <, > and & escaped, so no string in it can ever be read as markup."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return HttpResponse(text, content_type="application/json", status=status)


def _article_item(article: Article) -> dict:
    when = article.published_at
    return {
        "id": article.pk,
        "label": article.title,
        "detail": timezone.localtime(when).strftime("%d.%m.%Y") if when else "",
        "url": article.get_absolute_url(),
    }


def _image_src(image: Image) -> str:
    """The body copy of a photo: the 960 px JPEG if there is one, else the original."""
    for rendition in image.renditions or []:
        if rendition.get("width") == 960:
            return media_url(rendition["jpeg"])
    if image.renditions:
        return media_url(image.renditions[-1]["jpeg"])
    return image.file.url


def _image_item(image: Image) -> dict:
    return {
        "id": image.pk,
        "label": image.alt,
        "detail": image.caption,
        "thumb": image_thumbnail_url(image),
        "src": _image_src(image),
        "alt": image.alt,
    }


@desk_view("news.view_article")
@require_GET
def autocomplete(request: SignedInRequest) -> HttpResponse:
    """Staff-only JSON search: ?kind=section|tag|person|source|article|image&q=…"""
    kind = request.GET.get("kind", "")
    q = " ".join(request.GET.get("q", "").split())[:100]
    items: list[dict] = []
    create = None
    if kind in ("section", "tag", "person", "source"):
        model = Section if kind == "section" else services.TERM_MODELS[kind]
        manager = model._default_manager
        named = manager.filter(icontains_any_case("name", q)) if q else manager.all()
        rows = list(named.only("id", "name").order_by("name")[:AUTOCOMPLETE_LIMIT])
        items = [{"id": row.pk, "label": row.name} for row in rows]
        exact = any(row.name.lower() == q.lower() for row in rows)
        if q and kind != "section" and not exact and request.user.has_perm(f"news.add_{kind}"):
            label = {
                "tag": _("Create tag “%(name)s”"),
                "person": _("Create person “%(name)s”"),
                "source": _("Create source “%(name)s”"),
            }[kind]
            create = {"name": q, "label": label % {"name": q}}
    elif kind == "article":
        stories = Article.objects.published()
        if q:
            stories = stories.filter(
                icontains_any_case("title", q)
                | (Q(pk=int(q)) if q.isdigit() and len(q) < 10 else Q(pk__in=[]))
            )
        exclude = request.GET.get("exclude", "")
        if exclude.isdigit():
            stories = stories.exclude(pk=int(exclude))
        stories = stories.only("id", "title", "slug", "published_at").order_by("-published_at")
        items = [_article_item(a) for a in stories[:AUTOCOMPLETE_LIMIT]]
    elif kind == "image":
        items = [_image_item(i) for i in image_search(query=q)[:AUTOCOMPLETE_LIMIT]]
    else:
        return _safe_json({"message": _("Unknown kind of item."), "results": []}, status=400)
    return _safe_json({"results": items, "create": create})


@desk_view("news.view_article")
@require_POST
def term_create(request: SignedInRequest) -> HttpResponse:
    """Create a tag, person or source named while writing (JSON for the editor's script)."""
    form = TermForm(request.POST)
    if not form.is_valid():
        return _safe_json({"message": _("Write a name.")}, status=400)
    try:
        item = services.term_get_or_create(
            kind=form.cleaned_data["kind"], name=form.cleaned_data["name"], user=request.user
        )
    except WorkflowError as refusal:
        return _safe_json({"message": refusal.message}, status=refusal.status)
    return _safe_json({"id": item.pk, "label": item.name}, status=201)


def _int_list(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 12]


@desk_view("news.view_article")
@require_GET
def article_suggest(request: SignedInRequest) -> HttpResponse:
    """«Нагадаємо»: earlier published stories sharing people, tags or words with this one."""
    pk = request.GET.get("article", "")
    article = Article.objects.filter(pk=int(pk)).first() if pk.isdigit() and len(pk) < 12 else None
    before = article.published_at if article and article.published_at else None
    found = article_suggest_earlier(
        title=request.GET.get("title", "")[:300],
        lead=request.GET.get("lead", "")[:700],
        tag_ids=_int_list(request.GET.getlist("tags")),
        person_ids=_int_list(request.GET.getlist("people")),
        exclude_id=article.pk if article else None,
        before=before,
    )
    return _safe_json({"results": [_article_item(a) for a in found]})
