"""Table layouts as converters leave them, in invented tables."""

from .helpers import tables_of

SIMPLE = """Volunteer hours by district

District\tHours 2022\tHours 2023
Northgate\t1,204\t1,310
Riverside\t860\t902
Total\t2,064\t2,212

The hours rose in both districts.
"""


def test_a_tab_separated_table_has_its_lines_title_headers_and_rows():
    (table,) = tables_of(SIMPLE)
    assert table.lines == (3, 6)
    assert table.title == "Volunteer hours by district"
    assert table.headers == ["District", "Hours 2022", "Hours 2023"]
    assert [r.label for r in table.rows] == ["Northgate", "Riverside", "Total"]
    assert [c.value for c in table.rows[0].cells] == [1204, 1310]
    assert table.rows[2].is_total


def test_a_page_stamp_and_a_repeated_header_inside_a_table_are_not_rows():
    text = """Library visits

Branch\tQ1\tQ2
Eastfield\t300\t320
Page 14
Branch\tQ1\tQ2
Westbrook\t280\t260
Total\t580\t580
"""
    (table,) = tables_of(text)
    assert [r.label for r in table.rows] == ["Eastfield", "Westbrook", "Total"]
    assert table.lines == (3, 8)


def test_a_header_over_two_lines_is_merged_column_by_column():
    text = """Period\tCount\tValue\tArea\t\tRegion
\t\t\t95% Lower CI\t95% Upper CI\t
2021\t120\t35.2\t29.2\t42.1\t30.0
2022\t131\t38.0\t31.8\t45.1\t31.5
"""
    (table,) = tables_of(text)
    assert table.headers == ["Period", "Count", "Value", "95% Lower CI", "95% Upper CI", "Region"]
    assert len(table.rows) == 2


def test_a_group_row_prefixes_the_labels_under_it():
    text = """\tQ1\tQ2
Looked after children\t\t
Aged 0-4\t12\t14
Aged 5-10\t20\t19
"""
    (table,) = tables_of(text)
    assert [r.label for r in table.rows] == [
        "Looked after children Aged 0-4",
        "Looked after children Aged 5-10",
    ]


def test_footnote_marks_dashes_and_not_applicable_are_read():
    text = """Service\t2022\t2023
Meals delivered\t4,410¹\t-
Home visits\tn/a\t(12.5)
"""
    (table,) = tables_of(text)
    assert [c.value for c in table.rows[0].cells] == [4410, None]
    assert [c.value for c in table.rows[1].cells] == [None, -12.5]


def test_html_table_fragments_are_tables():
    text = """Spend by service
<tr><th>Service</th><th>Budget</th><th>Spend</th></tr>
<tr><td>Parks</td><td>£1.200m</td><td>£1.150m</td></tr>
<tr><td>Libraries</td><td>£0.800m</td><td>£0.910m</td></tr>
"""
    (table,) = tables_of(text)
    assert table.headers == ["Service", "Budget", "Spend"]
    assert [(c.value, c.unit) for c in table.rows[1].cells] == [(0.8, "£m"), (0.91, "£m")]
    assert table.unit == "£m"


def test_markdown_pipe_tables_are_tables():
    text = """| Ward | Residents |
|---|---|
| Hillside | 12,400 |
| Marsh End | 9,050 |
"""
    (table,) = tables_of(text)
    assert [r.cells[0].value for r in table.rows] == [12400, 9050]


def test_a_contents_list_and_an_action_plan_are_not_tables_of_figures():
    text = """Contents

Foreword\t2
Our priorities\t5
Finance\t11
Appendices\t19

Action\tLead\tBy when
Review the carers offer\tHead of Commissioning\tMarch
Publish the annual report\tBoard manager\tJune
"""
    assert tables_of(text) == []


def test_a_dashboard_of_tables_under_the_same_columns_is_split_at_each_new_name():
    text = """New referrals\tLast Q4\tQ1\tQ2
Number\t40\t38\t41
% of all\t30%\t29%\t31%

Open cases\tLast Q4\tQ1\tQ2
Number\t105\t106\t110
"""
    first, second = tables_of(text)
    assert first.lines == (1, 3)
    assert second.lines == (5, 6)


def test_two_label_columns_with_blanks_below_make_one_label():
    text = """Service\tActivity\tThis year\tLast year
Clinics\tFirst visits\t120\t100
\tFollow-ups\t340\t300
Outreach\tHome visits\t75\t80
"""
    (table,) = tables_of(text)
    assert [r.label for r in table.rows] == [
        "Clinics: First visits",
        "Clinics: Follow-ups",
        "Outreach: Home visits",
    ]
    assert [c.value for c in table.rows[1].cells] == [340, 300]


def test_a_second_label_that_starts_with_a_number_is_still_a_label():
    text = """Service\tActivity\tThis week\tTarget
Screening\t6 week checks\t91%\t95%
\tRecalls\t88%\t95%
Therapies\tFirst contacts\t102%\t100%
"""
    (table,) = tables_of(text)
    assert [r.label for r in table.rows] == [
        "Screening: 6 week checks",
        "Screening: Recalls",
        "Therapies: First contacts",
    ]
    assert [c.value for c in table.rows[0].cells] == [91, 95]


def test_a_column_of_figures_with_words_after_them_is_cells_not_labels():
    text = """Area\tGap\tRank
North\t7.5 years\t3
\t\t
South\t9.1 years\t1
"""
    (table,) = tables_of(text)
    assert [r.label for r in table.rows] == ["North", "South"]
    assert [c.value for c in table.rows[0].cells] == [7.5, 3]


def test_a_row_of_figures_under_years_from_the_first_column_has_no_label_column():
    text = """Residents who feel safe in their neighbourhood (%)

2019/20\t2020/21\t2021/22\tTarget
71.5\t73\t74.2\t75
"""
    (table,) = tables_of(text)
    (row,) = table.rows
    assert [c.value for c in row.cells] == [71.5, 73, 74.2, 75]
    assert row.label == "Residents who feel safe in their neighbourhood (%)"
    assert [table.header(j) for j in range(4)] == ["2019/20", "2020/21", "2021/22", "Target"]


def test_years_down_the_first_column_are_labels():
    text = """Year\tReferrals\tAssessments
2021\t410\t380
2022\t455\t401
"""
    (table,) = tables_of(text)
    assert [r.label for r in table.rows] == ["2021", "2022"]
    assert [c.value for c in table.rows[0].cells] == [410, 380]


WIDE_SHEET = """Scheme\tType\tPlanned\tActual\tUnits
Night sitting\tHome care\t£40,000\t£38,500\t1,200
Falls response\tCommunity\t£25,000\t£21,000\t300

{gap}

Winter beds\tResidential\t£60,000\t£64,200\t12
"""


def test_a_wide_sheet_continues_under_a_short_heading_of_its_own():
    (table,) = tables_of(WIDE_SHEET.format(gap="Schemes added during the year"))
    assert [r.label for r in table.rows] == ["Night sitting", "Falls response", "Winter beds"]
    assert table.rows[-1].cells[2].value == 64200


def test_a_sentence_between_two_runs_of_rows_ends_the_table():
    tables = tables_of(WIDE_SHEET.format(gap="The schemes below were added after the plan was agreed."))
    assert [r.label for r in tables[0].rows] == ["Night sitting", "Falls response"]


def test_an_identifier_column_is_kept_among_the_cells():
    text = """Scheme ID\tScheme Name\tCost
1\tHandyperson service\t£40,000
2\tFalls response\t£75,500
"""
    (table,) = tables_of(text)
    assert [c.raw for c in table.rows[0].cells] == ["1", "Handyperson service", "£40,000"]
    assert table.header(2) == "Cost"


def test_the_same_caption_and_columns_printed_again_continue_one_table():
    text = """## Reviews open per quarter

\tQ1\tQ2
Reviews open\t2\t3

## Reviews open per quarter

\tQ1\tQ2
Escalations\t0\t1
"""
    (table,) = tables_of(text)
    assert [r.label for r in table.rows] == ["Reviews open", "Escalations"]


def test_a_checklist_of_yes_and_no_is_a_table():
    text = """\tComplete:
1. Cover\tYes
2. Income\tYes
3. Expenditure\tNo
4. Metrics\tYes
"""
    (table,) = tables_of(text)
    assert len(table.rows) == 4


def test_a_whole_html_table_on_one_line_gives_one_row_per_tr():
    text = (
        "<table><tr><th>Ward</th><th>Visits</th></tr><tr><td>Oakley</td><td>1,020<sup>1</sup></td></tr>"
        "<tr><td>Fenwick</td><td>980</td></tr></table>\n"
    )
    (table,) = tables_of(text)
    assert table.headers == ["Ward", "Visits"]
    assert [(r.line, r.label, r.cells[0].value) for r in table.rows] == [
        (1, "Oakley", 1020),
        (1, "Fenwick", 980),
    ]


def test_a_row_label_wrapped_onto_its_own_line_stays_in_the_table():
    text = """Measure\tQ1\tQ2
Children seen within
four weeks\t80\t85
Children waiting\t12\t9
"""
    (table,) = tables_of(text)
    assert [r.label for r in table.rows] == ["Children seen within four weeks", "Children waiting"]
    assert table.lines == (1, 4)


def test_a_contents_page_laid_out_in_two_columns_is_not_a_table():
    text = """CONTENTS

Foreword\t3\tOur partners\t9
Priorities\t5\tFinance\t14
"""
    assert tables_of(text) == []


def test_a_telephone_number_is_not_a_figure():
    text = """Completed by:\tA. Officer
Contact number:\t01632 960123
Date:\t12/05/2031
"""
    assert tables_of(text) == []


def test_cells_holding_two_counts_make_a_row_of_figures_not_a_header():
    text = """\tQ1\tQ2
Episodes started (children involved)\t225 (115)\t306 (128)
"""
    (table,) = tables_of(text)
    assert [r.label for r in table.rows] == ["Episodes started (children involved)"]
    assert [c.value for c in table.rows[0].cells] == [None, None]
