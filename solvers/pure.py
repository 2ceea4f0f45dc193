"""Pure-strategy Nash equilibria of a game with any number of players."""

from __future__ import annotations

import numpy as np

from ..games import Game
from .verification import tolerance

__all__ = ["pure_equilibria"]


def pure_equilibria(game: Game) -> list[tuple[int, ...]]:
    """Every pure profile (as strategy indices) where no player gains by deviating alone.

    Exact games are compared exactly; float games with the verification tolerance.

    Examples
    --------
    >>> pd = Game(("A", "B"), (("C", "D"), ("C", "D")), [[[3, 3], [0, 5]], [[5, 0], [1, 1]]])
    >>> pure_equilibria(pd)
    [(1, 1)]
    """
    slack = tolerance(game)
    best_everywhere = np.ones(game.shape, dtype=bool)
    for player in range(game.n_players):
        payoffs = game.payoff_array(player)
        best = payoffs.max(axis=player, keepdims=True)
        best_everywhere &= np.asarray(best - payoffs <= slack, dtype=bool)
    return [tuple(int(i) for i in index) for index in np.argwhere(best_everywhere)]
