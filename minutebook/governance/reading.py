"""Reading the next document of a batch while this one is written.

An import has two halves. Reading and extraction are pure work on the file's bytes, and PDFium, most of a
PDF's reading, runs without the interpreter's lock. Writing is the document's transaction, much of it spent
waiting for the database. One process importing documents one after another (``minutebook import`` on a
folder, a worker taking queued imports) therefore reads the next document in a thread of its own while it
writes this one, and the next import finds its reading done: the database's share and the reading's
overlap instead of adding up.

What is read ahead is only ever a guess, and nothing about an import depends on it:

- only where it pays (``pays``): with a core spare beside each importing process;
- the batch names its next document (``read_next``) before each import; the reading starts only once the
  import begins to write (``while_writing``), so a document found unchanged, or failing before its write,
  starts no reading;
- an import uses what was read ahead only for the same path and name and the same bytes (checked by their
  digest); otherwise, and when the reading has not started yet, it reads the document itself;
- what a reading raised is raised by the import that uses it, as if it had read the document itself;
- at most one document is held: a guess not taken up (another worker imported that file) is dropped.
"""

from __future__ import annotations

import concurrent.futures
import contextvars
import hashlib
import os
from pathlib import Path

from django.conf import settings

from minutebook.extract.pack import extract
from minutebook.extract.records import PackRecord
from minutebook.sources.document import Document
from minutebook.sources.read import read_bytes

# The document this thread's batch imports next: named before each import, read once that import writes.
_next: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar(
    "minutebook_read_next", default=None
)

# The reading under way or done: ((path, name), its future). One at a time, for the whole process.
_ahead: dict[tuple[str, str], concurrent.futures.Future] = {}

_reader: tuple[int, concurrent.futures.ThreadPoolExecutor] | None = None


def _pool() -> concurrent.futures.ThreadPoolExecutor:
    """One reading thread per process (a forked child does not inherit its parent's thread)."""
    global _reader
    if _reader is None or _reader[0] != os.getpid():
        _ahead.clear()
        _reader = (
            os.getpid(),
            concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="minutebook-reading"),
        )
    return _reader[1]


def pays(importers: int) -> bool:
    """Whether reading ahead pays with this many processes importing at once on this machine (the workers
    alive here, and a command importing). It fills the time a process waits for the database; where every
    core is already busy, the reading thread only takes time from the others. Measured on two cores: one
    worker imported ~23% faster with it, two workers ~15% slower and with ~12% more CPU a page. So each
    importing process needs two cores to read ahead (its own thread and the reading one; PostgreSQL's share
    is smaller than either)."""
    return 2 * max(importers, 1) <= cores()


def cores() -> int:
    """The cores this process may run on. Pinned to one, its reading thread would only take turns with its
    own main thread: measured, no faster, and ~0.7 ms more CPU a page."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def read_next(path: Path | str, name: str | None = None) -> None:
    """Name the document this batch imports after the one it is about to import (its ``name`` as the import
    will be given it: the file's own by default)."""
    path = Path(path)
    _next.set((str(path), name or path.name))


def while_writing() -> None:
    """Called by an import as its write begins: start reading the document named next, if any."""
    key = _next.get()
    if key is None:
        return
    _next.set(None)
    if key in _ahead:
        return
    for stale in _ahead.values():
        stale.cancel()  # not started yet: never will be (one already running finishes, unused)
    _ahead.clear()
    _ahead[key] = _pool().submit(_read_file, *key)


def settle() -> None:
    """Wait for the reading under way, if any, to end (a benchmark timing an import with the reading of the
    next document that it overlapped)."""
    concurrent.futures.wait(list(_ahead.values()))


def _read_file(path: str, name: str) -> tuple[str, Document | None, PackRecord | None, Exception | None]:
    """(digest, document, record, None), or (digest, None, None, what reading raised)."""
    file = Path(path)
    limit = getattr(settings, "MINUTEBOOK_MAX_IMPORT_BYTES", None)
    if limit is not None and file.stat().st_size > limit:
        raise ValueError("over the import limit")  # the import refuses it before reading; nothing to hold
    data = file.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    try:
        document = read_bytes(data, name)
        return digest, document, extract(document), None
    except Exception as exc:  # noqa: BLE001 - raised again by the import that takes this reading up
        return digest, None, None, exc


def read(data: bytes, digest: str, path: Path | str, name: str) -> tuple[Document, PackRecord]:
    """The document these bytes are and its record: as read ahead when they were, else read now."""
    future = _ahead.pop((str(path), name), None)
    if future is not None and not future.cancel():  # cancelled: not started, so read here instead
        try:
            got_digest, document, record, error = future.result()
        except Exception:  # noqa: BLE001 - the file changed or went while it was read ahead: read it here
            got_digest = None
        if got_digest == digest:
            if error is not None:
                raise error
            return document, record
    document = read_bytes(data, name)
    return document, extract(document)
