"""One parameter moved across a threshold: the game on either side of a break-even, for teaching.

A threshold (see ``thresholds``) is where the set of equilibria changes. To show what changes,
the parameter is moved from its base value across the threshold nearest to it, and the game is
solved at one exact point on each side: the base value on its own side, and on the far side the
simplest fraction half-way between the threshold and the next threshold (or the end of the
interval). Between two thresholds the equilibria have the same structure, so these points show
what holds just below and just above, with round numbers a class can read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..games import Number
from ..payoffs import PayoffModel
from ..solvers import Solution, solve
from .root_isolation import simplest_between
from .threshold_search import Threshold, threshold_interval, thresholds

__all__ = ["Crossing", "cross_threshold", "first_crossing", "ranged_parameters", "simple_between"]


@dataclass(frozen=True)
class Crossing:
    """A parameter moved from its base value across a threshold.

    Parameters
    ----------
    parameter
        The parameter moved; the others stay at their values.
    interval
        The interval searched for thresholds (its declared range, unless given).
    found
        Every threshold inside the interval, in increasing order.
    threshold
        The threshold crossed: the one of ``found`` nearest the base value.
    start, end
        The value the move starts from (the base value, unless the base is itself a threshold
        or outside the interval) and the value it ends at, on the other side of ``threshold``.
    before, after
        The solved game at ``start`` and at ``end``.
    at
        The solved game exactly at the threshold, or None when the threshold is irrational.
    """

    parameter: str
    interval: tuple[Fraction, Fraction]
    found: tuple[Threshold, ...]
    threshold: Threshold
    start: Fraction
    end: Fraction
    before: Solution
    after: Solution
    at: Solution | None


def cross_threshold(model: PayoffModel, parameter: str, low: Any = None, high: Any = None,
                    overrides: Mapping[str, Any] | None = None) -> Crossing | None:
    """Move ``parameter`` across the threshold nearest its value; None when there is none inside
    ``[low, high]`` (the declared range when omitted).

    Raises
    ------
    ModelError, SolverError
        For an unknown parameter, or an interval that is missing, empty or not exact.

    Examples
    --------
    The prisoner's dilemma stops being one when the temptation T falls below the reward R = 3:

    >>> from chipgame.payoffs import load_scenario
    >>> crossing = cross_threshold(load_scenario("prisoners-dilemma").model, "T")
    >>> crossing.threshold.exact, crossing.start, crossing.end
    (3, Fraction(5, 1), Fraction(5, 2))
    >>> [eq.support for eq in crossing.after.equilibria][:2]
    [(('Cooperate',), ('Cooperate',)), (('Defect',), ('Defect',))]
    """
    values = model.values_with(overrides)
    found = thresholds(model, parameter, low, high, overrides)
    interval = threshold_interval(model, parameter, low, high)
    inside = tuple(t for t in found if interval[0] < _point(t) < interval[1])
    if not inside:
        return None
    base = values[parameter]
    threshold = min(inside, key=lambda t: (abs(float(_point(t)) - float(base)), t.value))
    k = inside.index(threshold)
    below = (interval[0] if k == 0 else _point(inside[k - 1]), _point(threshold))
    above = (_point(threshold), interval[1] if k == len(inside) - 1 else _point(inside[k + 1]))
    if below[0] < base < below[1]:
        start, end = Fraction(base), simple_between(*above)
    elif above[0] < base < above[1]:
        start, end = Fraction(base), simple_between(*below)
    else:
        start, end = simple_between(*below), simple_between(*above)

    def solved(value: Number) -> Solution:
        return solve(model.evaluate({**values, parameter: value}))

    exact = _point(threshold)
    at = solved(exact) if isinstance(exact, Fraction) else None
    return Crossing(parameter, interval, inside, threshold, start, end, solved(start), solved(end), at)


def first_crossing(model: PayoffModel, overrides: Mapping[str, Any] | None = None) -> Crossing | None:
    """The crossing of the first parameter, in the model's order, whose declared range holds a
    threshold; None when no parameter's does (parameters without a range are skipped).

    Examples
    --------
    >>> from chipgame.payoffs import load_scenario
    >>> first_crossing(load_scenario("battle-of-the-sexes").model).parameter   # favourite has none
    'together'
    """
    for parameter in ranged_parameters(model):
        crossing = cross_threshold(model, parameter, overrides=overrides)
        if crossing is not None:
            return crossing
    return None


def ranged_parameters(model: PayoffModel) -> tuple[str, ...]:
    """The parameters with a declared range, in the model's order: those ``first_crossing`` tries."""
    return tuple(p.name for p in model.parameters if p.range is not None)


def simple_between(low: Number, high: Number) -> Fraction:
    """The simplest fraction (smallest denominator, then smallest magnitude) in the middle half
    of the interval from ``low`` to ``high``: a round number well inside it.

    Examples
    --------
    >>> simple_between(3, 8), simple_between(2, 3), simple_between(Fraction(1, 3), Fraction(1, 2))
    (Fraction(5, 1), Fraction(5, 2), Fraction(2, 5))
    """
    low, high = Fraction(low), Fraction(high)
    quarter = (high - low) / 4
    return simplest_between(low + quarter, high - quarter)


def _point(threshold: Threshold) -> Number:
    """A threshold as an exact Fraction when it is rational, else its float value."""
    exact = threshold.exact
    if exact is not None and exact.is_Rational:
        return Fraction(int(exact.p), int(exact.q))
    return threshold.value
