"""The desk's photo library: upload, list and search, edit, and the editor's picker."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from shpalta.lib.http import SignedInRequest
from shpalta.lib.paging import pager_params, paginate
from shpalta.lib.storage import StorageFailed
from shpalta.news.images import media_url
from shpalta.news.models import Image
from shpalta.news.photos import image_search, image_thumbnail_url, image_update, image_upload

from .access import desk_view
from .forms_photos import PhotoTextForm, PhotoUploadForm

PAGE_SIZE = 30
PICKER_SIZE = 20
_TEXT_FIELDS = ("alt", "caption", "credit", "focal_x", "focal_y")


def _add_errors(form: forms.Form, error: ValidationError, field: str) -> None:
    """Put a service's refusal next to the field it concerns."""
    form.add_error(None if hasattr(error, "error_dict") else field, error)


@desk_view("news.view_image")
def photo_list(request: SignedInRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = paginate(request, image_search(query=query), PAGE_SIZE)
    for image in page:
        image.thumbnail = image_thumbnail_url(image)
    context = {"page": page, "q": query, "params": pager_params(request)}
    return render(request, "desk/photo_list.html", context)


@desk_view("news.add_image")
def photo_upload(request: SignedInRequest) -> HttpResponse:
    form = PhotoUploadForm(request.POST or None, request.FILES or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        text = {name: form.cleaned_data[name] for name in _TEXT_FIELDS}
        try:
            image = image_upload(file=form.cleaned_data["file"], user=request.user, **text)
        except ValidationError as error:
            _add_errors(form, error, "file")
        except StorageFailed:
            # The server's fault, not the photo's: the editor may try again later.
            form.add_error(None, StorageFailed.message)
            status = 503
        else:
            messages.success(request, _("The photo is uploaded. Its sizes are being prepared."))
            return redirect("desk:photo-edit", pk=image.pk)
    return render(request, "desk/photo_upload.html", {"form": form}, status=status)


@desk_view("news.change_image")
def photo_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(Image.objects.select_related("uploaded_by"), pk=pk)
    initial = {name: getattr(image, name) for name in _TEXT_FIELDS}
    form = PhotoTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        text = {name: form.cleaned_data[name] for name in _TEXT_FIELDS}
        try:
            image_update(image=image, user=request.user, **text)
        except ValidationError as error:
            _add_errors(form, error, "alt")
        else:
            messages.success(request, _("The photo is saved."))
            return redirect("desk:photo-edit", pk=image.pk)
    # The largest copy, or the original until the copies are made.
    preview = media_url(image.renditions[-1]["jpeg"]) if image.renditions else image.file.url
    crops = [
        {**image.crops[kind], "url": media_url(image.crops[kind]["jpeg"]), "label": label}
        for kind, label in (
            ("wide", _("Wide (16:9): cards and social networks")),
            ("square", _("Square: thumbnails")),
        )
        if kind in (image.crops or {})
    ]
    context = {"form": form, "image": image, "preview": preview, "crops": crops}
    status = 400 if request.method == "POST" else 200
    return render(request, "desk/photo_edit.html", context, status=status)


@desk_view("news.view_image")
def photo_search(request: SignedInRequest) -> JsonResponse:
    """Photos for the article editor's picker: ?q= searches alt text, caption and credit."""
    images = image_search(query=request.GET.get("q", ""))[:PICKER_SIZE]
    results = [
        {
            "id": image.pk,
            "alt": image.alt,
            "caption": image.caption,
            "credit": image.credit,
            "width": image.width,
            "height": image.height,
            "thumbnail": image_thumbnail_url(image),
        }
        for image in images
    ]
    return JsonResponse({"results": results})
