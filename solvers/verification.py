"""Check that a profile is a Nash equilibrium: exactly for exact games, to a tolerance otherwise."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import SolverError
from ..games import Game, Number

__all__ = ["strategy_values", "regrets", "check_equilibrium", "check_bimatrix_equilibria", "snap_distribution",
           "tolerance", "RELATIVE_TOLERANCE"]

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
        if len(mix) != size or any(p < -slack for p in mix) or not 1 - slack * size <= sum(mix) <= 1 + slack * size:
            raise SolverError(f"the strategy of {game.players[player]} is not a probability distribution: {mix}")
    payoffs = []
    for player in range(game.n_players):
        current, best = _payoff_and_best(game, profile, player)
        if best - current > slack:
            raise SolverError(f"{game.players[player]} gains {best - current} by deviating: not an equilibrium")
        payoffs.append(current)
    return tuple(payoffs)


def check_bimatrix_equilibria(game: Game, profiles: Sequence[Sequence[Sequence[Fraction]]]
                              ) -> list[tuple[Fraction, Fraction]]:
    """``check_equilibrium`` for many exact profiles of one exact two-player game, in integers.

    The payoff matrices are scaled to integers once; each profile is written over one common
    denominator per player, so every expected payoff is an integer dot product. The checks are
    those of ``check_equilibrium``, exactly, at a fraction of its cost (a 15x15 game has up to
    32,767 extreme equilibria).

    Raises
    ------
    SolverError
        When a profile is not an equilibrium, as ``check_equilibrium`` does.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> bos = Game(("A", "B"), (("O", "F"), ("O", "F")), [[[3, 2], [0, 0]], [[0, 0], [2, 3]]])
    >>> check_bimatrix_equilibria(bos, [[[F(1), F(0)], [F(1), F(0)]], [[F(3, 5), F(2, 5)], [F(2, 5), F(3, 5)]]])
    [(Fraction(3, 1), Fraction(2, 1)), (Fraction(6, 5), Fraction(6, 5))]
    """
    if game.n_players != 2 or not game.is_exact:
        raise SolverError("check_bimatrix_equilibria needs an exact two-player game", fix="use check_equilibrium")
    (a, a_scale), (b, b_scale) = (_integer_matrix(game.payoff_array(p)) for p in (0, 1))
    m, n = game.shape
    if not profiles:
        return []
    pairs = set(map(len, profiles)) == {2}
    xs, ys = ([profile[0] for profile in profiles], [profile[1] for profile in profiles]) if pairs else ([], [])
    if not pairs or set(map(len, xs)) != {m} or set(map(len, ys)) != {n}:
        k = next(k for k, p in enumerate(profiles) if len(p) != 2 or len(p[0]) != m or len(p[1]) != n)
        raise SolverError(f"a profile of {game.players} is not a pair of distributions over "
                          f"{m} and {n} strategies: {profiles[k]}")
    x_num, x_den = _over_common_denominators(xs, profiles)
    y_num, y_den = _over_common_denominators(ys, profiles)
    largest = max((abs(v) for row in (*a, *b) for v in row), default=0)
    kind: type = np.int64 if largest * int(x_den.max()) * int(y_den.max()) < 2**62 else object  # no overflow below
    x_num, y_num, x_den, y_den = (array.astype(kind) for array in (x_num, y_num, x_den, y_den))
    row_values: np.ndarray = y_num @ np.array(a, dtype=kind).T  # profile x row strategy, over a_scale * y_den
    column_values: np.ndarray = x_num @ np.array(b, dtype=kind)  # profile x column strategy, over b_scale * x_den
    row_current = (x_num * row_values).sum(axis=1)  # over a_scale * x_den * y_den
    column_current = (y_num * column_values).sum(axis=1)
    for deviating in np.flatnonzero(row_values.max(axis=1) * x_den > row_current):
        raise SolverError(f"{game.players[0]} gains by deviating from {profiles[int(deviating)]}: not an equilibrium")
    for deviating in np.flatnonzero(column_values.max(axis=1) * y_den > column_current):
        raise SolverError(f"{game.players[1]} gains by deviating from {profiles[int(deviating)]}: not an equilibrium")
    return [(Fraction(int(rc), a_scale * int(xd) * int(yd)), Fraction(int(cc), b_scale * int(xd) * int(yd)))
            for rc, cc, xd, yd in zip(row_current.tolist(), column_current.tolist(), x_den.tolist(), y_den.tolist())]


def _integer_matrix(payoffs: np.ndarray) -> tuple[list[list[int]], int]:
    """A matrix of Fractions as integers over one common denominator."""
    scale = math.lcm(*(v.denominator for v in payoffs.flat))
    return [[v.numerator * (scale // v.denominator) for v in row] for row in payoffs], scale


def _over_common_denominators(mixes: Sequence[Sequence[Fraction]], profiles: Sequence[Any]
                              ) -> tuple[np.ndarray, np.ndarray]:
    """Each mix (a row, all of one length) as integer numerators over its least common
    denominator, checked to be a probability distribution. Enumerations share one Fraction object
    per value, so each distinct mix (told by the identity of its entries) is worked out once, in
    Python ints; int64 arrays when no entry can overflow (a numerator is at most its denominator)."""
    known: dict[tuple[int, ...], int] = {}
    which: list[int] = []
    numerators: list[list[int]] = []
    commons: list[int] = []
    for k, mix in enumerate(mixes):
        key = tuple(map(id, mix))
        place = known.get(key)
        if place is None:
            if not all(type(p) is Fraction for p in mix):
                raise SolverError(f"a profile is not a pair of exact distributions: {profiles[k]}",
                                  fix="pass Fractions")
            common = math.lcm(*(p.denominator for p in mix))
            row = [p.numerator * (common // p.denominator) for p in mix]
            if min(row) < 0 or sum(row) != common:
                raise SolverError(f"a strategy is not a probability distribution: {profiles[k]}")
            place = known[key] = len(commons)
            numerators.append(row)
            commons.append(common)
        which.append(place)
    kind: type = np.int64 if max(commons) < 2**62 else object
    return np.array(numerators, dtype=kind)[which], np.array(commons, dtype=kind)[which]


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
