"""Forms of the desk's photo pages: they parse; news.photos checks and stores."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shpalta.news.models import Image

_alt = Image._meta.get_field("alt")
_caption = Image._meta.get_field("caption")
_credit = Image._meta.get_field("credit")


def _focal(label: str, help_text: str) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        help_text=help_text,
        min_value=0.0,
        max_value=1.0,
        initial=0.5,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )


class PhotoTextForm(forms.Form):
    """What an editor may change after the upload."""

    alt = forms.CharField(
        label=_("Alternative text"),
        max_length=_alt.max_length,
        help_text=_alt.help_text,
        error_messages={
            "required": _("Describe what the photo shows: alternative text is required.")
        },
    )
    caption = forms.CharField(
        label=_("Caption"),
        max_length=_caption.max_length,
        required=False,
        help_text=_caption.help_text,
    )
    credit = forms.CharField(
        label=_("Credit"), max_length=_credit.max_length, required=False, help_text=_credit.help_text
    )
    focal_x = _focal(_("Focal point, horizontal"), _("0 is the left edge, 1 the right edge."))
    focal_y = _focal(_("Focal point, vertical"), _("0 is the top edge, 1 the bottom edge."))


class PhotoUploadForm(PhotoTextForm):
    file = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        error_messages={"required": _("Choose a photo to upload.")},
    )
    field_order = ("file", "alt", "caption", "credit", "focal_x", "focal_y")
