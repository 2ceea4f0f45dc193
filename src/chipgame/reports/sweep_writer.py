"""The ``chipgame.sweep/1.1`` document of a sweep, written as JSON text straight from its arrays.

A sweep of 40,000 points has a document of about 12 MB: built as dicts and lists and then
encoded, it cost more than the sweep itself. Here the text of each grid point is put together
from pieces made once (the text of each varied value; for each support pair of the batch, the
text of its supports and, where every point shares them, of its probabilities), so per point only
the floats that differ are written, as ``json`` writes them (``repr``). The points solved
exactly, and every point of a game of three or more players, have their equilibria written by
``json.dumps``. ``sweep_document`` is this text, parsed: the shape is defined once, here.

Examples
--------
>>> import json, sympy
>>> from chipgame.payoffs import Parameter, PayoffModel
>>> from chipgame.sensitivity import grid_axis, sweep
>>> m = sympy.Symbol("m")
>>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold",)),
...     {("Buy", "Hold"): (-1 / (1 - m), m), ("Build", "Hold"): (-sympy.Rational(15, 7), 0)},
...     [Parameter("m", 0.5)])
>>> text = "".join(sweep_json(sweep(model, [grid_axis("m", "1/15", "14/15", 14)])))
>>> point = json.loads(text)["points"][7]
>>> point["at"], point["exact"], [eq["support"] for eq in point["equilibria"]]
({'m': 0.5333333333333333}, True, [[['Buy'], ['Hold']], [['Build'], ['Hold']]])
"""

from __future__ import annotations

import gc
import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from ..sensitivity.grid_gaps import GridGaps
from ..sensitivity.sweeps import Sweep
from ..solvers.batch_support import BatchResult
from .json_document import SWEEP_SCHEMA, equilibrium_json
from .numbers import exact_text

__all__ = ["sweep_json", "sweep_document"]

POINTS_PER_PIECE = 2000
"""Grid points per piece of text ``sweep_json`` yields."""


def sweep_document(result: Sweep, gaps: GridGaps | None = None) -> dict[str, Any]:
    """The ``chipgame.sweep/1.1`` document: the equilibria at every grid point, the regimes and,
    when ``gaps`` are given, ``between_points``: the regimes of the box the grid does not show.

    Each point's ``exact`` is true when it was solved one by one with exact arithmetic (a
    break-even point); its equilibria then carry exact fractions. ``between_points`` has
    ``missed`` (each with its ``label``, a point ``at`` where it holds, and that point's
    ``exact`` values as text), ``certified`` (every regime of the box was looked for) and ``why``
    not (null when it was).

    Examples
    --------
    >>> import sympy
    >>> from chipgame.payoffs import Parameter, PayoffModel
    >>> from chipgame.sensitivity import grid_axis, sweep
    >>> m = sympy.Symbol("m")
    >>> model = PayoffModel(("A", "B"), (("a", "b"), ("c",)), {("a", "c"): (m, 0), ("b", "c"): (1 - m, 0)},
    ...                     [Parameter("m", 0.5)])
    >>> document = sweep_document(sweep(model, [grid_axis("m", 0, 1, 3)]))
    >>> document["schema"], [point["exact"] for point in document["points"]]
    ('chipgame.sweep/1.1', [False, True, False])
    >>> document["points"][1]["equilibria"][0]["exact"]
    [['1', '0'], ['1']]
    """
    return json.loads("".join(sweep_json(result, gaps)))


def sweep_json(result: Sweep, gaps: GridGaps | None = None) -> Iterator[str]:
    """The text of ``sweep_document(result, gaps)`` as ``json.dumps`` writes it, in pieces of
    ``POINTS_PER_PIECE`` grid points (made as they are asked for)."""
    names = [axis.name for axis in result.axes]
    header = {
        "schema": SWEEP_SCHEMA,
        "game": {"title": result.model.title, "players": list(result.model.players),
                 "strategies": [list(s) for s in result.model.strategies]},
        "parameters": {name: float(value) for name, value in result.base.items() if name not in names},
        "vary": [{"name": axis.name, "values": [float(v) for v in axis.values]} for axis in result.axes],
        "points": [],
    }
    regimes: dict[str, Any] = {"regimes": [
        {"label": regime.label,
         "structure": [[list(support) for support in supports] for supports in regime.structure],
         "points": len(regime.points),
         "bounds": {name: [float(low), float(high)] for name, (low, high) in regime.bounds.items()}}
        for regime in result.regimes
    ]}
    if gaps is not None:
        regimes["between_points"] = {
            "missed": [{"label": gap.label, "at": {name: float(value) for name, value in gap.at.items()},
                        "exact": {name: exact_text(value) for name, value in gap.at.items()}} for gap in gaps.missed],
            "certified": gaps.certified, "why": gaps.note or None}
    yield json.dumps(header)[:-2]  # up to the opening bracket of "points"
    with _collector_paused():
        equilibria = _equilibria_texts(result)
        values = [[f"{json.dumps(axis.name)}: {_number(float(v))}" for v in axis.values] for axis in result.axes]
        at = map(", ".join, itertools.product(*values))
        exact = ["true" if flag else "false" for flag in result.exact.tolist()]
        for start in range(0, len(result), POINTS_PER_PIECE):
            stop = min(start + POINTS_PER_PIECE, len(result))
            yield ("" if start == 0 else ", ") + ", ".join(
                f'{{"at": {{{place}}}, "exact": {exact[k]}, "equilibria": [{", ".join(equilibria[k])}]}}'
                for k, place in zip(range(start, stop), at))
    yield "], " + json.dumps(regimes)[1:]


def _equilibria_texts(result: Sweep) -> list[list[str]]:
    """The texts of the equilibria at each grid point, in the order ``Sweep.equilibria_at`` gives:
    one per equilibrium read from the batch arrays, one for all of a point's others."""
    batch = result.batch
    texts: list[list[str]] = [[] for _ in range(len(result))]
    one_by_one = (result.exact if isinstance(batch, BatchResult) else np.ones(len(result), dtype=bool)).tolist()
    for k, alone in enumerate(one_by_one):
        if alone and (found := result.equilibria_at(k)):
            texts[k] = [json.dumps([equilibrium_json(eq) for eq in found])[1:-1]]  # all of them, without brackets
    if not isinstance(batch, BatchResult):
        return texts
    rows_labels, column_labels = result.model.strategies
    sizes = []
    for p, pair in enumerate(batch.pairs):
        sizes.append(len(pair.rows) + len(pair.columns))
        hits = np.flatnonzero(batch.valid[:, p] & ~result.exact)
        if not len(hits):
            continue
        support = json.dumps([[rows_labels[i] for i in pair.rows], [column_labels[j] for j in pair.columns]])
        end = f', "exact_payoffs": null, "support": {support}}}'
        for k, x, y, payoffs in zip(hits.tolist(), _lists(batch.rows[p][hits]), _lists(batch.columns[p][hits]),
                                    _lists(batch.payoffs[p][hits])):
            texts[k].append(f'{{"profile": [{x}, {y}], "exact": null, "payoffs": {payoffs}{end}')
    for k in np.flatnonzero((batch.valid.sum(axis=1) > 1) & ~result.exact).tolist():
        valid = np.flatnonzero(batch.valid[k]).tolist()  # the order the texts were added in
        order = sorted(range(len(valid)), key=lambda i: (sizes[valid[i]], [-p for p in batch.rows[valid[i]][k]]
                                                         + [-p for p in batch.columns[valid[i]][k]]))
        texts[k] = [texts[k][i] for i in order]
    return texts


def _lists(rows: np.ndarray) -> list[str]:
    """The JSON text of each row of a float array. Each distinct value of a column (bit for bit:
    -0.0 is not 0.0) is written once: a payoff that depends on one varied parameter only, say,
    repeats along the other."""
    if not len(rows):
        return []
    bits = np.ascontiguousarray(rows).view(np.int64)
    columns = []
    for column in bits.T:
        distinct, where = np.unique(column, return_inverse=True)
        words = [_number(value) for value in distinct.view(np.float64).tolist()]
        columns.append([words[k] for k in where.tolist()])
    return ["[" + ", ".join(row) + "]" for row in zip(*columns)]


def _number(value: float) -> str:
    """A float as ``json`` writes it: ``repr``, or NaN, Infinity, -Infinity."""
    return repr(value) if value - value == 0 else json.dumps(value)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: a sweep's text is hundreds of thousands of small
    strings and lists, none in a cycle, and the collector's passes over them would take much of
    the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
