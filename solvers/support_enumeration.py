"""Every Nash equilibrium of a finite game with exact payoffs, by support enumeration.

For any number of players (McKelvey and McLennan, "Computation of equilibria in finite games",
Handbook of Computational Economics vol. 1, 1996, section 6; the pruning follows Porter,
Nudelman and Shoham, "Simple search methods for finding a Nash equilibrium", Games and Economic
Behavior 63, 2008):

1. strictly dominated strategies are eliminated, iteratively (``dominance.eliminate_dominated``):
   no equilibrium plays them;
2. for every profile of supports (one non-empty set of strategies per player, smallest first)
   a support is dropped at once when one of its strategies is conditionally dominated: some
   other pure strategy of the player pays at least as much against every profile of the
   others' supports and more against one (every such profile has positive probability at an
   equilibrium with these supports, so the strategy could not be a best response); a profile
   where two or more players mix is also dropped when a subdivision of its product of simplices
   proves the same cell by cell (``support_exclusion.SubdivisionTest``);
3. otherwise each player must be indifferent among the strategies of their support: with the
   probabilities of each support summing to one, these conditions are polynomial equations
   (multilinear in the other players' probabilities), solved exactly
   (``polynomial_systems.solve_polynomial_system``: exact linear algebra when they are linear,
   a Groebner basis otherwise);
4. each solution is checked exactly, in its number field: a distribution per player, strictly
   positive on the support, and no strategy outside the support strictly better.

An equilibrium's support is exactly the support it was found in, so no equilibrium is found
twice. A support whose indifference conditions leave a positive-dimensional set is reported as
a component (support, dimension, equations and, when one is found among rational values of its
free variables, a verified sample equilibrium). When those conditions are not linear, the set is
also proved to be of pure dimension (``equidimensional``: no isolated point, which could be an
equilibrium of its own, beside the continuum); without that proof the result is incomplete.
Rational probabilities and payoffs come back as Fractions, irrational ones as ``RealAlgebraic``
numbers.

The work is bounded by counts, degrees and coefficient sizes (``MAX_SUPPORT_PROFILES``,
``SAMPLE_ATTEMPTS`` and the bounds of ``polynomial_systems``), never by the clock: the same game
always gets the same answer, and ``complete`` says whether every support was decided.

Examples
--------
Three-player matching pennies (player 1 wants to match player 2, who wants to match player 3,
who wants to mismatch player 1) has one equilibrium, everyone mixing half-half:

>>> pennies = Game(("P1", "P2", "P3"), (("H", "T"),) * 3,
...                [[[[1 if a == b else -1, 1 if b == c else -1, 1 if c != a else -1]
...                   for c in range(2)] for b in range(2)] for a in range(2)])
>>> found = support_enumeration(pennies)
>>> found.complete, [eq.profile for eq in found.equilibria]
(True, [((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))])
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, cast

import numpy as np
import sympy

from ..errors import SolverError
from ..games import Game, Number
from .dominance import eliminate_dominated
from .equidimensional import is_equidimensional
from .equilibrium import Equilibrium, Profile
from .linear_algebra import solve_exact
from .number_field import Algebraic
from .polynomial_systems import Polynomial, SolutionSet, polynomial_text, solve_polynomial_system
from .real_algebraic import to_real_algebraic
from .support_exclusion import SubdivisionTest

__all__ = [
    "MAX_NONLINEAR_SUPPORTS",
    "MAX_SUPPORT_PROFILES",
    "MAX_VERTEX_SYSTEMS",
    "SAMPLE_ATTEMPTS",
    "EquilibriumComponent",
    "SupportEnumeration",
    "support_enumeration",
    "support_profile_total",
]

MAX_SUPPORT_PROFILES = 200_000
"""Most support profiles examined (after the elimination of dominated strategies); a larger
game has its smallest supports examined and is marked incomplete."""

MAX_NONLINEAR_SUPPORTS = 150
"""Most support profiles with three or more mixing players solved per game (each takes a
Groebner basis, about 0.05 to 2 s), after those proved impossible are dropped: the catalog's
games need at most 4 (its random 5x4x3 game has 566 before the subdivision test, 1 after)."""

SAMPLE_ATTEMPTS = 60
"""Most rational points of a positive-dimensional support's free variables tried when looking
for a sample equilibrium."""

MAX_VERTEX_SYSTEMS = 20_000
"""Most linear systems solved to find the vertices of the polytope of candidate equilibria of
one positive-dimensional support whose conditions are linear."""

Value = Any
"""A probability or payoff while it is computed: a Fraction or an element of a number field."""

DominatedCache = dict[tuple[int | Sequence[int], ...], frozenset[int]]
"""The strategies of a player dominated against a profile of the others' supports, keyed by the
player followed by those supports."""


@dataclass(frozen=True)
class EquilibriumComponent:
    """A support whose indifference conditions have a positive-dimensional set of solutions.

    Parameters
    ----------
    support
        Each player's support, as strategy labels.
    dimension
        The dimension of the (complex) solution set of the indifference conditions.
    equations
        The conditions, as text ``"... = 0"`` in variables named ``p[player:strategy]`` (the
        probability of that strategy; each player's first support strategy takes the rest):
        the reduced Groebner basis when one was computed (``"0 = 0"`` when the conditions hold
        everywhere, as for a player indifferent against pure opponents).
    sample
        A verified equilibrium with this support, or None when none was found.

    Examples
    --------
    >>> EquilibriumComponent((("A",), ("L", "R")), 1, (), None).dimension
    1
    """

    support: tuple[tuple[str, ...], ...]
    dimension: int
    equations: tuple[str, ...]
    sample: Equilibrium | None


@dataclass(frozen=True)
class SupportEnumeration:
    """The result of ``support_enumeration``.

    Parameters
    ----------
    equilibria
        Every equilibrium found in a support with finitely many solutions, verified exactly,
        sorted with ``Equilibrium.sort_key``.
    components
        Supports with a continuum of solutions of their indifference conditions (see
        ``EquilibriumComponent``); those without a sample equilibrium, or whose non-linear
        conditions are not proved to leave a set of pure dimension, make the result incomplete.
    complete
        True when every support profile was decided: then ``equilibria`` holds every isolated
        equilibrium and every other equilibrium lies in a listed component.
    notes
        What was skipped, and why, in plain words.

    Examples
    --------
    >>> SupportEnumeration((), (), True, ()).complete
    True
    """

    equilibria: tuple[Equilibrium, ...]
    components: tuple[EquilibriumComponent, ...]
    complete: bool
    notes: tuple[str, ...]


def support_profile_total(shape: Sequence[int]) -> int:
    """The number of support profiles of a game of this shape: ``prod(2**n - 1)``.

    Examples
    --------
    >>> support_profile_total((3, 3, 3))
    343
    """
    total = 1
    for size in shape:
        total *= 2**size - 1
    return total


def support_enumeration(game: Game, *, progress: Callable[[int, int], None] | None = None,
                        max_support_profiles: int = MAX_SUPPORT_PROFILES,
                        max_nonlinear_supports: int = MAX_NONLINEAR_SUPPORTS) -> SupportEnumeration:
    """Every Nash equilibrium of an exact game with any number of players, by support enumeration.

    Parameters
    ----------
    game
        A game with exact (Fraction) payoffs.
    progress
        Called as ``progress(done, total)`` after each support profile.
    max_support_profiles
        Most support profiles examined, smallest first; past it the result is incomplete.
    max_nonlinear_supports
        Most support profiles with three or more mixing players (whose conditions are not
        linear, so are solved by Groebner bases) solved, smallest first, after the pruning;
        past it the result is incomplete.

    Returns
    -------
    SupportEnumeration
        The isolated equilibria, the positive-dimensional components, and whether the search
        was complete.

    Raises
    ------
    SolverError
        When ``game`` is not an exact chipgame Game.

    Examples
    --------
    A 2x2x2 game where every player wants to do what the others do: two pure equilibria and
    one mixed, everyone indifferent at 1/2.

    >>> coordination = Game(("A", "B", "C"), (("X", "Y"),) * 3,
    ...                     [[[[int(a == b == c)] * 3 for c in range(2)] for b in range(2)] for a in range(2)])
    >>> [eq.support for eq in support_enumeration(coordination).equilibria][:2]
    [(('X',), ('X',), ('X',)), (('Y',), ('Y',), ('Y',))]
    """
    if not isinstance(game, Game) or not game.is_exact:
        raise SolverError("support enumeration needs a chipgame Game with exact payoffs",
                          fix="give the payoffs as integers or Fractions")
    reduced, kept = _reduced(game)
    total = support_profile_total(reduced.shape)
    notes: list[str] = []
    if total > max_support_profiles:
        notes.append(f"only the {max_support_profiles} smallest of {total} support profiles were examined")
    count = min(total, max_support_profiles)
    equilibria: dict[Profile, Equilibrium] = {}
    components: list[EquilibriumComponent] = []
    skipped_nonlinear = 0
    budget = max_nonlinear_supports
    for done, (supports, impossible) in enumerate(_decided_profiles(reduced, count), start=1):
        if impossible:
            pass
        elif sum(len(s) > 1 for s in supports) >= 3 and (budget := budget - 1) < 0:
            skipped_nonlinear += 1
        else:
            support = tuple(tuple(kept[k][i] for i in s) for k, s in enumerate(supports))
            found, component, skipped = _solve_support(game, support, kept)
            for eq in found:
                equilibria.setdefault(eq.profile, eq)
            if component is not None:
                components.append(component)
            notes.extend(skipped)
        if progress is not None:
            progress(done, count)
    if skipped_nonlinear:
        notes.append(f"{skipped_nonlinear} support profiles with three or more mixing players were not solved "
                     f"(past the first {max_nonlinear_supports})")
    notes.extend(_unsampled(components))
    ordered = tuple(sorted(equilibria.values(), key=Equilibrium.sort_key))
    return SupportEnumeration(ordered, tuple(components), not notes, tuple(notes))


def _reduced(game: Game) -> tuple[Game, list[list[int]]]:
    """The game after iterated elimination of strictly dominated strategies, and for each player
    the original indices of the strategies kept."""
    reduced = eliminate_dominated(game).reduced
    kept = [[labels.index(label) for label in left] for labels, left in zip(game.strategies, reduced.strategies)]
    return reduced, kept


def _support_profiles(shape: Sequence[int]) -> Iterator[tuple[tuple[int, ...], ...]]:
    """Every profile of non-empty supports, smallest total size first, then by the sizes, then in
    index order; generated lazily, so that a bound on their number bounds the work."""
    size_vectors = sorted(itertools.product(*(range(1, n + 1) for n in shape)), key=lambda sizes: (sum(sizes), sizes))
    for sizes in size_vectors:
        yield from itertools.product(*(itertools.combinations(range(n), size) for n, size in zip(shape, sizes)))


def _decided_profiles(game: Game, count: int) -> Iterator[tuple[tuple[tuple[int, ...], ...], bool]]:
    """The first ``count`` support profiles of ``game`` in the order of ``_support_profiles``,
    each with True when it is proved to hold no equilibrium: a support strategy is conditionally
    dominated, or, with two or more mixing players, the subdivision test excludes it (profiles
    of the same sizes are subdivided together)."""
    integers = _integer_payoffs(game)
    dominated: DominatedCache = {}
    subdivision = SubdivisionTest(game)
    profiles = itertools.islice(_support_profiles(game.shape), count)
    for sizes, group in itertools.groupby(profiles, key=lambda supports: tuple(map(len, supports))):
        alike = [(supports, _conditionally_dominated(integers, supports, dominated)) for supports in group]
        if sum(size > 1 for size in sizes) >= 2:
            tried = [supports for supports, dominated in alike if not dominated]
            excluded = dict(zip(tried, subdivision.excluded(tried)))
            alike = [(supports, dominated or excluded[supports]) for supports, dominated in alike]
        yield from alike


def _integer_payoffs(game: Game) -> list[np.ndarray]:
    """Each player's payoffs times a positive integer (the same for all of that player's
    payoffs): 64-bit integers when their differences fit, Python ints otherwise."""
    arrays = []
    for player in range(game.n_players):
        values = game.payoff_array(player)
        scale = math.lcm(*(Fraction(v).denominator for v in values.flat))
        integers = np.vectorize(lambda v, scale=scale: int(v * scale), otypes=[object])(values)
        small = all(abs(v) < 2**61 for v in integers.flat)
        arrays.append(integers.astype(np.int64) if small else integers)
    return arrays


def _conditionally_dominated(payoffs: Sequence[np.ndarray], supports: Sequence[Sequence[int]],
                             dominated: DominatedCache) -> bool:
    """True when some strategy of a support is never a best response with these supports: some
    other pure strategy of its player pays at least as much against every profile of the
    others' supports, and more against one. (At an equilibrium with exactly these supports every
    such profile has positive probability, so the other strategy would pay strictly more.)
    ``payoffs`` are the players' payoffs from ``_integer_payoffs``; ``dominated`` keeps each
    player's dominated strategies by the others' supports, as they are found."""
    for player, support in enumerate(supports):
        key: tuple[int | Sequence[int], ...] = (player, *supports[:player], *supports[player + 1:])
        if key not in dominated:
            dominated[key] = _dominated_strategies(payoffs[player], supports, player)
        if not dominated[key].isdisjoint(support):
            return True
    return False


def _dominated_strategies(payoffs: np.ndarray, supports: Sequence[Sequence[int]], player: int) -> frozenset[int]:
    """The strategies of ``player`` that another of its pure strategies pays at least as much as
    against every profile of the others' supports, and more against one."""
    size = payoffs.shape[player]
    others = [list(s) if k != player else list(range(size)) for k, s in enumerate(supports)]
    values = np.moveaxis(payoffs[np.ix_(*others)], player, 0).reshape(size, -1)
    gaps = values[:, None, :] - values[None, :, :]  # (other strategy, strategy, profile)
    beaten = ((gaps >= 0).all(axis=2) & (gaps > 0).any(axis=2)).any(axis=0)
    return frozenset(int(s) for s in np.flatnonzero(beaten))


def _solve_support(game: Game, support: tuple[tuple[int, ...], ...], kept: Sequence[Sequence[int]]
                   ) -> tuple[list[Equilibrium], EquilibriumComponent | None, list[str]]:
    """The equilibria with exactly this support (original indices), or its component."""
    variables = _variables(support)
    probabilities = _probability_polynomials(support, variables)
    equations = _without_probability_factors(_indifference_equations(game, support, probabilities, len(variables)),
                                             probabilities, len(variables))
    names = tuple(f"p[{game.players[k]}:{game.strategies[k][s]}]" for k, s in variables)
    solutions = solve_polynomial_system(equations, names)
    notes = [f"support {_support_text(game, support)}: {note}" for note in solutions.notes]
    if solutions.dimension <= 0:
        found = [eq for point in solutions.points if (eq := _verified(game, support, point)) is not None]
        return found, None, notes
    inequalities = _inequalities(game, support, kept, probabilities, len(variables))
    decided, sample = _vertex_sample(game, support, equations, inequalities, solutions.dimension)
    if not decided:
        sample = _grid_sample(game, support, equations, solutions)
        symbols = sympy.symbols(f"x0:{len(variables)}")
        if not is_equidimensional([_poly(e, symbols).as_expr() for e in equations], symbols, solutions.independent):
            # a nonlinear set can have isolated points beside its continuum, not separated here
            notes.append(f"support {_support_text(game, support)}: the solution set is positive-dimensional, not "
                         "linear and not proved of pure dimension; equilibria with this support off the continuum "
                         "reported may be missing")
    elif sample is None:
        return [], None, notes  # the polytope of candidate equilibria misses this exact support
    text = solutions.basis or tuple(polynomial_text(p, names) for p in equations)
    labels = tuple(tuple(game.strategies[k][s] for s in chosen) for k, chosen in enumerate(support))
    return [], EquilibriumComponent(labels, solutions.dimension, tuple(f"{e} = 0" for e in text), sample), notes


def _variables(support: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """The unknowns: ``(player, strategy)`` for every support strategy but each player's first."""
    return [(k, s) for k, chosen in enumerate(support) for s in chosen[1:]]


def _probability_polynomials(support: Sequence[Sequence[int]], variables: Sequence[tuple[int, int]]
                             ) -> list[dict[int, dict[tuple[int, ...], Fraction]]]:
    """For each player, the probability of each support strategy as a linear polynomial: a
    variable, or one minus the player's other variables for the first strategy."""
    count = len(variables)
    unit = [tuple(int(i == v) for i in range(count)) for v in range(count)]
    result = []
    for player, chosen in enumerate(support):
        own = [v for v, (k, _) in enumerate(variables) if k == player]
        first = {(0,) * count: Fraction(1), **{unit[v]: Fraction(-1) for v in own}}
        result.append({chosen[0]: first, **{variables[v][1]: {unit[v]: Fraction(1)} for v in own}})
    return result


def _payoff_gaps(game: Game, support: Sequence[Sequence[int]],
                 probabilities: Sequence[dict[int, dict[tuple[int, ...], Fraction]]], count: int,
                 player: int, strategies: Sequence[int]) -> list[dict[tuple[int, ...], Fraction]]:
    """For each of ``strategies``: its expected payoff to ``player`` minus that of the player's
    first support strategy, as a polynomial in the others' probabilities."""
    others = [range(1) if k == player else s for k, s in enumerate(support)]
    weights = []
    for index in itertools.product(*others):
        factors = [probabilities[k][index[k]] for k in range(len(support)) if k != player]
        weights.append((index, _product(factors, count)))
    gaps = []
    for s in strategies:
        gap: dict[tuple[int, ...], Fraction] = {}
        for index, weight in weights:
            difference = _payoff(game, index, player, s) - _payoff(game, index, player, support[player][0])
            if difference:
                _accumulate(gap, weight, difference)
        gaps.append({m: c for m, c in gap.items() if c})
    return gaps


def _indifference_equations(game: Game, support: Sequence[Sequence[int]],
                            probabilities: Sequence[dict[int, dict[tuple[int, ...], Fraction]]],
                            count: int) -> list[dict[tuple[int, ...], Fraction]]:
    """For each player and each support strategy but the first: its expected payoff minus that of
    the first (zero at an equilibrium)."""
    return [gap for player, chosen in enumerate(support)
            for gap in _payoff_gaps(game, support, probabilities, count, player, chosen[1:])]


def _without_probability_factors(equations: list[dict[tuple[int, ...], Fraction]],
                                 probabilities: Sequence[dict[int, dict[tuple[int, ...], Fraction]]],
                                 count: int) -> list[dict[tuple[int, ...], Fraction]]:
    """The equations with every factor that is a support probability divided out: such a factor
    is positive at any equilibrium with this support, so the solutions that matter are kept,
    and the continua where a probability vanishes (which belong to smaller supports) go. An
    equation that was such a product altogether becomes a non-zero constant (no solution)."""
    if count == 0:
        return equations
    symbols = sympy.symbols(f"x0:{count}")
    factors = {_poly(p, symbols).monic() for mix in probabilities for p in mix.values() if len(mix) > 1}
    return [_divided(equation, symbols, factors) if any(sum(m) > 1 for m in equation) else equation
            for equation in equations]


def _divided(equation: Polynomial, symbols: Sequence[sympy.Symbol], factors: set[sympy.Poly]
             ) -> dict[tuple[int, ...], Fraction]:
    """``equation`` without its factors among ``factors`` (monic linear polynomials)."""
    poly = _poly(equation, symbols)
    for factor in factors:
        while not poly.is_ground:
            quotient, remainder = poly.div(factor)
            if not remainder.is_zero:
                break
            poly = quotient
    return {m: Fraction(int(c.p), int(c.q)) for m, c in poly.terms() if c}


def _poly(polynomial: Polynomial, symbols: Sequence[sympy.Symbol]) -> sympy.Poly:
    return sympy.Poly.from_dict({m: sympy.Rational(c.numerator, c.denominator) for m, c in polynomial.items()},
                                *symbols, domain=sympy.QQ)


def _inequalities(game: Game, support: Sequence[Sequence[int]], kept: Sequence[Sequence[int]],
                  probabilities: Sequence[dict[int, dict[tuple[int, ...], Fraction]]],
                  count: int) -> list[dict[tuple[int, ...], Fraction]]:
    """The polynomials that are non-negative at an equilibrium with this support (or on its
    boundary): every support probability, and for every kept strategy outside a support, the
    payoff of the support minus its payoff."""
    result = [dict(p) for player, chosen in enumerate(support) for p in
              (probabilities[player][s] for s in chosen)]
    for player, chosen in enumerate(support):
        outside = [s for s in kept[player] if s not in chosen]
        for gap in _payoff_gaps(game, support, probabilities, count, player, outside):
            result.append({m: -c for m, c in gap.items()})
    return result


def _payoff(game: Game, index: tuple[int, ...], player: int, strategy: int) -> Fraction:
    profile = list(index)
    profile[player] = strategy
    payoff: Fraction = game.payoffs[(*profile, player)]
    return payoff


def _product(factors: Sequence[Polynomial], count: int) -> dict[tuple[int, ...], Fraction]:
    """The product of polynomials in ``count`` variables."""
    result: dict[tuple[int, ...], Fraction] = {(0,) * count: Fraction(1)}
    for factor in factors:
        step: dict[tuple[int, ...], Fraction] = {}
        for m1, c1 in result.items():
            for m2, c2 in factor.items():
                monomial = tuple(a + b for a, b in zip(m1, m2))
                step[monomial] = step.get(monomial, Fraction(0)) + c1 * c2
        result = step
    return result


def _accumulate(total: dict[tuple[int, ...], Fraction], polynomial: Polynomial, scale: Fraction) -> None:
    for monomial, c in polynomial.items():
        total[monomial] = total.get(monomial, Fraction(0)) + scale * c


def _profile(game: Game, support: Sequence[Sequence[int]], point: Sequence[Value]) -> list[list[Value]]:
    """The mixed profile (every strategy, zeros off the support) at a solution ``point``."""
    values = iter(point)
    profile: list[list[Value]] = []
    for player, chosen in enumerate(support):
        mix: list[Value] = [Fraction(0)] * game.shape[player]
        rest = [next(values) for _ in chosen[1:]]
        for s, p in zip(chosen[1:], rest):
            mix[s] = p
        mix[chosen[0]] = 1 - sum(rest, start=Fraction(0))
        profile.append(mix)
    return profile


def _verified(game: Game, support: Sequence[Sequence[int]], point: Sequence[Value]) -> Equilibrium | None:
    """The equilibrium at ``point`` when it is one with exactly this support; None otherwise.

    Checked exactly (in the point's number field): every support probability strictly positive,
    each player indifferent across the support, and no strategy outside it strictly better.
    """
    profile = _profile(game, support, point)
    if any(not profile[k][s] > 0 for k, chosen in enumerate(support) for s in chosen):
        return None
    payoffs = []
    for player, chosen in enumerate(support):
        values = _strategy_values(game, profile, support, player)
        value = values[chosen[0]]
        if any(values[s] != value for s in chosen) or any(v > value for v in values):
            return None
        payoffs.append(value)
    exact = tuple(tuple(_exported(p) for p in mix) for mix in profile)
    return Equilibrium(exact, tuple(_exported(v) for v in payoffs), game.strategies)


def _strategy_values(game: Game, profile: Sequence[Sequence[Value]], support: Sequence[Sequence[int]],
                     player: int) -> list[Value]:
    """The expected payoff of each pure strategy of ``player`` against the others' mixes."""
    others = [range(1) if k == player else s for k, s in enumerate(support)]
    values: list[Value] = []
    for strategy in range(game.shape[player]):
        total: Value = Fraction(0)
        for index in itertools.product(*others):
            weight: Value = Fraction(1)
            for k, s in enumerate(index):
                if k != player:
                    weight = weight * profile[k][s]
            total = total + weight * _payoff(game, index, player, strategy)
        values.append(total)
    return values


def _exported(value: Value) -> Number:
    """A computed value as it is returned: a Fraction, or a RealAlgebraic when irrational."""
    if isinstance(value, Algebraic):
        # a RealAlgebraic converts with float() and compares exactly, as the Numbers of Equilibrium's
        # type do; widening that type to name it reaches the reports and sensitivity (issue 14)
        return cast(Number, to_real_algebraic(value))
    return Fraction(value)


def _grid_sample(game: Game, support: tuple[tuple[int, ...], ...], equations: list[dict[tuple[int, ...], Fraction]],
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
            found = _verified(game, support, point)
            if found is not None:
                return found
    return None


def _vertex_sample(game: Game, support: tuple[tuple[int, ...], ...], equations: Sequence[Polynomial],
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
    """
    if any(sum(m) > 1 for p in (*equations, *inequalities) for m in p):
        return False, None
    if math.comb(len(inequalities), dimension) > MAX_VERTEX_SYSTEMS:
        return False, None
    count = len(_variables(support))
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
    return True, _verified(game, support, centre)


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


def _unsampled(components: Sequence[EquilibriumComponent]) -> list[str]:
    return [f"no sample equilibrium was found in the {c.dimension}-dimensional solution set of support "
            f"{c.support}; it may hold equilibria" for c in components if c.sample is None]


def _support_text(game: Game, support: Sequence[Sequence[int]]) -> str:
    return " x ".join("{" + ", ".join(game.strategies[k][s] for s in chosen) + "}" for k, chosen in enumerate(support))
