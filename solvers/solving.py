"""``solve``: every equilibrium of a game that the chosen method finds, each verified before it leaves."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from fractions import Fraction

import numpy as np

from ..errors import SolverError
from ..games import Game, Number
from .best_response_polytopes import MAX_SYSTEMS, enumeration_size, vertex_enumeration
from .bimatrix_search import enumerate_extreme_equilibria, estimated_vertices
from .components import equilibrium_components
from .equilibrium import Equilibrium, Solution
from .gambit_backend import n_player_equilibria
from .linear_algebra import solve_exact
from .nashpy_backend import NASHPY_METHODS, nashpy_candidates
from .pure import pure_equilibria
from .small_bimatrix import MAX_SMALL_SYSTEMS
from .support_enumeration import support_enumeration
from .verification import check_bimatrix_equilibria, check_equilibrium, snap_distribution

__all__ = ["solve", "search_estimate", "METHODS", "SMALL_GAME_SYSTEMS", "SECONDS_PER_VERTEX"]

METHODS = ("auto", "vertex-search", "vertex-enumeration", "support-enumeration", "pure", "gambit",
           *(f"nashpy-{m}" for m in NASHPY_METHODS))
"""Methods ``solve`` accepts.

- ``auto`` picks by the game and the result's ``method`` says which ran: for two players,
  ``vertex-enumeration`` for small games and ``vertex-search`` beyond; for three or more,
  ``support-enumeration``. Float payoffs are solved exactly as the binary fractions they are,
  and the equilibria returned as floats.
- ``vertex-search``: every extreme equilibrium of a two-player game, exactly, by a search over
  the lexicographically feasible bases of both best-response polytopes (as lrsnash does); any
  size, stopped early only by ``time_limit`` or Ctrl-C, and then marked incomplete.
- ``vertex-enumeration``: the same equilibria by trying every candidate basis; for small games.
- ``support-enumeration``: every equilibrium of a game with any number of players, exactly
  (rational or algebraic), with continua reported as components; no time limit.
- ``pure``: pure equilibria only. ``gambit`` (needs the optional pygambit) and the ``nashpy-*``
  methods: those libraries' algorithms, verified here; where nashpy fails on a game, the exact
  ``vertex-search`` answers instead, with a note that says so."""

SMALL_GAME_SYSTEMS = MAX_SMALL_SYSTEMS
"""Largest number of candidate systems ``C(m + n, m)`` (a 4x4 game has 70) for which ``auto``
uses ``vertex-enumeration`` on a two-player game; ``vertex-search`` is faster beyond."""

SECONDS_PER_VERTEX = 2e-5
"""Time ``vertex-search`` takes per polytope vertex on random games, measured on a two-core
machine with ``benchmarks/two_player.py`` (12x12 and 15x15 games, payoffs 0..999)."""

Profile = tuple[tuple[Number, ...], ...]


def search_estimate(shape: tuple[int, int]) -> tuple[int, float]:
    """About how many polytope vertices ``vertex-search`` visits in a random two-player game of
    this shape, and about how many seconds that takes: an estimate to print before a long run.

    Examples
    --------
    >>> vertices, seconds = search_estimate((15, 15))
    >>> vertices > 10_000, seconds < 60
    (True, True)
    """
    vertices = estimated_vertices(shape)
    return vertices, vertices * SECONDS_PER_VERTEX


def solve(game: Game, method: str = "auto", *, time_limit: float | None = None,
          progress: Callable[[int, int], None] | None = None) -> Solution:
    """Find the Nash equilibria of ``game``; every one is verified before it is returned.

    Parameters
    ----------
    game
        The game. Exact (Fraction) payoffs give exact equilibria.
    method
        One of ``METHODS``.
    time_limit
        Seconds after which ``vertex-search`` stops and returns the equilibria found so far,
        marked incomplete (None: no limit). Other methods do not look at the clock.
    progress
        Called as ``progress(done, total)`` while ``vertex-search`` (vertices found, an
        estimate of the total) or ``support-enumeration`` (support profiles) runs.

    Returns
    -------
    Solution
        Equilibria sorted pure first, then by support size and probabilities.

    Raises
    ------
    SolverError
        For an unknown method, or a method that cannot handle this game.

    Examples
    --------
    >>> bos = Game(("Ann", "Bob"), (("Opera", "Football"), ("Opera", "Football")),
    ...            [[[3, 2], [0, 0]], [[0, 0], [2, 3]]])
    >>> solution = solve(bos)
    >>> [eq.profile for eq in solution.equilibria][-1]
    ((Fraction(3, 5), Fraction(2, 5)), (Fraction(2, 5), Fraction(3, 5)))
    >>> solution.degenerate, solution.complete, solution.method
    (False, True, 'vertex-enumeration')
    """
    if method not in METHODS:
        raise SolverError(f"unknown method {method!r}", fix=f"use one of {', '.join(METHODS)}")
    if time_limit is not None and not time_limit > 0:
        raise SolverError(f"a time limit must be a positive number of seconds, not {time_limit!r}",
                          fix="give a number such as 60, or no limit")
    if method == "auto":
        method = _automatic_method(game)
    if method == "pure":
        return _solve_pure(game)
    if method == "gambit":
        profiles, complete, gambit_notes = n_player_equilibria(game)
        return _solution(game, profiles, method, degenerate=None, complete=complete, notes=gambit_notes)
    if method == "support-enumeration":
        return _solve_by_support_enumeration(game, progress)
    if game.n_players != 2:
        raise SolverError(f"method {method!r} needs a two-player game, this one has {game.n_players}",
                          fix="use the auto, support-enumeration or pure method")
    if method in ("vertex-search", "vertex-enumeration"):
        return _solve_bimatrix(game, method, time_limit, progress)
    return _solve_by_nashpy(game, method.removeprefix("nashpy-"))


def _automatic_method(game: Game) -> str:
    if game.n_players == 1:
        return "pure"
    if game.n_players > 2:
        return "support-enumeration"
    return "vertex-enumeration" if enumeration_size(game) <= SMALL_GAME_SYSTEMS else "vertex-search"


def _exact_game(game: Game) -> Game:
    """The game with its payoffs as exact rationals: a float payoff is the binary fraction it is."""
    if game.is_exact:
        return game
    payoffs = np.empty(game.payoffs.shape, dtype=object)
    payoffs.flat[:] = [Fraction(float(v)) for v in game.payoffs.flat]
    return Game(game.players, game.strategies, payoffs, game.title)


def _solve_bimatrix(game: Game, method: str, time_limit: float | None,
                    progress: Callable[[int, int], None] | None) -> Solution:
    """Every extreme equilibrium of a two-player game, exactly (floats are binary fractions)."""
    exact = _exact_game(game)
    notes: tuple[str, ...] = ()
    if method == "vertex-enumeration":
        if enumeration_size(exact) > MAX_SYSTEMS:
            m, n = game.shape
            raise SolverError(f"a {m}x{n} game is too large to try every basis ({enumeration_size(exact)} systems)",
                              fix="use the method 'vertex-search' (or 'auto')")
        found, degenerate = vertex_enumeration(exact)
        complete = True
    else:
        deadline = None if time_limit is None else time.monotonic() + time_limit
        search = enumerate_extreme_equilibria(exact.payoff_array(0), exact.payoff_array(1), deadline=deadline,
                                              progress=progress)
        found, degenerate, complete = list(search.equilibria), search.degenerate, search.complete
        if not complete:
            notes = (f"The search stopped early ({search.vertices[0] + search.vertices[1]} vertices of the "
                     "best-response polytopes visited): the equilibria listed are exact, but there may be others.",)
    if not game.is_exact:
        return _solution(game, [_as_floats(profile) for profile in found], method, degenerate=degenerate,
                         complete=complete, notes=notes)
    payoffs = check_bimatrix_equilibria(exact, found)
    equilibria = sorted((Equilibrium(tuple(map(tuple, profile)), values, game.strategies)
                         for profile, values in zip(found, payoffs)), key=Equilibrium.sort_key)
    pairs = [(eq.profile[0], eq.profile[1]) for eq in equilibria]
    components = equilibrium_components(pairs) if complete else None
    return Solution(game, tuple(equilibria), degenerate, method, complete, notes, components)


def _solve_by_support_enumeration(game: Game, progress: Callable[[int, int], None] | None) -> Solution:
    result = support_enumeration(_exact_game(game), progress=progress)
    equilibria = list(result.equilibria)
    if not game.is_exact:
        floats = [_as_floats(eq.profile) for eq in equilibria]
        return replace(_solution(game, floats, "support-enumeration", degenerate=None, complete=result.complete,
                                 notes=result.notes), continua=result.components)
    for eq in equilibria:  # verified exactly in its number field already; check again independently
        if all(isinstance(p, Fraction) for mix in eq.profile for p in mix):
            check_equilibrium(game, eq.profile)
        else:
            check_equilibrium(game.as_float(), _as_floats(eq.profile))
    return Solution(game, tuple(equilibria), None, "support-enumeration", result.complete, result.notes,
                    continua=result.components)


def _solve_by_nashpy(game: Game, method: str) -> Solution:
    """nashpy's method, its candidates verified (and made exact for an exact game); where nashpy
    fails on the game (its vertex enumeration raises on some degenerate float games) or finds no
    equilibrium that verifies (every game has one), the exact vertex search answers instead and a
    note says so."""
    notes: tuple[str, ...] = ()
    try:
        candidates = nashpy_candidates(game, method)
    except SolverError as failure:
        return _instead_of_nashpy(game, failure.problem)
    profiles = [_repaired(game, (list(x), list(y))) for x, y in candidates]
    if any(p is None for p in profiles):
        notes += (f"{sum(p is None for p in profiles)} candidate(s) from nashpy failed verification "
                  "and were dropped.",)
    pure = [_pure_profile(game, index) for index in pure_equilibria(game)]
    solution = _solution(game, pure + [p for p in profiles if p is not None], f"nashpy-{method}",
                         degenerate=None, complete=False, notes=notes)
    if not solution.equilibria:
        return _instead_of_nashpy(game, f"nashpy {method} found no equilibrium that verifies on this game")
    return solution


def _instead_of_nashpy(game: Game, failure: str) -> Solution:
    """The exact vertex search's answer, with a note on why nashpy's was not used."""
    fallback = _solve_bimatrix(game, "vertex-search", None, None)
    return replace(fallback, notes=(f"{failure}; the equilibria listed are the exact vertex search's instead.",
                                    *fallback.notes))


def _as_floats(profile: Sequence[Sequence[Number]]) -> Profile:
    return tuple(snap_distribution([float(p) for p in mix], floor=0.0) for mix in profile)


def _solve_pure(game: Game) -> Solution:
    profiles = [_pure_profile(game, index) for index in pure_equilibria(game)]
    notes: tuple[str, ...] = ()
    if game.n_players > 2:
        notes = ("only pure equilibria are computed by this method",)
    return _solution(game, profiles, "pure", degenerate=None, complete=game.n_players == 1, notes=notes)


def _pure_profile(game: Game, index: Sequence[int]) -> Profile:
    one, zero = (Fraction(1), Fraction(0)) if game.is_exact else (1.0, 0.0)
    return tuple(tuple(one if k == i else zero for k in range(size)) for i, size in zip(index, game.shape))


def _solution(game: Game, profiles: Sequence[Profile], method: str, *, degenerate: bool | None, complete: bool,
              notes: tuple[str, ...] = ()) -> Solution:
    """Verify each profile, drop duplicates, sort, and wrap them in a Solution."""
    equilibria: dict[Profile, Equilibrium] = {}
    for profile in profiles:
        exact_profile = all(isinstance(p, Fraction) for mix in profile for p in mix)
        # an exact game can have irrational equilibria (three or more players), checked in floats
        payoffs = check_equilibrium(game if exact_profile or not game.is_exact else game.as_float(), profile)
        key = profile if exact_profile else tuple(tuple(round(float(p), 9) for p in mix) for mix in profile)
        equilibria.setdefault(key, Equilibrium(tuple(map(tuple, profile)), payoffs, game.strategies))
    ordered = sorted(equilibria.values(), key=Equilibrium.sort_key)
    return Solution(game, tuple(ordered), degenerate, method, complete, notes)


def _repaired(game: Game, candidate: tuple[list[float], list[float]]) -> Profile | None:
    """Make a float candidate exact (for an exact game) and keep it only if it verifies."""
    profile: Profile = tuple(tuple(mix) for mix in candidate)
    if game.is_exact:
        x, y = (_exact_strategy(game, candidate, player) for player in (0, 1))
        if x is not None and y is not None:
            profile = (x, y)
    else:
        profile = tuple(snap_distribution(mix) for mix in candidate)
    try:
        check_equilibrium(game, profile)
    except SolverError:
        return None
    return profile


def _exact_strategy(game: Game, candidate: tuple[list[float], list[float]], player: int
                    ) -> tuple[Fraction, ...] | None:
    """The exact mix of ``player`` with the candidate's support that makes the opponent's
    candidate best responses tie: unique at an extreme equilibrium, else None."""
    # rows of ``against`` are this player's strategies, columns the opponent's, entries the opponent's payoffs
    against = game.payoff_array(1) if player == 0 else game.payoff_array(0).T
    mix = np.asarray(candidate[player], dtype=float)
    values = np.asarray(against, dtype=float).T @ mix
    scale = max(1.0, float(np.max(np.abs(values))))
    best = [j for j, v in enumerate(values) if v >= values.max() - 1e-7 * scale]
    size = len(mix)
    matrix: list[list[Fraction]] = []
    rhs: list[Fraction] = []
    for i in range(size):
        if mix[i] <= 1e-9:
            matrix.append([Fraction(int(k == i)) for k in range(size)] + [Fraction(0)])
            rhs.append(Fraction(0))
    for j in best:
        matrix.append([Fraction(v) for v in against[:, j]] + [Fraction(-1)])
        rhs.append(Fraction(0))
    matrix.append([Fraction(1)] * size + [Fraction(0)])
    rhs.append(Fraction(1))
    solution = solve_exact(matrix, rhs)
    return None if solution is None else tuple(solution[:size])
