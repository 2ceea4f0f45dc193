"""A float screen of many games of any number of players at once: their pure equilibria, and
which of them may have others.

For K games given as one payoff array, the screen decides in floats, with a margin, what can be
decided without solving anything:

1. the pure equilibria of every game: a pure profile is an equilibrium when each player's
   strategy in it pays more than each of the player's other strategies against the others'
   strategies in it; a comparison within the margin of a tie leaves the game undecided;
2. whether a game can have an equilibrium in which some player mixes: a profile of supports
   (one non-empty set of strategies per player, at least one with two or more) can hold an
   equilibrium only if no strategy in a player's support is strictly worse than some pure
   strategy of that player against every pure profile of the others' supports (conditional
   dominance: Porter, Nudelman and Shoham, "Simple search methods for finding a Nash
   equilibrium", Games and Economic Behavior 63, 2008). The test is made for every such support
   profile, strictly beyond the margin; a game where some support profile survives it may have
   a mixed equilibrium.

A game is *flagged* when it is undecided by (1), has a support profile that survives (2), or
has a payoff that is not finite. The equilibria of a game that is not flagged are exactly its
pure equilibria: every equilibrium has some support profile, every support profile with a
mixed support was ruled out (a strategy of the support strictly worse, with margin, than
another against everything the others may play, so it cannot be a best response), and the pure
ones were decided with margin. Flagged games are for an exact solver; the screen never says
anything about them.

The margin is ``RELATIVE_TIE`` times the game's payoff scale (its largest absolute payoff, or 1),
as in ``chipgame.solvers.batch_support``: payoffs computed in floats from exact formulas are
trusted to that relative accuracy.

Examples
--------
Matching pennies for three (player 1 wants to match player 2, who wants to match player 3, who
wants to mismatch player 1) has only a mixed equilibrium: flagged. In a public-good game where
giving (strategy 0) pays each player 0.75 and costs the giver 1, keeping (strategy 1) is
strictly dominant: not flagged, and its one equilibrium is pure.

>>> pennies = np.array([[[[1 if a == b else -1, 1 if b == c else -1, 1 if c != a else -1]
...                       for c in range(2)] for b in range(2)] for a in range(2)], dtype=float)
>>> public = np.array([[[[0.75 * (3 - a - b - c) - (s == 0) for s in (a, b, c)]
...                      for c in range(2)] for b in range(2)] for a in range(2)])
>>> screen = screen_equilibria(np.stack([pennies, public]))
>>> screen.flagged.tolist()
[True, False]
>>> screen.profiles(1)
[(1, 1, 1)]
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from ..errors import SolverError

__all__ = ["MAX_SUPPORT_PROFILES", "RELATIVE_TIE", "PureScreen", "screen_equilibria"]

RELATIVE_TIE = 1e-9
"""A payoff difference within this multiple of the game's payoff scale counts as a tie."""

MAX_SUPPORT_PROFILES = 20_000
"""Most support profiles the screen tests; games with more are all flagged (left to the exact
solver)."""

_CELLS_PER_SLICE = 1 << 22
"""Games are screened in slices of about this many (game, support profile) cells at a time."""


@dataclass(frozen=True, eq=False)
class PureScreen:
    """The screen of K games with ``shape`` strategies per player.

    Parameters
    ----------
    pure
        Shape ``(K, *shape)``: ``pure[k][profile]`` is True when the pure profile is an
        equilibrium of game k. Meaningful only where ``flagged[k]`` is False.
    payoffs
        Shape ``(K, *shape, players)``: the payoffs screened.
    flagged
        Shape ``(K,)``: games whose equilibria the screen did not decide (a near tie, a support
        profile that may hold a mixed equilibrium, or a payoff that is not finite).
    """

    pure: np.ndarray
    payoffs: np.ndarray
    flagged: np.ndarray

    def __len__(self) -> int:
        return len(self.flagged)

    def profiles(self, index: int) -> list[tuple[int, ...]]:
        """The pure equilibria of game ``index`` as strategy indices, in lexicographic order.

        Examples
        --------
        >>> prisoners = np.array([[[[3.0, 3.0], [0.0, 5.0]], [[5.0, 0.0], [1.0, 1.0]]]])
        >>> screen_equilibria(prisoners).profiles(0)
        [(1, 1)]
        """
        return [tuple(int(i) for i in profile) for profile in np.argwhere(self.pure[index])]


def screen_equilibria(payoffs: np.ndarray) -> PureScreen:
    """Screen K games given as one array of shape ``(K, *shape, players)`` (see the module).

    Parameters
    ----------
    payoffs
        ``payoffs[k][profile][player]``: the payoff of ``player`` at the pure ``profile`` of
        game k, as floats (non-finite values flag the game).

    Returns
    -------
    PureScreen
        The pure equilibria of every game and which games the screen could not decide.

    Raises
    ------
    SolverError
        When the array's shape is not that of a batch of games.

    Examples
    --------
    Public goods for three (see the module): when giving costs the third player only 0.75,
    what it gives back, the third player is indifferent and the game is flagged.

    >>> def public(cost):
    ...     return [[[[0.75 * (3 - a - b - c) - (s == 0) * k for s, k in zip((a, b, c), (1, 1, cost))]
    ...               for c in range(2)] for b in range(2)] for a in range(2)]
    >>> screen = screen_equilibria(np.array([public(1.0), public(0.75)]))
    >>> screen.flagged.tolist(), screen.profiles(0)
    ([False, True], [(1, 1, 1)])
    """
    values = np.asarray(payoffs, dtype=float)
    if values.ndim < 3 or values.shape[-1] != values.ndim - 2 or 0 in values.shape[1:]:
        raise SolverError(f"payoffs of shape {values.shape} are not K games",
                          fix="give an array of shape (K, strategies of each player..., players)")
    count, shape = values.shape[0], values.shape[1:-1]
    cells = values[0].size if count else 0
    finite = np.isfinite(values.reshape(count, cells)).all(axis=1)
    values = np.where(finite.reshape(-1, *[1] * (len(shape) + 1)), values, 0.0)
    scale = np.maximum(1.0, np.abs(values).reshape(count, cells).max(axis=1, initial=0.0))
    tie = RELATIVE_TIE * scale
    pure, undecided = _pure(values, tie)
    flagged = ~finite | undecided | _may_mix(values, tie)
    for array in (pure, values, flagged):
        array.flags.writeable = False
    return PureScreen(pure, values, flagged)


def _pure(values: np.ndarray, tie: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pure equilibria decided with margin, and the games where some profile is undecided."""
    count, shape = values.shape[0], values.shape[1:-1]
    margin = tie.reshape(-1, *[1] * len(shape))
    certain = np.ones((count, *shape), dtype=bool)
    possible = np.ones((count, *shape), dtype=bool)
    for player, strategies in enumerate(shape):
        if strategies == 1:
            continue
        own = np.moveaxis(values[..., player], player + 1, 1)
        gap = np.empty_like(own)
        for s in range(strategies):
            gap[:, s] = own[:, s] - np.delete(own, s, axis=1).max(axis=1)
        gap = np.moveaxis(gap, 1, player + 1)
        certain &= gap > margin
        possible &= gap >= -margin
    undecided = np.asarray((possible & ~certain).reshape(count, math.prod(shape)).any(axis=1))
    return certain, undecided


def _subsets(size: int) -> list[tuple[int, ...]]:
    """The non-empty subsets of ``range(size)``, singletons first."""
    return [c for k in range(1, size + 1) for c in itertools.combinations(range(size), k)]


def _may_mix(values: np.ndarray, tie: np.ndarray) -> np.ndarray:
    """The games where some support profile with a mixed support survives conditional dominance
    (with margin): they may have a mixed equilibrium."""
    count, shape = values.shape[0], values.shape[1:-1]
    subsets = [_subsets(size) for size in shape]
    profiles = math.prod(len(s) for s in subsets)
    if profiles > MAX_SUPPORT_PROFILES:
        return np.ones(count, dtype=bool)
    if profiles == 1:
        return np.zeros(count, dtype=bool)
    step = max(1, _CELLS_PER_SLICE // (profiles * max(shape) ** 2))
    return np.concatenate([_may_mix_slice(values[start:start + step], tie[start:start + step], subsets)
                           for start in range(0, count, step)]) if count else np.zeros(0, dtype=bool)


def _may_mix_slice(values: np.ndarray, tie: np.ndarray, subsets: list[list[tuple[int, ...]]]) -> np.ndarray:
    count, shape = values.shape[0], values.shape[1:-1]
    players = len(shape)
    ruled = np.zeros((count, *(len(s) for s in subsets)), dtype=bool)
    for player, strategies in enumerate(shape):
        if strategies == 1:
            continue  # a single strategy is never dominated by another
        own = np.moveaxis(values[..., player], player + 1, 1)  # (K, own, others...)
        margin = tie.reshape(-1, *[1] * (players + 1))
        # worse[k, s, t, others...]: s pays less than t, beyond the margin, against those others
        worse = own[:, None, :] - own[:, :, None] > margin
        axis = 3
        for other in range(players):
            if other == player:
                continue
            worse = np.stack([worse.take(list(subset), axis=axis).all(axis=axis) for subset in subsets[other]],
                             axis=axis)
            axis += 1
        # dominated[k, s, others' supports...]: s is strictly worse than some t against all of them
        dominated = worse.any(axis=2)
        own_ruled = np.stack([dominated[:, list(subset)].any(axis=1) for subset in subsets[player]], axis=1)
        ruled |= np.moveaxis(own_ruled, 1, player + 1)
    # the singletons come first in each player's subsets: the pure profiles are their product
    mixed = np.ones([len(s) for s in subsets], dtype=bool)
    mixed[np.ix_(*[np.arange(size) for size in shape])] = False
    return np.asarray((~ruled & mixed).reshape(count, mixed.size).any(axis=1))
