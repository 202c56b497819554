"""Django settings for minutebook.

Everything that differs between a laptop, CI and production comes from the
environment: ``DATABASE_URL`` (SQLite under ``var/`` by default),
``MINUTEBOOK_SECRET_KEY``, ``MINUTEBOOK_DEBUG``, ``MINUTEBOOK_VAR``,
``MINUTEBOOK_ALLOWED_HOSTS``, ``MINUTEBOOK_HTTPS`` and ``MINUTEBOOK_PROXY_SSL_HEADER``.

The defaults are production's: debugging is off unless ``MINUTEBOOK_DEBUG=1``
(a traceback page would show the environment, a database password included),
and there is no secret key unless one is given.
"""

import datetime
import os
import warnings
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MINUTEBOOK_VAR", BASE_DIR / "var"))

DEBUG = os.environ.get("MINUTEBOOK_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("MINUTEBOOK_SECRET_KEY", "")
if not SECRET_KEY:
    # A throwaway key only while debugging or under pytest (which sets PYTEST_VERSION); a site must have its own.
    if not (DEBUG or "PYTEST_VERSION" in os.environ):
        raise RuntimeError("MINUTEBOOK_SECRET_KEY must be set when MINUTEBOOK_DEBUG is not 1")
    SECRET_KEY = "development-only-key-not-for-production"
ALLOWED_HOSTS = os.environ.get("MINUTEBOOK_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

# Served over HTTPS (MINUTEBOOK_HTTPS=1): HTTP redirects to HTTPS, browsers remember to use HTTPS only (HSTS),
# and the session and CSRF cookies never travel in clear.
HTTPS = os.environ.get("MINUTEBOOK_HTTPS", "0") == "1"
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading HSTS is for the owner of the whole domain (a council's, with every site under it) to decide, not for
# one application on it: so it stays off, and Django's reminder about it is silenced.
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Behind a proxy that ends TLS, the header it sets to say the request came by HTTPS, e.g.
# MINUTEBOOK_PROXY_SSL_HEADER="X-Forwarded-Proto: https". Set it only when the proxy always sets the header.
if os.environ.get("MINUTEBOOK_PROXY_SSL_HEADER"):
    _header, _, _value = os.environ["MINUTEBOOK_PROXY_SSL_HEADER"].partition(":")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _header.strip().upper().replace("-", "_"), _value.strip())
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script of the site reads it: forms carry the token in the page
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "minutebook.governance",
    "minutebook.search",
    "minutebook.publishing",
    "minutebook.web",
    "minutebook.jobs",
    "minutebook.figurechecks",
    "minutebook.alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "minutebook.governance.audit.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Only the site's own files: no inline script or style, no plugins, no framing, forms post only here.
# (Stored originals carry a stricter policy of their own: see web.views.stored_file.)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Sign-in attempts are limited (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one name from one
# address, that name is refused from there until the cool-off has passed, even with the right password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("MINUTEBOOK_LOGIN_FAILURES", 10))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("MINUTEBOOK_LOGIN_COOLOFF_MINUTES", 30)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"

ROOT_URLCONF = "minutebook.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "minutebook.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'minutebook.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite for a small council's production: readers never wait for the writer (WAL), a writer waits
    # for another (busy timeout) and takes the write lock when its transaction begins (IMMEDIATE), so
    # it never fails half-way for want of an upgrade; imports also retry (governance.importing).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000",
        }
    )

elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The minute book's reads are small lookups by key (a page of meetings, its items and their decisions) on
    # data held in memory or on SSD. PostgreSQL's default random_page_cost (4) prices a disk seek as if on
    # spinning disks, and chose full scans of every agenda item for one OParl page of a hundred meetings (20 ms
    # against 3 by the index). 1.1 is the usual setting for SSD; MINUTEBOOK_PG_RANDOM_PAGE_COST overrides it
    # (empty: leave the server's own).
    cost = os.environ.get("MINUTEBOOK_PG_RANDOM_PAGE_COST", "1.1")
    if cost:
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c random_page_cost={float(cost)}".strip()

# The pages' compiled statements (minutebook.sql) are prepared once per PostgreSQL session, so the server does not
# plan them again on every request. Behind a pooler that gives each transaction a different server session
# (PgBouncer in transaction mode), a statement prepared in one session is missing in the next: set
# MINUTEBOOK_PG_PREPARE=0 there, and they are planned on every run instead.
MINUTEBOOK_PG_PREPARE = os.environ.get("MINUTEBOOK_PG_PREPARE", "1").lower() not in ("0", "false", "no", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "clerk"
LOGOUT_REDIRECT_URL = "home"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Static files are served by the application itself (whitenoise), with or without DEBUG: run
# `minutebook collectstatic` before starting production. Without a collected copy (development, tests),
# they are found in the apps' static folders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Until collectstatic has run there is no STATIC_ROOT, and the finders serve the files: nothing to warn about.
warnings.filterwarnings("ignore", message=r"No directory at: .*", category=UserWarning)

# The file store: imported originals and published packs, content-addressed by SHA-256 (governance.filestore).
# A directory by default (MINUTEBOOK_FILES, where uploads also wait for a worker), or an S3-compatible bucket
# when MINUTEBOOK_S3_BUCKET is set: MINUTEBOOK_S3_ENDPOINT_URL for a store other than Amazon's (MinIO, Ceph,
# a cloud's own), MINUTEBOOK_S3_REGION, MINUTEBOOK_S3_PREFIX (a folder inside the bucket); the keys come from
# boto3's usual places (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ~/.aws, an instance role).
MINUTEBOOK_FILES = Path(os.environ.get("MINUTEBOOK_FILES", VAR_DIR / "files"))
STORAGES["files"] = {"BACKEND": "minutebook.governance.filestore.Directory"}
if os.environ.get("MINUTEBOOK_S3_BUCKET"):
    STORAGES["files"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MINUTEBOOK_S3_BUCKET"],
            "endpoint_url": os.environ.get("MINUTEBOOK_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MINUTEBOOK_S3_REGION") or None,
            "location": os.environ.get("MINUTEBOOK_S3_PREFIX", ""),
            "default_acl": "private",  # files go out through the site's own checks, never straight from the bucket
            "file_overwrite": True,  # content-addressed: a name always holds the same bytes
        },
    }
# Files larger than this are refused by import, naming the file.
# The licence the open data (OParl API and downloads) is published under.
MINUTEBOOK_DATA_LICENCE = os.environ.get(
    "MINUTEBOOK_DATA_LICENCE", "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
)
MINUTEBOOK_MAX_IMPORT_BYTES = int(os.environ.get("MINUTEBOOK_MAX_IMPORT_BYTES", 200 * 1024 * 1024))

# Background work (imports, re-indexing, pack publishing ...): jobs are rows in the database, run by
# `minutebook worker` processes (minutebook.jobs). A job that fails is tried again after a pause that
# doubles each time; a worker says it is alive every heartbeat, and one silent for six heartbeats is
# taken for dead (its job is taken up again).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MINUTEBOOK_JOB_RETRY_PAUSE = float(os.environ.get("MINUTEBOOK_JOB_RETRY_PAUSE", 10))
MINUTEBOOK_WORKER_HEARTBEAT = float(os.environ.get("MINUTEBOOK_WORKER_HEARTBEAT", 10))
# E-mail (follow alerts): MINUTEBOOK_EMAIL_URL="smtp://user:password@host:587?tls=1" (smtps:// for TLS from the
# start, console:// to print messages instead), or Django's own EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL; without either, the machine's own mail server on port 25.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
EMAIL_TIMEOUT = 30
if os.environ.get("MINUTEBOOK_EMAIL_URL"):
    from urllib.parse import parse_qs, unquote, urlsplit

    _mail = urlsplit(os.environ["MINUTEBOOK_EMAIL_URL"])
    if _mail.scheme == "console":
        EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    elif _mail.scheme in ("smtp", "smtps"):
        EMAIL_HOST = _mail.hostname or "localhost"
        EMAIL_USE_SSL = _mail.scheme == "smtps"
        EMAIL_PORT = _mail.port or (465 if EMAIL_USE_SSL else 25)
        EMAIL_HOST_USER = unquote(_mail.username or "")
        EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
        EMAIL_USE_TLS = parse_qs(_mail.query).get("tls", ["0"])[0] == "1"
    else:
        raise RuntimeError(f"MINUTEBOOK_EMAIL_URL: unknown scheme {_mail.scheme!r} (smtp, smtps or console)")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "minutebook <noreply@localhost>")
