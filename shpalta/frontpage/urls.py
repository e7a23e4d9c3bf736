from django.urls import path, re_path

from . import views

app_name = "frontpage"

# /news/<id>-<slug>/ and /news/<id>/ are articles (shpalta.news.urls): a day needs all
# three parts, so /news/2026/ stays article 2026's short address.
urlpatterns = [
    path("news/", views.stream, name="stream"),
    re_path(
        r"^news/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/$",
        views.stream_day,
        name="stream-day",
    ),
    path("breaking.json", views.banner, name="banner"),
]
