"""Reading the next document of a batch while this one is written (``governance.reading``): the import finds
the reading done, and gets exactly what it would have read itself, failures included."""

import hashlib
import threading
import time

import pytest
from django.core.management import call_command

from minutebook.governance import models, reading
from minutebook.governance.importing import import_file
from minutebook.sources import pdf

from ..documents import pdf_from_text
from ..sources.malformed import MINUTES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def file_store(settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"


@pytest.fixture(autouse=True)
def nothing_held():
    """Each test starts and ends with no reading held or named (they are per process)."""
    reading.settle()
    reading._ahead.clear()
    reading._next.set(None)
    yield
    reading.settle()
    reading._ahead.clear()
    reading._next.set(None)


def minutes_of(day: int) -> str:
    return MINUTES.replace("4 March 2024", f"{day} March 2024")


def write_pdfs(folder, days):
    folder.mkdir()
    paths = []
    for n, day in enumerate(days):
        path = folder / f"{n}-pack.pdf"
        path.write_bytes(pdf_from_text(minutes_of(day)))
        paths.append(path)
    return paths


def test_the_next_document_is_read_in_the_reading_thread_while_this_one_is_written(tmp_path, readers):
    first, second = write_pdfs(tmp_path / "batch", [5, 6])
    reading.read_next(second)
    assert import_file(first).status == "imported"
    reading.settle()
    assert import_file(second).status == "imported"
    assert readers[first.name] == ["MainThread"]
    assert [t.startswith("minutebook-reading") for t in readers[second.name]] == [True]  # read once, ahead
    assert models.Meeting.objects.count() == 2


def test_what_was_read_ahead_is_what_the_import_would_have_read(tmp_path):
    paths = write_pdfs(tmp_path / "batch", [5])
    data = paths[0].read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    itself = reading.read(data, digest, paths[0], paths[0].name)
    reading.read_next(paths[0])
    reading.while_writing()
    reading.settle()
    ahead = reading.read(data, digest, paths[0], paths[0].name)
    assert ahead == itself and ahead[0] is not itself[0]


def test_a_file_changed_after_it_was_read_ahead_is_read_again(tmp_path, readers):
    first, second = write_pdfs(tmp_path / "batch", [5, 6])
    reading.read_next(second)
    assert import_file(first).status == "imported"
    reading.settle()
    second.write_bytes(pdf_from_text(minutes_of(7)))  # replaced before its turn came
    assert import_file(second).status == "imported"
    assert readers[second.name][-1] == "MainThread"
    assert sorted(m.start.day for m in models.Meeting.objects.all()) == [5, 7]


def test_a_guess_for_another_path_or_name_is_not_used(tmp_path, readers):
    first, second, third = write_pdfs(tmp_path / "batch", [5, 6, 8])
    reading.read_next(second, name="another name.pdf")
    assert import_file(first).status == "imported"
    reading.settle()
    assert import_file(second).status == "imported"  # under its own name: read again
    assert readers[second.name] == ["MainThread"]
    reading.read_next(third)
    reading.read_next(second)  # the batch changed its mind: only the last one named counts
    reading.while_writing()
    reading.settle()
    assert set(reading._ahead) == {(str(second), second.name)}


def test_a_document_that_fails_to_read_ahead_fails_its_import_the_same_way(tmp_path):
    first, _ = write_pdfs(tmp_path / "batch", [5, 6])
    broken = tmp_path / "batch" / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot a PDF at all")
    itself = import_file(broken).message
    reading.read_next(broken)
    assert import_file(first).status == "imported"
    reading.settle()
    assert reading._ahead  # it was read ahead, and failed there
    failed = import_file(broken)
    assert failed.status == "failed" and failed.message == itself
    assert "is not a readable PDF" in itself


def test_an_unchanged_document_starts_no_reading(tmp_path, readers):
    first, second = write_pdfs(tmp_path / "batch", [5, 6])
    assert import_file(first).status == "imported"
    reading.read_next(second)
    assert import_file(first).status == "unchanged"  # nothing written, so nothing read meanwhile
    assert not reading._ahead and second.name not in readers


def test_a_reading_not_yet_started_is_done_by_the_import_itself(tmp_path, readers):
    first, second = write_pdfs(tmp_path / "batch", [5, 6])
    started, release = threading.Event(), threading.Event()
    reading._pool().submit(lambda: (started.set(), release.wait(10)))  # the reading thread busy
    started.wait(10)
    reading.read_next(second)
    reading.while_writing()  # queued behind the busy thread
    data = second.read_bytes()
    got = reading.read(data, hashlib.sha256(data).hexdigest(), second, second.name)
    release.set()
    assert readers[second.name] == ["MainThread"] and got[1].meetings
    assert not reading._ahead


def test_the_import_command_reads_each_next_document_ahead(tmp_path, readers):
    paths = write_pdfs(tmp_path / "batch", [5, 6, 8])
    call_command("import", str(tmp_path / "batch"))
    assert readers[paths[0].name] == ["MainThread"]
    for path in paths[1:]:
        assert len(readers[path.name]) == 1 and readers[path.name][0].startswith("minutebook-reading")
    assert sorted(m.start.day for m in models.Meeting.objects.all()) == [5, 6, 8]


def test_reading_ahead_pays_only_with_two_cores_for_each_importing_process(monkeypatch):
    for cores, importers, pays in [(1, 1, False), (2, 1, True), (2, 2, False), (4, 2, True), (8, 5, False)]:
        monkeypatch.setattr(reading, "cores", lambda cores=cores: cores)
        assert reading.pays(importers) is pays, (cores, importers)


def test_the_import_command_reads_nothing_ahead_on_one_core(tmp_path, readers, monkeypatch):
    monkeypatch.setattr(reading, "cores", lambda: 1)
    paths = write_pdfs(tmp_path / "batch", [5, 6])
    call_command("import", str(tmp_path / "batch"))
    assert [readers[p.name] for p in paths] == [["MainThread"], ["MainThread"]]
    assert models.Meeting.objects.count() == 2


def test_pdfium_is_called_from_one_thread_at_a_time_and_reads_as_it_does_alone(tmp_path, monkeypatch):
    """PDFium is not thread-safe: a worker's reading thread and its main thread (or a web process's request
    threads) may read PDFs at once, so reading holds a lock. The results are those of reading each alone."""
    datas = [pdf_from_text(minutes_of(day)) for day in (5, 6, 8, 9)]
    alone = [pdf.read_pdf(data, f"{n}.pdf") for n, data in enumerate(datas)]
    inside, most, count = [0], [0], threading.Lock()
    real = pdf._read_pdf

    def watched(data, name):
        with count:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        try:
            time.sleep(0.01)  # long enough for another thread to come in, were it let
            return real(data, name)
        finally:
            with count:
                inside[0] -= 1

    monkeypatch.setattr(pdf, "_read_pdf", watched)
    together: dict[int, list] = {}

    def read(n):
        together[n] = [pdf.read_pdf(datas[n], f"{n}.pdf") for _ in range(3)]

    threads = [threading.Thread(target=read, args=(n,)) for n in range(len(datas))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1
    assert all(got == [alone[n]] * 3 for n, got in together.items()) and len(together) == 4
