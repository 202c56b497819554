"""Django settings for minutebook.

Everything that differs between a laptop, CI and production comes from the
environment: ``DATABASE_URL`` (SQLite under ``var/`` by default),
``MINUTEBOOK_SECRET_KEY``, ``MINUTEBOOK_DEBUG`` and ``MINUTEBOOK_VAR``.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MINUTEBOOK_VAR", BASE_DIR / "var"))

DEBUG = os.environ.get("MINUTEBOOK_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("MINUTEBOOK_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("MINUTEBOOK_SECRET_KEY must be set when MINUTEBOOK_DEBUG is not 1")
    SECRET_KEY = "development-only-key-not-for-production"
ALLOWED_HOSTS = os.environ.get("MINUTEBOOK_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "minutebook.governance",
    "minutebook.search",
    "minutebook.publishing",
    "minutebook.web",
    "minutebook.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files from the app itself (after collectstatic)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "minutebook.governance.audit.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "clerk"
LOGOUT_REDIRECT_URL = "home"

# Behind a reverse proxy that terminates TLS and always sets X-Forwarded-Proto (docs/deploy.md).
if os.environ.get("MINUTEBOOK_BEHIND_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

# Where imported originals are kept, content-addressed by SHA-256.
MINUTEBOOK_FILES = Path(os.environ.get("MINUTEBOOK_FILES", VAR_DIR / "files"))
# Files larger than this are refused by import, naming the file.
MINUTEBOOK_MAX_IMPORT_BYTES = int(os.environ.get("MINUTEBOOK_MAX_IMPORT_BYTES", 200 * 1024 * 1024))

# Background work (imports, re-indexing, pack publishing ...): jobs are rows in the database, run by
# `minutebook worker` processes (minutebook.jobs). A job that fails is tried again after a pause that
# doubles each time; a worker says it is alive every heartbeat, and one silent for six heartbeats is
# taken for dead (its job is taken up again).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MINUTEBOOK_JOB_RETRY_PAUSE = float(os.environ.get("MINUTEBOOK_JOB_RETRY_PAUSE", 10))
MINUTEBOOK_WORKER_HEARTBEAT = float(os.environ.get("MINUTEBOOK_WORKER_HEARTBEAT", 10))
