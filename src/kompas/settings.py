"""Django settings: one module, every setting read from the environment beside its default.

Zero configuration: with nothing set, Kompas runs on a SQLite file in its data folder. Each
variable is documented in the README's Settings table (tests/test_docs.py checks it).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from kompas.shared.permissions import private_opener, secure_dir, secure_file

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_TREE = PACKAGE_DIR.parents[1]


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: {value!r} is not a whole number") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name}: {number} is less than {minimum}")
    return number


def proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """`X-Forwarded-Proto` -> ("HTTP_X_FORWARDED_PROTO", "https"): the header by which a proxy
    that ends TLS says that the request came over HTTPS."""
    if not name.strip():
        return None
    return ("HTTP_" + name.strip().upper().replace("-", "_"), "https")


def default_home() -> Path:
    """`var/` beside pyproject.toml in a source checkout, else the user's data folder."""
    if (SOURCE_TREE / "pyproject.toml").exists():
        return SOURCE_TREE / "var"
    return Path.home() / ".local" / "share" / "kompas"


def secret_key(home: Path) -> str:
    """From KOMPAS_SECRET_KEY, from the file KOMPAS_SECRET_KEY_FILE names, or generated once."""
    if os.environ.get("KOMPAS_SECRET_KEY"):
        return os.environ["KOMPAS_SECRET_KEY"]
    if os.environ.get("KOMPAS_SECRET_KEY_FILE"):
        return Path(os.environ["KOMPAS_SECRET_KEY_FILE"]).read_text(encoding="utf-8").strip()
    path = home / "secret_key"
    if not path.exists():
        with open(path, "w", encoding="utf-8", opener=private_opener) as handle:
            handle.write(secrets.token_urlsafe(50))
    secure_file(path)
    return path.read_text(encoding="utf-8").strip()


# The data folder and what is in it are for the account that runs Kompas only (0700 and 0600).
KOMPAS_HOME = secure_dir(Path(env_str("KOMPAS_HOME", str(default_home()))))
SECRET_KEY = secret_key(KOMPAS_HOME)
DEBUG = env_bool("KOMPAS_DEBUG", False)
ALLOWED_HOSTS = env_list("KOMPAS_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("KOMPAS_CSRF_TRUSTED_ORIGINS", "")

# Behind HTTPS, one switch: cookies only over HTTPS, HSTS (a year, this host and its subdomains,
# preload allowed) and plain HTTP redirected to HTTPS. Behind a proxy that ends TLS,
# KOMPAS_PROXY_SSL_HEADER names the header by which it says a request came over HTTPS (value
# "https"); set it only when the proxy always sets that header itself.
KOMPAS_HTTPS = env_bool("KOMPAS_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = KOMPAS_HTTPS or env_bool(
    "KOMPAS_SECURE_COOKIES", False
)
SECURE_SSL_REDIRECT = KOMPAS_HTTPS
SECURE_HSTS_SECONDS = env_int("KOMPAS_HSTS_SECONDS", 365 * 24 * 3600) if KOMPAS_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = KOMPAS_HTTPS
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(env_str("KOMPAS_PROXY_SSL_HEADER", ""))

# Sessions end after KOMPAS_IDLE_MINUTES without a request, and KOMPAS_SESSION_HOURS after the
# log-in in any case (kompas.accounts.sessions).
KOMPAS_IDLE_MINUTES = env_int("KOMPAS_IDLE_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = env_int("KOMPAS_SESSION_HOURS", 14 * 24, minimum=1) * 3600

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{KOMPAS_HOME / 'kompas.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several server processes share the file: readers never wait for the writer (WAL), a
    # writing transaction takes the write lock at its start instead of upgrading a read lock
    # halfway (which SQLite refuses with "database is locked"), and a writer waits its turn.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    database_file = str(DATABASES["default"]["NAME"])
    if database_file != ":memory:" and Path(database_file).parent.is_dir():
        secure_file(Path(database_file), create=True)  # its WAL files take its mode
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "kompas.accounts",
    "kompas.audit",
    "kompas.compasses",
    "kompas.regions",
    "kompas.assessments",
    "kompas.rounds",
    "kompas.imports",
    "kompas.shared",
    "axes",
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
    "kompas.accounts.sessions.SessionLimitMiddleware",
    "axes.middleware.AxesMiddleware",
    "kompas.shared.version.OneVersionPerRequest",
]

ROOT_URLCONF = "kompas.urls"
WSGI_APPLICATION = "kompas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kompas.accounts.roles.role_context",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "kompas.accounts.validators.RepetitionValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Log-in lockout (django-axes): after KOMPAS_LOGIN_ATTEMPTS failed log-ins for one user name, each
# within KOMPAS_LOCKOUT_MINUTES of the one before, that name is locked out for that long (even
# with the right password) or until an administrator sets a new password.
AXES_FAILURE_LIMIT = env_int("KOMPAS_LOGIN_ATTEMPTS", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("KOMPAS_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kompas.accounts.views.locked_out"
AXES_VERBOSE = False
# django-axes warns when the lockout is not (also) by client address. Kompas locks out by user
# name on purpose: its users often share one address (an office network, a proxy), where five
# mistyped passwords by anyone would lock everyone out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "regions:overview"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"

# Front-end packages come from npm (package-lock.json) into node_modules/; only their built files
# are served, under /static/vendor/<package>/.
NODE_MODULES = Path(env_str("KOMPAS_NODE_MODULES", str(SOURCE_TREE / "node_modules")))
VENDOR_BUILDS = {
    "htmx": "htmx.org/dist",
    "leaflet": "leaflet/dist",
    "vega": "vega/build",
    "vega-lite": "vega-lite/build",
    "vega-embed": "vega-embed/build",
    "utrecht": "@utrecht/component-library-css/dist",
    "voorbeeld-design-tokens": "@nl-design-system-unstable/voorbeeld-design-tokens/dist",
}
STATIC_URL = "static/"
STATIC_ROOT = KOMPAS_HOME / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"] + [
    (f"vendor/{name}", NODE_MODULES / path)
    for name, path in VENDOR_BUILDS.items()
    if (NODE_MODULES / path).exists()
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Imports: the largest upload accepted, and (tests only) whether an upload waits for its reading.
KOMPAS_MAX_UPLOAD_MB = int(env_str("KOMPAS_MAX_UPLOAD_MB", "100"))
KOMPAS_IMPORT_WAIT = env_bool("KOMPAS_IMPORT_WAIT", False)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "kompas.shared.logs.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KOMPAS_LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"filters": ["refusals"]}},  # a 403 is no error
}

# Imports: limits checked before a file is read (a workbook is a zip archive: its unpacked size
# and number of parts; GeoJSON: its size), and how long an unaccepted upload is kept.
KOMPAS_IMPORT_MAX_UNZIPPED_MB = int(env_str("KOMPAS_IMPORT_MAX_UNZIPPED_MB", "100"))
KOMPAS_IMPORT_MAX_PARTS = int(env_str("KOMPAS_IMPORT_MAX_PARTS", "1000"))
KOMPAS_IMPORT_MAX_GEOJSON_MB = int(env_str("KOMPAS_IMPORT_MAX_GEOJSON_MB", "50"))
KOMPAS_IMPORT_KEEP_HOURS = int(env_str("KOMPAS_IMPORT_KEEP_HOURS", "24"))
