"""The regimes a sweep's grid does not show: what lies between its points.

A sweep solves the grid it is given, and a regime narrower than the grid's step can fall between
two points: the sweep then says, wrongly, that nothing else happens there. ``grid_gaps`` looks
between the points without changing the grid. Along one varied parameter it takes the exact
thresholds (``thresholds``) and solves one point inside each regime between them; over two, a
point of every open region of the plane where the equilibria could differ (``cell_samples``).
Break-even points and curves themselves are not regimes here: the grid may or may not sit on
them, and ``thresholds`` lists them. Each
regime met there whose equilibria the grid shows nowhere is reported with a point where it
holds. Whether that search covered everything is said too (``certified``): not for three or more
varied parameters, nor where the thresholds or the plane could not be certified.

Examples
--------
Building pays above a spend of 6, unless the vendor cuts its price, which it does against a
builder only between 6 and 7: there both mix. A grid of 3, 11 and 19 misses that narrow regime:

>>> import sympy
>>> from chipgame.payoffs import Parameter, PayoffModel
>>> from chipgame.sensitivity import grid_axis, sweep
>>> s = sympy.Symbol("spend")
>>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
...     {("Buy", "Hold"): (-s, 1), ("Buy", "Cut"): (-s + 1, 0), ("Build", "Hold"): (-6, 0),
...      ("Build", "Cut"): (-6, sympy.Piecewise((1, (s > 6) & (s < 7)), (-1, True)))},
...     [Parameter("spend", 10, range=(2, 19))])
>>> gaps = grid_gaps(sweep(model, [grid_axis("spend", 3, 19, 3)]))
>>> [(gap.label, {name: str(value) for name, value in gap.at.items()}) for gap in gaps.missed], gaps.certified
([('Buyer: Buy+Build | Vendor: Hold+Cut', {'spend': '13/2'})], True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from ..errors import SolverError
from ..games import Number
from ..games.immutable import FrozenMapping
from ..solvers import solve
from .grid import Axis
from .regime_cells import cell_samples, cell_structures
from .regime_samples import regime_samples
from .regimes import describe_structure, structure_of
from .sweeps import Sweep
from .threshold_search import thresholds

__all__ = ["GridGap", "GridGaps", "grid_gaps"]


@dataclass(frozen=True)
class GridGap:
    """A regime the grid does not show: its equilibria in words, and a point where they hold."""

    label: str
    at: Mapping[str, Number]


@dataclass(frozen=True)
class GridGaps:
    """What ``grid_gaps`` found between a grid's points.

    Parameters
    ----------
    missed
        Each regime the grid shows nowhere, with a point of it, in the order found.
    certified
        True when every regime of the grid's box was looked for, with a proof that none other
        exists; False otherwise, and ``note`` says why.
    note
        Why the search is not certified ("" when it is).
    """

    missed: tuple[GridGap, ...]
    certified: bool = True
    note: str = ""


def grid_gaps(result: Sweep) -> GridGaps:
    """The regimes of ``result``'s box that its grid does not show, the other parameters at the
    sweep's values.

    Raises
    ------
    ModelError
        When the model cannot be evaluated at a point it looks at.
    """
    fixed = {name: value for name, value in result.base.items() if name not in {a.name for a in result.axes}}
    shown = {regime.label for regime in result.regimes}
    if len(result.axes) == 1:
        return _along(result, result.axes[0], fixed, shown)
    if len(result.axes) == 2:
        return _over_plane(result, fixed, shown)
    return GridGaps((), False, "what lies between the points of a grid of three or more parameters is not looked at")


def _along(result: Sweep, axis: Axis, fixed: Mapping[str, Number], shown: set[str]) -> GridGaps:
    """One varied parameter: a point inside each regime between its thresholds."""
    low, high = (Fraction(v) for v in (min(axis.values), max(axis.values)))
    try:
        found = thresholds(result.model, axis.name, low, high, fixed, scan_mixed=False)
    except SolverError as error:
        return GridGaps((), False, f"the thresholds of {axis.name} could not be searched: {error.problem}")
    missed: dict[str, GridGap] = {}
    for value in regime_samples(found, low, high):
        equilibria = solve(result.model.evaluate({**fixed, axis.name: value})).equilibria
        label = describe_structure(result.model.players, structure_of(equilibria))
        if label not in shown and label not in missed:
            missed[label] = GridGap(label, FrozenMapping({axis.name: value}))
    uncertified = [t.note for t in found if not t.certified]
    return GridGaps(tuple(missed.values()), not uncertified, uncertified[0] if uncertified else "")


def _over_plane(result: Sweep, fixed: Mapping[str, Number], shown: set[str]) -> GridGaps:
    """Two varied parameters: a point of every open region of the plane where the equilibria could
    differ (``cell_samples``), all solved at once."""
    names = (result.axes[0].name, result.axes[1].name)
    box = [Fraction(end) for axis in result.axes for end in (min(axis.values), max(axis.values))]
    plane = cell_samples(result.model, names, box, fixed)
    missed: dict[str, GridGap] = {}
    for point, structure in zip(plane.points, cell_structures(result.model, plane, fixed)):
        label = describe_structure(result.model.players, structure)
        if label not in shown and label not in missed:
            missed[label] = GridGap(label, FrozenMapping(zip(names, point)))
    return GridGaps(tuple(missed.values()), plane.certified, plane.note)
