"""duban's one settings file: every deployment difference comes from the environment.

DUBAN_ENV=development (default) runs on SQLite with debug pages; DUBAN_ENV=production requires
SECRET_KEY and ALLOWED_HOSTS from the environment and turns on every transport protection.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DUBAN_VAR_DIR", BASE_DIR / "var"))

DUBAN_ENV = os.environ.get("DUBAN_ENV", "development")
PRODUCTION = DUBAN_ENV == "production"


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


if PRODUCTION:
    try:
        SECRET_KEY = os.environ["SECRET_KEY"]
    except KeyError as exc:  # a production secret must never fall back to a default
        raise ImproperlyConfigured("生产环境必须设置 SECRET_KEY 环境变量") from exc
    ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("生产环境必须设置 ALLOWED_HOSTS 环境变量")
    DEBUG = False
else:
    # Development only: a fixed, obviously-unsafe key so sessions survive restarts.
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    DEBUG = os.environ.get("DEBUG", "1") == "1"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "duban.core",
    "duban.audit",
    "duban.accounts",
    "duban.orgs",
    "duban.projects",
    "duban.targets",
    "duban.reports",
    "duban.supervision",
    "duban.assessment",
    "duban.screen",
    "duban.transfer",
    "duban.intake",
    "duban.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "duban.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "duban.core.middleware.SecurityHeadersMiddleware",
    "duban.core.middleware.SessionTimeoutMiddleware",
    "duban.core.middleware.ForcePasswordChangeMiddleware",
    "duban.core.middleware.SeparationOfDutiesMiddleware",
]

ROOT_URLCONF = "duban.urls"
WSGI_APPLICATION = "duban.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "duban" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "duban.core.context_processors.duban",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'duban.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the screen and reports read while a unit saves; busy timeout avoids spurious locks.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    # Write transactions take the lock at BEGIN and wait for it (busy timeout), instead of
    # failing with "database is locked" when a read inside them must upgrade to a write
    # (seen under the load bench: audit chain head read, then insert).
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "duban.accounts.validators.DubanPasswordValidator"},
]

# Chinese first: Simplified Chinese is the source language of every UI string; English is a
# translation catalogue that can be switched on per session.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "duban" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Outside production, WhiteNoise serves straight from the apps' static folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded evidence lives outside the web root and is never served by URL; only an
# authorising view streams it (SECURITY.md E5).
MEDIA_ROOT = Path(os.environ.get("DUBAN_MEDIA_ROOT", VAR_DIR / "uploads"))
# No URL pattern serves this prefix; it exists only because Django requires a value.
MEDIA_URL = "/_private-not-served/"

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

# Sessions: Django's default is two weeks; a level-3 system sets both timeouts explicitly.
DUBAN_SESSION_IDLE_SECONDS = int(os.environ.get("DUBAN_SESSION_IDLE_SECONDS", 30 * 60))
DUBAN_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("DUBAN_SESSION_ABSOLUTE_SECONDS", 12 * 3600))
SESSION_COOKIE_AGE = DUBAN_SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "filters": {"request": {"()": "duban.core.logging.RequestContextFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- duban's own settings (the numbers a 等保 assessment asks the project to choose) ---
DUBAN_DISTRICT_NAME = os.environ.get("DUBAN_DISTRICT_NAME", "")
# The reporting month the UI opens on when none is chosen; empty means "the month before today".
DUBAN_AS_OF = os.environ.get("DUBAN_AS_OF", "")
DUBAN_REPORT_DUE_DAY = int(os.environ.get("DUBAN_REPORT_DUE_DAY", 5))
# Batch review (reports/flags.py): a month's investment is a "jump" when it is at least this many
# times last month's and at least this many 万元 above it.
DUBAN_REVIEW_JUMP_RATIO = os.environ.get("DUBAN_REVIEW_JUMP_RATIO", "3")
DUBAN_REVIEW_JUMP_MIN_WAN = os.environ.get("DUBAN_REVIEW_JUMP_MIN_WAN", "500")
# At most this many reports are shown in the queue and acted on by one batch.
DUBAN_REVIEW_BATCH_MAX = int(os.environ.get("DUBAN_REVIEW_BATCH_MAX", 300))
DUBAN_AUDIT_RETENTION_DAYS = int(os.environ.get("DUBAN_AUDIT_RETENTION_DAYS", 365))
DUBAN_PAGE_SIZE = 50
DUBAN_PUBLIC_SCREEN = os.environ.get("DUBAN_PUBLIC_SCREEN", "0") == "1"

# --- transfer (Excel/CSV import and export): file limits, checked before and while parsing.
DUBAN_IMPORT_MAX_BYTES = int(os.environ.get("DUBAN_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
DUBAN_IMPORT_MAX_ROWS = int(os.environ.get("DUBAN_IMPORT_MAX_ROWS", 50000))
DUBAN_IMPORT_MAX_COLS = int(os.environ.get("DUBAN_IMPORT_MAX_COLS", 200))
DUBAN_IMPORT_MAX_UNCOMPRESSED = int(
    os.environ.get("DUBAN_IMPORT_MAX_UNCOMPRESSED", 200 * 1024 * 1024)
)
DUBAN_IMPORT_MAX_ENTRIES = int(os.environ.get("DUBAN_IMPORT_MAX_ENTRIES", 500))
DUBAN_IMPORT_MAX_RATIO = int(os.environ.get("DUBAN_IMPORT_MAX_RATIO", 200))
# The native spreadsheet reader (calamine) runs in a child process: at most this many bytes of
# address space above the process's own size, and this many seconds (transfer/isolation.py).
DUBAN_IMPORT_READER_MEMORY = int(os.environ.get("DUBAN_IMPORT_READER_MEMORY", 2 * 1024**3))
DUBAN_IMPORT_READER_SECONDS = int(os.environ.get("DUBAN_IMPORT_READER_SECONDS", 120))

# Evidence uploads (E1): per-file size and per-report/per-node count limits.
DUBAN_EVIDENCE_MAX_BYTES = int(os.environ.get("DUBAN_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))
DUBAN_EVIDENCE_MAX_FILES = int(os.environ.get("DUBAN_EVIDENCE_MAX_FILES", 20))

# --- security controls (SECURITY.md A–C, H); the tests read these numbers from settings ---
DUBAN_PASSWORD_MIN_LENGTH = int(os.environ.get("DUBAN_PASSWORD_MIN_LENGTH", 10))
DUBAN_LOCKOUT_THRESHOLD = int(os.environ.get("DUBAN_LOCKOUT_THRESHOLD", 5))
DUBAN_LOCKOUT_MINUTES = int(os.environ.get("DUBAN_LOCKOUT_MINUTES", 30))
DUBAN_DORMANT_DAYS = int(os.environ.get("DUBAN_DORMANT_DAYS", 90))
DUBAN_OTP_ISSUER = os.environ.get("DUBAN_OTP_ISSUER", "duban")
# Keys of the encrypted columns (duban.core.crypto), comma-separated Fernet keys, newest first;
# unset: one key derived from SECRET_KEY. Generate one with `duban field-key`.
DUBAN_FIELD_KEYS = _env_list("DUBAN_FIELD_KEY")
# Minutes a password-verified privileged user has to enter the TOTP code.
DUBAN_OTP_PENDING_SECONDS = 300
DUBAN_BACKUP_DIR = Path(os.environ.get("DUBAN_BACKUP_DIR", VAR_DIR / "backups"))
PASSWORD_RESET_TIMEOUT = 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
