"""Mutualis settings: one module, driven by environment variables.

SQLite under var/ by default; PostgreSQL when DATABASE_URL is set.
Production: set DJANGO_DEBUG=0, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MUTUALIS_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0")
    SECRET_KEY = "dev-only-insecure-key-change-me-" + "x" * 40

ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Third party
    "axes",
    "django_htmx",
    "django_filters",
    "django_tables2",
    # mutualis.jobs first: its `db_worker` (the backend's worker + the reaper of lost jobs) wins.
    "mutualis.jobs",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Mutualis domain apps
    "mutualis.core",
    "mutualis.geography",
    "mutualis.accounts",
    "mutualis.employer_groups",
    "mutualis.organisations",
    "mutualis.referential",
    "mutualis.members",
    "mutualis.employees",
    "mutualis.planning",
    "mutualis.imports",
    "mutualis.demo",
    "mutualis.billing",
    "mutualis.needs",
    "mutualis.timesheets",
    "mutualis.appointments",
    "mutualis.training",
    "mutualis.insertion",
    "mutualis.funding",
    "mutualis.offer",
    "mutualis.recruitment",
    "mutualis.territories",
    "mutualis.ge_projects",
    "mutualis.exchange",
    "mutualis.einvoicing",
    "mutualis.www",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mutualis.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mutualis.accounts.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mutualis.accounts.middleware.CurrentOrganisationMiddleware",
    "axes.middleware.AxesMiddleware",
    "mutualis.core.middleware.DateOverflowMiddleware",
    "mutualis.core.middleware.NulCharacterMiddleware",
    "mutualis.core.headers.SecurityHeadersMiddleware",
]

# Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses), see
# mutualis/accounts/client_ip.py and the README's production section.
MUTUALIS_TRUSTED_PROXIES = [
    a.strip() for a in os.environ.get("MUTUALIS_TRUSTED_PROXIES", "").split(",") if a.strip()
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mutualis" / "www" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "mutualis.accounts.context_processors.organisation",
            ],
            # Tests set this to a failing sentinel (see tests/conftest.py).
            "string_if_invalid": os.environ.get("DJANGO_TEMPLATE_STRING_IF_INVALID", ""),
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "mutualis.sqlite3",
            "OPTIONS": {
                # WAL and a busy timeout let the web server and the worker share the file.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
# Lets parallel test runs (several people on one PostgreSQL) keep their own test databases.
if os.environ.get("MUTUALIS_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["MUTUALIS_TEST_DB_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Limited login attempts (django-axes): 5 failures lock the username+IP for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "mutualis" / "www" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Mutualis <ne-pas-repondre@mutualis.localhost>"
)

# Sessions and CSRF: secure cookies in production, short idle sessions.
SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", False) else None
)
X_FRAME_OPTIONS = "DENY"

# E-invoicing (issue 19): the default PA of a GE that entered none (docs/einvoicing.md). The simulator keeps
# its flows in a file of its own, outside the database, like a remote platform.
MUTUALIS_PA_CONNECTOR = os.environ.get("MUTUALIS_PA_CONNECTOR", "simulator")
MUTUALIS_PA_SIMULATOR_STORE = VAR_DIR / "pa-simulator.json"
# Fernet key encrypting the GEs' PA credentials at rest; empty: derived from SECRET_KEY (issue 19).
MUTUALIS_SECRETS_KEY = os.environ.get("MUTUALIS_SECRETS_KEY", "")

# Background jobs: Django's tasks API (django-tasks backport). The database backend by default;
# `MUTUALIS_TASKS_BACKEND=rq` puts the same tasks on Redis through RQ (django-tasks-rq), with workers
# started by `manage.py rqworker` (docs/production.md: when to switch). A dotted path is used as is.
TASKS_BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}
_tasks_backend = os.environ.get("MUTUALIS_TASKS_BACKEND", "") or "database"
TASKS = {"default": {"BACKEND": TASKS_BACKENDS.get(_tasks_backend, _tasks_backend)}}
if TASKS["default"]["BACKEND"].startswith("django_tasks_rq."):
    # mutualis.jobs stays first: its `rqworker` (django-rq's + the reaper of lost jobs) wins.
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db") + 1, "django_rq")
    RQ_QUEUES = {
        "default": {
            "URL": os.environ.get("MUTUALIS_REDIS_URL", "redis://127.0.0.1:6379/0"),
            # RQ stops a job after this many seconds (its own default is 3 minutes): long engine runs.
            "DEFAULT_TIMEOUT": int(os.environ.get("MUTUALIS_RQ_JOB_TIMEOUT", str(6 * 3600))),
        }
    }

# A running job beats every few seconds; one silent for longer than its lease lost its worker and is
# failed, or queued again when its handler is idempotent, up to MAX_ATTEMPTS runs (docs/hardening.md).
MUTUALIS_JOB_LEASE_SECONDS = int(os.environ.get("MUTUALIS_JOB_LEASE_SECONDS", "60"))
MUTUALIS_JOB_MAX_ATTEMPTS = int(os.environ.get("MUTUALIS_JOB_MAX_ATTEMPTS", "3"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "mutualis.api.schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON errors for bodies that are not objects, over-size requests and overflowing dates (issue 17).
    "DEFAULT_PARSER_CLASSES": [
        "mutualis.api.errors.ObjectJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "mutualis.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Mutualis",
    "DESCRIPTION": "API REST des groupements d'employeurs (version 1).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Error answers and times (mutualis/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "mutualis.api.schema.postprocess_times",
    ],
    # Billing's "status" choice sets, named apart from the other resources' (issue 6).
    "ENUM_NAME_OVERRIDES": {
        "TrainingFundingStatusEnum": "mutualis.training.models.FundingStatus",
        "TrainingEnrolmentStatusEnum": "mutualis.training.models.EnrolmentStatus",
        "CareerReviewKindEnum": "mutualis.training.models.ReviewKind",
        "TrainingRequestStatusEnum": "mutualis.training.models.RequestStatus",
        "BillingRunStatusEnum": "mutualis.billing.models.RunStatus",
        "BillingDocumentStatusEnum": "mutualis.billing.models.DocumentStatus",
        "InsertionPartEnum": "mutualis.insertion.enums.Part",
        "InsertionExitOutcomeEnum": "mutualis.insertion.enums.ExitOutcome",
        "InsertionGivenViaEnum": "mutualis.insertion.enums.GivenVia",
        "ApplicationStatusEnum": "mutualis.recruitment.models.ApplicationStatus",
        "JobOfferStatusEnum": "mutualis.recruitment.models.OfferStatus",
        "ApplicationRefusalReasonEnum": "mutualis.recruitment.models.RefusalReason",
        "OrientationRefusalReasonEnum": "mutualis.offer.enums.RefusalReason",
        "ContractKindEnum": "mutualis.employees.models.ContractKind",
        "TerritoryKindEnum": "mutualis.territories.models.TerritoryKind",
        "MemberKindEnum": "mutualis.members.models.MemberKind",
        "NeedKindEnum": "mutualis.needs.models.NeedKind",
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/semantic.html"

# Geocoder: a dotted path to a callable (address -> (lat, lon) or None). The default
# makes no network call; see mutualis/members/geocoding.py.
MUTUALIS_GEOCODER = os.environ.get("MUTUALIS_GEOCODER", "mutualis.members.geocoding.NullGeocoder")
# Imports above this many rows run as background jobs.
MUTUALIS_IMPORT_SYNC_MAX_ROWS = int(os.environ.get("MUTUALIS_IMPORT_SYNC_MAX_ROWS", "500"))
# Billing reads the month's hours from the timesheets (see docs/billing.md); a dotted path to
# `(group=, month=) -> list[HourLine]`.
MUTUALIS_BILLABLE_HOURS_PROVIDER = os.environ.get(
    "MUTUALIS_BILLABLE_HOURS_PROVIDER", "mutualis.billing.providers.timesheet_hours"
)
# Timesheets: an entry more than this many minutes above its planned hours needs a reason and a
# review at closing (mutualis/timesheets/anomalies.py).
MUTUALIS_TIMESHEET_OVER_PLANNED_MARGIN_MINUTES = int(
    os.environ.get("MUTUALIS_TIMESHEET_OVER_PLANNED_MARGIN_MINUTES", "120")
)
# Appointment messages (mutualis/appointments/messaging.py): channel -> sender class. E-mail goes
# through Django's mail; SMS are sent only when a provider is set (the console one prints them).
MUTUALIS_APPOINTMENT_SENDERS = {
    "email": "mutualis.appointments.messaging.EmailSender",
    "sms": os.environ.get("MUTUALIS_SMS_SENDER", ""),
}

# Logs go to the standard error; DJANGO_LOG_FORMAT=json writes one JSON object a line (production).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "mutualis.core.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if os.environ.get("DJANGO_LOG_FORMAT") == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Maps (mutualis/geography): the outlines come from Mutualis itself. A tile server is optional and
# off by default (no third-party request); e.g. "https://tile.example.org/{z}/{x}/{y}.png".
MUTUALIS_MAP_TILES_URL = os.environ.get("MUTUALIS_MAP_TILES_URL", "")
MUTUALIS_MAP_TILES_ATTRIBUTION = os.environ.get("MUTUALIS_MAP_TILES_ATTRIBUTION", "")

# Absolute address of the site, for links in e-mails sent outside a request (orientation reminders).
MUTUALIS_BASE_URL = os.environ.get("MUTUALIS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Charges other domains add to members' invoices (mutualis/billing/selectors.py: extra_charges).
BILLING_EXTRA_CHARGES = ["mutualis.training.services.billing_charges"]
