"""Which stored tables are drawn as an indicator's chart, and the SVG the site's policy allows."""

from minutebook.figurechecks.charts import chart_of, draw, without_styles


def row(label, *values):
    return {"line": 1, "label": label, "cells": [{"raw": str(v), "value": v} for v in values]}


def test_an_indicator_by_period_has_its_interval_and_the_benchmarks_beside_it():
    headers = ["Year", "Count", "Value", "Lower CI", "Upper CI", "North West", "England"]
    chart = chart_of("Smoking at delivery", "%", headers, [row("2021", 40, 9.1, 6.8, 12.1, 8.2, 9.6), row("2022", 35, 8.0, 5.8, 10.9, 7.9, 8.8)])
    assert [s.name for s in chart.series] == ["Value", "North West", "England"]
    assert chart.rows()[1] == {
        "period": "2022",
        "cells": [{"value": 8.0, "lower": 5.8, "upper": 10.9}, {"value": 7.9, "lower": None, "upper": None},
                  {"value": 8.8, "lower": None, "upper": None}],
        "shown_at": [],
    }


def test_a_breakdown_by_quarter_is_not_an_indicator():
    headers = ["Quarter", "Met", "Partly met", "Not met"]
    assert chart_of("Outcomes", "", headers, [row("Q1", 30, 20, 5), row("Q2", 28, 25, 4)]) is None


def test_series_printed_one_a_row_are_drawn_as_lines_by_their_period():
    headers = ["Area", "Period", "Value"]
    rows = [row("England", "2019/20", 68.8), row("Shire", "2019/20", 70.2), row("England", "2020/21", 69.9), row("Shire", "2020/21", 71.0)]
    for r in rows:
        r["cells"][0]["value"] = None
    chart = chart_of("Feel safe", "%", headers, rows)
    assert chart.periods == ["2019/20", "2020/21"]
    assert {s.name: s.values for s in chart.series} == {"England": [68.8, 69.9], "Shire": [70.2, 71.0]}


def test_the_svg_has_no_inline_style_and_keeps_its_look_as_attributes():
    assert without_styles('<svg a="1"><style>*{x: y}</style><path style="fill: #fff; stroke: none"/></svg>') == (
        '<svg stroke-linejoin="round" stroke-linecap="butt" a="1"><path fill="#fff" stroke="none"/></svg>'
    )
    chart = chart_of("Rate", "", ["Period", "Value", "England"], [row("2020", 5.0, 4.0), row("2021", 6.0, 4.5)])
    svg = draw(chart)
    assert "style" not in svg and svg.count("<path") > 4
