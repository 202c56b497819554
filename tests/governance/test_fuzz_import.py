"""Fuzzing the import: a few hundred damaged files through ``minutebook import``, as a clerk would run it.

The files are seeded mutations of valid files the test makes (PDF, Word, web page, text): truncation,
flipped bits, damaged zip entries, mangled Word XML, hostile numbering, deep nesting, bad encodings.
The batch must report every file on one line, with no traceback, no file taking more than PER_FILE
seconds, the process's peak memory under PEAK_MB, and leave a database of whole documents only.
"""

import queue
import random
import re
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ..sources import malformed
from ..sources.malformed import deep_html, numbered_docx

SEED = 9
PER_KIND = 50
PER_FILE = 20  # seconds without a line from the batch: a hang
PEAK_MB = 500
# Run the real command and report the process's peak memory as its last line. Linux's VmHWM is the peak of
# this program alone: ru_maxrss carries over, across exec, the peak of the process it was forked from (here
# pytest, which grows over the suite).
MEASURED = [
    sys.executable,
    "-c",
    "import atexit, re, resource, sys\n"
    "def peak():\n"
    "    try:\n"
    "        return int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
    "    except (OSError, AttributeError):\n"
    "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "atexit.register(lambda: print('peak-kb', peak(), flush=True))\n"
    "from minutebook.cli import main\n"
    "main(sys.argv[1:])",
]


def text_mutations(data: bytes, rng: random.Random) -> bytes:
    """Bad encodings, NULs, odd UTF-16, long lines and markup in what claims to be text."""
    return rng.choice(
        [
            lambda: data.decode().replace("Councillor", "Councill\u00f6r").encode("cp1252"),
            lambda: data[: len(data) // 2] + b"\x00" + data[len(data) // 2 :],
            lambda: b"\xff\xfe" + data.decode().encode("utf-16-le")[:-1],
            lambda: data + b"\xc3(" + b"Abc " * rng.randint(1000, 250_000),
            lambda: b"<html><body>" + data.replace(b"\n", b"<br><scr<script></script>ipt>") + b"</html>",
            lambda: data.replace(b"\n", b"\r") + b"\f" * rng.randint(1, 5000),
        ]
    )()


def html_mutations(data: bytes, rng: random.Random) -> bytes:
    return rng.choice(
        [
            lambda: deep_html(rng.choice([100, 254, 255, 401, 2100, 9000])),
            lambda: data.replace(b"<body>", b'<body><meta charset="x-unknown">' + bytes(range(128, 256)), 1),
            lambda: data.replace(b"<p>", b"<p>&lt;scr<script>alert(1)</script>ipt&gt;", 3),
            lambda: data.replace(b"</p>", b"<table><tr><td>" * 50, 5),
            lambda: data.decode().encode("utf-16"),
        ]
    )()


def docx_mutations(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:
        return malformed.corrupt_zip_entry(data, rng)
    if choice == 1:
        return malformed.mangle_xml(data, rng)
    if choice == 2:
        value = rng.choice(["2000000000", "-1", "1e9", "99999999999999999999", "", "0x10"])
        fmt = rng.choice(["lowerRoman", "upperLetter", "decimal", "bullet", "chicago"])
        return numbered_docx(
            ["Apologies", "Minutes"], fmt=fmt, start=value, ilvl=rng.choice(["0", "8", "9", "x"])
        )
    return malformed.many_paragraphs_docx(rng.choice([1000, 200_000, 3_000_000]))


KINDS = {  # kind: (suffix, mutations other than truncation and bit flips)
    "pdf": (".pdf", None),
    "docx": (".docx", docx_mutations),
    "numbered.docx": (".docx", docx_mutations),
    "html": (".html", html_mutations),
    "txt": (".txt", text_mutations),
}


def fuzzed_files(folder: Path) -> list[Path]:
    rng = random.Random(SEED)
    valid = malformed.valid_files(rng)
    made = []
    for kind, (suffix, special) in KINDS.items():
        for n in range(PER_KIND):
            choice = rng.randrange(3 if special else 2)
            if choice == 0:
                data, how = malformed.truncate(valid[kind], rng), "truncated"
            elif choice == 1:
                data, how = malformed.flip_bits(valid[kind], rng), "flipped"
            else:
                data, how = special(valid[kind], rng), "hostile"
            path = folder / f"{kind.replace('.', '-')}-{n:03}-{how}{suffix}"
            path.write_bytes(data)
            made.append(path)
    for kind, (suffix, _) in KINDS.items():  # and the valid ones, which must import
        path = folder / f"valid-{kind.replace('.', '-')}{suffix}"
        path.write_bytes(
            valid[kind].replace(b"4 March", f"{len(made) % 28 + 1} May".encode())
            if kind == "txt"
            else valid[kind]
        )
        made.append(path)
    return made


def lines_of(process: subprocess.Popen) -> queue.Queue:
    lines: queue.Queue = queue.Queue()

    def read():
        for line in process.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


@pytest.mark.timeout(600)
def test_a_batch_of_damaged_files_imports_what_it_can_and_names_the_rest(tmp_path, sqlite_file):
    db, env = sqlite_file
    folder = tmp_path / "fuzz"
    folder.mkdir()
    files = fuzzed_files(folder)
    process = subprocess.Popen(
        [*MEASURED, "import", str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output, lines = [], lines_of(process)
    while True:
        try:
            line = lines.get(timeout=PER_FILE)
        except queue.Empty:
            process.kill()
            pytest.fail(f"no answer for {PER_FILE} s after: {output[-1] if output else 'the start'}")
        if line is None:
            break
        output.append(line)
    process.wait()
    text = "\n".join(output)
    (tmp_path / "output.txt").write_text(text)
    assert "Traceback" not in text, text[-3000:]
    peak_mb = int(output.pop().split()[1]) / 1024
    assert peak_mb < PEAK_MB
    summary = output.pop()
    if process.returncode:  # some files failed: the command says how many, after the summary
        assert re.fullmatch(r"CommandError: \d+ of \d+ documents failed", summary), summary
        summary = output.pop()
    imported, kept, unchanged, failed = (
        int(n)
        for n in re.fullmatch(
            r"(\d+) imported, (?:(\d+) kept without meetings, )?(\d+) unchanged, (\d+) failed", summary
        ).groups(default="0")
    )
    # One line per file, naming it ("[n/total]" after it on a pipe), then the totals; errors say what is wrong,
    # never only that something was.
    assert re.fullmatch(r"\d+ documents, \d+ pages in .*", output.pop())
    output = [re.sub(r" \[\d+/\d+\]$", "", line) for line in output]
    assert len(output) == len(files) == imported + kept + unchanged + failed
    named = sorted(re.sub(r"^error: ", "", line).split(": ", 1)[0] for line in output)
    assert named == sorted(str(p) for p in files)
    assert all(
        line.startswith("error: ")
        for line in output
        if "imported" not in line and "kept" not in line and "unchanged" not in line
    )
    for kind, (suffix, _) in KINDS.items():
        valid = str(folder / f"valid-{kind.replace('.', '-')}{suffix}")
        assert not [line for line in output if line.startswith(f"error: {valid}:")]
    # The database holds whole documents only, each with its original, and nothing else.
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert not conn.execute("pragma foreign_key_check").fetchall()
        stored = {row[0] for row in conn.execute("select stored_as from governance_sourcedocument")}
        orphans = conn.execute(
            "select count(*) from governance_minute where source_id not in (select id from governance_sourcedocument)"
        ).fetchone()[0]
        meetings = conn.execute("select count(*) from governance_meeting").fetchone()[0]
    assert len(stored) == imported + kept and orphans == 0 and (meetings > 0) == (imported > 0)
    files_kept = Path(env["MINUTEBOOK_VAR"]) / "files"
    assert {str(p.relative_to(files_kept)) for p in files_kept.rglob("*") if p.is_file()} == stored
