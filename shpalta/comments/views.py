"""Comment endpoints: public pages of a thread, the reader's own state, reader actions and
the no-JavaScript comments page. Moderation lives in the desk (shpalta/desk)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from shpalta.accounts.services import user_can_comment
from shpalta.lib.http import private
from shpalta.news.caching import public_page
from shpalta.news.models import Article, CommentMode

from . import notifications, selectors, services
from .forms import CommentForm, ReportForm
from .models import Comment, Report

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
    }
    return JsonResponse(data)


def _error(request: HttpRequest, article: Article, error: services.CommentError, form=None):
    if _wants_json(request):
        return JsonResponse({"error": str(error)}, status=error.status)
    context = _all_context(request, article)
    context.update({"error": str(error), "form": form or CommentForm()})
    return render(request, "comments/comment_list.html", context, status=error.status)


def _all_url(article: Article) -> str:
    return reverse("comments:all", args=[article.pk])


@require_POST
@private
def post(request: HttpRequest, article_id: int) -> HttpResponse:
    """Post a comment or reply: JSON for the script, a redirect for a plain form."""
    article = _article(article_id)
    form = CommentForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    parent = None
    try:
        if data.get("parent"):
            raw = data["parent"]
            if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
                raise services.CommentError(
                    _("The comment you reply to does not exist."), status=404
                )
            parent = Comment.objects.filter(pk=int(raw)).first()
            if parent is None:
                raise services.CommentError(
                    _("The comment you reply to does not exist."), status=404
                )
        comment = services.comment_post(
            article=article,
            author=request.user,
            body=data.get("body", ""),
            parent=parent,
            ip=_client_ip(request),
        )
    except services.CommentError as error:
        return _error(request, article, error, form)
    held = comment.status == Comment.Status.PENDING
    message = _("Your comment is awaiting moderation.") if held else _("Your comment is published.")
    if _wants_json(request):
        html = "" if held else render_to_string("comments/_comment.html", {"comment": comment})
        return JsonResponse(
            {"status": comment.status, "message": message, "html": html, "id": comment.pk},
            status=201,
        )
    from django.contrib import messages

    messages.info(request, message)
    return redirect(f"{_all_url(article)}?order=new#comment-{comment.pk}")


def _own_comment(request: HttpRequest, comment_id: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("article", "author").filter(
            article__in=Article.objects.published()
        ),
        pk=comment_id,
    )


def _action_response(request, comment: Comment, data: dict, status: int = 200):
    if _wants_json(request):
        return JsonResponse(data, status=status)
    from django.contrib import messages

    if data.get("message"):
        messages.info(request, data["message"])
    return redirect(f"{_all_url(comment.article)}#comment-{comment.pk}")


@require_POST
@private
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, comment_id)
    if not request.user.is_authenticated:
        raise PermissionDenied
    try:
        services.comment_edit(comment=comment, user=request.user, body=request.POST.get("body", ""))
    except services.CommentError as error:
        return _error(request, comment.article, error)
    html = render_to_string("comments/_comment.html", {"comment": comment})
    return _action_response(request, comment, {"html": html, "status": comment.status})


@require_POST
@private
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
def like(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, comment_id)
    try:
        count = services.comment_like(comment=comment, user=request.user)
    except services.CommentError as error:
        return _error(request, comment.article, error)
    return _action_response(request, comment, {"likes": count})


@require_POST
@private
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
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Turn reply emails off from the link in one (a button, so link scanners change nothing)."""
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


def moved_to_desk(request: HttpRequest, **kwargs) -> HttpResponse:
    """The queue moved to the desk: old bookmarks (and old forms) land on its new address."""
    if "user_id" in kwargs:
        return redirect("desk:reader", user_id=kwargs["user_id"], permanent=True)
    return redirect("desk:comments", permanent=True)
