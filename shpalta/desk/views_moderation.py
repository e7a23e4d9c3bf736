"""Comment moderation on the desk: the queue, bulk decisions, a reader's history, the log.

Every change goes through ``shpalta.comments.services``, which also writes the log.
"""

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from shpalta.accounts.models import User
from shpalta.comments import selectors, services
from shpalta.comments.models import Ban, Comment, ModerationAction
from shpalta.lib.http import SignedInRequest
from shpalta.lib.paging import paginate
from shpalta.news.models import Article

from .access import desk_view
from .forms_moderation import BulkForm, LogFilterForm, QueueFilterForm, ReaderActionForm

MODERATE = "comments.moderate_comment"
PER_PAGE = 50
READER_ACTIONS_SHOWN = 50
PERSON_FIELDS = ("id", "email", "display_name", "deleted_at")


def _filters_query(data: dict, **changes: Any) -> str:
    """The queue's filters as a query string, without empty values and the default status."""
    merged = {**data, **changes}
    return urlencode(
        {
            key: value
            for key, value in merged.items()
            if value and not (key == "status" and value == "attention")
        }
    )


def _render_queue(
    request: SignedInRequest,
    params: QueryDict,
    *,
    errors: Sequence[str | Promise] = (),
    status: int = 200,
) -> HttpResponse:
    form = QueueFilterForm(params)
    if not form.is_valid():
        return render(
            request,
            "desk/comment_queue.html",
            {"filter": form, "comments": [], "errors": [*errors, _("The filter is not valid.")]},
            status=400,
        )
    data = form.cleaned_data
    page = paginate(
        request,
        selectors.moderation_queue(
            status=data["status"], article_id=data["article"], reader_id=data["reader"]
        ),
        PER_PAGE,
    )
    comments = list(page.object_list)
    selectors.queue_details(comments)
    context = {
        "filter": form,
        "page": page,
        "comments": comments,
        "errors": list(errors),
        "query": _filters_query(data),
        "filter_article": data["article"]
        and Article.objects.only("id", "title").filter(pk=data["article"]).first(),
        "filter_reader": data["reader"]
        and get_user_model().objects.only(*PERSON_FIELDS).filter(pk=data["reader"]).first(),
        "without_article": _filters_query(data, article=None),
        "without_reader": _filters_query(data, reader=None),
    }
    return render(request, "desk/comment_queue.html", context, status=status)


@desk_view(MODERATE)
@require_safe
def comments(request: SignedInRequest) -> HttpResponse:
    """The queue: held and reported comments first, filtered by status, article, reader."""
    return _render_queue(request, request.GET)


def _bulk_message(action: str, done: int) -> str:
    if action == ModerationAction.Action.APPROVE:
        text = ngettext("%(count)d comment approved.", "%(count)d comments approved.", done)
    elif action == ModerationAction.Action.HIDE:
        text = ngettext("%(count)d comment hidden.", "%(count)d comments hidden.", done)
    else:
        text = ngettext("%(count)d comment restored.", "%(count)d comments restored.", done)
    return text % {"count": done}


@desk_view(MODERATE)
@require_POST
def comments_bulk(request: SignedInRequest) -> HttpResponse:
    """Approve, hide (with a reason) or restore the ticked comments, then back to the queue."""
    back = QueryDict(request.POST.get("back", "")[:500])
    form = BulkForm(request.POST)
    if not form.is_valid():
        errors = [str(error) for field in form.errors.values() for error in field]
        return _render_queue(request, back, errors=errors, status=400)
    data = form.cleaned_data
    try:
        result = services.comments_moderate(
            comment_ids=data["comment"],
            action=data["action"],
            moderator=request.user,
            reason=data["reason"],
        )
    except services.CommentError as error:
        return _render_queue(request, back, errors=[str(error)], status=error.status)
    if result.done:
        messages.success(request, _bulk_message(data["action"], len(result.done)))
    if result.skipped:
        skipped = len(result.skipped)
        messages.warning(
            request,
            ngettext(
                "%(count)d comment skipped: its status does not allow this.",
                "%(count)d comments skipped: their status does not allow this.",
                skipped,
            )
            % {"count": skipped},
        )
    filters = QueueFilterForm(back)
    query = _filters_query(filters.cleaned_data) if filters.is_valid() else ""
    return redirect(reverse("desk:comments") + (f"?{query}" if query else ""))


def _active(bans: list[Ban], kind: str) -> Ban | None:
    now = timezone.now()
    for ban in bans:  # newest first
        if ban.kind == kind and ban.lifted_at is None and (ban.until is None or ban.until > now):
            return ban
    return None


def _reader_act(*, reader: User, moderator: User, data: dict) -> str:
    """Run the control a moderator pressed on a reader's page; the message to show."""
    action, reason, name = data["action"], data["reason"], reader.public_name
    if action == ReaderActionForm.BAN_DAYS:
        days = data["days"]
        services.reader_ban(reader=reader, moderator=moderator, days=days, reason=reason)
        return ngettext(
            "%(name)s may not comment for %(days)d day.",
            "%(name)s may not comment for %(days)d days.",
            days,
        ) % {"name": name, "days": days}
    if action == ReaderActionForm.BAN_FOREVER:
        services.reader_ban(reader=reader, moderator=moderator, reason=reason)
        return _("%(name)s may no longer comment.") % {"name": name}
    if action == ReaderActionForm.LIFT:
        services.ban_lift(reader=reader, moderator=moderator, reason=reason)
        return _("%(name)s may comment again.") % {"name": name}
    if action == ReaderActionForm.PREMODERATE:
        services.premoderation_start(reader=reader, moderator=moderator, reason=reason)
        return _("Every new comment by %(name)s now waits for a moderator.") % {"name": name}
    services.premoderation_end(reader=reader, moderator=moderator, reason=reason)
    return _("%(name)s is no longer on pre-moderation.") % {"name": name}


@desk_view(MODERATE)
@require_http_methods(["GET", "HEAD", "POST"])
def reader(request: SignedInRequest, user_id: int) -> HttpResponse:
    """A reader's comments, the moderators' actions about them, bans, and the controls."""
    person = get_object_or_404(get_user_model().objects.only(*PERSON_FIELDS), pk=user_id)
    form = ReaderActionForm()
    status = 200
    if request.method == "POST":
        form = ReaderActionForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                message = _reader_act(reader=person, moderator=request.user, data=form.cleaned_data)
            except services.CommentError as error:
                form.add_error(None, str(error))
                status = error.status
            else:
                messages.success(request, message)
                return redirect("desk:reader", user_id=person.pk)
    bans = list(Ban.objects.filter(user=person).select_related("created_by").order_by("-id"))
    totals = Comment.objects.filter(author=person).aggregate(
        total=Count("id"),
        published=Count("id", filter=Q(status=Comment.Status.PUBLISHED)),
        pending=Count("id", filter=Q(status=Comment.Status.PENDING)),
        hidden=Count("id", filter=Q(status=Comment.Status.HIDDEN)),
    )
    context = {
        "person": person,
        "form": form,
        "bans": bans,
        "ban": _active(bans, Ban.Kind.BAN),
        "premoderation": _active(bans, Ban.Kind.PREMODERATE),
        "totals": totals,
        "page": paginate(request, selectors.reader_comments(reader_id=person.pk), PER_PAGE),
        "actions": list(selectors.moderation_log(reader_id=person.pk)[:READER_ACTIONS_SHOWN]),
        "actions_limit": READER_ACTIONS_SHOWN,
    }
    return render(request, "desk/reader_history.html", context, status=status)


@desk_view(MODERATE)
@require_safe
def moderation_log(request: SignedInRequest) -> HttpResponse:
    """Who did what to which comment or reader, and when; filtered by moderator and action."""
    moderators = list(
        get_user_model()
        .objects.filter(
            pk__in=ModerationAction.objects.filter(moderator__isnull=False).values("moderator_id")
        )
        .only(*PERSON_FIELDS)
        .order_by("display_name", "id")
    )
    form = LogFilterForm(request.GET, moderators=moderators)
    if not form.is_valid():
        return render(
            request, "desk/moderation_log.html", {"filter": form, "actions": []}, status=400
        )
    data = form.cleaned_data
    page = paginate(
        request,
        selectors.moderation_log(
            moderator_id=data["moderator"], action=data["action"], reader_id=data["reader"]
        ),
        PER_PAGE,
    )
    query = urlencode({key: value for key, value in data.items() if value})
    context = {"filter": form, "page": page, "actions": page.object_list, "query": query}
    return render(request, "desk/moderation_log.html", context)
