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
    with np.errstate(all="ignore"):  # singular and non-finite systems are detected and flagged, not warned about
        return _enumerate(row_payoffs, column_payoffs)


def _enumerate(row_payoffs: np.ndarray, column_payoffs: np.ndarray) -> BatchResult:
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
                column_block = row_payoffs[:, rows][:, :, columns]
                row_block = np.swapaxes(column_payoffs[:, rows][:, :, columns], 1, 2)
                y, u, y_feasible, y_best, y_tie, y_degenerate = _side(row_payoffs, rows, columns, column_block, tie)
                x, v, x_feasible, x_best, x_tie, x_degenerate = _side(
                    np.swapaxes(column_payoffs, 1, 2), columns, rows, row_block, tie)
                x_valid, y_valid = x_feasible & x_best, y_feasible & y_best
                # a singular system matters only when it has a continuum of solutions (not none)
                # and the other side could complete an equilibrium
                y_singular = _continuum(column_block, y_degenerate & (x_valid | x_degenerate), tie)
                x_singular = _continuum(row_block, x_degenerate & (y_valid | y_degenerate), tie)
                # a feasible side with a tie may belong to an equilibrium with unequal supports
                flagged |= x_tie | y_tie | (x_singular & (y_valid | y_singular)) | (y_singular & x_valid)
                pairs.append(SupportPair(rows, columns))
                valid.append(x_valid & y_valid)
                rows_out.append(x)
                columns_out.append(y)
                payoffs_out.append(np.stack([u, v], axis=1))
    valid_array = np.stack(valid, axis=1)
    flagged |= valid_array.sum(axis=1) % 2 == 0
    return BatchResult(tuple(pairs), valid_array, tuple(rows_out), tuple(columns_out), tuple(payoffs_out), flagged)


def _indifference(block: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Solve ``block @ z = u * 1, sum(z) = 1`` for K square blocks at once.

    With ``w = adj(block) @ 1``, the solution is ``z = w / sum(w)`` and ``u = det(block) / sum(w)``;
    ``sum(w)`` is (up to sign) the determinant of the bordered system, so the system is singular
    exactly when it vanishes. Closed forms for sizes 1 to 3 (the common case) avoid one LAPACK
    call per tiny matrix; larger blocks go through ``numpy.linalg``.

    Returns ``z``, ``u`` and a mask of (nearly) singular systems.
    """
    count, size, _ = block.shape
    scale = np.maximum(1.0, np.max(np.abs(block).reshape(count, -1), axis=1))
    if size == 1:
        weights, determinant = np.ones((count, 1)), block[:, 0, 0]
    elif size == 2:
        a, b, c, d = block[:, 0, 0], block[:, 0, 1], block[:, 1, 0], block[:, 1, 1]
        weights, determinant = np.stack([d - b, a - c], axis=1), a * d - b * c
    elif size == 3:
        cofactor = np.empty_like(block)
        for i in range(3):
            for j in range(3):
                rows, columns = [r for r in range(3) if r != i], [c for c in range(3) if c != j]
                minor = (block[:, rows[0], columns[0]] * block[:, rows[1], columns[1]]
                         - block[:, rows[0], columns[1]] * block[:, rows[1], columns[0]])
                cofactor[:, i, j] = minor if (i + j) % 2 == 0 else -minor
        weights = cofactor.sum(axis=1)  # adj = cofactor^T, so adj @ 1 sums the cofactors by column
        determinant = np.einsum("kj,kj->k", block[:, 0, :], cofactor[:, 0, :])
    else:
        bordered = np.zeros((count, size + 1, size + 1))
        bordered[:, :size, :size] = block
        bordered[:, :size, size] = -1.0
        bordered[:, size, :size] = 1.0
        bordered_determinant = np.linalg.det(bordered)
        singular = np.abs(bordered_determinant) <= _SINGULAR * scale ** (size - 1)
        bordered[singular] = np.eye(size + 1)
        rhs = np.zeros((count, size + 1, 1))
        rhs[:, size, 0] = 1.0
        solution = np.linalg.solve(bordered, rhs)[..., 0]
        return solution[:, :size], solution[:, size], singular
    total = weights.sum(axis=1)
    singular = np.abs(total) <= _SINGULAR * scale ** (size - 1)
    total = np.where(singular, 1.0, total)
    return weights / total[:, None], determinant / total, singular


def _continuum(blocks: np.ndarray, candidates: np.ndarray, tie: np.ndarray) -> np.ndarray:
    """Among the ``candidates`` (singular systems), those with a continuum of solutions."""
    result = np.zeros(len(blocks), dtype=bool)
    if candidates.any():
        result[np.flatnonzero(candidates)[_consistent(blocks[candidates], tie[candidates])]] = True
    return result


def _consistent(block: np.ndarray, tie: np.ndarray) -> np.ndarray:
    """Which singular systems ``block @ z = u * 1, sum(z) = 1`` still have solutions (a continuum).

    Size 2: the bordered matrix ``[[a, b, -1], [c, d, -1], [1, 1, 0]]`` has rank 2 at least, so
    when singular its adjugate's rows span its left null space, and the system is consistent
    exactly when the adjugate's last column ``(d - b, c - a, ad - bc)`` vanishes: when the two
    rows of the block are equal. Larger sizes: regularised least squares on the bordered system,
    whose residual is (nearly) zero exactly when the system is consistent.
    """
    count, size, _ = block.shape
    if size == 2:
        return np.abs(block[:, 0, :] - block[:, 1, :]).max(axis=1) <= tie
    bordered = np.zeros((count, size + 1, size + 1))
    bordered[:, :size, :size] = block
    bordered[:, :size, size] = -1.0
    bordered[:, size, :size] = 1.0
    target = np.zeros((count, size + 1))
    target[:, size] = 1.0
    normal = np.einsum("kji,kjl->kil", bordered, bordered)
    ridge = 1e-12 * np.einsum("kii->k", normal)[:, None, None] * np.eye(size + 1)
    nearest = np.linalg.solve(normal + ridge, np.einsum("kji,kj->ki", bordered, target)[..., None])[..., 0]
    return np.linalg.norm(np.einsum("kij,kj->ki", bordered, nearest) - target, axis=1) <= tie


def _side(payoffs: np.ndarray, own: tuple[int, ...], other: tuple[int, ...], block: np.ndarray,
          tie: np.ndarray):
    """Solve for the mix on ``other`` that makes the player of ``payoffs`` indifferent on ``own``.

    ``payoffs`` has shape (K, own player's strategies, other player's strategies) and ``block``
    is its ``own`` x ``other`` part. Returns the full mix (K, n_other) and the value (K,), then
    boolean arrays: the mix is a distribution, ``own`` are best responses to it, a feasible mix
    has a near tie (a probability or a best-response slack at zero), and the system is singular.
    """
    count, n_own, n_other = payoffs.shape
    size = len(own)
    solution, value, degenerate = _indifference(block)
    mix = np.zeros((count, n_other))
    mix[:, other] = solution
    feasible = np.all(solution >= -RELATIVE_TIE, axis=1) & ~degenerate
    near = np.any(np.abs(solution) <= RELATIVE_TIE, axis=1) if size > 1 else np.zeros(count, dtype=bool)
    outside = [i for i in range(n_own) if i not in own]
    if outside:
        slack = value[:, None] - np.einsum("kij,kj->ki", payoffs[:, outside], mix)
        best = np.all(slack >= -tie[:, None], axis=1)
        near |= np.any(np.abs(slack) <= tie[:, None], axis=1)
    else:
        best = np.ones(count, dtype=bool)
    return mix, value, feasible, best, near & feasible, degenerate
