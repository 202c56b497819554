"""Each kind of flag, raised on an invented table or sentence, and the checks that must stay quiet."""

from minutebook.figures import check_figures

from .helpers import document, flags_of


def test_a_row_total_that_does_not_add_up_is_flagged_on_its_row():
    text = """Course attendance

Agency\tHalf day\tFull day\tTwo days\tTotal
Housing\t4\t6\t1\t11
Police\t3\t2\t2\t7
Fire service\t1\t5\t0\t9
Schools\t10\t2\t3\t15
"""
    (flag,) = flags_of(text, "sum")
    assert flag.lines == [6]
    assert (flag.computed, flag.printed) == (6, 9)
    assert "1 + 5 + 0 = 6" in flag.description


def test_a_total_row_against_the_rows_above_it():
    text = """Agency\tReferrals
Health\t120
Police\t85
Education\t60
Total\t275
"""
    (flag,) = flags_of(text, "sum")
    assert (flag.computed, flag.printed) == (265, 275)
    assert flag.lines == [2, 3, 4, 5]


def test_sub_totals_and_a_grand_total_are_each_checked_against_their_own_parts():
    text = """Fund\tAmount
Grant A\t£100
Grant B\t£50
Sub Total\t£150
Levy C\t£20
Levy D\t£30
Sub Total\t£50
Grand Total\t£210
"""
    (flag,) = flags_of(text, "sum")
    assert 8 in flag.lines and (flag.computed, flag.printed) == (200, 210)


def test_a_list_headed_by_its_whole_is_checked_against_its_parts():
    text = """Registered patients\t500,120
North locality\t120,000
South locality\t180,300
Central locality\t199,500
"""
    (flag,) = flags_of(text, "sum")
    assert flag.computed == 499_800 and flag.printed == 500_120


def test_a_percentage_column_against_its_count_and_the_total_row():
    text = """Sector\tTrained\t%
Schools\t50\t50%
Nurseries\t30\t30%
Charities\t20\t25%
Total\t100\t
"""
    (flag,) = flags_of(text, "percent_of")
    assert flag.lines == [4, 5]
    assert flag.printed == 25 and round(flag.computed) == 20


def test_shares_of_a_printed_total_are_checked_against_it():
    text = """Total pupils\t10,000
Pupils with a plan\t420 (4.5%)
Pupils with support\t1,300 (13%)
"""
    (flag,) = flags_of(text, "percent_of")
    assert flag.lines == [1, 2]
    assert flag.description == "Pupils with a plan: 420 of 10,000 is 4.2%, printed 4.5%"


def test_count_and_share_cells_are_shares_of_their_row_when_the_rows_add_to_100():
    text = """\tMet\tPartly met\tNot met
Q1\t50 (50%)\t30 (30%)\t20 (20%)
Q2\t60 (40%)\t60 (40%)\t30 (20%)
Q3\t10 (10%)\t70 (60%)\t20 (20%)
"""
    flags = flags_of(text)
    assert {(f.kind, tuple(f.lines)) for f in flags} == {("percent_of", (4,)), ("sum", (4,))}
    share = next(f for f in flags if f.kind == "percent_of")
    assert share.printed == 60 and round(share.computed) == 70


def test_a_percentage_after_two_counts_is_the_first_count_of_the_second():
    text = """Partner\tSessions attended\tSessions expected\t% attended
Housing\t6\t6\t100
Police\t3\t6\t50
Schools\t2\t8\t75
Voluntary sector\t0\t6\t0
"""
    (flag,) = flags_of(text, "percent_of")
    assert flag.lines == [4]
    assert flag.printed == 75 and flag.computed == 25
    assert "2 of 8 is 25.0%" in flag.description


def test_a_percentage_after_two_unrelated_counts_raises_nothing():
    text = """Ward\tHomes\tResidents\t% satisfied
North\t1,200\t2,900\t81
South\t950\t2,100\t77
East\t1,430\t3,300\t84
"""
    assert flags_of(text, "percent_of") == []


def test_a_reading_that_mostly_fails_is_a_misreading_and_raises_nothing():
    # The "total" column is a running total, not the sum of the columns before it.
    text = """Month\tNew\tClosed\tTotal
April\t10\t4\t50
May\t12\t6\t56
June\t9\t11\t54
"""
    assert flags_of(text) == []


def test_a_stock_row_is_not_added_across_periods():
    text = """\tQ1\tQ2\tYear Total
Cases received\t40\t50\t90
Cases open at the end of the quarter\t100\t120\t120
"""
    assert flags_of(text) == []


def test_a_change_quoted_in_the_text_is_re_derived():
    text = "Referrals rose from 503 in 2019/20 to 840 in 2020/21, an increase of 40%.\n"
    (flag,) = flags_of(text, "pct_change")
    assert flag.description == "Printed 40%; 503 → 840 is +67%"
    assert flag.lines == [1]


def test_a_change_given_against_its_base_after_the_new_figure():
    text = "The team answered 1048 calls in 2021; an increase of 57% on the 605 calls in 2020.\n"
    (flag,) = flags_of(text, "pct_change")
    assert round(flag.computed) == 73


def test_changes_that_hold_or_cannot_be_re_derived_are_not_flagged():
    text = (
        "Vacancies increased by 47% from 38 in 2015 to 56 in 2016.\n"
        "Satisfaction fell from 54% to 51%, a fall of 6%.\n"
        "Attendance grew by 12% over the year.\n"
    )
    assert flags_of(text) == []


def test_each_change_pairs_with_the_counts_beside_it():
    text = (
        "Staff reduced by 7% from 1029 to 953, an 18.9% reduction when measured in full-time equivalents.\n"
    )
    assert flags_of(text) == []


def test_a_number_grouped_in_fours_cannot_be_read():
    (flag,) = flags_of("Average earnings were £30,2713, up on last year.\n", "format")
    assert flag.printed == "£30,2713"


def test_an_incomplete_template_sheet_is_flagged():
    text = """Better Care Fund Template

\tComplete:
1. Cover\tYes
2. Income\tYes
3. Expenditure\tNo
4. Metrics\tYes
"""
    (flag,) = flags_of(text, "bcf_rule")
    assert flag.lines == [6]


BALANCES = """Better Care Fund 2030-31 Template

Running Balances\tIncome\tExpenditure\tBalance
DFG\t£1,000\t£1,000\t£0
iBCF\t£2,000\t£2,000\t£0
Additional LA Contribution\t£3,000\t£3,000\t£0
Total\t£6,000\t£6,000\t£0

Scheme ID\tScheme Name\tSource of Funding\tExpenditure 30/31 (£)
1\tAdaptations\tDFG\t£1,000
2\tReablement\tiBCF\t£1,500
3\tNight sitting\tiBCF\t£500
4\tCarers\tAdditional LA Contribution\t£2,990
"""


def test_scheme_lines_by_source_of_funding_against_the_running_balances():
    flags = flags_of(BALANCES, "sum")
    assert {f.lines[0] for f in flags} == {6, 7}
    by_source = next(f for f in flags if f.lines[0] == 6)
    assert (by_source.computed, by_source.printed) == (2990, 3000)
    assert 13 in by_source.lines


def test_actual_spend_against_actual_income_at_year_end():
    text = """Better Care Fund End of Year Template

Funding\tPlanned\tActual
Total BCF Pooled Fund\t£5,000\t£5,400

Expenditure
Plan\t£5,000
Actual\t£4,100
"""
    (flag,) = flags_of(text, "bcf_rule")
    assert flag.lines == [4, 8]
    assert (flag.computed, flag.printed) == (4100, 5400)


def test_template_rules_apply_only_to_better_care_fund_templates():
    assert flags_of(BALANCES.replace("Better Care Fund", "Capital"), "bcf_rule") == []


INDICATOR = """Hospital admissions for self-harm rate per 100,000

Crude rate - per 100,000

Recent trend: Increasing

Period\tCount\tValue\tArea\t\tEngland
\t\t\t95% Lower CI\t95% Upper CI\t
2017\t300\t100.0\t89.0\t111.9\t95.0
2018\t310\t103.3\t92.1\t115.5\t95.0
2019\t305\t101.7\t90.6\t113.7\t95.0
2020\t298\t99.3\t88.4\t111.2\t95.0
2021\t302\t100.7\t80.0\t112.7\t95.0
"""


def test_confidence_limits_are_re_derived_by_byars_method():
    flags = flags_of(INDICATOR, "ci_byar")
    assert [(f.lines, f.printed) for f in flags] == [([13], 80.0)]
    assert "Byar's method" in flags[0].description


def test_a_printed_trend_is_set_against_the_test_for_trend():
    (flag,) = flags_of(INDICATOR, "trend")
    assert (flag.computed, flag.printed) == ("no significant change", "increasing")


def test_a_directly_standardised_rate_is_not_re_derived():
    text = INDICATOR.replace("Crude rate", "Directly standardised rate")
    assert flags_of(text, "ci_byar") == []


def test_proportion_limits_are_re_derived_by_wilson():
    text = """Adults who are physically active (%)

Period\tCount\tValue\tLower CI\tUpper CI
2022\t65\t65.0\t55.3\t73.6
2023\t70\t70.0\t50.0\t78.2
"""
    flags = flags_of(text, "ci_wilson")
    assert [(f.lines, f.printed) for f in flags] == [([5], 50.0)]


def test_a_printed_comparison_with_england_is_checked_against_the_interval():
    text = """Smoking prevalence rate per 100,000

Period\tCount\tValue\tLower CI\tUpper CI\tEngland\tCompared with England
2022\t400\t1,000\t905\t1,103\t900\tSimilar
"""
    (flag,) = flags_of(text, "significance")
    assert (flag.computed, flag.printed) == ("higher", "similar")


def test_the_record_counts_every_check_and_prints_lines_with_each_flag():
    record = check_figures(document(BALANCES, "balances.txt"))
    data = record.as_json()
    assert data["source"] == "balances.txt" and data["format"] == "minutebook-figures/1"
    assert data["checked"] > len(data["flags"]) > 0
    assert all(flag["lines"] and flag["description"] for flag in data["flags"])
    assert [t["lines"] for t in data["tables"]] == [[3, 7], [9, 13]]


RETURN = """Better Care Fund End of Year Template - Discharge Fund

Scheme Name\tPlanned Expenditure\tActual Expenditure\tActual Number of Packages\tUnit of Measure\tDid you make any changes to planned spending?\tNotes
Night sitting\t£10,000\t£10,000\t40\tPackages\tNo\t
Home from hospital\t£20,000\t£12,500\t25\tPackages\tNo\t
Weekend discharge team\t£8,000\t£3,000\t0\tHours of care\tYes\tStaff could not be recruited
Staff incentives\t£5,000\t£5,000\t1,200\tnumber of staff\tNo\t1,200 hours paid at overtime rates
"""


def test_a_return_that_says_no_change_but_spends_differently_is_flagged():
    (flag,) = [f for f in flags_of(RETURN, "consistency") if "'No'" in f.description]
    assert flag.lines == [5]


def test_spend_with_nothing_delivered_is_flagged():
    (flag,) = [f for f in flags_of(RETURN, "consistency") if "0 units" in f.description]
    assert flag.lines == [6]


def test_a_delivered_figure_given_in_two_units_is_flagged():
    (flag,) = flags_of(RETURN, "unit")
    assert flag.lines == [7] and flag.printed == "1,200 number of staff"


def test_a_rate_printed_with_its_numerator_and_denominator_is_re_derived():
    text = """Admissions to care homes, per 100,000 population (65+)

\t\t2030-31 Actual\t2031-32 Plan
Admissions\tAnnual Rate\t810.5\t700.0
\tNumerator\t409\t360
\tDenominator\t50,463\t51,541
"""
    (flag,) = flags_of(text, "rate")
    assert flag.lines == [4, 5, 6] and flag.printed == 700.0 and round(flag.computed, 1) == 698.5


def test_a_standardised_rate_is_not_set_against_its_crude_ratio():
    text = """Falls admissions, directly age standardised rate per 100,000

\t\t2030-31 Actual
Falls\tIndicator value\t2,142.5
\tCount\t1,135
\tPopulation\t50,439
"""
    assert flags_of(text, "rate") == []


def test_shares_of_a_whole_split_in_a_sentence_are_checked_against_their_sum():
    text = "Of the indicators, 14 (54%) improved, 3 (21%) stayed the same and 9 (35%) declined.\n"
    assert flags_of(text) == []  # 54 + 21 + 35 is not 100: the whole is not known
    text = "Of the indicators, 14 (54%) improved, 3 (15%) stayed the same and 9 (31%) declined.\n"
    flags = flags_of(text, "percent_of")
    assert [(f.printed, round(f.computed, 1)) for f in flags] == [(15, 11.5), (31, 34.6)]
    assert flags[0].description == "Printed 15%; 3 of the 26 in all is 11.5%"


def test_a_part_of_the_whole_the_sentence_before_printed_is_checked_against_it():
    text = (
        "Requests for home adaptations rose by 8% on last year to 2,400 in 2031/32. "
        "Of these, 300 (20%) were still waiting at the year end.\n"
    )
    (flag,) = flags_of(text, "percent_of")
    assert (flag.printed, round(flag.computed, 1), flag.confidence) == (20, 12.5, "medium")
    assert flag.description == "Printed 20%; 300 of the 2,400 in all is 12.5%"
    right = text.replace("(20%)", "(12.5%)")
    assert flags_of(right, "percent_of") == []
    # Two counts before "these": which one is the whole is a guess, so nothing is said.
    two = "We heard from 40 schools and 2,400 families in 2031. Of these, 300 (20%) replied twice.\n"
    assert flags_of(two, "percent_of") == []
    # A part larger than the whole is not a share of it.
    assert flags_of("The panel met 12 times in 2031. Of these 300 (20%) were online.\n", "percent_of") == []
    # Only a sentence that opens with it: "of these" later in a sentence may point anywhere.
    later = "Requests rose to 2,400 in 2031. The panel said that of these 300 (20%) waited.\n"
    assert flags_of(later, "percent_of") == []


def test_with_the_denominator_printed_the_value_and_limits_follow_from_it_exactly():
    text = """Pupils achieving the expected standard (%)

Period\tCount\tDenominator\tValue\tLower CI\tUpper CI
2030\t65\t100\t65.0\t55.3\t73.6
2031\t70\t100\t72.0\t60.4\t78.1
"""
    (value,) = flags_of(text, "percent_of")
    assert value.lines == [5] and (round(value.computed, 1), value.printed) == (70.0, 72.0)
    assert flags_of(text, "ci_wilson") == []


def test_a_change_between_rounded_figures_holds_anywhere_their_rounding_allows():
    # £5.2m -> £6.1m is 17.3% as printed, but 5.24 -> 6.06 (which print the same) is 15.6%.
    assert flags_of("Spend rose from £5.2m in 2030 to £6.1m in 2031, an increase of 16%.\n") == []
    (flag,) = flags_of("Spend rose from £5.2m in 2030 to £6.1m in 2031, an increase of 25%.\n", "pct_change")
    assert flag.printed == 25


def test_a_total_printed_before_its_parts_is_checked_against_them():
    text = """Ward\tTotal\tMale\tFemale
Abbey\t1,200\t590\t610
Bridge\t980\t500\t480
Castle\t1,500\t700\t780
"""
    (flag,) = flags_of(text, "sum")
    assert flag.lines == [4] and (flag.computed, flag.printed) == (1480, 1500)


def test_a_grand_total_over_a_sub_total_and_the_rows_after_it_holds():
    text = """Item\t2030\t2031
Staff\t100\t110
Premises\t50\t55
Sub total\t150\t165
Grants\t30\t35
Total\t180\t200
"""
    assert flags_of(text) == []


def test_discrepancies_in_a_table_with_damaged_text_are_marked_as_possible_misreadings():
    text = """Organisation\tAttended\tExpected
Council\t5\t6
College\t4\tМ
Hospital\t3\t6
Total\t14\t18
"""
    flags = flags_of(text)
    damage = next(f for f in flags if f.kind == "format")
    assert damage.lines == [3] and damage.confidence == "low" and "extracting the text" in damage.note
    total = next(f for f in flags if f.kind == "sum")
    assert total.computed == 12 and total.confidence == "low"


def test_a_scheme_line_shifted_by_a_field_is_read_at_the_shift_that_finds_its_source():
    shifted = BALANCES.replace("3\tNight sitting\tiBCF\t£500", "3\tNight sitting\t\tiBCF\t£500")
    flags = flags_of(shifted, "sum")
    assert {f.lines[0] for f in flags} == {6, 7}  # the same two as when it is not shifted


def test_scheme_lines_whose_source_cannot_be_found_give_no_sums():
    unknown = BALANCES.replace("3\tNight sitting\tiBCF\t£500", "3\tNight sitting\tLottery grant\t£500")
    assert flags_of(unknown, "sum") == []


def test_parts_all_rounded_to_the_hundred_may_miss_their_total_by_their_rounding():
    text = """Resident population\t412,300
Northern district\t120,100
Central district\t181,900
Southern district\t110,200
"""
    assert flags_of(text) == []  # 412,200: within three roundings to the hundred


def test_a_percentage_column_without_a_total_is_a_share_of_the_column_when_it_adds_to_100():
    text = """Reason\tNumber\t%
Moved away\t50\t50%
Care ended\t20\t20%
Transferred\t20\t25%
Other\t10\t5%
"""
    flags = flags_of(text, "percent_of")
    assert [(f.lines, f.printed) for f in flags] == [([4], 25), ([5], 5)]
    assert flags_of(text.replace("10\t5%", "10\t15%"), "percent_of") == []  # adds to 110: base unknown


def test_a_multiple_stated_in_words_is_set_against_its_counts():
    assert flags_of("Reports of scams more than doubled, from 11 in 2030 to 23 in 2031.\n") == []
    assert flags_of("Referrals almost doubled, from 13 in 2030 to 25 in 2031.\n") == []
    (flag,) = flags_of("Referrals almost doubled, from 3 in 2030 to 7 in 2031.\n", "ratio")
    assert flag.description == "Printed 'almost doubled'; 3 → 7 is 2.33 times"


QUARTERS = """Concerns raised by type (cumulative)

Type of concern\tPrev Q4\tQ1\tQ2\tQ3\tQ4
Falls\t40\t12\t25\t33\t41
Missed medication\t9\t5\t9\t14\t17
Missed visits\t12\t4\t8\t15\t21
Medication errors\t5\t1\t4\t9\t14

{comment}
"""


def test_commentary_that_a_row_doubled_since_the_earlier_column_is_read_from_the_table():
    comment = "Missed visits and medication errors have both almost doubled compared with the previous Q4."
    (flag,) = flags_of(QUARTERS.format(comment=comment), "ratio")
    assert flag.lines == [7, 9]  # the row, and the sentence under the table
    assert round(flag.computed, 2) == 2.8  # 5 -> 14; missed visits, 12 -> 21, is 1.75: almost doubled
    assert "Medication errors" in flag.description
    # "Missed medication" is not named by "missed visits"; the longer label is read first
    comment = "Missed medication has almost doubled since the last Q4."
    assert flags_of(QUARTERS.format(comment=comment), "ratio") == []  # 9 -> 17


def test_commentary_without_an_earlier_period_or_a_table_without_one_raises_nothing():
    no_period = "Medication errors have almost doubled."
    assert flags_of(QUARTERS.format(comment=no_period), "ratio") == []
    no_column = QUARTERS.replace("Prev Q4", "Q0").format(
        comment="Medication errors have almost doubled on the previous quarter."
    )
    assert flags_of(no_column, "ratio") == []
