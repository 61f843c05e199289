"""renshe settings, read from the environment.

The embedded default (no variables set) runs on a SQLite file with background jobs run in-process, under keys it
generates on its first run. Production sets DATABASE_URL (PostgreSQL), REDIS_URL (Celery broker, cache,
sessions), SECRET_KEY, RENSHE_DATA_KEY, RENSHE_TIMELINE_KEY and DEBUG=0, and refuses to start without the keys.
"""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from renshe.core.keys import KEY_NAMES, new_key_set

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("RENSHE_VAR_DIR", PROJECT_DIR / "var"))


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG", False)

# --- keys ---------------------------------------------------------------------------------------------
# SECRET_KEY signs sessions and tokens; RENSHE_DATA_KEY encrypts ID and phone numbers and evidence files at rest
# (core/protection.py; `python -m renshe.core.protection --env` prints a set of new keys; old data keys,
# comma-separated, go in RENSHE_DATA_KEY_PREVIOUS until `rotate_data_key` has run); RENSHE_TIMELINE_KEY seals
# the timeline's anchors (core/timeline.py), kept outside the database so that rewriting history needs it as
# well as write access to the database.
# Production is any database but SQLite (a PostgreSQL DATABASE_URL): its keys come from the environment, or it
# does not start. The embedded default (SQLite) generates its own on first run and keeps them in a file of its
# own under RENSHE_VAR_DIR, readable by its owner only; a key set in the environment still wins.
PRODUCTION = not (os.environ.get("DATABASE_URL") or "sqlite:").startswith("sqlite:")
LOCAL_KEYS_FILE = VAR_DIR / "keys.json"


def local_keys(path: Path) -> dict[str, str]:
    """The embedded default's keys, generated at the first run (created whole or not at all: two processes
    starting at once both read the one that was linked in first)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = new_key_set()
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            json.dump(fresh, out, indent=1)
        try:
            os.link(partial, path)
        except FileExistsError:
            pass
        finally:
            partial.unlink()
    return json.loads(path.read_text())


_missing = [name for name in KEY_NAMES if not os.environ.get(name)]
if PRODUCTION and _missing:
    raise ImproperlyConfigured(
        f"production (DATABASE_URL is not SQLite) needs its own {', '.join(_missing)} in the environment; "
        "`python -m renshe.core.protection --env` prints a set of new keys (keep RENSHE_DATA_KEY apart from "
        "the backups: it decrypts them)"
    )
_keys = local_keys(LOCAL_KEYS_FILE) if _missing else {}
_keys.update({name: os.environ[name] for name in KEY_NAMES if name not in _missing})
SECRET_KEY, RENSHE_DATA_KEY, RENSHE_TIMELINE_KEY = (_keys[name] for name in KEY_NAMES)
# Events younger than this are left for the next sealing run: a transaction may still be committing them.
RENSHE_TIMELINE_SEAL_GRACE_SECONDS = int(os.environ.get("RENSHE_TIMELINE_SEAL_GRACE_SECONDS", "60"))
RENSHE_DATA_KEY_PREVIOUS = [
    k.strip() for k in os.environ.get("RENSHE_DATA_KEY_PREVIOUS", "").split(",") if k.strip()
]
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "django_celery_beat",
    "axes",
    "oauth2_provider",
    "renshe.core",
    "renshe.disputes",
    "renshe.inspection",
    "renshe.portal",
    "renshe.messaging",
    "renshe.audit",
    "renshe.webhooks",
]

MIDDLEWARE = [
    "renshe.core.requestcache.RequestCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "renshe.core.middleware.IdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "renshe.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "renshe.audit.middleware.PasswordExpiryMiddleware",
    "renshe.audit.middleware.DownloadLogMiddleware",
    "axes.middleware.AxesMiddleware",
    "renshe.core.middleware.DomainErrorMiddleware",
    "renshe.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "renshe.urls"
WSGI_APPLICATION = "renshe.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:workbench"
LOGOUT_REDIRECT_URL = "login"

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
                "renshe.core.context_processors.navigation",
                "renshe.messaging.context_processors.bell",
            ],
        },
    },
]

# HSTS for every subdomain and the browsers' preload list bind the bureau's whole domain: the domain owner's
# decision (made at its proxy), not this application's. HSTS for renshe's own host is set below.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

# --- database -------------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'renshe.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE makes a writing transaction take the lock at BEGIN, so two writers queue instead of
    # failing with "database is locked" when one upgrades a read lock.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not the in-memory default: the live server's request threads then open their own
    # connections instead of sharing the test thread's, which they may otherwise close under it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    # Covering (INCLUDE) columns are a PostgreSQL optimisation; SQLite simply indexes the key columns.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
    # A unique constraint over a nullable column (StatutoryAmount's region): SQLite cannot say NULLS NOT
    # DISTINCT; the service checks for the row first, and IMMEDIATE writers cannot race between the two.
    SILENCED_SYSTEM_CHECKS.append("models.W047")
else:
    # PostgreSQL compiles a query it estimates costly (a list's page 500: OFFSET over 10,000 rows, the
    # bounded count) to machine code first, 40-50 ms each time, more than the query itself takes: no gain
    # for the short queries of a web page (issue 12's list targets). A DATABASE_URL's own options win.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, sessions, background jobs ----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
_test_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _test_worker.startswith("gw"):
    # Parallel test workers each get their own Redis database: one worker clearing its cache (the portal's
    # throttle tests do) must not log out another worker's clients or drop its Celery messages.
    REDIS_URL = f"{REDIS_URL.rsplit('/', 1)[0]}/{int(_test_worker[2:]) + 1}"
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    # per process; room for the portal's budgets of many addresses and cases (300 keys by default, past
    # which a flood of addresses would cull the cases' counts)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A job is acknowledged when it ends (above), so one whose worker dies is run again; every job is idempotent.
# When the worker's pool process dies, the worker requeues the job at once. When the whole worker dies (killed,
# OOM, machine lost), Redis keeps the job as unacknowledged and a worker puts it back on its queue once it is
# older than this many seconds: checked when a worker starts and about every 100 s in a running one (kombu's
# defaults), so the job runs again within this timeout plus 100 s. Shorter means quicker recovery, but a job
# still running after this long would be handed to a second worker as well: keep it well above the longest
# job. tests/faults/test_worker_killed.py sets it to seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("RENSHE_TASK_VISIBILITY_SECONDS", "3600")),
}
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic jobs (beat copies them into django-celery-beat's tables, where administrators may adjust them).
CELERY_BEAT_SCHEDULE = {
    "due-reminders": {"task": "renshe.core.tasks.send_due_reminders", "schedule": 60 * 60},
    "holiday-schedule-check": {
        "task": "renshe.core.tasks.check_next_year_holiday_schedule",
        "schedule": 24 * 60 * 60,
    },
    "access-log-purge": {"task": "renshe.audit.tasks.purge_access_records", "schedule": 24 * 60 * 60},
    "timeline-seal": {"task": "renshe.core.tasks.seal_timeline", "schedule": 5 * 60},
    "idempotency-key-purge": {"task": "renshe.core.tasks.purge_idempotency_keys", "schedule": 60 * 60},
    "webhook-deliveries-due": {"task": "renshe.webhooks.tasks.send_due_deliveries", "schedule": 60},
    "dishonest-list-expiry": {
        "task": "renshe.inspection.tasks.remove_expired_listings",
        "schedule": 24 * 60 * 60,
    },
}

# Webhooks (renshe.webhooks): one POST waits this long; a delivery is tried this many times, the n-th retry
# after base × 2^(n-1) seconds (capped, plus up to a quarter of jitter); an endpoint failing this many times in
# a row is paused (its deliveries wait for it to resume). Production accepts https URLs to outside hosts only;
# the embedded default and the tests also plain http and this machine (a local receiver).
RENSHE_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("RENSHE_WEBHOOK_TIMEOUT_SECONDS", "5"))
RENSHE_WEBHOOK_ATTEMPTS = int(os.environ.get("RENSHE_WEBHOOK_ATTEMPTS", "8"))
RENSHE_WEBHOOK_BACKOFF_SECONDS = float(os.environ.get("RENSHE_WEBHOOK_BACKOFF_SECONDS", "30"))
RENSHE_WEBHOOK_BACKOFF_MAX_SECONDS = float(os.environ.get("RENSHE_WEBHOOK_BACKOFF_MAX_SECONDS", "21600"))
RENSHE_WEBHOOK_PAUSE_AFTER_FAILURES = int(os.environ.get("RENSHE_WEBHOOK_PAUSE_AFTER_FAILURES", "15"))
RENSHE_WEBHOOK_LOCAL_URLS = not PRODUCTION
# the Celery queue deliveries go to ("": the default one)
RENSHE_WEBHOOK_QUEUE = os.environ.get("RENSHE_WEBHOOK_QUEUE", "")
# the proxy deliveries go through ("": straight to the endpoint; HTTP(S)_PROXY and ~/.netrc are not read)
RENSHE_WEBHOOK_PROXY = os.environ.get("RENSHE_WEBHOOK_PROXY", "")

# --- security -----------------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "renshe.audit.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # renshe's policy (audit/passwords.py): three of four kinds of character; none of the last five again
    {"NAME": "renshe.audit.passwords.ComplexityValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "renshe.audit.passwords.PasswordHistoryValidator", "OPTIONS": {"remembered": 5}},
]
# A password older than this must be changed at the next request (audit.middleware); 0 turns expiry off.
RENSHE_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("RENSHE_PASSWORD_MAX_AGE_DAYS", "90"))
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, the user read with their organisation (sessions signed in through Django's own
    # backend before this one are asked to sign in again once)
    "renshe.core.backends.UserWithOrganisation",
]
AXES_FAILURE_LIMIT = int(os.environ.get("RENSHE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours: then the owner may sign in again; an administrator unlocks at once (README)
# An account's failures count from every address together ("username"): counted per (username, address)
# alone, 40 guesses from 10 addresses got in. The pair stays for axes's check (W006); under one limit the
# account's count, never below a pair's, is the one that locks. Not the address alone: a bureau's staff
# share one address, and one colleague's typos would lock them all out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Sign-ins, failures and lockouts are recorded by renshe.audit (AccessRecord, with its retention); axes keeps
# only what the lockout needs (AccessAttempt).
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Other systems get tokens by OAuth 2 client credentials at /api/v1/oauth/token (core.tokens): each client's
# grant of scopes is its own (ClientScopes), and a disabled client is refused (ClientValidator). An access
# token lives an hour; a client asks again with its id and secret.
OAUTH2_PROVIDER = {
    "SCOPES_BACKEND_CLASS": "renshe.core.tokens.ClientScopes",
    "OAUTH2_VALIDATOR_CLASS": "renshe.core.tokens.ClientValidator",
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(os.environ.get("RENSHE_ACCESS_TOKEN_SECONDS", "3600")),
    # the OAuth 2.0 Security BCP (RFC 9700) throughout: only the token's digest at rest, no token in a URL, no
    # implicit or password grant (only client credentials are used here)
    **{
        f"COMPLIANT_BCP_RFC9700_{part}": True
        for part in (
            "IMPLICIT_GRANT",
            "PASSWORD_GRANT",
            "PKCE_METHOD",
            "ACCESS_TOKEN_TRANSPORT",
            "AUTHZ_RESPONSE_ISS",
            "TOKEN_STORAGE",
            "REFRESH_TOKEN",
            "REDIRECT_URI_SCHEME",
            "REDIRECT_URI_MATCHING",
            "PKCE_REQUIRED",
        )
    },
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}
# its models are swappable: named here so that a migration's reference to them resolves
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
# The longest a personal access token may be valid (core.tokens; at most a year)
RENSHE_PERSONAL_TOKEN_MAX_DAYS = int(os.environ.get("RENSHE_PERSONAL_TOKEN_MAX_DAYS", "365"))
# Days access records (logins, downloads) are kept before audit.tasks.purge_access_records deletes them:
# at least 183 (《网络安全法》第二十一条第（三）项: 网络日志不少于六个月; core.law.NETWORK_LOG_RETENTION), checked at start-up.
# Timeline events are never purged.
RENSHE_ACCESS_LOG_RETENTION_DAYS = int(os.environ.get("RENSHE_ACCESS_LOG_RETENTION_DAYS", "365"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("RENSHE_SESSION_SECONDS", str(30 * 60)))
# idle timeout: a request extends the session, saved again once a minute at most (core.middleware.IdleTimeoutMiddleware)
SESSION_SAVE_EVERY_REQUEST = False
RENSHE_SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and env_flag("RENSHE_HTTPS", False):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- language, time ---------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["renshe.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- static and uploaded files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Kept files are encrypted (core.files) and readable by the server's user only; never executable.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
# The largest request body read at all: an application's 10 evidence files of 10 MB each
# (disputes.services.EVIDENCE_MAX_FILES, EVIDENCE_MAX_BYTES) and 1 MB for its fields. Larger is refused (413).
RENSHE_MAX_REQUEST_BYTES = 10 * 10 * 2**20 + 2**20

# --- renshe ---------------------------------------------------------------------------------------
# Share of a statutory period after which a case shows as due soon on the workbench.
RENSHE_DUE_SOON_SHARE = float(os.environ.get("RENSHE_DUE_SOON_SHARE", "0.8"))
# Overrides of statutory periods tagged unconfirmed in core/law.py, e.g. {"arbitration.acceptance": 5}.
RENSHE_PERIOD_OVERRIDES: dict[str, int] = {}
# Local monthly minimum wage for the final-award test (劳动争议调解仲裁法 第四十七条). A per-region figure,
# not confirmed from the source here: Shanghai's standard from 2025-07-01 is believed to be 2,740 yuan.
RENSHE_MONTHLY_MINIMUM_WAGE = os.environ.get("RENSHE_MONTHLY_MINIMUM_WAGE", "2740.00")
# 拒不支付劳动报酬罪 "数额较大" (法释〔2013〕3号 第三条): one worker owed three months or more and at least the
# single figure, or ten or more workers owed at least the total figure. The court of each province fixes its
# figure within ¥5,000–20,000 and ¥30,000–100,000; Shanghai's was not found, so the defaults are the top
# of the national ranges (unconfirmed): a transfer is then never proposed below what any province requires.
RENSHE_CRIMINAL_THRESHOLD_SINGLE = os.environ.get("RENSHE_CRIMINAL_THRESHOLD_SINGLE", "20000.00")
RENSHE_CRIMINAL_THRESHOLD_TOTAL = os.environ.get("RENSHE_CRIMINAL_THRESHOLD_TOTAL", "100000.00")
# 较大数额罚款 (《行政处罚法》第六十三条第一款第（一）项): a fine on a unit from this amount carries the right to a
# hearing. Each province sets it (a dated parameter, core.parameters); Shanghai's figure is not in
# shared/DOMAIN.md — believed to be 50,000 yuan for a legal person or other organisation (unverified).
RENSHE_HEARING_THRESHOLD = os.environ.get("RENSHE_HEARING_THRESHOLD", "50000.00")
# An inspection case is a group case (raised to the leaders at once) with 10 or more workers
# (law.COLLECTIVE_DISPUTE_MIN_WORKERS) or at least this amount owed; a local working rule, unconfirmed.
# (the fallback of core.parameters: the figure is a dated StatutoryAmount, AmountKind.GROUP_CASE_AMOUNT)
RENSHE_GROUP_CASE_AMOUNT = os.environ.get("RENSHE_GROUP_CASE_AMOUNT", "500000.00")
# How many representatives a collective dispute elects (劳动人事争议仲裁办案规则 第六十三条: three to five, seen only in
# secondary sources, unconfirmed; law.collective_representatives).
RENSHE_COLLECTIVE_REPRESENTATIVES = (3, 5)
PAGE_SIZE = 20
NINJA_PAGINATION_CLASS = "renshe.core.api.Pagination"
NINJA_PAGINATION_PER_PAGE = PAGE_SIZE
NINJA_MAX_PER_PAGE_SIZE = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # each anchor's root goes to the log, a record outside the database (core/timeline.py)
    "loggers": {"renshe.timeline": {"level": "INFO"}},
}

# Text messages to parties (messaging/sms.py): "console" writes them to the log (the embedded default);
# "http" posts them to the bureau's SMS gateway at RENSHE_SMS_URL with RENSHE_SMS_TOKEN as bearer token.
RENSHE_SMS_BACKEND = os.environ.get("RENSHE_SMS_BACKEND", "console")
RENSHE_SMS_URL = os.environ.get("RENSHE_SMS_URL", "")
RENSHE_SMS_TOKEN = os.environ.get("RENSHE_SMS_TOKEN", "")

# The change feed (GET /api/v1/changes) serves an event once it is this old (core.feeds._settled): a transaction
# that commits within it is never passed by the cursor. Longer than any request's transaction.
RENSHE_CHANGE_FEED_SETTLE_SECONDS = int(os.environ.get("RENSHE_CHANGE_FEED_SETTLE_SECONDS", "10"))
