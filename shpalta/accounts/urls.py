from django.urls import path, re_path

from . import views

app_name = "accounts"
urlpatterns = [
    path("state.json", views.state, name="state"),
    path("profile/", views.profile, name="profile"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
    path("deleted/", views.deleted, name="deleted"),
    # allauth's own address and key pattern; shpalta/urls.py includes ours first.
    re_path(
        r"^confirm-email/(?P<key>[-:\w]+)/$", views.ConfirmEmailView.as_view(), name="confirm_email"
    ),
]
