"""Settings, read only from the environment (or a `.env` file) through django-environ.

Every setting has a safe default, so `make run` needs nothing configured: SQLite, tasks run
in-process, a local-memory cache and e-mails printed to the console. README.md lists them all.
"""

import base64
import hashlib
from datetime import timedelta
from pathlib import Path

import environ
import holidays
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is False.")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
# How many reverse proxies stand in front of the portal (portal/lib/http.py reads the client's address
# through them).
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
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
    "django.forms",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_htmx",
    "axes",
    "portal",
    "suppliers",
    "customers",
    "connections",
    "challenges",
    "invoices",
    "tickets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.lib.timezones.TimeZoneMiddleware",
    "portal.lib.tenancy.TenancyMiddleware",
    "portal.lib.errors.MethodNotAllowedPageMiddleware",
    # Last, so that it sees the sign-in view's answer and replaces it during a lockout.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.tenancy",
            ],
            # The kernel's template filters, registered by path: portal/lib is no app, so it has
            # no templatetags package for {% load %} to find.
            "libraries": {"portal_l10n": "portal.lib.l10n_tags", "portal_forms": "portal.lib.form_tags"},
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers on the embedded default wait their turn instead of failing with "database
    # is locked": every transaction takes the write lock when it begins (a deferred one that read
    # first cannot upgrade while another writes, and SQLite gives up at once rather than
    # deadlock), waits up to 20 s for it, and readers never block the writer (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
# Each process keeps its connection for this many seconds instead of opening one per request
# (a PostgreSQL connection costs a few milliseconds), checked before reuse so a connection the
# server dropped is replaced, not failed on. Celery workers are unaffected: Celery's Django fixup
# closes the connection before and after every task.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "suppliers.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every attempt, right password or not, from a client that is locked out.
    "axes.backends.AxesStandaloneBackend",
    "suppliers.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Sign-up's e-mail verification link works for this long.
EMAIL_VERIFICATION_MAX_AGE = timedelta(days=3)

# Sign-in throttling (django-axes): 5 failures for one user name from one client address, or 20
# from one address across names (SIGN_IN_ADDRESS_FAILURE_LIMIT, counted by
# suppliers.throttle.SignInAttemptsHandler), within AXES_COOLOFF_TIME lock that address out for
# AXES_COOLOFF_TIME. Someone else's guesses never lock a user out from another address.
AXES_FAILURE_LIMIT = 5
SIGN_IN_ADDRESS_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Attempts refused during the lock are not counted: it ends 15 minutes after the failure that
# started it, however often the user retries meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "suppliers.throttle.SignInAttemptsHandler"
AXES_CLIENT_IP_CALLABLE = "portal.lib.http.client_address"
AXES_USERNAME_CALLABLE = "suppliers.throttle.attempted_username"
AXES_LOCKOUT_CALLABLE = "suppliers.views.sign_in_locked"
# axes announces its configuration on every start (each manage.py command): noise in logs.
AXES_VERBOSE = False

# Languages: English is the source; the catalogues in locale/ hold the other five.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("cs", _("Czech")),
    ("de", _("German")),
    ("pl", _("Polish")),
    ("fr", _("French")),
    ("hu", _("Hungarian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Where a language's date and number formats differ from Django's (portal/lib/formats/<language>/).
FORMAT_MODULE_PATH = ["portal.lib.formats"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Redis serves as the cache (and so the rate limits of later issues) when it is configured.
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": env.cache(
        "CACHE_URL", default=REDIS_URL or "locmemcache://portal"
    )
}

# Sessions are read from the cache when every process shares it (Redis), written through to the
# database; with the local-memory default each process would keep its own stale copy (an account
# switched in one gunicorn worker, not in the next), so they stay in the database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.db"
    if CACHES["default"]["BACKEND"].endswith("LocMemCache")
    else "django.contrib.sessions.backends.cached_db"
)

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# The portal's address as e-mails give it (links to requests, the buyer's confirmation page).
# Unset, it is the address `make run` serves on: http://127.0.0.1:$PORT.
PORTAL_URL = env.str("PORTAL_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Supplier portal <no-reply@localhost>")

# Celery: without a broker every task runs eagerly, in-process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
# A message whose worker died unacknowledged goes back to the queue after this many seconds
# (Redis). Longer than any task, or a slow task would run twice (harmless: tasks are idempotent).
BROKER_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
    # Look for such messages every few seconds (a cheap scan), not every 100 s as by default.
    "unacked_restore_interval": min(10, BROKER_VISIBILITY_TIMEOUT),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# Rows per upsert transaction when loading invoice statuses (and so per progress step).
INVOICE_LOAD_CHUNK = env.int("INVOICE_LOAD_CHUNK", default=50_000)
CELERY_BEAT_SCHEDULE = {
    "buyer-reminders": {"task": "connections.tasks.buyer_reminders_send", "schedule": 3600},
    "requests-expire": {"task": "connections.tasks.requests_expire", "schedule": 3600},
    "name-words-refresh": {"task": "customers.tasks.name_words_refresh", "schedule": 3600},
    "status-exports-remove": {"task": "invoices.tasks.status_exports_remove", "schedule": 3600},
    "invoice-statuses-refresh": {
        "task": "invoices.tasks.invoice_statuses_refresh",
        "schedule": 60 * env.int("INVOICE_REFRESH_MINUTES", default=15),
    },
}

# Billing integrations (invoices/billing/). Credentials are encrypted with Fernet keys: the first
# key encrypts, every key decrypts, so a new key goes first and the old one stays until
# `manage.py billing_credentials_rotate` has re-encrypted the rows.
BILLING_CREDENTIALS_KEYS = env.list("BILLING_CREDENTIALS_KEYS", default=[])
if not BILLING_CREDENTIALS_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "BILLING_CREDENTIALS_KEYS must be set when DEBUG is False "
            '(python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())").'
        )
    # Development only: a key derived from the (development) secret key.
    BILLING_CREDENTIALS_KEYS = [base64.urlsafe_b64encode(hashlib.sha256(SECRET_KEY.encode()).digest()).decode()]
SZAMLAZZ_AGENT_URL = env.str("SZAMLAZZ_AGENT_URL", default="https://www.szamlazz.hu/szamla/")
# Webhooks go only to public addresses (a tenant types the URL; the worker must not reach this
# network's own services); a deployment whose receivers sit on its private network turns this on.
BILLING_WEBHOOK_PRIVATE_ADDRESSES = env.bool("BILLING_WEBHOOK_PRIVATE_ADDRESSES", default=False)
BILLINGO_API_URL = env.str("BILLINGO_API_URL", default="https://api.billingo.hu/v3")
# Seconds each call to a billing system may take before its outcome counts as unknown.
BILLING_TIMEOUT = env.float("BILLING_TIMEOUT", default=20.0)
# A push's retries: the first waits about this many seconds, doubling (with jitter) up to a limit.
BILLING_RETRY_BACKOFF = env.float("BILLING_RETRY_BACKOFF", default=5.0)
BILLING_MAX_RETRIES = env.int("BILLING_MAX_RETRIES", default=8)

# Widgets render through the project's templates too (templates/portal/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS only when DEBUG is off. Behind a TLS-terminating proxy that redirects and sets HSTS itself,
# turn either off; the proxy's X-Forwarded-Proto then tells Django a request came over HTTPS.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Asking browsers to hard-code HTTPS for the whole domain (the preload list) is the operator's
# choice, made with SECURE_HSTS_PRELOAD; without it, check --deploy would warn on every run.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Every new supplier account starts connected to this buyer, so it can practise sending invoices.
# In the normal form of every network number (portal.lib.identifiers): upper case.
TEST_BUYER_NETWORK_NUMBER = "AAATESTBUYER"
# The test buyer moves each invoice sent to it on as a real buyer would: Approved this many
# seconds after it was sent, then Paid this many seconds after that (invoices.tasks).
TEST_BUYER_APPROVE_SECONDS = env.int("TEST_BUYER_APPROVE_SECONDS", default=60)
TEST_BUYER_PAY_SECONDS = env.int("TEST_BUYER_PAY_SECONDS", default=120)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every step of every PDF at INFO ("Step 2 - Fetching and parsing CSS"),
    # fontTools each font it subsets, factur-x each file it makes.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "weasyprint.progress", "fontTools", "factur-x")},
}

# Support desk: ticket deadlines count business hours in the team's time zone, skipping the
# public holidays of its country ("" for none) and region: a country's calendar alone lacks its
# regions' holidays (GB without ENG has no Easter Monday).
# Where a supplier's message on a ticket is e-mailed ("" to send none).
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default="support@localhost")
SUPPORT_TIME_ZONE = env.str("SUPPORT_TIME_ZONE", default="Europe/London")
SUPPORT_HOLIDAY_COUNTRY = env.str("SUPPORT_HOLIDAY_COUNTRY", default="GB")
SUPPORT_HOLIDAY_SUBDIVISION = env.str(
    "SUPPORT_HOLIDAY_SUBDIVISION", default="ENG" if SUPPORT_HOLIDAY_COUNTRY == "GB" else ""
)
if SUPPORT_HOLIDAY_COUNTRY:
    try:
        holidays.country_holidays(SUPPORT_HOLIDAY_COUNTRY, subdiv=SUPPORT_HOLIDAY_SUBDIVISION or None)
    except NotImplementedError as error:
        raise ImproperlyConfigured(f"SUPPORT_HOLIDAY_COUNTRY / SUPPORT_HOLIDAY_SUBDIVISION: {error}") from None
SUPPORT_DEADLINE_BUSINESS_DAYS = env.int("SUPPORT_DEADLINE_BUSINESS_DAYS", default=2)
SUPPORT_OPENING_HOURS = (9, 17)
SUPPORT_BUSINESS_DAYS = (0, 1, 2, 3, 4)

# The invoice challenge asks about invoices of the last this-many months of a buyer's data.
CHALLENGE_RECENT_MONTHS = env.int("CHALLENGE_RECENT_MONTHS", default=24)

# The official e-invoice rules (EN 16931 for UBL and CII, Peppol BIS Billing 3.0) as their
# publishers compile them to XSLT: the directory holding them, never a copy inside the project.
# Unset: invoices are sent after the portal's own checks only (invoices/documents/official_rules.py).
EINVOICE_RULES_DIR = env.str("EINVOICE_RULES_DIR", default="")
