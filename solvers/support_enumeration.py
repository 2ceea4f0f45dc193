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

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy

from ..errors import SolverError
from ..games import Game
from .component_samples import MAX_VERTEX_SYSTEMS, SAMPLE_ATTEMPTS, grid_sample, vertex_sample
from .dominance import eliminate_dominated
from .equidimensional import is_equidimensional
from .equilibrium import Equilibrium, Profile
from .polynomial_systems import polynomial_text, solve_polynomial_system
from .support_conditions import (
    as_poly,
    equilibrium_inequalities,
    indifference_equations,
    probability_polynomials,
    support_variables,
    without_probability_factors,
)
from .support_pruning import decided_profiles
from .support_verification import verified_equilibrium

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
    for done, (supports, impossible) in enumerate(decided_profiles(reduced, count), start=1):
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


def _solve_support(game: Game, support: tuple[tuple[int, ...], ...], kept: Sequence[Sequence[int]]
                   ) -> tuple[list[Equilibrium], EquilibriumComponent | None, list[str]]:
    """The equilibria with exactly this support (original indices), or its component."""
    variables = support_variables(support)
    probabilities = probability_polynomials(support, variables)
    equations = without_probability_factors(indifference_equations(game, support, probabilities, len(variables)),
                                             probabilities, len(variables))
    names = tuple(f"p[{game.players[k]}:{game.strategies[k][s]}]" for k, s in variables)
    solutions = solve_polynomial_system(equations, names)
    notes = [f"support {_support_text(game, support)}: {note}" for note in solutions.notes]
    if solutions.dimension <= 0:
        found = [eq for point in solutions.points if (eq := verified_equilibrium(game, support, point)) is not None]
        return found, None, notes
    inequalities = equilibrium_inequalities(game, support, kept, probabilities, len(variables))
    decided, sample = vertex_sample(game, support, equations, inequalities, solutions.dimension)
    if not decided:
        sample = grid_sample(game, support, equations, solutions)
        symbols = sympy.symbols(f"x0:{len(variables)}")
        if not is_equidimensional([as_poly(e, symbols).as_expr() for e in equations], symbols, solutions.independent):
            # a nonlinear set can have isolated points beside its continuum, not separated here
            notes.append(f"support {_support_text(game, support)}: the solution set is positive-dimensional, not "
                         "linear and not proved of pure dimension; equilibria with this support off the continuum "
                         "reported may be missing")
    elif sample is None:
        return [], None, notes  # the polytope of candidate equilibria misses this exact support
    text = solutions.basis or tuple(polynomial_text(p, names) for p in equations)
    labels = tuple(tuple(game.strategies[k][s] for s in chosen) for k, chosen in enumerate(support))
    return [], EquilibriumComponent(labels, solutions.dimension, tuple(f"{e} = 0" for e in text), sample), notes


def _unsampled(components: Sequence[EquilibriumComponent]) -> list[str]:
    return [f"no sample equilibrium was found in the {c.dimension}-dimensional solution set of support "
            f"{c.support}; it may hold equilibria" for c in components if c.sample is None]


def _support_text(game: Game, support: Sequence[Sequence[int]]) -> str:
    return " x ".join("{" + ", ".join(game.strategies[k][s] for s in chosen) + "}" for k, chosen in enumerate(support))
