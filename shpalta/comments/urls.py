from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("<int:article_id>/", views.thread, name="thread"),
    path("<int:article_id>/state.json", views.state, name="state"),
    path("<int:article_id>/new.json", views.new_comments, name="new"),
    path("<int:article_id>/post/", views.post, name="post"),
    path("<int:article_id>/all/", views.all_comments, name="all"),
    path("c/<int:comment_id>/replies/", views.replies, name="replies"),
    path("c/<int:comment_id>/edit/", views.edit, name="edit"),
    path("c/<int:comment_id>/delete/", views.delete, name="delete"),
    path("c/<int:comment_id>/like/", views.like, name="like"),
    path("c/<int:comment_id>/report/", views.report, name="report"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # Moved to the desk (/desk/comments/); kept so bookmarks still work.
    path("moderation/", views.moved_to_desk),
    path("moderation/<int:comment_id>/", views.moved_to_desk),
    path("moderation/reader/<int:user_id>/", views.moved_to_desk),
]
