from django.urls import path, re_path

from . import views, views_authors

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/<int:pk>-<str:slug>/", views.article_detail, name="article"),
    path("news/<int:pk>/", views.article_by_id, name="article-short"),
    path("section/<slug:slug>/", views.section_detail, name="section"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag"),
    path("person/<slug:slug>/", views.person_detail, name="person"),
    path("source/<slug:slug>/", views.source_detail, name="source"),
    path("author/<slug:slug>/", views_authors.author_detail, name="author"),
    path("author/<slug:slug>/rss/", views_authors.author_rss, name="author-rss"),
    path("author/<slug:slug>/atom/", views_authors.author_atom, name="author-atom"),
    # Feeds: RSS 2.0 and Atom of the site and of every section, tag and person.
    path("rss/", views.site_rss, name="rss"),
    path("atom/", views.site_atom, name="atom"),
    path("section/<slug:slug>/rss/", views.section_rss, name="section-rss"),
    path("section/<slug:slug>/atom/", views.section_atom, name="section-atom"),
    path("tag/<slug:slug>/rss/", views.tag_rss, name="tag-rss"),
    path("tag/<slug:slug>/atom/", views.tag_atom, name="tag-atom"),
    path("person/<slug:slug>/rss/", views.person_rss, name="person-rss"),
    path("person/<slug:slug>/atom/", views.person_atom, name="person-atom"),
    # Sitemaps: the index names all the others.
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-news.xml", views.sitemap_news, name="sitemap-news"),
    re_path(
        r"^sitemap-articles-(?P<year>[0-9]{4})-(?P<month>[0-9]{2})\.xml$",
        views.sitemap_articles,
        name="sitemap-articles",
    ),
    re_path(
        r"^sitemap-(?P<name>sections|tags|people)\.xml$",
        views.sitemap_listing,
        name="sitemap-listing",
    ),
]
