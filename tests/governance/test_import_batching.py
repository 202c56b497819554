"""An import does each costly thing once: the file is read once, its pages indexed once, its meeting touched once.

What the batching must not change: an older document whose record a later pack makes exempt still leaves the
public index, and a kept original that has gone from the file store is still reported missing.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minutebook.governance import audit, bulk, models, people
from minutebook.governance.importing import import_file
from minutebook.search.models import SearchEntry
from minutebook.sources import pdf

from ..documents import pdf_from_text

pytestmark = pytest.mark.django_db

# A board's agenda pack in our own words: item 3 is public in the first edition; a later edition of the
# same agenda marks it private business.
AGENDA = """Ashcombe City Council

HEALTH AND WELLBEING BOARD

Date: Tuesday, 5 March 2024
Time: 2.00 pm
Venue: Committee Room 1, Guildhall

AGENDA

1 Apologies for absence

2 Declarations of interest

{private}3 Care Home Fees Review (Pages 1 - 2)
{paragraph}
Report of the Director of Adult Services

Page 1

Report to: Health and Wellbeing Board
Date of meeting: 5 March 2024
Report of: Director of Adult Services
Title: Care Home Fees Review

1. Recommendations

1.1 That the Board notes the review of fees paid to care homes.

2. Background

2.1 Fees were last reviewed three years ago and costs have risen since.
"""
PRIVATE = {
    "private": "PART B - PRIVATE BUSINESS\n\n",
    "paragraph": "\nParagraph 3 of Schedule 12A to the Local Government Act 1972\n",
}
PUBLIC = {"private": "", "paragraph": ""}


def pages_indexed(source) -> int:
    return SearchEntry.objects.filter(kind=SearchEntry.Kind.PAGE, object_id=source.pk).count()


@pytest.fixture
def counted_reads(monkeypatch, settings, tmp_path):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    models.READ.clear()
    reads = []
    real = pdf.read_pdf

    def read_pdf(data, name):
        reads.append(name)
        return real(data, name)

    monkeypatch.setattr(pdf, "read_pdf", read_pdf)
    return reads


def test_a_pdf_is_read_once_for_its_import_its_index_and_its_figure_checks(
    counted_reads, tmp_path, django_capture_on_commit_callbacks
):
    path = tmp_path / "board-2024-03-05.pdf"
    path.write_bytes(pdf_from_text(AGENDA.format(**PUBLIC), like_a_council=True))
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file(path).status == "imported"
    source = models.SourceDocument.objects.get()
    assert pages_indexed(source) > 0
    assert counted_reads == [path.name]
    assert source.read().lines[0].text == "Ashcombe City Council"  # still from the one read
    assert counted_reads == [path.name]


def test_an_original_gone_from_the_store_is_missing_even_when_read_before(counted_reads, tmp_path):
    path = tmp_path / "board.pdf"
    path.write_bytes(pdf_from_text(AGENDA.format(**PUBLIC), like_a_council=True))
    assert import_file(path).status == "imported"
    source = models.SourceDocument.objects.get()
    source.path.unlink()
    with pytest.raises(FileNotFoundError):
        source.read()


def test_a_later_pack_making_an_older_documents_item_exempt_takes_its_pages_out_of_the_index(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(AGENDA.format(**PUBLIC))
    second.write_text(AGENDA.format(**PRIVATE) + "\nSecond edition\n")
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file(first).status == "imported"
    older = models.SourceDocument.objects.get()
    assert pages_indexed(older) > 0
    meeting = models.Meeting.objects.get()
    touched = meeting.modified
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file(second).status == "imported"
    assert models.AgendaItem.objects.get(title="Care Home Fees Review").exempt
    assert pages_indexed(older) == 0
    meeting.refresh_from_db()
    assert meeting.modified > touched  # its items changed: the meeting is touched, once, at the end


def test_rows_written_together_get_keys_defaults_and_a_parent_saved_after_them():
    """``bulk.insert`` writes what ``bulk_create`` would: COPY on PostgreSQL, keys taken from the sequence."""
    council = models.Organisation.objects.create(name="Ashcombe City Council")
    body = models.Body.objects.create(organisation=council, name="Health and Wellbeing Board", slug="hwb")
    meeting = models.Meeting(body=body, start=timezone.now())
    item = models.AgendaItem(meeting=meeting, number="3", title="Care Home Fees Review", exempt_paragraph=3)
    sub = models.AgendaItem(meeting=meeting, number="3", sub_label="a", title="Fees", parent=item)
    meeting.save()  # after its items were made, as an import makes them
    bulk.insert(models.AgendaItem, [item])
    bulk.insert(models.AgendaItem, [sub])
    assert item.pk and sub.pk > item.pk and not item._state.adding
    stored = {row.pk: row for row in models.AgendaItem.objects.all()}
    assert model_to_dict(stored[sub.pk]) == model_to_dict(sub)
    assert (stored[item.pk].meeting_id, stored[item.pk].exempt_paragraph, stored[item.pk].order) == (
        meeting.pk,
        3,
        0,
    )
    assert stored[item.pk].modified == item.modified and stored[sub.pk].parent_id == item.pk


def test_records_an_import_writes_together_are_audited_indexed_and_counted(settings, tmp_path):
    """One ``bulk.created`` for a batch does what ``post_save`` of each record did; COPY statements are counted."""
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    path = tmp_path / "board.txt"
    path.write_text(AGENDA.format(**PUBLIC))
    with CaptureQueriesContext(connection) as statements:
        assert import_file(path).status == "imported"
    items = list(models.AgendaItem.objects.all())
    assert items
    for item in items:
        [entry] = models.AuditEntry.objects.filter(model="governance.AgendaItem", object_id=str(item.pk))
        assert entry.action == "create" and entry.after == audit.snapshot(item)
        assert SearchEntry.objects.filter(kind=SearchEntry.Kind.AGENDA_ITEM, object_id=item.pk).exists()
    copies = [q["sql"] for q in statements.captured_queries if q["sql"].startswith("COPY")]
    assert bool(copies) == (connection.vendor == "postgresql")


def test_a_person_an_import_creates_takes_the_first_free_slug_and_is_audited_and_indexed():
    """``people`` writes a new person in one statement a slug; the slug is the one ``Person.save`` would pick."""
    Person = models.Person
    Person.objects.create(name="Ann Lucas")
    Person.objects.create(name="Ann Lucas", slug="ann-lucas-3")  # a gap: the next free is -2, then -4
    council = models.Organisation.objects.create(name="Ashcombe City Council")
    second = people.resolve("Councillor Ann Lucas", council)
    third = people.resolve("Ann Lucas", models.Organisation.objects.create(name="Bramley District Council"))
    assert (second.slug, third.slug) == ("ann-lucas-2", "ann-lucas-4")
    assert Person.objects.get(slug="ann-lucas-2").name == "Ann Lucas" and not second._state.adding
    [entry] = models.AuditEntry.objects.filter(model="governance.Person", object_id=str(second.pk))
    assert entry.action == "create" and entry.after == audit.snapshot(Person.objects.get(pk=second.pk))
    assert SearchEntry.objects.filter(kind=SearchEntry.Kind.PERSON, object_id=second.pk).exists()


def test_a_record_said_to_be_as_read_is_audited_from_itself_and_others_are_read_again():
    """``audit.as_read``: the update's "before" is the record as the caller read it, with no read before the save;
    said once, it serves one save: the next save reads the record again, as every other save does."""
    council = models.Organisation.objects.create(name="Ashcombe City Council")
    board = models.Body.objects.create(organisation=council, name="Board", slug="board")
    models.Meeting.objects.create(body=board, start=timezone.now(), venue="Guildhall")
    meeting = models.Meeting.objects.get()

    def save(venue):
        with CaptureQueriesContext(connection) as statements:
            meeting.venue = venue
            meeting.save(update_fields=["venue"])
        return [q["sql"] for q in statements.captured_queries if q["sql"].startswith("SELECT")]

    audit.as_read(meeting)
    assert save("Council Chamber") == []
    assert len(save("Town Hall")) == 1  # read again: nothing said this time
    first, second = models.AuditEntry.objects.filter(model="governance.Meeting", action="update").order_by(
        "pk"
    )
    assert (first.before["venue"], first.after["venue"]) == ("Guildhall", "Council Chamber")
    assert (second.before["venue"], second.after["venue"]) == ("Council Chamber", "Town Hall")
    assert first.before == {**second.before, "venue": "Guildhall"}


def test_a_file_that_cannot_be_read_leaves_nothing_staged(settings, tmp_path):
    """The original is staged while the file is read: a file that then fails to read has its staged copy removed."""
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"not a PDF at all\n" * 50)
    outcome = import_file(path)
    assert outcome.status == "failed" and "broken.pdf" in outcome.message
    assert not [p for p in (tmp_path / "files").rglob("*") if p.is_file()]
    assert not models.SourceDocument.objects.exists()


def test_the_values_a_batch_writes_are_those_django_prepares():
    """``bulk.insert`` takes a plain value as it is only where Django would send that same value: a bool given to
    a number, a string of a str subclass, a missing value of a field that may not be empty are prepared by Django."""
    from django.utils.safestring import mark_safe

    from minutebook.search.models import SearchEntry

    council = models.Organisation.objects.create(name="Ashcombe City Council")
    body = models.Body.objects.create(organisation=council, name="Health and Wellbeing Board", slug="hwb")
    meeting = models.Meeting.objects.create(body=body, start=timezone.now())
    records = [
        models.AgendaItem(
            meeting=meeting, number="3", title=mark_safe("Fees"), exempt_paragraph=3, order=True
        ),
        models.AgendaItem(meeting=meeting, number="4", title="Care", exempt=1, first_pack_page=None),
        models.Minute(meeting=meeting, number="12", title="Fees", text="Noted", order=2),
        SearchEntry(kind="minute", object_id=7, body=body, title="Fees", text="Noted", url="/m#7", group="g"),
        models.AuditEntry(model="governance.Minute", object_id="7", action="create", after={"text": "Noted"}),
    ]
    for record in records:
        record._prepare_related_fields_for_save(operation_name="bulk_create")
        # (not the fields stamped with the time on saving: each preparing stamps it anew)
        fields = [f for f in type(record)._meta.concrete_fields if not getattr(f, "auto_now", False)]
        fields = [f for f in fields if not getattr(f, "auto_now_add", False)]
        django = [f.get_db_prep_save(f.pre_save(record, True), connection) for f in fields]
        ours = [bulk._value_of(f, connection)(record) for f in fields]
        assert [getattr(v, "obj", v) for v in ours] == [
            getattr(v, "obj", v) for v in django
        ]  # Jsonb: its value
        assert [str(v) for v in ours] == [str(v) for v in django]  # as COPY writes them


def test_a_snapshot_holds_what_model_to_dict_gives_for_every_audited_model(settings, tmp_path):
    """``audit.snapshot`` finds each model's fields once; what it holds is still ``model_to_dict``'s, made plain
    (a committee's clerks, many-to-many, included)."""
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    path = tmp_path / "board.txt"
    path.write_text(AGENDA.format(**PUBLIC))
    assert import_file(path).status == "imported"
    body = models.Body.objects.get()
    body.clerks.add(get_user_model().objects.create_user("clerk"))
    seen = 0
    for model in audit.AUDITED:
        for instance in model.objects.all()[:3]:
            expected = {k: audit._plain(v) for k, v in model_to_dict(instance).items()}
            assert audit.snapshot(instance) == expected
            seen += 1
    assert audit.snapshot(body)["clerks"] and seen > 5


@pytest.mark.parametrize("in_hand", [True, False], ids=["minute in hand", "minute by key"])
def test_a_resolution_touches_its_meeting_and_agenda_item(in_hand):
    """A resolution written with its minute in hand (an import's) touches the minute's meeting and agenda item by
    their keys; one whose minute is known only by key finds them through the minute. Both touch the same two."""
    council = models.Organisation.objects.create(name="Ashcombe City Council")
    body = models.Body.objects.create(organisation=council, name="Health and Wellbeing Board", slug="hwb")
    meeting = models.Meeting.objects.create(body=body, start=timezone.now())
    item = models.AgendaItem.objects.create(meeting=meeting, number="5", title="Better Care Fund")
    other = models.AgendaItem.objects.create(meeting=meeting, number="6", title="Work programme")
    minute = models.Minute.objects.create(
        meeting=meeting, number="12", title="Better Care Fund", agenda_item=item
    )
    long_ago = timezone.now() - timezone.timedelta(days=30)
    models.Meeting.objects.update(modified=long_ago)
    models.AgendaItem.objects.update(modified=long_ago)
    resolution = models.Resolution(text="That the plan be approved.", order=1)
    if in_hand:
        resolution.minute = minute
    else:
        resolution.minute_id = minute.pk
    with models.touching_once():
        resolution.save()
    touched = {
        name: model.objects.get(pk=pk).modified > long_ago
        for name, model, pk in [
            ("meeting", models.Meeting, meeting.pk),
            ("item", models.AgendaItem, item.pk),
            ("other item", models.AgendaItem, other.pk),
        ]
    }
    assert touched == {"meeting": True, "item": True, "other item": False}


@pytest.mark.parametrize("body_in_hand", [True, False], ids=["meeting with its committee", "meeting alone"])
def test_attendances_written_together_bring_a_person_back_into_that_council_only(body_in_hand):
    """A person deleted from a council's OParl people list (a tombstone of that council) is back in it when an
    import records them at one of its meetings: that council's tombstone goes, another council's stays. The
    council is read from the meeting and committee the import holds, or found when they are not in hand."""
    now = timezone.now()
    person = models.Person.objects.create(name="Ines Achterberg")
    models.Organisation.objects.create(
        name="Ashcombe Parish Council"
    )  # councils' keys then differ from bodies'
    meetings = {}
    for name in ("Sallowfield City Council", "Sallowfield Fire Authority"):
        council = models.Organisation.objects.create(name=name)
        body = models.Body.objects.create(organisation=council, name="Board", slug=f"board-{council.pk}")
        meetings[name] = models.Meeting.objects.create(body=body, start=now)
        models.Tombstone.keep("person", person.pk, {council.pk}, person.created, now)
    meeting = models.Meeting.objects.get(pk=meetings["Sallowfield City Council"].pk)
    if body_in_hand:
        meeting.body = meetings["Sallowfield City Council"].body
    attendance = models.Attendance(meeting=meeting, person=person)
    bulk.insert(models.Attendance, [attendance])
    bulk.created.send(sender=models.Attendance, instances=[attendance])
    left = models.Tombstone.objects.filter(model="person", object_id=person.pk).values_list(
        "council__name", flat=True
    )
    assert list(left) == ["Sallowfield Fire Authority"]


def test_an_imports_records_and_pages_are_indexed_in_one_write(settings, tmp_path):
    """The records' entries and the document's pages go out and come in together: one delete and one insert of
    entries for the import, the records' entries first (the order the search reads newest-first is unchanged)."""
    settings.MINUTEBOOK_FILES = tmp_path / "files"
    path = tmp_path / "board.txt"
    path.write_text(AGENDA.format(**PUBLIC))
    with CaptureQueriesContext(connection) as statements:
        assert import_file(path).status == "imported"
    table = SearchEntry._meta.db_table
    written = [q["sql"] for q in statements.captured_queries if table in q["sql"]]
    assert len([sql for sql in written if sql.startswith("DELETE")]) == 1
    if connection.vendor == "postgresql":
        assert len([sql for sql in written if sql.startswith("COPY")]) == 1
    kinds = list(SearchEntry.objects.order_by("pk").values_list("kind", flat=True))
    assert SearchEntry.Kind.PAGE in kinds and SearchEntry.Kind.AGENDA_ITEM in kinds
    first_page = kinds.index(SearchEntry.Kind.PAGE)
    assert set(kinds[first_page:]) == {SearchEntry.Kind.PAGE}
