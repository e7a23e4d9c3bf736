from django.urls import path

from . import views, views_history

app_name = "desk"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
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
