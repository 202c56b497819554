"""The published methods behind public-health indicator tables (OHID/PHE, Fingertips).

scipy gives the distributions; the closed forms the methods are named after are
written here so that each can be tested against its published worked values:

* proportions: Wilson score limits, no continuity correction;
* counts and crude rates: Byar's approximation when the count is 10 or more,
  exact Poisson (chi-squared) limits below that;
* directly standardised rates: Dobson et al. (1991), Byar's on the total count;
* significance against a benchmark: the benchmark value inside or outside the
  area's interval (Fingertips' single overlapping CI comparer);
* recent trend over the last five points: chi-squared test for trend for
  proportions, weighted least squares for rates, significant at 99.8% when
  the slope also keeps its sign with any one point left out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache


def _distributions():
    """scipy.stats, imported when a figure first needs it: the import costs over a second of CPU, and most
    processes (the web site, a worker importing packs) start without ever testing a trend or a limit."""
    from scipy import stats

    return stats


@cache
def trend_threshold() -> float:
    """9.5495: chi-squared with 1 degree of freedom, at 99.8%."""
    return float(_distributions().chi2.ppf(0.998, 1))


def z_for(level: float) -> float:
    """The two-sided standard normal quantile: 1.959964 at 95%, 3.090232 at 99.8%."""
    return float(_distributions().norm.ppf(1 - (1 - level) / 2))


def wilson(x: float, n: float, level: float = 0.95, multiplier: float = 1) -> tuple[float, float]:
    """Wilson score limits of the proportion x/n, times ``multiplier`` (100 for a percentage)."""
    if n <= 0:
        raise ValueError("a proportion needs a denominator above zero")
    z = z_for(level)
    root = z * math.sqrt(z * z + 4 * x * (1 - x / n))
    lower = (2 * x + z * z - root) / (2 * (n + z * z))
    upper = (2 * x + z * z + root) / (2 * (n + z * z))
    return max(0.0, lower) * multiplier, min(1.0, upper) * multiplier


def byar(observed: float, level: float = 0.95) -> tuple[float, float]:
    """Byar's approximation to the Poisson limits of a count."""
    z = z_for(level)
    o = observed
    lower = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3 if o > 0 else 0.0
    o1 = o + 1
    upper = o1 * (1 - 1 / (9 * o1) + z / (3 * math.sqrt(o1))) ** 3
    return lower, upper


def exact_poisson(observed: float, level: float = 0.95) -> tuple[float, float]:
    """Exact Poisson limits of a count, from the chi-squared distribution."""
    alpha, chi2 = 1 - level, _distributions().chi2
    lower = chi2.ppf(alpha / 2, 2 * observed) / 2 if observed > 0 else 0.0
    upper = chi2.ppf(1 - alpha / 2, 2 * observed + 2) / 2
    return float(lower), float(upper)


def count_limits(observed: float, level: float = 0.95) -> tuple[float, float]:
    """PHE's rule: Byar's for 10 or more events, exact below."""
    return byar(observed, level) if observed >= 10 else exact_poisson(observed, level)


def rate_limits(
    observed: float, population: float, multiplier: float = 100_000, level: float = 0.95
) -> tuple[float, float]:
    """Limits of a crude rate observed/population × multiplier."""
    lower, upper = count_limits(observed, level)
    return lower / population * multiplier, upper / population * multiplier


@dataclass(frozen=True)
class Standardised:
    rate: float
    lower: float
    upper: float


def dobson(
    counts: Sequence[float],
    populations: Sequence[float],
    weights: Sequence[float],
    multiplier: float = 100_000,
    level: float = 0.95,
) -> Standardised:
    """A directly standardised rate and its Dobson limits (standard weights, e.g. ESP 2013)."""
    total_weight = sum(weights)
    rate = sum(w * x / n for w, x, n in zip(weights, counts, populations, strict=False)) / total_weight
    variance = (
        sum(w * w * x / (n * n) for w, x, n in zip(weights, counts, populations, strict=False))
        / total_weight**2
    )
    observed = sum(counts)
    if observed <= 0:
        raise ValueError("a standardised rate needs at least one event")
    low, high = count_limits(observed, level)
    spread = math.sqrt(variance / observed)
    return Standardised(
        rate * multiplier,
        (rate + spread * (low - observed)) * multiplier,
        (rate + spread * (high - observed)) * multiplier,
    )


def compare(benchmark: float, lower: float, upper: float) -> str:
    """Fingertips' single overlapping CI comparer: is the benchmark value outside the area's CI?"""
    if benchmark < lower:
        return "higher"
    if benchmark > upper:
        return "lower"
    return "similar"


@dataclass(frozen=True)
class Trend:
    chi2: float
    slope: float
    verdict: str  # "increasing", "decreasing", "no significant change", "cannot be calculated"


def _keeps_sign(slope_of, points: list) -> bool:
    full = slope_of(points)
    for i in range(len(points)):
        part = slope_of(points[:i] + points[i + 1 :])
        if part == 0 or (part > 0) != (full > 0):
            return False
    return True


def _verdict(chi2: float, slope: float, steady: bool) -> str:
    if chi2 > trend_threshold() and steady and slope != 0:
        return "increasing" if slope > 0 else "decreasing"
    return "no significant change"


def proportion_trend(events: Sequence[float], denominators: Sequence[float]) -> Trend:
    """Chi-squared test for trend (Cochran–Armitage) on the last five yearly proportions."""
    if len(events) < 5:
        return Trend(0.0, 0.0, "cannot be calculated")
    xs, ns = list(events[-5:]), list(denominators[-5:])
    t = [1, 2, 3, 4, 5]
    big_n, big_x = sum(ns), sum(xs)
    stn = sum(ti * ni for ti, ni in zip(t, ns, strict=False))
    numerator = big_n * (big_n * sum(ti * xi for ti, xi in zip(t, xs, strict=False)) - big_x * stn) ** 2
    denominator = (
        big_x * (big_n - big_x) * (big_n * sum(ti * ti * ni for ti, ni in zip(t, ns, strict=False)) - stn**2)
    )
    chi2 = numerator / denominator if denominator else 0.0

    def logit_slope(points):
        ts = [p[0] for p in points]
        ys = [math.log(p[1] / (p[2] - p[1])) for p in points]
        return _ols_slope(ts, ys)

    points = [(ti, xi, ni) for ti, xi, ni in zip(t, xs, ns, strict=False) if 0 < xi < ni]
    if len(points) < 5:
        return Trend(chi2, 0.0, "cannot be calculated")
    slope = logit_slope(points)
    return Trend(chi2, slope, _verdict(chi2, slope, _keeps_sign(logit_slope, points)))


def rate_trend(values: Sequence[float], lowers: Sequence[float], uppers: Sequence[float]) -> Trend:
    """Weighted least squares of the last five values on time, weights 1/SE², SE from the 95% CI."""
    if len(values) < 5:
        return Trend(0.0, 0.0, "cannot be calculated")
    points = []
    for t, (v, lo, hi) in enumerate(zip(values[-5:], lowers[-5:], uppers[-5:], strict=False), start=1):
        se = (hi - lo) / (2 * z_for(0.95))
        if se <= 0:
            return Trend(0.0, 0.0, "cannot be calculated")
        points.append((t, v, 1 / se**2))

    def fit(pts):
        sw = sum(w for _, _, w in pts)
        swt = sum(w * t for t, _, w in pts)
        swt2 = sum(w * t * t for t, _, w in pts)
        swy = sum(w * y for _, y, w in pts)
        swty = sum(w * t * y for t, y, w in pts)
        det = sw * swt2 - swt**2
        slope = (sw * swty - swt * swy) / det
        return slope, math.sqrt(sw / det)

    slope, se_slope = fit(points)
    chi2 = (slope / se_slope) ** 2
    return Trend(chi2, slope, _verdict(chi2, slope, _keeps_sign(lambda p: fit(p)[0], points)))


def _ols_slope(ts: Sequence[float], ys: Sequence[float]) -> float:
    mean_t, mean_y = sum(ts) / len(ts), sum(ys) / len(ys)
    return sum((t - mean_t) * (y - mean_y) for t, y in zip(ts, ys, strict=False)) / sum(
        (t - mean_t) ** 2 for t in ts
    )
