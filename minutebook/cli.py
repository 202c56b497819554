"""The ``minutebook`` command.

It is Django's ``manage.py`` under the product's name: Django's own commands
(``migrate``, ``runserver``, ``createsuperuser``) and minutebook's
(``demo``, ``extract``, ``figures``, ``import`` ...) all run through it.
"""

import os
import secrets
import sys

# Commands that only read files and print what they find: no database, no session, nothing signed. They run
# anywhere, with no site configured, so they are given a throwaway key instead of refusing to start; every other
# command (the site, the workers, alerts that sign unsubscribe links) needs the site's own MINUTEBOOK_SECRET_KEY.
READING_ONLY = {"extract", "figures"}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
    if args and args[0] in READING_ONLY:
        os.environ.setdefault("MINUTEBOOK_SECRET_KEY", secrets.token_urlsafe(50))
    from django.conf import settings
    from django.core.management import execute_from_command_line

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    execute_from_command_line(["minutebook", *args])


if __name__ == "__main__":
    main()
