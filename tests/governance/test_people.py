"""A council's known people, indexed by the forms of their names, give the fits a look at every person gave.

``KnownPeople`` lets a printed name be fitted against only the people whose surname is within a slip of its own.
These tests hold it to the plain reading it replaced: every person in order, every form of their name.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from minutebook.governance.models import Person
from minutebook.governance.people import SLIP, KnownPeople, _fit, _forms, parse_name

# Surnames a letter or two apart, so slips (and near misses) are common.
SURNAMES = ["Lucas", "Lukas", "Lucas-Hart", "Kumar", "Kumarr", "Brennan", "Brenan", "Okafor", "Okafur", "Li"]
GIVEN = ["Ann", "Anne", "A", "Sudesh", "Sudhesh", "S", "Mary", "M", ""]


def a_name():
    return st.builds(lambda g, s: f"{g} {s}".strip(), st.sampled_from(GIVEN), st.sampled_from(SURNAMES))


people = st.lists(
    st.builds(
        lambda name, others: Person(name=name, other_names=others), a_name(), st.lists(a_name(), max_size=2)
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(people, a_name())
def test_the_people_near_a_name_are_those_with_a_fit_in_order(known, printed):
    index = KnownPeople(known)
    parts = parse_name(printed)
    near = index.near(parts.surname)
    within = [
        p
        for p in known
        if any(fuzz.ratio(parts.surname.lower(), f.surname.lower()) >= SLIP for f in _forms(p))
    ]
    assert [id(p) for p in near] == [id(p) for p in within]
    for person in known:  # nobody left out could have fitted
        if all(person is not p for p in near):
            assert not any(_fit(parts, form) for form in _forms(person))
    exact = next((p for p in known if p.name == printed or printed in p.other_names), None)
    assert index.named(printed) is exact


def test_the_index_follows_people_added_and_names_learnt():
    lucas = Person(name="Ann Lucas")
    index = KnownPeople([lucas])
    assert index.near("Kumar") == [] and index.named("Ann Lucas") is lucas
    kumar = Person(name="Sudesh Kumar")
    index.add(kumar)
    assert index.near("Kumarr") == [kumar]
    lucas.other_names = ["Ann Lucas-Hart"]
    index.changed()
    assert index.named("Ann Lucas-Hart") is lucas and index.near("Lucas-Hart") == [lucas]


@pytest.mark.django_db
def test_a_councils_people_are_its_members_attendees_and_declarers_only():
    from django.utils import timezone

    from minutebook.governance import models
    from minutebook.governance.people import _council_people, people_of

    def council_with_a_meeting(name):
        council = models.Organisation.objects.create(name=name)
        body = models.Body.objects.create(organisation=council, name="Board", slug=f"board-{council.pk}")
        return council, body, models.Meeting.objects.create(body=body, start=timezone.now())

    home, board, meeting = council_with_a_meeting("Ashcombe City Council")
    away, away_board, away_meeting = council_with_a_meeting("Bramley District Council")
    member, attendee, declarer, elsewhere = (
        Person.objects.create(name=n) for n in ("Ann Lucas", "Ben Cole", "Cara Diaz", "Dev Patel")
    )
    models.Membership.objects.create(person=member, body=board)
    models.Attendance.objects.create(person=member, meeting=meeting)  # two ways: listed once
    models.Attendance.objects.create(person=attendee, meeting=meeting)
    models.Declaration.objects.create(person=declarer, meeting=meeting, text="A pecuniary interest")
    models.Attendance.objects.create(person=elsewhere, meeting=away_meeting)
    assert list(people_of(home)) == [member, attendee, declarer]  # by name
    assert [p.pk for p in _council_people.all(council=home.pk)] == [member.pk, attendee.pk, declarer.pk]
    assert list(people_of(away)) == [elsewhere]
