"""``solve``: every equilibrium of a game that the chosen method finds, each verified before it leaves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction

import numpy as np

from ..errors import SolverError
from ..games import Game, Number
from .equilibrium import Equilibrium, Solution
from .components import equilibrium_components
from .gambit_backend import n_player_equilibria
from .linear_algebra import solve_exact
from .nashpy_backend import NASHPY_METHODS, nashpy_candidates
from .pure import pure_equilibria
from .verification import check_equilibrium, snap_distribution, tolerance
from .vertex_enumeration import MAX_SYSTEMS, enumeration_size, vertex_enumeration

__all__ = ["solve", "METHODS"]

METHODS = ("auto", "vertex-enumeration", "pure", "gambit", *(f"nashpy-{m}" for m in NASHPY_METHODS))
"""Methods ``solve`` accepts. ``auto`` picks by the game: for two players, exact vertex
enumeration (rational payoffs) or nashpy's vertex enumeration (float payoffs) while the game is
small enough to enumerate every vertex; otherwise ``gambit``: Gambit's polynomial enumeration
for small games of any number of players, its path-following methods (time-limited, in a worker
process) beyond that, with the exact pure equilibria always included."""


def solve(game: Game, method: str = "auto") -> Solution:
    """Find the Nash equilibria of ``game``; every one is verified before it is returned.

    Parameters
    ----------
    game
        The game. Exact (Fraction) payoffs give exact equilibria.
    method
        One of ``METHODS``.

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
    >>> solution.degenerate, solution.complete
    (False, True)
    """
    if method not in METHODS:
        raise SolverError(f"unknown method {method!r}", fix=f"use one of {', '.join(METHODS)}")
    notes: tuple[str, ...] = ()
    if method == "auto":
        method = _automatic_method(game)
    if method == "pure":
        return _solve_pure(game)
    if method == "gambit":
        profiles, complete, gambit_notes = n_player_equilibria(game)
        return _solution(game, profiles, method, degenerate=None, complete=complete, notes=gambit_notes)
    if game.n_players != 2:
        raise SolverError(f"method {method!r} needs a two-player game, this one has {game.n_players}",
                          fix="use the pure or auto method")
    if method == "vertex-enumeration":
        if not game.is_exact:
            raise SolverError("exact vertex enumeration needs rational payoffs",
                              fix="use method='nashpy-vertex-enumeration' for float games")
        profiles, degenerate = vertex_enumeration(game)
        solution = _solution(game, profiles, method, degenerate=degenerate, complete=True)
        found = [eq.profile for eq in solution.equilibria]
        return replace(solution, components=equilibrium_components(found))
    candidates = nashpy_candidates(game, method.removeprefix("nashpy-"))
    profiles = [_repaired(game, (list(x), list(y))) for x, y in candidates]
    if any(p is None for p in profiles):
        notes += (f"{sum(p is None for p in profiles)} candidate(s) from nashpy failed verification "
                  "and were dropped.",)
    pure = [_pure_profile(game, index) for index in pure_equilibria(game)]
    return _solution(game, pure + [p for p in profiles if p is not None], method,
                     degenerate=None, complete=False, notes=notes)


def _automatic_method(game: Game) -> str:
    if game.n_players == 1:
        return "pure"
    if game.n_players > 2 or enumeration_size(game) > MAX_SYSTEMS:
        return "gambit"
    return "vertex-enumeration" if game.is_exact else "nashpy-vertex-enumeration"


def _solve_pure(game: Game) -> Solution:
    profiles = [_pure_profile(game, index) for index in pure_equilibria(game)]
    notes = ()
    if game.n_players > 2:
        notes = ("only pure equilibria are computed for games of three or more players",)
    return _solution(game, profiles, "pure", degenerate=None, complete=game.n_players == 1, notes=notes)


def _pure_profile(game: Game, index: Sequence[int]) -> tuple[tuple[Number, ...], ...]:
    one, zero = (Fraction(1), Fraction(0)) if game.is_exact else (1.0, 0.0)
    return tuple(tuple(one if k == i else zero for k in range(size)) for i, size in zip(index, game.shape))


def _solution(game: Game, profiles: list, method: str, *, degenerate: bool | None, complete: bool,
              notes: tuple[str, ...] = ()) -> Solution:
    """Verify each profile, drop duplicates, sort, and wrap them in a Solution."""
    equilibria: dict[tuple, Equilibrium] = {}
    for profile in profiles:
        exact_profile = all(isinstance(p, Fraction) for mix in profile for p in mix)
        # an exact game can have irrational equilibria (three or more players), checked in floats
        payoffs = check_equilibrium(game if exact_profile or not game.is_exact else game.as_float(), profile)
        key = profile if exact_profile else tuple(tuple(round(float(p), 9) for p in mix) for mix in profile)
        equilibria.setdefault(key, Equilibrium(tuple(map(tuple, profile)), payoffs, game.strategies))
    ordered = sorted(equilibria.values(), key=Equilibrium.sort_key)
    return Solution(game, tuple(ordered), degenerate, method, complete, notes)


def _repaired(game: Game, profile: tuple[list, list]) -> tuple[tuple[Number, ...], ...] | None:
    """Make a float candidate exact (for an exact game) and keep it only if it verifies."""
    if game.is_exact:
        exact = tuple(_exact_strategy(game, profile, player) for player in (0, 1))
        if all(mix is not None for mix in exact):
            profile = exact
    else:
        profile = tuple(snap_distribution(mix) for mix in profile)
    try:
        check_equilibrium(game, profile)
    except SolverError:
        return None
    return tuple(tuple(mix) for mix in profile)


def _exact_strategy(game: Game, profile: tuple[list, list], player: int) -> tuple[Fraction, ...] | None:
    """The exact mix of ``player`` with the candidate's support that makes the opponent's
    candidate best responses tie: unique at an extreme equilibrium, else None."""
    # rows of ``against`` are this player's strategies, columns the opponent's, entries the opponent's payoffs
    against = game.payoff_array(1) if player == 0 else game.payoff_array(0).T
    mix = np.asarray(profile[player], dtype=float)
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
