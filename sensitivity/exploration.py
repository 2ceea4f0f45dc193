"""Exploration: exact games and equilibria on a grid whose axes pass through the thresholds.

An explorer shows one grid point at a time, with a slider per varied parameter. Each axis is an
even grid of the parameter's interval with the parameter's rational thresholds (found with the
other parameters at their base values) and its base value added, so a slider stops on every
break-even point, where payoffs tie, and starts at the scenario as given. The grid is solved by
``sweep``; at every point the game is evaluated exactly and its equilibria are given as ``solve``
gives them: pure ones read off the exact game, the others solved again exactly. The thresholds of
every other parameter with a range, across its declared range, come with it when the sliders were
chosen by default (the choice finds them) or when asked (``every_slider``): an explorer marks them
on those parameters' own sliders.

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from math import prod
from typing import Any

from ..errors import SolverError
from ..games import Game, Number
from ..games.immutable import FrozenMapping
from ..payoffs import PayoffModel
from ..solvers import Equilibrium, solve
from .grid import Axis, grid_axis
from .parallel import Progress, map_chunks
from .rational_code import exact_games
from .regime_cells import CellSamples, cell_samples, with_cell_samples
from .regime_samples import with_regime_samples
from .sweeps import Sweep, sweep
from .threshold_search import Threshold, threshold_interval, thresholds
from .tornado_bars import TornadoBar, searched_thresholds, tornado

__all__ = ["Varied", "Slider", "Exploration", "explore", "ranked_parameters", "DEFAULT_COUNTS", "MAX_PAYOFFS",
           "MAX_SLIDERS"]

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
    grid
        The grid solved by ``sweep``: the structure of the equilibria at each point (a regime
        map needs no more), and what ``games`` and ``equilibria`` are built from.
    plane
        With two sliders, the points of their plane that put every regime of the box on the
        grid (``cell_samples``), and whether that is certified; None otherwise.
    other_thresholds
        For every other parameter with a range, in the model's order: its thresholds across
        its declared range, the others at their base values, as ``thresholds`` finds them
        without scanning where mixed equilibria of three or more players can change (such a
        stretch is a region not certified; so is the whole range, saying why, when the search
        failed). None when they were not searched.
    """

    model: PayoffModel
    sliders: tuple[Slider, ...]
    base: Mapping[str, Number]
    grid: Sweep
    plane: CellSamples | None = None
    other_thresholds: Mapping[str, tuple[Threshold, ...]] | None = None

    @property
    def shape(self) -> tuple[int, ...]:
        """One length per slider."""
        return tuple(len(s.axis.values) for s in self.sliders)

    @cached_property
    def games(self) -> tuple[Game, ...]:
        """The game at each grid point (row-major), exact where the model is rational there
        (evaluated on first use)."""
        names = tuple(slider.name for slider in self.sliders)
        # the payoffs compiled to integer code once for these sliders (rational_code), as a sweep does it
        game_at = exact_games(self.model, names, tuple((name, value) for name, value in self.base.items()
                                                       if name not in names))
        return tuple(game_at({**self.base, **point}) for point in self.grid.points())

    @cached_property
    def equilibria(self) -> tuple[tuple[Equilibrium, ...], ...]:
        """The equilibria at each grid point, as ``solve`` gives them (solved on first use): pure
        ones read off the exact game, the others solved again exactly."""
        return tuple(_exact_equilibria(game, self.grid.equilibria_at(k)) for k, game in enumerate(self.games))


def ranked_parameters(bars: Sequence[TornadoBar], limit: int) -> tuple[str, ...]:
    """The ``limit`` parameters of a tornado that matter most: those whose declared range holds a
    change of regime, widest swing of the first player's payoff first; then the widest swings.

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
            every_slider: bool = False, bars: Sequence[TornadoBar] | None = None, workers: int = 1,
            scheduler: str | None = None, stages: Callable[[str, str], Progress] | None = None) -> Exploration:
    """Solve ``model`` exactly at every point of a grid of up to ``MAX_SLIDERS`` sliders.

    Parameters
    ----------
    model
        A payoff model.
    varied
        The parameters to vary; when empty, the two that matter most (``ranked_parameters`` of
        the ``tornado``, which also finds the thresholds of every parameter with a range: a
        slider across its declared range takes them from there).
    overrides
        Values of other parameters, and the start of the varied ones.
    every_slider
        Whether to search the thresholds of every other parameter with a range when ``varied``
        is given (``Exploration.other_thresholds``: as many searches as a ``tornado`` makes).
        Without ``varied`` the choice of the sliders finds them anyway.
    bars
        A ``tornado`` of the model at these ``overrides`` that the caller has already: its
        thresholds are read instead of searched again (as those of the tornado run to choose the
        sliders are), and every other parameter's come with them.
    workers, scheduler
        Where the work of each stage runs, as for ``sweep`` (the result does not depend on it).
    stages
        Called with a description and a unit at the start of each stage (choosing the sliders,
        the thresholds of each slider and of the other parameters, solving the grid); returns
        that stage's ``progress`` callback (see ``chipgame.progress.Stages``). A game of three or
        more players is screened like a two-player one (``chipgame.sensitivity.batch_solve``):
        seconds, unless mixed equilibria cover much of the grid.

    Raises
    ------
    SolverError
        For more than ``MAX_SLIDERS`` parameters, or a grid of more than ``MAX_PAYOFFS`` payoffs.

    Examples
    --------
    The vendor cuts its price above ``v = 1/4``, and the buyer builds above ``m = 3/5`` (or
    below ``c = 2``). Chosen by default, the sliders take their thresholds from the tornado, and
    the other parameter's come with them; given, only theirs are searched unless asked:

    >>> import sympy
    >>> from chipgame.payoffs import Parameter
    >>> m, c, v = sympy.symbols("m c v")
    >>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
    ...     {("Buy", "Hold"): (-1 / (1 - m), m), ("Buy", "Cut"): (-1 / (1 - m / 2), m / 2 + v),
    ...      ("Build", "Hold"): (-c, 0), ("Build", "Cut"): (-c, -1)},
    ...     [Parameter("m", 0.5, range=(0.1, 0.9)), Parameter("c", 2.5, range=(1.5, 4)),
    ...      Parameter("v", 0, range=(-1, 1))])
    >>> exploration = explore(model)
    >>> [(s.name, [str(t.exact) for t in s.thresholds]) for s in exploration.sliders]
    [('m', ['3/5']), ('v', ['1/4'])]
    >>> [str(t.exact) for t in exploration.other_thresholds["c"]]
    ['2']
    >>> explore(model, [Varied("m", count=5)]).other_thresholds is None
    True
    >>> sorted(explore(model, [Varied("m", count=5)], every_slider=True).other_thresholds)
    ['c', 'v']
    """
    def stage(description: str, unit: str = "chunks") -> Progress | None:
        return stages(description, unit) if stages is not None else None

    execution: dict[str, Any] = {"workers": workers, "scheduler": scheduler}
    if not varied and bars is None:
        # the same overrides as every threshold search below, so the bars' thresholds are theirs
        bars = tornado(model, overrides, **execution, progress=stage("choosing the sliders", "parameters"))
    bars = tuple(bars or ())
    if not varied:
        varied = tuple(Varied(name) for name in ranked_parameters(bars, 2))
    if len(varied) > MAX_SLIDERS:
        raise SolverError(f"{len(varied)} parameters to vary; an explorer has at most {MAX_SLIDERS} sliders",
                          fix=f"give --vary at most {MAX_SLIDERS} times")
    base = model.values_with(overrides)
    found = {bar.parameter: bar for bar in bars}
    reusable = searched_thresholds(bars)  # what a search of a slider over its declared range would find
    sliders = []
    for v in varied:
        known = reusable.get(v.name) if v.low is None and v.high is None else None
        if known is None:
            known = thresholds(model, v.name, v.low, v.high, overrides, **execution,
                               progress=stage(f"thresholds of {v.name}"))
        sliders.append(_slider(model, v, DEFAULT_COUNTS[len(varied) - 1], base, known))
    others = [p.name for p in model.parameters if p.range is not None and p.name not in {v.name for v in varied}]
    other_thresholds = None
    if bars:
        other_thresholds = FrozenMapping((name, _bar_thresholds(found[name])) for name in others)
    elif every_slider:
        searched = map_chunks(_range_thresholds, (model, overrides), others, **execution,
                              progress=stage("thresholds of the other parameters", "parameters"))
        other_thresholds = FrozenMapping(zip(others, searched))
    plane = None
    if len(sliders) == 2:
        stage("regions of the plane", "steps")
        box = [end for s in sliders for end in (s.axis.values[0], s.axis.values[-1])]
        plane = cell_samples(model, [s.name for s in sliders], box, overrides)
        axes = with_cell_samples(model, [s.axis for s in sliders], plane, overrides)
        sliders = [_on_axis(axis, slider.thresholds, base[slider.name]) for slider, axis in zip(sliders, axes)]
    points = prod(len(s.axis.values) for s in sliders)
    payoffs = points * prod(model.shape) * len(model.players)
    if payoffs > MAX_PAYOFFS:
        raise SolverError(f"the explorer grid has {points} points of {payoffs // points} payoffs each, "
                          f"more than {MAX_PAYOFFS} payoffs in all",
                          fix="give fewer values per --vary (e.g. NAME=LO:HI:21) or vary fewer parameters")
    grid = sweep(model, [s.axis for s in sliders], overrides, **execution, progress=stage("solving the grid"))
    return Exploration(model, tuple(sliders), base, grid, plane, other_thresholds)


def _slider(model: PayoffModel, varied: Varied, default_count: int, base: Mapping[str, Number],
            found: tuple[Threshold, ...]) -> Slider:
    """An even grid of the interval with the rational thresholds ``found``, a point inside each
    regime between thresholds and the base value added."""
    low, high = threshold_interval(model, varied.name, varied.low, varied.high)
    even = grid_axis(varied.name, low, high, default_count if varied.count is None else varied.count)
    start = base[varied.name]
    exact = {value for t in found if (value := _rational(t)) is not None}
    values = set(even.values) | exact | ({start} if low <= start <= high else set())
    return _on_axis(Axis(varied.name, with_regime_samples(values, found, low, high)), found, start)


def _bar_thresholds(bar: TornadoBar) -> tuple[Threshold, ...]:
    """A tornado bar's thresholds; its whole range as a region not certified when they were not searched."""
    return (_unsearched(bar.parameter, (Fraction(bar.low), Fraction(bar.high)), bar.note),) if bar.note \
        else bar.thresholds


def _range_thresholds(shared: tuple[PayoffModel, Mapping[str, Any] | None], name: str) -> tuple[Threshold, ...]:
    """The thresholds of ``name`` across its declared range as the tornado finds them (one chunk
    of work); its whole range as a region not certified when they cannot be searched."""
    model, overrides = shared
    try:
        return thresholds(model, name, overrides=overrides, scan_mixed=False)
    except SolverError as error:
        return (_unsearched(name, threshold_interval(model, name), f"its thresholds were not searched: "
                                                                   f"{error.problem}"),)


def _unsearched(name: str, interval: tuple[Fraction, Fraction], why: str) -> Threshold:
    """The whole of ``interval`` as a region where a change could not be ruled out."""
    low, high = interval
    return Threshold(name, float((low + high) / 2), None, (), None, (), False, (low, high), why)


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
    played = [eq.played for eq in found]
    exact = []
    for index in played:
        if index is None:  # a mixed equilibrium: solved again exactly
            return solve(game).equilibria
        profile = tuple(tuple(Fraction(int(k == i)) for k in range(size)) for i, size in zip(index, game.shape))
        exact.append(Equilibrium(profile, tuple(game.payoff(index)), game.strategies))
    return tuple(exact)
