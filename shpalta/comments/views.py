"""Comment endpoints: public pages of a thread, the reader's own state, reader actions and
the no-JavaScript comments page. Moderation lives in the desk (shpalta/desk)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from shpalta.accounts.services import user_can_comment
from shpalta.lib.http import private
from shpalta.lib.paging import bounded_int
from shpalta.news.caching import public_page
from shpalta.news.models import Article, CommentMode

from . import notifications, selectors, services
from .forms import CommentForm, ReportForm
from .models import MAX_BODY, Comment, Report

#: The largest reader request read at all: a comment of MAX_BODY Cyrillic letters,
#: percent-encoded, is about 18 KB.
MAX_REQUEST_BYTES = 64 * 1024

ARTICLE_FIELDS = (
    "id",
    "slug",
    "title",
    "status",
    "published_at",
    "comments_enabled",
    "comment_mode",
    "comment_count",
)


def _article(pk: int) -> Article:
    return get_object_or_404(Article.objects.published().only(*ARTICLE_FIELDS), pk=pk)


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _unreadable(request: HttpRequest, message: str, status: int) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return render(request, "comments/error.html", {"error": message}, status=status)


def _bounded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse an oversized or unreadable request before anything parses its body.

    The CSRF middleware reads the form first, and a body over Django's own limit
    (DATA_UPLOAD_MAX_MEMORY_SIZE) would end there as Django's HTML error page. So this
    view is exempt from the middleware only to run the very same check (``csrf_protect``)
    itself, once the body is known to be of a sane size: the script gets a JSON error.
    """
    protected = csrf_protect(view)

    def too_big(request: HttpRequest) -> HttpResponse:
        message = _("The request is too large: a comment has at most %(max)d characters.")
        return _unreadable(request, message % {"max": MAX_BODY}, 413)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body then
        if length > MAX_REQUEST_BYTES:
            return too_big(request)
        try:
            request.POST  # noqa: B018 (parsed here, where its errors get a proper answer)
        except RequestDataTooBig:
            return too_big(request)
        except (SuspiciousOperation, BadRequest, MultiPartParserError):
            return _unreadable(request, _("The request could not be read."), 400)
        return protected(request, *args, **kwargs)

    return wrapper


def _page_or_400(article: Article, request: HttpRequest) -> selectors.Page:
    try:
        return selectors.thread_page(
            article_id=article.pk,
            order=request.GET.get("order", "new"),
            after=request.GET.get("after", ""),
        )
    except selectors.BadCursor as error:
        raise Http404("Bad cursor") from error


def _public_briefly(response: HttpResponse) -> None:
    """Shared caches keep a page of comments a few seconds (and are purged by its
    Surrogate-Key); browsers ask again, so readers see their own new comment at once."""
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.COMMENTS_PAGE_MAX_AGE)


@require_safe
@public_page(params=("order", "after"))
def thread(request: HttpRequest, article_id: int) -> HttpResponse:
    """A page of comments as an HTML fragment in JSON: the same for every reader."""
    article = _article(article_id)
    page = _page_or_400(article, request)
    html = render_to_string("comments/_page.html", {"page": page, "article": article})
    next_url = ""
    if page.next_cursor:
        base = reverse("comments:thread", args=[article.pk])
        next_url = f"{base}?order={page.order}&after={page.next_cursor}"
    response = JsonResponse({"html": html, "next": next_url, "count": article.comment_count})
    _public_briefly(response)
    response["Surrogate-Key"] = f"comments-{article.pk}"
    return response


def _new_comments(request: HttpRequest, article_id: int) -> HttpResponse:
    """Comments posted after comment N (``?after=``), for «N нових коментарів» on an open
    thread; without ``after``, only where to start. Public and cached like the thread (an
    unchanged answer is a 304 to If-None-Match), purged by ``comments-<id>``."""
    article = _article(article_id)
    raw = request.GET.get("after")
    items: list[dict] = []
    if raw is None:
        last = selectors.last_comment_id(article_id=article.pk)
    else:
        after = bounded_int(raw, max_digits=12)
        if after is None:
            raise Http404("Bad cursor")
        comments = selectors.comments_after(article_id=article.pk, after=after)
        items = [
            {
                "id": c.pk,
                "root": c.root_id,
                "html": render_to_string("comments/_comment.html", {"comment": c}),
            }
            for c in comments
        ]
        last = comments[-1].pk if comments else after
    response = JsonResponse({"comments": items, "last": last})
    _public_briefly(response)
    response["Surrogate-Key"] = f"comments-{article.pk}"
    return response


# Called rather than stacked: public_page(params=...) is typed for calls.
new_comments = require_safe(public_page(_new_comments, params=("after",)))


@require_safe
@public_page(params=("after",))
def replies(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The rest of a thread's replies (after «Показати ще N відповідей»)."""
    root = get_object_or_404(
        Comment.objects.filter(parent__isnull=True, article__in=Article.objects.published()),
        pk=comment_id,
    )
    try:
        rows, after = selectors.replies_page(root_id=root.pk, after=request.GET.get("after", ""))
    except selectors.BadCursor as error:
        raise Http404("Bad cursor") from error
    html = render_to_string("comments/_replies.html", {"replies": rows})
    next_url = f"{reverse('comments:replies', args=[root.pk])}?after={after}" if after else ""
    response = JsonResponse({"html": html, "next": next_url})
    _public_briefly(response)
    response["Surrogate-Key"] = f"comments-{root.article_id}"
    return response


def _login_links(article: Article) -> dict[str, str]:
    back = reverse("news:article", kwargs={"pk": article.pk, "slug": article.slug}) + "#comments"
    query = urlencode({"next": back})
    return {
        "login_url": f"{reverse('account_login')}?{query}",
        "signup_url": f"{reverse('account_signup')}?{query}",
    }


def _form_context(request: HttpRequest, article: Article) -> dict:
    return {
        "article": article,
        "mode": article.effective_comment_mode(),
        "closed": article.effective_comment_mode() == CommentMode.CLOSED,
        "can_post": user_can_comment(user=request.user),
        "signed_in": request.user.is_authenticated,
        "form": CommentForm(),
        **_login_links(article),
    }


@require_safe
@private
def state(request: HttpRequest, article_id: int) -> JsonResponse:
    """What this reader may do here: the form or the sign-in prompt, and whose comments
    are theirs (for edit and delete buttons). Never cached."""
    article = _article(article_id)
    context = _form_context(request, article)
    html = render_to_string("comments/_form.html", context, request=request)
    data = {
        "form_html": html,
        "user_id": request.user.pk if request.user.is_authenticated else None,
        "can_post": context["can_post"] and not context["closed"],
        "edit_seconds": settings.COMMENTS_EDIT_MINUTES * 60,
        "csrf_token": get_token(request) if request.user.is_authenticated else "",
        "labels": {
            "reply": _("Reply"),
            "edit": _("Edit"),
            "delete": _("Delete"),
            "save": _("Save"),
            "like": _("Like"),
            "report": _("Report"),
            "confirm_delete": _("Delete this comment?"),
            "send_report": _("Send report"),
        },
        "reasons": [[value, str(label)] for value, label in Report.Reason.choices],
        "held": [_comment_item(comment) for comment in _held(request, article)],
    }
    return JsonResponse(data)


def _held(request: HttpRequest, article: Article) -> list[Comment]:
    """The reader's own held comments here (personal responses only: never cached)."""
    if not request.user.is_authenticated:
        return []
    return selectors.held_for_author(article_id=article.pk, author_id=request.user.pk)


def _comment_html(comment: Comment) -> str:
    """One comment for its author, right after they posted or edited it: a held one
    shows its text with «Очікує на перевірку» (only they ever get this)."""
    comment.own_held = comment.status == Comment.Status.PENDING
    return render_to_string("comments/_comment.html", {"comment": comment})


def _comment_item(comment: Comment) -> dict:
    """A comment for the script, with the thread it goes into (``root``; none: the top)."""
    return {"id": comment.pk, "root": comment.root_id, "html": _comment_html(comment)}


def _error(
    request: HttpRequest,
    article: Article,
    error: services.CommentError,
    form: CommentForm | None = None,
) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": str(error)}, status=error.status)
    context = _all_context(request, article)
    context.update({"error": str(error), "form": form or CommentForm()})
    return render(request, "comments/comment_list.html", context, status=error.status)


def _all_url(article: Article) -> str:
    return reverse("comments:all", args=[article.pk])


@require_POST
@private
@_bounded
def post(request: HttpRequest, article_id: int) -> HttpResponse:
    """Post a comment or reply: JSON for the script, a redirect for a plain form."""
    article = _article(article_id)
    form = CommentForm(request.POST)  # shown again, with the text, when something is wrong
    try:
        comment = services.comment_post(
            article=article,
            author=request.user,
            body=request.POST.get("body", ""),
            parent=_parent(request.POST.get("parent", "")),
            ip=_client_ip(request),
            origin=request.build_absolute_uri("/").rstrip("/"),
        )
    except services.CommentError as error:
        return _error(request, article, error, form)
    held = comment.status == Comment.Status.PENDING
    message = _("Your comment is awaiting moderation.") if held else _("Your comment is published.")
    if _wants_json(request):
        data = {"status": comment.status, "message": message, **_comment_item(comment)}
        return JsonResponse(data, status=201)
    from django.contrib import messages

    messages.info(request, message)
    return redirect(f"{_all_url(article)}?order=new#comment-{comment.pk}")


def _parent(raw: str) -> Comment | None:
    """The comment a reply answers: none for an empty field, and a clear 400 for anything
    that is not the id of an existing comment (never a silent top-level post). Whether it
    may be answered (same article, published) is the service's rule."""
    if raw == "":
        return None
    parent = None
    if raw.isascii() and raw.isdigit() and len(raw) <= 12:
        parent = Comment.objects.filter(pk=int(raw)).first()
    if parent is None:
        raise services.CommentError(_("The comment you reply to does not exist."))
    return parent


def _own_comment(request: HttpRequest, comment_id: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("article", "author").filter(
            article__in=Article.objects.published()
        ),
        pk=comment_id,
    )


def _action_response(
    request: HttpRequest, comment: Comment, data: dict, status: int = 200
) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(data, status=status)
    from django.contrib import messages

    if data.get("message"):
        messages.info(request, data["message"])
    return redirect(f"{_all_url(comment.article)}#comment-{comment.pk}")


@require_POST
@private
@_bounded
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, comment_id)
    if not request.user.is_authenticated:
        raise PermissionDenied
    try:
        services.comment_edit(comment=comment, user=request.user, body=request.POST.get("body", ""))
    except services.CommentError as error:
        return _error(request, comment.article, error)
    data = {"status": comment.status, **_comment_item(comment)}
    if comment.status == Comment.Status.PENDING:
        data["message"] = _("Your comment is awaiting moderation.")
    return _action_response(request, comment, data)


@require_POST
@private
@_bounded
def delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, comment_id)
    if not request.user.is_authenticated:
        raise PermissionDenied
    try:
        services.comment_delete(comment=comment, user=request.user)
    except services.CommentError as error:
        return _error(request, comment.article, error)
    comment.reply_count = Comment.objects.filter(pk=comment.pk).values_list(
        "reply_count", flat=True
    )[0]
    html = render_to_string("comments/_comment.html", {"comment": comment})
    return _action_response(
        request, comment, {"html": html, "message": _("The comment has been deleted.")}
    )


@require_POST
@private
@_bounded
def like(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, comment_id)
    try:
        count = services.comment_like(comment=comment, user=request.user)
    except services.CommentError as error:
        return _error(request, comment.article, error)
    return _action_response(request, comment, {"likes": count})


@require_POST
@private
@_bounded
def report(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, comment_id)
    form = ReportForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.comment_report(comment=comment, user=request.user, reason=reason)
    except services.CommentError as error:
        return _error(request, comment.article, error)
    return _action_response(
        request, comment, {"message": _("Thank you. A moderator will look at this comment.")}
    )


def _all_context(request: HttpRequest, article: Article) -> dict:
    page = _page_or_400(article, request)
    # A private page: the reader's own held comments may show here, marked as such.
    selectors.page_with_held(page, _held(request, article), first=not request.GET.get("after"))
    next_url = ""
    if page.next_cursor:
        next_url = f"?order={page.order}&after={page.next_cursor}"
    return {
        **_form_context(request, article),
        "page": page,
        "next_url": next_url,
        "orders": [
            ("new", _("Newest first")),
            ("old", _("Oldest first")),
            ("popular", _("Popular")),
        ],
    }


@require_safe
@private
def all_comments(request: HttpRequest, article_id: int) -> HttpResponse:
    """The comments page for browsers without JavaScript: same order, «Наступні» links."""
    article = _article(article_id)
    return render(request, "comments/comment_list.html", _all_context(request, article))


@require_http_methods(["GET", "HEAD", "POST"])
@private
@csrf_exempt  # RFC 8058 one-click: a mail provider POSTs without a session; the token is the proof
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Turn reply emails off: a GET shows a button (link scanners change nothing), a POST
    (the button, or a mail provider's ``List-Unsubscribe=One-Click``) turns them off."""
    user_id = notifications.unsubscribe_user_id(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(request, "comments/unsubscribe.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        user.notify_replies = False
        user.save(update_fields=["notify_replies"])
        done = True
    return render(request, "comments/unsubscribe.html", {"done": done})


def moved_to_desk(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """The queue moved to the desk: old bookmarks (and old forms) land on its new address."""
    if "user_id" in kwargs:
        return redirect("desk:reader", user_id=kwargs["user_id"], permanent=True)
    return redirect("desk:comments", permanent=True)
