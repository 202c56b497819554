from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand

from minutebook.governance.demo import load_demo

DEMO_CLERK = ("clerk", "wexcombe-demo-clerk")


class Command(BaseCommand):
    help = "Load the fictional Wexcombe Health and Wellbeing Board (safe to run again)."

    def handle(self, *args, **options):
        board = load_demo()
        self.stdout.write(f"Loaded {board.name}: {board.meetings.count()} meetings.")
        if settings.DEBUG:
            # A clerk to try the clerk's desk with, on a development machine only.
            username, password = DEMO_CLERK
            clerk, created = User.objects.get_or_create(username=username)
            if created:
                clerk.set_password(password)
                clerk.save()
            board.clerks.add(clerk)
            Group.objects.get_or_create(name="Members")
            self.stdout.write(f"Demo clerk: sign in at /accounts/login/ as {username} / {password}")
