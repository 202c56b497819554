"""Statements compiled once and run with the values of each call, prepared or not on PostgreSQL."""

import datetime

import pytest
from django.db import connection
from django.db.models import BigIntegerField, F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minutebook.governance.models import Body, Meeting, Organisation
from minutebook.sql.statements import AnyOf, Given, Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings():
    council = Organisation.objects.create(name="Testshire County Council", kind=Organisation.Kind.COUNCIL)
    board = Body.objects.create(organisation=council, name="Testshire Health and Wellbeing Board")
    start = timezone.make_aware(datetime.datetime(2025, 1, 15, 14))
    return [
        Meeting.objects.create(body=board, start=start + datetime.timedelta(days=28 * n)) for n in range(4)
    ]


later_than = Statement(
    lambda: Meeting.objects.filter(pk__gt=Given("after", BigIntegerField())).order_by("pk").values_list("pk")
)
among = Statement(
    lambda: Meeting.objects.filter(AnyOf(F("pk"))).order_by("pk").values_list("pk", "body_id"), named=True
)


def test_each_run_takes_its_own_values(meetings):
    first, second, third, fourth = (m.pk for m in meetings)
    assert later_than.rows(after=second) == [(third,), (fourth,)]
    assert later_than.rows(after=fourth) == []
    assert [row.pk for row in among.rows([fourth, first])] == [first, fourth]
    assert among.rows([second])[0].body_id == meetings[1].body_id
    assert among.rows([]) == []  # no values: no rows, and no query


@pytest.mark.parametrize("prepare", [True, False])
def test_postgresql_prepares_each_statement_once_a_session_unless_told_not_to(meetings, settings, prepare):
    if connection.vendor != "postgresql":
        pytest.skip("PREPARE is PostgreSQL's; SQLite runs the compiled SQL as it is")
    settings.MINUTEBOOK_PG_PREPARE = prepare
    ids = [m.pk for m in meetings]
    statement = Statement(lambda: Meeting.objects.filter(AnyOf(F("pk"))).order_by("pk").values_list("pk"))
    with CaptureQueriesContext(connection) as seen:
        answers = [statement.rows(ids[:2]), statement.rows(ids[2:])]
    assert answers == [[(ids[0],), (ids[1],)], [(ids[2],), (ids[3],)]]
    sql = [q["sql"].lstrip().split()[0].upper() for q in seen.captured_queries]
    assert sql == (["PREPARE", "EXECUTE", "EXECUTE"] if prepare else ["SELECT", "SELECT"])
