"""A group broken down in one table against the whole another table prints for it; invented dashboards."""

from minutebook.figures.breakdowns import same_group

from .helpers import flags_of, tables_of

WHOLES = """Open referrals at month end

Team\tApril\tMay\tJune
Youth Offending (Custody or Remand)\t40\t52\t61
Family Support\t300\t310\t295

"""

BANDS = """## Open referrals by age

\tApril\tMay\tJune
<b>YO (Custody or Remand)</b>\t\t\t
Aged 10-13\t10\t12\t15
Aged 14-15\t18\t20\t24
Aged 16-17\t12\t{may}\t22
<b>Family Support</b>\t\t\t
Under 5\t100\t110\t95
5 and over\t200\t200\t200
"""


def test_bands_that_miss_the_whole_printed_elsewhere_are_flagged_in_that_column_only():
    (flag,) = flags_of(WHOLES + BANDS.format(may=30), "sum")
    assert (flag.computed, flag.printed) == (62, 52)
    assert "May" in flag.description and "YO (Custody or Remand)" in flag.description
    assert flag.lines == [4, 11, 12, 13]


def test_bands_that_add_up_raise_nothing():
    assert flags_of(WHOLES + BANDS.format(may=20), "sum") == []


def test_a_column_with_a_band_left_blank_is_not_compared():
    text = WHOLES + BANDS.format(may="-").replace("Aged 14-15\t18\t20\t24", "Aged 14-15\t18\t20\t99")
    # June no longer adds up (10... 15 + 99 + 22 = 136, not 61); May has a blank band and is skipped; April
    # holds. One holds, one fails: the fail is flagged, and nothing is said of May.
    (flag,) = flags_of(text, "sum")
    assert "June" in flag.description


def test_a_pairing_that_mostly_fails_is_a_misreading_and_stays_quiet():
    wrong = WHOLES.replace("\t40\t52\t61", "\t4\t5\t6")
    assert flags_of(wrong + BANDS.format(may=20), "sum") == []


def test_shares_are_not_added_up_as_bands():
    text = WHOLES + BANDS.format(may=20).replace(
        "## Open referrals by age", "## Percentage of referrals by age"
    )
    text = text.replace("\t10\t12\t15", "\t10%\t12%\t15%").replace("\t18\t20\t24", "\t18%\t20%\t24%")
    text = text.replace("\t12\t20\t22", "\t12%\t20%\t22%").replace("\t100\t110\t95", "\t1%\t1%\t1%")
    text = text.replace("\t200\t200\t200", "\t2%\t2%\t2%")
    assert flags_of(text, "sum") == []


def test_groups_are_named_alike_by_words_plurals_and_initials():
    assert same_group("CIN* (Abuse or Neglect)", "Children In Need (Abuse or Neglect)")
    assert same_group("Child Protection Plans (Neglect)", "Child Protection Plan (Neglect)")
    assert not same_group("CIN (Abuse or Neglect)", "Children In Need")
    assert not same_group("Care Plans", "Child Poverty")
    assert not same_group("CP", "Care Plans (Reviewed)")


def test_a_caption_printed_again_over_a_grouped_breakdown_starts_a_new_table():
    text = """## Removals from home

\tQ1\tQ2
Care orders made\t5\t7

## Removals from home

\tQ1\tQ2
<b>Care orders</b>\t\t
Aged 0-4\t2\t3
Aged 5+\t3\t4
"""
    first, second = tables_of(text)
    assert [row.label for row in first.rows] == ["Care orders made"]
    assert [row.group for row in second.rows] == ["Care orders", "Care orders"]


def test_a_caption_printed_again_over_rows_like_the_first_continues_the_table():
    text = """## Reviews open this quarter

\tQ1\tQ2
Reviews open\t1\t2

## Reviews open this quarter

\tQ1\tQ2
Reviews escalated\t0\t1
"""
    (table,) = tables_of(text)
    assert [row.label for row in table.rows] == ["Reviews open", "Reviews escalated"]
