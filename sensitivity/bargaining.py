"""Nash bargaining over a parameter: the value two players agree on, exactly.

Two players agree on a value ``x`` of a parameter (a price, a margin) and on the strategy
profile played with it (``agreement``: the hyperscaler buys). Without agreement the game is
played at the parameter's base value, and each gets its ``disagreement`` payoff there: the
game's equilibrium, or a profile named (for a hyperscaler, typically its Build payoff). The
generalised Nash bargaining solution (Nash, "The bargaining problem", Econometrica 18, 1950;
Kalai, "Nonsymmetric Nash solutions", International Journal of Game Theory 6, 1977) picks the
``x`` in the range where both gain that maximises

    (u_1(x) - d_1) ** a * (u_2(x) - d_2) ** (1 - a)

with ``a`` the first player's bargaining power. Inside a stretch where both gain, the maximum
solves ``a u_1' (u_2 - d_2) + (1 - a) u_2' (u_1 - d_1) = 0`` (zeros found exactly); at the ends
one gain is zero. Products are compared exactly: with ``a = p/q`` the q-th power of the
objective is rational where the gains are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from ..errors import ModelError, SolverError
from ..payoffs import PayoffModel
from ..payoffs.choices import Bargaining
from ..payoffs.model import Profile
from ..solvers import solve
from .decisions import compare_exact
from .root_isolation import isolate_roots, simplest_between
from .threshold_search import threshold_interval

__all__ = ["Bargain", "nash_bargaining"]


@dataclass(frozen=True)
class Bargain:
    """The Nash bargaining solution over one parameter.

    Parameters
    ----------
    terms
        What was bargained over: the parameter, the two players, the agreement profile.
    power
        The first player's bargaining power, exact.
    disagreement
        Each bargainer's payoff without agreement, exact.
    disagreement_profile
        The profile played without agreement (the game's equilibrium when none was named).
    value
        The agreed value, exact; None when no value in the range gives both at least their
        disagreement payoff (no agreement).
    payoffs
        Each bargainer's payoff at the agreed value (None without agreement).
    feasible
        The stretches of the range, exact ends, where both gain at least their disagreement payoff.
    """

    terms: Bargaining
    power: Fraction
    disagreement: tuple[sympy.Expr, sympy.Expr]
    disagreement_profile: Profile
    value: sympy.Expr | None
    payoffs: tuple[sympy.Expr, sympy.Expr] | None
    feasible: tuple[tuple[sympy.Expr, sympy.Expr], ...]

    @property
    def gains(self) -> tuple[sympy.Expr, sympy.Expr] | None:
        """Each bargainer's gain over disagreement at the agreed value."""
        if self.payoffs is None:
            return None
        return (self.payoffs[0] - self.disagreement[0], self.payoffs[1] - self.disagreement[1])


def nash_bargaining(model: PayoffModel, terms: Bargaining, overrides: Mapping[str, Any] | None = None) -> Bargain:
    """The value of ``terms.parameter`` two players agree on (generalised Nash bargaining solution).

    Raises
    ------
    SolverError
        When the game without agreement has several equilibria and no disagreement profile is
        named, or a value where a gain is zero or the objective peaks is not known exactly.
    ModelError
        For a power parameter outside 0 to 1.

    Examples
    --------
    A vendor sells 10 units at margin ``m``; the buyer pays ``10 (1 + m)`` or builds for 15. At the
    base margin 0.7 it builds (the disagreement: 0 and -15). Agreeing on ``m``, the vendor gains
    ``10 m`` and the buyer ``5 - 10 m``: with equal power they split the surplus of 5, at m = 1/4.

    >>> from chipgame.payoffs import Parameter
    >>> m = sympy.Symbol("m")
    >>> model = PayoffModel(("Vendor", "Buyer"), (("Sell",), ("Buy", "Build")),
    ...     {("Sell", "Buy"): (10 * m, -10 - 10 * m), ("Sell", "Build"): (0, -15)},
    ...     [Parameter("m", 0.7, range=(0, 1))])
    >>> deal = nash_bargaining(model, Bargaining("m", ("Vendor", "Buyer"), ("Sell", "Buy"), None, Fraction(1, 2)))
    >>> deal.value, deal.gains, deal.disagreement_profile
    (1/4, (5/2, 5/2), ('Sell', 'Build'))
    """
    values = model.values_with(overrides)
    power = _power(terms.power, values)
    low, high = threshold_interval(model, terms.parameter)
    x = model.symbols[terms.parameter]
    fixed = {s: _rational(values[name]) for name, s in model.symbols.items() if name != terms.parameter}
    first, second = (model.players.index(p) for p in terms.players)
    agreed = tuple(model.payoffs[terms.agreement][k].xreplace(fixed) for k in (first, second))
    profile, disagreement = _disagreement(model, terms, values, (first, second))
    gains = (sympy.together(agreed[0] - disagreement[0]), sympy.together(agreed[1] - disagreement[1]))
    ends = [_rational(low), *_zeros(gains, x, low, high), _rational(high)]
    feasible = []
    for a, b in zip(ends, ends[1:]):
        middle = _rational(simplest_between(_above(a), _below(b)))
        if all(compare_exact(g.subs(x, middle), sympy.Integer(0)) >= 0 for g in gains):
            feasible.append((a, b))
    candidates = [end for end in ends if all(compare_exact(g.subs(x, end), sympy.Integer(0)) >= 0 for g in gains)]
    stationary = sympy.together(power * sympy.diff(gains[0], x) * gains[1]
                                + (1 - power) * sympy.diff(gains[1], x) * gains[0])
    if not sympy.simplify(stationary) == 0:
        for a, b in feasible:
            candidates += _exact_zeros(stationary, x, _above(a), _below(b))
    if not candidates:
        return Bargain(terms, power, disagreement, profile, None, None, tuple(feasible))
    best = _best(candidates, gains, x, power)
    payoffs = (agreed[0].subs(x, best), agreed[1].subs(x, best))
    return Bargain(terms, power, disagreement, profile, best, payoffs, tuple(feasible))


def _power(power: Fraction | str, values: Mapping[str, Any]) -> Fraction:
    number = values[power] if isinstance(power, str) else power
    if not isinstance(number, Fraction) or not 0 <= number <= 1:
        shown = power if isinstance(power, Fraction) else f"{power} = {number}"
        raise ModelError(f"the bargaining power {shown} is not a number from 0 to 1", fix="give a value from 0 to 1")
    return number


def _disagreement(model: PayoffModel, terms: Bargaining, values: Mapping[str, Any], players: tuple[int, int]
                  ) -> tuple[Profile, tuple[sympy.Expr, sympy.Expr]]:
    """The profile played without agreement and the bargainers' payoffs there, at the base values."""
    game = model.evaluate(values)
    if terms.disagreement is not None:
        profile = terms.disagreement
    else:
        equilibria = solve(game).equilibria
        pure = [eq for eq in equilibria if eq.is_pure]
        if len(equilibria) != 1 or not pure:
            raise SolverError(f"without agreement the game at {terms.parameter} = {values[terms.parameter]} has "
                              f"{len(equilibria)} equilibria{'' if pure else ', not pure'}, so the disagreement "
                              "payoffs are not one profile's", fix='name it in [bargaining]: disagreement = "A, B"')
        profile = tuple(s[0] for s in pure[0].support)
    index = tuple(labels.index(label) for labels, label in zip(model.strategies, profile))
    payoffs = game.payoff(index)
    return profile, (_rational(payoffs[players[0]]), _rational(payoffs[players[1]]))


def _zeros(gains: tuple[sympy.Expr, sympy.Expr], x: sympy.Symbol, low: Fraction, high: Fraction
           ) -> list[sympy.Expr]:
    """Where either gain is zero inside the range, in increasing order, without repeats."""
    found: list[sympy.Expr] = []
    for gain in gains:
        if gain.has(x) and not sympy.simplify(gain) == 0:
            for zero in _exact_zeros(gain, x, low, high):
                if all(compare_exact(zero, seen) != 0 for seen in found):
                    found.append(zero)
    return sorted(found, key=lambda z: float(z))


def _exact_zeros(expr: sympy.Expr, x: sympy.Symbol, low: Fraction, high: Fraction) -> list[sympy.Expr]:
    zeros = []
    for root in isolate_roots(expr, x, low, high):
        if not root.certified or root.exact is None:
            raise SolverError(f"a gain is zero or the Nash product peaks near {root.value:.6g}, a value not known "
                              "exactly", fix="use agreement payoffs rational in the bargained parameter")
        zeros.append(root.exact)
    return zeros


def _best(candidates: list[sympy.Expr], gains: tuple[sympy.Expr, sympy.Expr], x: sympy.Symbol,
          power: Fraction) -> sympy.Expr:
    """The candidate with the largest Nash product (compared as its q-th power, power = p/q); the
    lowest among equals."""
    p, q = power.numerator, power.denominator

    def product(value: sympy.Expr) -> sympy.Expr:
        first, second = (sympy.Max(g.subs(x, value), 0) for g in gains)
        return sympy.simplify(first ** p * second ** (q - p))

    ordered = sorted(candidates, key=lambda c: float(c))
    best, best_product = ordered[0], product(ordered[0])
    for candidate in ordered[1:]:
        value = product(candidate)
        if compare_exact(value, best_product) > 0:
            best, best_product = candidate, value
    return best


def _rational(value: Any) -> sympy.Expr:
    exact = value if isinstance(value, Fraction) else Fraction(value)
    return sympy.Rational(exact.numerator, exact.denominator)


def _below(value: sympy.Expr) -> Fraction:
    """A rational at most ``value`` (``value`` itself when rational)."""
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return Fraction(int(sympy.floor(value * 10**30)), 10**30)


def _above(value: sympy.Expr) -> Fraction:
    """A rational at least ``value`` (``value`` itself when rational)."""
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return Fraction(int(sympy.ceiling(value * 10**30)), 10**30)
