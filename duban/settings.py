"""duban's one settings file: every deployment difference comes from the environment.

DUBAN_ENV=development (default) runs on SQLite with debug pages; DUBAN_ENV=production requires
SECRET_KEY and ALLOWED_HOSTS from the environment and turns on every transport protection.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

# Lets the code name generic Django classes (ModelAdmin[Project], CharField[str, str]) at run
# time, as strict type checking asks (django-stubs' documented companion).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
# Where the installation keeps its data (SQLite database, uploads, backups); a relative path
# is taken from the project folder.
VAR_DIR = BASE_DIR / os.environ.get("DUBAN_VAR_DIR", "var")

DUBAN_ENV = os.environ.get("DUBAN_ENV", "development")
PRODUCTION = DUBAN_ENV == "production"


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105 (development)


def _weak_secret_key(value: str) -> str:
    """Why a production SECRET_KEY is refused, or "" when it will do (Django's own rule for
    W009, plus the known development and generated-insecure keys)."""
    if len(value) < 50 or len(set(value)) < 5:
        return "SECRET_KEY 过短或过于简单（至少 50 个字符、5 种以上不同字符）"
    if value == DEV_SECRET_KEY or value.startswith("django-insecure"):
        return "SECRET_KEY 是开发用的默认密钥"
    return ""


def _bad_field_keys(keys: list[str]) -> str:
    """Why DUBAN_FIELD_KEY is refused in production, or "" (a Fernet key is 32 bytes of
    urlsafe base64; without one, encrypted columns would hang on SECRET_KEY)."""
    # deferred: only production checks its field keys.
    import base64
    import binascii

    if not keys:
        return "生产环境必须设置 DUBAN_FIELD_KEY（用 duban field-key 生成，保存在数据库和备份之外）"
    for key in keys:
        try:
            if len(base64.urlsafe_b64decode(key.encode())) != 32:
                raise ValueError
        except (ValueError, binascii.Error):
            return "DUBAN_FIELD_KEY 不是有效的密钥（应为 32 字节 urlsafe base64）"
    return ""


if PRODUCTION:
    try:
        SECRET_KEY = os.environ["SECRET_KEY"]
    except KeyError as exc:  # a production secret must never fall back to a default
        raise ImproperlyConfigured("生产环境必须设置 SECRET_KEY 环境变量") from exc
    # Refuse to start on a weak, default or missing key (issue #14), rather than run on it.
    if problem := _weak_secret_key(SECRET_KEY) or _bad_field_keys(_env_list("DUBAN_FIELD_KEY")):
        raise ImproperlyConfigured(problem)
    ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("生产环境必须设置 ALLOWED_HOSTS 环境变量")
    DEBUG = False
else:
    # Development only: a fixed, obviously-unsafe key so sessions survive restarts.
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    # Off unless asked for (DEBUG=1): the demo and every other run show the product's own
    # Chinese 404/403/500 pages, never Django's technical ones.
    DEBUG = os.environ.get("DEBUG", "0") == "1"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "duban.core",
    "duban.audit",
    "duban.files",
    "duban.workdays",
    "duban.accounts",
    "duban.orgs",
    "duban.documents",
    "duban.projects",
    "duban.targets",
    "duban.reports",
    "duban.problems",
    "duban.claims",
    "duban.people",
    "duban.tasks",
    "duban.supervision",
    "duban.assessment",
    "duban.screen",
    "duban.transfer",
    "duban.intake",
    "duban.ops",
    "duban.agreements",
    "duban.rollover",
    "duban.refdata",
    "duban.meetings",
    "duban.reminders",
    "duban.portal",
    "duban.api",
    "duban.jobs",
]

MIDDLEWARE = [
    "duban.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "duban.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "duban.core.middleware.DeniedAccessAuditMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "duban.core.middleware.YearClosedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "duban.core.middleware.SecurityHeadersMiddleware",
    "duban.accounts.middleware.SessionTimeoutMiddleware",
    "duban.accounts.middleware.ForcePasswordChangeMiddleware",
    "duban.accounts.middleware.SeparationOfDutiesMiddleware",
]

# ModelBackend, reading the user's unit with the user (duban/accounts/backends.py).
AUTHENTICATION_BACKENDS = ["duban.accounts.backends.AccountBackend"]

# Forms render their common widgets without a template per widget (duban/portal/rendering.py:
# the month grid and the ledger's filter spent most of their time in widget templates).
FORM_RENDERER = "duban.portal.rendering.FastWidgetRenderer"

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
                "duban.portal.context_processors.duban",
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
# Argon2id first (duban/accounts/hashers.py); PBKDF2 only to verify hashes stored before, each
# rewritten as Argon2id at the account's next sign-in.
PASSWORD_HASHERS = [
    "duban.accounts.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
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

# The largest request body accepted at all (a 413 before the body is read): above the largest
# single upload (imports, DUBAN_IMPORT_MAX_BYTES) with room for a few evidence files.
DUBAN_MAX_REQUEST_BYTES = int(os.environ.get("DUBAN_MAX_REQUEST_BYTES", 32 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

# Sessions: Django's default is two weeks; a level-3 system sets both timeouts explicitly.
DUBAN_SESSION_IDLE_SECONDS = int(os.environ.get("DUBAN_SESSION_IDLE_SECONDS", 30 * 60))
DUBAN_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("DUBAN_SESSION_ABSOLUTE_SECONDS", 12 * 3600))
# The server session lives as long as the absolute timeout, so an idle session is still
# there to be ended (and audited, auth.session_expired) by SessionTimeoutMiddleware when it
# comes back; with the idle timeout here, the store dropped it silently first.
SESSION_COOKIE_AGE = DUBAN_SESSION_ABSOLUTE_SECONDS
# The idle clock is written at most once a minute (SessionTimeoutMiddleware), not on every
# request: a session write is a database write and commit on every page otherwise. A session
# then ends after between IDLE - 60 and IDLE seconds without a request, never later.
DUBAN_SESSION_SEEN_RESOLUTION_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
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

# Mail (notices to account holders, B4): SMTP in production, printed to the console in
# development unless EMAIL_BACKEND says otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "duban@localhost")

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
# The business date (ISO) of a demo or what-if installation; empty means the real date.
DUBAN_TODAY = os.environ.get("DUBAN_TODAY", "")
DUBAN_REPORT_DUE_DAY = int(os.environ.get("DUBAN_REPORT_DUE_DAY", 5))
# Batch review (reports/flags.py): a month's investment is a "jump" when it is at least this many
# times last month's and at least this many 万元 above it.
DUBAN_REVIEW_JUMP_RATIO = os.environ.get("DUBAN_REVIEW_JUMP_RATIO", "3")
DUBAN_REVIEW_JUMP_MIN_WAN = os.environ.get("DUBAN_REVIEW_JUMP_MIN_WAN", "500")
# At most this many reports are shown in the queue and acted on by one batch.
DUBAN_REVIEW_BATCH_MAX = int(os.environ.get("DUBAN_REVIEW_BATCH_MAX", 300))
DUBAN_AUDIT_RETENTION_DAYS = int(os.environ.get("DUBAN_AUDIT_RETENTION_DAYS", 365))
# Audit checkpoints (duban.audit.checkpoints): the Ed25519 private key signs, on the machine
# that runs `duban audit-checkpoint`, never in the database; the public key verifies.
DUBAN_AUDIT_SIGNING_KEY = os.environ.get("DUBAN_AUDIT_SIGNING_KEY", "")
DUBAN_AUDIT_SIGNING_KEY_FILE = os.environ.get("DUBAN_AUDIT_SIGNING_KEY_FILE", "")
DUBAN_AUDIT_VERIFY_KEY = os.environ.get("DUBAN_AUDIT_VERIFY_KEY", "")
DUBAN_AUDIT_VERIFY_KEY_FILE = os.environ.get("DUBAN_AUDIT_VERIFY_KEY_FILE", "")
DUBAN_PAGE_SIZE = 50
DUBAN_PUBLIC_SCREEN = os.environ.get("DUBAN_PUBLIC_SCREEN", "0") == "1"
# Client addresses behind reverse proxies (audit trail, sign-in rate limits): how many
# proxies in front of duban append to the header, and which header. 0 = use REMOTE_ADDR.
DUBAN_TRUSTED_PROXY_COUNT = int(os.environ.get("DUBAN_TRUSTED_PROXY_COUNT", 0))
DUBAN_CLIENT_IP_HEADER = os.environ.get("DUBAN_CLIENT_IP_HEADER", "X-Forwarded-For")

# --- transfer (Excel/CSV import and export): file limits, checked before and while parsing.
DUBAN_IMPORT_MAX_BYTES = int(os.environ.get("DUBAN_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
DUBAN_IMPORT_MAX_ROWS = int(os.environ.get("DUBAN_IMPORT_MAX_ROWS", 50000))
DUBAN_IMPORT_MAX_COLS = int(os.environ.get("DUBAN_IMPORT_MAX_COLS", 200))
DUBAN_IMPORT_MAX_UNCOMPRESSED = int(
    os.environ.get("DUBAN_IMPORT_MAX_UNCOMPRESSED", 200 * 1024 * 1024)
)
DUBAN_IMPORT_MAX_ENTRIES = int(os.environ.get("DUBAN_IMPORT_MAX_ENTRIES", 500))
DUBAN_IMPORT_MAX_RATIO = int(os.environ.get("DUBAN_IMPORT_MAX_RATIO", 200))
# Seconds an uploaded file waits for its import to be confirmed before it is deleted.
DUBAN_IMPORT_PENDING_SECONDS = int(os.environ.get("DUBAN_IMPORT_PENDING_SECONDS", 2 * 3600))
# The native spreadsheet reader (calamine) runs in a child process: at most this many bytes of
# address space above the process's own size, and this many seconds (transfer/isolation.py).
DUBAN_IMPORT_READER_MEMORY = int(os.environ.get("DUBAN_IMPORT_READER_MEMORY", 2 * 1024**3))
DUBAN_IMPORT_READER_SECONDS = int(os.environ.get("DUBAN_IMPORT_READER_SECONDS", 120))

# Evidence uploads (E1): per-file size and per-report/per-node count limits.
DUBAN_EVIDENCE_MAX_BYTES = int(os.environ.get("DUBAN_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))
DUBAN_EVIDENCE_MAX_FILES = int(os.environ.get("DUBAN_EVIDENCE_MAX_FILES", 20))

# --- security controls (SECURITY.md A–C, H); the tests read these numbers from settings ---
DUBAN_PASSWORD_MIN_LENGTH = int(os.environ.get("DUBAN_PASSWORD_MIN_LENGTH", 10))
# Place names of the district in pinyin: a password made of them plus a year is refused (A1).
# The default is the demo district's (鼓楼区, 福州); each district sets its own.
DUBAN_PASSWORD_PLACE_WORDS = _env_list(
    "DUBAN_PASSWORD_PLACE_WORDS",
    "fuzhou,gulou,fujian,min,minjiang,rongcheng,rong,dongjie,nanjie,gudong,guxi,wenquan,"
    "wufeng,hualin,antai,shuibu,junmen,sanfang,qixiang,pingshan,wushan,jinan,taijiang,"
    "cangshan,mawei,changle,minhou,ruanjianyuan",
)
DUBAN_LOCKOUT_THRESHOLD = int(os.environ.get("DUBAN_LOCKOUT_THRESHOLD", 5))
DUBAN_LOCKOUT_MINUTES = int(os.environ.get("DUBAN_LOCKOUT_MINUTES", 30))
# Wrong one-time codes lock the account on their own count (a correct password never resets it).
DUBAN_OTP_LOCKOUT_THRESHOLD = int(os.environ.get("DUBAN_OTP_LOCKOUT_THRESHOLD", 5))
# Rate limits on signing in (A2, A4): failures per client address (any account) and per
# account (any address) within a sliding window; over either, attempts are refused.
DUBAN_LOGIN_IP_MAX_FAILURES = int(os.environ.get("DUBAN_LOGIN_IP_MAX_FAILURES", 30))
DUBAN_LOGIN_IP_WINDOW_SECONDS = int(os.environ.get("DUBAN_LOGIN_IP_WINDOW_SECONDS", 15 * 60))
DUBAN_LOGIN_ACCOUNT_MAX_FAILURES = int(os.environ.get("DUBAN_LOGIN_ACCOUNT_MAX_FAILURES", 20))
DUBAN_LOGIN_ACCOUNT_WINDOW_SECONDS = int(
    os.environ.get("DUBAN_LOGIN_ACCOUNT_WINDOW_SECONDS", 6 * 3600)
)
DUBAN_DORMANT_DAYS = int(os.environ.get("DUBAN_DORMANT_DAYS", 90))
# Two-person rule (B4): hours a pending change to an account waits for its second administrator.
DUBAN_APPROVAL_HOURS = int(os.environ.get("DUBAN_APPROVAL_HOURS", 72))
DUBAN_OTP_ISSUER = os.environ.get("DUBAN_OTP_ISSUER", "duban")
# Keys of the encrypted columns (duban.core.crypto), comma-separated Fernet keys, newest first;
# unset: one key derived from SECRET_KEY. Generate one with `duban field-key`.
DUBAN_FIELD_KEYS = _env_list("DUBAN_FIELD_KEY")
# Minutes a password-verified privileged user has to enter the TOTP code.
DUBAN_OTP_PENDING_SECONDS = 300
DUBAN_BACKUP_DIR = Path(os.environ.get("DUBAN_BACKUP_DIR", VAR_DIR / "backups"))
# The key that encrypts backups and MACs their manifests (duban.ops.crypto): in the
# environment, or in a file outside the database, MEDIA_ROOT and the backup directory.
# Comma-separated keys, newest first. Make one with `duban backup-key`.
DUBAN_BACKUP_KEY = os.environ.get("DUBAN_BACKUP_KEY", "")
DUBAN_BACKUP_KEY_FILE = os.environ.get("DUBAN_BACKUP_KEY_FILE", "")
PASSWORD_RESET_TIMEOUT = 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- the REST API (issue 21, docs/api.md) ---------------------------------------------------
# Tokens are issued for this many days unless the administrator says otherwise; never longer
# than the maximum.
DUBAN_API_TOKEN_DAYS = int(os.environ.get("DUBAN_API_TOKEN_DAYS", 90))
DUBAN_API_TOKEN_MAX_DAYS = int(os.environ.get("DUBAN_API_TOKEN_MAX_DAYS", 366))
# Requests per token (and per address for the open data), DRF's "N/period" notation.
DUBAN_API_RATE = os.environ.get("DUBAN_API_RATE", "600/min")
DUBAN_API_OPEN_RATE = os.environ.get("DUBAN_API_OPEN_RATE", "60/min")
# Open data (published rankings and aggregate progress, what the public screen shows), with
# no login: off unless the district switches it on.
DUBAN_API_OPEN_DATA = os.environ.get("DUBAN_API_OPEN_DATA", "0") == "1"
DUBAN_API_OPEN_CACHE_SECONDS = int(os.environ.get("DUBAN_API_OPEN_CACHE_SECONDS", 300))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["duban.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["duban.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": DUBAN_API_RATE, "open": DUBAN_API_OPEN_RATE},
    "DEFAULT_PAGINATION_CLASS": "duban.api.pagination.Pagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "duban.api.errors.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "督办 duban API",
    "DESCRIPTION": (
        "Read units, targets and their decomposition, projects with nodes and stages, monthly "
        "reports, lights, published scores and rankings; push monthly report figures (they go "
        'to review). Authorization: Bearer TOKEN. Errors: {"error": {"code", "message", '
        '"fields"}} in the language of Accept-Language (zh-hans or en).'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # One name for the lifecycle stages wherever they appear (stage, from/to, a node's trigger).
    "ENUM_NAME_OVERRIDES": {"StageEnum": "duban.projects.choices.Stage"},
}

# --- reminders (docs/reminders.md) -----------------------------------------------------------
# The address duban is reached at, for the links in reminders.
DUBAN_BASE_URL = os.environ.get("DUBAN_BASE_URL", "http://127.0.0.1:8000")
DUBAN_REMINDER_TIMEOUT = int(os.environ.get("DUBAN_REMINDER_TIMEOUT", 10))
DUBAN_REMINDER_MAX_ATTEMPTS = int(os.environ.get("DUBAN_REMINDER_MAX_ATTEMPTS", 5))
DUBAN_REMINDER_BACKOFF_MINUTES = int(os.environ.get("DUBAN_REMINDER_BACKOFF_MINUTES", 1))

# --- background jobs (Celery, docs/jobs.md): Redis when REDIS_URL is set; otherwise every
# job runs in-process at once (the embedded demo needs no broker).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", os.environ.get("REDIS_URL", ""))
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
