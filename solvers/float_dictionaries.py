"""A batch of simplex dictionaries of one polytope in floats, with rigorous bounds on their error."""

from __future__ import annotations

import numpy as np

__all__ = ["UNIT", "float_dictionaries", "gamma", "infinity_norm"]

UNIT = 2.0**-53
"""The unit roundoff of double precision."""


def gamma(t: int) -> float:
    """Higham's ``gamma_t = t u / (1 - t u)``, the relative error bound of a t-term dot product.

    Examples
    --------
    >>> f"{gamma(3):.3e}"
    '3.331e-16'
    """
    return t * UNIT / (1 - t * UNIT)


def infinity_norm(matrices: np.ndarray) -> np.ndarray:
    """The infinity norm (largest absolute row sum) of each matrix of a stack.

    Examples
    --------
    >>> infinity_norm(np.array([[[1.0, -2.0], [3.0, 0.5]]]))
    array([3.5])
    """
    if matrices.shape[-1] == 0 or matrices.shape[-2] == 0:
        return np.zeros(matrices.shape[:-2])
    norms: np.ndarray = np.abs(matrices).sum(axis=-1).max(axis=-1)
    return norms


def float_dictionaries(floats: np.ndarray, column_max: np.ndarray, bases: np.ndarray, nonbasic: np.ndarray,
                       s: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The nonbasic columns and the values of each basis's dictionary in floats, with error bounds.

    ``floats`` is the constraint matrix C (``k x d``) in floats and ``column_max`` the largest
    absolute entry of each of its columns; the bases, all with ``s`` basic coordinates, are
    rows of sorted variable indices (``nonbasic`` their complements).

    For a basis with coordinates S and tight rows R (the nonbasic slacks), the dictionary is
    ``B^-1 [C | I | 1]``; its rows for the basic coordinates are ``X [C[R] | I[R] | 1]`` and its
    rows for the basic slacks T are ``[C[T] | I[T] | 1] - C[T, S] X [C[R] | I[R] | 1]``, with
    ``X = C[R, S]^-1``. Only the nonbasic columns (``C[., N]`` for the nonbasic coordinates N, the
    unit columns of R) and the values are formed, transposed: ``table[b, j, i]`` is row i of column
    j of basis b, columns being the nonbasic variables in sorted order, then the values.

    Error bound: with ``X`` the float inverse and ``rho = ||I - C[R,S] X|| + 2 gamma_{s+1}
    ||C[R,S]|| ||X||`` (infinity norms, the residual computed in floats), ``rho < 1/2`` bounds the
    row sums of ``|X - C[R,S]^-1|`` by ``delta = ||X|| rho / (1 - rho)`` (Higham, "Accuracy and
    Stability of Numerical Algorithms", 2nd ed., 2002, chapters 3 and 14). An entry ``(X G)_ij``
    with nonnegative ``G`` is then off by at most ``(delta + gamma_s ||X_i||_1) max_l G_lj``, and
    the slack rows add ``|C[T, S]|`` times that plus their own rounding. The bound of entry
    ``(i, j)`` is returned as ``row_error[b, i] * column_scale[b, j]`` (every term doubled), with
    ``column_scale`` the largest entry of column j of ``[C | I | 1]``.

    Examples
    --------
    The basis ``{z_0, s_1}`` of ``2 z_0 + z_1 <= 1, z_0 + 2 z_1 <= 1``: ``z_0 = 1/2`` and row 1's slack ``1/2``.

    >>> C = np.array([[2.0, 1.0], [1.0, 2.0]])
    >>> table, *_ = float_dictionaries(C, C.max(axis=0), np.array([[0, 3]]), np.array([[1, 2]]), 1)
    >>> table[0, -1]
    array([0.5, 0.5])
    """
    n = len(bases)
    k, d = floats.shape
    row_order = np.concatenate([nonbasic[:, d - s:], bases[:, s:]], axis=1) - d      # R, then T
    column_order = np.concatenate([bases[:, :s], nonbasic[:, :d - s]], axis=1)        # S, then N
    permuted = floats[row_order[:, :, None], column_order[:, None, :]]
    table = np.empty((n, d + 1, k))
    column_scale = np.ones((n, d + 1))
    column_scale[:, :d - s] = column_max[column_order[:, s:]]
    if s:
        block = permuted[:, :s, :s]
        with np.errstate(all="ignore"):
            inverse = np.linalg.inv(block)
        residual = np.eye(s) - block @ inverse
        inverse_norm = infinity_norm(inverse)
        rho = infinity_norm(residual) + 2 * gamma(s + 1) * infinity_norm(block) * inverse_norm
        sound = np.isfinite(rho) & (rho < 0.5)
        delta = inverse_norm * np.where(sound, rho / (1 - rho), 1.0)
        transposed = inverse.transpose(0, 2, 1)
        upper = table[:, :, :s]
        np.matmul(permuted[:, :s, s:].transpose(0, 2, 1), transposed, out=upper[:, :d - s])
        upper[:, d - s:d] = transposed
        row_sums = np.abs(inverse).sum(axis=2)
        upper[:, d] = inverse.sum(axis=2)
        upper_error = 2 * (delta[:, None] + gamma(s) * row_sums)
        lower = permuted[:, s:, :s]
        np.matmul(upper, -lower.transpose(0, 2, 1), out=table[:, :, s:])
        magnitude = np.abs(lower)
        carried = (magnitude @ (upper_error + gamma(s + 1) * (row_sums + delta[:, None]))[:, :, None])[:, :, 0]
        row_error = np.concatenate([upper_error, 2 * (carried + gamma(s + 1))], axis=1)
    else:
        table[:, :, :] = 0.0
        block = inverse = np.zeros((n, 0, 0))
        sound = np.ones(n, dtype=bool)
        row_error = np.zeros((n, k))
    table[:, :d - s, s:] += permuted[:, s:, s:].transpose(0, 2, 1)
    table[:, d, s:] += 1.0
    # a finite inverse of bounded norm keeps every table entry finite (C < 2^53, k small)
    finite = np.isfinite(row_error).all(axis=1) & (row_error.max(axis=1, initial=0.0) < 1e200)
    return table, row_error, column_scale, sound & finite, block, inverse
