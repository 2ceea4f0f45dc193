"""All extreme equilibria of a two-player game, exactly, by searching both best-response polytopes.

For an ``m x n`` bimatrix game ``(A, B)`` shifted so every payoff is positive, the best-response
polytopes are (von Stengel, "Computing equilibria for two-person games", Handbook of Game Theory
vol. 3, 2002, section 3)::

    P = {x in R^m : x >= 0, B^T x <= 1}   labels: i where x_i = 0, m + j where (B^T x)_j = 1
    Q = {y in R^n : A y <= 1, y >= 0}     labels: i where (A y)_i = 1, m + j where y_j = 0

and the extreme equilibria are the completely labelled vertex pairs other than ``(0, 0)``,
normalised (Avis, Rosenberg, Savani & von Stengel, "Enumeration of Nash equilibria for two-player
games", Economic Theory 42, 2010, whose ``lrsnash`` this module matches). Both polytopes are
enumerated by ``polytope_search`` (a breadth-first search over lexicographically feasible bases,
after Avis & Fukuda 1992), the two searches taking turns batch by batch so an early stop leaves
vertices of both; then vertices are joined by labels: a nondegenerate vertex by the exact
complement of its label set, a degenerate one by a superset test. Every equilibrium's probabilities
come from its bases in integer arithmetic. They are not checked here: ``solve`` checks every
equilibrium of every method once, exactly (``verification.check_bimatrix_equilibria``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from numbers import Rational
from typing import Any

import numpy as np

from ..errors import SolverError
from .basic_solutions import vertex_points
from .polytope_search import PolytopeSearch, PolytopeVertices

__all__ = ["BimatrixEnumeration", "enumerate_extreme_equilibria", "estimated_vertices"]

Strategy = tuple[Fraction, ...]


@dataclass(frozen=True)
class BimatrixEnumeration:
    """The extreme equilibria of a bimatrix game found by ``enumerate_extreme_equilibria``.

    Attributes
    ----------
    equilibria
        The extreme equilibria ``(x, y)`` as exact probability tuples, in a deterministic order:
        decreasing lexicographic order of the correctly rounded floats of ``x + y``, equal float
        tuples ordered exactly (the same as the exact order unless two different probabilities
        round to the same float).
    degenerate
        True when some vertex of a best-response polytope has more labels than its dimension.
    complete
        False when the search stopped early (the deadline passed, or Ctrl-C); the equilibria are
        then those among the vertices found so far, each still exact, and
        ``degenerate`` says only whether a degenerate vertex was among them.
    vertices
        How many vertices of P and of Q were found, the origin excluded.
    """

    equilibria: tuple[tuple[Strategy, Strategy], ...]
    degenerate: bool
    complete: bool
    vertices: tuple[int, int]


def estimated_vertices(shape: tuple[int, int]) -> int:
    """About how many vertices both best-response polytopes of a random ``m x n`` game have together.

    Calibrated on measured counts: both polytopes of games with payoffs drawn uniformly from 0..999
    (``numpy.random.default_rng(seed).integers(0, 1000, shape)`` for A then B, seeds 0-4), square
    shapes 2x2 to 14x14 and ten rectangular ones up to 9x13; a least-squares fit of the log of the
    mean count gives ``1.07 exp(0.381 (m + n)) (min(m, n) / max(m, n))^0.577``, within a factor 1.4
    of every measured mean (e.g. 10,540 measured for 12x12, 47,007 for 14x14). Single games vary
    about twofold around it; structured games can have many more (the ``n x n`` identity game has
    ``2 (2^n - 1)``) or far fewer.

    Examples
    --------
    >>> estimated_vertices((2, 2)) < estimated_vertices((10, 10)) < estimated_vertices((15, 15))
    True
    """
    m, n = shape
    small, large = min(m, n), max(m, n)
    return max(1, round(_VERTEX_SCALE * math.exp(_VERTEX_RATE * (m + n)) * math.pow(small / large, _VERTEX_SKEW)))


_VERTEX_SCALE, _VERTEX_RATE, _VERTEX_SKEW = 1.07, 0.381, 0.577


def enumerate_extreme_equilibria(row_payoffs: np.ndarray, column_payoffs: np.ndarray, *,
                                 deadline: float | None = None,
                                 progress: Callable[[int, int], None] | None = None,
                                 exact: bool = False) -> BimatrixEnumeration:
    """Every extreme Nash equilibrium of the bimatrix game ``(A, B)``, exactly.

    Parameters
    ----------
    row_payoffs, column_payoffs
        The payoffs A of the row player and B of the column player: ``m x n`` arrays of exact
        rational numbers (Fractions or ints; an object array as ``Game.payoff_array`` gives).
    deadline
        A ``time.monotonic()`` value; the search stops at the first batch boundary after it.
    progress
        Called after each batch with the vertices found so far (both polytopes) and
        ``estimated_vertices`` of the game.
    exact
        Decide every basis in integer arithmetic, without the float filter (slower; for tests).

    Returns
    -------
    BimatrixEnumeration
        The equilibria, the degeneracy flag, whether the enumeration is complete, vertex counts.

    Raises
    ------
    SolverError
        When the payoffs are not two equal-shaped matrices of rational numbers.

    Examples
    --------
    >>> F = Fraction
    >>> A = np.array([[F(1), F(0)], [F(0), F(1)]], dtype=object)
    >>> found = enumerate_extreme_equilibria(A, A)
    >>> [x for x, y in found.equilibria]
    [(Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 2), Fraction(1, 2)), (Fraction(0, 1), Fraction(1, 1))]
    >>> found.degenerate, found.complete, found.vertices
    (False, True, (3, 3))
    """
    A, B = _rational_matrices(row_payoffs, column_payoffs)
    m, n = A.shape
    searches = (PolytopeSearch(_positive_integers(B).T, exact=exact),
                PolytopeSearch(_positive_integers(A), exact=exact))
    complete = _run(searches, deadline, progress, estimated_vertices((m, n)))
    row_polytope, column_polytope = (search.vertices() for search in searches)
    # P's variables are x_0..x_{m-1}, then the slacks of B^T x <= 1 (labels m..m+n-1): its zero-variable
    # masks are its labels already
    pairs = _complementary_pairs(list(row_polytope.labels), _column_labels(column_polytope, m, n), m, n)
    equilibria = _exact_equilibria(pairs, row_polytope, column_polytope, searches)
    return BimatrixEnumeration(
        equilibria=equilibria,
        degenerate=row_polytope.degenerate or column_polytope.degenerate,
        complete=complete,
        vertices=(searches[0].found, searches[1].found),
    )


def _rational_matrices(row_payoffs: np.ndarray, column_payoffs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both payoff matrices as object arrays of Fractions, after checking shapes and types."""
    A, B = np.asarray(row_payoffs), np.asarray(column_payoffs)
    if A.ndim != 2 or A.shape != B.shape or 0 in A.shape:
        raise SolverError(f"payoff matrices of shapes {A.shape} and {B.shape} are not one bimatrix game",
                          fix="pass two nonempty m x n arrays")
    values = list(A.flat) + list(B.flat)
    if not all(isinstance(v, (Rational, np.integer)) and not isinstance(v, bool) for v in values):
        raise SolverError("polytope search needs exact rational payoffs (Fractions or ints)",
                          fix="use an exact game, or best_response_polytopes.extreme_equilibria for other exact fields")
    as_fractions = np.vectorize(lambda v: Fraction(int(v)) if isinstance(v, np.integer) else Fraction(v),
                                otypes=[object])
    return as_fractions(A), as_fractions(B)


def _positive_integers(payoffs: np.ndarray) -> np.ndarray:
    """Payoffs shifted so the least is 1, times the least common denominator: a positive integer
    matrix with the same best-response polytope up to scale (labels and equilibria unchanged)."""
    shifted = payoffs - min(payoffs.flat) + 1
    scale = math.lcm(*(v.denominator for v in shifted.flat))
    return np.array([[int(v * scale) for v in row] for row in shifted], dtype=object)


def _run(searches: tuple[PolytopeSearch, PolytopeSearch], deadline: float | None,
         progress: Callable[[int, int], None] | None, estimate: int) -> bool:
    """Advance both searches in turn until both are done; False when stopped early."""
    try:
        while not all(search.done for search in searches):
            for search in searches:
                if deadline is not None and time.monotonic() > deadline:
                    return False
                search.step()
            if progress is not None:
                progress(sum(search.found for search in searches), estimate)
    except KeyboardInterrupt:
        return False
    return True


def _column_labels(polytope: PolytopeVertices, m: int, n: int) -> list[int]:
    """Labels of Q's vertices: its variables are y_0..y_{n-1} (labels m..m+n-1), then the slacks of
    A y <= 1 (labels 0..m-1)."""
    low = (1 << n) - 1
    return [(mask >> n) | ((mask & low) << m) for mask in polytope.labels]


def _complementary_pairs(row_labels: list[int], column_labels: list[int], m: int, n: int
                         ) -> list[tuple[int, int]]:
    """Index pairs of completely labelled vertex pairs, the origin pair excluded.

    A pair of nondegenerate vertices is completely labelled exactly when their label sets are
    complements (found by dictionary); a pair with a degenerate vertex by the superset test
    ``labels(x) | labels(y) == all`` against every vertex of the other polytope (vectorised).
    """
    everything = (1 << (m + n)) - 1
    x_origin, y_origin = (1 << m) - 1, everything ^ ((1 << m) - 1)
    rows = [i for i, mask in enumerate(row_labels) if mask & x_origin != x_origin]
    columns = [j for j, mask in enumerate(column_labels) if mask & y_origin != y_origin]
    by_labels = {column_labels[j]: j for j in columns}
    pairs = {(i, by_labels[everything ^ row_labels[i]]) for i in rows if everything ^ row_labels[i] in by_labels}
    dtype: Any = np.uint64 if m + n <= 64 else object
    row_masks = np.array([row_labels[i] for i in rows], dtype=dtype)
    column_masks = np.array([column_labels[j] for j in columns], dtype=dtype)
    for i in (i for i in rows if row_labels[i].bit_count() > m):
        pairs.update((i, columns[h]) for h in _covering(column_masks, row_labels[i], everything))
    for j in (j for j in columns if column_labels[j].bit_count() > n):
        pairs.update((rows[h], j) for h in _covering(row_masks, column_labels[j], everything))
    return sorted(pairs)


def _covering(masks: np.ndarray, mask: int, everything: int) -> np.ndarray:
    """Indices of the masks that together with ``mask`` cover every label."""
    if masks.dtype == object:
        return np.flatnonzero((masks | mask) == everything)
    return np.flatnonzero((masks | np.uint64(mask)) == np.uint64(everything))


def _exact_equilibria(pairs: list[tuple[int, int]], row_polytope: PolytopeVertices,
                      column_polytope: PolytopeVertices, searches: tuple[PolytopeSearch, PolytopeSearch]
                      ) -> tuple[tuple[Strategy, Strategy], ...]:
    """The normalised exact points of the pairs, as sorted tuples of Fractions."""
    row_points = _points({i for i, _ in pairs}, row_polytope, searches[0])
    column_points = _points({j for _, j in pairs}, column_polytope, searches[1])
    cache = _Fractions()
    row_strategies = {i: _probabilities(point, cache) for i, point in row_points.items()}
    column_strategies = {j: _probabilities(point, cache) for j, point in column_points.items()}
    equilibria = [(row_strategies[i], column_strategies[j]) for i, j in pairs]
    keys = [tuple(_floats(row_points[i]) + _floats(column_points[j])) for i, j in pairs]
    order = sorted(range(len(pairs)), key=keys.__getitem__, reverse=True)
    equilibria = _ordered_exactly([equilibria[e] for e in order], [keys[e] for e in order])
    return tuple(equilibria)


def _points(indices: Iterable[int], polytope: PolytopeVertices, search: PolytopeSearch) -> dict[int, list[int]]:
    """For each vertex index, its point's integer numerators (over any positive common denominator)."""
    chosen = sorted(indices)
    points = vertex_points(search.constraints, [polytope.bases[index] for index in chosen])
    return {index: point for index, (point, _) in zip(chosen, points)}


class _Fractions(dict[tuple[int, int], Fraction]):
    """``Fraction(numerator, denominator)`` by key, each made once (games repeat probabilities)."""

    def __missing__(self, key: tuple[int, int]) -> Fraction:
        value = self[key] = Fraction(*key)
        return value


def _probabilities(numerators: list[int], cache: _Fractions) -> Strategy:
    """Numerators over a common denominator, normalised to Fractions summing to 1."""
    total = sum(numerators)
    return tuple([_ZERO if value == 0 else cache[value, total] for value in numerators])


_ZERO = Fraction(0)


def _floats(numerators: list[int]) -> list[float]:
    """The normalised point in floats, each correctly rounded (so ordered as the exact values)."""
    total = sum(numerators)
    return [value / total for value in numerators]


def _ordered_exactly(equilibria: list[tuple[Strategy, Strategy]], keys: list[tuple[float, ...]]
                     ) -> list[tuple[Strategy, Strategy]]:
    """Equilibria sorted by correctly rounded floats, with runs of equal floats re-sorted exactly."""
    start = 0
    for end in range(1, len(keys) + 1):
        if end == len(keys) or keys[end] != keys[start]:
            if end - start > 1:
                equilibria[start:end] = sorted(equilibria[start:end], reverse=True)
            start = end
    return equilibria
