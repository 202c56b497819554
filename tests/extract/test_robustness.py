"""Arbitrary and mangled text never crashes the extractor."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutebook.extract.pack import extract
from minutebook.sources.text import read_text

from .helpers import FIXTURES

FIXTURE_LINES = [line for path in sorted(FIXTURES.glob("*.txt")) for line in path.read_text().splitlines()]


def _extract(text: str):
    record = extract(read_text(text.encode("utf-8"), "fuzz.txt"))
    record.as_json()
    return record


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=3000))
def test_any_text(text):
    _extract(text)


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(min_value=0, max_value=len(FIXTURE_LINES)))
def test_shuffled_and_truncated_packs(rnd: random.Random, cut: int):
    lines = FIXTURE_LINES[:]
    rnd.shuffle(lines)
    lines = lines[:cut]
    if lines and rnd.random() < 0.5:
        k = rnd.randrange(len(lines))
        lines[k] = lines[k][: rnd.randrange(len(lines[k]) + 1)]
    _extract("\n".join(lines))


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=4000))
def test_binary_noise_is_either_refused_with_the_name_or_read(data):
    from minutebook.sources.document import SourceError

    try:
        document = read_text(data, "noise.bin")
    except SourceError as exc:
        assert str(exc).startswith("noise.bin: ")
        return
    extract(document).as_json()


def test_a_ten_megabyte_single_line():
    rnd = random.Random(7)
    vocabulary = (
        "RESOLVED that Minutes of the meeting held on 12 March 2020 at 2pm (Pages 3 - 8) "
        "Councillor J Smith Apologies: Title: 1. (a) work programme"
    ).split()
    line = " ".join(rnd.choice(vocabulary) for _ in range(1_900_000))
    assert len(line) > 10_000_000
    record = _extract(line)
    assert record.meetings == [] or all(m.kind in ("agenda", "minutes") for m in record.meetings)
