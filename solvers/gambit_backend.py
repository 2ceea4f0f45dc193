"""Mixed equilibria of games with three or more players, computed by Gambit (pygambit).

This module and the three it uses are the only ones of chipgame that talk to pygambit:
``gambit_process`` (the worker process, from the parent's side), ``gambit_worker`` (inside it)
and ``gambit_candidates`` (checking what Gambit returns). Gambit runs in a separate
worker process, because Gambit's solvers can run without end or crash on small
degenerate games, and a call into compiled code cannot be interrupted from Python.
Measured on the Gambit catalog with pygambit 16.7: ``enumpoly_solve`` ran for more than
100 s on ``perfect3.nfg`` (3x3x1) and ``journals_ijgt_nau2004_sec6.nfg`` (2x2x4);
``gnm_solve`` with its default perturbation ran for more than ten minutes on the 2x2x2
game of McKelvey and McLennan; ``gnm_solve`` aborted the process ("double free or
corruption") on a random 2x2x2x2x2x2 game. Each Gambit call therefore gets a time limit;
a worker that overruns it, or dies, is killed and replaced, and the search goes on with
the next method.

Methods (the Gambit manual, https://gambitproject.readthedocs.io, "Computing equilibria"):

- ``enumpoly_solve``: support enumeration with polynomial systems (McKelvey and McLennan,
  "Computation of equilibria in finite games", Handbook of Computational Economics vol. 1,
  1996). In principle every isolated equilibrium. It does not return equilibria that lie on
  a positive-dimensional component (a continuum), and in pygambit 16.7 it also skips some
  isolated ones: one of the five equilibria of the catalog's ``3x3x3.nfg``, ``8x2x2.nfg``
  and ``g3.nfg`` (Gambit issues #474 and #591 describe the same kind of miss). Its answers
  are therefore cross-checked by the two methods below and by the exact pure equilibria.
- ``gnm_solve``: the global Newton method (Govindan and Wilson, "A global Newton method to
  compute Nash equilibria", Journal of Economic Theory 110, 2003), started from several
  perturbation vectors: one run often finds several equilibria.
- ``simpdiv_solve``: simplicial subdivision (van der Laan, Talman and van der Heyden,
  Mathematics of Operations Research 12, 1987), in exact arithmetic; it always converges
  to one approximate equilibrium, but may take long.

Every candidate Gambit returns is verified here before it is returned (see
``n_player_equilibria``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

from ..errors import SolverError
from ..games import Game
from .gambit_candidates import SNAP, Profile, ProfilePool, Verifier, is_exact_profile, profile_order, pure_profile
from .gambit_process import LOCK, GambitSession, RunOutcome
from .gambit_worker import gambit_game, game_payload
from .pure import pure_equilibria

__all__ = [
    "CROSS_CHECK_SECONDS",
    "ENUMERATION_MAX_SUPPORTS",
    "ENUMPOLY_SECONDS",
    "PATH_STEP_SECONDS",
    "SNAP",
    "TIME_LIMIT",
    "n_player_equilibria",
    "support_profile_count",
    "to_gambit",
]

ENUMERATION_MAX_SUPPORTS = 1000
"""Largest number of support profiles (``support_profile_count``) for which ``enumpoly_solve``
is tried by default.

``enumpoly_solve`` solves one polynomial system per support profile, so its running time
follows the number of support profiles, prod(2**n_i - 1), better than the number of pure
profiles. Wall times measured with pygambit 16.7 on this project's development machine
(2 CPUs), on the Gambit catalog and on random games with integer payoffs in -9..9 (three
seeds per shape):

=============  ================  ======================================================
shape          support profiles  enumpoly_solve time
=============  ================  ======================================================
2x2x2          27                <= 0.002 s (catalog 2x2x2: 0.0016 s, 9 equilibria)
2x2x2x2        81                <= 0.003 s (catalog g3: 0.003 s); one seed > 60 s
3x2x2x2        189               <= 0.015 s
2x2x2x2x2      243               <= 0.041 s (catalog 2x2x2x2x2: 0.011 s)
3x3x3          343               <= 0.033 s (catalog 3x3x3 0.013 s, coord333 0.033 s)
3x3x2x2        441               <= 0.045 s
2x2x2x2x2x2    729               <= 0.16 s
4x3x3          735               <= 0.045 s
**bound**      **1000**
4x4x3          1575              0.12-0.14 s; one seed > 60 s
8x2x2          2295              0.14-1.5 s (catalog 8x2x2: 0.42 s)
3x3x3x3        2401              2.0 s; two seeds > 60 s
5x4x3          3255              1.9-2.8 s (catalog 5x4x3)
4x4x4          3375              1.1 s; two seeds > 60 s
5x5x5          29791             all three seeds > 60 s
=============  ================  ======================================================

Below the bound every run that finished took at most 0.16 s; above it times grow by an
order of magnitude and stalls become common. Stalls also happen below the bound (on
degenerate games), which is what ``ENUMPOLY_SECONDS`` is for.
"""

ENUMPOLY_SECONDS = 5.0
"""Time allowed to ``enumpoly_solve`` when the size rule chose it: 30 times the slowest
finished run under ``ENUMERATION_MAX_SUPPORTS``. Past it the enumeration is abandoned and
path-following takes over (the answer is then not complete)."""

PATH_STEP_SECONDS = 5.0
"""Time allowed to one path-following run (``gnm_solve`` from one perturbation, or
``simpdiv_solve`` from one start). Finished runs took at most 1.6 s (``gnm_solve``) and
2.3 s (``simpdiv_solve``) on random 6x6x6 games; runs that overrun are usually stuck."""

TIME_LIMIT = 30.0
"""Default wall-clock budget, in seconds, for all Gambit runs of one call (the worker's
start-up, about 2 s, comes on top the first time)."""

CROSS_CHECK_SECONDS = 1.0
"""Time allowed to one cross-checking run after a finished enumeration. On games under
``ENUMERATION_MAX_SUPPORTS`` finished ``gnm_solve`` runs took at most 0.06 s; the centroid
``simpdiv_solve`` run is usually as quick but took up to 23 s on random 2x2x2x2x2x2 games.
A run cut short costs the cross-check, not the enumeration's answer, plus a worker restart
(about 2 s)."""

# gnm_solve perturbations: 0 = 1 on each player's first strategy (Gambit's default),
# 1 = on the second (pygambit 16.7 refuses 1 on the last of three strategies as "no unique
# maximizer"), k >= 2 = random from seed k. simpdiv_solve starts: 0 = the
# centroid, k >= 1 = a pure profile drawn from seed k. Measured on the catalog, the
# default perturbation finds the equilibrium enumpoly misses in g3.nfg where six random
# ones do not, but runs without end on 2x2x2.nfg, where random ones finish in 0.01 s.
_CROSS_CHECKS = (("gnm", 0), ("gnm", 1), ("gnm", 2), ("gnm", 3), ("simpdiv", 0))
_PATH_STEPS = (("gnm", 2), ("simpdiv", 0), ("gnm", 3), ("simpdiv", 1),
               ("gnm", 0), ("simpdiv", 2), ("gnm", 1), ("simpdiv", 3))
_METHOD_NAMES = {"enumpoly": "enumpoly_solve", "gnm": "gnm_solve", "simpdiv": "simpdiv_solve"}


def support_profile_count(shape: Sequence[int]) -> int:
    """The number of support profiles of a game: every player picks a nonempty set of strategies.

    Examples
    --------
    >>> support_profile_count((2, 2, 2)), support_profile_count((3, 3, 3))
    (27, 343)
    """
    return math.prod(2**n - 1 for n in shape)


def n_player_equilibria(
    game: Game, *, exhaustive: bool | None = None, time_limit: float = TIME_LIMIT
) -> tuple[list[Profile], bool, tuple[str, ...]]:
    """Nash equilibria of a game, mixed ones included, computed by Gambit and verified here.

    Meant for games of three or more players (two-player games have exact vertex
    enumeration). Gambit runs in a worker process under time limits, so the call always
    returns: within about ``time_limit`` seconds, plus about 2 s for each start of the
    worker (on the first call, and after a run that had to be stopped).

    Parameters
    ----------
    game
        The game, with exact (Fraction) or float payoffs.
    exhaustive
        True: try to enumerate every isolated equilibrium with ``enumpoly_solve``. False:
        find some equilibria by path-following (``gnm_solve``, ``simpdiv_solve``). None
        (default): enumerate when ``support_profile_count(game.shape)`` is at most
        ``ENUMERATION_MAX_SUPPORTS``, then within ``ENUMPOLY_SECONDS``; an explicit True
        gives the enumeration half of ``time_limit``.
    time_limit
        Wall-clock budget in seconds for all Gambit runs.

    Returns
    -------
    profiles
        Equilibria, each a tuple of one probability tuple per player, fewest strategies in
        the supports first. Exact games give Fractions whenever an exact equilibrium is
        found; floats otherwise (for instance at irrational equilibria).
    complete
        True only when the enumeration finished and nothing the cross-checks found (exact
        pure equilibria, gnm and simpdiv runs) was missing from it. Even then an equilibrium
        on a continuum of equilibria may be represented by a few points or not at all.
    notes
        Sentences for the reader: the methods that could not finish, equilibria the
        enumeration missed, candidates that failed verification, inexact answers.

    Notes
    -----
    Every candidate is checked before it is returned: probabilities below ``SNAP`` are set
    to zero and each mix is rescaled to sum to one. For an exact game the probabilities are
    then rounded to nearby fractions (``Fraction.limit_denominator``) and the profile is kept
    exactly if no player gains anything by deviating, computed exactly; failing that, the
    float profile is kept if no player gains more than 1e-9 times the payoff scale
    (``verification.tolerance``). Anything else is dropped and counted in ``notes``.
    Duplicates are merged, an exact profile replacing a float one. The exact pure
    equilibria (``pure_equilibria``) are always included.

    Raises
    ------
    SolverError
        When pygambit is not installed or its worker process cannot start.

    Examples
    --------
    Three-player matching pennies with a unique equilibrium (see the tests for the
    derivation):

    >>> def payoffs(a, b, c):
    ...     return [(2 if a == b == 0 else 1 if a == b == 1 else 0),
    ...             (1 if b == c == 0 else 3 if b == c == 1 else 0),
    ...             (1 if (c, a) == (0, 1) else 4 if (c, a) == (1, 0) else 0)]
    >>> game = Game(("Ann", "Bob", "Cat"), (("H", "T"),) * 3,
    ...             [[[payoffs(a, b, c) for c in (0, 1)] for b in (0, 1)] for a in (0, 1)])
    >>> profiles, complete, notes = n_player_equilibria(game)
    >>> profiles
    [((Fraction(1, 5), Fraction(4, 5)), (Fraction(1, 3), Fraction(2, 3)), (Fraction(3, 4), Fraction(1, 4)))]
    >>> complete, notes
    (True, ())
    """
    if game.n_players < 2:
        raise SolverError(
            f"{game.title or 'the game'} has {game.n_players} player; Gambit's equilibrium "
            "methods need at least two", fix="use pure_equilibria for a one-player game")
    if not time_limit > 0:
        raise SolverError(f"time_limit must be a positive number of seconds, not {time_limit!r}",
                          fix="give a budget such as 30")
    supports = support_profile_count(game.shape)
    enumerate_all = supports <= ENUMERATION_MAX_SUPPORTS if exhaustive is None else exhaustive
    seconds = min(ENUMPOLY_SECONDS, time_limit) if exhaustive is None else time_limit / 2
    search = _Search(game, time_limit)
    with LOCK:
        try:
            if enumerate_all:
                search.enumerate_equilibria(seconds)
            search.add_pure_equilibria()
            if search.enumerated is not None:
                search.cross_check()
            else:
                found = search.follow_paths()
                if enumerate_all:
                    search.notes.append(f"instead, {found}")
                elif exhaustive is None:
                    search.notes.append(f"the game is too large to enumerate every equilibrium "
                                        f"({supports} support profiles, more than "
                                        f"{ENUMERATION_MAX_SUPPORTS}); {found}")
                else:
                    search.notes.append(f"not every equilibrium was looked for (exhaustive=False); {found}")
        finally:
            search.session.close()
    return search.result()


class _Search:
    """The state of one call: Gambit runs so far, verified equilibria, notes."""

    def __init__(self, game: Game, time_limit: float) -> None:
        self.game = game
        self.time_limit = time_limit
        self.session = GambitSession(game_payload(game), time.monotonic() + time_limit)
        self.verifier = Verifier(game)
        self.pool = ProfilePool()
        self.notes: list[str] = []
        self.enumerated: int | None = None  # equilibria from a finished enumeration
        self.enumeration_dropped = 0
        self.pure = [pure_profile(game, index) for index in pure_equilibria(game)]
        self.succeeded: list[str] = []  # path-following methods that finished

    def enumerate_equilibria(self, seconds: float) -> None:
        """Run enumpoly_solve; on success remember how many equilibria it gave."""
        outcome = self.session.run({"op": "enumpoly"}, seconds)
        self._collect(outcome)
        self.enumeration_dropped = self.verifier.dropped
        if outcome.status == "ok":
            self.enumerated = len(self.pool.profiles)
        else:
            self.notes.append(f"{_METHOD_NAMES['enumpoly']} {outcome.describe()}, so not every "
                              "equilibrium could be enumerated")

    def add_pure_equilibria(self) -> None:
        for profile in self.pure:
            self.pool.add(profile)

    def cross_check(self) -> None:
        """Short gnm and simpdiv runs, to catch equilibria the enumeration skipped."""
        for method, seed in _CROSS_CHECKS:
            outcome = self.session.run({"op": method, "seed": seed}, CROSS_CHECK_SECONDS)
            if not self._record(outcome, method, seed, "cross-check "):
                break
            self._collect(outcome)

    def follow_paths(self) -> str:
        """gnm and simpdiv runs from several starts, until both methods ran and something was
        found; says how many equilibria were found, and how."""
        found = 0
        for runs, (method, seed) in enumerate(_PATH_STEPS):
            if runs >= 2 and found:
                break
            outcome = self.session.run({"op": method, "seed": seed}, PATH_STEP_SECONDS)
            if not self._record(outcome, method, seed, ""):
                break
            found += self._collect(outcome)
        methods = [_METHOD_NAMES[m] for m in dict.fromkeys(self.succeeded)]
        summary = f"{len(self.pool.profiles)} found by {' and '.join(methods) or 'no Gambit method'}"
        if self.pure:
            summary += ", with the exact pure equilibria"
        return summary

    def _record(self, outcome: RunOutcome, method: str, seed: int, prefix: str) -> bool:
        """Note how a run ended; False when the time limit stops the search."""
        if outcome.status == "skipped":
            self.notes.append(f"stopped at the time limit of {self.time_limit:g} s")
            return False
        if outcome.status == "ok":
            self.succeeded.append(method)
        else:
            self.notes.append(f"{prefix}{_METHOD_NAMES[method]} {_start_name(method, seed)} "
                              f"{outcome.describe()}")
        return True

    def _collect(self, outcome: RunOutcome) -> int:
        """Verify a run's candidates into the pool; the number accepted."""
        accepted = 0
        for candidate in outcome.candidates:
            profile = self.verifier.accept(candidate, outcome.rational)
            if profile is not None:
                accepted += 1
                self.pool.add(profile)
        return accepted

    def result(self) -> tuple[list[Profile], bool, tuple[str, ...]]:
        notes = list(self.notes)
        missed = 0 if self.enumerated is None else len(self.pool.profiles) - self.enumerated
        if missed:
            notes.append(f"{_METHOD_NAMES['enumpoly']} missed {missed} equilibri"
                         f"{'um' if missed == 1 else 'a'} that other methods found: they may lie on "
                         "a continuum of equilibria, which it does not return, or it skipped them; "
                         "the list may be incomplete")
        if self.verifier.dropped:
            notes.append(f"{self.verifier.dropped} candidate(s) from Gambit failed verification (a "
                         "player gains more than 1e-9 x the payoff scale by deviating) and were dropped")
        inexact = sum(not is_exact_profile(p) for p in self.pool.profiles)
        if self.game.is_exact and inexact:
            notes.append(f"{inexact} equilibri{'um is' if inexact == 1 else 'a are'} given in floating "
                         "point: no exact rational form was found (it may be irrational)")
        complete = self.enumerated is not None and not missed and not self.enumeration_dropped
        return sorted(self.pool.profiles, key=profile_order), complete, tuple(notes)


def to_gambit(game: Game) -> Any:
    """The game as a ``pygambit.Game``, payoffs exact (Gambit rationals) for exact games.

    Float payoffs are passed as the exact rational value of each float. Player and
    strategy labels are kept where Gambit accepts them (printable ASCII, unique); others
    are replaced by a cleaned-up or numbered label.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> g = Game(("Ann", "Bob", "Cat"), (("x", "y"), ("z",), ("w",)),
    ...          [[[[F(1, 3), 0, 2]]], [[[1, 1, 1]]]], title="tiny")
    >>> gambit = to_gambit(g)
    >>> [p.label for p in gambit.players], [s.label for s in gambit.players["Ann"].strategies]
    (['Ann', 'Bob', 'Cat'], ['x', 'y'])
    >>> gambit.to_arrays()[0].ravel().tolist()
    [Rational(1, 3), Rational(1, 1)]
    """
    import pygambit

    return gambit_game(pygambit, game_payload(game))


def _start_name(method: str, seed: int) -> str:
    """How a run was started, for notes."""
    if method == "gnm":
        return ("(perturbed towards first strategies)", "(perturbed towards second strategies)")[seed] \
            if seed < 2 else f"(random perturbation {seed})"
    return "(from the centroid)" if seed == 0 else f"(from random pure profile {seed})"
