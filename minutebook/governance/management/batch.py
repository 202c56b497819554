"""Running a batch of imports: one line per document, a progress bar on a terminal, a summary."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minutebook.governance.importing import Outcome

SUFFIXES = {".pdf", ".docx", ".htm", ".html", ".txt", ".md", ".markdown"}


def files_under(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            found.append(path)
    return found


def report(command: BaseCommand, outcomes: list[Outcome]) -> None:
    """The summary at the end of a batch; a non-zero exit status when any document failed."""
    counts = {
        status: sum(1 for o in outcomes if o.status == status)
        for status in ("imported", "kept", "unchanged", "failed")
    }
    conflicts = sum(o.conflicts for o in outcomes)
    command.stdout.write(
        f"{counts['imported']} imported, "
        + (f"{counts['kept']} kept without meetings, " if counts["kept"] else "")
        + f"{counts['unchanged']} unchanged, {counts['failed']} failed"
        + (
            f"; {conflicts} differences from records a clerk corrected (see Import conflicts in the admin)"
            if conflicts
            else ""
        )
    )
    if counts["failed"]:
        raise CommandError(f"{counts['failed']} of {len(outcomes)} documents failed")


def run_batch(command: BaseCommand, items, work) -> list[Outcome]:
    """Run ``work`` on each item with a progress bar on a terminal and one line per document."""
    outcomes = []
    total = len(items)
    tty = sys.stderr.isatty()
    for n, item in enumerate(items, start=1):
        if tty:
            done = int(30 * (n - 1) / max(total, 1))
            sys.stderr.write(f"\r[{'#' * done}{'.' * (30 - done)}] {n - 1}/{total} {str(item)[-40:]:40}")
            sys.stderr.flush()
        try:
            outcome = work(item)
        except Exception as exc:  # noqa: BLE001 - the work reports failures itself; this is the last guard
            outcome = Outcome(Path(str(item)), "failed", f"{item}: {type(exc).__name__}: {str(exc)[:200]}")
        outcomes.append(outcome)
        if tty:
            sys.stderr.write("\r" + " " * 120 + "\r")
        stream = command.stderr if outcome.status == "failed" else command.stdout
        line = outcome.message if outcome.status != "unchanged" else f"{outcome.path}: unchanged"
        if outcome.conflicts:
            line += f" ({outcome.conflicts} differences from a clerk's corrections kept for review)"
        stream.write(line if outcome.status != "failed" else f"error: {line}")
    return outcomes
