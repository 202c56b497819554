"""What `minutebook import` shows while it works: a progress bar on a terminal, plain lines elsewhere."""

import fcntl
import os
import pty
import struct
import sys
import termios

import pytest
from django.core.management import call_command

from ..extract.helpers import FIXTURES

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path, settings):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    packs = tmp_path / "packs"
    packs.mkdir()
    for name in ("county_minutes.txt", "panel_pack.txt"):
        (packs / name).write_bytes((FIXTURES / name).read_bytes())
    (packs / "README").write_text("Packs downloaded from the council's site.\n")
    (packs / "index.xlsx").write_bytes(b"PK\x03\x04 not a document")
    return packs


def run_import(folder, monkeypatch, read_fd, write_fd) -> str:
    """The command with its output (and the bar's) going to ``write_fd``; everything it wrote, read back."""
    out = os.fdopen(write_fd, "w", buffering=1)
    monkeypatch.setattr(sys, "stderr", out)
    monkeypatch.setattr(sys, "stdout", out)
    call_command("import", str(folder), stdout=out, stderr=out)
    out.close()
    chunks = []
    while True:
        try:
            chunk = os.read(read_fd, 65536)
        except OSError:  # a pseudo-terminal whose other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_fd)
    return b"".join(chunks).decode()


def test_on_a_terminal_a_progress_bar_counts_documents_and_pages(folder, monkeypatch):
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # a terminal's size
    shown = run_import(folder, monkeypatch, controller, terminal)
    assert "2/2" in shown and "100%" in shown  # documents done
    assert "pages/s" in shown  # pages and their rate
    assert "\r" in shown  # redrawn in place
    assert "skipped 2 files that are not documents" in shown and "README" in shown
    assert "2 imported, 0 unchanged, 0 failed" in shown


def test_into_a_pipe_each_document_is_one_plain_line(folder, monkeypatch):
    read_end, write_end = os.pipe()
    shown = run_import(folder, monkeypatch, read_end, write_end)
    lines = shown.splitlines()
    assert "\r" not in shown and "%|" not in shown
    assert any(line.endswith("county_minutes.txt: imported [1/2]") for line in lines)
    assert any(line.endswith("panel_pack.txt: imported [2/2]") for line in lines)
    assert any(line.startswith("2 documents, ") and "pages/s" in line for line in lines)
    assert any(line.startswith("skipped 2 files") and "index.xlsx" in line for line in lines)
