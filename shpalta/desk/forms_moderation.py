"""Forms of the desk's comment moderation: queue filters, bulk decisions, reader controls."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shpalta.comments.models import ModerationAction
from shpalta.comments.services import MAX_BULK

MAX_ID = 2**31 - 1
MAX_BAN_DAYS = 3650
MAX_REASON = 1000
Action = ModerationAction.Action

STATUS_CHOICES = [
    ("attention", _("Held or reported")),
    ("pending", _("Held")),
    ("reported", _("Reported")),
    ("published", _("Published")),
    ("hidden", _("Hidden")),
    ("removed", _("Removed by the author")),
    ("all", _("All")),
]


class IdField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, required=False, **kwargs)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Show"), choices=STATUS_CHOICES, required=False)
    article = IdField(widget=forms.HiddenInput)
    reader = IdField(widget=forms.HiddenInput)

    def clean_status(self) -> str:
        return self.cleaned_data["status"] or "attention"


class CommentIdsField(forms.Field):
    """Ticked comment checkboxes: positive ids, at most MAX_BULK of them."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Select at least one comment."),
        "invalid": _("The selection is not valid. Reload the page and try again."),
    }

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        if not isinstance(value, list | tuple) or len(value) > MAX_BULK:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        for raw in value:
            if not (isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 10):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        ids = [int(raw) for raw in value]
        if not all(0 < pk <= MAX_ID for pk in ids):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return ids


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            (Action.APPROVE, _("Approve")),
            (Action.HIDE, _("Hide")),
            (Action.RESTORE, _("Restore")),
        ],
        error_messages={"required": _("Choose an action."), "invalid_choice": _("Unknown action.")},
    )
    comment = CommentIdsField()
    reason = forms.CharField(max_length=MAX_REASON, required=False)

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("action") == Action.HIDE and not data.get("reason"):
            self.add_error(
                "reason", _("Give a reason for hiding: it goes into the moderation log.")
            )
        return data


class ReaderActionForm(forms.Form):
    BAN_DAYS = "ban_days"
    BAN_FOREVER = "ban_forever"
    LIFT = "lift"
    PREMODERATE = "premoderate"
    PREMODERATION_END = "premoderation_end"

    action = forms.ChoiceField(
        choices=[
            (BAN_DAYS, _("Ban for some days")),
            (BAN_FOREVER, _("Ban for good")),
            (LIFT, _("Lift the ban")),
            (PREMODERATE, _("Put on pre-moderation")),
            (PREMODERATION_END, _("Take off pre-moderation")),
        ],
        error_messages={"required": _("Choose an action."), "invalid_choice": _("Unknown action.")},
    )
    days = forms.IntegerField(
        label=_("Days"),
        min_value=1,
        max_value=MAX_BAN_DAYS,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=MAX_REASON, required=False)

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        missing = not data.get("days") and "days" not in self.errors
        if data.get("action") == self.BAN_DAYS and missing:
            self.add_error(
                "days",
                _("Give the number of days, from 1 to %(max)d.") % {"max": MAX_BAN_DAYS},
            )
        return data


class LogFilterForm(forms.Form):
    moderator = forms.TypedChoiceField(
        label=_("Moderator"), coerce=int, required=False, empty_value=None
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All actions")), *Action.choices], required=False
    )
    reader = IdField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, moderators: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["moderator"]).choices = [("", _("Everyone"))] + [
            (user.pk, f"{user.public_name} ({user.email})") for user in moderators
        ]
