"""One Person for the many ways a council's papers print one person's name.

"Councillor Mrs Lucas", "Councillor A Lucas" and "Ann Lucas" are one
person; "Sudesh Kumar" and "Sudhesh Kumar" are a spelling slip. Within a
council, a printed name is matched on surname (rapidfuzz for slips) and
first initial or given name. A merge is made only when exactly one known
person fits cleanly; anything less certain creates a new Person and a
``PersonMatch`` for a clerk to confirm or reject (``minutebook people
--review``), because a wrong merge puts one person's votes and apologies on
another's record.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BigIntegerField, Q
from rapidfuzz import fuzz, process

from minutebook.extract.people import strip_honorifics
from minutebook.sql.records import Records
from minutebook.sql.statements import Given, Statement

from . import audit, bulk
from .models import Action, Attendance, Declaration, Membership, Organisation, Person, PersonMatch

SLIP = 88  # rapidfuzz ratio above which two surnames or given names are a spelling slip


@dataclass(frozen=True)
class NameParts:
    given: tuple[str, ...]  # full given names, or initials as single letters
    surname: str

    @property
    def initial(self) -> str | None:
        return self.given[0][0].upper() if self.given else None

    @property
    def first_name(self) -> str | None:
        return self.given[0] if self.given and len(self.given[0]) > 1 else None


@functools.lru_cache(maxsize=4096)
def parse_name(printed: str) -> NameParts | None:
    """The given names and surname of a printed name. Kept for each name asked (the parts are immutable): an
    import fits each name it reads against every form of every person the council knows, so the same few
    hundred names were parsed again and again."""
    text = re.sub(r"\([^)]*\)", " ", strip_honorifics(printed))
    tokens = [t.strip(".,") for t in text.replace(".", ". ").split() if t.strip(".,")]
    if not tokens:
        return None
    return NameParts(tuple(tokens[:-1]), tokens[-1])


def _forms(person: Person) -> list[NameParts]:
    return [p for p in (parse_name(n) for n in [person.name, *person.other_names]) if p]


def _fit(printed: NameParts, known: NameParts) -> tuple[float, str] | None:
    """How well a printed name fits one known form: (score, reason), or None when it cannot be the same."""
    exact_surname = printed.surname.lower() == known.surname.lower()
    surname_score = 100.0 if exact_surname else fuzz.ratio(printed.surname.lower(), known.surname.lower())
    if surname_score < SLIP:
        return None
    if printed.initial and known.initial and printed.initial != known.initial:
        return None
    if printed.first_name and known.first_name:
        given = fuzz.ratio(printed.first_name.lower(), known.first_name.lower())
        if given < SLIP and not known.first_name.lower().startswith(printed.first_name.lower()[:3]):
            return None
        if exact_surname and given == 100:
            return 100.0, "same name"
        if exact_surname:
            return 95.0, "given name spelt differently"
        return min(surname_score, given) - 5, "surname spelt differently"
    if not exact_surname:
        return surname_score, "surname spelt differently"
    if printed.initial and known.initial:
        return 95.0, "same surname and initial"
    return 80.0, "same surname, no initial to compare"


def people_of(organisation: Organisation | Given):
    """People already known to a council: members of its bodies or recorded at their meetings.

    Each way is asked on its own, from the council's committees and their meetings through their indexes: one
    join of every person to all three ways, made distinct, read every attendance in the book for each import
    (310 ms at a tenth of the national benchmark book, and growing with it; 13 ms asked this way)."""
    return Person.objects.filter(
        Q(pk__in=Membership.objects.filter(body__organisation=organisation).values("person"))
        | Q(pk__in=Attendance.objects.filter(meeting__body__organisation=organisation).values("person"))
        | Q(pk__in=Declaration.objects.filter(meeting__body__organisation=organisation).values("person"))
    )


# What every import asks about a council's people, compiled once per process (``minutebook.sql``).
_council_people = Records(lambda: people_of(Given("council", BigIntegerField())))
_members = Statement(
    lambda: (
        Membership.objects.filter(body_id=Given("body", BigIntegerField())).order_by().values_list("person")
    )
)
_attending = Statement(
    lambda: (
        Attendance.objects.filter(meeting__body_id=Given("body", BigIntegerField()))
        .order_by()
        .values_list("person")
    )
)


def resolve(printed: str, organisation: Organisation, body=None, cache: dict | None = None) -> Person:
    """The Person a printed name stands for, created (with a review suggestion) where not certain.

    ``cache`` carries what one import already knows: the council's people, and (under
    ``("attending", body.pk)``) who it has recorded at the body's meetings but not yet written.
    """
    cache = {} if cache is None else cache
    key = (organisation.pk, printed)
    if key not in cache:
        known = cache.setdefault(("people", organisation.pk), None)
        if known is None:
            known = cache[("people", organisation.pk)] = KnownPeople(_council_people.all(council=organisation.pk))
        cache[key] = _resolve(printed, organisation, body, known, lambda: _on_body(body, cache))
    return cache[key]


class KnownPeople:
    """A council's people as one import knows them, in the order they were read, indexed by every form of their
    names: a printed name is fitted only against the people whose surname is within a slip of its own.

    A council's papers over the years name hundreds of people (members, officers, the public), and a pack names
    dozens: fitting each printed name against every form of every person grew with the council's history. The
    surnames within a slip are found by rapidfuzz over the distinct surnames at once; every other person's fits
    would all have been None (``_fit`` needs the surname within a slip), so the result is the same.
    """

    def __init__(self, people: list[Person]):
        self.people = list(people)
        self._index = None

    def add(self, person: Person) -> None:
        self.people.append(person)
        self._index = None

    def changed(self) -> None:
        """A person's names changed (``_learn``): the index is made again when next asked."""
        self._index = None

    def _indexed(self):
        if self._index is None:
            named: dict[str, int] = {}  # each name or other name: the first person printed so
            by_surname: dict[str, set[int]] = {}
            for order, person in enumerate(self.people):
                for name in (person.name, *person.other_names):
                    named.setdefault(name, order)
                for form in _forms(person):
                    by_surname.setdefault(form.surname.lower(), set()).add(order)
            self._index = named, list(by_surname), list(by_surname.values())
        return self._index

    def named(self, name: str) -> Person | None:
        """The first person (in order) whose name or one of whose other names is exactly ``name``."""
        order = self._indexed()[0].get(name)
        return None if order is None else self.people[order]

    def near(self, surname: str) -> list[Person]:
        """In order, the people with a form whose surname is within a slip of ``surname``."""
        _, surnames, owners = self._indexed()
        found: set[int] = set()
        for _, _, index in process.extract(
            surname.lower(), surnames, scorer=fuzz.ratio, score_cutoff=SLIP, limit=None
        ):
            found |= owners[index]
        return [self.people[order] for order in sorted(found)]


def _on_body(body, cache: dict) -> set:
    """Who sits on a body: its members and everyone recorded at its meetings, read once an import (and kept
    current by the import, which adds whom it records at the body's meetings under ``("attending", body.pk)``)."""
    attending = cache.setdefault(("attending", body.pk), set())
    if ("sitting", body.pk) not in cache:
        cache[("sitting", body.pk)] = True
        attending |= {person for (person,) in _members.rows(body=body.pk)}
        attending |= {person for (person,) in _attending.rows(body=body.pk)}
    return attending


def _resolve(printed: str, organisation: Organisation, body, known: KnownPeople, on_body) -> Person:
    """``on_body()``: the people who sit on ``body``, asked only when a bare surname needs them."""
    parts = parse_name(printed)
    clean = " ".join([*parts.given, parts.surname]) if parts else printed.strip()
    if (person := known.named(clean)) is not None:
        return person
    fits: list[tuple[float, str, Person]] = []
    for person in known.near(parts.surname) if parts else []:
        best = max((f for f in (_fit(parts, k) for k in _forms(person)) if f), default=None)
        if best:
            fits.append((best[0], best[1], person))
    fits.sort(key=lambda f: -f[0])
    if body is not None and fits and fits[0][0] == 80:
        # "Councillor Lucas": a bare surname is certain only when one person of that surname sits on the body.
        sitting = on_body()
        on_this_body = [f for f in fits if f[0] == 80 and f[2].pk in sitting]
        if len(on_this_body) == 1:
            fits = [(95.0, "the only person of that surname on the body", on_this_body[0][2])]
    if fits and fits[0][0] >= 95 and (len(fits) == 1 or fits[1][0] < 95):
        person = fits[0][2]
        _learn(person, clean)
        known.changed()
        return person
    rejected = fits and set(
        PersonMatch.objects.filter(printed=clean, status=PersonMatch.Status.REJECTED).values_list(
            "candidate", flat=True
        )
    )
    person = _create(clean)
    known.add(person)
    for score, reason, candidate in fits:
        if candidate.pk not in rejected:
            PersonMatch.objects.get_or_create(
                person=person,
                candidate=candidate,
                defaults={"printed": clean, "reason": reason, "score": score},
            )
    return person


def _create(name: str) -> Person:
    """A new Person, given the first of its slugs (``Person.slugs``) no one has: each tried by the insert itself,
    one statement a try where a check and then a write were two. A slug taken (its person read or written
    before) inserts nothing and takes no key; one taken meanwhile by another import is passed over (``ON
    CONFLICT``) rather than failing this one's write. Its creation is told as the import's other records are
    (``bulk.created``: audited, indexed)."""
    person = Person(name=name)
    meta = Person._meta
    fields = [f for f in meta.concrete_fields if f is not meta.pk]
    quote = connection.ops.quote_name
    table, slug_column = quote(meta.db_table), quote(meta.get_field("slug").column)
    insert = (
        f"INSERT INTO {table} ({', '.join(quote(f.column) for f in fields)}) "
        f"SELECT {', '.join(['%s'] * len(fields))} WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {slug_column} = %s) "
        f"ON CONFLICT ({slug_column}) DO NOTHING RETURNING {quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        for slug in person.slugs():
            person.slug = slug
            values = [f.get_db_prep_save(f.pre_save(person, True), connection) for f in fields]
            cursor.execute(insert, [*values, slug])
            if (row := cursor.fetchone()) is not None:
                break
    person.pk = row[0]
    person._state.adding, person._state.db = False, connection.alias
    bulk.created.send(sender=Person, instances=[person])
    return person


def _learn(person: Person, printed: str) -> None:
    """Keep every form a person's name was printed in; the fullest becomes the name."""
    if printed == person.name or printed in person.other_names:
        return
    audit.as_read(person)  # read by this import, saved whenever changed: as the database holds it
    new, old = parse_name(printed), parse_name(person.name)
    if new and old and len(new.given) and (not old.first_name and new.first_name):
        person.other_names = sorted({*person.other_names, person.name})
        person.name = printed
    else:
        person.other_names = sorted({*person.other_names, printed})
    person.save(update_fields=["name", "other_names"])


@transaction.atomic
def confirm(match: PersonMatch) -> Person:
    """Merge the imported person into the known one: every record moves over, no record is lost."""
    keep, gone = match.candidate, match.person
    for model, field in (
        (Attendance, "person"),
        (Attendance, "substitute_for"),
        (Declaration, "person"),
        (Membership, "person"),
        (Action, "owner_person"),
    ):
        for row in model.objects.filter(**{field: gone}):
            clash = (
                model is Attendance
                and field == "person"
                and Attendance.objects.filter(meeting=row.meeting, person=keep).exists()
            )
            if clash:
                row.delete()  # the same attendance recorded under both forms of the name
            else:
                setattr(row, field, keep)
                row.save(update_fields=[field])
    _learn(keep, gone.name)
    for name in gone.other_names:
        _learn(keep, name)
    match.status = PersonMatch.Status.CONFIRMED
    match.save(update_fields=["status"])
    PersonMatch.objects.filter(Q(person=gone) | Q(candidate=gone)).exclude(pk=match.pk).delete()
    match.person_id = keep.pk  # the match now records the merge into the kept person
    PersonMatch.objects.filter(pk=match.pk).update(person=keep)
    gone.delete()
    return keep


def reject(match: PersonMatch) -> None:
    match.status = PersonMatch.Status.REJECTED
    match.save(update_fields=["status"])
