"""Each published method against METHODS.md's worked values and, where it has one, against scipy."""

import math

import pytest
from scipy import stats as sp

from minutebook.figures import stats


def test_z_values_at_the_two_fingertips_levels():
    assert stats.z_for(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert stats.z_for(0.998) == pytest.approx(3.090232, abs=1e-6)


def test_wilson_reproduces_the_worked_value():
    # METHODS.md §1: 65/100 -> 0.55254 to 0.73636.
    assert stats.wilson(65, 100) == pytest.approx((0.55254, 0.73636), abs=5e-6)


@pytest.mark.parametrize(("x", "n"), [(65, 100), (3, 40), (0, 25), (250, 250), (1234, 5678)])
def test_wilson_agrees_with_scipy(x, n):
    ci = sp.binomtest(x, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert stats.wilson(x, n) == pytest.approx((ci.low, ci.high), abs=1e-9)
    assert stats.wilson(x, n, multiplier=100) == pytest.approx((100 * ci.low, 100 * ci.high), abs=1e-7)


# A Fingertips crude-rate table (METHODS.md §1: Byar's reproduces all its rows); count, rate, limits.
STI = [(3332, 1033, 998, 1069), (3186, 925, 894, 958), (2443, 644, 619, 670), (2323, 612, 588, 638)]


@pytest.mark.parametrize(("count", "rate", "lower", "upper"), STI)
def test_byar_reproduces_the_printed_rate_limits(count, rate, lower, upper):
    population = count / rate * 100_000
    low, high = stats.rate_limits(count, population)
    assert round(low) == pytest.approx(lower, abs=1)
    assert round(high) == pytest.approx(upper, abs=1)


@pytest.mark.parametrize("count", [10, 25, 100, 1000])
def test_byar_is_close_to_the_exact_poisson_limits(count):
    low, high = stats.byar(count)
    exact_low = sp.chi2.ppf(0.025, 2 * count) / 2
    exact_high = sp.chi2.ppf(0.975, 2 * count + 2) / 2
    assert low == pytest.approx(exact_low, rel=0.01)
    assert high == pytest.approx(exact_high, rel=0.01)


@pytest.mark.parametrize("count", [0, 1, 4, 9])
def test_small_counts_use_exact_poisson_limits_which_agree_with_the_gamma_distribution(count):
    low, high = stats.count_limits(count)
    assert low == pytest.approx(sp.gamma.ppf(0.025, count) if count else 0.0, abs=1e-9)
    assert high == pytest.approx(sp.gamma.ppf(0.975, count + 1), abs=1e-9)


def test_one_age_band_makes_dobson_a_crude_rate_with_byars_limits():
    result = stats.dobson([40], [20_000], [1])
    low, high = stats.rate_limits(40, 20_000)
    assert (result.rate, result.lower, result.upper) == pytest.approx((200, low, high))


def test_dobson_weights_the_bands_and_widens_with_their_variance():
    counts, populations, weights = [5, 30, 80], [10_000, 8_000, 4_000], [7_000, 5_500, 2_500]
    result = stats.dobson(counts, populations, weights)
    expected = (
        sum(w * x / n for w, x, n in zip(weights, counts, populations, strict=True)) / sum(weights) * 1e5
    )
    assert result.rate == pytest.approx(expected)
    assert result.lower < result.rate < result.upper


def test_the_rate_trend_of_the_worked_table_is_decreasing():
    # METHODS.md §3: 2017-2021 rows of the STI table give chi-squared 280, slope -75 a year.
    values = [875, 846, 854, 644, 612]
    lowers = [845, 817, 824, 619, 588]
    uppers = [906, 877, 884, 670, 638]
    trend = stats.rate_trend(values, lowers, uppers)
    assert trend.chi2 == pytest.approx(280, abs=1)
    assert trend.slope == pytest.approx(-75, abs=1)
    assert trend.verdict == "decreasing"


def test_a_flat_series_shows_no_significant_change():
    trend = stats.rate_trend([500, 505, 498, 502, 501], [480, 485, 478, 482, 481], [520, 525, 518, 522, 521])
    assert trend.verdict == "no significant change"


def test_fewer_than_five_points_cannot_be_calculated():
    assert stats.rate_trend([1, 2, 3], [0, 1, 2], [2, 3, 4]).verdict == "cannot be calculated"
    assert stats.proportion_trend([1, 2], [10, 10]).verdict == "cannot be calculated"


def test_the_chi_squared_test_for_trend_is_n_times_the_squared_correlation():
    events, sizes = [120, 135, 150, 170, 190], [1000, 1000, 1010, 1000, 990]
    trend = stats.proportion_trend(events, sizes)
    scores, outcomes = [], []
    for t, (x, n) in enumerate(zip(events, sizes, strict=True), start=1):
        scores += [t] * n
        outcomes += [1] * x + [0] * (n - x)
    r = sp.pearsonr(scores, outcomes).statistic
    assert trend.chi2 == pytest.approx(len(scores) * r * r, rel=1e-9)
    assert trend.verdict == "increasing"


def test_the_trend_threshold_is_chi_squared_at_99_8_percent():
    assert stats.trend_threshold() == pytest.approx(9.5495, abs=1e-4)


def test_the_benchmark_is_compared_with_the_areas_interval():
    assert stats.compare(843, 998, 1069) == "higher"  # the area's interval sits above England
    assert stats.compare(1100, 998, 1069) == "lower"
    assert stats.compare(1000, 998, 1069) == "similar"
    assert not math.isnan(stats.z_for(0.9))
