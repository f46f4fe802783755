"""Settings, read from the environment with safe development defaults.

Development (the default): SQLite and a filesystem Celery broker under var/, DEBUG on.
Production (PRODUCTION=1): SECRET_KEY required, DEBUG refused, secure cookies and HSTS.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("XISHAN_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

PRODUCTION = env.bool("PRODUCTION", default=False)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env.str("SECRET_KEY", default="")

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("PRODUCTION=1 refuses to start with DEBUG on.")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("PRODUCTION=1 needs a SECRET_KEY of at least 50 characters.")
elif not SECRET_KEY:
    # Development only: a fixed, obviously unsafe key so sessions survive restarts.
    SECRET_KEY = "dev-insecure-key-do-not-use-in-production-xishan-portal-0000"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

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
    "django_filters",
    "import_export",
    "axes",
    "csp",
    "committees",
    "evaluations",
    "funding",
    "surveys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "committees.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "committees.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xishan_portal.urls"

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
                "committees.context_processors.navigation",
                "committees.context_processors.site",
                "surveys.context_processors.notices",
            ],
        },
    },
]

# Selects written in Python, not an include per option (committees.form_renderer).
FORM_RENDERER = "committees.form_renderer.FastSelectRenderer"

WSGI_APPLICATION = "xishan_portal.wsgi.application"

# Database: SQLite under var/ by default; DATABASE_URL (postgres://…) in production and CI.
POSTGRESQL_ENGINE = "xishan_portal.postgresql"
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web server, worker and beat share the file: WAL, a busy timeout and IMMEDIATE
    # transactions avoid "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory, so that a real Celery worker process can reach the test database.
    # One file per test process, so that concurrent test runs don't share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: a new PostgreSQL connection per request cost more than many pages'
# queries. CONN_HEALTH_CHECKS pings a kept connection before a request reuses it, so one the server
# closed meanwhile is replaced rather than failing the request. SQLite opens a file: nothing to keep.
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "CONN_MAX_AGE", default=0 if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else 60
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The same backend, whose health check skips the round trip when the kept connection is quiet
    # (xishan_portal/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = POSTGRESQL_ENGINE
    # Without the planner's JIT: the list pages' counts are estimated costly enough to be compiled,
    # which took longer than running them (the demo's people count: 13.5 ms of JIT in 16.8 ms; a
    # province's count 68 ms against 37 ms). PG_JIT=on gives it back.
    if not env.bool("PG_JIT", default=False):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A list filter's empty choice (django-filter's default is "---------").
FILTERS_EMPTY_CHOICE_LABEL = _("All")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): AXES_FAILURE_LIMIT failed logins for one user name, or from
# one IP address, lock that name or address for AXES_COOLOFF_MINUTES; each further attempt
# during the lockout starts the wait again. A district admin can unlock a user on their page.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before checking it
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "committees.views.auth.lockout"
# A success does not clear the failures: it would also clear those of other user names tried
# from the same address, so one valid account would let anyone go on guessing another's password.
AXES_RESET_ON_SUCCESS = False
# The audit log (committees.audit) records logins and failures; axes keeps only its counters.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Behind the reverse proxy REMOTE_ADDR is the proxy's own address: the client's is the one the
# proxies append to X-Forwarded-For, TRUSTED_PROXIES from the right (committees.throttling.client_ip).
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=1 if PRODUCTION else 0)
AXES_CLIENT_IP_CALLABLE = "committees.throttling.client_ip"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
# The place the portal serves, in its name (锡山区关工委工作平台) and its footer: a city's or a
# province's deployment sets its own (SITE_PLACE=江苏省, SITE_PLACE_EN=Jiangsu Province).
SITE_PLACE = env("SITE_PLACE", default="锡山区")
SITE_PLACE_EN = env("SITE_PLACE_EN", default="Xishan District")
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Production (and anyone who sets EMAIL_URL) sends through EMAIL_URL (smtp+tls://…); development
# writes each email to a file under var/mail/ (EMAIL_FILE_PATH), where it can be read.
if PRODUCTION or env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = Path(env.str("EMAIL_FILE_PATH", default="") or VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@xishan-ggw.local")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Links in emails are absolute: the address the portal is reached at.
EMAIL_SITE_URL = env.str("EMAIL_SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")

# Celery: a filesystem broker under var/ needs no server; production points at Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_DIR = VAR_DIR / "celery-broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    (CELERY_BROKER_DIR / "control").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR),
        "data_folder_out": str(CELERY_BROKER_DIR),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
# Job progress lives in our own models, not in a result backend.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Tasks that are safe to repeat ask for acks_late; one message at a time, so that a worker that
# dies loses no message it had fetched but not started.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Work whose worker died (committees/heartbeat.py): a running task writes a heartbeat every
# JOB_HEARTBEAT_EVERY seconds; beat's sweep, every JOB_SWEEP_EVERY seconds, ends as failed (and
# re-runnable) what has shown none for JOB_STALE_AFTER seconds.
JOB_HEARTBEAT_EVERY = env.int("JOB_HEARTBEAT_EVERY", default=15)
JOB_STALE_AFTER = env.int("JOB_STALE_AFTER", default=120)
JOB_SWEEP_EVERY = env.int("JOB_SWEEP_EVERY", default=60)
# Beat (Procfile) reminds towns of a survey deadline; the task sends each reminder once, so
# running it several times a day only makes up for the hours the server was down.
CELERY_BEAT_SCHEDULE = {
    "survey-deadline-reminders": {
        "task": "surveys.tasks.send_deadline_reminders",
        "schedule": crontab(minute=0, hour="8-20"),
    },
    "stale-work-sweep": {
        "task": "committees.tasks.sweep_stale_work",
        "schedule": JOB_SWEEP_EVERY,
    },
}
# How many days before a round's deadline the towns with forms not yet submitted are reminded.
SURVEY_REMINDER_DAYS = env.int("SURVEY_REMINDER_DAYS", default=3)

# Form 3's grid posts about 16 fields per village: a large town's form passes Django's default of 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Uploaded workbooks (committees.xlsx_open): refused before parsing when the file is larger, when
# it unpacks to more (a zip bomb) or when it has more parts than any workbook of ours would.
XLSX_MAX_UPLOAD_BYTES = env.int("XLSX_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
XLSX_MAX_UNCOMPRESSED_BYTES = env.int("XLSX_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024)
XLSX_MAX_ENTRIES = env.int("XLSX_MAX_ENTRIES", default=500)

SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, each request's read with one plain SELECT (committees/sessions.py).
SESSION_ENGINE = "committees.sessions"
# A session ends after a working day without a request: committees.middleware.IdleSessionMiddleware
# renews it, at most every SESSION_RENEW_SECONDS.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_HOURS", default=9) * 3600
SESSION_RENEW_SECONDS = 300

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from the portal's own
# files only (ECharts and htmx are vendored in static/); no inline script, handler or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # ECharts exports a chart as a data: image
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_error_line": {"()": "committees.request_log.ClientErrorLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # 403 and 404 as one line each (user and path); a 500 keeps its traceback.
        "django.request": {"filters": ["client_error_line"]},
        # The audit log (committees.audit) keeps the logins; django-axes says only what is wrong.
        "axes": {"level": "WARNING"},
    },
}

PAGE_SIZE = 50
