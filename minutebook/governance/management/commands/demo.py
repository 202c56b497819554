from django.core.management.base import BaseCommand

from minutebook.governance.demo import load_demo


class Command(BaseCommand):
    help = "Load the fictional Wexcombe Health and Wellbeing Board (safe to run again)."

    def handle(self, *args, **options):
        board = load_demo()
        self.stdout.write(f"Loaded {board.name}: {board.meetings.count()} meetings.")
