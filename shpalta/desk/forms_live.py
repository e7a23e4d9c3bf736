"""The quick form of a live blog entry: what a reporter types in seconds."""

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from shpalta.live.models import Entry
from shpalta.news.models import Image

#: The newest photos of the library offered in the form (upload first at /desk/photos/).
PHOTO_CHOICES = 30


def _field(name: str, **options: Any) -> forms.Field:
    """The model field's form field: its label, help text and limits."""
    field = Entry._meta.get_field(name)
    assert isinstance(field, models.Field)
    form_field = field.formfield(**options)
    assert form_field is not None
    return form_field


class EntryForm(forms.Form):
    body = _field("body", widget=forms.Textarea(attrs={"rows": 5, "autofocus": True}))
    title = _field("title")
    quote = _field("quote", widget=forms.Textarea(attrs={"rows": 2}))
    quote_source = _field("quote_source")
    image = forms.TypedChoiceField(label=_("photo"), required=False, coerce=int, empty_value=None)
    is_key = _field("is_key")

    def __init__(self, *args: Any, current: Image | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        photos = list(Image.objects.only("id", "alt").order_by("-created_at")[:PHOTO_CHOICES])
        if current and current not in photos:
            photos.insert(0, current)
        field = self.fields["image"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("No photo")), *((p.pk, str(p)) for p in photos)]

    def photo(self) -> Image | None:
        pk = self.cleaned_data.get("image")
        return Image.objects.filter(pk=pk).first() if pk else None

    def entry(self) -> dict[str, Any]:
        """The entry as the services take it (``live_entry_post``, ``live_entry_edit``)."""
        data = self.cleaned_data
        fields = {name: data[name] for name in ("title", "body", "quote", "quote_source")}
        return {**fields, "image": self.photo(), "is_key": data["is_key"]}
