"""PCN Admin settings: every value comes from the environment (see .env.example).

Settings fail closed: DEBUG is off unless asked for, and outside debug a SECRET_KEY must be given.
"""

import tempfile
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see .env.example); "
            "for local development run with DEBUG=true."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The address people open PCN Admin at, for the links in e-mails (which have no request to take
# the host from): by default the first allowed host over HTTPS, or the development server.
SITE_URL = env.str(
    "SITE_URL",
    default="http://127.0.0.1:8000"
    if DEBUG or not ALLOWED_HOSTS
    else f"https://{ALLOWED_HOSTS[0]}",
).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "mailer",
    "pcnadmin",
    "networks",
    "funding",
    "workforce",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "pcnadmin.middleware.ContentSecurityPolicyMiddleware",
    "pcnadmin.middleware.RejectNulMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if env.bool("BENCHMARK_QUERY_COUNT", default=False):
    MIDDLEWARE.insert(0, "pcnadmin.middleware.QueryCountHeaderMiddleware")

ROOT_URLCONF = "pcnadmin.urls"

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
                "networks.context_processors.scope",
                "funding.context_processors.year_banner",
            ],
        },
    },
]

FORM_RENDERER = "pcnadmin.form_renderer.FormRenderer"

WSGI_APPLICATION = "pcnadmin.wsgi.application"

# An embedded SQLite database when DATABASE_URL is unset (make run); PostgreSQL in CI and production.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Login throttling: after AXES_FAILURE_LIMIT failures a username (from that address) is locked for AXES_COOLOFF_TIME.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, reading the person's scope with the session's user (one query).
    "networks.backends.ScopedModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=60))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # a username from one address
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address behind a proxy, read through django-ipware (see docs/deployment.md). By
# default only the connecting address counts, so a client cannot choose its address by sending
# its own X-Forwarded-For. Behind load balancers: AXES_IPWARE_META_PRECEDENCE_ORDER names
# HTTP_X_FORWARDED_FOR first, and AXES_IPWARE_PROXY_COUNT says how many proxy addresses follow
# the client's in it (0 behind one load balancer); a header with any other number of addresses
# counts against the connecting address.
AXES_IPWARE_META_PRECEDENCE_ORDER = tuple(
    env.list("AXES_IPWARE_META_PRECEDENCE_ORDER", default=["REMOTE_ADDR"])
)
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=None)
AXES_IPWARE_PROXY_ORDER = "left-most"
if AXES_IPWARE_PROXY_COUNT is not None and AXES_IPWARE_META_PRECEDENCE_ORDER == ("REMOTE_ADDR",):
    raise ImproperlyConfigured(
        "AXES_IPWARE_PROXY_COUNT is set but AXES_IPWARE_META_PRECEDENCE_ORDER reads only "
        "REMOTE_ADDR: set it to HTTP_X_FORWARDED_FOR,REMOTE_ADDR behind a proxy."
    )

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Evidence files live outside the web root and are served only through a scoped view.
        "OPTIONS": {"location": env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "evidence")},
    },
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Mail goes through an outbox (django-mailer): Django's EMAIL_BACKEND writes each message to a
# table in the same transaction as the change it announces, and the mail worker
# (`manage.py send_mail`, `retry_deferred`, or the `runmailer` loop; docs/deployment.md) sends it
# with MAILER_EMAIL_BACKEND. No request waits on a mail server.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="mailer.backend.DbBackend")
MAILER_EMAIL_BACKEND = env.str(
    "MAILER_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# A message the mail server refuses, or that cannot be sent at all, is deferred and the worker
# goes on with the next (retry_deferred puts deferred ones back in the queue).
MAILER_ERROR_HANDLER = "pcnadmin.mail.defer_on_failure"
MAILER_EMPTY_QUEUE_SLEEP = env.int("MAILER_EMPTY_QUEUE_SLEEP", default=30)
MAILER_USE_FILE_LOCK = env.bool("MAILER_USE_FILE_LOCK", default=True)
# One sender at a time per host: the worker takes a file lock (MAILER_LOCK_PATH + ".lock").
MAILER_LOCK_PATH = env.str(
    "MAILER_LOCK_PATH", default=str(Path(tempfile.gettempdir()) / "pcnadmin-send_mail")
)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="pcn-admin@localhost")

# Sessions end after SESSION_COOKIE_AGE seconds (default 8 hours) and with the browser.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

DJANGO_TABLES2_TEMPLATE = "tables/nhsuk_table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "nhsuk-table"}

# Upload limits: the import page and claim evidence.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=5 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}
