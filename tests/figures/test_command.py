"""``minutebook figures``: the SCHEMA.md record, printed or written one file per document."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

PACK = """Better Care Fund quarterly return

Agency\tReferrals
Health\t120
Police\t85
Total\t205

Referrals rose from 200 in 2022 to 215 in 2023, an increase of 9%.
"""


def test_the_record_is_printed_as_json(tmp_path, capsys):
    path = tmp_path / "return.txt"
    path.write_text(PACK, encoding="utf-8")
    call_command("figures", str(path))
    record = json.loads(capsys.readouterr().out)
    assert record["source"] == "return.txt"
    assert record["format"] == "minutebook-figures/1"
    (table,) = record["tables"]
    assert table["lines"] == [3, 6] and table["headers"] == ["Agency", "Referrals"]
    assert table["rows"][0] == {
        "line": 4,
        "label": "Health",
        "cells": [{"raw": "120", "value": 120, "unit": None}],
    }
    (flag,) = record["flags"]
    assert flag["kind"] == "pct_change" and flag["lines"] == [8]
    assert flag["description"] == "Printed 9%; 200 → 215 is +8%"
    assert record["checked"] == 2


def test_out_writes_one_file_per_document(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(PACK, encoding="utf-8")
    out = tmp_path / "out"
    call_command("figures", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--out", str(out))
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]
    assert json.loads((out / "b.json").read_text(encoding="utf-8"))["source"] == "b.txt"


def test_a_file_that_cannot_be_read_is_named_and_the_others_are_still_checked(tmp_path, capsys):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(PACK, encoding="utf-8")
    bad.write_bytes(b"\xff\xfe\x00\x00binary")
    with pytest.raises(CommandError, match="1 of 2 files"):
        call_command("figures", str(bad), str(good), "--out", str(tmp_path / "out"))
    assert "bad.txt" in capsys.readouterr().err
    assert (tmp_path / "out" / "good.json").exists()
