"""Assembling a 300-page pack from 20 papers (goal: <= 5 s). Prints the time; asserts nothing."""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/pack-bench.sqlite3"
    os.environ.setdefault("MINUTEBOOK_FILES", tempfile.mkdtemp())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings")
    os.environ.setdefault("MINUTEBOOK_SECRET_KEY", "benchmark-only")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from minutebook.governance import clerking
    from minutebook.governance.models import Body, Organisation
    from minutebook.publishing.pack import assemble
    from tests.documents import pdf_from_text

    call_command("migrate", verbosity=0)
    board = Body.objects.create(organisation=Organisation.objects.create(name="Bench Council"), name="Bench Board",
                                slug="bench")
    meeting = clerking.create_meeting(board, timezone.make_aware(datetime.datetime(2027, 6, 1, 14)), "Room 1")
    paragraph = "The Board considered the performance of services against the plan for the year. " * 12
    for n in range(20):
        item = clerking.add_item(meeting, f"Report {n + 1}", f"Report of Director {n + 1}")
        pages = "\n\f\n".join(f"Report {n + 1}, page {p + 1}\n\n{paragraph}" for p in range(15))
        clerking.attach_paper(item, pdf_from_text(pages), f"report{n}.pdf", title=f"Report {n + 1}")
    times = []
    for _ in range(3):
        start = time.perf_counter()
        made = assemble(meeting)
        times.append(time.perf_counter() - start)
    print(f"pack assembly: {made.page_count} pages from 20 papers in {min(times):.2f} s "
          f"(best of 3; goal <= 5 s)")


if __name__ == "__main__":
    main()
