"""«Головна сторінка»: editors place the top story and «Головне», and raise the banner."""

import re
from datetime import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shpalta.frontpage.models import Slot
from shpalta.frontpage.services import (
    BANNER_TEXT_MAX,
    CURATE_PERMISSION,
    MAIN_SLOTS,
    SlotChoice,
    banner_current,
    banner_lower,
    banner_raise,
    frontpage_set,
)
from shpalta.lib.http import SignedInRequest
from shpalta.news.models import Article
from shpalta.news.services import parse_moment
from shpalta.news.workflow import WorkflowError

from .access import desk_view

_ID = re.compile(r"^[0-9]{1,12}$")


def _moment(value: str) -> datetime | None:
    """A datetime-local value (Kyiv time); empty is None; anything else a WorkflowError."""
    if not value.strip():
        return None
    try:
        moment = parse_moment(value)
    except ValueError:
        moment = None
    if moment is None:
        raise WorkflowError(_("Enter a date and time, e.g. 2026-11-28 20:14."))
    return moment


def _rows(ids: list[str], pins: list[str]) -> list[dict]:
    """The rows to show: what was submitted (or stored), with titles, padded to the slots."""
    wanted = [int(pk) for pk in ids if _ID.match(pk)]
    titles = dict(Article.objects.filter(pk__in=wanted).values_list("pk", "title"))
    rows = [
        {
            "article": pk,
            "pinned_until": pin,
            "title": titles.get(int(pk), "") if _ID.match(pk) else "",
        }
        for pk, pin in zip(ids, pins, strict=False)
    ]
    rows += [{"article": "", "pinned_until": "", "title": ""}] * (MAIN_SLOTS + 1 - len(rows))
    return rows


def _stored_rows() -> tuple[list[str], list[str]]:
    slots = Slot.objects.order_by("position")
    local = "%Y-%m-%dT%H:%M"
    return (
        [str(s.article_id) for s in slots],
        [
            timezone.localtime(s.pinned_until).strftime(local) if s.pinned_until else ""
            for s in slots
        ],
    )


def _screen(
    request: SignedInRequest,
    *,
    ids: list[str],
    pins: list[str],
    error: str = "",
    banner_error: str = "",
    banner_form: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "rows": _rows(ids, pins),
        "error": error,
        "banner": banner_current(),
        "banner_error": banner_error,
        "banner_form": banner_form or {},
        "banner_text_max": BANNER_TEXT_MAX,
        "main_slots": MAIN_SLOTS,
        "now": timezone.now(),
    }
    return render(request, "desk/frontpage.html", context, status=status)


@desk_view(CURATE_PERMISSION)
def frontpage(request: SignedInRequest) -> HttpResponse:
    if request.method != "POST":
        ids, pins = _stored_rows()
        return _screen(request, ids=ids, pins=pins)
    ids = request.POST.getlist("article")[: MAIN_SLOTS + 1]
    pins = request.POST.getlist("pinned_until")[: MAIN_SLOTS + 1]
    pins += [""] * (len(ids) - len(pins))
    try:
        choices = []
        for pk, pin in zip(ids, pins, strict=False):
            pk = pk.strip()
            if not pk:
                continue  # an empty row
            if not _ID.match(pk):
                raise WorkflowError(_("A story is chosen by its number, e.g. 42."))
            choices.append(SlotChoice(article_id=int(pk), pinned_until=_moment(pin)))
        frontpage_set(choices=choices, user=request.user)
    except WorkflowError as refusal:
        return _screen(request, ids=ids, pins=pins, error=refusal.message, status=refusal.status)
    messages.success(request, _("The front page is updated."))
    return redirect("desk:frontpage")


@desk_view(CURATE_PERMISSION)
@require_POST
def banner(request: SignedInRequest) -> HttpResponse:
    data = {name: request.POST.get(name, "")[:1000] for name in ("text", "url", "expires_at")}
    try:
        if request.POST.get("lower"):
            banner_lower(user=request.user)
            messages.success(request, _("The banner is taken down."))
            return redirect("desk:frontpage")
        expires_at = _moment(data["expires_at"])
        if expires_at is None:
            raise WorkflowError(_("Choose until when the banner is shown."))
        banner_raise(text=data["text"], url=data["url"], expires_at=expires_at, user=request.user)
    except WorkflowError as refusal:
        ids, pins = _stored_rows()
        return _screen(
            request,
            ids=ids,
            pins=pins,
            banner_error=refusal.message,
            banner_form=data,
            status=refusal.status,
        )
    messages.success(request, _("The banner is raised on every page."))
    return redirect("desk:frontpage")
