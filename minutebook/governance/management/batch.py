"""Running a batch of imports: a progress bar on a terminal, plain lines otherwise, and a summary."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from minutebook.governance.importing import Outcome

SUFFIXES = {".pdf", ".docx", ".htm", ".html", ".txt", ".md", ".markdown"}


def files_under(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The documents named or inside the folders named, and the other files found in those folders.

    A folder of packs often holds other things (a README, a spreadsheet, a thumbnail): only the kinds
    of file import reads are taken. A file named on its own is always tried.
    """
    found: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if path.is_dir():
            for p in sorted(p for p in path.rglob("*") if p.is_file()):
                (found if p.suffix.lower() in SUFFIXES else skipped).append(p)
        else:
            found.append(path)
    return found, skipped


def say_skipped(command: BaseCommand, skipped: list[Path]) -> None:
    if skipped:
        names = ", ".join(str(p) for p in skipped[:10]) + (
            f" and {len(skipped) - 10} more" if len(skipped) > 10 else ""
        )
        command.stdout.write(
            f"skipped {len(skipped)} "
            + ("file that is not a document" if len(skipped) == 1 else "files that are not documents")
            + f" (PDF, Word, web page or text): {names}"
        )


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


def _line(outcome: Outcome) -> str:
    line = outcome.message if outcome.status != "unchanged" else f"{outcome.path}: unchanged"
    if outcome.conflicts:
        line += f" ({outcome.conflicts} differences from a clerk's corrections kept for review)"
    return line if outcome.status != "failed" else f"error: {line}"


def run_batch(command: BaseCommand, items, work, following=None) -> list[Outcome]:
    """Run ``work`` on each item: one line per document and, on a terminal, a progress bar below them
    (documents, pages, rate, time left); elsewhere (a log, a pipe) each line ends ``[n/total]`` and
    the batch ends with a line of totals. ``following`` is told the next item before each is worked on
    (``reading.read_next``: the next document is read while this one is written)."""
    outcomes = []
    total = len(items)
    tty = sys.stderr.isatty()
    bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, disable=not tty)
    pages = 0
    start = time.monotonic()
    for n, item in enumerate(items, start=1):
        bar.set_description(str(getattr(item, "name", item))[-30:])
        if following is not None and n < total:
            following(items[n])
        try:
            outcome = work(item)
        except Exception as exc:  # noqa: BLE001 - the work reports failures itself; this is the last guard
            outcome = Outcome(Path(str(item)), "failed", f"{item}: {type(exc).__name__}: {str(exc)[:200]}")
        outcomes.append(outcome)
        pages += outcome.pages
        stream = command.stderr if outcome.status == "failed" else command.stdout
        if tty:
            with bar.external_write_mode(file=sys.stdout):
                stream.write(_line(outcome))
            bar.set_postfix_str(f"{pages} pages, {pages / max(time.monotonic() - start, 1e-9):.0f} pages/s")
            bar.update()
        else:
            stream.write(f"{_line(outcome)} [{n}/{total}]")
    bar.close()
    if not tty and total:
        elapsed = time.monotonic() - start
        command.stdout.write(
            f"{total} documents, {pages} pages in {elapsed:.1f} s ({pages / max(elapsed, 1e-9):.0f} pages/s)"
        )
    return outcomes
