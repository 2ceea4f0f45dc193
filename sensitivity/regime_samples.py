"""One point in every regime: the values a grid along one parameter needs so that no regime
between two thresholds, however narrow, falls between its points."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from fractions import Fraction

from ..games import Number
from .root_isolation import simplest_between
from .threshold_search import Threshold

__all__ = ["regime_samples", "threshold_bounds", "with_regime_samples"]


def threshold_bounds(threshold: Threshold) -> tuple[Fraction, Fraction]:
    """The exact interval a threshold occupies: its enclosure (an irrational threshold, or a region
    that is not certified), or its rational value at both ends.

    Examples
    --------
    >>> import sympy
    >>> threshold_bounds(Threshold("m", 0.5, sympy.Rational(1, 2), (), None, ()))
    (Fraction(1, 2), Fraction(1, 2))
    """
    if threshold.enclosure is not None:
        return threshold.enclosure
    exact = threshold.exact
    if exact is None or not exact.is_Rational:
        raise ValueError(f"threshold at {threshold.value} has neither a rational value nor an enclosure")
    value = Fraction(int(exact.p), int(exact.q))
    return value, value


def regime_samples(found: Sequence[Threshold], low: Fraction, high: Fraction,
                   grid: Iterable[Number] = ()) -> tuple[Fraction, ...]:
    """The simplest rational strictly inside each stretch between consecutive thresholds (and the
    ends of the interval) that holds no value of ``grid``, in increasing order.

    Added to ``grid``, they put a point inside every regime that ``thresholds`` found, however
    narrow (the thresholds themselves, where the game is a break-even one, are not added).

    Parameters
    ----------
    found
        The thresholds of one parameter in ``[low, high]``, in increasing order, as ``thresholds``
        returns them.
    low, high
        The interval.
    grid
        Values already on the axis.

    Examples
    --------
    Two thresholds 1e-5 apart: on an even grid of eleven values, only the regime between them
    lacks a point.

    >>> import sympy
    >>> found = [Threshold("x", 0.50001, sympy.Rational(50001, 100000), (), None, ()),
    ...          Threshold("x", 0.50002, sympy.Rational(25001, 50000), (), None, ())]
    >>> [str(v) for v in regime_samples(found, Fraction(0), Fraction(1))]
    ['1/2', '12501/25001', '2/3']
    >>> [str(v) for v in regime_samples(found, Fraction(0), Fraction(1), [Fraction(k, 10) for k in range(11)])]
    ['12501/25001']
    """
    values = sorted(set(grid))
    samples = []
    previous = low
    for start, end in [threshold_bounds(t) for t in found] + [(high, high)]:
        if previous < start and not _holds_value(values, previous, start):
            samples.append(simplest_between(previous, start))
        previous = max(previous, end)
    return tuple(samples)


def _holds_value(values: Sequence[Number], low: Fraction, high: Fraction) -> bool:
    """True when a value of the sorted ``values`` lies strictly between ``low`` and ``high``."""
    index = bisect.bisect_right(values, low)
    return index < len(values) and values[index] < high


def with_regime_samples(grid: Iterable[Number], found: Sequence[Threshold], low: Fraction, high: Fraction
                        ) -> tuple[Number, ...]:
    """``grid`` in increasing order, with ``regime_samples`` added where it misses a regime.

    Examples
    --------
    >>> import sympy
    >>> found = [Threshold("x", 0.50001, sympy.Rational(50001, 100000), (), None, ()),
    ...          Threshold("x", 0.50002, sympy.Rational(25001, 50000), (), None, ())]
    >>> [str(v) for v in with_regime_samples([Fraction(1), Fraction(0)], found, Fraction(0), Fraction(1))]
    ['0', '1/2', '12501/25001', '2/3', '1']
    """
    values = set(grid)
    return tuple(sorted(values | set(regime_samples(found, low, high, values))))
