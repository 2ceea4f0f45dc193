"""Support profiles in the order support enumeration takes them, each marked when it provably holds no equilibrium."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from fractions import Fraction

import numpy as np

from ..games import Game
from .support_exclusion import SubdivisionTest

__all__ = ["decided_profiles"]


DominatedCache = dict[tuple[int | Sequence[int], ...], frozenset[int]]
"""The strategies of a player dominated against a profile of the others' supports, keyed by the
player followed by those supports."""


def _support_profiles(shape: Sequence[int]) -> Iterator[tuple[tuple[int, ...], ...]]:
    """Every profile of non-empty supports, smallest total size first, then by the sizes, then in
    index order; generated lazily, so that a bound on their number bounds the work."""
    size_vectors = sorted(itertools.product(*(range(1, n + 1) for n in shape)), key=lambda sizes: (sum(sizes), sizes))
    for sizes in size_vectors:
        yield from itertools.product(*(itertools.combinations(range(n), size) for n, size in zip(shape, sizes)))


def decided_profiles(game: Game, count: int) -> Iterator[tuple[tuple[tuple[int, ...], ...], bool]]:
    """The first ``count`` support profiles of ``game`` in the order of ``_support_profiles``,
    each with True when it is proved to hold no equilibrium: a support strategy is conditionally
    dominated, or, with two or more mixing players, the subdivision test excludes it (profiles
    of the same sizes are subdivided together).

    Examples
    --------
    In matching pennies only the full supports can hold an equilibrium:

    >>> pennies = Game(("A", "B"), (("H", "T"), ("H", "T")), [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> [supports for supports, ruled_out in decided_profiles(pennies, 9) if not ruled_out]
    [((0, 1), (0, 1))]
    """
    integers = _integer_payoffs(game)
    dominated: DominatedCache = {}
    subdivision = SubdivisionTest(game)
    profiles = itertools.islice(_support_profiles(game.shape), count)
    for sizes, group in itertools.groupby(profiles, key=lambda supports: tuple(map(len, supports))):
        alike = [(supports, _conditionally_dominated(integers, supports, dominated)) for supports in group]
        if sum(size > 1 for size in sizes) >= 2:
            tried = [supports for supports, dominated in alike if not dominated]
            excluded = dict(zip(tried, subdivision.excluded(tried)))
            alike = [(supports, dominated or excluded[supports]) for supports, dominated in alike]
        yield from alike


def _integer_payoffs(game: Game) -> list[np.ndarray]:
    """Each player's payoffs times a positive integer (the same for all of that player's
    payoffs): 64-bit integers when their differences fit, Python ints otherwise."""
    arrays = []
    for player in range(game.n_players):
        values = game.payoff_array(player)
        scale = math.lcm(*(Fraction(v).denominator for v in values.flat))
        integers = np.vectorize(lambda v, scale=scale: int(v * scale), otypes=[object])(values)
        small = all(abs(v) < 2**61 for v in integers.flat)
        arrays.append(integers.astype(np.int64) if small else integers)
    return arrays


def _conditionally_dominated(payoffs: Sequence[np.ndarray], supports: Sequence[Sequence[int]],
                             dominated: DominatedCache) -> bool:
    """True when some strategy of a support is never a best response with these supports: some
    other pure strategy of its player pays at least as much against every profile of the
    others' supports, and more against one. (At an equilibrium with exactly these supports every
    such profile has positive probability, so the other strategy would pay strictly more.)
    ``payoffs`` are the players' payoffs from ``_integer_payoffs``; ``dominated`` keeps each
    player's dominated strategies by the others' supports, as they are found."""
    for player, support in enumerate(supports):
        key: tuple[int | Sequence[int], ...] = (player, *supports[:player], *supports[player + 1:])
        if key not in dominated:
            dominated[key] = _dominated_strategies(payoffs[player], supports, player)
        if not dominated[key].isdisjoint(support):
            return True
    return False


def _dominated_strategies(payoffs: np.ndarray, supports: Sequence[Sequence[int]], player: int) -> frozenset[int]:
    """The strategies of ``player`` that another of its pure strategies pays at least as much as
    against every profile of the others' supports, and more against one."""
    size = payoffs.shape[player]
    others = [list(s) if k != player else list(range(size)) for k, s in enumerate(supports)]
    values = np.moveaxis(payoffs[np.ix_(*others)], player, 0).reshape(size, -1)
    gaps = values[:, None, :] - values[None, :, :]  # (other strategy, strategy, profile)
    beaten = ((gaps >= 0).all(axis=2) & (gaps > 0).any(axis=2)).any(axis=0)
    return frozenset(int(s) for s in np.flatnonzero(beaten))
