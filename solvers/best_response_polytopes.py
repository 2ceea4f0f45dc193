"""All extreme equilibria of a two-player game, exactly, by best-response polytope vertex enumeration.

For an m x n bimatrix game (A, B), shifted so every payoff is positive, the best-response
polytopes are (von Stengel, "Computing equilibria for two-person games", Handbook of Game
Theory vol. 3, 2002, section 3)::

    P = {x in R^m : x >= 0, B^T x <= 1}   labels: i where x_i = 0, m + j where (B^T x)_j = 1
    Q = {y in R^n : A y <= 1, y >= 0}     labels: i where (A y)_i = 1, m + j where y_j = 0

The extreme Nash equilibria are exactly the completely labelled vertex pairs (x, y) other than
(0, 0), normalised to probabilities; this holds for degenerate games too when every vertex is
enumerated exactly (Avis, Rosenberg, Savani, von Stengel, "Enumeration of Nash equilibria for
two-player games", Economic Theory 42, 2010). The game is degenerate exactly when some vertex
has more labels than the polytope's dimension.

Vertices are enumerated by choosing a support S and as many tight inequalities R, solving
``C[R, S] z = 1``. All these small systems are first solved in floats in one batched numpy call
per size; every candidate that passes a loose feasibility screen, and every system that is
ill-conditioned in floats, is then solved and checked again in exact integer arithmetic (the
constraint matrix scaled by the common denominator of its entries, each system solved
fraction-free), so the answer is decided exactly. Rational games of at most
``MAX_SMALL_SYSTEMS`` systems (4x4) skip the float screen: ``small_bimatrix`` tries every system
in integers directly, which costs less than the numpy calls of the screen.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from typing import Any

import numpy as np

from ..errors import SolverError
from ..games import Game
from .linear_algebra import solve_exact, solve_integer
from .small_bimatrix import MAX_SMALL_SYSTEMS, small_extreme_equilibria

__all__ = ["Vertex", "enumeration_size", "extreme_equilibria", "polytope_vertices", "vertex_enumeration",
           "MAX_SYSTEMS"]

MAX_SYSTEMS = 200_000
"""Largest number of candidate systems ``C(m + n, m)`` the exhaustive enumeration accepts (a 10x10 game
has 184,756); larger games are refused here and ``solve``'s auto method falls back to Lemke-Howson."""

_CHUNK = 20_000
"""Systems screened per numpy call, to bound memory."""

_ILL_CONDITIONED = 1e10


@dataclass(frozen=True)
class Vertex:
    """A vertex of ``{z >= 0, C z <= 1}``: its exact point and the labels of its tight inequalities."""

    point: tuple[Fraction, ...]
    zero_coordinates: frozenset[int]
    tight_rows: frozenset[int]

    @property
    def label_count(self) -> int:
        """How many inequalities hold with equality at this vertex."""
        return len(self.zero_coordinates) + len(self.tight_rows)


def polytope_vertices(constraints: np.ndarray) -> tuple[Vertex, ...]:
    """Every vertex other than 0 of ``{z in R^d : z >= 0, C z <= 1}`` for a positive matrix C.

    Parameters
    ----------
    constraints
        A positive ``k x d`` object array of exact numbers of one ordered field: Fractions (then
        decided in integers, the fast path), or elements of a real number field
        (``chipgame.solvers.number_field``).

    Examples
    --------
    >>> C = np.array([[Fraction(1), Fraction(2)]], dtype=object)
    >>> [v.point for v in polytope_vertices(C)]
    [(Fraction(1, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 2))]
    """
    rows, dim = constraints.shape
    as_float = constraints.astype(float) / float(np.max(constraints))
    if all(isinstance(value, Fraction) for value in constraints.flat):
        integers, scale = _as_integers(constraints)
        exact_vertex = partial(_integer_vertex, integers, scale)
    else:
        exact_vertex = partial(_field_vertex, constraints)
    found: dict[tuple[Any, ...], Vertex] = {}
    for size in range(1, min(rows, dim) + 1):
        supports = list(itertools.combinations(range(dim), size))
        tights = list(itertools.combinations(range(rows), size))
        for support, tight in _candidates(as_float, supports, tights):
            vertex = exact_vertex(support, tight)
            if vertex is not None:
                found.setdefault(vertex.point, vertex)
    return tuple(found[key] for key in sorted(found, reverse=True))


def _candidates(
    scaled: np.ndarray, supports: list[tuple[int, ...]], tights: list[tuple[int, ...]]
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The (support, tight rows) pairs whose system may give a feasible vertex, screened in floats."""
    s_index = np.array(supports)
    t_index = np.array(tights)
    all_pairs = np.array(list(itertools.product(range(len(supports)), range(len(tights)))))
    kept: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for start in range(0, len(all_pairs), _CHUNK):
        pairs = all_pairs[start:start + _CHUNK]
        keep = _screen(scaled, s_index[pairs[:, 0]], t_index[pairs[:, 1]])
        kept.extend((supports[a], tights[b]) for a, b in pairs[keep])
    return kept


def _screen(scaled: np.ndarray, s_sel: np.ndarray, t_sel: np.ndarray) -> np.ndarray:
    """For each system (support row of ``s_sel``, tight rows of ``t_sel``), may it give a vertex?"""
    blocks = scaled[t_sel[:, :, None], s_sel[:, None, :]]
    condition = np.linalg.cond(blocks)
    well = np.isfinite(condition) & (condition < _ILL_CONDITIONED)
    keep: np.ndarray = ~well
    if well.any():
        solutions = np.linalg.solve(blocks[well], np.ones((int(well.sum()), s_sel.shape[1], 1)))[..., 0]
        slack = np.maximum(1e-9, condition[well] * 1e-13)
        points = np.zeros((len(solutions), scaled.shape[1]))
        np.put_along_axis(points, s_sel[well], solutions, axis=1)
        scale = np.maximum(1.0, np.abs(points).max(axis=1))
        feasible = (solutions >= -(slack * scale)[:, None]).all(axis=1)
        feasible &= ((points @ scaled.T) <= 1 + slack[:, None]).all(axis=1)
        keep[np.flatnonzero(well)[feasible]] = True
    return keep


def _as_integers(constraints: np.ndarray) -> tuple[list[list[int]], int]:
    """``C`` as integers ``scale * C``, with ``scale`` the least common denominator of its entries."""
    scale = math.lcm(*(Fraction(value).denominator for value in constraints.flat))
    return [[int(Fraction(value) * scale) for value in row] for row in constraints], scale


def _integer_vertex(integers: list[list[int]], scale: int, support: tuple[int, ...], tight: tuple[int, ...]
                    ) -> Vertex | None:
    """The vertex where the rows ``tight`` of ``C z <= 1`` hold with equality and ``z`` is zero
    outside ``support``, decided in integers (``integers == scale * C``): None when that system
    is singular or its solution is not a point of the polytope."""
    solved = solve_integer([[integers[r][c] for c in support] for r in tight], [scale] * len(tight))
    if solved is None:
        return None
    numerators, denominator = solved  # z[support] = numerators / denominator, denominator > 0
    if any(v < 0 for v in numerators):
        return None
    # (C z)[r] <= 1  <=>  integers[r] . numerators <= scale * denominator
    bound = scale * denominator
    loads = [sum(row[c] * v for c, v in zip(support, numerators)) for row in integers]
    if any(load > bound for load in loads):
        return None
    point = [Fraction(0)] * len(integers[0])
    for c, v in zip(support, numerators):
        point[c] = Fraction(v, denominator)
    return Vertex(
        tuple(point),
        frozenset(c for c, v in enumerate(point) if v == 0),
        frozenset(r for r, load in enumerate(loads) if load == bound),
    )


def _field_vertex(constraints: np.ndarray, support: tuple[int, ...], tight: tuple[int, ...]) -> Vertex | None:
    """``_integer_vertex`` for any exact ordered field, in its own arithmetic (Gauss-Jordan)."""
    one = constraints[0, 0] / constraints[0, 0]  # the field's 1 (entries are positive)
    solution = solve_exact([[constraints[r, c] for c in support] for r in tight], [one] * len(tight))
    if solution is None or any(v < 0 for v in solution):
        return None
    point = [one * 0] * constraints.shape[1]
    for c, v in zip(support, solution):
        point[c] = v
    loads = [sum((row[c] * point[c] for c in support), one * 0) for row in constraints]
    if any(load > 1 for load in loads):
        return None
    return Vertex(
        tuple(point),
        frozenset(c for c, v in enumerate(point) if v == 0),
        frozenset(r for r, load in enumerate(loads) if load == 1),
    )


def _positive(payoffs: np.ndarray) -> np.ndarray:
    """Shift payoffs so the smallest is 1 (equilibria are unchanged by a constant shift)."""
    shifted: np.ndarray = payoffs - min(payoffs.flat) + 1
    return shifted


def enumeration_size(game: Game) -> int:
    """How many candidate systems exhaustive enumeration of a two-player game solves: ``C(m + n, m)``.

    Examples
    --------
    >>> enumeration_size(Game(("A", "B"), (("a", "b", "c"), ("x", "y", "z")), [[[0, 0]] * 3] * 3))
    20
    """
    m, n = game.shape
    return math.comb(m + n, m)


def vertex_enumeration(game: Game) -> tuple[list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]], bool]:
    """Every extreme Nash equilibrium of an exact two-player game, and whether it is degenerate.

    Returns
    -------
    equilibria
        The extreme equilibria as ``(x, y)`` pairs of exact probability tuples.
    degenerate
        True when some best-response polytope vertex has surplus labels.

    Raises
    ------
    SolverError
        When the game is not an exact two-player game, or too large to enumerate.

    Examples
    --------
    >>> pennies = Game(("A", "B"), (("H", "T"), ("H", "T")), [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> vertex_enumeration(pennies)
    ([((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))], False)
    """
    if game.n_players != 2 or not game.is_exact:
        raise SolverError("vertex enumeration needs an exact two-player game", fix="use another method")
    m, n = game.shape
    if enumeration_size(game) > MAX_SYSTEMS:
        raise SolverError(
            f"a {m}x{n} game is too large to enumerate every vertex ({enumeration_size(game)} systems)",
            fix="use method 'nashpy-lemke-howson' to find some equilibria",
        )
    if enumeration_size(game) <= MAX_SMALL_SYSTEMS:
        return small_extreme_equilibria(game.payoff_array(0), game.payoff_array(1))
    return extreme_equilibria(game.payoff_array(0), game.payoff_array(1))


def extreme_equilibria(row_payoffs: np.ndarray, column_payoffs: np.ndarray
                       ) -> tuple[list[tuple[tuple[Any, ...], tuple[Any, ...]]], bool]:
    """``vertex_enumeration`` of the bimatrix game ``(A, B)``: object arrays of exact numbers of
    one ordered field (see ``polytope_vertices``), no size check.

    Examples
    --------
    >>> A = np.array([[Fraction(1), Fraction(0)], [Fraction(0), Fraction(1)]], dtype=object)
    >>> [x for x, y in extreme_equilibria(A, A)[0]]
    [(Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 2), Fraction(1, 2)), (Fraction(0, 1), Fraction(1, 1))]
    """
    m, n = row_payoffs.shape
    row_polytope = polytope_vertices(_positive(column_payoffs).T)
    column_polytope = polytope_vertices(_positive(row_payoffs))
    row_labels = [_mask(v.zero_coordinates) | _mask(v.tight_rows, m) for v in row_polytope]
    column_labels = [_mask(v.tight_rows) | _mask(v.zero_coordinates, m) for v in column_polytope]
    everything = (1 << (m + n)) - 1
    equilibria = [
        (_normalised(x.point), _normalised(y.point))
        for x, x_labels in zip(row_polytope, row_labels)
        for y, y_labels in zip(column_polytope, column_labels)
        if x_labels | y_labels == everything
    ]
    degenerate = any(v.label_count > m for v in row_polytope) or any(v.label_count > n for v in column_polytope)
    return equilibria, degenerate


def _mask(indices: frozenset[int], offset: int = 0) -> int:
    return sum(1 << (i + offset) for i in indices)


def _normalised(point: tuple[Any, ...]) -> tuple[Any, ...]:
    total = sum(point[1:], point[0])
    return tuple(v / total for v in point)
