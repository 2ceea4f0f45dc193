"""Check that a profile is a Nash equilibrium: exactly for exact games, to a tolerance otherwise."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from ..errors import SolverError
from ..games import Game, Number

__all__ = ["strategy_values", "regrets", "check_equilibrium", "snap_distribution", "tolerance", "RELATIVE_TOLERANCE"]

RELATIVE_TOLERANCE = 1e-9
"""Float games: largest regret accepted, as a multiple of the payoff scale."""


def tolerance(game: Game) -> Number:
    """The regret a float game may show at an equilibrium; zero for exact games.

    Examples
    --------
    >>> g = Game(("A", "B"), (("x",), ("y",)), [[[1.0, 2.0]]])
    >>> tolerance(g)
    2e-09
    """
    if game.is_exact:
        return Fraction(0)
    scale = float(np.max(np.abs(game.payoffs))) if game.payoffs.size else 0.0
    return RELATIVE_TOLERANCE * max(scale, 1.0)


def strategy_values(game: Game, profile: Sequence[Sequence[Number]], player: int) -> list[Number]:
    """The expected payoff of each pure strategy of ``player`` when the others play ``profile``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> pennies = Game(("A", "B"), (("H", "T"), ("H", "T")), [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> strategy_values(pennies, [[F(1, 2), F(1, 2)], [F(1, 4), F(3, 4)]], 0)
    [Fraction(-1, 2), Fraction(1, 2)]
    """
    values = game.payoff_array(player)
    dtype = object if game.is_exact else float
    for other in reversed(range(game.n_players)):
        if other != player:
            mix = np.array(list(profile[other]), dtype=dtype)
            values = np.tensordot(values, mix, axes=([other], [0]))
    return list(values)


def _payoff_and_best(game: Game, profile: Sequence[Sequence[Number]], player: int) -> tuple[Number, Number]:
    """A player's expected payoff under ``profile``, and its best pure-deviation payoff."""
    values = strategy_values(game, profile, player)
    current = sum((p * v for p, v in zip(profile[player], values)), start=Fraction(0))
    return current, max(values)


def regrets(game: Game, profile: Sequence[Sequence[Number]]) -> tuple[Number, ...]:
    """Each player's gain from the best pure deviation (zero at an equilibrium)."""
    return tuple(best - current for current, best in
                 (_payoff_and_best(game, profile, player) for player in range(game.n_players)))


def check_equilibrium(game: Game, profile: Sequence[Sequence[Number]]) -> tuple[Number, ...]:
    """Verify ``profile`` is a Nash equilibrium of ``game``; return each player's payoff.

    Every player's entry must be a probability distribution over its strategies (exactly
    for exact games) and no player may gain by a pure deviation (beyond ``tolerance``).

    Raises
    ------
    SolverError
        When the profile is not an equilibrium; the message says which check failed.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> pd = Game(("A", "B"), (("C", "D"), ("C", "D")), [[[3, 3], [0, 5]], [[5, 0], [1, 1]]])
    >>> check_equilibrium(pd, [[F(0), F(1)], [F(0), F(1)]])
    (Fraction(1, 1), Fraction(1, 1))
    """
    slack = tolerance(game)
    if len(profile) != game.n_players:
        raise SolverError(f"a profile has {len(profile)} entries for {game.n_players} players")
    for player, (mix, size) in enumerate(zip(profile, game.shape)):
        if len(mix) != size or any(p < -slack for p in mix) or abs(sum(mix) - 1) > slack * size:
            raise SolverError(f"the strategy of {game.players[player]} is not a probability distribution: {mix}")
    payoffs = []
    for player in range(game.n_players):
        current, best = _payoff_and_best(game, profile, player)
        if best - current > slack:
            raise SolverError(f"{game.players[player]} gains {best - current} by deviating: not an equilibrium")
        payoffs.append(current)
    return tuple(payoffs)


def snap_distribution(mix: Sequence[float], floor: float = 1e-12) -> tuple[float, ...]:
    """A float mixed strategy with round-off removed: entries at or below ``floor`` (negatives
    included) set to 0, the rest rescaled to sum to 1.

    Examples
    --------
    >>> snap_distribution([0.75, -2e-17, 0.5])
    (0.6, 0.0, 0.4)
    """
    values = [float(p) if p > floor else 0.0 for p in mix]
    total = sum(values)
    return tuple(v / total for v in values) if total > 0 else tuple(values)
