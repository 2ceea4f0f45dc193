"""Exact linear algebra over the rationals, for the small systems equilibria are made of."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

__all__ = ["solve_exact", "solve_integer"]


def solve_exact(matrix: Sequence[Sequence[Any]], rhs: Sequence[Any]) -> list[Any] | None:
    """Solve ``matrix @ x = rhs`` exactly; None unless there is exactly one solution.

    The system may have more equations than unknowns; it must then be consistent.
    Gauss-Jordan elimination with Fractions (ints are made Fractions), or in the arithmetic of
    any other exact field the entries belong to (``chipgame.solvers.number_field``).

    Examples
    --------
    >>> F = Fraction
    >>> solve_exact([[F(2), F(1)], [F(1), F(3)]], [F(1), F(2)])
    [Fraction(1, 5), Fraction(3, 5)]
    >>> solve_exact([[F(1), F(1)], [F(2), F(2)]], [F(1), F(2)]) is None
    True
    """
    rows = [[_exact(v) for v in row] + [_exact(b)] for row, b in zip(matrix, rhs)]
    n = len(rows[0]) - 1 if rows else 0
    pivot_row = 0
    for col in range(n):
        pivot = next((r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            return None
        rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [v / lead for v in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row])]
        pivot_row += 1
    if any(row[-1] != 0 for row in rows[n:]):
        return None
    return [rows[i][-1] for i in range(n)]


def _exact(value: Any) -> Any:
    """Ints, Fractions and floats (numpy's included) as Fractions; elements of another exact field
    as they are."""
    return Fraction(value) if isinstance(value, (numbers.Rational, float)) else value


def solve_integer(matrix: Sequence[Sequence[int]], rhs: Sequence[int]) -> tuple[list[int], int] | None:
    """Solve a square integer system ``matrix @ x = rhs`` exactly; None when it is singular.

    Fraction-free (Bareiss) elimination: every intermediate value is an integer, so there is no
    gcd per operation as with Fractions. The solution is returned as integer numerators over one
    common denominator: ``x[i] == numerators[i] / denominator``, with ``denominator > 0``.

    Examples
    --------
    >>> solve_integer([[2, 1], [1, 3]], [1, 2])
    ([1, 3], 5)
    >>> solve_integer([[1, 1], [2, 2]], [1, 2]) is None
    True
    """
    n = len(matrix)
    rows = [list(row) + [b] for row, b in zip(matrix, rhs)]
    previous = 1
    for k in range(n):
        pivot = next((r for r in range(k, n) if rows[r][k] != 0), None)
        if pivot is None:
            return None
        rows[k], rows[pivot] = rows[pivot], rows[k]
        lead = rows[k]
        for i in range(k + 1, n):
            row = rows[i]
            factor = row[k]
            for j in range(k + 1, n + 1):
                row[j] = (row[j] * lead[k] - factor * lead[j]) // previous
            row[k] = 0
        previous = lead[k]
    determinant = rows[n - 1][n - 1] if n else 1
    # determinant * x[i] is an integer (Cramer's rule); back-substitute those integers.
    numerators = [0] * n
    for i in reversed(range(n)):
        row = rows[i]
        total = determinant * row[n] - sum(row[j] * numerators[j] for j in range(i + 1, n))
        numerators[i] = total // row[i]
    if determinant < 0:
        return [-v for v in numerators], -determinant
    return numerators, determinant
