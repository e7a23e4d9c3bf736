from django.urls import path

from . import views

app_name = "metrics"

urlpatterns = [
    path("view/<int:pk>/", views.beacon, name="beacon"),
]
