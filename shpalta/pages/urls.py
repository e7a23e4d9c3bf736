from django.urls import path

from . import views
from .models import Page

app_name = "pages"

# /about/, /contacts/, /editorial-policy/, /privacy/: each named after its slug.
urlpatterns = [
    path(f"{kind.value}/", views.page_detail, {"slug": kind.value}, name=kind.value)
    for kind in Page.Kind
]
