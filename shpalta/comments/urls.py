from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("<int:article_id>/", views.thread, name="thread"),
    path("<int:article_id>/state.json", views.state, name="state"),
    path("<int:article_id>/post/", views.post, name="post"),
    path("<int:article_id>/all/", views.all_comments, name="all"),
    path("c/<int:comment_id>/replies/", views.replies, name="replies"),
    path("c/<int:comment_id>/edit/", views.edit, name="edit"),
    path("c/<int:comment_id>/delete/", views.delete, name="delete"),
    path("c/<int:comment_id>/like/", views.like, name="like"),
    path("c/<int:comment_id>/report/", views.report, name="report"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/<int:comment_id>/", views.moderate, name="moderate"),
    path("moderation/reader/<int:user_id>/", views.moderate_reader, name="moderate-reader"),
]
