"""Equilibria over a grid of parameter values, fast and exact where it matters.

The grid is solved a chunk of points at a time (``chipgame.sensitivity.batch_solve``): payoffs
evaluated as arrays, two-player games solved together by batched support enumeration, games of
three or more players screened together (pure equilibria in floats, mixed supports ruled out by
conditional dominance), and the grid points where any test comes within tolerance of a tie (the
break-even points) or a mixed equilibrium may exist solved again one by one, exactly, at exact
parameter values. The chunks run in this process, on local
processes (``workers``) or on a Dask cluster (``scheduler``), with identical results.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from ..errors import ModelError, SolverError
from ..games import Number
from ..games.equality import equal_dataclasses
from ..games.immutable import FrozenMapping, ReadOnlyArrays
from ..payoffs import PayoffModel
from ..solvers import Equilibrium
from .batch_solve import Batch, equilibria_at, solve_points
from .grid import MAX_POINTS, Axis, grid_axis  # noqa: F401 (grid_axis: its examples, and the old path)
from .parallel import Progress
from .regimes import Regime, Structure, find_regimes

__all__ = ["Sweep", "sweep"]


@dataclass(frozen=True, eq=False)
class Sweep(ReadOnlyArrays):
    """Equilibria at every point of a grid.

    Parameters
    ----------
    model
        The payoff model swept.
    axes
        The varied parameters; the grid is their cartesian product, first axis slowest.
    base
        The values of all other parameters.
    exact
        For each grid point, True when it was solved exactly one by one (a break-even point,
        or a game the batch solver could not decide).
    structures
        For each grid point, which strategies each player plays in each equilibrium.
    regimes
        Connected sets of grid points with the same structure.
    batch
        The arrays the points not solved exactly have their equilibria read from: batched
        support enumeration (``BatchResult``) for a two-player model, the screen of pure
        equilibria (``PureScreen``) for any other.
    exact_equilibria
        The equilibria of the points solved one by one, by point index.
    """

    model: PayoffModel
    axes: tuple[Axis, ...]
    base: Mapping[str, Number]
    exact: np.ndarray
    structures: tuple[Structure, ...]
    regimes: tuple[Regime, ...]
    batch: Batch | None
    exact_equilibria: Mapping[int, tuple[Equilibrium, ...]]

    __eq__ = equal_dataclasses
    __hash__ = None  # type: ignore[assignment]

    @property
    def shape(self) -> tuple[int, ...]:
        """The grid's shape: one length per axis."""
        return tuple(len(axis.values) for axis in self.axes)

    def __len__(self) -> int:
        return len(self.structures)

    def __repr__(self) -> str:
        size = "x".join(map(str, self.shape))
        names = ", ".join(axis.name for axis in self.axes)
        return f"Sweep({self.model.title!r}, {size} over {names}, {len(self.regimes)} regimes)"

    def points(self) -> list[dict[str, Number]]:
        """The varied values at each grid point, in order."""
        return _grid_points(self.axes)

    def equilibria_at(self, index: int) -> tuple[Equilibrium, ...]:
        """The equilibria at one grid point (row-major index), sorted as ``solve`` sorts them."""
        return equilibria_at(self.model, self.batch, self.exact_equilibria, index)

    @cached_property
    def equilibria(self) -> tuple[tuple[Equilibrium, ...], ...]:
        """The equilibria at every grid point, in order (built on first use)."""
        return tuple(self.equilibria_at(k) for k in range(len(self)))


def sweep(model: PayoffModel, axes: Sequence[Axis], overrides: Mapping[str, Any] | None = None, *,
          workers: int = 1, scheduler: str | None = None, progress: Progress | None = None) -> Sweep:
    """Solve ``model`` at every point of the grid spanned by ``axes``.

    Parameters
    ----------
    model
        A payoff model.
    axes
        One or more varied parameters (see ``grid_axis``).
    overrides
        Values for other parameters (the rest stay at their base values).
    workers
        Local processes to solve the grid's chunks on (1: in this process).
    scheduler
        The address of a Dask scheduler whose workers solve the chunks instead (needs
        ``chipgame[cluster]``). Wherever the chunks run, the result is the same.
    progress
        Called with (chunks done, chunks in all) as the chunks finish.

    Examples
    --------
    >>> import sympy
    >>> from chipgame.payoffs import Parameter
    >>> m = sympy.Symbol("m")
    >>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
    ...     {("Buy", "Hold"): (-1 / (1 - m), m), ("Buy", "Cut"): (-1 / (1 - m / 2), m / 2),
    ...      ("Build", "Hold"): (-sympy.Rational(15, 7), 0), ("Build", "Cut"): (-sympy.Rational(15, 7), -1)},
    ...     [Parameter("m", 0.5)])
    >>> result = sweep(model, [grid_axis("m", "1/15", "14/15", 14)])
    >>> result
    Sweep('', 14 over m, 3 regimes)
    >>> for regime in result.regimes:
    ...     print(regime.bounds["m"], regime.label)
    (Fraction(1, 15), Fraction(7, 15)) Buyer: Buy | Vendor: Hold
    (Fraction(8, 15), Fraction(8, 15)) Buyer: Build | Vendor: Hold ; Buyer: Buy | Vendor: Hold
    (Fraction(3, 5), Fraction(14, 15)) Buyer: Build | Vendor: Hold

    At m = 8/15 building and buying cost the same: that point was solved exactly.

    >>> result.exact.tolist().count(True)
    1
    """
    axes = tuple(axes)
    names = [axis.name for axis in axes]
    if not axes or len(set(names)) != len(names):
        raise SolverError("a sweep needs one or more distinct parameters to vary", fix="give each --vary once")
    base = model.values_with(overrides)
    for axis in axes:
        if axis.name not in base:
            raise ModelError(f"unknown parameter {axis.name!r}", fix=f"vary one of: {', '.join(base)}")
        model.check_interval(axis.name, min(axis.values), max(axis.values))
    shape = tuple(len(axis.values) for axis in axes)
    count = math.prod(shape)
    if count > MAX_POINTS:
        raise SolverError(f"the grid has {count} points", fix=f"use at most {MAX_POINTS}")
    batch, exact, structures, solved = solve_points(model, base, _GridPoints(axes, 0, count), workers=workers,
                                                    scheduler=scheduler, progress=progress)
    regimes = find_regimes(model.players, structures, shape, axes)
    exact.flags.writeable = False
    return Sweep(model, axes, base, exact, tuple(structures), regimes, batch, FrozenMapping(solved))


def _grid_points(axes: Sequence[Axis]) -> list[dict[str, Number]]:
    """The exact varied values at every grid point, first axis slowest."""
    return [dict(zip((a.name for a in axes), values)) for values in itertools.product(*(a.values for a in axes))]


@dataclass(frozen=True)
class _GridPoints:
    """Grid points ``start`` to ``stop`` (row-major, first axis slowest) of the grid of ``axes``."""

    axes: tuple[Axis, ...]
    start: int
    stop: int

    def __len__(self) -> int:
        return self.stop - self.start

    def part(self, start: int, stop: int) -> _GridPoints:
        return _GridPoints(self.axes, self.start + start, self.start + stop)

    def columns(self) -> dict[str, np.ndarray]:
        indices = np.unravel_index(np.arange(self.start, self.stop), self._shape)
        return {axis.name: np.array([float(v) for v in axis.values])[index] for axis, index in zip(self.axes, indices)}

    def exact(self, index: int) -> dict[str, Number]:
        indices = np.unravel_index(self.start + index, self._shape)
        return {axis.name: axis.values[int(i)] for axis, i in zip(self.axes, indices)}

    @property
    def _shape(self) -> tuple[int, ...]:
        return tuple(len(axis.values) for axis in self.axes)
