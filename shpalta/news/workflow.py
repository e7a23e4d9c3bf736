"""The story workflow as one table: from which state who may take which step, and what it changes.

The services enforce it (:func:`step_check`, :func:`step_apply`), the desk shows its
buttons and story lists from it (:func:`steps_for`, :func:`state_filter`), the admin
leaves the state alone because of it, and docs/desk.md prints it (:func:`markdown_table`;
a test keeps the two equal).

A story's *state* is its stored status read with the clock: a scheduled story whose time
has come is ``due`` — readers already see it (``Article.objects.published()``) and the
scheduler only marks it published. Services keep ``published_at`` at or before now for
published stories.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Article

if TYPE_CHECKING:
    from shpalta.accounts.models import User

Status = Article.Status
CHANGE_PERM = "news.change_article"
PUBLISH_PERM = "news.publish_article"


class WorkflowError(Exception):
    """A refused change, with a sentence for the person who asked and an HTTP status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


class State(StrEnum):
    NEW = "new"  # not stored yet
    DRAFT = "draft"
    REVIEW = "review"
    SCHEDULED = "scheduled"  # its time is still ahead
    DUE = "due"  # scheduled, and its time has come: readers see it
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"

    @property
    def label(self) -> str:
        if self is State.DUE:
            return gettext("Out on schedule")
        if self is State.NEW:
            return gettext("New story")
        return str(Status(self.value).label)


#: The states readers see.
LIVE = frozenset({State.DUE, State.PUBLISHED})
STORED = frozenset(State) - {State.NEW}


class Moment(StrEnum):
    """What a step does to ``published_at``."""

    KEPT = "kept"
    NOW = "now, unless the story went out before (then its first date stays)"
    CHOSEN = "the chosen time (in the future)"
    CLEARED = "cleared"


@dataclass(frozen=True)
class Grant:
    """People with all of ``perms`` may take the step from ``states`` (only on stories that
    name them as an author, if ``own``)."""

    perms: tuple[str, ...]
    states: frozenset[State]
    own: bool = False

    def who(self) -> str:
        names = " + ".join(f"`{perm}`" for perm in self.perms) or "the scheduler"
        return f"{names}, own stories" if self.own else names


@dataclass(frozen=True)
class Step:
    name: str
    services: tuple[str, ...]
    grants: tuple[Grant, ...]
    #: The status it leads to; None: the status stays.
    to: Status | None
    published_at: Moment
    #: Everything else it does, as docs/desk.md says it.
    changes: str
    #: Why a person without a grant is refused (403).
    refusal: Promise | str = ""
    #: Why it is refused for a story readers already see (409), if not the general sentence.
    when_live: Promise | str = ""
    #: Why it is refused for a story in any other state it does not start from (409).
    wrong_state: Promise | str = ""
    #: Taken by the scheduler, never by a person.
    automatic: bool = False

    @property
    def states(self) -> frozenset[State]:
        return frozenset().union(*(grant.states for grant in self.grants))


_EDITORS = (CHANGE_PERM, PUBLISH_PERM)
_PUBLISHERS = (PUBLISH_PERM,)
_NOT_AUTHOR = _("Only an editor can publish, schedule or unpublish stories.")
_NOT_EDITOR = _("You may not edit this story.")
_READY = "needs a title, a lead and a body"

CREATE = Step(
    "create",
    ("article_create",),
    (Grant(("news.add_article",), frozenset({State.NEW})),),
    Status.DRAFT,
    Moment.KEPT,
    "first revision; the writer is the author unless others are named",
    refusal=_("You may not write stories."),
)
EDIT = Step(
    "edit",
    ("article_update", "article_autosave", "revision_restore"),
    (
        Grant(_EDITORS, STORED),
        Grant((CHANGE_PERM,), frozenset({State.DRAFT, State.REVIEW}), own=True),
    ),
    None,
    Moment.KEPT,
    "a new revision, version + 1 (409 if someone saved after `base_version`); "
    "«mark as updated» sets `updated_at`; an autosave is a revision only",
    refusal=_NOT_EDITOR,
)
SUBMIT = Step(
    "submit",
    ("article_submit",),
    (
        Grant(_EDITORS, frozenset({State.DRAFT})),
        Grant((CHANGE_PERM,), frozenset({State.DRAFT}), own=True),
    ),
    Status.REVIEW,
    Moment.KEPT,
    _READY,
    refusal=_NOT_EDITOR,
)
RETURN = Step(
    "return",
    ("article_return",),
    (Grant(_PUBLISHERS, frozenset({State.REVIEW, State.SCHEDULED})),),
    Status.DRAFT,
    Moment.CLEARED,
    "a note for the author",
    refusal=_NOT_AUTHOR,
    when_live=_("The story is already out; unpublish it instead."),
)
PUBLISH = Step(
    "publish",
    ("article_publish",),
    (
        Grant(
            _PUBLISHERS,
            frozenset({State.DRAFT, State.REVIEW, State.SCHEDULED, State.UNPUBLISHED}),
        ),
    ),
    Status.PUBLISHED,
    Moment.NOW,
    f"{_READY}; `unpublished_at` and the replacement cleared",
    refusal=_NOT_AUTHOR,
    when_live=_("The story is already published."),
)
SCHEDULE = Step(
    "schedule",
    ("article_schedule",),
    (Grant(_PUBLISHERS, frozenset({State.DRAFT, State.REVIEW, State.SCHEDULED})),),
    Status.SCHEDULED,
    Moment.CHOSEN,
    f"{_READY}; pages cached before that time stop being served then",
    refusal=_NOT_AUTHOR,
    when_live=_("The story is already out; it cannot be rescheduled."),
)
UNPUBLISH = Step(
    "unpublish",
    ("article_unpublish",),
    (Grant(_PUBLISHERS, frozenset({State.SCHEDULED, State.DUE, State.PUBLISHED})),),
    Status.UNPUBLISHED,
    Moment.KEPT,
    "`unpublished_at` = now; the address answers 410, or 301 to a published replacement",
    refusal=_NOT_AUTHOR,
)
CORRECT = Step(
    "correct",
    ("correction_add",),
    (Grant(_PUBLISHERS, LIVE),),
    None,
    Moment.KEPT,
    "a dated correction (≤ 1000 characters) under the story; `updated_at` = now",
    refusal=_NOT_AUTHOR,
    wrong_state=_("Only a published story can carry a correction."),
)
RELEASE = Step(
    "release",
    ("articles_publish_due",),
    (Grant((), frozenset({State.DUE})),),
    Status.PUBLISHED,
    Moment.KEPT,
    "`manage.py publish_scheduled`; readers saw the story from its time on anyway",
    automatic=True,
)

#: The table, in the order a story usually goes through it.
STEPS: tuple[Step, ...] = (
    CREATE,
    EDIT,
    SUBMIT,
    RETURN,
    PUBLISH,
    SCHEDULE,
    UNPUBLISH,
    CORRECT,
    RELEASE,
)


# --- reading the table ------------------------------------------------------------------


def article_state(article: Article | None, now: datetime | None = None) -> State:
    """The story's state: its status, with a scheduled story whose time came being ``due``."""
    if article is None or article.pk is None:
        return State.NEW
    if article.status == Status.SCHEDULED:
        due = article.published_at is not None and article.published_at <= (now or timezone.now())
        return State.DUE if due else State.SCHEDULED
    return State(article.status)


#: Which stored status each state has, and on which side of now its time is.
_STORED_AS: dict[State, tuple[Status, str]] = {
    State.DRAFT: (Status.DRAFT, ""),
    State.REVIEW: (Status.REVIEW, ""),
    State.SCHEDULED: (Status.SCHEDULED, "published_at__gt"),
    State.DUE: (Status.SCHEDULED, "published_at__lte"),
    State.PUBLISHED: (Status.PUBLISHED, "published_at__lte"),
    State.UNPUBLISHED: (Status.UNPUBLISHED, ""),
}


def state_filter(states: Iterable[State], now: datetime | None = None) -> Q:
    """Stories in any of ``states``: ``Article.objects.filter(state_filter(...))``."""
    now = now or timezone.now()
    by_time: dict[str, list[Status]] = {}
    for state in sorted(set(states) - {State.NEW}):
        status, time = _STORED_AS[state]
        by_time.setdefault(time, []).append(status)
    query = Q(pk__in=[])
    for time, statuses in by_time.items():
        query |= Q(status__in=statuses, **({time: now} if time else {}))
    return query


def _is_author(article: Article, user: User) -> bool:
    # The desk prefetches the byline; otherwise one query.
    prefetched = getattr(article, "_prefetched_objects_cache", {}).get("authors")
    if prefetched is not None:
        return any(author.pk == user.pk for author in prefetched)
    return article.authors.filter(pk=user.pk).exists()


def _grants(step: Step, user: User) -> list[Grant]:
    if step.automatic or not user.is_active:
        return []
    return [grant for grant in step.grants if user.has_perms(grant.perms)]


def step_allowed(
    step: Step, *, article: Article | None, user: User, state: State | None = None
) -> bool:
    """May ``user`` take ``step`` on ``article`` now?"""
    state = state or article_state(article)
    return any(
        state in grant.states
        and (not grant.own or (article is not None and _is_author(article, user)))
        for grant in _grants(step, user)
    )


def step_check(
    step: Step, *, article: Article | None, user: User, now: datetime | None = None
) -> State:
    """The story's state, or WorkflowError: 403 for the wrong person, 409 for the wrong state."""
    state = article_state(article, now)
    grants = _grants(step, user)
    if not grants:
        raise WorkflowError(str(step.refusal), status=403)
    if state not in step.states:
        if state in LIVE and step.when_live:
            raise WorkflowError(str(step.when_live), status=409)
        if step.wrong_state:
            raise WorkflowError(str(step.wrong_state), status=409)
        raise WorkflowError(
            gettext("This step is not possible for a story with the status «%(status)s».")
            % {"status": state.label},
            status=409,
        )
    if not step_allowed(step, article=article, user=user, state=state):
        raise WorkflowError(str(step.refusal), status=403)
    return state


def steps_for(article: Article | None, user: User) -> dict[str, bool]:
    """Which steps ``user`` may take on ``article`` now, by name (the desk's buttons)."""
    state = article_state(article)
    return {
        step.name: step_allowed(step, article=article, user=user, state=state)
        for step in STEPS
        if not step.automatic
    }


def step_apply(
    step: Step, article: Article, *, now: datetime, when: datetime | None = None
) -> None:
    """Set the status and publication time the table gives ``step`` (unsaved)."""
    if step.to is not None:
        article.status = step.to
    if step.published_at is Moment.NOW:
        if article.published_at is None or article.published_at > now:
            article.published_at = now
    elif step.published_at is Moment.CHOSEN:
        article.published_at = when
    elif step.published_at is Moment.CLEARED:
        article.published_at = None


# --- the table for docs/desk.md ---------------------------------------------------------


def markdown_table() -> str:
    """The workflow table as docs/desk.md prints it: one row per step and grant."""
    rows = [
        "| step | service | from | to | who | `published_at` | also |",
        "|---|---|---|---|---|---|---|",
    ]
    order = list(State)
    for step in STEPS:
        services = ", ".join(f"`{name}`" for name in step.services)
        changes = step.changes
        for grant in step.grants:
            states = ", ".join(s.value for s in sorted(grant.states, key=order.index))
            to = step.to.value if step.to else "same"
            rows.append(
                f"| {step.name} | {services} | {states.replace('new', '—')} | {to} "
                f"| {grant.who()} | {step.published_at.value} | {changes} |"
            )
            services = changes = "as above"
    return "\n".join(rows)
