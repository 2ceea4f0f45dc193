"""Equilibria over a grid of parameter values, fast and exact where it matters.

The payoff expressions are turned into numpy functions once (sympy ``lambdify``) and evaluated
on the whole grid. Two-player games are then solved many at a time by batched support
enumeration; the grid points where any test comes within tolerance of a tie (the break-even
points) are solved again one by one, exactly, at exact parameter values. Games of three or more
players are solved point by point.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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

__all__ = ["Axis", "Sweep", "grid_axis", "sweep", "MAX_POINTS"]

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
    equilibria
        For each grid point (in ``points`` order), its equilibria.
    exact
        For each grid point, True when it was solved exactly one by one (a break-even point,
        or a game the batch solver could not decide).
    structures
        For each grid point, which strategies each player plays in each equilibrium.
    regimes
        Connected sets of grid points with the same structure.
    """

    model: PayoffModel
    axes: tuple[Axis, ...]
    base: Mapping[str, Number]
    equilibria: tuple[tuple[Equilibrium, ...], ...]
    exact: np.ndarray
    structures: tuple[Structure, ...]
    regimes: tuple[Regime, ...]

    @property
    def shape(self) -> tuple[int, ...]:
        """The grid's shape: one length per axis."""
        return tuple(len(axis.values) for axis in self.axes)

    def points(self) -> list[dict[str, Number]]:
        """The varied values at each grid point, in order."""
        return [dict(zip((a.name for a in self.axes), values))
                for values in itertools.product(*(a.values for a in self.axes))]


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
    if len(model.players) == 2:
        equilibria, exact, structures = _sweep_two_players(model, axes, base)
    else:
        equilibria = [solve(model.evaluate({**base, **point})).equilibria for point in _grid_points(axes)]
        exact = np.ones(count, dtype=bool)
        structures = [structure_of(eqs) for eqs in equilibria]
    regimes = find_regimes(model.players, structures, shape, axes)
    exact.flags.writeable = False
    return Sweep(model, axes, base, tuple(equilibria), exact, tuple(structures), regimes)


def _grid_points(axes: Sequence[Axis]) -> list[dict[str, Number]]:
    """The exact varied values at every grid point, first axis slowest."""
    return [dict(zip((a.name for a in axes), values)) for values in itertools.product(*(a.values for a in axes))]


def _payoff_arrays(model: PayoffModel, axes: Sequence[Axis], base: Mapping[str, Number]) -> np.ndarray:
    """Every payoff at every grid point, shape (K, *game shape, players), from one lambdified function."""
    symbols = list(model.symbols.values())
    grids = np.meshgrid(*(np.array([float(v) for v in a.values]) for a in axes), indexing="ij")
    columns = {axis.name: grid.reshape(-1) for axis, grid in zip(axes, grids)}
    count = grids[0].size
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


def _sweep_two_players(model: PayoffModel, axes: Sequence[Axis], base: Mapping[str, Number]
                       ) -> tuple[list[tuple[Equilibrium, ...]], np.ndarray, list[Structure]]:
    payoffs = _payoff_arrays(model, axes, base)
    count = len(payoffs)
    finite = np.all(np.isfinite(payoffs.reshape(count, -1)), axis=1)
    batch = batch_support_enumeration(np.nan_to_num(payoffs[..., 0]), np.nan_to_num(payoffs[..., 1]))
    exact = batch.flagged | ~finite
    equilibria: list[list[Equilibrium]] = [[] for _ in range(count)]
    for p in range(len(batch.pairs)):
        hits = np.flatnonzero(batch.valid[:, p] & ~exact)
        if not len(hits):
            continue
        rows, columns, values = (batch.rows[p][hits].tolist(), batch.columns[p][hits].tolist(),
                                 batch.payoffs[p][hits].tolist())
        for k, x, y, v in zip(hits.tolist(), rows, columns, values):
            equilibria[k].append(Equilibrium((tuple(x), tuple(y)), tuple(v), model.strategies))
    structures = _batch_structures(model, batch, exact)
    if exact.any():
        points = _grid_points(axes)
        for k in np.flatnonzero(exact).tolist():
            equilibria[k] = list(solve(model.evaluate({**base, **points[k]})).equilibria)
            structures[k] = structure_of(equilibria[k])
    return [tuple(sorted(eqs, key=Equilibrium.sort_key)) if len(eqs) > 1 else tuple(eqs)
            for eqs in equilibria], exact, structures


def _batch_structures(model: PayoffModel, batch: BatchResult, exact: np.ndarray) -> list[Structure]:
    """The structure of each batch-solved point, computed once per distinct set of valid pairs."""
    rows_labels, column_labels = model.strategies
    supports = [(tuple(rows_labels[i] for i in pair.rows), tuple(column_labels[j] for j in pair.columns))
                for pair in batch.pairs]
    patterns, inverse = np.unique(batch.valid, axis=0, return_inverse=True)
    by_pattern = [tuple(sorted(supports[p] for p in np.flatnonzero(pattern))) for pattern in patterns]
    structures = [by_pattern[i] for i in inverse.reshape(-1).tolist()]
    for k in np.flatnonzero(exact).tolist():
        structures[k] = ()
    return structures
