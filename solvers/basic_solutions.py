"""Exact basic solutions ``C[R, S] z = 1`` of a polytope's bases: fraction-free, or float ones certified in int64."""

from __future__ import annotations

import numpy as np

from ..errors import InternalError

__all__ = ["INT64_SAFE", "integer_solve", "vertex_coordinates", "vertex_points"]

INT64_SAFE = 2.0**62
"""Integer products below this size cannot overflow int64."""


def integer_solve(matrix: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, int]:
    """``D * matrix^-1 @ rhs`` and ``D > 0`` for a nonsingular square integer matrix (object arrays).

    Fraction-free Gauss-Jordan elimination: after each pivot the whole tableau is an integer matrix
    over the current pivot as common denominator (Bareiss 1968; Edmonds 1967), so every division is
    exact; ``D`` is ``|det(matrix)|``.

    Examples
    --------
    >>> integer_solve(np.array([[2, 1], [1, 3]], dtype=object), np.array([[1], [2]], dtype=object))
    (array([[1],
           [3]], dtype=object), 5)
    """
    size = matrix.shape[0]
    if size == 0:
        return np.zeros((0, rhs.shape[1]), dtype=object), 1
    work = np.concatenate([matrix, rhs], axis=1).astype(object)
    previous = 1
    for step in range(size):
        nonzero = [r for r in range(step, size) if work[r, step] != 0]
        if not nonzero:
            raise InternalError("a basis matrix is singular")
        if nonzero[0] != step:
            work[[step, nonzero[0]]] = work[[nonzero[0], step]]
        pivot_row = work[step].copy()
        pivot = pivot_row[step]
        factors = work[:, step].copy()
        work = (work * pivot - np.outer(factors, pivot_row)) // previous
        work[step] = pivot_row
        previous = pivot
    result = work[:, size:]
    # every row is now over the last pivot: the left block is previous * I and previous == +-det(matrix)
    if previous < 0:
        return -result, -previous
    return result, previous


def vertex_coordinates(constraints: np.ndarray, basis: int) -> tuple[list[int], int]:
    """The point of the basic solution of ``basis`` as integer numerators over one positive denominator.

    Examples
    --------
    >>> vertex_coordinates(np.array([[1, 2]]), 0b001)   # z0 basic, row 0 tight: z = (1, 0)
    ([1, 0], 1)
    """
    return vertex_points(constraints, [basis])[0]


def vertex_points(constraints: np.ndarray, bases: list[int]) -> list[tuple[list[int], int]]:
    """``vertex_coordinates`` of many bases at once.

    Each point solves ``C[R, S] z_S = 1`` (S the basic coordinates, R the tight rows). First in
    floats for all bases of one size together: ``D = round(det)``, numerators ``round(D z)``, then
    certified exactly by checking ``C[R, S] @ numerators == D * 1`` in int64 (only when no product can
    overflow); a point that fails the check is solved fraction-free in Python integers.

    Examples
    --------
    >>> vertex_points(np.array([[2, 1], [1, 2]]), [0b0011, 0b1001])   # (1/3, 1/3) and (1/2, 0)
    [([1, 1], 3), ([1, 0], 2)]
    """
    rows, dim = constraints.shape
    integers = np.array([[int(v) for v in row] for row in constraints], dtype=object).reshape(rows, dim)
    members = _membership(bases, rows + dim)
    sizes = members[:, :dim].sum(axis=1)
    results: list[tuple[list[int], int] | None] = [None] * len(bases)
    largest = max((abs(int(v)) for v in integers.flat), default=0)
    for size in np.unique(sizes).tolist():
        chosen = np.flatnonzero(sizes == size)
        S = np.nonzero(members[chosen, :dim])[1].reshape(len(chosen), size)
        R = np.nonzero(~members[chosen, dim:])[1].reshape(len(chosen), size)
        if largest < 2**31 and size:
            _certify_points(integers, S, R, chosen, results, dim)
        for position in range(len(chosen)):
            if results[chosen[position]] is None:
                results[chosen[position]] = _solve_point(integers, S[position].tolist(), R[position].tolist(), dim)
    return [result for result in results if result is not None]


def _membership(bases: list[int], width: int) -> np.ndarray:
    """Basis bitmasks as a boolean matrix, one row per basis, one column per variable."""
    if width <= 64:
        keys = np.array(bases, dtype="<u8")
        return np.unpackbits(keys.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")[:, :width].astype(bool)
    return np.array([[bool(key >> v & 1) for v in range(width)] for key in bases], dtype=bool).reshape(-1, width)


def _solve_point(integers: np.ndarray, S: list[int], R: list[int], dim: int) -> tuple[list[int], int]:
    """One basic solution ``C[R, S] z_S = 1``, fraction-free in Python integers."""
    values, denominator = integer_solve(integers[np.ix_(R, S)], np.ones((len(S), 1), dtype=object))
    point = [0] * dim
    for c, v in zip(S, values[:, 0].tolist()):
        point[c] = v
    return point, int(denominator)


def _certify_points(integers: np.ndarray, S: np.ndarray, R: np.ndarray, chosen: np.ndarray,
                    results: list[tuple[list[int], int] | None], dim: int) -> None:
    """Fill ``results`` for the bases of one size whose float solution rounds to a certified one."""
    C = integers.astype(np.int64)
    block = C[R[:, :, None], S[:, None, :]]
    floats = block.astype(float)
    with np.errstate(all="ignore"):
        determinant = np.rint(np.linalg.det(floats))
        solution = np.linalg.solve(floats, np.ones(S.shape + (1,)))[:, :, 0]
        numerators = np.rint(solution * determinant[:, None])
    safe = (np.isfinite(numerators).all(axis=1) & (np.abs(determinant) < 2**52) & (determinant != 0)
            & (np.abs(numerators).max(axis=1) * float(np.abs(C).max()) * S.shape[1] < INT64_SAFE))
    whole = np.where(safe[:, None], numerators, 0).astype(np.int64)
    denominator = np.where(safe, determinant, 1).astype(np.int64)
    certified = safe & ((block @ whole[:, :, None])[:, :, 0] == denominator[:, None]).all(axis=1)
    sign = np.where(denominator < 0, -1, 1)
    points = np.zeros((len(S), dim), dtype=np.int64)
    np.put_along_axis(points, S, whole * sign[:, None], axis=1)
    denominators = (denominator * sign).tolist()
    point_lists = points.tolist()
    for position in np.flatnonzero(certified).tolist():
        results[chosen[position]] = (point_lists[position], denominators[position])
