"""Equilibria in words: each player's mixed strategy, and a whole profile."""

from __future__ import annotations

from collections.abc import Sequence

from ..games import Number
from ..solvers import Equilibrium
from .numbers import format_number

__all__ = ["describe_mix", "describe_players_mixes", "describe_profile"]


def describe_mix(labels: Sequence[str], mix: Sequence[Number], *, fraction: bool = False) -> str:
    """A mixed strategy in words: the label alone when pure, else ``label p`` for each played one,
    ``p`` written by ``format_number`` (as a ``fraction`` if asked).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> describe_mix(["Buy", "Build"], [F(0), F(1)]), describe_mix(["Buy", "Build"], [F(1, 3), F(2, 3)])
    ('Build', 'Buy 1/3 · Build 2/3')
    >>> describe_mix(["H", "T"], [F(1, 2), F(1, 2)]), describe_mix(["H", "T"], [F(1, 2), F(1, 2)], fraction=True)
    ('H 0.5 · T 0.5', 'H 1/2 · T 1/2')
    """
    played = [(label, p) for label, p in zip(labels, mix) if p > 0]
    if len(played) == 1 and played[0][1] == 1:
        return played[0][0]
    return " · ".join(f"{label} {format_number(p, fraction=fraction)}" for label, p in played)


def describe_profile(equilibrium: Equilibrium, *, fraction: bool = False) -> str:
    """An equilibrium's profile in words: each player's mix as ``describe_mix`` writes it.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> eq = Equilibrium(((F(0), F(1)), (F(1, 2), F(1, 2))), (F(1), F(2)), (("C", "D"), ("L", "R")))
    >>> describe_profile(eq, fraction=True)
    '(D, L 1/2 · R 1/2)'
    """
    return "(" + ", ".join(describe_mix(labels, mix, fraction=fraction)
                           for labels, mix in zip(equilibrium.strategies, equilibrium.profile)) + ")"


def describe_players_mixes(players: Sequence[str], equilibrium: Equilibrium) -> str:
    """Each player's name and mix (as ``describe_mix`` writes it), separated by ``|``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> eq = Equilibrium(((F(0), F(1)), (F(1, 2), F(1, 2))), (F(1), F(2)), (("C", "D"), ("L", "R")))
    >>> describe_players_mixes(["Row", "Column"], eq)
    'Row: D | Column: L 0.5 · R 0.5'
    """
    return " | ".join(f"{player}: {describe_mix(labels, mix)}"
                      for player, labels, mix in zip(players, equilibrium.strategies, equilibrium.profile))
