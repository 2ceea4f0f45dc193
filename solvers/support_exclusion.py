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
``MAX_CELLS`` cells per support profile, never by the clock. Profiles whose supports have the
same sizes are subdivided together, in the same array operations (a game has hundreds of
profiles, most decided in a few levels, so this saves most of the per-operation cost), each
one's cells counted on its own.

Examples
--------
Matching pennies between three players holds no equilibrium in which player 3 mixes while the
others play pure strategies, but one in which everyone mixes (it cannot be excluded):

>>> pennies = Game(("P1", "P2", "P3"), (("H", "T"),) * 3,
...                [[[[1 if a == b else -1, 1 if b == c else -1, 1 if c != a else -1]
...                   for c in range(2)] for b in range(2)] for a in range(2)])
>>> SubdivisionTest(pennies).excluded([((0,), (0,), (0, 1)), ((0, 1), (0, 1), (0, 1))])
(True, False)
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from ..games import Game

__all__ = ["CHUNK", "MAX_BATCH_CELLS", "MAX_CELLS", "MAX_LEVEL", "MAX_PLAYERS", "PAYOFF_RANGE", "ROUNDING",
           "SubdivisionTest"]

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

MAX_BATCH_CELLS = 4 * MAX_CELLS
"""Most cells of one level of profiles subdivided together; more are split in two by profile,
so a batch needs no more memory than the largest level of one profile alone (four times the
survivors of a level within ``MAX_CELLS``)."""

CHUNK = 4096
"""Most cells whose payoffs are computed in one array operation (bounds the memory used)."""

ROUNDING = 2.0**-40
"""A bound on the relative rounding error of a payoff computed in floating point at a vertex
profile: one average per other player (fewer than ``MAX_PLAYERS``), each of at most a few
hundred terms (a support's strategies) and rounding by at most that many times 2**-53."""

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
    >>> SubdivisionTest(game).excluded([((0,), (0,), (1,)), ((0, 1), (0, 1), (0, 1))])
    (True, False)
    """

    def __init__(self, game: Game, *, max_cells: int = MAX_CELLS) -> None:
        self._payoffs = [game.payoff_array(k).astype(float) for k in range(game.n_players)] \
            if _representable(game) else None
        self._max_cells = max_cells

    def excluded(self, profiles: Sequence[Sequence[Sequence[int]]]) -> tuple[bool, ...]:
        """For each support profile (for each player, the indices of the strategies of the
        support): True when no equilibrium has exactly these supports, proved by a subdivision
        into at most ``max_cells`` cells; False when no proof was found.

        Profiles with the same support sizes are subdivided together, in the same array
        operations; each one's cells are counted and decided on their own, so the answer for a
        profile does not depend on the others given with it."""
        result = [False] * len(profiles)
        if self._payoffs is None:
            return tuple(result)
        groups: dict[tuple[int, ...], list[int]] = {}
        for index, supports in enumerate(profiles):
            groups.setdefault(tuple(map(len, supports)), []).append(index)
        for indices in groups.values():
            for index, excluded in zip(indices, self._excluded_alike([profiles[i] for i in indices])):
                result[index] = bool(excluded)
        return tuple(result)

    def _excluded_alike(self, profiles: Sequence[Sequence[Sequence[int]]]) -> np.ndarray:
        """``excluded`` for profiles whose supports have the same sizes. A level holding more
        than ``MAX_BATCH_CELLS`` cells is split in two by profile, each half carried on alone."""
        assert self._payoffs is not None
        tensors = [np.stack([_payoff_tensor(payoffs, supports, player) for supports in profiles])
                   for player, payoffs in enumerate(self._payoffs)]
        bounds = [2 * ROUNDING * np.abs(t).max(axis=(1, 2)) for t in tensors]
        # cheapest test first (strategies x support strategies x others' vertex profiles): a cell
        # beaten for any player is dropped, so the order changes the work, not the outcome
        order = sorted(range(len(tensors)), key=lambda k: tensors[k].size * len(profiles[0][k]))
        examined = np.zeros(len(profiles), dtype=np.int64)
        open_ = np.ones(len(profiles), dtype=bool)  # neither excluded nor given up
        excluded = np.zeros(len(profiles), dtype=bool)
        top: Cells = tuple(np.broadcast_to(np.eye(len(s)), (len(profiles), len(s), len(s))) for s in profiles[0])
        pending = [(0, np.arange(len(profiles)), top)]  # (level, the profile of each cell, cells)
        while pending:
            level, owners, cells = pending.pop()
            present = np.bincount(owners, minlength=len(profiles)) > 0
            if len(owners) > MAX_BATCH_CELLS and present.sum() > 1:
                lower = owners < np.flatnonzero(present)[present.sum() // 2]
                pending += [(level, owners[part], tuple(v[part] for v in cells)) for part in (~lower, lower)]
                continue
            examined += np.bincount(owners, minlength=len(profiles))
            open_ &= examined <= self._max_cells
            for player in order:
                keep = open_[owners]
                keep[keep] = ~_beaten(tensors[player], bounds[player], owners[keep], tuple(v[keep] for v in cells),
                                      player)
                owners, cells = owners[keep], tuple(v[keep] for v in cells)
            left = np.bincount(owners, minlength=len(profiles)) > 0
            excluded |= present & open_ & ~left
            open_ &= ~present | left
            if len(owners) and level < MAX_LEVEL and any(v.shape[1] > 1 for v in cells):
                pending.append((level + 1, np.tile(owners, 4), _halves(_halves(cells))))
        return excluded


def _representable(game: Game) -> bool:
    """True when floating-point payoffs of ``game`` keep the rounding-error bound valid."""
    sizes = [abs(v) for v in game.payoffs.flat if v != 0]
    low, high = PAYOFF_RANGE
    return game.n_players <= MAX_PLAYERS and all(low <= v <= high for v in sizes)


def _payoff_tensor(payoffs: np.ndarray, supports: Sequence[Sequence[int]], player: int) -> np.ndarray:
    """The payoffs of ``player`` (floating point): a row per strategy of the player, its support
    strategies first, a column per profile of the others' support strategies (in player order,
    the last player's fastest)."""
    own = [*supports[player], *(s for s in range(payoffs.shape[player]) if s not in supports[player])]
    index = [list(s) if k != player else own for k, s in enumerate(supports)]
    return np.moveaxis(payoffs[np.ix_(*index)], player, 0).reshape(payoffs.shape[player], -1)


def _beaten(tensors: np.ndarray, bounds: np.ndarray, owners: np.ndarray, cells: Cells, player: int) -> np.ndarray:
    """For each cell: True when some support strategy of ``player`` is beaten, at every vertex
    profile of the others in the cell, by one other strategy of the player, by more than the
    rounding error. ``tensors`` and ``bounds`` hold those of every profile, ``owners`` the
    profile of each cell; the player's support strategies are the first rows of its tensor.

    A value is computed as nested averages: for each other player in turn, the values so far are
    combined with the coordinates of one of its vertices (dyadic rationals, exact in floating
    point, non-negative and summing to one). Every intermediate value is then at most the
    largest absolute payoff in absolute value, and each step adds at most its number of terms
    times 2**-53 of that, so the rounding error is at most ``ROUNDING`` times the largest
    absolute payoff; ``bounds`` are twice that error."""
    return np.concatenate([_beaten_chunk(tensors, bounds, owners[start:start + CHUNK],
                                         tuple(v[start:start + CHUNK] for v in cells), player)
                           for start in range(0, len(owners), CHUNK)] or [np.zeros(0, dtype=bool)])


def _beaten_chunk(tensors: np.ndarray, bounds: np.ndarray, owners: np.ndarray, cells: Cells, player: int
                  ) -> np.ndarray:
    """``_beaten`` for a few cells at a time."""
    count, strategies = len(owners), tensors.shape[1]
    values = tensors[owners]  # (cell, strategy, the others' support profile)
    rows = strategies
    for k, vertices in enumerate(cells):
        if k != player:  # player k's support strategies replaced by the vertices of its simplex
            values = vertices[:, None] @ values.reshape(count, rows, vertices.shape[2], -1)
            rows *= vertices.shape[1]
    values = values.reshape(count, strategies, -1)  # (cell, strategy, vertex profile)
    gaps = values[:, :, None, :] - values[:, None, :cells[player].shape[1], :]
    beaten: np.ndarray = (gaps > bounds[owners][:, None, None, None]).all(axis=3).any(axis=(1, 2))
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
