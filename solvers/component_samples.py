"""A verified sample equilibrium in a support whose conditions leave a continuum of solutions."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from fractions import Fraction

from ..games import Game
from .equilibrium import Equilibrium
from .linear_algebra import solve_exact
from .polynomial_systems import Polynomial, SolutionSet, solve_polynomial_system
from .support_conditions import support_variables
from .support_verification import verified_equilibrium

__all__ = ["MAX_VERTEX_SYSTEMS", "SAMPLE_ATTEMPTS", "grid_sample", "vertex_sample"]


SAMPLE_ATTEMPTS = 60
"""Most rational points of a positive-dimensional support's free variables tried when looking
for a sample equilibrium."""

MAX_VERTEX_SYSTEMS = 20_000
"""Most linear systems solved to find the vertices of the polytope of candidate equilibria of
one positive-dimensional support whose conditions are linear."""


def grid_sample(game: Game, support: tuple[tuple[int, ...], ...], equations: list[dict[tuple[int, ...], Fraction]],
            solutions: SolutionSet) -> Equilibrium | None:
    """A verified equilibrium in a positive-dimensional support: its free variables fixed at
    rational points (simplest first), the rest solved; None when none of ``SAMPLE_ATTEMPTS``
    points gives one."""
    count = len(solutions.variables)
    for values in itertools.islice(_rational_points(len(solutions.independent)), SAMPLE_ATTEMPTS):
        pinned = [{tuple(int(i == v) for i in range(count)): Fraction(1), (0,) * count: -value}
                  for v, value in zip(solutions.independent, values)]
        restricted = solve_polynomial_system([*equations, *pinned], solutions.variables)
        for point in restricted.points if restricted.is_finite else ():
            found = verified_equilibrium(game, support, point)
            if found is not None:
                return found
    return None


def vertex_sample(game: Game, support: tuple[tuple[int, ...], ...], equations: Sequence[Polynomial],
                   inequalities: Sequence[Polynomial], dimension: int) -> tuple[bool, Equilibrium | None]:
    """Decide a positive-dimensional support whose conditions are all linear, exactly.

    The candidate equilibria then form a polytope: the indifference equations, every support
    probability non-negative, no kept strategy outside the supports better. Its vertices are
    the points where ``dimension`` of the inequalities are tight (each such system solved
    exactly); the barycentre of the vertices lies in the polytope and gives a probability a
    positive value whenever some point of the polytope does. So the support holds an
    equilibrium exactly when the barycentre, verified, is one.

    Returns ``(False, None)`` when some condition is not linear, or there are more than
    ``MAX_VERTEX_SYSTEMS`` systems to solve; otherwise ``(True, sample or None)``.

    Examples
    --------
    Where nothing is at stake every profile is an equilibrium; the sample is the barycentre:

    >>> from chipgame.solvers.support_conditions import equilibrium_inequalities, probability_polynomials
    >>> idle = Game(("A", "B"), (("x", "y"), ("x", "y")), [[[0, 0], [0, 0]], [[0, 0], [0, 0]]])
    >>> support = ((0, 1), (0, 1))
    >>> probabilities = probability_polynomials(support, support_variables(support))
    >>> inequalities = equilibrium_inequalities(idle, support, [[0, 1], [0, 1]], probabilities, 2)
    >>> decided, sample = vertex_sample(idle, support, [], inequalities, 2)
    >>> decided, sample.profile
    (True, ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2))))
    """
    if any(sum(m) > 1 for p in (*equations, *inequalities) for m in p):
        return False, None
    if math.comb(len(inequalities), dimension) > MAX_VERTEX_SYSTEMS:
        return False, None
    count = len(support_variables(support))
    equalities = [_linear_row(p, count) for p in equations]
    rows = [_linear_row(p, count) for p in inequalities]
    vertices = []
    for tight in itertools.combinations(rows, dimension):
        system = [*equalities, *tight]
        point = solve_exact([row for row, _ in system], [-constant for _, constant in system])
        if point is not None and all(_linear_value(row, constant, point) >= 0 for row, constant in rows):
            vertices.append(tuple(point))
    if not vertices:
        return True, None
    centre = [sum(coordinate, start=Fraction(0)) / len(vertices) for coordinate in zip(*vertices)]
    return True, verified_equilibrium(game, support, centre)


def _linear_row(polynomial: Polynomial, count: int) -> tuple[list[Fraction], Fraction]:
    """A polynomial of degree at most one as its coefficients and its constant."""
    row = [Fraction(0)] * count
    for monomial, c in polynomial.items():
        if any(monomial):
            row[monomial.index(1)] += c
    return row, Fraction(polynomial.get((0,) * count, 0))


def _linear_value(row: Sequence[Fraction], constant: Fraction, point: Sequence[Fraction]) -> Fraction:
    return sum((a * x for a, x in zip(row, point)), start=constant)


def _rational_points(dimension: int) -> Iterator[tuple[Fraction, ...]]:
    """Points of the open unit cube with rational coordinates, smallest denominators first."""
    seen: set[tuple[Fraction, ...]] = set()
    for denominator in itertools.count(2):
        grid = [Fraction(k, denominator) for k in range(1, denominator)]
        for point in itertools.product(grid, repeat=dimension):
            if point not in seen:
                seen.add(point)
                yield point
