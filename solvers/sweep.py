"""Equilibria over a grid of parameter values, fast and exact where it matters.

The payoff expressions are turned into numpy functions once (sympy ``lambdify``) and evaluated
on the whole grid. Two-player games are then solved many at a time by batched support
enumeration; the grid points where any test comes within tolerance of a tie (the break-even
points) are solved again one by one, exactly, at exact parameter values. Games of three or more
players are solved point by point.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from ..errors import ModelError, SolverError
from ..games import Number
from ..payoffs import PayoffModel
from ..payoffs.parameters import parse_value
from .batch_support import BatchResult, batch_support_enumeration
from .equilibrium import Equilibrium
from .regimes import Regime, Structure, find_regimes, structure_of
from .solve import solve

__all__ = ["Axis", "Sweep", "equilibria_at", "grid_axis", "solve_many", "sweep", "MAX_POINTS"]

MAX_POINTS = 4_000_000
"""Largest grid accepted."""


@dataclass(frozen=True)
class Axis:
    """One varied parameter and its values, in order (exact when given exactly)."""

    name: str
    values: tuple[Number, ...]


def grid_axis(name: str, low: Any, high: Any, count: int) -> Axis:
    """``count`` evenly spaced exact values from ``low`` to ``high``, both included.

    Examples
    --------
    >>> grid_axis("vendor_margin", "0.2", "0.8", 4).values
    (Fraction(1, 5), Fraction(2, 5), Fraction(3, 5), Fraction(4, 5))
    """
    low_value, high_value = parse_value(low, f"{name} low"), parse_value(high, f"{name} high")
    if not isinstance(count, int) or count < 1 or count > MAX_POINTS:
        raise SolverError(f"{name}: {count!r} points is not a usable grid size", fix=f"use 1 to {MAX_POINTS} points")
    if count == 1:
        return Axis(name, (low_value,))
    step = (high_value - low_value) / (count - 1)
    return Axis(name, tuple(low_value + step * k for k in range(count)))


@dataclass(frozen=True, eq=False)
class Sweep:
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
        The batch solver's arrays (two-player models), from which the equilibria of the
        points not solved exactly are read; None otherwise.
    exact_equilibria
        The equilibria of the points solved one by one, by point index.
    """

    model: PayoffModel
    axes: tuple[Axis, ...]
    base: Mapping[str, Number]
    exact: np.ndarray
    structures: tuple[Structure, ...]
    regimes: tuple[Regime, ...]
    batch: BatchResult | None
    exact_equilibria: Mapping[int, tuple[Equilibrium, ...]]

    @property
    def shape(self) -> tuple[int, ...]:
        """The grid's shape: one length per axis."""
        return tuple(len(axis.values) for axis in self.axes)

    def __len__(self) -> int:
        return len(self.structures)

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


def sweep(model: PayoffModel, axes: Sequence[Axis], overrides: Mapping[str, Any] | None = None) -> Sweep:
    """Solve ``model`` at every point of the grid spanned by ``axes``.

    Parameters
    ----------
    model
        A payoff model.
    axes
        One or more varied parameters (see ``grid_axis``).
    overrides
        Values for other parameters (the rest stay at their base values).

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
    for name in names:
        if name not in base:
            raise ModelError(f"unknown parameter {name!r}", fix=f"vary one of: {', '.join(base)}")
    shape = tuple(len(axis.values) for axis in axes)
    count = int(np.prod(shape))
    if count > MAX_POINTS:
        raise SolverError(f"the grid has {count} points", fix=f"use at most {MAX_POINTS}")
    grids = np.meshgrid(*(np.array([float(v) for v in a.values]) for a in axes), indexing="ij")
    columns = {axis.name: grid.reshape(-1) for axis, grid in zip(axes, grids)}
    points = _grid_points(axes)
    batch, exact, structures, solved = solve_many(model, columns, base, points.__getitem__)
    regimes = find_regimes(model.players, structures, shape, axes)
    exact.flags.writeable = False
    return Sweep(model, axes, base, exact, tuple(structures), regimes, batch, MappingProxyType(solved))


def _grid_points(axes: Sequence[Axis]) -> list[dict[str, Number]]:
    """The exact varied values at every grid point, first axis slowest."""
    return [dict(zip((a.name for a in axes), values)) for values in itertools.product(*(a.values for a in axes))]


def _payoff_arrays(model: PayoffModel, columns: Mapping[str, np.ndarray], base: Mapping[str, Number]
                   ) -> np.ndarray:
    """Every payoff at every point, shape (K, *game shape, players), from one lambdified function."""
    symbols = list(model.symbols.values())
    count = len(next(iter(columns.values())))
    arguments = [columns.get(s.name, np.full(count, float(base[s.name]))) for s in symbols]
    profiles = list(itertools.product(*model.strategies))
    expressions = [expr for profile in profiles for expr in model.payoffs[profile]]
    function = sympy.lambdify(symbols, expressions, modules="numpy", cse=True)
    with np.errstate(all="ignore"):
        values = function(*arguments)
    out = np.empty((count, len(expressions)))
    for k, value in enumerate(values):
        out[:, k] = value
    return out.reshape(count, *model.shape, len(model.players))


def solve_many(model: PayoffModel, columns: Mapping[str, np.ndarray], base: Mapping[str, Number],
               point: Callable[[int], Mapping[str, Number]]
               ) -> tuple[BatchResult | None, np.ndarray, list[Structure], dict[int, tuple[Equilibrium, ...]]]:
    """Solve the model at many points: ``columns`` gives float values of the varied parameters
    (one array each, all of one length), ``point(k)`` their exact values at point k.

    Two-player models are batch-solved and the flagged points solved again exactly; other
    models are solved point by point. Returns the batch arrays (or None), the mask of points
    solved exactly, each point's structure, and the exactly solved points' equilibria.
    """
    count = len(next(iter(columns.values())))
    solved: dict[int, tuple[Equilibrium, ...]] = {}
    if len(model.players) != 2:
        for k in range(count):
            solved[k] = solve(model.evaluate({**base, **point(k)})).equilibria
        return None, np.ones(count, dtype=bool), [structure_of(solved[k]) for k in range(count)], solved
    payoffs = _payoff_arrays(model, columns, base)
    finite = np.all(np.isfinite(payoffs.reshape(count, -1)), axis=1)
    batch = batch_support_enumeration(np.nan_to_num(payoffs[..., 0]), np.nan_to_num(payoffs[..., 1]))
    exact = batch.flagged | ~finite
    structures = _batch_structures(model, batch)
    for k in np.flatnonzero(exact).tolist():
        solved[k] = solve(model.evaluate({**base, **point(k)})).equilibria
        structures[k] = structure_of(solved[k])
    return batch, exact, structures, solved


def equilibria_at(model: PayoffModel, batch: BatchResult | None,
                  solved: Mapping[int, tuple[Equilibrium, ...]], index: int) -> tuple[Equilibrium, ...]:
    """The equilibria at point ``index`` of a ``solve_many`` result, sorted as ``solve`` sorts them."""
    if index in solved or batch is None:
        return solved[index]
    found = [
        Equilibrium((tuple(batch.rows[p][index].tolist()), tuple(batch.columns[p][index].tolist())),
                    tuple(batch.payoffs[p][index].tolist()), model.strategies)
        for p in np.flatnonzero(batch.valid[index]).tolist()
    ]
    return tuple(sorted(found, key=Equilibrium.sort_key))


def _batch_structures(model: PayoffModel, batch: BatchResult) -> list[Structure]:
    """The structure of each batch-solved point, computed once per distinct set of valid pairs."""
    rows_labels, column_labels = model.strategies
    supports = [(tuple(rows_labels[i] for i in pair.rows), tuple(column_labels[j] for j in pair.columns))
                for pair in batch.pairs]
    packed = np.packbits(batch.valid, axis=1)
    if packed.shape[1] <= 8:
        padded = np.zeros((len(packed), 8), dtype=np.uint8)
        padded[:, :packed.shape[1]] = packed
        keys = padded.view(np.uint64).reshape(-1)
    else:
        keys = np.array([row.tobytes() for row in packed], dtype=object)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    by_pattern = [tuple(sorted(supports[p] for p in np.flatnonzero(batch.valid[k]))) for k in first.tolist()]
    return [by_pattern[i] for i in inverse.reshape(-1).tolist()]
