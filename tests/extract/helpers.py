from pathlib import Path

from minutebook.extract.pack import extract
from minutebook.sources.text import read_text

FIXTURES = Path(__file__).parent / "fixtures"


def record_of_text(text: str, name: str = "test.txt") -> dict:
    return extract(read_text(text.encode("utf-8"), name)).as_json()


def record_of_fixture(name: str) -> dict:
    return extract(read_text((FIXTURES / name).read_bytes(), name)).as_json()
