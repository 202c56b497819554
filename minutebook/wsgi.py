import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
application = get_wsgi_application()

from minutebook.lifetime import keep_loaded  # noqa: E402 - needs the app loaded above

keep_loaded()  # each web process, before its first request (with gunicorn --preload, before the fork)
