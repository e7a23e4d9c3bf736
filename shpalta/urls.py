from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import include, path
from django.views.static import serve

from shpalta.news.views import robots_txt


def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Local media from the data folder (MEDIA_ROOT read per request, as tests change it)."""
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))


# One sign-in page for everyone: the back office uses the throttled reader sign-in too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("shpalta.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("robots.txt", robots_txt, name="robots"),
    path("search/", include("shpalta.search.urls")),
    path("comments/", include("shpalta.comments.urls")),
    path("desk/", include("shpalta.desk.urls")),
    path("metrics/", include("shpalta.metrics.urls")),
    path("live/", include("shpalta.live.urls")),
    path("", include("shpalta.frontpage.urls")),
    path("", include("shpalta.pages.urls")),
    path("", include("shpalta.news.urls")),
]

if not settings.PRODUCTION and settings.MEDIA_URL.startswith("/"):
    # Local media from the data folder; production serves media from a web server or S3.
    urlpatterns.append(
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve_media,
        )
    )
