"""Forms of the desk's photo pages: they parse; news.photos checks and stores."""

from typing import Any, cast

from django import forms
from django.db.models import Field
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from shpalta.news.models import Image


def _text(name: str, **options: Any) -> forms.CharField:
    field = cast(Field, Image._meta.get_field(name))
    return forms.CharField(
        label=capfirst(field.verbose_name),
        max_length=field.max_length,
        help_text=field.help_text,
        **options,
    )


def _focal(name: str) -> forms.FloatField:
    field = cast(Field, Image._meta.get_field(name))
    return forms.FloatField(
        label=capfirst(field.verbose_name),
        help_text=field.help_text,
        min_value=0.0,
        max_value=1.0,
        initial=0.5,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )


class PhotoTextForm(forms.Form):
    """What an editor may change after the upload."""

    alt = _text(
        "alt",
        error_messages={
            "required": _("Describe what the photo shows: alternative text is required.")
        },
    )
    caption = _text("caption", required=False)
    credit = _text("credit", required=False)
    focal_x = _focal("focal_x")
    focal_y = _focal("focal_y")


class PhotoUploadForm(PhotoTextForm):
    file = forms.FileField(
        label=_("Photo"),
        help_text=Image._meta.get_field("file").help_text,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        error_messages={"required": _("Choose a photo to upload.")},
    )
    field_order = ("file", "alt", "caption", "credit", "focal_x", "focal_y")
