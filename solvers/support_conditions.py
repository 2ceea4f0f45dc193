"""The conditions of an equilibrium with given supports, as exact polynomials in the support probabilities."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

import sympy

from ..games import Game
from .polynomial_systems import Polynomial

__all__ = ["as_poly", "equilibrium_inequalities", "indifference_equations", "payoff_entry", "probability_polynomials",
           "support_variables", "without_probability_factors"]


def support_variables(support: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """The unknowns: ``(player, strategy)`` for every support strategy but each player's first.

    Examples
    --------
    >>> support_variables(((0, 1), (0, 2)))   # the first strategy of each support takes the rest
    [(0, 1), (1, 2)]
    """
    return [(k, s) for k, chosen in enumerate(support) for s in chosen[1:]]


def probability_polynomials(support: Sequence[Sequence[int]], variables: Sequence[tuple[int, int]]
                             ) -> list[dict[int, dict[tuple[int, ...], Fraction]]]:
    """For each player, the probability of each support strategy as a linear polynomial: a
    variable, or one minus the player's other variables for the first strategy."""
    count = len(variables)
    unit = [tuple(int(i == v) for i in range(count)) for v in range(count)]
    result = []
    for player, chosen in enumerate(support):
        own = [v for v, (k, _) in enumerate(variables) if k == player]
        first = {(0,) * count: Fraction(1), **{unit[v]: Fraction(-1) for v in own}}
        result.append({chosen[0]: first, **{variables[v][1]: {unit[v]: Fraction(1)} for v in own}})
    return result


def _payoff_gaps(game: Game, support: Sequence[Sequence[int]],
                 probabilities: Sequence[dict[int, dict[tuple[int, ...], Fraction]]], count: int,
                 player: int, strategies: Sequence[int]) -> list[dict[tuple[int, ...], Fraction]]:
    """For each of ``strategies``: its expected payoff to ``player`` minus that of the player's
    first support strategy, as a polynomial in the others' probabilities."""
    others = [range(1) if k == player else s for k, s in enumerate(support)]
    weights = []
    for index in itertools.product(*others):
        factors = [probabilities[k][index[k]] for k in range(len(support)) if k != player]
        weights.append((index, _product(factors, count)))
    gaps = []
    for s in strategies:
        gap: dict[tuple[int, ...], Fraction] = {}
        for index, weight in weights:
            difference = payoff_entry(game, index, player, s) - payoff_entry(game, index, player, support[player][0])
            if difference:
                _accumulate(gap, weight, difference)
        gaps.append({m: c for m, c in gap.items() if c})
    return gaps


def indifference_equations(game: Game, support: Sequence[Sequence[int]],
                            probabilities: Sequence[dict[int, dict[tuple[int, ...], Fraction]]],
                            count: int) -> list[dict[tuple[int, ...], Fraction]]:
    """For each player and each support strategy but the first: its expected payoff minus that of
    the first (zero at an equilibrium).

    Examples
    --------
    Matching pennies with full supports, in the variables ``x0`` (the first player's T) and ``x1``
    (the second's): the first player is indifferent when ``4 x1 - 2 = 0``, the second when
    ``2 - 4 x0 = 0``.

    >>> pennies = Game(("A", "B"), (("H", "T"), ("H", "T")), [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> support = ((0, 1), (0, 1))
    >>> indifference_equations(pennies, support, probability_polynomials(support, support_variables(support)), 2)
    [{(0, 0): Fraction(-2, 1), (0, 1): Fraction(4, 1)}, {(0, 0): Fraction(2, 1), (1, 0): Fraction(-4, 1)}]
    """
    return [gap for player, chosen in enumerate(support)
            for gap in _payoff_gaps(game, support, probabilities, count, player, chosen[1:])]


def without_probability_factors(equations: list[dict[tuple[int, ...], Fraction]],
                                 probabilities: Sequence[dict[int, dict[tuple[int, ...], Fraction]]],
                                 count: int) -> list[dict[tuple[int, ...], Fraction]]:
    """The equations with every factor that is a support probability divided out: such a factor
    is positive at any equilibrium with this support, so the solutions that matter are kept,
    and the continua where a probability vanishes (which belong to smaller supports) go. An
    equation that was such a product altogether becomes a non-zero constant (no solution)."""
    if count == 0:
        return equations
    symbols = sympy.symbols(f"x0:{count}")
    factors = {as_poly(p, symbols).monic() for mix in probabilities for p in mix.values() if len(mix) > 1}
    return [_divided(equation, symbols, factors) if any(sum(m) > 1 for m in equation) else equation
            for equation in equations]


def _divided(equation: Polynomial, symbols: Sequence[sympy.Symbol], factors: set[sympy.Poly]
             ) -> dict[tuple[int, ...], Fraction]:
    """``equation`` without its factors among ``factors`` (monic linear polynomials)."""
    poly = as_poly(equation, symbols)
    for factor in factors:
        while not poly.is_ground:
            quotient, remainder = poly.div(factor)
            if not remainder.is_zero:
                break
            poly = quotient
    return {m: Fraction(int(c.p), int(c.q)) for m, c in poly.terms() if c}


def as_poly(polynomial: Polynomial, symbols: Sequence[sympy.Symbol]) -> sympy.Poly:
    return sympy.Poly.from_dict({m: sympy.Rational(c.numerator, c.denominator) for m, c in polynomial.items()},
                                *symbols, domain=sympy.QQ)


def equilibrium_inequalities(game: Game, support: Sequence[Sequence[int]], kept: Sequence[Sequence[int]],
                  probabilities: Sequence[dict[int, dict[tuple[int, ...], Fraction]]],
                  count: int) -> list[dict[tuple[int, ...], Fraction]]:
    """The polynomials that are non-negative at an equilibrium with this support (or on its
    boundary): every support probability, and for every kept strategy outside a support, the
    payoff of the support minus its payoff."""
    result = [dict(p) for player, chosen in enumerate(support) for p in
              (probabilities[player][s] for s in chosen)]
    for player, chosen in enumerate(support):
        outside = [s for s in kept[player] if s not in chosen]
        for gap in _payoff_gaps(game, support, probabilities, count, player, outside):
            result.append({m: -c for m, c in gap.items()})
    return result


def payoff_entry(game: Game, index: tuple[int, ...], player: int, strategy: int) -> Fraction:
    profile = list(index)
    profile[player] = strategy
    payoff: Fraction = game.payoffs[(*profile, player)]
    return payoff


def _product(factors: Sequence[Polynomial], count: int) -> dict[tuple[int, ...], Fraction]:
    """The product of polynomials in ``count`` variables.

    Examples
    --------
    >>> pennies = Game(("A", "B"), (("H", "T"), ("H", "T")), [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> payoff_entry(pennies, (0, 1), 0, 1)   # the first player switches to T against T
    Fraction(1, 1)
    """
    result: dict[tuple[int, ...], Fraction] = {(0,) * count: Fraction(1)}
    for factor in factors:
        step: dict[tuple[int, ...], Fraction] = {}
        for m1, c1 in result.items():
            for m2, c2 in factor.items():
                monomial = tuple(a + b for a, b in zip(m1, m2))
                step[monomial] = step.get(monomial, Fraction(0)) + c1 * c2
        result = step
    return result


def _accumulate(total: dict[tuple[int, ...], Fraction], polynomial: Polynomial, scale: Fraction) -> None:
    for monomial, c in polynomial.items():
        total[monomial] = total.get(monomial, Fraction(0)) + scale * c
