"""Proof that a support profile holds no equilibrium, by subdividing its product of simplices.

The expected payoff of a player's pure strategy is multilinear in the other players' mixes
(affine in each one), so over a product of simplices (one per other player) it lies between its
values at the vertex profiles, and is strictly positive on the whole product when it is at every
vertex profile. A support profile holds no equilibrium when the product of the faces of its
supports is covered by cells (products of sub-simplices) on each of which some support strategy
``s`` of some player is beaten everywhere by another strategy ``t`` of the same player: ``s`` is
then never a best response (``t`` outside the support), or the player never indifferent between
``s`` and ``t`` (``t`` inside). At the top cell this is the conditional dominance of Porter,
Nudelman and Shoham ("Simple search methods for finding a Nash equilibrium", Games and Economic
Behavior 63, 2008); cells are split by bisecting the longest edge of one player's simplex (the
longest of all), as in the exclusion tests of interval branch-and-bound (Kearfott, "Rigorous
Global Search", 1996). Vertex coordinates are dyadic rationals (exact
in floating point), and a sign is trusted only when the value computed in floating point exceeds
a bound on its rounding error (payoffs far from 1, or more than ``MAX_PLAYERS`` players, where
it might underflow, are not tried), so every exclusion is rigorous. The work is bounded by
``MAX_CELLS`` cells, never by the clock.

Examples
--------
Matching pennies between three players holds no equilibrium in which player 3 mixes while the
others play pure strategies, but one in which everyone mixes (it cannot be excluded):

>>> pennies = Game(("P1", "P2", "P3"), (("H", "T"),) * 3,
...                [[[[1 if a == b else -1, 1 if b == c else -1, 1 if c != a else -1]
...                   for c in range(2)] for b in range(2)] for a in range(2)])
>>> test = SubdivisionTest(pennies)
>>> test.excludes(((0,), (0,), (0, 1))), test.excludes(((0, 1), (0, 1), (0, 1)))
(True, False)
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from ..games import Game

__all__ = ["MAX_CELLS", "MAX_LEVEL", "MAX_PLAYERS", "PAYOFF_RANGE", "ROUNDING", "SubdivisionTest"]

MAX_CELLS = 50_000
"""Most cells examined for one support profile before it is left to exact algebra."""

MAX_LEVEL = 24
"""Most levels of cells below the whole product; each level bisects every open cell twice (fewer,
larger array operations than one bisection per level), so a vertex coordinate has at most 48
binary digits after the point, and midpoints stay exact in floating point."""

MAX_PLAYERS = 10
"""Most players of a game whose supports are tried: a product of the coordinates of a vertex
profile is then at least 2**-480, far from the floating-point underflow."""

PAYOFF_RANGE = (2.0**-400, 2.0**400)
"""The range of the absolute values of non-zero payoffs of a game whose supports are tried."""

ROUNDING = 2.0**-40
"""A bound on the relative rounding error of a payoff computed in floating point at a vertex
profile: a sum of at most a few hundred products, each rounding by a relative 2**-53."""

Cells = tuple[np.ndarray, ...]
"""Cells of one level, all alike: for each player an array ``(cell, vertex, support strategy)``
of vertex coordinates (a row per vertex, summing to one); a cell is the product of the
players' simplices spanned by their rows."""


class SubdivisionTest:
    """The subdivision test of the support profiles of one game.

    Parameters
    ----------
    game
        A game with exact payoffs.
    max_cells
        Most cells examined for one support profile.

    Examples
    --------
    >>> game = Game(("A", "B", "C"), (("X", "Y"),) * 3,
    ...             [[[[int(a == b == c)] * 3 for c in range(2)] for b in range(2)] for a in range(2)])
    >>> test = SubdivisionTest(game)
    >>> test.excludes(((0,), (0,), (1,))), test.excludes(((0, 1), (0, 1), (0, 1)))
    (True, False)
    """

    def __init__(self, game: Game, *, max_cells: int = MAX_CELLS) -> None:
        self._payoffs = [game.payoff_array(k).astype(float) for k in range(game.n_players)] \
            if _representable(game) else None
        self._max_cells = max_cells

    def excludes(self, supports: Sequence[Sequence[int]]) -> bool:
        """True when no equilibrium has exactly these supports (for each player, the indices of
        the strategies of the support), proved by a subdivision into at most ``max_cells``
        cells; False when no proof was found."""
        if self._payoffs is None:
            return False
        tensors = [_payoff_tensor(payoffs, supports, player) for player, payoffs in enumerate(self._payoffs)]
        cells: Cells = tuple(np.eye(len(s))[None] for s in supports)
        examined = 0
        for _ in range(MAX_LEVEL + 1):
            count = len(cells[0])
            examined += count
            if examined > self._max_cells:
                return False
            for player, tensor in enumerate(tensors):
                cells = tuple(v[~_beaten(tensor, cells, player, supports[player])] for v in cells)
                if not len(cells[0]):
                    return True
            cells = _halves(_halves(cells))
            if not len(cells[0]):
                return False  # single profiles, not excluded
        return False


def _representable(game: Game) -> bool:
    """True when floating-point payoffs of ``game`` keep the rounding-error bound valid."""
    sizes = [abs(v) for v in game.payoffs.flat if v != 0]
    low, high = PAYOFF_RANGE
    return game.n_players <= MAX_PLAYERS and all(low <= v <= high for v in sizes)


def _payoff_tensor(payoffs: np.ndarray, supports: Sequence[Sequence[int]], player: int) -> np.ndarray:
    """The payoffs of ``player`` (floating point): a row per strategy of the player, a column per
    profile of the others' support strategies (in player order, the last player's fastest)."""
    index = [list(s) if k != player else list(range(payoffs.shape[player])) for k, s in enumerate(supports)]
    return np.moveaxis(payoffs[np.ix_(*index)], player, 0).reshape(payoffs.shape[player], -1)


def _beaten(tensor: np.ndarray, cells: Cells, player: int, support: Sequence[int]) -> np.ndarray:
    """For each cell: True when some support strategy of ``player`` is beaten, at every vertex
    profile of the others in the cell, by one other strategy of the player, by more than the
    rounding error.

    A value is a sum of products of a payoff and vertex coordinates (dyadic rationals, exact in
    floating point, non-negative and summing to one for each player), so the absolute values of
    its terms sum to at most the largest absolute payoff, and its rounding error is at most
    ``ROUNDING`` times that."""
    count = len(cells[0])
    profiles = np.ones((count, 1, 1))  # (cell, vertex profile, support profile): Kronecker products
    for k, vertices in enumerate(cells):
        if k != player:
            rows, columns = profiles.shape[1] * vertices.shape[1], profiles.shape[2] * vertices.shape[2]
            profiles = np.einsum("zij,zkl->zikjl", profiles, vertices).reshape(count, rows, columns)
    values = profiles @ tensor.T  # (cell, vertex profile, strategy)
    gaps = values[:, :, :, None] - values[:, :, None, list(support)]
    beaten: np.ndarray = (gaps > 2 * ROUNDING * np.abs(tensor).max()).all(axis=1).any(axis=(1, 2))
    return beaten


def _halves(cells: Cells) -> Cells:
    """Each cell cut in two across the midpoint of the longest edge (in the L1 norm) of all its
    players' simplices; ties go to the first player and edge. Empty when the cells are single
    profiles."""
    edges = [(k, i, j) for k, vertices in enumerate(cells)
             for i, j in itertools.combinations(range(vertices.shape[1]), 2)]
    if not edges:
        return tuple(v[:0] for v in cells)
    lengths = np.stack([np.abs(cells[k][:, i] - cells[k][:, j]).sum(axis=1) for k, i, j in edges], axis=1)
    longest = lengths.argmax(axis=1)  # the first of the longest
    first = [v.copy() for v in cells]
    second = [v.copy() for v in cells]
    for e, (k, i, j) in enumerate(edges):
        rows = longest == e
        middle = (cells[k][rows, i] + cells[k][rows, j]) / 2
        first[k][rows, i] = middle
        second[k][rows, j] = middle
    return tuple(np.concatenate([a, b]) for a, b in zip(first, second))
