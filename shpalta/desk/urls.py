from django.urls import path

from . import views, views_history, views_moderation, views_photos

app_name = "desk"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("comments/", views_moderation.comments, name="comments"),
    path("comments/bulk/", views_moderation.comments_bulk, name="comments-bulk"),
    path("readers/<int:user_id>/", views_moderation.reader, name="reader"),
    path("moderation-log/", views_moderation.moderation_log, name="moderation-log"),
    path("photos/", views_photos.photo_list, name="photo-list"),
    path("photos/upload/", views_photos.photo_upload, name="photo-upload"),
    path("photos/<int:pk>/", views_photos.photo_edit, name="photo-edit"),
    path("photos/search.json", views_photos.photo_search, name="photo-search"),
    path("articles/<int:pk>/history/", views_history.article_history, name="article-history"),
    path(
        "articles/<int:pk>/history/<int:rev_id>/restore/",
        views_history.revision_restore,
        name="revision-restore",
    ),
    path("articles/<int:pk>/preview/", views_history.article_preview, name="article-preview"),
    path(
        "articles/<int:pk>/preview/<int:rev_id>/",
        views_history.revision_preview,
        name="revision-preview",
    ),
    path("audit/", views_history.audit, name="audit"),
]
