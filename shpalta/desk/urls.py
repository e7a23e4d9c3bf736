from django.urls import path

from . import views, views_moderation

app_name = "desk"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("comments/", views_moderation.comments, name="comments"),
    path("comments/bulk/", views_moderation.comments_bulk, name="comments-bulk"),
    path("readers/<int:user_id>/", views_moderation.reader, name="reader"),
    path("moderation-log/", views_moderation.moderation_log, name="moderation-log"),
]
