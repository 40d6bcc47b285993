"""Settings for the inspection findings dashboard; the environment chooses the mode."""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY") or ("dev-insecure-key" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (a development key is used only when DEBUG=1).")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)

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
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files, not a CDN
    "inspections",
    "findings",
    "recommendations",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change kept by django-simple-history.
    "simple_history.middleware.HistoryRequestMiddleware",
]

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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = "Europe/London"
CELERY_TASK_IGNORE_RESULT = True  # tasks return nothing anyone waits for
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the task to be run again
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A save must not hang when the broker is down: give up quickly, mark indicators stale.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2}
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
}
if REDIS_URL:  # production and CI: Redis is broker and cache
    CELERY_BROKER_URL = REDIS_URL
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:  # embedded default: tasks run inline, cache in memory
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The API under /api/ (config/api.py): read-only for the public, session or token sign-in.
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes "not signed in" a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.api.Pagination",
    "DEFAULT_THROTTLE_CLASSES": ["config.api.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": "1000/hour"},
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
    # No badge from Swagger's online validator: the page reaches only this site.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
