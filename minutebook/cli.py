"""The ``minutebook`` command.

It is Django's ``manage.py`` under the product's name: Django's own commands
(``migrate``, ``runserver``, ``createsuperuser``) and minutebook's
(``demo``, ``extract``) all run through it.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    execute_from_command_line(["minutebook", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
