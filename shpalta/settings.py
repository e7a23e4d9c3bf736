"""Shpalta settings: one file, configured only by environment variables.

Local defaults need nothing installed: SQLite in WAL mode (which also keeps rate limits),
a local-memory page cache and media on disk, all under the git-ignored data folder.
Production mode (``SHPALTA_PRODUCTION=1``) refuses to start without real settings; a
malformed value (``DEBUG=ture``, ``SHPALTA_PAGE_CACHE_SECONDS=5m``) always stops start-up.
"""

import os
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no variable; a typo (``DEBUG=ture``) stops start-up instead of reading as no."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: "
        f"use one of {', '.join(_TRUE)} (yes) or {', '.join(_FALSE)} (no)."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """A whole number from the environment, at least ``minimum``; anything else stops start-up."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is too small: it must be at least {minimum}.")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_bool("SHPALTA_PRODUCTION")
DATA_DIR = Path(os.environ.get("SHPALTA_DATA_DIR", BASE_DIR / "data")).resolve()


def _local_secret_key() -> str:
    """Read the development key from the data folder, creating it on first run."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
# Absolute URLs in metadata (canonical, Open Graph) use the request's host unless set.
SITE_URL = os.environ.get("SHPALTA_SITE_URL", "").strip().rstrip("/")
if SITE_URL and not re.match(r"^https?://[^/?#\s]+$", SITE_URL):
    raise ImproperlyConfigured(
        f"SHPALTA_SITE_URL={SITE_URL!r} must be the site's public address, "
        "e.g. https://news.example.ua (no path)."
    )

if PRODUCTION:
    required = (
        ("SECRET_KEY", SECRET_KEY),
        ("ALLOWED_HOSTS", ALLOWED_HOSTS),
        ("SHPALTA_SITE_URL", SITE_URL),  # canonical links must not follow a Host header
    )
    missing = [name for name, value in required if not value]
    if missing:
        raise ImproperlyConfigured(
            f"Production mode needs these environment variables: {', '.join(missing)}"
        )
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")) and not env_bool(
        "SHPALTA_ALLOW_SQLITE"
    ):
        raise ImproperlyConfigured(
            "Production mode needs DATABASE_URL pointing to PostgreSQL "
            "(set SHPALTA_ALLOW_SQLITE=1 to run a small site on SQLite on purpose)."
        )
    DEBUG = False
else:
    SECRET_KEY = SECRET_KEY or _local_secret_key()
    DEBUG = env_bool("DEBUG")
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "csp",
    "shpalta.lib",
    "shpalta.accounts",
    "shpalta.news",
    "shpalta.search",
    "shpalta.people",
    "shpalta.comments",
    "shpalta.desk",
    "shpalta.frontpage",
    "shpalta.live",
    "shpalta.ops",
    "shpalta.metrics",
    "shpalta.pages",
    "django_tasks",
    "django_tasks_db",
    "django_prose_editor",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "shpalta.lib.security.PermissionsPolicyMiddleware",
    "shpalta.lib.dbrouter.ReplicaMiddleware",
]

ROOT_URLCONF = "shpalta.urls"
WSGI_APPLICATION = "shpalta.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shpalta.news.context_processors.site",
                "shpalta.pages.context_processors.publisher",
            ],
        },
    },
]

# Database: SQLite by default (WAL, busy timeout, immediate transactions so
# concurrent writers wait instead of failing); DATABASE_URL switches to PostgreSQL.
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "db.sqlite3"),
            # Keep connections: opening one and running the PRAGMAs costs more than a page.
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 5,
            },
        }
    }
if os.environ.get("TEST_DATABASE_NAME"):
    # Lets parallel test runs (several checkouts) share one PostgreSQL server.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def page_cache(redis_url: str = "") -> dict:
    """The page cache: local memory, or Redis (may evict; short timeouts, since a Redis
    that stopped answering must not hold requests up: pages are then served uncached)."""
    if not redis_url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "shpalta"),
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


def _same_redis_database(a: str, b: str) -> bool:
    from redis.connection import parse_url

    def where(url: str) -> tuple:
        found = parse_url(url)
        return (found.get("host"), found.get("port", 6379), found.get("path"), found.get("db", 0))

    return where(a) == where(b)


# Two stores (docs/architecture.md, «Two stores»). "pages" keeps rendered public pages and
# may forget them. "default" keeps what must never be forgotten by page traffic: rate
# limits, sign-in locks and purge times (shpalta.lib.limits), in the database or in a Redis
# of its own. It is the default alias because django-allauth counts in the default cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
LIMITS_REDIS_URL = os.environ.get("SHPALTA_LIMITS_REDIS_URL", "").strip()
if LIMITS_REDIS_URL and not LIMITS_REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        "SHPALTA_LIMITS_REDIS_URL must be a redis://, rediss:// or unix:// address; "
        "leave it empty to keep rate limits in the database."
    )
if LIMITS_REDIS_URL and REDIS_URL and _same_redis_database(LIMITS_REDIS_URL, REDIS_URL):
    raise ImproperlyConfigured(
        "SHPALTA_LIMITS_REDIS_URL must not be the page cache's Redis database (REDIS_URL): "
        "page traffic would evict sign-in locks and rate limits. Give it a Redis of its own "
        "run with maxmemory-policy noeviction, or leave it empty to use the database."
    )
CACHES = {
    "default": {"BACKEND": "shpalta.lib.limits.LimitsCache"},
    "pages": page_cache(REDIS_URL),
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2 first: new and re-hashed passwords use it; older hashes still verify.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"

# Reader accounts (django-allauth): email + password, verified email before first sign-in.
ACCOUNT_ADAPTER = "shpalta.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "shpalta.accounts.forms.SignupForm",
    "add_email": "shpalta.accounts.forms.AddEmailForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = env_int("SHPALTA_VERIFY_DAYS", 3, minimum=1)
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a click shows a button; link scanners confirm nothing
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True  # only in the browser that registered
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Sign-in protection: 5 failures per account or 20 per IP address within 15 minutes
# refuse further attempts until the oldest failure is 15 minutes old. Counters live in
# the limits store (the default cache alias), which every process shares.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/15m/ip,5/15m/key",
    "login": "30/m/ip",
    "signup": os.environ.get("SHPALTA_SIGNUP_RATE", "5/h/ip"),
    "reset_password": "20/h/ip,3/15m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
    "reauthenticate": "10/m/user",
}
# Behind a TLS-terminating proxy the client address is in X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("SHPALTA_TRUSTED_PROXY_COUNT", 0, minimum=0)

# Email: files in data/mail/ locally (open them to follow links); SMTP in production.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Шпальта <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST") or PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Media storage and read replicas (docs/deploy.md) ---------------------------------
# Media (uploads, renditions, crops) lives on local disk unless SHPALTA_S3_BUCKET names an
# S3-compatible bucket. Code only ever goes through the storage API (default_storage, a
# FieldFile), so both behave alike. Addresses point at SHPALTA_MEDIA_URL (the CDN or the
# bucket's public host): public objects, never signed query strings.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = os.environ.get("SHPALTA_MEDIA_URL", "").strip()
S3_BUCKET = os.environ.get("SHPALTA_S3_BUCKET", "").strip()
if S3_BUCKET:
    S3_ENDPOINT_URL = os.environ.get("SHPALTA_S3_ENDPOINT_URL", "").strip().rstrip("/")
    S3_REGION = os.environ.get("SHPALTA_S3_REGION", "").strip() or "us-east-1"
    # Without a CDN the bucket's own (path-style) address serves the objects.
    MEDIA_URL = MEDIA_URL or (
        f"{S3_ENDPOINT_URL}/{S3_BUCKET}/"
        if S3_ENDPOINT_URL
        else f"https://{S3_BUCKET}.s3.{S3_REGION}.amazonaws.com/"
    )
    _media = urlsplit(MEDIA_URL)
    if _media.scheme not in ("http", "https") or not _media.netloc:
        raise ImproperlyConfigured("SHPALTA_MEDIA_URL must be an absolute http(s) address.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "region_name": S3_REGION,
            # Unset: boto3's own chain (AWS_ACCESS_KEY_ID, ~/.aws, an instance role).
            "access_key": os.environ.get("SHPALTA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("SHPALTA_S3_SECRET_ACCESS_KEY") or None,
            # url() is then plain string work on hot pages: no signing, no request.
            "custom_domain": _media.netloc + _media.path.rstrip("/"),
            "url_protocol": f"{_media.scheme}:",
            "querystring_auth": False,
            # Public reading comes from the bucket policy (or the CDN), not per-object ACLs.
            "default_acl": None,
            # Two uploads called «photo.jpg» must not overwrite each other (as on disk).
            "file_overwrite": False,
            # A changed picture always gets a new name (crops carry the focal point).
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
MEDIA_URL = MEDIA_URL or "/media/"
if not MEDIA_URL.endswith("/"):
    MEDIA_URL += "/"
# Browsers may load pictures from the media host (Content-Security-Policy img-src).
MEDIA_ORIGINS = [
    f"{_m.scheme}://{_m.netloc}" for _m in [urlsplit(MEDIA_URL)] if _m.scheme and _m.netloc
]

# PostgreSQL streaming replicas (comma-separated URLs) become the aliases replica1..N.
# shpalta.lib.dbrouter sends reader pages' reads to one that is up and at most
# SHPALTA_REPLICA_MAX_LAG seconds behind; everything else reads and writes the primary.
# Under the test runner they mirror "default", so the suite still sees one database.
REPLICA_MAX_LAG = float(os.environ.get("SHPALTA_REPLICA_MAX_LAG", "5"))
# Our scripts ask for the primary this many seconds after the reader wrote something.
PRIMARY_AFTER_WRITE = int(os.environ.get("SHPALTA_PRIMARY_AFTER_WRITE", "10"))
DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs a PostgreSQL DATABASE_URL.")
    _replica = dj_database_url.parse(_url, conn_max_age=600, conn_health_checks=True)
    # A replica that is down must cost a reader a moment, not a timeout.
    _replica["OPTIONS"] = {**_replica.get("OPTIONS", {}), "connect_timeout": 2}
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["shpalta.lib.dbrouter.ReplicaRouter"]
# ---------------------------------------------------------------------------------------------

# Uploaded images bigger than this are refused before Pillow decodes them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Photo uploads (news.photos): largest file in bytes and largest picture in pixels, read
# from the header before any decoding (decompression bombs).
SHPALTA_IMAGE_MAX_BYTES = env_int("SHPALTA_IMAGE_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
SHPALTA_IMAGE_MAX_PIXELS = env_int("SHPALTA_IMAGE_MAX_PIXELS", 40_000_000, minimum=1)

# Public pages: how long browsers (max-age), shared caches (s-maxage) and our own
# page cache keep them. Publishing bumps the cache generation, so editors see
# changes at once in our cache; browsers and CDNs honour these ages.
PAGE_MAX_AGE = env_int("SHPALTA_PAGE_MAX_AGE", 60, minimum=0)
PAGE_S_MAXAGE = env_int("SHPALTA_PAGE_S_MAXAGE", 300, minimum=0)
PAGE_CACHE_SECONDS = env_int("SHPALTA_PAGE_CACHE_SECONDS", 300, minimum=0)

# Purging: after Django's cache is cleared for the changed keys, each hook (a dotted
# path to a function taking the list of surrogate keys) runs in a background task, e.g.
# a CDN's purge-by-tag call. SHPALTA_PURGE_URL sets up the bundled HTTP hook.
PURGE_URL = os.environ.get("SHPALTA_PURGE_URL", "")
PURGE_HOOKS = [h for h in os.environ.get("SHPALTA_PURGE_HOOKS", "").split(",") if h.strip()]
if PURGE_URL:
    PURGE_HOOKS.append("shpalta.news.caching.http_purge_hook")

# --- Edge caches and health checks (docs/edge.md, docs/deploy.md) -------------------------
# Purge hooks for Varnish (xkey soft purge, deploy/varnish), Fastly and Cloudflare; setting
# a service's address or id turns its hook on. The API base URLs change only for tests.
VARNISH_URLS = env_list("SHPALTA_VARNISH_URLS")  # e.g. http://10.0.0.5:6081/,http://…
VARNISH_PURGE_SECRET = os.environ.get("SHPALTA_VARNISH_PURGE_SECRET", "")
FASTLY_API_URL = os.environ.get("SHPALTA_FASTLY_API_URL", "https://api.fastly.com").rstrip("/")
FASTLY_SERVICE_ID = os.environ.get("SHPALTA_FASTLY_SERVICE_ID", "")
FASTLY_TOKEN = os.environ.get("SHPALTA_FASTLY_TOKEN", "")
CLOUDFLARE_API_URL = os.environ.get(
    "SHPALTA_CLOUDFLARE_API_URL", "https://api.cloudflare.com/client/v4"
).rstrip("/")
CLOUDFLARE_ZONE_ID = os.environ.get("SHPALTA_CLOUDFLARE_ZONE_ID", "")
CLOUDFLARE_TOKEN = os.environ.get("SHPALTA_CLOUDFLARE_TOKEN", "")
if VARNISH_URLS and not VARNISH_PURGE_SECRET:
    raise ImproperlyConfigured("SHPALTA_VARNISH_URLS needs SHPALTA_VARNISH_PURGE_SECRET")
for _enabled, _hook in (
    (VARNISH_URLS, "shpalta.news.edge.varnish_purge"),
    (FASTLY_SERVICE_ID, "shpalta.news.edge.fastly_purge"),
    (CLOUDFLARE_ZONE_ID, "shpalta.news.edge.cloudflare_purge"),
):
    if _enabled and _hook not in PURGE_HOOKS:
        PURGE_HOOKS.append(_hook)
# /healthz and /readyz answer before any other middleware: no host check, no HTTPS
# redirect, no session (load balancers and Varnish's probe ask by IP over plain HTTP).
MIDDLEWARE.insert(0, "shpalta.lib.health.HealthCheckMiddleware")
# --- end of edge caches and health checks ----------------------------------------------------

# Background jobs (image renditions, CDN purges) through Django's Tasks API. The default
# keeps them in the database for the worker that «make run» starts beside the web server.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("SHPALTA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

SITE_NAME = os.environ.get("SHPALTA_SITE_NAME", "Шпальта")
SITE_NAME_ACCUSATIVE = os.environ.get("SHPALTA_SITE_NAME_ACCUSATIVE") or (
    "Шпальту" if SITE_NAME == "Шпальта" else SITE_NAME  # «Дякуємо, що читаєте «Шпальту»»
)

# The imprint the Law of Ukraine «Про медіа» requires (footer, /about/, /contacts/): the
# publisher, its contacts (separated by «;») and its identifier in the media register.
# Outside production mode they default to the demo newsroom's.
PUBLISHER_NAME = os.environ.get("SHPALTA_PUBLISHER_NAME") or (
    "" if PRODUCTION else "ТОВ «Шпальта Медіа» (демонстраційний приклад)"
)
PUBLISHER_CONTACTS = os.environ.get("SHPALTA_PUBLISHER_CONTACTS") or (
    "" if PRODUCTION else "вул. Прикладна, 1, Київ, 01001; +380 44 000 00 00; newsroom@example.com"
)
MEDIA_REGISTER_ID = os.environ.get("SHPALTA_MEDIA_REGISTER_ID") or (
    "" if PRODUCTION else "R40-00000"
)

SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# No inline script anywhere: scripts are files from our origin. JSON-LD blocks are data
# (type="application/ld+json"), which script-src does not govern.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SHPALTA_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SHPALTA_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SHPALTA_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SHPALTA_HSTS_PRELOAD", True)
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
    if env_bool("SHPALTA_BEHIND_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# Comments (docs/comments.md). Mode: open, premoderated or closed, unless an article says.
COMMENTS_DEFAULT_MODE = os.environ.get("SHPALTA_COMMENTS_MODE", "open")
COMMENTS_CLOSE_AFTER_DAYS = env_int("SHPALTA_COMMENTS_CLOSE_DAYS", 30, minimum=0)  # 0: never
COMMENTS_PROBATION = env_int("SHPALTA_COMMENTS_PROBATION", 2, minimum=0)  # first K held
COMMENTS_MAX_LINKS = 2  # more links than this holds a comment
COMMENTS_MIN_INTERVAL = env_int("SHPALTA_COMMENTS_MIN_INTERVAL", 20, minimum=0)  # seconds
COMMENTS_PER_HOUR = env_int("SHPALTA_COMMENTS_PER_HOUR", 30, minimum=1)
COMMENTS_REPORT_THRESHOLD = 3  # open reports that hide a comment pending review
COMMENTS_EDIT_MINUTES = 15
COMMENTS_PER_PAGE = 20
COMMENTS_REPLIES_SHOWN = 3
COMMENTS_PAGE_MAX_AGE = 5  # seconds a page of comments may be cached

# Live blogs and open comment threads ask for news every this many seconds (shpalta/live).
LIVE_POLL_SECONDS = env_int("SHPALTA_LIVE_POLL_SECONDS", 4, minimum=1)
LIVE_PER_PAGE = 20  # entries on one page of a live blog
