"""The lexicographic minimum-ratio test of a pivot: in floats where error bounds prove it, else in integers."""

from __future__ import annotations

import numpy as np

from ..errors import InternalError, SolverError
from .float_dictionaries import UNIT

__all__ = ["lex_min_ratio", "lex_minimum", "separate_ratios"]


def separate_ratios(beta: np.ndarray, row_error: np.ndarray, columns: np.ndarray, column_scale: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """The min-ratio row of each (basis, column) in floats, and whether the error bounds prove it.

    ``beta`` is ``(n, k)``, ``columns`` ``(n, c, k)`` (one row of k entries per column), the error of
    entry ``columns[b, j, i]`` at most ``e_i g_j`` with ``e = row_error[b]``, ``g = column_scale[b]``,
    and that of ``beta[b, i]`` at most ``e_i``. With every ``beta`` proven positive (``beta_i > e_i``),
    the minimum ratio ``beta_i / a_i`` over ``a_i > 0`` is the maximum of ``q_i = a_i / beta_i``, and
    the first component of the lexicographic ratio decides. The computed ``q_i`` is off by at most
    ``w_i g_j + (w_i + 4u) |q_i|`` with ``w_i = 2 e_i / (beta_i - e_i)``; the winner is proven when its
    ``q`` minus that bound exceeds zero and every other row's ``q`` plus a (coarser, per-column) bound.

    Examples
    --------
    Column 0 ties rows 0 and 1 (ratio 1), so it is left undecided; column 1 is won by row 0:

    >>> beta, columns = np.array([[1.0, 2.0, 4.0]]), np.array([[[1.0, 2.0, 1.0], [1.0, 1.0, 1.0]]])
    >>> winner, proven = separate_ratios(beta, np.zeros((1, 3)), columns, np.ones((1, 2)))
    >>> winner[0, 1], proven
    (np.int64(0), array([[False,  True]]))
    """
    with np.errstate(all="ignore"):
        weight = 2 * row_error / np.where(beta > row_error, beta - row_error, np.nan)
        quotients = columns / beta[:, None, :]
        lowest = quotients.min(axis=2)
        winner = np.argmax(quotients, axis=2)  # a NaN (a zero beta) wins here but fails the proof below
        best = np.take_along_axis(quotients, winner[:, :, None], axis=2)[:, :, 0]
        np.put_along_axis(quotients, winner[:, :, None], -np.inf, axis=2)
        second = quotients.max(axis=2)
        own = np.take_along_axis(weight, winner, axis=1)
        largest = np.maximum(np.maximum(np.abs(best), np.abs(lowest)), np.abs(second))
        widest = weight.max(axis=1)[:, None]
        others = second + widest * column_scale + (widest + 4 * UNIT) * largest
        separated = best - (own * column_scale + (own + 4 * UNIT) * np.abs(best)) > np.maximum(others, 0)
    return winner, separated


def lex_minimum(lex: np.ndarray, pivots: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """The rows of lexicographically least ``lex[b, i] / pivots[b, j, i]`` among ``candidates[b, j]``.

    ``lex`` is ``(n, k, c)``, ``pivots`` and ``candidates`` ``(n, d, k)``; ratios are compared in floats,
    which callers make exact (see ``PolytopeSearch._decide_by_rounding``). The first component settles almost every
    (basis, column); the next components are compared only where several rows are still tied.
    Returns the updated ``candidates``: one row left per (basis, column) unless ties remain.

    Examples
    --------
    >>> lex, pivots = np.array([[[1.0, 0.0], [2.0, 5.0]]]), np.array([[[1.0, 2.0]]])
    >>> lex_minimum(lex, pivots, np.array([[[True, True]]]))   # (1, 0) and (1, 5/2): row 0
    array([[[ True, False]]])
    """
    count, columns, rows = candidates.shape
    ratio = np.where(candidates, lex[:, None, :, 0] / pivots, np.inf)
    candidates &= ratio == ratio.min(axis=2)[:, :, None]
    flat = candidates.reshape(count * columns, rows)
    open_pairs = np.flatnonzero(flat.sum(axis=1) > 1)
    remaining = flat[open_pairs]
    remaining_pivots = pivots.reshape(count * columns, rows)[open_pairs]
    for component in range(1, lex.shape[2]):
        if not len(open_pairs):
            break
        values = lex[open_pairs // columns, :, component]
        ratio = np.where(remaining, values / remaining_pivots, np.inf)
        remaining &= ratio == ratio.min(axis=1)[:, None]
        flat[open_pairs] = remaining
        still = remaining.sum(axis=1) > 1
        open_pairs, remaining, remaining_pivots = open_pairs[still], remaining[still], remaining_pivots[still]
    return candidates


def lex_min_ratio(lex: list[list[int]], column: list[int]) -> int:
    """The row of the lexicographic minimum ratio ``lex[i] / column[i]`` over rows with ``column[i] > 0``.

    Exact, by cross-multiplication (all entries share one positive denominator). Unique, because the
    rows of ``B^-1`` inside ``lex`` are linearly independent.

    Examples
    --------
    >>> lex_min_ratio([[1, 0], [2, 5]], [1, 2])   # ratios (1, 0) and (1, 5/2): row 0 is smaller
    0
    """
    best = -1
    for row, entry in enumerate(column):
        if entry <= 0:
            continue
        if best < 0 or _lex_less(lex[row], entry, lex[best], column[best]):
            best = row
    if best < 0:
        raise SolverError("a polytope edge is unbounded: the constraint matrix is not positive",
                          fix="shift payoffs so that every entry is positive")
    return best


def _lex_less(first: list[int], first_pivot: int, second: list[int], second_pivot: int) -> bool:
    """Whether ``first / first_pivot`` is lexicographically smaller than ``second / second_pivot``."""
    for a, b in zip(first, second):
        left, right = a * second_pivot, b * first_pivot
        if left != right:
            return left < right
    raise InternalError("two rows of an inverse basis matrix are proportional")
