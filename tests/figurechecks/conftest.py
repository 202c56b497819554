from pathlib import Path

import pytest

from minutebook.governance.importing import import_file
from minutebook.governance.models import SourceDocument

PACK = Path(__file__).parent / "fixtures" / "wellbeing_pack.txt"


def line_of(text: str) -> int:
    """The 1-based line of the fixture pack that holds ``text``."""
    lines = PACK.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


@pytest.fixture
def pack(settings, tmp_path, django_capture_on_commit_callbacks) -> SourceDocument:
    """The invented pack, imported: its figures are checked once the import commits."""
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_file(PACK)
    assert outcome.status == "imported", outcome.message
    return SourceDocument.objects.get()


# The browser fixtures of the site's own browser tests (Debian's chromium, headless).
from ..web.conftest import CHROMIUM, axe_page, browser, page  # noqa: E402, F401
