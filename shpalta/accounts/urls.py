from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("state.json", views.state, name="state"),
    path("profile/", views.profile, name="profile"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
    path("deleted/", views.deleted, name="deleted"),
]
