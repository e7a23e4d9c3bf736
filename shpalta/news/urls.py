from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/<int:pk>-<str:slug>/", views.article_detail, name="article"),
    path("news/<int:pk>/", views.article_by_id, name="article-short"),
    path("section/<str:slug>/", views.section_detail, name="section"),
    path("tag/<str:slug>/", views.tag_detail, name="tag"),
    path("person/<str:slug>/", views.person_detail, name="person"),
    path("source/<str:slug>/", views.source_detail, name="source"),
]
