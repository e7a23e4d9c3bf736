from django.urls import path

from . import (
    views,
    views_articles,
    views_frontpage,
    views_history,
    views_live,
    views_moderation,
    views_photos,
)

app_name = "desk"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # Stories and the editor (views_articles).
    path("articles/new/", views_articles.article_new, name="article-new"),
    path("articles/<int:pk>/edit/", views_articles.article_edit, name="article-edit"),
    path("articles/autosave/", views_articles.article_autosave, name="article-autosave"),
    path("articles/<int:pk>/autosave/", views_articles.article_autosave, name="article-autosave"),
    path("articles/<int:pk>/submit/", views_articles.article_submit, name="article-submit"),
    path("articles/<int:pk>/publish/", views_articles.article_publish, name="article-publish"),
    path("articles/<int:pk>/schedule/", views_articles.article_schedule, name="article-schedule"),
    path("articles/<int:pk>/return/", views_articles.article_return, name="article-return"),
    path(
        "articles/<int:pk>/unpublish/", views_articles.article_unpublish, name="article-unpublish"
    ),
    path("articles/<int:pk>/correct/", views_articles.article_correct, name="article-correct"),
    path("articles/suggest.json", views_articles.article_suggest, name="article-suggest"),
    path("autocomplete.json", views_articles.autocomplete, name="autocomplete"),
    path("terms/new/", views_articles.term_create, name="term-create"),
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
    path("frontpage/", views_frontpage.frontpage, name="frontpage"),
    path("frontpage/banner/", views_frontpage.banner, name="frontpage-banner"),
    path("live/", views_live.live_list, name="live-list"),
    path("articles/<int:pk>/live/", views_live.live_desk, name="live"),
    path("articles/<int:pk>/live/start/", views_live.live_start, name="live-start"),
    path("articles/<int:pk>/live/end/", views_live.live_end, name="live-end"),
    path("articles/<int:pk>/live/<int:entry_id>/", views_live.live_entry_edit, name="live-entry"),
    path(
        "articles/<int:pk>/live/<int:entry_id>/key/",
        views_live.live_entry_key,
        name="live-entry-key",
    ),
    path(
        "articles/<int:pk>/live/<int:entry_id>/delete/",
        views_live.live_entry_delete,
        name="live-entry-delete",
    ),
]
