"""``minutebook alerts send``: e-mail each follower a digest of what is new (meant for cron).

``--queue`` leaves the sending to a ``minutebook worker`` instead (the job ``alerts.jobs.send_alerts``)."""

from django.core.management.base import BaseCommand, CommandError

from minutebook.alerts.jobs import send_alerts
from minutebook.alerts.sending import send_digests


class Command(BaseCommand):
    help = "send: e-mail every confirmed follower one digest of what is new since the last (safe to repeat)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["send"])
        parser.add_argument("--queue", action="store_true", help="queue the sending for a worker, and return")

    def handle(self, *args, what, queue=False, **options):
        if queue:
            self.stdout.write(f"queued as job {send_alerts.enqueue().id}")
            return
        try:
            sent = send_digests()
        except OSError as exc:  # refused, unreachable, timed out: nothing was claimed, the next run sends
            raise CommandError(f"the mail server cannot be reached ({exc}); nothing was sent") from exc
        self.stdout.write(
            f"{sent.digests} digest{'s' if sent.digests != 1 else ''} sent, {sent.quiet} with nothing new"
        )
        for problem in sent.failed:
            self.stderr.write(f"error: {problem}")
        if sent.failed:
            raise CommandError(
                f"{len(sent.failed)} digest(s) not sent; they will be tried again on the next run"
            )
