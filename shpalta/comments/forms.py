from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_BODY, Report


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_BODY}),
        strip=False,
        required=False,  # the service says what is wrong, in one place
    )
    parent = forms.CharField(required=False, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Report.Reason.choices)
