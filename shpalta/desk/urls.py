from django.urls import path

from . import views, views_articles

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
]
