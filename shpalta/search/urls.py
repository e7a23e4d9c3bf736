from django.urls import path

from . import typeahead, views

app_name = "search"
urlpatterns = [
    path("", views.search, name="search"),
    path("suggest.json", typeahead.typeahead, name="typeahead"),
]
