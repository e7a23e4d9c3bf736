"""The desk's audit log: workflow actions and comment moderation, merged by time.

Both logs are read as one ``UNION ALL`` of (kind, id, time) rows, so counting and cutting
a page happen in the database; the rows of the page are then loaded with one query per
kind. The page therefore costs the same number of queries whatever the log's size.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import CharField, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shpalta.accounts.models import User
from shpalta.comments.models import ModerationAction
from shpalta.news.models import ArticleAction

WORKFLOW = "workflow"
MODERATION = "moderation"
PER_PAGE = 50
# Dates outside these years cannot be in the log, and the calendar's ends overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2999
KIND_LABELS = {WORKFLOW: _("Stories"), MODERATION: _("Comment moderation")}
_MODELS: dict[str, type[ArticleAction] | type[ModerationAction]] = {
    WORKFLOW: ArticleAction,
    MODERATION: ModerationAction,
}
_ACTOR = {WORKFLOW: "actor", MODERATION: "moderator"}


def audit_kinds(user: User) -> list[str]:
    """Which logs this person may read: editors the workflow, moderators the moderation."""
    kinds = []
    if user.has_perm("news.publish_article"):
        kinds.append(WORKFLOW)
    if user.has_perm("comments.moderate_comment"):
        kinds.append(MODERATION)
    return kinds


def staff_choices() -> list[tuple[int, str]]:
    """Everyone who may act at the desk, for the «who» filter (one query)."""
    staff = get_user_model().objects.filter(is_staff=True).order_by("display_name", "id")
    return list(staff.values_list("id", "display_name"))


class AuditFilterForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Who"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, kinds: list[str], people: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        choice_fields = {name: cast(forms.ChoiceField, self.fields[name]) for name in self.fields}
        choice_fields["person"].choices = [("", _("Everyone")), *people]
        choice_fields["kind"].choices = [("", _("All")), *((k, KIND_LABELS[k]) for k in kinds)]
        choice_fields["action"].choices = [
            ("", _("Any")),
            *(
                (
                    KIND_LABELS[kind],
                    [(f"{kind}:{value}", label) for value, label in _MODELS[kind].Action.choices],
                )
                for kind in kinds
            ),
        ]

    def _clean_day(self, name: str) -> date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Choose a date between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return day

    def clean_since(self) -> date | None:
        return self._clean_day("since")

    def clean_until(self) -> date | None:
        return self._clean_day("until")

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _rows(kind: str, filters: dict) -> QuerySet:
    queryset = _MODELS[kind]._default_manager.all()
    if filters.get("person"):
        queryset = queryset.filter(**{f"{_ACTOR[kind]}_id": filters["person"]})
    if filters.get("action"):
        wanted_kind, _sep, action = filters["action"].partition(":")
        queryset = queryset.filter(action=action) if wanted_kind == kind else queryset.none()
    if filters.get("since"):
        queryset = queryset.filter(created_at__gte=_day_start(filters["since"]))
    if filters.get("until"):
        queryset = queryset.filter(created_at__lt=_day_start(filters["until"] + timedelta(days=1)))
    return (
        queryset.annotate(kind=Value(kind, output_field=CharField()))
        .order_by()
        .values("created_at", "id", "kind")
    )


@dataclass
class AuditEntry:
    kind: str
    when: datetime
    action: ArticleAction | None = None
    moderation: ModerationAction | None = None
    editor_url: str = ""


def audit_rows(*, kinds: list[str], filters: dict) -> QuerySet:
    """The merged log as (kind, id, created_at) rows, newest first: page it, then load
    the page with :func:`audit_entries`."""
    if filters.get("kind"):
        kinds = [k for k in kinds if k == filters["kind"]]
    parts = [_rows(kind, filters) for kind in kinds]
    merged = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return merged.order_by("-created_at", "-kind", "-id")


def audit_entries(rows: Iterable[dict]) -> list[AuditEntry]:
    """One page of :func:`audit_rows` as :class:`AuditEntry` values (a query per kind)."""
    rows = list(rows)
    ids = {kind: [r["id"] for r in rows if r["kind"] == kind] for kind in (WORKFLOW, MODERATION)}
    workflow = {}
    if ids[WORKFLOW]:
        workflow = (
            ArticleAction.objects.select_related("actor", "article")
            .only(
                "id",
                "action",
                "from_status",
                "to_status",
                "note",
                "article_title",
                "created_at",
                "actor__id",
                "actor__display_name",
                "article__id",
                "article__title",
                "article__slug",
                "article__status",
            )
            .in_bulk(ids[WORKFLOW])
        )
    moderation = {}
    if ids[MODERATION]:
        moderation = (
            ModerationAction.objects.select_related(
                "moderator", "reader", "comment", "comment__article"
            )
            .only(
                "id",
                "action",
                "reason",
                "created_at",
                "moderator__id",
                "moderator__display_name",
                "reader__id",
                "reader__display_name",
                "comment__id",
                "comment__body",
                "comment__article__id",
                "comment__article__title",
            )
            .in_bulk(ids[MODERATION])
        )
    entries = [
        AuditEntry(
            kind=row["kind"],
            when=row["created_at"],
            action=workflow.get(row["id"]) if row["kind"] == WORKFLOW else None,
            moderation=moderation.get(row["id"]) if row["kind"] == MODERATION else None,
        )
        for row in rows
    ]
    return entries
