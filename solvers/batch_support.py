"""Support enumeration for many two-player games at once, with every near-tie flagged.

For each pair of supports of equal size, the indifference systems of all games are solved
together (closed forms up to size 3, one batched ``numpy.linalg.solve`` call beyond), and
feasibility and best-response conditions are tested as array operations. The arrays hold one game
per entry of their last axis (payoff ``[i, j]`` of every game is one contiguous vector), so each
operation runs over all games at memory speed. In a non-degenerate game every equilibrium has
supports of equal size and is the unique solution of its pair's systems, so this finds all of
them. A game is *flagged* for exact solving when any test of a side whose solution is feasible
comes within tolerance of a tie (a probability at 0, a best-response slack at 0, a nearly
singular system), or when it ends with an even number of equilibria (a non-degenerate game has an
odd number; Shapley 1974). The flag errs on the side of caution: flagged games are solved exactly,
one by one, by the caller.
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
    # games last: a (strategies, strategies, K) array of each player's payoffs, row player first
    row_games = np.ascontiguousarray(np.moveaxis(row_payoffs, 0, -1))
    column_games = np.ascontiguousarray(np.moveaxis(np.swapaxes(column_payoffs, 1, 2), 0, -1))
    flagged = np.zeros(count, dtype=bool)
    pairs, valid, rows_out, columns_out, payoffs_out = [], [], [], [], []
    # pure pairs: each side's mix is a pure strategy, its value one payoff, its test a comparison
    row_best, row_near = _pure_best_responses(row_games, tie)
    column_best, column_near = _pure_best_responses(column_games, tie)
    flagged |= row_near.any(axis=(0, 1)) | column_near.any(axis=(0, 1))
    for i, j in itertools.product(range(m), range(n)):
        pairs.append(SupportPair((i,), (j,)))
        valid.append(row_best[i, j] & column_best[j, i])
        rows_out.append(_unit(m, i, count))
        columns_out.append(_unit(n, j, count))
        payoffs_out.append(np.stack([row_games[i, j], column_games[j, i]]).T)
    for size in range(2, min(m, n) + 1):
        for rows in itertools.combinations(range(m), size):
            for columns in itertools.combinations(range(n), size):
                # the column player's mix makes the row player indifferent on ``rows``, and vice versa
                column_block = row_games[np.ix_(rows, columns)]
                row_block = column_games[np.ix_(columns, rows)]
                y, u, y_feasible, y_best, y_tie, y_degenerate = _side(row_games, rows, columns, column_block, tie)
                x, v, x_feasible, x_best, x_tie, x_degenerate = _side(column_games, columns, rows, row_block, tie)
                x_valid, y_valid = x_feasible & x_best, y_feasible & y_best
                # a singular system matters only when it has a continuum of solutions (not none)
                # and the other side could complete an equilibrium
                y_singular = _continuum(column_block, y_degenerate & (x_valid | x_degenerate), tie)
                x_singular = _continuum(row_block, x_degenerate & (y_valid | y_degenerate), tie)
                # a feasible side with a tie may belong to an equilibrium with unequal supports
                flagged |= x_tie | y_tie | (x_singular & (y_valid | y_singular)) | (y_singular & x_valid)
                pairs.append(SupportPair(rows, columns))
                valid.append(x_valid & y_valid)
                rows_out.append(x.T)
                columns_out.append(y.T)
                payoffs_out.append(np.stack([u, v]).T)
    valid_array = np.stack(valid, axis=1)
    flagged |= valid_array.sum(axis=1) % 2 == 0
    return BatchResult(tuple(pairs), valid_array, tuple(rows_out), tuple(columns_out), tuple(payoffs_out), flagged)


def _pure_best_responses(payoffs: np.ndarray, tie: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For a player's payoffs (own strategies, other's strategies, K): whether each own strategy is
    a best response to each pure strategy of the other, and whether it ties with another there
    (the size-1 case of ``_side``: the slacks are differences of payoffs in one column).

    Returns two boolean arrays of shape (own strategies, other's strategies, K).
    """
    best, near = np.empty(payoffs.shape, dtype=bool), np.empty(payoffs.shape, dtype=bool)
    for i in range(len(payoffs)):
        slack = payoffs[i] - np.delete(payoffs, i, axis=0)  # against every other own strategy
        best[i] = np.all(slack >= -tie, axis=0)
        near[i] = np.any(np.abs(slack) <= tie, axis=0)
    return best, near


def _unit(size: int, index: int, count: int) -> np.ndarray:
    """K copies of the pure strategy ``index`` (one per row), without copying."""
    return np.broadcast_to(np.eye(size)[index], (count, size))


def _indifference(block: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Solve ``block @ z = u * 1, sum(z) = 1`` for K square blocks at once, given as one
    ``(size, size, K)`` array.

    With ``w = adj(block) @ 1``, the solution is ``z = w / sum(w)`` and ``u = det(block) / sum(w)``;
    ``sum(w)`` is (up to sign) the determinant of the bordered system, so the system is singular
    exactly when it vanishes. Closed forms for sizes 1 to 3 (the common case) avoid one LAPACK
    call per tiny matrix; larger blocks go through ``numpy.linalg``.

    Returns ``z`` (size, K), ``u`` (K) and a mask of (nearly) singular systems.
    """
    size, _, count = block.shape
    scale = np.maximum(1.0, np.abs(block).max(axis=(0, 1)))
    if size == 1:
        weights, determinant = np.ones((1, count)), block[0, 0]
    elif size == 2:
        (a, b), (c, d) = block
        weights, determinant = np.stack([d - b, a - c]), a * d - b * c
    elif size == 3:
        (a, b, c), (d, e, f), (g, h, i) = block
        co_a, co_b, co_c = e * i - f * h, f * g - d * i, d * h - e * g
        determinant = a * co_a + b * co_b + c * co_c
        # adj @ 1: column sums of the cofactor matrix
        weights = np.stack([co_a + (c * h - b * i) + (b * f - c * e),
                            co_b + (a * i - c * g) + (c * d - a * f),
                            co_c + (b * g - a * h) + (a * e - b * d)])
    else:
        bordered = _bordered(np.moveaxis(block, -1, 0))
        bordered_determinant = np.linalg.det(bordered)
        singular = np.abs(bordered_determinant) <= _SINGULAR * scale ** (size - 1)
        bordered[singular] = np.eye(size + 1)
        rhs = np.zeros((count, size + 1, 1))
        rhs[:, size, 0] = 1.0
        solution = np.linalg.solve(bordered, rhs)[..., 0]
        return solution[:, :size].T, solution[:, size], singular
    total = weights.sum(axis=0)
    singular = np.abs(total) <= _SINGULAR * scale ** (size - 1)
    total = np.where(singular, 1.0, total)
    return weights / total, determinant / total, singular


def _bordered(block: np.ndarray) -> np.ndarray:
    """The matrices ``[[block, -1], [1, 0]]`` of the systems ``block @ z - u = 0, sum(z) = 1``
    (blocks of shape (K, size, size))."""
    count, size, _ = block.shape
    bordered = np.zeros((count, size + 1, size + 1))
    bordered[:, :size, :size] = block
    bordered[:, :size, size] = -1.0
    bordered[:, size, :size] = 1.0
    return bordered


def _continuum(blocks: np.ndarray, candidates: np.ndarray, tie: np.ndarray) -> np.ndarray:
    """Among the ``candidates`` (singular systems), those with a continuum of solutions."""
    result = np.zeros(len(candidates), dtype=bool)
    if candidates.any():
        which = np.flatnonzero(candidates)
        chosen = blocks[..., which]
        if blocks.shape[0] == 3:  # most singular 3 x 3 systems are told apart without least squares
            undecided = ~_inconsistent_3(chosen, tie[which])
            which, chosen = which[undecided], chosen[..., undecided]
        result[which[_consistent(chosen, tie[which])]] = True
    return result


def _inconsistent_3(block: np.ndarray, tie: np.ndarray) -> np.ndarray:
    """Singular 3 x 3 systems (``block`` of shape (3, 3, K)) that ``_consistent`` would find to have
    no solution, shown from closed forms.

    For the bordered matrix ``M`` with singular values ``s1 >= ... >= s4`` and left singular vectors
    ``u_i``, the regularised least squares of ``_consistent`` leaves a residual of at least
    ``|u_4[3]| * lam / (s4**2 + lam)`` (``lam`` its ridge). The adjugate of ``M`` is
    ``V diag(s2 s3 s4, ..., s1 s2 s3) U^T`` up to sign, so the ratio of the norm of its last column,
    ``(adj(B) @ 1, det(B))``, to its Frobenius norm is an average of the ``|u_i[3]|`` weighted
    towards ``u_4``, by ``s4 / s_i``; ``s4`` and ``s4 / s3`` are bounded by ``det(M)`` over that
    norm. All of it comes from the 16 cofactors of ``M``: the 9 of ``B`` bordered, ``adj(B) @ 1``,
    ``1^T adj(B)`` and ``det(B)``. Where the bound on the residual is ten times the tolerance,
    the system has no solution; the others are left to the least squares.
    """
    (a, b, c), (d, e, f), (g, h, i) = block
    cofactors = [[e * i - f * h, f * g - d * i, d * h - e * g],
                 [c * h - b * i, a * i - c * g, b * g - a * h],
                 [b * f - c * e, c * d - a * f, a * e - b * d]]
    determinant = a * cofactors[0][0] + b * cofactors[0][1] + c * cofactors[0][2]
    columns = [cofactors[0][j] + cofactors[1][j] + cofactors[2][j] for j in range(3)]  # adj(B) @ 1
    rows = [cofactors[r][0] + cofactors[r][1] + cofactors[r][2] for r in range(3)]  # 1^T adj(B)
    last = sum(v * v for v in columns) + determinant * determinant
    adjugate = last + sum(v * v for v in rows)
    for r, s in itertools.product(range(3), repeat=2):  # M without row r and column s, both in B
        (p, q), (t, u) = [[block[x, y] for y in range(3) if y != s] for x in range(3) if x != r]
        adjugate = adjugate + (p - q - t + u) ** 2
    bordered = sum(columns)  # det(M)
    frobenius = (block * block).sum(axis=(0, 1)) + 6.0  # of M, squared
    ridge = 1e-12 * frobenius
    with np.errstate(all="ignore"):
        ratio = last / adjugate
        spread = 4.0 * np.abs(bordered) * frobenius / adjugate  # bounds s4 / s3
        smallest = 4.0 * bordered * bordered / adjugate  # bounds s4 ** 2
        residual = np.sqrt(np.maximum(0.0, ratio - 3.0 * spread * spread)) * ridge / (smallest + ridge)
    shown: np.ndarray = (adjugate > 0) & (residual > 10.0 * tie)
    return shown


def _consistent(block: np.ndarray, tie: np.ndarray) -> np.ndarray:
    """Which singular systems ``block @ z = u * 1, sum(z) = 1`` still have solutions (a continuum);
    blocks of shape (size, size, K).

    Size 2: the bordered matrix ``[[a, b, -1], [c, d, -1], [1, 1, 0]]`` has rank 2 at least, so
    when singular its adjugate's rows span its left null space, and the system is consistent
    exactly when the adjugate's last column ``(d - b, c - a, ad - bc)`` vanishes: when the two
    rows of the block are equal. Larger sizes: regularised least squares on the bordered system,
    whose residual is (nearly) zero exactly when the system is consistent.
    """
    size, _, count = block.shape
    consistent: np.ndarray
    if size == 2:
        consistent = np.abs(block[0] - block[1]).max(axis=0) <= tie
        return consistent
    bordered = _bordered(np.moveaxis(block, -1, 0))
    transposed = bordered.transpose(0, 2, 1)
    normal = transposed @ bordered
    ridge = 1e-12 * np.trace(normal, axis1=1, axis2=2)[:, None, None] * np.eye(size + 1)
    nearest = np.linalg.solve(normal + ridge, transposed[:, :, size:])  # the right-hand side: bordered^T @ e_last
    residual = (bordered @ nearest)[..., 0]
    residual[:, size] -= 1.0
    consistent = np.sqrt((residual * residual).sum(axis=1)) <= tie
    return consistent


def _side(payoffs: np.ndarray, own: tuple[int, ...], other: tuple[int, ...], block: np.ndarray,
          tie: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Solve for the mix on ``other`` that makes the player of ``payoffs`` indifferent on ``own``.

    ``payoffs`` has shape (own player's strategies, other player's strategies, K) and ``block``
    is its ``own`` x ``other`` part. Returns the full mix (n_other, K) and the value (K,), then
    boolean arrays: the mix is a distribution, ``own`` are best responses to it, a feasible mix
    has a near tie (a probability or a best-response slack at zero), and the system is singular.
    """
    n_own, n_other, count = payoffs.shape
    size = len(own)
    solution, value, degenerate = _indifference(block)
    mix = np.zeros((n_other, count))
    mix[list(other)] = solution
    feasible = np.all(solution >= -RELATIVE_TIE, axis=0) & ~degenerate
    near = np.any(np.abs(solution) <= RELATIVE_TIE, axis=0) if size > 1 else np.zeros(count, dtype=bool)
    outside = [i for i in range(n_own) if i not in own]
    if outside:
        slack = value - (payoffs[outside][:, list(other)] * solution).sum(axis=1)
        best = np.all(slack >= -tie, axis=0)
        near |= np.any(np.abs(slack) <= tie, axis=0)
    else:
        best = np.ones(count, dtype=bool)
    return mix, value, feasible, best, near & feasible, degenerate
