from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from shpalta.news.models import Section

from .query import MAX_QUERY_LENGTH
from .selectors import ORDER_DATE, ORDER_RELEVANCE

# Dates outside these years mean nothing to a newsroom, and year 1 or 9999 overflow
# when shifted between Kyiv time and UTC.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


class SearchForm(forms.Form):
    """The reader's search: words, and optionally a section, a date range and an order."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. переговори")}),
    )
    section = forms.ChoiceField(label=_("Section"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[(ORDER_RELEVANCE, _("by relevance")), (ORDER_DATE, _("by date"))],
    )

    def __init__(self, *args: Any, sections: list[Section], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["section"]).choices = [("", _("All sections"))] + [
            (section.slug, section.name) for section in sections
        ]
        self.fields["q"].error_messages["max_length"] = _(
            "The query is too long: use at most %(limit_value)d characters."
        )

    def _in_range(self, name: str) -> date | None:
        day = self.cleaned_data.get(name)
        if day and not FIRST_DAY <= day <= LAST_DAY:
            raise forms.ValidationError(
                _("Choose a date between %(first)d and %(last)d.")
                % {"first": FIRST_DAY.year, "last": LAST_DAY.year}
            )
        return day

    def clean_since(self) -> date | None:
        return self._in_range("since")

    def clean_until(self) -> date | None:
        return self._in_range("until")

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data
