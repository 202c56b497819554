"""``minutebook people --review``: the "same person?" questions import left for a clerk."""

from django.core.management.base import BaseCommand, CommandError

from minutebook.governance import people
from minutebook.governance.models import PersonMatch


class Command(BaseCommand):
    help = "List uncertain person matches (--review), or settle one (--confirm ID / --reject ID)."

    def add_arguments(self, parser):
        parser.add_argument("--review", action="store_true", help="list the matches waiting for a decision")
        parser.add_argument("--confirm", type=int, metavar="ID", help="same person: merge")
        parser.add_argument("--reject", type=int, metavar="ID", help="different people: keep apart")

    def handle(self, *args, review, confirm, reject, **options):
        if confirm or reject:
            match = PersonMatch.objects.filter(
                pk=confirm or reject, status=PersonMatch.Status.PENDING
            ).first()
            if match is None:
                raise CommandError(f"no pending match with id {confirm or reject}")
            if confirm:
                kept = people.confirm(match)
                self.stdout.write(f"merged {match.printed!r} into {kept.name} (id {kept.pk})")
            else:
                people.reject(match)
                self.stdout.write(f"kept {match.printed!r} and {match.candidate.name} apart")
            return
        pending = PersonMatch.objects.filter(status=PersonMatch.Status.PENDING).select_related(
            "candidate", "person"
        )
        if not pending:
            self.stdout.write("No uncertain matches are waiting.")
            return
        for match in pending:
            self.stdout.write(
                f"{match.pk:>5}  {match.printed!r} (person {match.person_id}) may be {match.candidate.name!r} "
                f"(person {match.candidate_id}): {match.reason}, score {match.score:.0f}"
            )
        self.stdout.write("Settle each with: minutebook people --confirm ID  or  --reject ID")
