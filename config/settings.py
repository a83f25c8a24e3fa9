"""Logis settings: one module, read from the environment (see .env.example).

Safe for production by default: DEBUG is off, secrets must be provided. The demo and the tests set the
few variables they need (Makefile, tests/conftest.py).
"""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
DEMO_MODE = env.bool("LOGIS_DEMO", default=False)
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",
    "logis.core",
    "logis.ops",
    "logis.accounts",
    "logis.geo",
    "logis.organizations",
    "logis.registry",
    "logis.demands",
    "logis.offers",
    "logis.applications",
    "logis.notifications",
    "logis.eligibility",
    "logis.scoring",
    "logis.landlords",
    "logis.commission",
    "logis.employers",
    "logis.documents",
    "logis.photos",
    "logis.searches",
    "logis.audit",
    "ninja",  # its static files: the API documentation page (Swagger UI, served by Logis)
    "logis.api",
    "logis.forum",
    "logis.contact",
    "logis.support",
    "logis.home",
    "logis.backups",
    "logis.aids",
    "logis.moving",
    "logis.privacy",
]

MIDDLEWARE = [
    "logis.ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "logis.accounts.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "logis.ops.middleware.MaintenanceMiddleware",
    "logis.ops.middleware.NulCharacterMiddleware",  # %00 in an address or a query string: the 400 page
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "logis.api.middleware.ApiMiddleware",  # the partner API: log of calls, idempotent POSTs (only /api/v1/)
    "django.middleware.csrf.CsrfViewMiddleware",
    "logis.accounts.middleware.AuthenticationMiddleware",  # Django's, the user kept a minute in the shared cache
    "logis.core.db.ReplicaReadsMiddleware",  # reads of @replica_reads pages from DATABASE_REPLICA_URL, when set
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "logis.accounts.security.ProfessionalIdleTimeoutMiddleware",
    "logis.accounts.mfa.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "logis" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "logis.core.context_processors.platform",
                "logis.core.context_processors.roles",
                "logis.notifications.context_processors.unread",
            ],
            "string_if_invalid": env.str("TEMPLATE_STRING_IF_INVALID", default=""),
        },
    },
]

FORM_RENDERER = "logis.core.forms.LogisFormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'logis.sqlite3'}")}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Persistent connections (one per worker thread, reused for 60 s), checked before reuse: after a database restart
# the first request of each worker reconnects by itself (logis.ops.errors answers 503 while it cannot).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
# A PostgreSQL replica for the pages that only read (logis.core.db, ADR 0014): set DATABASE_REPLICA_URL.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].update(
        CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"], CONN_HEALTH_CHECKS=True, TEST={"MIRROR": "default"}
    )
    DATABASE_ROUTERS = ["logis.core.db.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Production and CI: Redis (CACHE_URL=redis://host:6379/1), shared by every worker and machine, so that the login
# and code limits count across all of them. The demo keeps the in-process memory cache.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # An unreachable Redis degrades the service instead of failing every request (logis/core/cache.py); short
    # socket timeouts keep that cheap (seconds, CACHE_SOCKET_TIMEOUT).
    CACHES["default"]["BACKEND"] = "logis.core.cache.ResilientRedisCache"
    _socket_timeout = env.float("CACHE_SOCKET_TIMEOUT", default=0.25)
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": _socket_timeout, "socket_timeout": _socket_timeout}
    )
# Template fragments that depend on no one (the signed-out menu, the footer, the simulators' menu): rendered once
# per process and kept in its memory ({% cache %} uses this alias), never in Redis, where a round trip would cost
# more than the rendering it saves; they change with the code only, and a deployment restarts the processes.
# The parts of an offer's page that depend on no one are kept here too, per version of the offer
# (logis.offers.templatetags.offer_fragments): for an hour, the least recently read going first past 5,000 entries.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "logis-template-fragments",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
# Sessions in the cache, written through to the database: a restart of Redis signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    ],
)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:dashboard"
LOGOUT_REDIRECT_URL = "home:index"

# django-allauth: e-mail is the login; sign-up asks a name and an e-mail, the confirmation link leads
# to the creation of the password (logis.accounts.adapter).
ACCOUNT_ADAPTER = "logis.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
# allauth's forms with our labels, Bootstrap classes and ARIA links; the sign-up form adds first and last name.
ACCOUNT_FORMS = {
    "login": "logis.accounts.forms.LoginForm",
    "signup": "logis.accounts.forms.SignupForm",
    "reset_password": "logis.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "logis.accounts.forms.ResetPasswordKeyForm",
    "set_password": "logis.accounts.forms.SetPasswordForm",
    "change_password": "logis.accounts.forms.ChangePasswordForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Logis] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https")
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's defaults (login failures, e-mail sends) stay on; the browser tests may turn them off.
if env.bool("DISABLE_RATE_LIMITS", default=False):
    ACCOUNT_RATE_LIMITS = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# Second factor (allauth.mfa): an authenticator application (TOTP) and recovery codes, mandatory for every
# professional and the Logis team (logis.accounts.mfa).
MFA_ADAPTER = "logis.accounts.mfa_adapter.MfaAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Logis"
MFA_TOTP_TOLERANCE = 1  # one 30-second step either side: a code typed as it changes, a clock a little off
ACCOUNT_LOGOUT_ON_GET = False

LANGUAGE_CODE = "fr"
# French only (docs/adr/0011-french-only-no-gettext.md): Django's own catalogue gives its messages in French.
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "logis" / "static",
    # Bootstrap from the npm package pinned in package-lock.json (installed by `make setup`): no CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", BASE_DIR / "node_modules" / "leaflet.markercluster" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str("STATICFILES_BACKEND", default="whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "private")


# --- Private documents of the applicants' files (logis.documents) -------------------------------------------
# Identity, income and bank documents: never under a public URL, only served by logis.documents.views after the
# permission check. DOCUMENTS_STORAGE=filesystem (the default, the demo's): the directory MEDIA_ROOT/documents.
# DOCUMENTS_STORAGE=s3: a private bucket of an S3-compatible object storage (django-storages), DOCUMENTS_S3_*.
# DOCUMENTS_STORAGE_BACKEND and DOCUMENTS_STORAGE_OPTIONS (JSON) override both, for another backend.
def _s3_options(prefix: str) -> dict:
    """The options of an S3-compatible bucket (django-storages) from the variables <prefix>_S3_*."""
    return {
        "bucket_name": env.str(f"{prefix}_S3_BUCKET"),
        "endpoint_url": env.str(f"{prefix}_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str(f"{prefix}_S3_REGION", default="") or None,
        "access_key": env.str(f"{prefix}_S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str(f"{prefix}_S3_SECRET_ACCESS_KEY", default="") or None,
        "location": env.str(f"{prefix}_S3_PREFIX", default=""),
    }


DOCUMENTS_STORAGE = env.str("DOCUMENTS_STORAGE", default="filesystem")
if DOCUMENTS_STORAGE == "s3":
    _documents_storage = {
        "BACKEND": "logis.documents.storage.PrivateS3DocumentStorage",
        "OPTIONS": _s3_options("DOCUMENTS"),
    }
elif DOCUMENTS_STORAGE == "filesystem":
    _documents_storage = {"BACKEND": "logis.documents.storage.PrivateDocumentStorage", "OPTIONS": {}}
else:
    raise ValueError(f"DOCUMENTS_STORAGE must be 'filesystem' or 's3', not {DOCUMENTS_STORAGE!r}")
STORAGES["documents"] = {
    "BACKEND": env.str("DOCUMENTS_STORAGE_BACKEND", default=_documents_storage["BACKEND"]),
    "OPTIONS": env.json("DOCUMENTS_STORAGE_OPTIONS", default=_documents_storage["OPTIONS"]),
}
# Photos of the offers (logis.photos): WebP renditions named by their content, served by logis.photos.views to the
# people who may see the offer. PHOTOS_STORAGE=filesystem (the default): MEDIA_ROOT/photos; PHOTOS_STORAGE=s3: a
# bucket of an S3-compatible object storage (PHOTOS_S3_*, the same options as the documents', private objects).
PHOTOS_STORAGE = env.str("PHOTOS_STORAGE", default="filesystem")
if PHOTOS_STORAGE == "s3":
    STORAGES["photos"] = {
        "BACKEND": "logis.documents.storage.PrivateS3DocumentStorage",
        "OPTIONS": _s3_options("PHOTOS"),
    }
elif PHOTOS_STORAGE == "filesystem":
    STORAGES["photos"] = {"BACKEND": "logis.photos.storage.PhotoStorage", "OPTIONS": {}}
else:
    raise ValueError(f"PHOTOS_STORAGE must be 'filesystem' or 's3', not {PHOTOS_STORAGE!r}")
# Antivirus of the uploads (logis.documents.antivirus): "builtin" (the EICAR test string alone, the demo's) or
# "clamd" (Debian's clamav-daemon on CLAMD_ADDRESS, a Unix socket path or host:port). With clamd unreachable,
# uploads wait in quarantine until `manage.py scan_quarantine` scans them.
ANTIVIRUS_BACKEND = env.str("ANTIVIRUS_BACKEND", default="builtin")
CLAMD_ADDRESS = env.str("CLAMD_ADDRESS", default="/run/clamav/clamd.ctl")
CLAMD_TIMEOUT = env.float("CLAMD_TIMEOUT", default=30.0)
# --- end of the documents block ------------------------------------------------------------------------------

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "var" / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Logis <ne-pas-repondre@logis.example>")
# An SMTP server that does not answer must not hold a worker: past this, the attempt is retried or reviewed.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# --- E-mail outbox (logis.notifications.outbox, docs/adr/0009-email-outbox.md) --------------------------------
# Retries after a failure: base * 2^(attempt-1) seconds, at most RETRY_MAX; FAILED after MAX_ATTEMPTS (visible in
# the back office, « Messages sortants »). A claim older than STALE_SECONDS belongs to a worker that died.
EMAIL_OUTBOX_RETRY_BASE_SECONDS = env.int("EMAIL_OUTBOX_RETRY_BASE_SECONDS", default=30)
EMAIL_OUTBOX_RETRY_MAX_SECONDS = env.int("EMAIL_OUTBOX_RETRY_MAX_SECONDS", default=600)
EMAIL_OUTBOX_MAX_ATTEMPTS = env.int("EMAIL_OUTBOX_MAX_ATTEMPTS", default=60)
EMAIL_OUTBOX_STALE_SECONDS = env.int("EMAIL_OUTBOX_STALE_SECONDS", default=300)
EMAIL_OUTBOX_FLUSH_SECONDS = env.float("EMAIL_OUTBOX_FLUSH_SECONDS", default=60)

# --- Task queue: Celery with Redis as broker (config/celery.py) -----------------------------------------------
# The demo and the tests run tasks eagerly, in the process (CELERY_TASK_ALWAYS_EAGER=true): no broker needed.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_TRANSPORT_OPTIONS = env.json("CELERY_BROKER_TRANSPORT_OPTIONS", default={})
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
# A task is acknowledged once done, and one at a time per process: a worker that dies leaves its task to another.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A broker that is down must not hold a request: one quick retry, then the outbox's periodic flush takes over.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "var" / "celerybeat-schedule")
)
# Every scheduled job of the platform (README, « Scheduled jobs »; the cron block there is the alternative).
CELERY_BEAT_SCHEDULE = {
    "expire-offers": {"task": "commission.expire_offers", "schedule": crontab(hour=2, minute=15)},
    "refresh-ranking-scores": {
        "task": "scoring.refresh_outdated_ranking_scores",
        "schedule": crontab(hour=0, minute=20),
    },
    "purge-documents": {"task": "documents.purge_documents", "schedule": crontab(hour=2, minute=45)},
    "purge-audit": {"task": "audit.purge_audit", "schedule": crontab(hour=2, minute=55)},
    "purge-personal-data": {"task": "privacy.purge_personal_data", "schedule": crontab(hour=3, minute=5)},
    "remind-support-steps": {"task": "support.remind_support_steps", "schedule": crontab(hour=8, minute=0)},
    "scan-quarantine": {"task": "documents.scan_quarantine", "schedule": crontab(minute="*/5")},
    "outbox-flush": {"task": "notifications.outbox_flush", "schedule": EMAIL_OUTBOX_FLUSH_SECONDS},
    "webhooks-flush": {"task": "api.webhooks_flush", "schedule": 60.0},
    "moving-reminders": {"task": "moving.send_moving_reminders", "schedule": crontab(hour=8, minute=0)},
    "search-alerts": {"task": "searches.send_search_alerts", "schedule": crontab(hour=7, minute=30)},
}

SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS: production sets these (see .env.example); the demo and the tests run over plain HTTP.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):  # behind a proxy (nginx) that sets X-Forwarded-Proto
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^sante/", r"^health"]
# Content-Security-Policy (django-csp): scripts and styles only from our own static files, no inline code, no
# eval; images may be data: URIs (Bootstrap's icons, the QR code of the second factor). JavaScript lives in
# logis/static/logis/js/, never in a template.
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
# A professional (and the Logis team) idle for this long is signed out (logis.accounts.security).
LOGIS_PROFESSIONAL_IDLE_MINUTES = env.int("LOGIS_PROFESSIONAL_IDLE_MINUTES", default=30)

# Platform settings
LOGIS_IMPORT_CODE_TTL_HOURS = 24
LOGIS_IMPORT_CODE_MAX_ATTEMPTS = 5
LOGIS_IMPORT_CODE_MAX_SENDS = 5
# Budgets of the import in the shared cache (logis.demands.limits), whatever the account.
LOGIS_IMPORT_NUMEROS_PER_IP_PER_HOUR = env.int("LOGIS_IMPORT_NUMEROS_PER_IP_PER_HOUR", default=30)
LOGIS_IMPORT_STARTS_PER_NUMERO_PER_DAY = env.int("LOGIS_IMPORT_STARTS_PER_NUMERO_PER_DAY", default=10)
LOGIS_IMPORT_WRONG_CODES_PER_NUMERO_PER_DAY = env.int("LOGIS_IMPORT_WRONG_CODES_PER_NUMERO_PER_DAY", default=10)
LOGIS_OFFERS_PAGE_SIZE = env.int("LOGIS_OFFERS_PAGE_SIZE", default=20)
# Maps of "Mes offres" and of an offer (Leaflet, logis/static/logis/js/offers-map.js): the tile server's URL
# template and its attribution (OpenStreetMap by default; IGN's Géoplateforme in the README), and the most
# markers one answer of the map holds (past it, the nearest ones and a message).
LOGIS_MAP_TILE_URL = env.str("LOGIS_MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
LOGIS_MAP_TILE_ATTRIBUTION = env.str(
    "LOGIS_MAP_TILE_ATTRIBUTION",
    default='&copy; les contributeurs d\'<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
LOGIS_MAP_MAX_MARKERS = env.int("LOGIS_MAP_MAX_MARKERS", default=500)
# Access log of sensitive reads (logis.audit): one year, the upper bound of the CNIL's recommendation on logs.
LOGIS_AUDIT_RETENTION_DAYS = env.int("LOGIS_AUDIT_RETENTION_DAYS", default=365)
# Retention (logis.privacy, docs/rgpd.md): an account unused for two years is warned by e-mail, then deleted a
# month later if still unused (durations to be confirmed by the operator's DPO); a demand ended for a year is erased.
LOGIS_INACTIVE_ACCOUNT_DAYS = env.int("LOGIS_INACTIVE_ACCOUNT_DAYS", default=730)
LOGIS_INACTIVE_WARNING_DAYS = env.int("LOGIS_INACTIVE_WARNING_DAYS", default=30)
LOGIS_ENDED_DEMAND_RETENTION_DAYS = env.int("LOGIS_ENDED_DEMAND_RETENTION_DAYS", default=365)
LOGIS_REGISTRY_GUICHET = env.str("LOGIS_REGISTRY_GUICHET", default="G0001")


# --- Operations (logis.ops): logs, error reporting, maintenance ------------------------------------------------
CSRF_FAILURE_VIEW = "logis.ops.errors.csrf_failure"
# Maintenance page (503) for every page but the health endpoints: MAINTENANCE_MODE=true, or create the file.
MAINTENANCE_MODE = env.bool("MAINTENANCE_MODE", default=False)
MAINTENANCE_FILE = env.str("MAINTENANCE_FILE", default=str(BASE_DIR / "var" / "maintenance"))
# One JSON object per line (LOG_FORMAT=json, the default) with the request id; "text" for a console.
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
ACCESS_LOG = env.bool("ACCESS_LOG", default=True)

# Forum (logis.forum): the first posts of a new member wait for a moderator; posting limits per member, counted in
# the shared cache as (posts, seconds) windows; public numbers that masking leaves (SOS Loyers impayés).
FORUM_PREMODERATED_POSTS = env.int("FORUM_PREMODERATED_POSTS", default=2)
FORUM_POST_LIMITS = [(5, 10 * 60), (30, 24 * 3600)]
FORUM_PUBLIC_NUMBERS = ["0805160075", "3919"]

# Contact desk (logis.contact): the phone line and its opening hours, shown in the footer and on /contact/ when set.
LOGIS_CONTACT_PHONE = env.str("LOGIS_CONTACT_PHONE", default="")
LOGIS_CONTACT_HOURS = env.str("LOGIS_CONTACT_HOURS", default="")
CONTACT_TICKETS_PER_HOUR = env.int("CONTACT_TICKETS_PER_HOUR", default=5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "logis.ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "logis.ops.logs.JsonFormatter"},
        "text": {"()": "logis.ops.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    # LOG_LEVEL is honoured by every logger, the access log's included: its lines are INFO records, written at the
    # default level and silenced by WARNING or above, unless ACCESS_LOG_LEVEL gives the access log its own level
    # (INFO: the access lines with only the warnings and errors of the rest). ACCESS_LOG=false turns it off.
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "logis.access": {"level": (env.str("ACCESS_LOG_LEVEL", default="") or LOG_LEVEL).upper()},
        # Django's own access line duplicates ours (the runserver's); its 4xx warnings say nothing ours does not.
        "django.server": {"level": "ERROR"},
    },
}

# Error reporting: Sentry (or a compatible service) when SENTRY_DSN is set. No personal data is sent: no cookies,
# headers, bodies or local variables; the user is sent as an id only (logis.ops.sentry).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from logis.ops.sentry import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# --- Partner API (logis.api) ------------------------------------------------------------------------------------
# Requests allowed per key: "<count>/<seconds>" (answers 429 with Retry-After beyond).
LOGIS_API_RATE_LIMIT = env.str("LOGIS_API_RATE_LIMIT", default="600/60")
# Webhook addresses must be public HTTPS; the tests and the demo may send plain HTTP to the loopback.
LOGIS_WEBHOOKS_ALLOW_LOOPBACK_HTTP = env.bool("LOGIS_WEBHOOKS_ALLOW_LOOPBACK_HTTP", default=False)
# Seconds before attempts 2, 3, … of a webhook delivery; failed for good after the last one (replayable).
LOGIS_WEBHOOK_RETRY_DELAYS = env.list(
    "LOGIS_WEBHOOK_RETRY_DELAYS", cast=int, default=[60, 300, 1800, 7200, 21600, 86400]
)
NINJA_PAGINATION_MAX_LIMIT = 100
