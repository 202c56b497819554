"""The file store: every kept original and published pack, named by its SHA-256.

It is the Django storage named ``"files"`` in ``STORAGES``: by default a directory (``MINUTEBOOK_FILES``,
``Directory`` below), or an S3-compatible bucket through django-storages when ``MINUTEBOOK_S3_BUCKET`` is
set (settings). Whichever it is, the import's promises hold:

- nothing is ever half-written under a kept name: a file is written under a staging name
  ``NAME.HOST-PID.part`` and given its kept name only when its document's transaction commits (a rename in
  a directory; in a bucket a copy, and an object appears whole or not at all);
- a kept name is never written twice: the same name means the same bytes;
- ``settle`` finishes what a killed process left: a staged file whose document was committed is put in
  place, one whose document never was is removed. Each machine settles only its own staged files, since
  only it can tell whether the process that wrote them is still running.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages

STAGED = ".part"
UNFINISHED = ".tmp"  # a directory's file being written (see Directory._save)


def store():
    return storages["files"]


class Directory(FileSystemStorage):
    """The file store as a directory: ``MINUTEBOOK_FILES``, read when used (so a test may move it), each file
    written whole under a temporary name, synced to disk and renamed into place."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.MINUTEBOOK_FILES)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{process_name()}{UNFINISHED}")
        with open(temporary, "wb") as out:
            for chunk in content.chunks():
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(path)  # atomic: the whole file or none
        return name

    def get_available_name(self, name, max_length=None):
        return name  # content-addressed: a name is never given to other bytes

    def move(self, old: str, new: str) -> None:
        Path(self.path(old)).replace(self.path(new))


def process_name(pid: int | None = None) -> str:
    """This process among all the machines sharing the file store: ``HOST-PID`` (no dots)."""
    return f"{socket.gethostname().replace('.', '_')}-{pid or os.getpid()}"


def kept_name(digest: str, suffix: str) -> str:
    return f"{digest[:2]}/{digest}{suffix.lower()}"


def stage(data: bytes, name: str) -> str | None:
    """Write the bytes under a staging name beside ``name``; None when ``name`` is already kept.

    ``keep`` gives the staged file its kept name; until then no reader sees it."""
    files = store()
    if files.exists(name):
        return None
    return files.save(f"{name}.{process_name()}{STAGED}", _content(data))


def keep(staged: str | None) -> None:
    """Give a staged file its kept name (once its document is committed)."""
    if staged is None:
        return
    files = store()
    name = staged.rsplit(".", 2)[0]
    if isinstance(files, Directory):
        if files.exists(staged):
            files.move(staged, name)
        return
    if not files.exists(staged):
        return
    if not files.exists(name):
        with files.open(staged, "rb") as staged_file:
            files.save(name, staged_file)
    files.delete(staged)


def discard(staged: str | None) -> None:
    """Remove a staged file whose document was not committed (already kept: nothing to remove)."""
    if staged is not None:
        store().delete(staged)


def store_bytes(data: bytes, name: str) -> None:
    """Keep the bytes under ``name`` at once (no transaction waits on them)."""
    keep(stage(data, name))


def exists(name: str) -> bool:
    return store().exists(name)


def open_file(name: str):
    return store().open(name, "rb")


def read(name: str) -> bytes:
    with open_file(name) as kept:
        return kept.read()


def staged_files():
    """Every staged name in the store: ``XX/NAME.HOST-PID.part``."""
    files = store()
    if isinstance(files, Directory):
        root = Path(files.location)
        for path in root.glob(f"*/*{STAGED}"):
            yield path.relative_to(root).as_posix()
        return
    folders, _ = files.listdir("")
    for folder in folders:
        if folder == "uploads":
            continue
        for name in files.listdir(folder)[1]:
            if name.endswith(STAGED):
                yield f"{folder}/{name}"


def settle(committed, alive) -> int:
    """Finish what killed processes on this machine left; returns how many staged files were settled.

    ``committed(name)`` says whether a document was committed with that kept name's bytes, ``alive(pid)``
    whether a process of this machine still runs."""
    settled = 0
    for staged in list(staged_files()):
        name, owner, _ = staged.rsplit(".", 2)
        if not _left_by_the_dead(owner, alive):
            continue
        if committed(name):
            keep(staged)
        else:
            discard(staged)
        settled += 1
    files = store()
    if isinstance(files, Directory):  # a write cut short: neither kept nor staged, only ever removed
        root = Path(files.location)
        for unfinished in list(root.glob(f"*/*{UNFINISHED}")):
            if _left_by_the_dead(unfinished.name.rsplit(".", 2)[1], alive):
                unfinished.unlink(missing_ok=True)
                settled += 1
    return settled


def _left_by_the_dead(owner: str, alive) -> bool:
    """Whether ``HOST-PID`` names a process of this machine that no longer runs."""
    owner_host, _, pid = owner.rpartition("-")
    if owner_host != process_name().rsplit("-", 1)[0] or not pid.isdigit():
        return False
    return int(pid) != os.getpid() and not alive(int(pid))


def _content(data: bytes) -> File:
    import io

    return File(io.BytesIO(data))
