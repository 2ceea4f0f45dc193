"""All extreme equilibria of a small exact two-player game, decided in integers with no float screen.

The best-response polytopes of an ``m x n`` game ``(A, B)`` with positive payoffs are (von Stengel,
"Computing equilibria for two-person games", Handbook of Game Theory vol. 3, 2002, section 3)::

    P = {x >= 0, B^T x <= 1}   labels: i where x_i = 0, m + j where (B^T x)_j = 1
    Q = {y >= 0, A y <= 1}     labels: i where (A y)_i = 1, m + j where y_j = 0

and the extreme equilibria are their completely labelled vertex pairs other than ``(0, 0)``,
degenerate games included (Avis, Rosenberg, Savani & von Stengel, Economic Theory 42, 2010).
A vertex other than 0 with support ``S`` solves ``C[R, S] z = 1`` for some set ``R`` of
``|S|`` tight rows, so every pair ``(S, R)`` is tried. For the games ``solve`` sends here (at most
``C(m + n, m) = 70`` systems, 4x4) that is a few dozen systems of size 1 to 4, solved by Cramer's
rule on the payoffs scaled to integers: every test is an integer comparison, and the only
Fractions made are the equilibrium probabilities. This is the exact path sweeps and thresholds
pay for at each break-even point, so it avoids numpy, whose per-call cost dominates here.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterable
from fractions import Fraction

from .linear_algebra import solve_integer

__all__ = ["small_extreme_equilibria", "polytope_vertices", "IntegerVertex", "MAX_SMALL_SYSTEMS"]

MAX_SMALL_SYSTEMS = 70
"""Largest ``C(m + n, m)`` (a 4x4 game has 70) for which trying every system in integers is the
fastest exact route; ``chipgame.solvers.polytope_search`` is faster beyond."""

IntegerVertex = tuple[tuple[int, ...], int]
"""A polytope vertex as integer weights proportional to it (zero outside the support; the factor
differs from vertex to vertex, which normalising to probabilities removes), and its label mask."""


def small_extreme_equilibria(row_payoffs: Iterable[Iterable[Fraction]], column_payoffs: Iterable[Iterable[Fraction]]
                             ) -> tuple[list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]], bool]:
    """Every extreme Nash equilibrium of the bimatrix game ``(A, B)``, and whether it is degenerate.

    Parameters
    ----------
    row_payoffs, column_payoffs
        The ``m x n`` payoffs of the row and the column player, exact rationals (Fractions or
        ints), as nested sequences or object arrays.

    Returns
    -------
    equilibria
        The extreme equilibria ``(x, y)`` as exact probability tuples, in no particular order.
    degenerate
        True when some vertex of a best-response polytope has more labels than its dimension.

    Examples
    --------
    >>> F = Fraction
    >>> bos_a, bos_b = [[F(3), F(0)], [F(0), F(2)]], [[F(2), F(0)], [F(0), F(3)]]
    >>> equilibria, degenerate = small_extreme_equilibria(bos_a, bos_b)
    >>> sorted(x for x, y in equilibria), degenerate
    ([(Fraction(0, 1), Fraction(1, 1)), (Fraction(3, 5), Fraction(2, 5)), (Fraction(1, 1), Fraction(0, 1))], False)
    """
    A = _positive_integers([list(row) for row in row_payoffs])
    B = _positive_integers([list(row) for row in column_payoffs])
    m, n = len(A), len(A[0])
    # Q's masks are game labels already (tight rows i, zero y_j at m + j); P's rows are B^T's
    # (tight j at bit j, zero x_i at n + i) and move to labels m + j and i
    column_vertices = polytope_vertices(A)
    low = (1 << n) - 1
    row_vertices = [(x, (mask >> n) | ((mask & low) << m))
                    for x, mask in polytope_vertices([list(column) for column in zip(*B)])]
    everything = (1 << (m + n)) - 1
    degenerate = any(mask.bit_count() > m for _, mask in row_vertices) or any(
        mask.bit_count() > n for _, mask in column_vertices)
    fractions: dict[tuple[int, int], Fraction] = {}
    equilibria = []
    for x, x_labels in row_vertices:
        for y, y_labels in column_vertices:
            if x_labels | y_labels == everything:
                equilibria.append((_normalised(x, fractions), _normalised(y, fractions)))
    return equilibria, degenerate


def polytope_vertices(constraints: list[list[int]]) -> list[IntegerVertex]:
    """Every vertex other than 0 of ``{z >= 0, C z <= 1}`` for a positive integer ``k x d`` matrix C.

    Each vertex comes with its label mask: bit ``r`` for a tight row ``r`` of ``C z <= 1``, bit
    ``k + c`` for a zero coordinate ``c``.

    Examples
    --------
    >>> polytope_vertices([[1, 2]])  # the vertices (1, 0) and (0, 1/2), each up to a positive factor
    [((1, 0), 5), ((0, 1), 3)]
    """
    rows, dim = len(constraints), len(constraints[0])
    found: dict[tuple[tuple[int, ...], int], IntegerVertex] = {}
    everything = ((1 << dim) - 1) << rows
    for c in range(dim):  # support {c}: z_c = 1 / max_r C[r][c], tight where the column is largest
        column = [row[c] for row in constraints]
        largest = max(column)
        tight = sum(1 << r for r, v in enumerate(column) if v == largest)
        found[(c,), tight] = (tuple(int(k == c) for k in range(dim)), tight | everything ^ (1 << (rows + c)))
    for size in range(2, min(rows, dim) + 1):
        for support in itertools.combinations(range(dim), size):
            columns = [[row[c] for c in support] for row in constraints]
            zeros = sum(1 << (rows + c) for c in range(dim) if c not in support)
            for tight_rows in itertools.combinations(range(rows), size):
                solved = _cramer([columns[r] for r in tight_rows])
                if solved is None:
                    continue
                numerators, determinant = solved
                if min(numerators) <= 0:  # a zero weight: the vertex of a smaller support
                    continue
                mask = 0
                for r, row in enumerate(columns):
                    load = sum(map(operator.mul, row, numerators))
                    if load > determinant:
                        break
                    if load == determinant:
                        mask |= 1 << r
                else:
                    if (support, mask) not in found:
                        weights = [0] * dim
                        for c, v in zip(support, numerators):
                            weights[c] = v
                        found[support, mask] = (tuple(weights), mask | zeros)
    return list(found.values())


def _cramer(matrix: list[list[int]]) -> tuple[list[int], int] | None:
    """``matrix @ z = 1`` (size 2 or more) as ``z = numerators / determinant`` with ``determinant > 0``;
    None when singular."""
    size = len(matrix)
    if size == 2:
        (a, b), (c, d) = matrix
        determinant, numerators = a * d - b * c, [d - b, a - c]
    elif size == 3:
        (a, b, c), (d, e, f), (g, h, i) = matrix
        co_a, co_b, co_c = e * i - f * h, f * g - d * i, d * h - e * g
        determinant = a * co_a + b * co_b + c * co_c
        # adj @ 1: column sums of the cofactor matrix
        numerators = [co_a + (c * h - b * i) + (b * f - c * e),
                      co_b + (a * i - c * g) + (c * d - a * f),
                      co_c + (b * g - a * h) + (a * e - b * d)]
    else:
        solved = solve_integer(matrix, [1] * size)
        if solved is None:
            return None
        return solved
    if determinant == 0:
        return None
    if determinant < 0:
        return [-v for v in numerators], -determinant
    return numerators, determinant


def _positive_integers(payoffs: list[list[Fraction]]) -> list[list[int]]:
    """``(payoffs - least + 1) * scale`` with ``scale`` their least common denominator: a positive
    integer matrix with the same best-response polytope up to scale."""
    pairs = [(v.numerator, v.denominator) for row in payoffs for v in row]
    scale = math.lcm(*(d for _, d in pairs))
    scaled = [p * (scale // d) for p, d in pairs]
    shift = scale - min(scaled)
    width = len(payoffs[0])
    return [[v + shift for v in scaled[start:start + width]] for start in range(0, len(scaled), width)]


def _normalised(weights: tuple[int, ...], fractions: dict[tuple[int, int], Fraction]) -> tuple[Fraction, ...]:
    """Integer weights as probabilities, each Fraction made once per call of the caller."""
    total = sum(weights)
    out = []
    for v in weights:
        key = (v, total)
        value = fractions.get(key)
        if value is None:
            value = fractions[key] = Fraction(v, total)
        out.append(value)
    return tuple(out)
