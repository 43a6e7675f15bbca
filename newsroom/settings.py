"""Settings for Newsroom, read from the environment (see docs/operations.md, "Configuration")."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


# A mistyped value stops the process rather than meaning "off": DJANGO_SECURE_SSL=flase
# must not quietly turn off the HTTPS redirect, HSTS and secure cookies.
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def env_bool(name, default=False):
    """TRUE or FALSE in any case; unset or empty gives `default`."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if value.lower() not in TRUE + FALSE:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not understood: use {', '.join(TRUE)} to turn it on, "
            f"{', '.join(FALSE)} to turn it off, or leave it unset."
        )
    return value.lower() in TRUE


def env_int(name, default):
    """A whole number, 0 or more; unset or empty gives `default`."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not understood: use a whole number, 0 or more, "
            f"or leave it unset for {default}."
        )
    return int(value)


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY: it is required when DJANGO_DEBUG is off "
            "(or set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-development-only"

# The public origin, e.g. https://news.example.org. Without debug, every absolute URL
# (pages, feeds, sitemap, robots.txt, mail) is built from it, never from the request's
# Host (newsroom.middleware.SiteOriginMiddleware): stored pages are everyone's.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").strip().rstrip("/")
if SITE_URL:
    _site = urlsplit(SITE_URL)
    if _site.scheme not in {"http", "https"} or not _site.hostname or _site.path or _site.query:
        raise ImproperlyConfigured(
            f"DJANGO_SITE_URL must be the site's origin, such as https://news.example.org "
            f"(a scheme and a host, no path), not {SITE_URL!r}."
        )
elif not DEBUG:
    raise ImproperlyConfigured(
        "Set DJANGO_SITE_URL to the site's public address (e.g. https://news.example.org): "
        "it is required when DJANGO_DEBUG is off (or set DJANGO_DEBUG=1 for local development)."
    )

if DEBUG or not SITE_URL:
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
else:
    # Every request names the site once it is let in, so the site's host is always one.
    ALLOWED_HOSTS = [*env_list("DJANGO_ALLOWED_HOSTS"), urlsplit(SITE_URL).hostname]

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "simple_history",
    "django_tasks_db",
    "accounts",
    "articles",
    "digests",
    "feedback",
    "pagecache",
    "recommendations",
    "newsroom",
]

MIDDLEWARE = [
    # First: a body over the limit is refused before anything reads or spools it.
    "newsroom.middleware.BodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # After the HTTPS redirect, which must see the request's own scheme.
    "newsroom.middleware.SiteOriginMiddleware",
    # request.client_ip, for the apps that count readers by address.
    "newsroom.middleware.ClientAddressMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stored pages for readers without a session, as early as a stock cache would
    # (pagecache/__init__.py).
    "pagecache.AnonymousPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.StaffLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Stored pages made the signed-in reader's own, before URL resolution.
    "pagecache.PersonalPageMiddleware",
    # Records who made each change in the articles' history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.alternates",
            ],
        },
    },
]

DATABASES = {
    # An empty DATABASE_URL counts as unset.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
    # Tests use a file, not memory, so that concurrent clients share one database; one
    # file per test run, so that two runs in one checkout do not clobber each other.
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / f"test-db-{os.getpid()}.sqlite3"}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: on the site's short queries compiling costs more than it saves.
    # (An earlier recommendations query spent 150 ms compiling; on bench/recommendations.py's
    # data today's stays under the planner's JIT threshold, and turning JIT on changed the
    # block's median by less than the noise: measured 2026-12-02.)
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"}

# The cache holds whole pages (pagecache/__init__.py).
# It must be one cache for every worker process, or a page one worker invalidated would
# still be served by another: Redis when REDIS_URL is set (several servers), otherwise a
# table in the database (created by `manage.py createcachetable`).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        # Django's, keeping its client between calls (newsroom/cache.py).
        {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "newsroom_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    )
}
# Sessions stay on the server, so that signing out or changing the password ends a session
# everywhere at once (never signed cookies). They are read through the cache, the database
# asked only when the cache has lost one: reading one from the cache (its table on the
# default install) took 0.2 ms where reading and verifying it from the sessions table took
# 0.95 ms (bench/pages.py profile, 2026-12-02).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# "Readers who saved X also saved Y" only when at least this many readers saved both:
# with fewer, the reason would tell a reader what one or two others saved.
RECOMMENDATIONS_MIN_READERS = 5

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sign-in throttling: five failures for one account, or from one address, lock that
# account or address for 15 minutes. The lock lifts by itself, and further failures
# during it do not extend it, so nobody can lock a reader out for good.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "newsroom.clients.client_ip"
# The sign-in form posts the address as `username` (axes would read USERNAME_FIELD,
# `email`, and count every failure under no account at all); lower-cased, so that the
# spellings of one address are one account.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.throttles.sign_in_username"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# The charity's identity, set here rather than in templates: the header, <title>,
# feeds, Open Graph, structured data and mail read it. The tagline has one value per
# language (DJANGO_SITE_TAGLINE_EN, DJANGO_SITE_TAGLINE_ES); unset, the site's own
# translated tagline is used. The logo is an image URL, a path on this site (e.g.
# /static/logo.svg) or an https address, whose origin the CSP below then allows.
NEWSROOM_SITE_NAME = os.environ.get("DJANGO_SITE_NAME", "").strip() or "Newsroom"
NEWSROOM_TAGLINES = {
    code: os.environ.get(f"DJANGO_SITE_TAGLINE_{code.upper()}", "").strip()
    for code, _name in LANGUAGES
}
NEWSROOM_LOGO_URL = os.environ.get("DJANGO_SITE_LOGO_URL", "").strip()
_logo = urlsplit(NEWSROOM_LOGO_URL)
_logo_origins = [f"{_logo.scheme}://{_logo.netloc}"] if _logo.scheme and _logo.netloc else []

# A missing translation stays missing: a Spanish page never borrows English text.
MODELTRANSLATION_ENABLE_FALLBACKS = False
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# modeltranslation's tabbed admin loads jQuery UI from a CDN unless told otherwise.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

MAILERS = {
    "default": (
        {"BACKEND": "accounts.mail.ConsoleEmailBackend"}
        if DEBUG
        else {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS"),
            },
        }
    )
}
# Mail, and other slow work, is done by `manage.py db_worker` processes, from a table in
# the site's own database (accounts/mail.py; docs/operations.md, "Background worker").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Newsroom <newsroom@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Behind HTTPS (the default without debug): redirect, HSTS and cookies that never
# travel in clear text. DJANGO_SECURE_SSL=0 serves plain HTTP on a private network.
SECURE_SSL = env_bool("DJANGO_SECURE_SSL", default=not DEBUG)
SECURE_SSL_REDIRECT = SECURE_SSL
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front of the app append to X-Forwarded-For. With 0 the
# reader's address is the connection's; behind one proxy it is the one that proxy added.
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000 if SECURE_SSL else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
# Asks browsers' HSTS preload lists to take the domain: only for a domain that is
# HTTPS-only for good, subdomains included (docs/operations.md, "Running in production").
SECURE_HSTS_PRELOAD = SECURE_SSL
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_SSL
# No script reads a cookie: forms carry the CSRF token themselves.
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
# Bodies bigger than this are refused with 413 before anything reads them (uploads
# included: newsroom.middleware.BodyLimitMiddleware); the longest honest one is an
# article's two Markdown bodies posted from the admin.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Nothing is allowed unless listed; nothing inline, nothing from elsewhere but the
# charity's logo.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *_logo_origins],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Django's messages once: its default configuration gives it a console of its own in
    # debug, and they would reach this one as well.
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
