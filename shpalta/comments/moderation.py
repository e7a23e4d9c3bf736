"""The moderators' queue: held and reported comments, with the author's history."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import services
from .models import Ban, Comment, ModerationAction

QUEUE_SIZE = 50
MAX_BAN_DAYS = 3650


def queue(request: HttpRequest) -> HttpResponse:
    """Held comments and comments with open reports, oldest first."""
    comments = list(
        Comment.objects.filter(
            Q(status=Comment.Status.PENDING)
            | Q(status=Comment.Status.PUBLISHED, reports__resolved=False)
        )
        .distinct()
        .select_related("article", "author")
        .order_by("id")[:QUEUE_SIZE]
    )
    ids = [c.pk for c in comments]
    authors = {c.author_id for c in comments}
    reasons: dict[int, list] = {}
    for action in ModerationAction.objects.filter(comment_id__in=ids).order_by("id"):
        reasons.setdefault(action.comment_id, []).append(action)
    reports: dict[int, list] = {}
    from .models import Report

    for row in Report.objects.filter(comment_id__in=ids, resolved=False).select_related("reporter"):
        reports.setdefault(row.comment_id, []).append(row)
    stats = {
        row["author"]: row
        for row in Comment.objects.filter(author_id__in=authors)
        .values("author")
        .annotate(
            total=Count("id"),
            hidden=Count("id", filter=Q(status=Comment.Status.HIDDEN)),
        )
    }
    history: dict[int, list] = {}
    for action in (
        ModerationAction.objects.filter(reader_id__in=authors)
        .select_related("moderator")
        .order_by("-id")[:200]
    ):
        history.setdefault(action.reader_id, []).append(action)
    for comment in comments:
        comment.queue_reasons = reasons.get(comment.pk, [])
        comment.open_reports = reports.get(comment.pk, [])
        comment.author_stats = stats.get(comment.author_id, {})
        comment.author_history = history.get(comment.author_id, [])[:10]
    return render(request, "comments/moderation_queue.html", {"comments": comments})


def moderate(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")[:1000]
    if action == "approve":
        services.comment_approve(comment=comment, moderator=request.user)
        messages.success(request, _("The comment is published."))
    elif action == "hide":
        services.comment_hide(comment=comment, moderator=request.user, reason=reason)
        messages.success(request, _("The comment is hidden."))
    elif action == "restore":
        services.comment_restore(comment=comment, moderator=request.user)
        messages.success(request, _("The comment is shown again."))
    else:
        return HttpResponse(_("Unknown action."), status=400, content_type="text/plain")
    return redirect("comments:queue")


def moderate_reader(request: HttpRequest, user_id: int) -> HttpResponse:
    reader = get_object_or_404(get_user_model(), pk=user_id)
    kind = request.POST.get("kind", Ban.Kind.BAN)
    raw_days = request.POST.get("days", "").strip()
    if kind not in Ban.Kind.values or (
        raw_days and (not raw_days.isascii() or not raw_days.isdigit() or len(raw_days) > 4)
    ):
        return HttpResponse(
            _("Choose a kind and a number of days (empty for good)."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    days = min(int(raw_days), MAX_BAN_DAYS) if raw_days else None
    services.reader_ban(
        reader=reader,
        moderator=request.user,
        days=days or None,
        reason=request.POST.get("reason", "")[:1000],
        kind=kind,
    )
    messages.success(request, _("Saved."))
    return redirect("comments:queue")
