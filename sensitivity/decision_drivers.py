"""What moves a decision: the slope of the best value in every other parameter, exactly.

A best value inside the range is pinned down by one equation ``g(x, others) = 0``: a tie of a
follower between the equilibrium just below and the one just above (a limit value, at a
threshold), or the owner's payoff turning (an interior optimum, ``d payoff / dx = 0``). By the
implicit function theorem the value moves with another parameter ``q`` at the rate
``dx/dq = -(dg/dq) / (dg/dx)``, evaluated exactly at the base values. A best value at an end of
the range, on a flat stretch, or where a payoff switches branch is not pinned that way and has
no drivers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from ..payoffs import PayoffModel
from ..solvers import Equilibrium
from .decisions import BestDecision, compare_exact

__all__ = ["Driver", "decision_drivers"]


@dataclass(frozen=True)
class Driver:
    """How fast a decision's best value moves with another parameter.

    Parameters
    ----------
    parameter
        The other parameter.
    slope
        ``d value / d parameter`` at the base values, exact.
    elasticity
        The percentage change of the value for a 1% change of the parameter, or None where
        the value or the parameter is 0.
    """

    parameter: str
    slope: sympy.Expr
    elasticity: float | None


def decision_drivers(model: PayoffModel, decision: BestDecision, overrides: Mapping[str, Any] | None = None
                     ) -> tuple[Driver, ...]:
    """The parameters that move ``decision.best.value``, largest elasticity first (none when the
    value is not pinned by one equation: see the module).

    Examples
    --------
    The limit margin where a buyer paying ``1 + m`` would rather build at cost ``c`` is
    ``m = c - 1``: it rises one for one with the cost of building.

    >>> from chipgame.payoffs import Parameter
    >>> from chipgame.sensitivity.decisions import best_decision
    >>> m, c = sympy.symbols("m c")
    >>> model = PayoffModel(("Vendor", "Buyer"), (("Sell",), ("Buy", "Build")),
    ...     {("Sell", "Buy"): (m, -1 - m), ("Sell", "Build"): (0, -c)},
    ...     [Parameter("m", "1/10", range=(0, 1)), Parameter("c", "7/6")])
    >>> decision = best_decision(model, "m", "Vendor")
    >>> decision.best.value, [(d.parameter, d.slope, d.elasticity) for d in decision_drivers(model, decision)]
    (1/6, [('c', 1, 7.0)])
    """
    values = model.values_with(overrides)
    symbols = model.symbols
    x = symbols[decision.parameter]
    point = {s: _rational(values[name]) for name, s in symbols.items() if name != decision.parameter}
    point[x] = decision.best.value
    equation = _pinning_equation(model, decision, point)
    if equation is None:
        return ()
    smooth = equation.rewrite(sympy.Piecewise) if equation.has(sympy.Min, sympy.Max, sympy.Abs) else equation
    across = sympy.simplify(sympy.diff(smooth, x).subs(point))
    if across == 0:
        return ()
    drivers = []
    for name, symbol in symbols.items():
        if name == decision.parameter or symbol not in equation.free_symbols:
            continue
        slope = sympy.nsimplify(sympy.simplify(-sympy.diff(smooth, symbol).subs(point) / across))
        if slope == 0:
            continue
        elasticity = None if values[name] == 0 or decision.best.value == 0 else float(
            slope * point[symbol] / decision.best.value)
        drivers.append(Driver(name, slope, elasticity))
    return tuple(sorted(drivers, key=lambda d: -abs(d.elasticity) if d.elasticity is not None else 0.0))


def _pinning_equation(model: PayoffModel, decision: BestDecision, point: Mapping[sympy.Symbol, sympy.Expr]
                      ) -> sympy.Expr | None:
    """The equation ``g = 0`` that holds at the best value, or None (an end, a flat stretch, a kink)."""
    best = decision.best
    if best.flat is not None or any(compare_exact(best.value, _rational(end)) == 0 for end in decision.interval):
        return None
    x = model.symbols[decision.parameter]
    at_threshold = [t for t in decision.thresholds if t.exact is not None and compare_exact(t.exact, best.value) == 0]
    if not at_threshold:
        profile = _pure(best.response)
        return None if profile is None else sympy.diff(model.payoffs[profile][model.players.index(decision.player)], x)
    (threshold,) = at_threshold
    responses = [*threshold.below, *(threshold.at or ()), *threshold.above]
    profiles = [p for p in map(_pure, responses) if p is not None]
    for tie in _ties(model, profiles):
        if compare_exact(tie.subs(point), sympy.Integer(0)) == 0:
            return tie
    return None


def _ties(model: PayoffModel, profiles: list[tuple[str, ...]]) -> Iterator[sympy.Expr]:
    """For two pure profiles that differ in one player's strategy: that player's payoff difference."""
    for k, first in enumerate(profiles):
        for second in profiles[k + 1:]:
            differ = [j for j, (a, b) in enumerate(zip(first, second)) if a != b]
            if len(differ) == 1:
                yield model.payoffs[first][differ[0]] - model.payoffs[second][differ[0]]


def _pure(equilibrium: Equilibrium) -> tuple[str, ...] | None:
    return tuple(s[0] for s in equilibrium.support) if equilibrium.is_pure else None


def _rational(value: Any) -> sympy.Expr:
    exact = value if isinstance(value, Fraction) else Fraction(value)
    return sympy.Rational(exact.numerator, exact.denominator)
