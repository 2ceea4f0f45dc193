"""Exact linear algebra over the rationals, for the small systems equilibria are made of."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

__all__ = ["solve_exact"]


def solve_exact(matrix: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]) -> list[Fraction] | None:
    """Solve ``matrix @ x = rhs`` exactly; None unless there is exactly one solution.

    The system may have more equations than unknowns; it must then be consistent.
    Gauss-Jordan elimination with Fractions.

    Examples
    --------
    >>> F = Fraction
    >>> solve_exact([[F(2), F(1)], [F(1), F(3)]], [F(1), F(2)])
    [Fraction(1, 5), Fraction(3, 5)]
    >>> solve_exact([[F(1), F(1)], [F(2), F(2)]], [F(1), F(2)]) is None
    True
    """
    rows = [list(map(Fraction, row)) + [Fraction(b)] for row, b in zip(matrix, rhs)]
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
