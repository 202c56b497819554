"""Cells as UK council and public-health tables print them."""

import pytest

from minutebook.figures.numbers import read_cell, rounds_to


@pytest.mark.parametrize(
    ("raw", "value", "unit"),
    [
        ("3,332", 3332, None),
        ("£23.877m", 23.877, "£m"),
        ("£1,292,552", 1292552, "£"),
        ("17%", 17, "%"),
        ("12.5 %", 12.5, "%"),
        ("(12.5)", -12.5, None),
        ("(£4,100)", -4100, "£"),
        ("-3", -3, None),
        ("1,079¹", 1079, None),
        ("64*", 64, None),
        ("<b>244</b>", 244, None),
        ("16.9 years", 16.9, None),
        ("61.1 (males)", 61.1, None),
    ],
)
def test_printed_numbers_are_read_without_scaling(raw, value, unit):
    cell = read_cell(raw)
    assert (cell.value, cell.unit) == (value, unit)


@pytest.mark.parametrize(
    "raw",
    [
        "-",
        "–",
        "n/a",
        "N/A",
        "",
        "*",
        "Not received",
        "100% by October",
        "%6",
        "2016/17 Target",
        "01632 960123",
    ],
)
def test_cells_without_a_usable_figure_have_no_value(raw):
    assert read_cell(raw).value is None


def test_a_count_with_its_share_keeps_both():
    cell = read_cell("37 (29%)")
    assert (cell.value, cell.percent, cell.unit) == (37, 29.0, None)


def test_a_percentage_with_last_years_in_brackets_keeps_both():
    cell = read_cell("48.8% (44.4%)")
    assert (cell.value, cell.previous, cell.unit) == (48.8, 44.4, "%")


def test_rounding_half_up_or_cut_short_both_hold():
    assert rounds_to(30.45, 30.5, 1)  # half up
    assert rounds_to(30.45, 30.4, 1)  # cut short
    assert rounds_to(66.6, 66, 0) and rounds_to(66.6, 67, 0)
    assert not rounds_to(66.998, 40, 0)
