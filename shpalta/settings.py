"""Shpalta settings: one file, configured only by environment variables.

Local defaults need nothing installed: SQLite in WAL mode, local-memory cache and
media on disk, all under the git-ignored data folder. Production mode
(``SHPALTA_PRODUCTION=1``) refuses to start without real settings.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


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

if PRODUCTION:
    missing = [
        name
        for name, value in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS))
        if not value
    ]
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
    "shpalta.accounts",
    "shpalta.news",
    "shpalta.search",
    "shpalta.comments",
    "shpalta.desk",
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
            "NAME": DATA_DIR / "db.sqlite3",
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

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "shpalta"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

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
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = int(os.environ.get("SHPALTA_VERIFY_DAYS", "3"))
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a click shows a button; link scanners confirm nothing
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
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
# the cache (Redis when REDIS_URL is set, so all processes share them).
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
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("SHPALTA_TRUSTED_PROXY_COUNT", "0"))

# Email: files in data/mail/ locally (open them to follow links); SMTP in production.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Шпальта <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST") or PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
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
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded images bigger than this are refused before Pillow decodes them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Photo uploads (news.photos): largest file in bytes and largest picture in pixels, read
# from the header before any decoding (decompression bombs).
SHPALTA_IMAGE_MAX_BYTES = int(os.environ.get("SHPALTA_IMAGE_MAX_BYTES", 10 * 1024 * 1024))
SHPALTA_IMAGE_MAX_PIXELS = int(os.environ.get("SHPALTA_IMAGE_MAX_PIXELS", 40_000_000))

# Public pages: how long browsers (max-age), shared caches (s-maxage) and our own
# page cache keep them. Publishing bumps the cache generation, so editors see
# changes at once in our cache; browsers and CDNs honour these ages.
PAGE_MAX_AGE = int(os.environ.get("SHPALTA_PAGE_MAX_AGE", "60"))
PAGE_S_MAXAGE = int(os.environ.get("SHPALTA_PAGE_S_MAXAGE", "300"))
PAGE_CACHE_SECONDS = int(os.environ.get("SHPALTA_PAGE_CACHE_SECONDS", "300"))

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
# Absolute URLs in metadata (canonical, Open Graph) use the request's host unless set.
SITE_URL = os.environ.get("SHPALTA_SITE_URL", "").rstrip("/")

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
        "img-src": ["'self'", "data:"],
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
    SECURE_HSTS_SECONDS = int(os.environ.get("SHPALTA_HSTS_SECONDS", str(365 * 24 * 3600)))
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
COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("SHPALTA_COMMENTS_CLOSE_DAYS", "30"))  # 0: never
COMMENTS_PROBATION = int(os.environ.get("SHPALTA_COMMENTS_PROBATION", "2"))  # first K held
COMMENTS_MAX_LINKS = 2  # more links than this holds a comment
COMMENTS_MIN_INTERVAL = int(os.environ.get("SHPALTA_COMMENTS_MIN_INTERVAL", "20"))  # seconds
COMMENTS_PER_HOUR = int(os.environ.get("SHPALTA_COMMENTS_PER_HOUR", "30"))
COMMENTS_REPORT_THRESHOLD = 3  # open reports that hide a comment pending review
COMMENTS_EDIT_MINUTES = 15
COMMENTS_PER_PAGE = 20
COMMENTS_REPLIES_SHOWN = 3
COMMENTS_PAGE_MAX_AGE = 5  # seconds a page of comments may be cached
