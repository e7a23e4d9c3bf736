"""Live blogs in the desk: start and end one, post entries from a quick form, edit,
delete and pin them. The rules are shpalta.live.services; these views only call them."""

from django.contrib import messages
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shpalta.lib.http import SignedInRequest
from shpalta.lib.paging import bounded_int, paginate
from shpalta.live import selectors, services
from shpalta.live.models import Entry
from shpalta.news.models import Article

from .access import desk_view
from .forms_live import EntryForm

LIST_SIZE = 30


def _article(pk: int) -> Article:
    return get_object_or_404(Article, pk=pk)


def _entry(pk: int, entry_id: int) -> Entry:
    return get_object_or_404(
        Entry.objects.select_related("article", "image"), pk=entry_id, article_id=pk
    )


def _desk_url(article: Article) -> str:
    return reverse("desk:live", args=[article.pk])


def _render(
    request: SignedInRequest, article: Article, form: EntryForm, status: int = 200
) -> HttpResponse:
    raw = request.GET.get("before")
    before = bounded_int(raw, max_digits=12) if raw is not None else None
    if raw is not None and before is None:
        raise Http404("Bad cursor")
    context = {
        "article": article,
        "form": form,
        "live": selectors.live_page(article, before=before) if article.is_live_blog else None,
        "may_run": request.user.has_perm(services.RUN_PERMISSION),
    }
    return render(request, "desk/live.html", context, status=status)


@desk_view("news.view_article")
def live_list(request: SignedInRequest) -> HttpResponse:
    """Every live blog, running ones first."""
    # NULL (running) sorts last ascending on SQLite and first on PostgreSQL: say it.
    blogs = Article.objects.filter(live_since__isnull=False).order_by(
        F("live_ended_at").desc(nulls_first=True), "-live_since"
    )
    page = paginate(
        request, blogs.only("id", "title", "status", "live_since", "live_ended_at"), LIST_SIZE
    )
    return render(request, "desk/live_list.html", {"page": page})


@desk_view("news.change_article")
def live_desk(request: SignedInRequest, pk: int) -> HttpResponse:
    """The blog's desk: the quick form on top, its entries below. POST posts an entry."""
    article = _article(pk)
    if request.method != "POST":
        return _render(request, article, EntryForm())
    form = EntryForm(request.POST)
    if not form.is_valid():
        return _render(request, article, form, status=400)
    try:
        services.live_entry_post(article=article, author=request.user, **form.entry())
    except services.LiveError as error:
        form.add_error(None, str(error))
        return _render(request, article, form, status=400)
    messages.success(request, _("The update is published."))
    return redirect(_desk_url(article))


@require_POST
@desk_view("news.publish_article")
def live_start(request: SignedInRequest, pk: int) -> HttpResponse:
    article = _article(pk)
    services.liveblog_start(article=article, user=request.user)
    messages.success(request, _("The story is a live blog now."))
    return redirect(_desk_url(article))


@require_POST
@desk_view("news.publish_article")
def live_end(request: SignedInRequest, pk: int) -> HttpResponse:
    article = _article(pk)
    try:
        services.liveblog_end(article=article, user=request.user)
    except services.LiveError as error:
        messages.error(request, str(error))
        return redirect(_desk_url(article))
    messages.success(request, _("The live blog has ended."))
    return redirect(_desk_url(article))


@desk_view("news.change_article")
def live_entry_edit(request: SignedInRequest, pk: int, entry_id: int) -> HttpResponse:
    entry = _entry(pk, entry_id)
    initial = {
        name: getattr(entry, name) for name in ("title", "body", "quote", "quote_source", "is_key")
    }
    initial["image"] = entry.image_id
    form = EntryForm(request.POST or None, initial=initial, current=entry.image)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.live_entry_edit(entry=entry, user=request.user, **form.entry())
            except services.LiveError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The update is saved."))
                return redirect(f"{_desk_url(entry.article)}#entry-{entry.pk}")
        status = 400
    context = {"article": entry.article, "entry": entry, "form": form}
    return render(request, "desk/live_entry.html", context, status=status)


@require_POST
@desk_view("news.change_article")
def live_entry_key(request: SignedInRequest, pk: int, entry_id: int) -> HttpResponse:
    entry = _entry(pk, entry_id)
    services.live_entry_mark_key(entry=entry, user=request.user, is_key=not entry.is_key)
    return redirect(f"{_desk_url(entry.article)}#entry-{entry.pk}")


@require_POST
@desk_view("news.change_article")
def live_entry_delete(request: SignedInRequest, pk: int, entry_id: int) -> HttpResponse:
    entry = _entry(pk, entry_id)
    article = entry.article
    services.live_entry_delete(entry=entry, user=request.user)
    messages.success(request, _("The update is deleted."))
    return redirect(_desk_url(article))
