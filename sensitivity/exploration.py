"""Exploration: exact games and equilibria on a grid whose axes pass through the thresholds.

An explorer shows one grid point at a time, with a slider per varied parameter. Each axis is an
even grid of the parameter's interval with the parameter's rational thresholds (found with the
other parameters at their base values) and its base value added, so a slider stops on every
break-even point, where payoffs tie, and starts at the scenario as given. The grid is solved by
``sweep``; at every point the game is evaluated exactly and its equilibria are given as ``solve``
gives them: pure ones read off the exact game, the others solved again exactly.

Examples
--------
Build beats buy above ``m = 8/15``; the axis stops exactly there, where both are equilibria:

>>> import sympy
>>> from chipgame.payoffs import Parameter
>>> m = sympy.Symbol("m")
>>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
...     {("Buy", "Hold"): (-1 / (1 - m), m), ("Buy", "Cut"): (-1 / (1 - m / 2), m / 2),
...      ("Build", "Hold"): (-sympy.Rational(15, 7), 0), ("Build", "Cut"): (-sympy.Rational(15, 7), -1)},
...     [Parameter("m", 0.5, range=(0.1, 0.9))])
>>> result = explore(model, [Varied("m", count=5)])
>>> [str(v) for v in result.sliders[0].axis.values], result.sliders[0].start
(['1/10', '3/10', '1/2', '8/15', '7/10', '9/10'], 2)
>>> [eq.support for eq in result.equilibria[3]]
[(('Buy',), ('Hold',)), (('Build',), ('Hold',))]
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import prod
from typing import Any

from ..errors import SolverError
from ..games import Game, Number
from ..payoffs import PayoffModel
from ..solvers import Equilibrium, solve
from .grid import Axis, grid_axis
from .parallel import Progress
from .regime_cells import CellSamples, cell_samples, with_cell_samples
from .regime_samples import with_regime_samples
from .sweeps import sweep
from .threshold_search import Threshold, threshold_interval, thresholds
from .tornado_bars import TornadoBar, tornado

__all__ = ["Varied", "Slider", "Exploration", "explore", "default_parameters", "ranked_parameters",
           "DEFAULT_COUNTS", "MAX_PAYOFFS", "MAX_SLIDERS"]

MAX_SLIDERS = 3
"""Most parameters an exploration varies."""

DEFAULT_COUNTS = (101, 41, 15)
"""Evenly spaced values per axis when not given, for one, two and three sliders."""

MAX_PAYOFFS = 200_000
"""Largest number of payoffs an exploration holds: grid points times profiles times players."""


@dataclass(frozen=True)
class Varied:
    """A parameter to vary: over ``[low, high]`` (its declared range when None) in ``count``
    evenly spaced values (``DEFAULT_COUNTS`` when None)."""

    name: str
    low: Any = None
    high: Any = None
    count: int | None = None


@dataclass(frozen=True)
class Slider:
    """One varied parameter.

    Parameters
    ----------
    axis
        Its values in order: an even grid of its interval, its rational thresholds, a point
        inside each regime between thresholds (however narrow) and its base value (when inside
        the interval).
    thresholds
        Every threshold in the interval, the other parameters at their base values.
    start
        The index on the axis of the base value, or of the value nearest to it.
    """

    axis: Axis
    thresholds: tuple[Threshold, ...]
    start: int

    @property
    def name(self) -> str:
        """The parameter's name."""
        return self.axis.name

    def position(self, threshold: Threshold) -> float:
        """Where ``threshold`` lies on the axis, as a fractional index: the index of a rational
        threshold (on the axis), a number between two indices for another."""
        exact = _rational(threshold)
        if exact in self.axis.values:
            return float(self.axis.values.index(exact))
        values = [float(v) for v in self.axis.values]
        above = min(bisect.bisect_left(values, threshold.value), len(values) - 1)
        if above == 0 or values[above] <= threshold.value:
            return float(above)
        return above - 1 + (threshold.value - values[above - 1]) / (values[above] - values[above - 1])


@dataclass(frozen=True)
class Exploration:
    """Exact games and equilibria at every point of a grid of sliders.

    Parameters
    ----------
    model
        The payoff model explored.
    sliders
        The varied parameters; the grid is their cartesian product, first slider slowest.
    base
        The values of all parameters at the start (base values, with overrides).
    games
        The game at each grid point (row-major), exact where the model is rational there.
    equilibria
        The equilibria at each grid point, as ``solve`` gives them.
    plane
        With two sliders, the points of their plane that put every regime of the box on the
        grid (``cell_samples``), and whether that is certified; None otherwise.
    """

    model: PayoffModel
    sliders: tuple[Slider, ...]
    base: Mapping[str, Number]
    games: tuple[Game, ...]
    equilibria: tuple[tuple[Equilibrium, ...], ...]
    plane: CellSamples | None = None

    @property
    def shape(self) -> tuple[int, ...]:
        """One length per slider."""
        return tuple(len(s.axis.values) for s in self.sliders)


def default_parameters(model: PayoffModel, overrides: Mapping[str, Any] | None = None, limit: int = 2, *,
                       workers: int = 1, scheduler: str | None = None, progress: Progress | None = None
                       ) -> tuple[str, ...]:
    """The ``limit`` parameters that matter most: those whose declared range holds a change of
    regime (each across its range, the others at base, as in ``tornado``), widest swing of the
    first player's payoff first; then the widest swings.

    Raises
    ------
    SolverError
        When no parameter declares a range.
    """
    return ranked_parameters(tornado(model, overrides, workers=workers, scheduler=scheduler, progress=progress),
                             limit)


def ranked_parameters(bars: Sequence[TornadoBar], limit: int) -> tuple[str, ...]:
    """The ``limit`` parameters of a tornado that matter most (see ``default_parameters``).

    Raises
    ------
    SolverError
        When there are no bars: no parameter declares a range.
    """
    if not bars:
        raise SolverError("no parameter declares a range to explore",
                          fix="give one with --vary NAME=LO:HI:N, or declare a range in the scenario")
    ranked = [bar for bar in bars if bar.changes_regime] + [bar for bar in bars if not bar.changes_regime]
    return tuple(bar.parameter for bar in ranked[:limit])


def explore(model: PayoffModel, varied: Sequence[Varied] = (), overrides: Mapping[str, Any] | None = None, *,
            workers: int = 1, scheduler: str | None = None,
            stages: Callable[[str, str], Progress] | None = None) -> Exploration:
    """Solve ``model`` exactly at every point of a grid of up to ``MAX_SLIDERS`` sliders.

    Parameters
    ----------
    model
        A payoff model.
    varied
        The parameters to vary; when empty, the two that matter most (``default_parameters``).
    overrides
        Values of other parameters, and the start of the varied ones.
    workers, scheduler
        Where the work of each stage runs, as for ``sweep`` (the result does not depend on it).
    stages
        Called with a description and a unit at the start of each stage (choosing the sliders,
        the thresholds of each slider, solving the grid); returns that stage's ``progress``
        callback (see ``chipgame.progress.Stages``). A game of three or more players is
        screened like a two-player one (``chipgame.sensitivity.batch_solve``): seconds, unless
        mixed equilibria cover much of the grid.

    Raises
    ------
    SolverError
        For more than ``MAX_SLIDERS`` parameters, or a grid of more than ``MAX_PAYOFFS`` payoffs.
    """
    def stage(description: str, unit: str = "chunks") -> Progress | None:
        return stages(description, unit) if stages is not None else None

    execution: dict[str, Any] = {"workers": workers, "scheduler": scheduler}
    varied = tuple(varied) or tuple(Varied(name) for name in default_parameters(
        model, overrides, **execution, progress=stage("choosing the sliders", "parameters")))
    if len(varied) > MAX_SLIDERS:
        raise SolverError(f"{len(varied)} parameters to vary; an explorer has at most {MAX_SLIDERS} sliders",
                          fix=f"give --vary at most {MAX_SLIDERS} times")
    base = model.values_with(overrides)
    sliders = tuple(_slider(model, v, DEFAULT_COUNTS[len(varied) - 1], base, overrides,
                            {**execution, "progress": stage(f"thresholds of {v.name}")}) for v in varied)
    plane = None
    if len(sliders) == 2:
        stage("regions of the plane", "steps")
        box = [end for s in sliders for end in (s.axis.values[0], s.axis.values[-1])]
        plane = cell_samples(model, [s.name for s in sliders], box, overrides)
        axes = with_cell_samples(model, [s.axis for s in sliders], plane, overrides)
        sliders = tuple(_on_axis(axis, slider.thresholds, base[slider.name]) for slider, axis in zip(sliders, axes))
    points = prod(len(s.axis.values) for s in sliders)
    payoffs = points * prod(model.shape) * len(model.players)
    if payoffs > MAX_PAYOFFS:
        raise SolverError(f"the explorer grid has {points} points of {payoffs // points} payoffs each, "
                          f"more than {MAX_PAYOFFS} payoffs in all",
                          fix="give fewer values per --vary (e.g. NAME=LO:HI:21) or vary fewer parameters")
    result = sweep(model, [s.axis for s in sliders], overrides, **execution, progress=stage("solving the grid"))
    games, equilibria = [], []
    for k, values in enumerate(itertools.product(*(s.axis.values for s in sliders))):
        # the overrides and the point only: ``base`` is them applied to the base values, without
        # every parameter parsed again at every point
        game = model.evaluate({**(overrides or {}), **dict(zip((s.name for s in sliders), values))})
        games.append(game)
        equilibria.append(_exact_equilibria(game, result.equilibria_at(k)))
    return Exploration(model, sliders, base, tuple(games), tuple(equilibria), plane)


def _slider(model: PayoffModel, varied: Varied, default_count: int, base: Mapping[str, Number],
            overrides: Mapping[str, Any] | None, execution: Mapping[str, Any]) -> Slider:
    """An even grid of the interval with the rational thresholds, a point inside each regime
    between thresholds and the base value added (``execution``: where the threshold scan runs,
    and its progress)."""
    found = thresholds(model, varied.name, varied.low, varied.high, overrides, **execution)
    low, high = threshold_interval(model, varied.name, varied.low, varied.high)
    even = grid_axis(varied.name, low, high, default_count if varied.count is None else varied.count)
    start = base[varied.name]
    exact = {value for t in found if (value := _rational(t)) is not None}
    values = set(even.values) | exact | ({start} if low <= start <= high else set())
    return _on_axis(Axis(varied.name, with_regime_samples(values, found, low, high)), found, start)


def _on_axis(axis: Axis, found: tuple[Threshold, ...], start: Number) -> Slider:
    """A slider on ``axis`` with thresholds ``found``, starting at the value nearest ``start``."""
    nearest = min(range(len(axis.values)), key=lambda k: abs(float(axis.values[k]) - float(start)))
    return Slider(axis, found, nearest)


def _rational(threshold: Threshold) -> Fraction | None:
    """A rational threshold's exact value; None for an irrational or numerically found one."""
    if threshold.exact is None or not threshold.exact.is_Rational:
        return None
    return Fraction(int(threshold.exact.p), int(threshold.exact.q))


def _exact_equilibria(game: Game, found: tuple[Equilibrium, ...]) -> tuple[Equilibrium, ...]:
    """The sweep's equilibria at one point as ``solve`` gives them for the exact game: pure ones
    read off the game, the others solved again exactly."""
    if not game.is_exact or all(eq.is_exact for eq in found):
        return found
    if not all(eq.is_pure for eq in found):
        return solve(game).equilibria
    exact = []
    for eq in found:
        index = tuple(next(i for i, p in enumerate(mix) if p > 0) for mix in eq.profile)
        profile = tuple(tuple(Fraction(int(k == i)) for k in range(len(mix))) for i, mix in zip(index, eq.profile))
        exact.append(Equilibrium(profile, tuple(game.payoff(index)), game.strategies))
    return tuple(exact)
