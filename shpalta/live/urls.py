from django.urls import path

from . import views

app_name = "live"
urlpatterns = [
    path("<int:article_id>/updates.json", views.updates, name="updates"),
    path("<int:article_id>/older/", views.older, name="older"),
    path("<int:article_id>/<int:entry_id>/", views.entry_link, name="entry"),
]
