"""The equilibrium at a solution of a support's conditions, checked exactly in the solution's number field."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, cast

from ..games import Game, Number
from .equilibrium import Equilibrium
from .number_field import Algebraic
from .real_algebraic import to_real_algebraic
from .support_conditions import payoff_entry

__all__ = ["Value", "verified_equilibrium"]


Value = Any
"""A probability or payoff while it is computed: a Fraction or an element of a number field."""


def _profile(game: Game, support: Sequence[Sequence[int]], point: Sequence[Value]) -> list[list[Value]]:
    """The mixed profile (every strategy, zeros off the support) at a solution ``point``."""
    values = iter(point)
    profile: list[list[Value]] = []
    for player, chosen in enumerate(support):
        mix: list[Value] = [Fraction(0)] * game.shape[player]
        rest = [next(values) for _ in chosen[1:]]
        for s, p in zip(chosen[1:], rest):
            mix[s] = p
        mix[chosen[0]] = 1 - sum(rest, start=Fraction(0))
        profile.append(mix)
    return profile


def verified_equilibrium(game: Game, support: Sequence[Sequence[int]], point: Sequence[Value]) -> Equilibrium | None:
    """The equilibrium at ``point`` when it is one with exactly this support; None otherwise.

    Checked exactly (in the point's number field): every support probability strictly positive,
    each player indifferent across the support, and no strategy outside it strictly better.

    Examples
    --------
    >>> pennies = Game(("A", "B"), (("H", "T"), ("H", "T")), [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> verified_equilibrium(pennies, ((0, 1), (0, 1)), [Fraction(1, 2), Fraction(1, 2)]).payoffs
    (Fraction(0, 1), Fraction(0, 1))
    >>> verified_equilibrium(pennies, ((0, 1), (0, 1)), [Fraction(1, 3), Fraction(1, 2)]) is None
    True
    """
    profile = _profile(game, support, point)
    if any(not profile[k][s] > 0 for k, chosen in enumerate(support) for s in chosen):
        return None
    payoffs = []
    for player, chosen in enumerate(support):
        values = _strategy_values(game, profile, support, player)
        value = values[chosen[0]]
        if any(values[s] != value for s in chosen) or any(v > value for v in values):
            return None
        payoffs.append(value)
    exact = tuple(tuple(_exported(p) for p in mix) for mix in profile)
    return Equilibrium(exact, tuple(_exported(v) for v in payoffs), game.strategies)


def _strategy_values(game: Game, profile: Sequence[Sequence[Value]], support: Sequence[Sequence[int]],
                     player: int) -> list[Value]:
    """The expected payoff of each pure strategy of ``player`` against the others' mixes."""
    others = [range(1) if k == player else s for k, s in enumerate(support)]
    values: list[Value] = []
    for strategy in range(game.shape[player]):
        total: Value = Fraction(0)
        for index in itertools.product(*others):
            weight: Value = Fraction(1)
            for k, s in enumerate(index):
                if k != player:
                    weight = weight * profile[k][s]
            total = total + weight * payoff_entry(game, index, player, strategy)
        values.append(total)
    return values


def _exported(value: Value) -> Number:
    """A computed value as it is returned: a Fraction, or a RealAlgebraic when irrational."""
    if isinstance(value, Algebraic):
        # a RealAlgebraic converts with float() and compares exactly, as the Numbers of Equilibrium's
        # type do; widening that type to name it reaches the reports and sensitivity (issue 14)
        return cast(Number, to_real_algebraic(value))
    return Fraction(value)
