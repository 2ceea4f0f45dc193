"""Learning and evolutionary dynamics of two-player games: where does play go, and how fast?

Three rules, all computed by nashpy (through ``nashpy_backend``):

``"replicator"``
    One population plays a symmetric game against itself (Taylor and Jonker 1978; Maynard
    Smith, *Evolution and the Theory of Games*, 1982; Weibull, *Evolutionary Game Theory*, 1995,
    chapter 3). The state is the population's mixed strategy, which both players use.
``"asymmetric-replicator"``
    One population per player (Weibull 1995, chapter 5); any two-player game.
``"fictitious-play"``
    Each round each player best-responds to the empirical frequencies of the opponent's past
    play (Brown 1951); ties are broken at random. Robinson ("An iterative method of solving a
    game", Annals of Mathematics 54, 1951) proved that the empirical frequencies converge to
    equilibrium in two-player zero-sum games; in other games they may cycle (Shapley 1964).

The replicator rules integrate an ordinary differential equation. Each player's payoffs are first
divided by that player's payoff range (largest minus smallest payoff), so time is measured in
units that do not depend on the currency of the payoffs (a game in dollars and the same game in
millions of dollars follow the same path at the same times), and a player with small stakes moves
at the same pace as one with large stakes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import SolverError
from ..games import Game
from ..games.equality import equal_dataclasses
from ..games.immutable import ReadOnlyArrays
from .equilibrium import Equilibrium
from .nashpy_backend import (
    nashpy_asymmetric_replicator_dynamics,
    nashpy_fictitious_play,
    nashpy_replicator_dynamics,
    require_symmetric,
)
from .solving import solve
from .verification import regrets, snap_distribution

__all__ = [
    "RULES",
    "MAX_STEPS",
    "DEFAULT_STEPS",
    "DEFAULT_TOLERANCE",
    "DynamicsResult",
    "NearestEquilibrium",
    "run_dynamics",
]

RULES = ("replicator", "asymmetric-replicator", "fictitious-play")
"""The rules ``run_dynamics`` accepts."""

MAX_STEPS = {"replicator": 100_000, "asymmetric-replicator": 100_000, "fictitious-play": 1_000_000}
"""The most steps each rule accepts: time points for the replicator rules, rounds for fictitious play."""

DEFAULT_STEPS = {"replicator": 1_000, "asymmetric-replicator": 1_000, "fictitious-play": 10_000}
"""The steps each rule takes when none are given."""

DEFAULT_TOLERANCE = {"replicator": 1e-4, "asymmetric-replicator": 1e-4, "fictitious-play": 2e-2}
"""How little (in probability, max-norm) the last tenth of a trajectory may move to count as
converged. Fictitious play gets a looser default: its frequencies approach their limit only at
a rate of about one over the square root of the number of rounds."""

TAIL = 0.1
"""The fraction of a trajectory, at its end, that must stay within tolerance for convergence."""


@dataclass(frozen=True)
class NearestEquilibrium:
    """The Nash equilibrium closest to where the dynamics ended.

    Parameters
    ----------
    equilibrium
        A verified equilibrium from ``chipgame.solvers.solve``.
    distance
        The largest difference between a probability of the final profile and the same
        probability at ``equilibrium`` (max-norm over players and strategies).
    """

    equilibrium: Equilibrium
    distance: float


@dataclass(frozen=True, eq=False)
class DynamicsResult(ReadOnlyArrays):
    """The path of a learning or evolutionary dynamic, and where it ended.

    Parameters
    ----------
    rule
        ``"replicator"``, ``"asymmetric-replicator"`` or ``"fictitious-play"``.
    game
        The game played.
    trajectory
        One read-only array per player, shape ``(steps, n_strategies)``: the mixed strategy at
        each step (for fictitious play, the empirical frequencies of play after each round). For
        ``"replicator"`` both players share the population's one array.
    times
        Read-only array of length ``steps``: the time of each row (replicator rules, in units of
        the inverse payoff range, starting at 0) or the round number (fictitious play, from 1).
    final
        Each player's mixed strategy at the end, as floats (round-off below zero removed).
    converged
        True when the last tenth of the trajectory stays within ``tolerance`` of ``final``.
    tail_change
        How far (max-norm, in probability) the last tenth of the trajectory strays from
        ``final``: near zero when play settled, large when it cycles or is still moving.
    settled_step
        When converged, the first row from which the trajectory stays within ``tolerance`` of
        ``final`` (``times[settled_step]`` is when play settled); otherwise ``None``.
    tolerance
        The tolerance used for ``converged`` and ``settled_step``.
    regrets
        Each player's gain from the best pure deviation at ``final``, in the game's payoff
        units (zero at an equilibrium).
    nearest_equilibrium
        The equilibrium found by ``solve(game)`` closest to ``final``, or ``None`` when the game
        cannot be solved. For degenerate games ``solve`` lists the extreme points of the
        equilibrium components, so play can rest on a component at a distance from all of them.
    seed
        The seed of fictitious play's tie-breaking (drawn afresh when none was given); ``None``
        for the replicator rules, which are deterministic.
    """

    rule: str
    game: Game
    trajectory: tuple[np.ndarray, ...]
    times: np.ndarray
    final: tuple[tuple[float, ...], ...]
    converged: bool
    tail_change: float
    settled_step: int | None
    tolerance: float
    regrets: tuple[float, ...]
    nearest_equilibrium: NearestEquilibrium | None
    seed: int | None

    __eq__ = equal_dataclasses
    __hash__ = None  # type: ignore[assignment]

    @property
    def steps(self) -> int:
        """The number of rows of the trajectory."""
        return len(self.times)


def run_dynamics(
    game: Game,
    rule: str,
    *,
    steps: int | None = None,
    start: Sequence[Sequence[float]] | None = None,
    seed: int | None = 0,
    horizon: float = 100.0,
    tolerance: float | None = None,
) -> DynamicsResult:
    """Run a learning or evolutionary dynamic on a two-player game and report where it goes.

    Parameters
    ----------
    game
        A two-player game; ``"replicator"`` needs a symmetric one (the column player's payoffs
        the transpose of the row player's).
    rule
        One of ``RULES``.
    steps
        Time points for the replicator rules (at least 2, at most 100,000), rounds for
        fictitious play (at least 1, at most 1,000,000); ``DEFAULT_STEPS`` when ``None``.
    start
        One mixed strategy per player. For ``"replicator"`` one entry (the population), or two
        equal ones. For fictitious play the start counts as one prior round of play with these
        weights (the initial beliefs). ``None``: the uniform mixtures for the replicator rules,
        no prior play for fictitious play.
    seed
        Seed for fictitious play's random tie-breaking, ``0 <= seed < 2**32``; ``None`` draws
        a fresh one (reported in the result). The same seed gives the same run. numpy's global
        random state is left unchanged. Ignored by the deterministic replicator rules.
    horizon
        The end time of the replicator rules, in units of the inverse payoff range.
    tolerance
        See ``DynamicsResult.converged``; ``DEFAULT_TOLERANCE`` of the rule when ``None``.

    Returns
    -------
    DynamicsResult

    Raises
    ------
    SolverError
        For an unknown rule, a game that is not two-player (or not symmetric, for
        ``"replicator"``), a bad start, seed, horizon or tolerance, or too many steps.

    Examples
    --------
    Hawk-dove with value 2 and cost 4: the evolutionarily stable population plays Hawk with
    probability 2/4 (Maynard Smith 1982).

    >>> hawk_dove = Game(("Row", "Column"), (("Hawk", "Dove"), ("Hawk", "Dove")),
    ...                  [[[-1, -1], [2, 0]], [[0, 2], [1, 1]]])
    >>> result = run_dynamics(hawk_dove, "replicator", start=[[0.1, 0.9]])
    >>> [round(p, 3) for p in result.final[0]], result.converged
    ([0.5, 0.5], True)
    >>> result.nearest_equilibrium.equilibrium.profile[0], result.nearest_equilibrium.distance < 1e-4
    ((Fraction(1, 2), Fraction(1, 2)), True)

    Fictitious play in matching pennies approaches the mixed equilibrium (Robinson 1951).

    >>> pennies = Game(("A", "B"), (("H", "T"), ("H", "T")), [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> play = run_dynamics(pennies, "fictitious-play", steps=2000, seed=1)
    >>> all(abs(p - 0.5) < 0.05 for mix in play.final for p in mix)
    True
    """
    if rule not in RULES:
        raise SolverError(f"unknown dynamics rule {rule!r}", fix=f"use one of {', '.join(RULES)}")
    if game.n_players != 2:
        raise SolverError(f"dynamics need a two-player game, this one has {game.n_players}",
                          fix="reduce the game to two players")
    if rule == "replicator":
        require_symmetric(game)
    steps = _checked_steps(rule, steps)
    tolerance = _checked_tolerance(rule, tolerance)
    starts = _checked_start(game, rule, start)
    if rule == "fictitious-play":
        seed = _checked_seed(seed)
        counts = nashpy_fictitious_play(game, steps, starts, seed)
        trajectory = tuple(_frequencies(c[1:]) for c in counts)
        times: np.ndarray = np.arange(1, steps + 1)
    else:
        seed = None
        if not (isinstance(horizon, (int, float, Fraction)) and not isinstance(horizon, bool)
                and math.isfinite(horizon) and horizon > 0):
            raise SolverError(f"the horizon must be a positive number, not {horizon!r}", fix="use e.g. 100")
        times = np.linspace(0.0, float(horizon), steps)
        scaled = _unit_range(game)
        if rule == "replicator":
            population = nashpy_replicator_dynamics(scaled, None if starts is None else starts[0], times)
            trajectory = (population, population)
        else:
            trajectory = nashpy_asymmetric_replicator_dynamics(scaled, starts, times)
    _check_on_simplex(trajectory)
    for array in (*trajectory, times):
        array.flags.writeable = False
    final = tuple(snap_distribution(array[-1]) for array in trajectory)
    deviation = _deviation(trajectory)
    settled = _settled_step(deviation, tolerance)
    return DynamicsResult(
        rule=rule,
        game=game,
        trajectory=tuple(trajectory),
        times=times,
        final=final,
        converged=settled is not None,
        tail_change=float(np.max(deviation[_tail_start(len(deviation)):])),
        settled_step=settled,
        tolerance=tolerance,
        regrets=tuple(float(r) for r in regrets(game.as_float(), final)),
        nearest_equilibrium=_nearest_equilibrium(game, final),
        seed=seed,
    )


def _checked_steps(rule: str, steps: int | None) -> int:
    if steps is None:
        return DEFAULT_STEPS[rule]
    least = 1 if rule == "fictitious-play" else 2
    what = "rounds" if rule == "fictitious-play" else "time points"
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < least:
        raise SolverError(f"steps must be a whole number of {what}, at least {least}, not {steps!r}",
                          fix=f"use e.g. {DEFAULT_STEPS[rule]}")
    if steps > MAX_STEPS[rule]:
        raise SolverError(f"{steps} steps is more than the {MAX_STEPS[rule]:,} {what} {rule} allows",
                          fix=f"use at most {MAX_STEPS[rule]:,} steps" + (
                              "" if rule == "fictitious-play" else ", or a longer horizon with fewer points"))
    return int(steps)


def _checked_tolerance(rule: str, tolerance: float | None) -> float:
    if tolerance is None:
        return DEFAULT_TOLERANCE[rule]
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float, Fraction)) \
            or not math.isfinite(tolerance) or not 0 < tolerance < 1:
        raise SolverError(f"the tolerance must be a number between 0 and 1, not {tolerance!r}",
                          fix=f"use e.g. {DEFAULT_TOLERANCE[rule]}")
    return float(tolerance)


def _checked_seed(seed: int | None) -> int:
    if seed is None:
        return int(np.random.SeedSequence().generate_state(1)[0])
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2 ** 32:
        raise SolverError(f"the seed must be a whole number from 0 to 2**32 - 1, not {seed!r}",
                          fix="use e.g. seed=0, or seed=None for a fresh one")
    return int(seed)


def _checked_start(game: Game, rule: str, start: Sequence[Sequence[float]] | None) -> list[list[float]] | None:
    """The start as float distributions, one per player (both the population's for the replicator)."""
    if start is None:
        return None
    entries = list(start)
    wanted = "one or two mixed strategies" if rule == "replicator" else "one mixed strategy per player"
    if rule == "replicator" and len(entries) == 1:
        entries = entries * 2
    if len(entries) != 2:
        raise SolverError(f"the start has {len(entries)} entries; {rule} needs {wanted}",
                          fix="give e.g. [[0.5, 0.5], [0.5, 0.5]]")
    mixes = []
    for player, (mix, size) in enumerate(zip(entries, game.shape)):
        try:
            values = [float(p) for p in mix]
        except (TypeError, ValueError):
            raise SolverError(f"the start of {game.players[player]} is not a list of numbers: {mix!r}") from None
        if len(values) != size or not all(math.isfinite(p) and p >= 0 for p in values) \
                or abs(sum(values) - 1) > 1e-9:
            raise SolverError(
                f"the start of {game.players[player]} is not a probability distribution over its "
                f"{size} strategies: {mix!r}",
                fix=f"give {size} non-negative numbers that sum to 1")
        mixes.append(values)
    if rule == "replicator" and max(abs(p - q) for p, q in zip(*mixes)) > 1e-12:
        raise SolverError("the replicator dynamics follow one population, but the start gives two different mixtures",
                          fix="give one mixture, or use rule 'asymmetric-replicator'")
    return mixes


def _unit_range(game: Game) -> Game:
    """The same dynamics in a numerically safe form: each player's payoffs shifted so the
    smallest is 0, then divided by that player's own range.

    Adding a constant to a player's payoffs does not change the replicator equations on the
    simplex, but off it the equations are unstable when average payoffs are negative: round-off
    that lifts a population's total above 1 then grows without bound. With non-negative payoffs
    the total is pulled back to 1. Dividing by a player's range only changes the unit of time of
    that player's population: rest points and their stability stay, and a player whose stakes
    are small (a vendor's margin against a buyer's whole budget) still moves at a visible pace.
    """
    shifted = np.empty(game.payoffs.shape, dtype=float)
    for player in range(game.n_players):
        values = np.asarray(game.payoff_array(player), dtype=float)
        spread = float(values.max() - values.min())
        shifted[..., player] = (values - values.min()) / (spread if spread > 0 else 1.0)
    return Game(game.players, game.strategies, shifted, game.title)


def _check_on_simplex(trajectory: Sequence[np.ndarray]) -> None:
    """Refuse a numerical trajectory that has left the simplex (the integrator failed)."""
    for path in trajectory:
        if not np.all(np.isfinite(path)) or np.max(np.abs(path.sum(axis=1) - 1)) > 1e-6 or np.min(path) < -1e-6:
            raise SolverError("the numerical integration of the dynamics became unstable and left the simplex",
                              fix="use fewer steps, a shorter horizon, or rule 'fictitious-play'")


def _frequencies(counts: np.ndarray) -> np.ndarray:
    """Play counts per row turned into empirical frequencies per row."""
    frequencies: np.ndarray = counts / counts.sum(axis=1, keepdims=True)
    return frequencies


def _deviation(trajectory: Sequence[np.ndarray]) -> np.ndarray:
    """For each row, the largest distance of any player's mix from its last row (max-norm)."""
    deviation: np.ndarray = np.max([np.max(np.abs(array - array[-1]), axis=1) for array in trajectory], axis=0)
    return deviation


def _tail_start(rows: int) -> int:
    """The first row of the last tenth of a trajectory of ``rows`` rows."""
    return math.floor((1 - TAIL) * (rows - 1))


def _settled_step(deviation: np.ndarray, tolerance: float) -> int | None:
    """The first row from which the trajectory stays within ``tolerance`` of its last row, when
    that includes the last tenth of the trajectory; otherwise None."""
    outside = np.flatnonzero(deviation > tolerance)
    settled = int(outside[-1]) + 1 if outside.size else 0
    return settled if settled <= _tail_start(len(deviation)) else None


def _nearest_equilibrium(game: Game, final: tuple[tuple[float, ...], ...]) -> NearestEquilibrium | None:
    try:
        equilibria = solve(game).equilibria
    except SolverError:
        return None
    if not equilibria:
        return None
    distances = [max(abs(float(p) - q) for mix, end in zip(eq.profile, final) for p, q in zip(mix, end))
                 for eq in equilibria]
    best = min(range(len(equilibria)), key=distances.__getitem__)
    return NearestEquilibrium(equilibria[best], distances[best])
