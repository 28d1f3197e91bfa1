"""biafed settings: every value comes from the environment through biafed.env.

Embedded defaults (SQLite, local files, database task queue, console e-mail)
run on one machine with nothing else installed; the variables documented in
docs/configuration.md switch to PostgreSQL, S3 storage, Redis and SMTP.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from biafed.env import (
    env_bool,
    env_choice,
    env_int,
    env_link,
    env_list,
    env_oidc_providers,
    env_saml_idps,
    env_str,
    env_tile_url,
    env_time_zone,
    env_url,
    tile_host,
    url_origin,
)

SRC_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = SRC_DIR.parent
DATA_DIR = Path(env_str("BIAFED_DATA_DIR", str(REPO_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("BIAFED_TESTING", False)

_DEV_SECRET = "biafed-development-only-secret-key-not-for-production-use-0123456789"
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string (or DEBUG=true for development)."
        )
    SECRET_KEY = _DEV_SECRET

SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https")).rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    # Before allauth, so that its account and two-factor pages use the site's layout
    # (biafed/common/templates/allauth, account, mfa).
    "biafed.common",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.orcid",
    "allauth.socialaccount.providers.openid_connect",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "biafed.people",
    "biafed.catalogue",
    "biafed.notifications",
    "biafed.opendesk",
    "biafed.matching",
    "biafed.intake",
    "biafed.projects",
    "biafed.reporting",
    "biafed.billing",
    "biafed.network",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "biafed.api",
    "biafed.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "biafed.common.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "biafed.people.middleware.SessionLifetimeMiddleware",
    "biafed.people.middleware.SecondFactorRequiredMiddleware",
]

# Content-Security-Policy (django-csp): only this site's own scripts, styles, images and
# connections; no inline script, event-handler attribute or style attribute anywhere
# (behaviour lives in static files, see common/static/biafed/site.js); no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The network map draws shipped country outlines; a tile server is optional (docs/network.md).
MAP_TILE_URL = env_tile_url("MAP_TILE_URL")
# The network's existing team chat (Mattermost, Element, Slack…), linked for members on the
# network page; biafed has no chat of its own (docs/network.md).
NETWORK_CHAT_URL = env_link("NETWORK_CHAT_URL", "https://chat.example.org/network")
if MAP_TILE_URL:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(tile_host(MAP_TILE_URL))
# Browser features no page of biafed uses are switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

ROOT_URLCONF = "biafed.urls"
WSGI_APPLICATION = "biafed.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "biafed.common.context_processors.rule_perms",  # `perms` as the views ask
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "biafed.notifications.context_processors.navigation",
                "biafed.people.context_processors.sign_in",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'biafed.sqlite3'}")
# Seconds a PostgreSQL connection is kept for the next request of the same thread. Not with
# the development server (DEBUG): it starts a thread per request, and every kept
# connection would stay open, idle, until PostgreSQL refuses new clients.
DATABASE_CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60, minimum=0)
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=DATABASE_CONN_MAX_AGE)}
except Exception as exc:  # dj-database-url raises several types
    raise ImproperlyConfigured(f"DATABASE_URL={DATABASE_URL!r} is not understood: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # Web server and worker share the file: WAL lets them read while one writes,
        # IMMEDIATE makes every transaction take the write lock up front.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.postgresql",
    "django.db.backends.postgresql_psycopg2",
):
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL.")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SIGNUP_FORM_CLASS = "biafed.people.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "biafed.people.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "biafed.people.login_form.LoginForm"}

# --- Sign-in methods (docs/identity.md): each can be switched off ----------------
# Password login and sign-up (sign-up also covers new accounts made from ORCID, OIDC, SAML).
LOGIN_PASSWORD_ENABLED = env_bool("LOGIN_PASSWORD_ENABLED", True)
SIGNUP_ENABLED = env_bool("SIGNUP_ENABLED", True)
# ORCID (orcid.org, or sandbox.orcid.org for trials): on once a client id is given.
ORCID_CLIENT_ID = env_str("ORCID_CLIENT_ID", "").strip()
ORCID_SECRET = env_str("ORCID_SECRET", "").strip()
ORCID_SANDBOX = env_bool("ORCID_SANDBOX", False)
ORCID_ENABLED = env_bool("ORCID_ENABLED", bool(ORCID_CLIENT_ID))
if ORCID_ENABLED and not (ORCID_CLIENT_ID and ORCID_SECRET):
    raise ImproperlyConfigured("ORCID_ENABLED=true needs ORCID_CLIENT_ID and ORCID_SECRET.")
# Any OpenID Connect provider (LS Login, Keycloak, an institution's IdP): a JSON list.
OIDC_PROVIDERS = env_oidc_providers("OIDC_PROVIDERS")
# SAML identity providers (the `saml` extra): a JSON list, and this site's entity id.
SAML_IDPS = [idp for idp in env_saml_idps("SAML_IDPS") if idp["enabled"]]
SAML_SP_ENTITY_ID = env_str("SAML_SP_ENTITY_ID", f"{SITE_URL}/accounts/saml/")

SOCIALACCOUNT_ADAPTER = "biafed.people.adapters.SocialAccountAdapter"
# A sign-in from a provider never logs into, nor joins, an existing account on its own:
# when its verified e-mail (or ORCID iD) is an account's, the person logs in to that
# account first and the sign-in is linked then (biafed.people.identity).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
# New accounts from a provider go through the sign-up form (name, institution).
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
SOCIALACCOUNT_PROVIDERS: dict = {
    "orcid": {
        "BASE_DOMAIN": "sandbox.orcid.org" if ORCID_SANDBOX else "orcid.org",
        "MEMBER_API": False,
        "APPS": (
            [{"client_id": ORCID_CLIENT_ID, "secret": ORCID_SECRET, "key": ""}]
            if ORCID_ENABLED
            else []
        ),
    },
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": provider["id"],
                "name": provider["name"],
                "client_id": provider["client_id"],
                "secret": provider["secret"],
                "settings": {"server_url": provider["issuer"], "scope": provider["scopes"]},
            }
            for provider in OIDC_PROVIDERS
            if provider["enabled"]
        ],
    },
}
# A login button posts to this site, which redirects to the provider: browsers check that
# redirect against the CSP's form-action, so each enabled provider's origin is allowed there
# (its authorization endpoint, or SAML single sign-on URL, is on the issuer's or metadata's host).
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += sorted(
    ({f"https://{SOCIALACCOUNT_PROVIDERS['orcid']['BASE_DOMAIN']}"} if ORCID_ENABLED else set())
    | {url_origin(p["issuer"]) for p in OIDC_PROVIDERS if p["enabled"]}
    | {url_origin(idp["metadata_url"]) for idp in SAML_IDPS}
)
if SAML_IDPS:
    try:
        import onelogin.saml2  # noqa: F401
    except ImportError:
        raise ImproperlyConfigured(
            "SAML_IDPS needs the 'saml' extra: uv sync --extra saml (docs/identity.md)."
        ) from None
    INSTALLED_APPS.insert(
        INSTALLED_APPS.index("allauth.socialaccount") + 1, "allauth.socialaccount.providers.saml"
    )
    SOCIALACCOUNT_PROVIDERS["saml"] = {
        "APPS": [
            {
                "name": idp["name"],
                "provider_id": idp["entity_id"],
                "client_id": idp["id"],
                "settings": {
                    "attribute_mapping": idp["attribute_mapping"]
                    or {
                        "uid": "urn:oid:1.3.6.1.4.1.5923.1.1.1.6",  # eduPersonPrincipalName
                        "email": "urn:oid:0.9.2342.19200300.100.1.3",  # mail
                        "email_verified": "email_verified",
                        "first_name": "urn:oid:2.5.4.42",  # givenName
                        "last_name": "urn:oid:2.5.4.4",  # sn
                    },
                    "idp": {"entity_id": idp["entity_id"], "metadata_url": idp["metadata_url"]},
                    "sp": {"entity_id": SAML_SP_ENTITY_ID},
                },
            }
            for idp in SAML_IDPS
        ]
    }

# Rate limits (django-allauth) count per real client address and per account, in the
# shared cache (CACHES below). Behind the reverse proxy of docs/deploy.md the client's
# address is the one the proxy appends to X-Forwarded-For: declare how many proxies
# stand in front (nginx alone: 1), or every client shares the proxy's address.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER", "").strip() or None
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Failed logins: per client address, and per account (e-mail) whatever the address.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}

# Two-factor authentication (allauth.mfa): offered to everyone, required of
# coordinators and admins (biafed.people.middleware.SecondFactorRequiredMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_ISSUER", "biafed")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # http://127.0.0.1 with `make run`
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", True)

# Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS
# after the login whatever the activity (biafed.people.middleware.SessionLifetimeMiddleware).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 120, minimum=5)
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60  # stored sessions expire unless renewed
ACCOUNT_SESSION_REMEMBER = False  # no "remember me": the cookie ends with the browser
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("pt-br", _("Portuguese (Brazil)")),
]
# The second path only holds pt_BR month and weekday names in lower case (docs/translations.md).
LOCALE_PATHS = [SRC_DIR / "biafed" / "locale", SRC_DIR / "biafed" / "formats" / "locale"]
FORMAT_MODULE_PATH = ["biafed.formats"]  # one date and one number format per language
TIME_ZONE = env_time_zone("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: downloads go through permission checks
FILE_STORAGE = env_choice("FILE_STORAGE", "local", ("local", "s3"))
if FILE_STORAGE == "s3":
    _bucket = env_str("AWS_STORAGE_BUCKET_NAME", "")
    if not _bucket:
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
BIAFED_NETWORK_NAME = env_str("NETWORK_NAME", "F-BIAS")
BIAFED_RULES_VERSION = env_str("NETWORK_RULES_VERSION", "2024-1")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads stream to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Task queue -----------------------------------------------------------
TASK_QUEUE = env_choice("TASK_QUEUE", "database", ("database", "redis", "immediate"))
REDIS_URL = env_url("REDIS_URL", "redis://127.0.0.1:6379/0", schemes=("redis", "rediss"))
_task_backends = {
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": _task_backends[TASK_QUEUE], "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
# Every minute: a check lost with its worker is started again within two minutes.
BIAFED_SCHEDULER_INTERVAL_S = env_int("BIAFED_SCHEDULER_INTERVAL_S", 60, minimum=5)

# The cache holds the login rate limits and locks: it must be shared by every process
# that serves the site. Several app servers share it through Redis; the processes of
# one machine through files; a per-process memory cache is for the test suite only.
CACHE_BACKEND = env_choice(
    "CACHE_BACKEND",
    "redis" if TASK_QUEUE == "redis" else ("memory" if TESTING else "file"),
    ("memory", "file", "redis"),
)
if CACHE_BACKEND == "redis":
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
elif CACHE_BACKEND == "file":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- E-mail ---------------------------------------------------------------
EMAIL_DELIVERY = env_choice("EMAIL_DELIVERY", "console", ("console", "file", "smtp", "memory"))
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}[EMAIL_DELIVERY]
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "biafed <no-reply@biafed.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security (production: DEBUG=false behind HTTPS) -----------------------
BEHIND_HTTPS = env_bool("BEHIND_HTTPS", not DEBUG and not TESTING)
if BEHIND_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is an opt-in commitment that is hard to undo (docs/deploy.md, "check
        # --deploy"): its warning is silenced until the operator chooses it.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
}

# --- Billing (biafed.billing): currency, VAT, who issues quotes and invoices ------------
# Amounts are exact decimals; see docs/billing.md for the rounding rules.
from decimal import Decimal as _Decimal  # noqa: E402
from decimal import InvalidOperation as _InvalidOperation  # noqa: E402

BILLING_CURRENCY = env_str("BILLING_CURRENCY", "EUR").strip().upper()
if len(BILLING_CURRENCY) != 3 or not BILLING_CURRENCY.isalpha():
    raise ImproperlyConfigured(
        f"BILLING_CURRENCY={BILLING_CURRENCY!r} must be a three-letter ISO 4217 code, e.g. EUR."
    )
_vat = env_str("BILLING_VAT_PERCENT", "20").strip()
try:
    BILLING_VAT_PERCENT = _Decimal(_vat)
except _InvalidOperation:
    raise ImproperlyConfigured(f"BILLING_VAT_PERCENT={_vat!r} is not a number.") from None
if not BILLING_VAT_PERCENT.is_finite() or not 0 <= BILLING_VAT_PERCENT <= 100:
    raise ImproperlyConfigured(f"BILLING_VAT_PERCENT={_vat!r} must be between 0 and 100.")
if BILLING_VAT_PERCENT != BILLING_VAT_PERCENT.quantize(_Decimal("0.01")):
    raise ImproperlyConfigured(f"BILLING_VAT_PERCENT={_vat!r} has more than two decimals.")
BILLING_VAT_PERCENT = BILLING_VAT_PERCENT.quantize(_Decimal("0.01"))
BILLING_ISSUER_NAME = env_str("BILLING_ISSUER_NAME", "France-BioImaging – F-BIAS")
BILLING_ISSUER_ADDRESS = env_str("BILLING_ISSUER_ADDRESS", "").replace("\\n", "\n")
BILLING_ISSUER_TAX_ID = env_str("BILLING_ISSUER_TAX_ID", "")
BILLING_PAYMENT_DAYS = env_int("BILLING_PAYMENT_DAYS", 30, minimum=0)
BILLING_QUOTE_VALID_DAYS = env_int("BILLING_QUOTE_VALID_DAYS", 90, minimum=1)

# --- Intake (biafed.intake): resumable uploads, limits, quota, retention ---------------
# See docs/intake.md. Sizes in MB (1 MB = 1024 * 1024 bytes).
INTAKE_MAX_FILE_MB = env_int("INTAKE_MAX_FILE_MB", 20 * 1024, minimum=1)
INTAKE_MAX_TARGET_MB = env_int("INTAKE_MAX_TARGET_MB", 50 * 1024, minimum=1)
INTAKE_MAX_FILES_PER_TARGET = env_int("INTAKE_MAX_FILES_PER_TARGET", 20, minimum=1)
INTAKE_QUOTA_MB = env_int("INTAKE_QUOTA_MB", 100 * 1024, minimum=1)
INTAKE_CHUNK_MB = env_int("INTAKE_CHUNK_MB", 50, minimum=1)
INTAKE_UPLOAD_EXPIRY_HOURS = env_int("INTAKE_UPLOAD_EXPIRY_HOURS", 7 * 24, minimum=1)
INTAKE_RETENTION_DAYS = env_int("INTAKE_RETENTION_DAYS", 90, minimum=1)
INTAKE_RETENTION_NOTICE_DAYS = env_int("INTAKE_RETENTION_NOTICE_DAYS", 14, minimum=1)
INTAKE_STAGING_DIR = env_str("INTAKE_STAGING_DIR", "")  # default: next to the stored files
INTAKE_INSPECT_MEMORY_MB = env_int("INTAKE_INSPECT_MEMORY_MB", 1024, minimum=128)
INTAKE_INSPECT_TIMEOUT_S = env_int("INTAKE_INSPECT_TIMEOUT_S", 300, minimum=5)
# Upload keys for the command-line uploader die with the session they were shown in.
INTAKE_TOKEN_HOURS = env_int("INTAKE_TOKEN_HOURS", 12, minimum=1)
if env_str("INTAKE_TOKEN_DAYS", ""):
    raise ImproperlyConfigured(
        "INTAKE_TOKEN_DAYS is no longer read: upload keys now last INTAKE_TOKEN_HOURS "
        "(12 by default) and end with the session they were shown in."
    )
# Remote storage (S3): a copy into the bucket, or a check, is presumed lost (its worker died)
# once it started more than INTAKE_STORE_LEASE_MINUTES ago plus the time its bytes take at
# INTAKE_STORE_MIN_MB_S, the slowest transfer rate expected; then it is run again.
INTAKE_STORE_LEASE_MINUTES = env_int("INTAKE_STORE_LEASE_MINUTES", 15, minimum=1)
INTAKE_STORE_MIN_MB_S = env_int("INTAKE_STORE_MIN_MB_S", 2, minimum=1)
# An upload-only worker pool for /files/tus/ (see docs/intake.md, "Several app servers").
INTAKE_UPLOAD_ONLY = env_bool("INTAKE_UPLOAD_ONLY", False)
if INTAKE_UPLOAD_ONLY:
    if TASK_QUEUE == "immediate":
        raise ImproperlyConfigured("INTAKE_UPLOAD_ONLY=true needs TASK_QUEUE=database or redis.")
    ROOT_URLCONF = "biafed.intake.upload_urls"

# --- Privacy (biafed.people.privacy): retention of answers and accounts --------------
# See docs/privacy.md. The open-desk answers (free text) of a booking are cleared this many
# days after its session; requesters' accounts unused this long are closed.
PRIVACY_ANSWERS_RETENTION_DAYS = env_int("PRIVACY_ANSWERS_RETENTION_DAYS", 2 * 365, minimum=1)
PRIVACY_DORMANT_ACCOUNT_DAYS = env_int("PRIVACY_DORMANT_ACCOUNT_DAYS", 3 * 365, minimum=30)

# --- Allocation engine (matching): the open-desk allocation page ------------
# Seconds CP-SAT may spend on one open-desk day, and the solver's worker threads.
ALLOCATION_TIME_LIMIT_S = env_int("ALLOCATION_TIME_LIMIT_S", 20, minimum=1)
ALLOCATION_SOLVER_WORKERS = env_int("ALLOCATION_SOLVER_WORKERS", 2, minimum=1)

# --- Affinity (matching engine): how free text is compared with the expertise vocabulary --
# "bm25" (default) or "embedding" (sentence embeddings; needs the `embeddings` extra).
# Read here only: the Django side passes it to the engine (`Parameters.text_scorer`,
# `Vocabulary(..., scorer=...)`); checking it here stops start-up on a bad value.
AFFINITY_TEXT_SCORER = env_choice("AFFINITY_TEXT_SCORER", "bm25", ("bm25", "embedding"))
if AFFINITY_TEXT_SCORER == "embedding":
    from biafed.matching.engine import embeddings_available  # noqa: E402

    if not embeddings_available():
        raise ImproperlyConfigured(
            "AFFINITY_TEXT_SCORER=embedding needs the 'embeddings' extra: "
            "uv sync --extra embeddings (or pip install 'biafed[embeddings]')."
        )

# --- REST API (biafed.api): /api/v1/, personal tokens, webhooks -------------------------
# See docs/api.md. Requests per token (or per logged-in person) and per minute; the count
# lives in the shared cache (CACHES above: Redis when several app servers serve the API).
API_RATE_PER_MINUTE = env_int("API_RATE_PER_MINUTE", 120, minimum=1)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365, minimum=1)
# Webhook deliveries: tries per event (1 = no retry), seconds before the first retry (then
# doubled each time), and the seconds a receiver has to answer.
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6, minimum=1)
WEBHOOK_RETRY_BASE_S = env_int("WEBHOOK_RETRY_BASE_S", 30, minimum=1)
WEBHOOK_TIMEOUT_S = env_int("WEBHOOK_TIMEOUT_S", 10, minimum=1)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "biafed.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["biafed.api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["biafed.api.throttling.PerTokenThrottle"],
    "DEFAULT_PAGINATION_CLASS": "biafed.api.pagination.Pages",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "EXCEPTION_HANDLER": "biafed.api.problems.problem_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "biafed API",
    "DESCRIPTION": "The open desk, collaborative projects, the expertise catalogue, the "
    "analysts' directory, reports and notifications of a distributed bioimage-analysis "
    "facility. Authenticate with a personal token: `Authorization: Bearer <token>`.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DayStatusEnum": "biafed.opendesk.models.DayStatus",
        "BookingStatusEnum": "biafed.opendesk.models.BookingStatus",
        "ProjectStatusEnum": "biafed.projects.models.ProjectStatus",
        "PhaseStatusEnum": "biafed.projects.models.PhaseStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "biafed.api.schema.add_problems",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}
