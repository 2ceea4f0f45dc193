"""One payoff model solved at many points of parameter space, a chunk of points at a time.

The payoff expressions are turned into one numpy function (sympy ``lambdify``, once per process)
and evaluated on all the points of a chunk. Two-player games are then solved together by batched
support enumeration (``chipgame.solvers.batch_support``); games of three or more players are
screened together (``chipgame.solvers.batch_n_player``): their pure equilibria found in floats,
and every support profile where some player mixes ruled out by conditional dominance. The points
where any test comes within tolerance of a tie (the break-even points), and those where a mixed
equilibrium may exist, are solved again one by one, exactly, at exact parameter values: the payoff
expressions are compiled once more into plain Python code on integers
(``chipgame.sensitivity.rational_code``), many times faster than ``PayoffModel.evaluate``, which
remains the fallback for anything that code cannot decide. A chunk
holds ``CHUNK_POINTS`` points of a two-player model (``N_PLAYER_CHUNK_POINTS`` otherwise): the
cut depends on the model and the number of points only. The chunks run where ``chipgame.sensitivity.parallel`` sends them and are joined in order, so
the result does not depend on where they ran.

Examples
--------
>>> import sympy
>>> from chipgame.payoffs import Parameter
>>> from chipgame.sensitivity import grid_axis, sweep
>>> m = sympy.Symbol("m")
>>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold",)),
...     {("Buy", "Hold"): (-1 / (1 - m), m), ("Build", "Hold"): (-sympy.Rational(15, 7), 0)},
...     [Parameter("m", 0.5)])
>>> result = sweep(model, [grid_axis("m", "1/15", "14/15", 14)])
>>> [eq.support for eq in equilibria_at(model, result.batch, result.exact_equilibria, 7)]
[(('Buy',), ('Hold',)), (('Build',), ('Hold',))]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
import sympy

from ..games import Number
from ..payoffs import PayoffModel
from ..solvers import Equilibrium, solve
from ..solvers.batch_n_player import PureScreen, screen_equilibria
from ..solvers.batch_support import BatchResult, batch_support_enumeration
from .parallel import Progress, chunk_bounds, map_chunks
from .rational_code import exact_games
from .regimes import Structure, structure_of

__all__ = ["CHUNK_POINTS", "N_PLAYER_CHUNK_POINTS", "Batch", "Points", "Solved", "chunk_size", "equilibria_at",
           "payoff_arrays", "solve_many", "solve_points"]

CHUNK_POINTS = 4096
"""Points per chunk of a two-player model: enough for batched arithmetic to pay, few enough that
a 200 x 200 grid makes ten chunks to spread."""

N_PLAYER_CHUNK_POINTS = 512
"""Points per chunk of a model of one or three or more players: screened together in
milliseconds, but the points the screen flags are solved one by one (tens of milliseconds
each), so chunks are smaller than two-player ones to spread that work."""

Batch = BatchResult | PureScreen
"""The arrays a chunk's points were solved from: batched support enumeration (two players) or
the screen (any other number)."""

Solved = tuple[Batch, np.ndarray, list[Structure], dict[int, tuple[Equilibrium, ...]]]
"""The batch arrays, the mask of points solved exactly one by one, each point's structure, and
the equilibria of the points solved exactly, by index."""


class Points(Protocol):
    """Points of parameter space, in order, that can be cut into parts to send to other processes."""

    def __len__(self) -> int:
        """How many points."""

    def part(self, start: int, stop: int) -> Points:
        """Points ``start`` to ``stop``, self-contained and picklable."""

    def columns(self) -> Mapping[str, np.ndarray]:
        """The float values of the varied parameters: one array each, one value per point."""

    def exact(self, index: int) -> Mapping[str, Number]:
        """The exact values of the varied parameters at one point."""


def chunk_size(model: PayoffModel) -> int:
    """Points per chunk for ``model``.

    Examples
    --------
    >>> chunk_size(PayoffModel(("A", "B"), (("a",), ("b",)), {("a", "b"): (1, 1)}, []))
    4096
    """
    return CHUNK_POINTS if len(model.players) == 2 else N_PLAYER_CHUNK_POINTS


def solve_points(model: PayoffModel, base: Mapping[str, Number], points: Points, *, workers: int = 1,
                 scheduler: str | None = None, progress: Progress | None = None) -> Solved:
    """``solve_many`` at every point, chunk by chunk, the chunks run as ``map_chunks`` runs them."""
    bounds = chunk_bounds(len(points), chunk_size(model))
    results = map_chunks(_solve_part, (model, dict(base)), [points.part(start, stop) for start, stop in bounds],
                         workers=workers, scheduler=scheduler, progress=progress)
    batch = _concatenate([batch for batch, _, _, _ in results])
    exact = np.concatenate([mask for _, mask, _, _ in results])
    structures = [structure for _, _, part, _ in results for structure in part]
    solved = {start + k: found for (start, _), (_, _, _, part) in zip(bounds, results) for k, found in part.items()}
    return batch, exact, structures, solved


def _solve_part(shared: tuple[PayoffModel, dict[str, Number]], points: Points) -> Solved:
    """One chunk: ``solve_many`` at its points (indices from 0 within the chunk)."""
    model, base = shared
    return solve_many(model, points.columns(), base, points.exact)


def _concatenate(batches: Sequence[Batch]) -> Batch:
    """The batch results of consecutive chunks as one (every chunk has the same support pairs)."""
    if isinstance(batches[0], PureScreen):
        screens: list[PureScreen] = [b for b in batches if isinstance(b, PureScreen)]
        if len(batches) == 1:
            return batches[0]
        return PureScreen(*(_read_only(np.concatenate([getattr(b, name) for b in screens]))
                            for name in ("pure", "payoffs", "flagged")))
    if len(batches) == 1:
        return batches[0]
    results = [b for b in batches if isinstance(b, BatchResult)]
    pairs = range(len(results[0].pairs))

    def joined(name: str) -> tuple[np.ndarray, ...]:
        return tuple(_join([getattr(b, name)[p] for b in results]) for p in pairs)

    return BatchResult(results[0].pairs, np.concatenate([b.valid for b in results]), joined("rows"),
                       joined("columns"), joined("payoffs"), np.concatenate([b.flagged for b in results]))


def _join(parts: Sequence[np.ndarray]) -> np.ndarray:
    """Consecutive (points, values) arrays as one: still one row repeated without copies when every
    part is (a pure strategy's), and otherwise joined as the games-last arrays they view, one
    contiguous copy per part instead of a strided gather."""
    first = parts[0][:1]
    if all(part.strides[0] == 0 and (part[:1] == first).all() for part in parts):
        return np.broadcast_to(first[0], (sum(len(part) for part in parts), first.shape[1]))
    return np.concatenate([part.T for part in parts], axis=1).T


def solve_many(model: PayoffModel, columns: Mapping[str, np.ndarray], base: Mapping[str, Number],
               point: Callable[[int], Mapping[str, Number]]) -> Solved:
    """Solve the model at many points, in this process: ``columns`` gives float values of the
    varied parameters (one array each, all of one length), ``point(k)`` their exact values at point k.

    Two-player models are batch-solved, other models screened (``screen_equilibria``), and the
    flagged points solved again exactly.
    """
    count = len(next(iter(columns.values())))
    solved: dict[int, tuple[Equilibrium, ...]] = {}
    payoffs = payoff_arrays(model, columns, base)
    batch: Batch
    if len(model.players) != 2:
        batch = screen_equilibria(payoffs)
        exact = batch.flagged.copy()
        structures = _screen_structures(model, batch)
    else:
        finite = np.all(np.isfinite(payoffs.reshape(count, -1)), axis=1)
        batch = batch_support_enumeration(np.nan_to_num(payoffs[..., 0]), np.nan_to_num(payoffs[..., 1]))
        exact = batch.flagged | ~finite
        structures = _batch_structures(model, batch)
    indices = np.flatnonzero(exact).tolist()
    if indices:
        varied = tuple(columns)
        game_at = exact_games(model, varied, tuple((name, value) for name, value in base.items() if name not in varied))
        for k in indices:
            solved[k] = solve(game_at({**base, **point(k)})).equilibria
            structures[k] = structure_of(solved[k])
    return batch, exact, structures, solved


def payoff_arrays(model: PayoffModel, columns: Mapping[str, np.ndarray], base: Mapping[str, Number]
                  ) -> np.ndarray:
    """Every payoff at every point, shape (K, *game shape, players), from one lambdified function."""
    symbols = tuple(model.symbols.values())
    count = len(next(iter(columns.values())))
    arguments = [columns.get(s.name, np.full(count, float(base[s.name]))) for s in symbols]
    profiles = list(itertools.product(*model.strategies))
    expressions = tuple(expr for profile in profiles for expr in model.payoffs[profile])
    with np.errstate(all="ignore"):
        values = _lambdified(symbols, expressions)(*arguments)
    out = np.empty((count, len(expressions)))
    for k, value in enumerate(values):
        out[:, k] = value
    return out.reshape(count, *model.shape, len(model.players))


@lru_cache(maxsize=8)
def _lambdified(symbols: tuple[sympy.Symbol, ...], expressions: tuple[sympy.Expr, ...]) -> Callable[..., Any]:
    """The expressions as one numpy function, made once per process for the chunks of a run (a
    lambdified function does not pickle, so each worker process makes its own)."""
    # numpy the module, not "numpy": the name makes lambdify run ``from numpy import *``, which imports
    # numpy.f2py and numpy.testing (0.08 s); the printer and the code are the same either way
    return sympy.lambdify(symbols, expressions, modules=np, cse=True)


def equilibria_at(model: PayoffModel, batch: Batch | None,
                  solved: Mapping[int, tuple[Equilibrium, ...]], index: int) -> tuple[Equilibrium, ...]:
    """The equilibria at point ``index`` of a ``solve_many`` result, sorted as ``solve`` sorts them:
    exact where the point was solved exactly, floats read from the batch arrays otherwise."""
    if index in solved or batch is None:
        return solved[index]
    if isinstance(batch, PureScreen):
        pure = [Equilibrium(tuple(tuple(float(i == j) for j in range(len(labels)))
                                  for i, labels in zip(profile, model.strategies)),
                            tuple(batch.payoffs[(index, *profile)].tolist()), model.strategies)
                for profile in batch.profiles(index)]
        return tuple(sorted(pure, key=Equilibrium.sort_key))
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
    return _structures(supports, batch.valid)


def _screen_structures(model: PayoffModel, screen: PureScreen) -> list[Structure]:
    """The structure of each screened point (its pure equilibria; flagged points get theirs from
    the exact solve), computed once per distinct set of pure equilibria."""
    supports = [tuple((labels[i],) for labels, i in zip(model.strategies, profile))
                for profile in itertools.product(*(range(len(labels)) for labels in model.strategies))]
    return _structures(supports, screen.pure.reshape(len(screen), -1))


def _structures(supports: Sequence[tuple[tuple[str, ...], ...]], valid: np.ndarray) -> list[Structure]:
    """For each row of ``valid`` (points by candidate), the sorted supports of its valid candidates."""
    packed = np.packbits(valid, axis=1)
    if packed.shape[1] <= 8:
        padded = np.zeros((len(packed), 8), dtype=np.uint8)
        padded[:, :packed.shape[1]] = packed
        keys = padded.view(np.uint64).reshape(-1)
    else:
        keys = np.array([row.tobytes() for row in packed], dtype=object)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    by_pattern = [tuple(sorted(supports[p] for p in np.flatnonzero(valid[k]).tolist())) for k in first.tolist()]
    return [by_pattern[i] for i in inverse.reshape(-1).tolist()]


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array
