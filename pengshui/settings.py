"""Settings for the Pengshui four-batches ledger.

Every value that may differ between machines is read from the environment in the
block below, and nowhere else. See `.env.example` for the full list.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str, minimum: int | None = None) -> int:
    value = os.environ.get(name, default)
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def envorigins(name: str) -> list[str]:
    """A comma-separated list of origins, each with its scheme (https://ledger.example.gov.cn)."""
    origins = [o.strip() for o in os.environ.get(name, "").split(",") if o.strip()]
    for origin in origins:
        if not origin.startswith(("https://", "http://")) or origin.count("/") != 2:
            raise ImproperlyConfigured(f"{name} must list origins like https://host[:port], not {origin!r}")
    return origins


# ---- environment -----------------------------------------------------------
DEBUG = envbool("DJANGO_DEBUG", "false")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
# The county of a superuser without a unit and of the command line (D113): Pengshui.
DEFAULT_COUNTY_CODE = os.environ.get("DEFAULT_COUNTY_CODE", "500243")
if not (len(DEFAULT_COUNTY_CODE) == 6 and DEFAULT_COUNTY_CODE.isdigit()):
    raise ImproperlyConfigured(f"DEFAULT_COUNTY_CODE must be a 6-digit county code, not {DEFAULT_COUNTY_CODE!r}")
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", "28800", minimum=60)  # 8 hours of a working day
IDLE_TIMEOUT_MINUTES = envint("IDLE_TIMEOUT_MINUTES", "30", minimum=1)
# HTTPS behind a proxy (nginx): see README, "Production".
BEHIND_PROXY = envbool("SECURE_PROXY_SSL_HEADER", "false")
CSRF_TRUSTED_ORIGINS = envorigins("CSRF_TRUSTED_ORIGINS")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0", minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "false")
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "true" if SESSION_COOKIE_SECURE else "false")
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "10", minimum=3)
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", "30", minimum=1)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
UPLOAD_MAX_MB = envint("UPLOAD_MAX_MB", "20")
# The background queue (django-q2): the database is its broker unless REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")  # also the shared cache and the sessions' cache (docs/deploy.md)
# A streaming read replica of the database, read by the exports and the reports only (D121).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
# Stored files on an S3-compatible object store instead of MEDIA_ROOT when a bucket is named.
STORAGE_S3_BUCKET = os.environ.get("STORAGE_S3_BUCKET", "")
STORAGE_S3_ENDPOINT_URL = os.environ.get("STORAGE_S3_ENDPOINT_URL", "")  # e.g. https://obs.cq.gov.example
STORAGE_S3_REGION = os.environ.get("STORAGE_S3_REGION", "")
STORAGE_S3_ACCESS_KEY = os.environ.get("STORAGE_S3_ACCESS_KEY", "")
STORAGE_S3_SECRET_KEY = os.environ.get("STORAGE_S3_SECRET_KEY", "")
STORAGE_S3_PREFIX = os.environ.get("STORAGE_S3_PREFIX", "").strip("/")  # a folder inside the bucket
STORAGE_S3_CUSTOM_DOMAIN = os.environ.get("STORAGE_S3_CUSTOM_DOMAIN", "")  # empty: none
STORAGE_S3_QUERYSTRING_AUTH = envbool("STORAGE_S3_QUERYSTRING_AUTH", "true")
STORAGE_S3_ADDRESSING_STYLE = os.environ.get("STORAGE_S3_ADDRESSING_STYLE", "")  # "path" for most private clouds
# Whether `manage.py backup` copies the stored files into its archive: yes on the file system;
# not by default on an object store, which keeps them with its own versioning (docs/deploy.md).
BACKUP_FILES = envbool("BACKUP_FILES", "true") if os.environ.get("BACKUP_FILES", "").strip() else not STORAGE_S3_BUCKET
# A background job's file (a forms workbook, an archive package) is deleted this many days after.
JOB_FILE_DAYS = envint("JOB_FILE_DAYS", "7", minimum=1)
QUEUE_WORKERS = envint("QUEUE_WORKERS", "2", minimum=1)
QUEUE_TIMEOUT = envint("QUEUE_TIMEOUT", "900", minimum=60)  # seconds a job may run
# Notifications by e-mail (off by default); in development the mail is printed to the console.
NOTIFY_BY_EMAIL = envbool("NOTIFY_BY_EMAIL", "false")
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")  # the links in e-mails, e.g. https://ledger.pengshui.gov.cn
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25", minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
# ---------------------------------------------------------------------------

if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)

# The proxy sets X-Forwarded-Proto (and X-Forwarded-For, read by pengshui.accounts.client_address).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_tables2",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "axes",
    "csp",
    "django_q",
    "ledger",
    "approvals",
    "pengshui",  # the commands that span both apps (seed_demo, bench_*)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pengshui.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Every page requires log-in; the public views are marked login_not_required (pengshui/urls.py).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "pengshui.middleware.PasswordChangeRequiredMiddleware",
    # The security and the audit administrator open only their own pages (三员分立).
    "pengshui.middleware.RoleConfinementMiddleware",
    # Keeps the request for the audit trail and records every file served.
    "pengshui.middleware.AuditMiddleware",
    "pengshui.middleware.MissingMediaMiddleware",
    # Last, as django-axes asks: it turns a refused log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pengshui.urls"

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
                "ledger.access.context_processor",
                "ledger.access.county_context_processor",
            ],
        },
    },
]

WSGI_APPLICATION = "pengshui.wsgi.application"

# One background queue for long and scheduled work (D86): the forms workbook, the archive
# package, large imports, closing due notices, the monthly versions. `manage.py qcluster`
# runs it (`make run` starts it with the server). A task is retried only after `retry`
# seconds, longer than `timeout`, so a slow job is never run twice at once.
Q_CLUSTER: dict[str, object] = {
    "name": "pengshui",
    "workers": QUEUE_WORKERS,
    "timeout": QUEUE_TIMEOUT,
    "retry": QUEUE_TIMEOUT + 100,
    "max_attempts": 1,
    "queue_limit": 20,
    "recycle": 50,  # a worker is replaced after 50 tasks, returning what a big export took
    "save_limit": 500,
    "catch_up": False,  # a schedule missed while the worker was down runs once, not once per miss
    "orm": "default",
    "label": "后台任务",
}
if REDIS_URL:
    Q_CLUSTER.pop("orm")
    Q_CLUSTER["redis"] = REDIS_URL

if DATABASE_URL:
    # A worker keeps its connection for a minute (no new connection per request); one checked
    # at the start of each request it is reused in, so a restarted PostgreSQL costs no error.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BASE_DIR / "db.sqlite3"),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
# The replica (D121): pengshui.routers sends the reads of the exports and the reports there
# (ledger.replica.reading_from_replica), everything else and every write to "default".
# READ_REPLICA names the alias the router uses; empty: everything reads from "default".
READ_REPLICA = ""
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    READ_REPLICA = "replica"
DATABASE_ROUTERS = ["pengshui.routers.ReplicaRouter"]

# Shared by every app server when REDIS_URL is set (D122): the cache (the public page's
# 60 s cache) and the sessions' cache; local memory of one process otherwise.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pengshui",
            "TIMEOUT": 300,
            # A Redis that does not answer fails a request (and /healthz) in seconds, not minutes.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
        }
    }
    # Sessions are written to the database and read through the cache: a Redis restart logs
    # no one out, and any app server finds the session.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pengshui"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "ledger.User"
# The classified-protection baseline (GB/T 22239-2019): length, character classes, not the
# user name, not a common password. See docs/decisions.md.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "ledger.validators.NotUsernameValidator"},
    {"NAME": "ledger.validators.ChineseMinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "ledger.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out log-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "pengshui.accounts.CountyBackend",
]
# Lock the account after LOGIN_FAILURE_LIMIT failures from anywhere, and the address after as
# many failures on any accounts; a lockout ends LOGIN_LOCKOUT_MINUTES after the last failure,
# or when the security administrator lifts it (/security/; manage.py axes_reset_username).
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "pengshui.accounts.lockout_response"
AXES_CLIENT_IP_CALLABLE = "pengshui.accounts.client_address"
# Lockouts are lifted by the security administrator on the security page (三员分立), not in
# the admin site, which the system administrator uses.
AXES_ENABLE_ADMIN = False
# Failures and lockouts are rows in the database (django-axes' database handler), so every app
# server sees the same lockouts (docs/deploy.md).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The audit trail is kept at least six months (GB/T 22239-2019); prune_audit never goes below.
AUDIT_RETENTION_MINIMUM_DAYS = 180
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "180"))
if AUDIT_RETENTION_DAYS < AUDIT_RETENTION_MINIMUM_DAYS:
    raise ImproperlyConfigured("AUDIT_RETENTION_DAYS must be at least 180 (six months, GB/T 22239-2019).")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# The office's wording for Django's own messages (D99): these come before Django's catalogues.
LOCALE_PATHS = [BASE_DIR / "pengshui" / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]


def s3_storage() -> dict[str, object]:
    """The S3Storage of django-storages on the bucket the environment names (D123)."""
    options: dict[str, object] = {
        "bucket_name": STORAGE_S3_BUCKET,
        "location": STORAGE_S3_PREFIX,
        "querystring_auth": STORAGE_S3_QUERYSTRING_AUTH,
        "custom_domain": None if STORAGE_S3_CUSTOM_DOMAIN.lower() in ("", "none") else STORAGE_S3_CUSTOM_DOMAIN,
        "file_overwrite": False,  # a second upload of the same name gets its own key, as on disk
        "default_acl": None,  # the bucket's own policy: private
    }
    if STORAGE_S3_ENDPOINT_URL:
        options["endpoint_url"] = STORAGE_S3_ENDPOINT_URL
    if STORAGE_S3_REGION:
        options["region_name"] = STORAGE_S3_REGION
    if STORAGE_S3_ACCESS_KEY or STORAGE_S3_SECRET_KEY:
        options["access_key"], options["secret_key"] = STORAGE_S3_ACCESS_KEY, STORAGE_S3_SECRET_KEY
    if STORAGE_S3_ADDRESSING_STYLE:
        options["addressing_style"] = STORAGE_S3_ADDRESSING_STYLE
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": s3_storage() if STORAGE_S3_BUCKET else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_MB * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Selects written in Python, as the templates write them (pengshui/renderers.py)
FORM_RENDERER = "pengshui.renderers.QuickSelectRenderer"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "pengshui.views.csrf_failure"

# Only our own scripts, styles, images and fonts: no inline script or style on any page
# (tests/security/test_csp.py reads every template for one).
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
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
