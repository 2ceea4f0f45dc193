"""Support enumeration for many two-player games at once, with every near-tie flagged.

For each pair of supports of equal size, the indifference systems of all games are solved in
one batched ``numpy.linalg.solve`` call, and feasibility and best-response conditions are tested
as array operations. In a non-degenerate game every equilibrium has supports of equal size and
is the unique solution of its pair's systems, so this finds all of them. A game is *flagged* for
exact solving when any test of a side whose solution is feasible comes within tolerance of a tie
(a probability at 0, a best-response slack at 0, a nearly singular system), or when it ends with
an even number of equilibria (a non-degenerate game has an odd number; Shapley 1974). The flag
errs on the side of caution: flagged games are solved exactly, one by one, by the caller.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

__all__ = ["SupportPair", "BatchResult", "batch_support_enumeration", "RELATIVE_TIE"]

RELATIVE_TIE = 1e-9
"""A test within this multiple of the payoff scale (or of 1, for probabilities) counts as a tie."""

_SINGULAR = 1e-10


@dataclass(frozen=True)
class SupportPair:
    """Strategies played by the row and the column player."""

    rows: tuple[int, ...]
    columns: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class BatchResult:
    """Equilibria of K games by support pair.

    ``valid[k, p]`` says pair ``pairs[p]`` gives an equilibrium of game k; its strategies are
    ``rows[p][k]`` and ``columns[p][k]`` and its payoffs ``payoffs[p][k]``. Games with
    ``flagged[k]`` need an exact solve: their entries here are not to be trusted.
    """

    pairs: tuple[SupportPair, ...]
    valid: np.ndarray
    rows: tuple[np.ndarray, ...]
    columns: tuple[np.ndarray, ...]
    payoffs: tuple[np.ndarray, ...]
    flagged: np.ndarray


def batch_support_enumeration(row_payoffs: np.ndarray, column_payoffs: np.ndarray) -> BatchResult:
    """Equilibria of K bimatrix games given as arrays of shape ``(K, m, n)``.

    Examples
    --------
    >>> A = np.array([[[3.0, 0.0], [0.0, 2.0]], [[1.0, 0.0], [0.0, 1.0]]])
    >>> result = batch_support_enumeration(A, np.swapaxes(A, 1, 2).copy())
    >>> result.valid.sum(axis=1).tolist(), result.flagged.tolist()
    ([3, 3], [False, False])
    """
    count, m, n = row_payoffs.shape
    scale = np.maximum(1.0, np.max(np.abs(np.concatenate([row_payoffs, column_payoffs], axis=1)).reshape(count, -1),
                                   axis=1))
    tie = RELATIVE_TIE * scale
    flagged = np.zeros(count, dtype=bool)
    pairs, valid, rows_out, columns_out, payoffs_out = [], [], [], [], []
    for size in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), size):
            for columns in itertools.combinations(range(n), size):
                # the column player's mix makes the row player indifferent on ``rows``, and vice versa
                y, u, y_feasible, y_best, y_tie, y_singular = _side(row_payoffs, rows, columns, tie)
                x, v, x_feasible, x_best, x_tie, x_singular = _side(
                    np.swapaxes(column_payoffs, 1, 2), columns, rows, tie)
                # a feasible side with a tie may belong to an equilibrium with unequal supports; a
                # singular side against a valid one may hide a continuum of equilibria
                flagged |= (x_tie | y_tie | (x_singular & y_singular)
                            | (x_singular & y_feasible & y_best) | (y_singular & x_feasible & x_best))
                pairs.append(SupportPair(rows, columns))
                valid.append(x_feasible & x_best & y_feasible & y_best)
                rows_out.append(x)
                columns_out.append(y)
                payoffs_out.append(np.stack([u, v], axis=1))
    valid_array = np.stack(valid, axis=1)
    flagged |= valid_array.sum(axis=1) % 2 == 0
    return BatchResult(tuple(pairs), valid_array, tuple(rows_out), tuple(columns_out), tuple(payoffs_out), flagged)


def _side(payoffs: np.ndarray, own: tuple[int, ...], other: tuple[int, ...], tie: np.ndarray):
    """Solve for the mix on ``other`` that makes the player of ``payoffs`` indifferent on ``own``.

    ``payoffs`` has shape (K, own player's strategies, other player's strategies). Returns the
    full mix (K, n_other) and the value (K,), then boolean arrays: the mix is a distribution,
    ``own`` are best responses to it, a feasible mix has a near tie (a probability or a
    best-response slack at zero), and the system is (nearly) singular.
    """
    count, n_own, n_other = payoffs.shape
    size = len(own)
    block = payoffs[:, own][:, :, other]
    system = np.zeros((count, size + 1, size + 1))
    system[:, :size, :size] = block
    system[:, :size, size] = -1.0
    system[:, size, :size] = 1.0
    rhs = np.zeros((count, size + 1))
    rhs[:, size] = 1.0
    degenerate = np.abs(np.linalg.det(system)) <= _SINGULAR * np.prod(np.linalg.norm(system, axis=2), axis=1)
    # a singular system has no solution (no equilibrium with these supports, which is harmless)
    # or a continuum of them (a degenerate game, reported as ``singular``)
    singular = np.zeros(count, dtype=bool)
    if degenerate.any():
        # regularised least squares: the residual is (nearly) zero exactly when the system is consistent
        block, target = system[degenerate], rhs[degenerate]
        normal = np.einsum("kji,kjl->kil", block, block)
        ridge = 1e-12 * np.einsum("kii->k", normal)[:, None, None] * np.eye(size + 1)
        nearest = np.linalg.solve(normal + ridge, np.einsum("kji,kj->ki", block, target)[..., None])[..., 0]
        residual = np.linalg.norm(np.einsum("kij,kj->ki", block, nearest) - target, axis=1)
        singular[np.flatnonzero(degenerate)[residual <= tie[degenerate]]] = True
        system[degenerate] = np.eye(size + 1)
    solution = np.linalg.solve(system, rhs[..., None])[..., 0]
    mix = np.zeros((count, n_other))
    mix[:, other] = solution[:, :size]
    value = solution[:, size]
    feasible = np.all(mix[:, other] >= -RELATIVE_TIE, axis=1) & ~degenerate
    near = np.any(np.abs(mix[:, other]) <= RELATIVE_TIE, axis=1) if size > 1 else np.zeros(count, dtype=bool)
    outside = [i for i in range(n_own) if i not in own]
    if outside:
        slack = value[:, None] - np.einsum("kij,kj->ki", payoffs[:, outside], mix)
        best = np.all(slack >= -tie[:, None], axis=1)
        near |= np.any(np.abs(slack) <= tie[:, None], axis=1)
    else:
        best = np.ones(count, dtype=bool)
    return mix, value, feasible, best, near & feasible, singular
