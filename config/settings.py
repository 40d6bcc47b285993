"""Settings for the inspection findings dashboard; the environment chooses the mode."""

import datetime
import os
import re
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_cache_url, env_choice, env_int, env_list
from config.logs import FORMATS, logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY") or ("dev-insecure-key" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (a development key is used only when DEBUG=1).")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)

# Served over HTTPS unless DEBUG is on or HTTPS=0 (the tests, the benchmarks, a local
# gunicorn). TLS ends at a reverse proxy that sets X-Forwarded-Proto; gunicorn trusts it only
# from FORWARDED_ALLOW_IPS (its own setting, 127.0.0.1 by default), so Django needs no
# SECURE_PROXY_SSL_HEADER.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes reach the container over plain HTTP
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# HSTS is sent only on HTTPS responses. includeSubDomains covers the hosts below the site's
# own name (not its parent domain); preload makes the site eligible for browsers' built-in
# HTTPS-only lists, which takes effect only once the domain is submitted to hstspreload.org.
# SECURE_HSTS_SECONDS=0 turns it off, e.g. while trying out a new domain.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "rest_framework",
    "knox",  # API tokens, stored hashed and ending (accounts/)
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files, not a CDN
    "csp",
    "axes",
    "inspections",
    "findings",
    "recommendations",
    "dashboards",
    "search",
    "accounts",
    "changes",
    "alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # An anonymous visitor's cached dashboard page is answered here, before sessions and the
    # rest are set up for it; the entry keeps the headers they gave it (dashboards/caching.py).
    "dashboards.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Marks every answer from a demonstration database (inspections/synthetic.py).
    "inspections.middleware.SyntheticDataMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private, no-store for every answer to a signed-in user (config/privacy.py).
    "config.privacy.PrivateAnswersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change kept by django-simple-history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Pages load only this site's scripts, styles and images: no inline scripts or styles (data
# goes in json_script elements, Plotly's rules in static/app/plotly.css), no plugins, no
# framing. The Swagger UI at /api/docs/ needs nothing more.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "dashboards.context_processors.synthetic_data",
            ],
        },
    },
]

# No DATABASE_URL: a SQLite file, so `make run` works on a bare machine.
# Persistent connections with health checks: reusing a PostgreSQL connection roughly
# trebles throughput of a small view compared with one connection per request.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, waiting up to 3 s for a restarting server (config/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "config.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A pooled "national" rate is shown, and forces compared with it, only when at least this many
# forces contribute: with fewer, it is mostly those forces' own rate.
NATIONAL_COMPARISON_MIN_FORCES = env_int("NATIONAL_COMPARISON_MIN_FORCES", default=3)

REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = "Europe/London"
CELERY_TASK_IGNORE_RESULT = True  # tasks return nothing anyone waits for
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the task to be run again
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # ...and so does a child killed by the OOM killer
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A save must not hang when the broker is down: give up quickly, mark indicators stale.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}
# A task held by a killed worker is delivered again after the visibility timeout: just above
# the task time limit, rather than Redis's default of an hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "visibility_timeout": 360,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # Every night at 02:30: rebuild every indicator from scratch.
    "recompute-all-indicators": {
        "task": "dashboards.tasks.recompute_all",
        "schedule": crontab(hour=2, minute=30),
    },
    # Every minute: publish scheduled inspections whose embargo time has passed.
    "publish-due-inspections": {
        "task": "inspections.tasks.publish_due_inspections",
        "schedule": crontab(),
    },
    # Every hour, on the hour: overdue recommendations and action plans are counted as of
    # today, and forces whose recompute could not be queued catch up.
    "check-overdue": {
        "task": "dashboards.tasks.check_overdue",
        "schedule": crontab(minute=0),
    },
    # Every hour, at five past: follow-up duties that became overdue enter the change log.
    "record-overdue-duties": {
        "task": "recommendations.tasks.record_overdue_duties",
        "schedule": crontab(minute=5),
    },
    # Every day at 07:00: email force leaders about recommendations with no update in 90
    # days, action plans due within 7 days, and anything overdue (each once per period).
    "send-force-reminders": {
        "task": "recommendations.tasks.send_force_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Every Monday at 08:00: email inspectors a digest of claims waiting for review.
    "send-review-digest": {
        "task": "recommendations.tasks.send_review_digest",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
    },
    # Every night at 03:15: remove API tokens past their expiry.
    "delete-expired-api-tokens": {
        "task": "accounts.tasks.delete_expired_api_tokens",
        "schedule": crontab(hour=3, minute=15),
    },
    # Every hour, at twenty past: delete follows unconfirmed after 7 days, and addresses
    # left following nothing (personal data is kept no longer than that).
    "delete-unconfirmed-subscriptions": {
        "task": "alerts.tasks.delete_unconfirmed_subscriptions",
        "schedule": crontab(minute=20),
    },
    # Every Monday at 07:30: email weekly followers a digest of their forces' and programmes'
    # changes of the past week (nothing to those with none).
    "send-weekly-digests": {
        "task": "alerts.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    # Every hour, at twenty-five to: queue the emails of the past day's changes that the
    # broker refused when they were recorded.
    "send-missed-alerts": {
        "task": "alerts.tasks.send_missed_alerts",
        "schedule": crontab(minute=35),
    },
}
if REDIS_URL:  # production and CI: Redis is the broker
    CELERY_BROKER_URL = REDIS_URL
else:  # embedded default: tasks run inline
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
# The cache keeps to a Redis database of its own (REDIS_URL's next one unless CACHE_URL says),
# so that clearing it never deletes queued tasks; without either, it is in memory.
CACHE_URL = env_cache_url("CACHE_URL", broker_url=REDIS_URL)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# django-axes first: it refuses a sign-in while that username is locked out from that address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed sign-ins for one username from one IP address lock that pair out for 15 minutes
# (the admin's sign-in too). Counting pairs means nobody can lock a user out from elsewhere,
# and colleagues behind one office address do not lock each other out; the price is that an
# address may try four passwords on each of many accounts, which the sign_in_failed log
# shows. The lock runs from the fifth failure; attempts during it check no password and do
# not extend it (each is logged). A successful sign-in clears the count. The address is
# REMOTE_ADDR, as for the API's throttle. Admins unlock early in the admin (Axes → Access
# attempts) or with `manage.py axes_reset_username USERNAME`.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.security.lockout_response"  # registration/locked_out.html
# A hostile username can be megabytes long; axes stores at most 255 characters of it.
AXES_USERNAME_CALLABLE = "config.sign_in.axes_username"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A monitor sending `Authorization: Bearer <HEALTHZ_TOKEN>` is told which part of the site is
# down (config/health.py); without a token only inspectors and admins are.
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")

# Requests an anonymous API caller may make per address. Only a load test raises it: its many
# clients share one address (bench/load.sh).
API_ANON_RATE = os.environ.get("API_ANON_RATE", "1000/hour")
if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", API_ANON_RATE):
    raise ImproperlyConfigured(
        f"API_ANON_RATE={API_ANON_RATE!r} is not a rate: use e.g. 1000/hour (or /second, /minute, "
        "/day)."
    )

# Days an API token lasts from its creation on the account page (accounts/). It also ends
# when its owner changes password, is deactivated or revokes it.
API_TOKEN_TTL_DAYS = env_int("API_TOKEN_TTL_DAYS", default=90)
if API_TOKEN_TTL_DAYS < 1:
    raise ImproperlyConfigured(f"API_TOKEN_TTL_DAYS={API_TOKEN_TTL_DAYS} must be at least 1.")
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=API_TOKEN_TTL_DAYS),
    "AUTH_HEADER_PREFIX": "Token",  # as rest_framework.authtoken's tokens were sent
}

# The API under /api/ (config/api.py): read-only for the public, session or token sign-in.
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes "not signed in" a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # DRF's JSON, marked in a demonstration database (config/renderers.py).
    "DEFAULT_RENDERER_CLASSES": ["config.renderers.JSONRenderer"],
    # DRF's parsers; JSON nested too deep is a 400, not a 500 (config/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.api.Pagination",
    "DEFAULT_THROTTLE_CLASSES": ["config.api.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE},
    # Trust REMOTE_ADDR: a client-supplied X-Forwarded-For must not reset its throttle.
    "NUM_PROXIES": 0,
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Inspection findings dashboard API",
    "DESCRIPTION": "Police inspection findings for the forces of England and Wales: "
    "inspections, judgments, findings, recommendations and indicators.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge from Swagger's online validator: the page reaches only this site. No deep links:
    # Swagger UI puts them inside each operation's button, a link within a button that
    # keyboards and screen readers cannot reach (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "FindingKindEnum": "findings.models.Finding.Kind",
        "OtherFigureKindEnum": "findings.models.OtherFigure.Kind",
        "RecommendationKindEnum": "recommendations.models.Recommendation.Kind",
        "AcceptanceEnum": "recommendations.models.Acceptance",
        "VerificationStatusEnum": "recommendations.models.VerificationStatus",
        "VerdictEnum": ["met", "not_met", "superseded", "closed"],
        "AcceptanceDecisionEnum": ["accepted", "not_accepted"],
    },
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# Our own message catalogues, such as the Welsh one (README: Languages).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Our own files, the front-end build (`make assets`: the Sass output and the one GOV.UK
# Frontend script, copied because its folder holds ~900 source files we never serve) and,
# straight from node_modules (`make node_modules`), the GOV.UK images the CSS refers to and
# Plotly's cartesian bundle. Only these few files are collected.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    BASE_DIR / "static_build",  # app/app.min.css, govuk/govuk-frontend.min.js
    ("govuk/assets/images", NODE_MODULES / "govuk-frontend/dist/govuk/assets/images"),
    ("plotly", NODE_MODULES / "plotly.js-cartesian-dist-min"),  # plotly-cartesian.min.js
    # sortable-table.bundle.mjs: the MOJ Frontend's sortable table (an ES module).
    ("moj", NODE_MODULES / "@ministryofjustice/frontend/moj/components/sortable-table"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Evidence files are served only by a view that checks who may see them: no MEDIA_URL.
FILE_UPLOAD_PERMISSIONS = 0o640

# History is read-only in the admin: a revert would bypass the services' rules.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Sign-in pages (templates/registration/); tracking pages send anonymous visitors there.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "inspections:home"
LOGOUT_REDIRECT_URL = "inspections:home"
# Absolute links in reminder emails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Email: SMTP when EMAIL_HOST is set (production), otherwise printed to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "no-reply@localhost"
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# JSON lines in production (LOG_FORMAT=json, the default unless DEBUG), plain text to read.
LOGGING = logging_config(
    log_format=env_choice("LOG_FORMAT", choices=FORMATS, default="text" if DEBUG else "json"),
    level=os.environ.get("LOG_LEVEL", "INFO"),
)
