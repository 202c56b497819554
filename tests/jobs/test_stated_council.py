"""``minutebook import --council NAME``: papers gathered from one council's site are that council's, whether
or not their text names it, here and through the queue, and stay so when read again."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from minutebook.extract.council import UNKNOWN
from minutebook.governance import importing, models

from ..sources.malformed import MINUTES
from .test_queue import WORKER, no_pause  # noqa: F401


@pytest.fixture(autouse=True)
def file_store(settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"


def papers(folder):
    """Two sets of minutes of one board: one names no council, the other names a neighbour more than once."""
    folder.mkdir()
    (folder / "march.txt").write_text(MINUTES)
    mention = "A joint bid with Brackwater City Council was noted. Brackwater City Council will lead it.\n"
    (folder / "april.txt").write_text(MINUTES.replace("4 March 2024", "8 April 2024") + mention)
    return folder


def councils_of_meetings():
    return sorted(
        m.body.organisation.name for m in models.Meeting.objects.select_related("body__organisation")
    )


@pytest.mark.django_db
def test_papers_imported_as_a_councils_are_its_own_and_stay_so_when_read_again(tmp_path):
    call_command("import", str(papers(tmp_path / "site")), council="Fenmoor Council", verbosity=0)
    assert councils_of_meetings() == ["Fenmoor Council", "Fenmoor Council"]
    assert set(models.SourceDocument.objects.values_list("council", flat=True)) == {"Fenmoor Council"}
    for source in models.SourceDocument.objects.all():
        assert importing.reimport(source).status == "imported"
    assert councils_of_meetings() == ["Fenmoor Council", "Fenmoor Council"]
    assert list(models.Organisation.objects.values_list("name", flat=True)) == ["Fenmoor Council"]


@pytest.mark.django_db
def test_without_it_each_paper_is_the_council_it_names(tmp_path):
    call_command("import", str(papers(tmp_path / "site")), verbosity=0)
    assert councils_of_meetings() == ["Brackwater City Council", UNKNOWN]


@pytest.mark.django_db(transaction=True)  # the worker closes connections between jobs
def test_a_queued_batch_is_imported_as_the_council_stated(tmp_path):
    call_command(
        "import", str(papers(tmp_path / "site")), "--queue", "--council", "Fenmoor Council", verbosity=0
    )
    call_command(*WORKER, "--batch", verbosity=0)
    assert councils_of_meetings() == ["Fenmoor Council", "Fenmoor Council"]


@pytest.mark.django_db
@pytest.mark.parametrize("council, problem", [("  ", "blank"), ("x" * 201, "at most 200 characters")])
def test_a_council_name_that_cannot_be_one_is_refused(tmp_path, council, problem):
    with pytest.raises(CommandError, match=problem):
        call_command("import", str(papers(tmp_path / "site")), council=council, verbosity=0)
    assert not models.SourceDocument.objects.exists()
