"""One point in every region of the plane of two parameters where the equilibria could differ:
a cylindrical decomposition of the box by the curves where payoffs tie or switch branch.

The equilibria of a game can change only where a tie condition vanishes (two payoffs equal, a
support system singular, a probability or a slack zero: ``tie_conditions``) or where a ``min``,
``max``, ``abs`` or ``where`` switches branch. With two parameters varied, these places are
curves. Project them on the first axis (leading coefficients, discriminants, resultants of every
pair, meetings with the box's edges): between consecutive critical values of the first parameter
the curves neither cross, nor turn, nor leave the box, so one vertical line in each such stretch,
cut at the curves it meets, holds a point in every open region. The equilibria are the same at
every point of a region, so solving one point per region finds every regime of the box, however
narrow; a grid cannot promise that.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from sympy.polys.polyerrors import CoercionFailed, PolynomialError

from ..errors import SolverError
from ..games import Number
from ..payoffs import PayoffModel
from .batch_solve import solve_points
from .grid import Axis
from .regimes import Structure
from .root_isolation import simplest_between
from .smooth_pieces import branch_at, innermost_nodes, replaced, switch_expressions
from .threshold_search import substituted_payoffs, sympy_number, threshold_interval
from .tie_conditions import distinct_tie_numerators, payoff_table, surviving_mixed_profiles, two_mixer_numerators

__all__ = ["CellSamples", "cell_samples", "cell_structures", "with_cell_samples", "MAX_CURVES", "MAX_CELL_POINTS"]

MAX_CURVES = 60
"""Most distinct irreducible curves decomposed; beyond, the samples are not certified."""

MAX_PROJECTION_FACTORS = 2_000
"""Most distinct factors of the polynomials whose zeros are where curves meet, turn or leave the box."""

MAX_CELL_POINTS = 5_000
"""Most sample points; beyond, the samples are not certified."""

MAX_REFINEMENTS = 200
"""Most rounds of refining isolating intervals until the zeros on a line are told apart."""

MAX_BRANCHINGS = 64
"""Most distinct branch combinations of the switching nodes examined."""


@dataclass(frozen=True)
class CellSamples:
    """Points of a box of two parameters, one in every open region where the equilibria are constant.

    Parameters
    ----------
    names
        The two parameters.
    points
        Exact points ``(first, second)``; when ``certified``, every open region of the box cut by
        the tie and switch curves holds one.
    certified
        False when the decomposition could not be made (formulas outside polynomials and
        rational functions, mixed equilibria in which three or more players mix, or the bounds
        that protect against hostile input): then ``points`` is empty and ``note`` says why.
    note
        Why the samples are not certified ("" when they are).
    """

    names: tuple[str, str]
    points: tuple[tuple[Fraction, Fraction], ...]
    certified: bool = True
    note: str = ""


class _NotCertifiable(Exception):
    """The decomposition does not apply; the message says why."""


def cell_samples(model: PayoffModel, names: Sequence[str], box: Sequence[Any] | None = None,
                 overrides: Mapping[str, Any] | None = None) -> CellSamples:
    """A point in every open region of the box where the equilibria of ``model`` could differ.

    Parameters
    ----------
    model
        A payoff model of two players (for more, see ``certified``).
    names
        The two parameters varied; the others stay at their base values (or ``overrides``).
    box
        ``(low, high, low, high)`` of the two parameters; the declared ranges when omitted (or
        any entry None).
    overrides
        Values of the other parameters.

    Examples
    --------
    Build pays ``x - y`` against Buy's 0 only in a sliver of width 1e-6 above the diagonal's
    ``x = y + 1/2``; a point of every region, the sliver included:

    >>> from chipgame.payoffs import Parameter
    >>> x, y = sympy.symbols("x y")
    >>> eps = sympy.Rational(1, 10**6)
    >>> model = PayoffModel(("H", "V"), (("Buy", "Build"), ("Sell",)),
    ...     {("Buy", "Sell"): (0, 1), ("Build", "Sell"): (sympy.Min(x - y - sympy.Rational(1, 2),
    ...                                                      y + sympy.Rational(1, 2) + eps - x), 0)},
    ...     [Parameter("x", 0.5, range=(0, 1)), Parameter("y", 0.5, range=(0, 1))])
    >>> cells = cell_samples(model, ("x", "y"))
    >>> cells.certified, any(0 < float(p[0] - p[1]) - 0.5 < 1e-6 for p in cells.points)
    (True, True)
    """
    if len(names) != 2:
        raise SolverError(f"a plane has two parameters, not {len(names)}", fix="give two parameters")
    first, second = names[0], names[1]
    edges = list(box) if box is not None else [None] * 4
    x_low, x_high = threshold_interval(model, first, edges[0], edges[1])
    y_low, y_high = threshold_interval(model, second, edges[2], edges[3])
    try:
        points = _decomposed(model, (first, second), (x_low, x_high, y_low, y_high), overrides)
    except _NotCertifiable as reason:
        return CellSamples((first, second), (), False, str(reason))
    return CellSamples((first, second), points)


def with_cell_samples(model: PayoffModel, axes: Sequence[Axis], cells: CellSamples,
                      overrides: Mapping[str, Any] | None = None) -> tuple[Axis, Axis]:
    """The two axes of a grid with the coordinates of one point of each regime among ``cells``
    added, so that the grid meets every regime of the box, however narrow.

    Examples
    --------
    >>> from chipgame.payoffs import Parameter
    >>> x, y = sympy.symbols("x y")
    >>> eps = sympy.Rational(1, 10**6)
    >>> model = PayoffModel(("H", "V"), (("Buy", "Build"), ("Sell",)),
    ...     {("Buy", "Sell"): (0, 1), ("Build", "Sell"): (sympy.Min(x - y - sympy.Rational(1, 2),
    ...                                                      y + sympy.Rational(1, 2) + eps - x), 0)},
    ...     [Parameter("x", 0.5, range=(0, 1)), Parameter("y", 0.5, range=(0, 1))])
    >>> even = [Axis("x", tuple(Fraction(k, 4) for k in range(5))), Axis("y", tuple(Fraction(k, 4) for k in range(5)))]
    >>> from chipgame.sensitivity import sweep
    >>> def builds(axes):
    ...     return any(s == ((("Build",), ("Sell",)),) for s in sweep(model, axes).structures)
    >>> builds(even), builds(with_cell_samples(model, even, cell_samples(model, "xy")))
    (False, True)
    """
    first, second = axes[0], axes[1]
    if not cells.points:
        return first, second
    if (first.name, second.name) != cells.names:
        raise SolverError(f"the samples are of {cells.names}, the axes of {(first.name, second.name)}",
                          fix="decompose the plane of the grid's two parameters")
    chosen = {structure: point for structure, point in zip(cell_structures(model, cells, overrides), cells.points)}
    return (Axis(first.name, tuple(sorted(set(first.values) | {a for a, _ in chosen.values()}))),
            Axis(second.name, tuple(sorted(set(second.values) | {b for _, b in chosen.values()}))))


def cell_structures(model: PayoffModel, cells: CellSamples, overrides: Mapping[str, Any] | None = None
                    ) -> list[Structure]:
    """The equilibrium structure at each point of ``cells``, all solved at once (``solve_points``).

    Examples
    --------
    >>> from chipgame.payoffs import Parameter
    >>> x, y = sympy.symbols("x y")
    >>> model = PayoffModel(("H", "V"), (("Buy", "Build"), ("Sell",)),
    ...                     {("Buy", "Sell"): (0, 1), ("Build", "Sell"): (x - y, 0)},
    ...                     [Parameter("x", 0.5, range=(0, 1)), Parameter("y", 0.5, range=(0, 1))])
    >>> sorted(cell_structures(model, cell_samples(model, ("x", "y"))))
    [((('Build',), ('Sell',)),), ((('Buy',), ('Sell',)),)]
    """
    if not cells.points:
        return []
    return solve_points(model, model.values_with(overrides), _ListedPoints(cells.names, cells.points))[2]


@dataclass(frozen=True)
class _ListedPoints:
    """Exact points of the plane of two parameters, as ``solve_points`` takes them."""

    names: tuple[str, str]
    points: tuple[tuple[Fraction, Fraction], ...]

    def __len__(self) -> int:
        return len(self.points)

    def part(self, start: int, stop: int) -> _ListedPoints:
        return _ListedPoints(self.names, self.points[start:stop])

    def columns(self) -> dict[str, np.ndarray]:
        return {name: np.array([float(point[k]) for point in self.points]) for k, name in enumerate(self.names)}

    def exact(self, index: int) -> dict[str, Number]:
        return dict(zip(self.names, self.points[index]))


def _decomposed(model: PayoffModel, names: tuple[str, str], box: tuple[Fraction, Fraction, Fraction, Fraction],
                overrides: Mapping[str, Any] | None) -> tuple[tuple[Fraction, Fraction], ...]:
    values = model.values_with(overrides)
    x, y = model.symbols[names[0]], model.symbols[names[1]]
    fixed = {s: sympy_number(values[name]) for name, s in model.symbols.items() if name not in names}
    payoffs = substituted_payoffs(model.payoffs, fixed)
    profiles = list(payoffs)
    width = len(model.players)
    expressions = tuple(e for row in payoffs.values() for e in row)
    curves: list[sympy.Expr] = []
    smooth: list[tuple[sympy.Expr, ...]] = []
    _branchings(expressions, (x, y), box, curves, smooth)
    tables = []
    for variant in smooth:
        rows = {profile: variant[k * width:(k + 1) * width] for k, profile in enumerate(profiles)}
        tables.append(payoff_table(model.shape, model.strategies, rows))
        curves += distinct_tie_numerators(tables[-1], (x, y))
    if width > 2:
        curves += _mixed_curves(model, values, names, tables, _cad_points(_irreducible(curves, (x, y)), (x, y), box))
    return _cad_points(_irreducible(curves, (x, y)), (x, y), box)


def _mixed_curves(model: PayoffModel, values: Mapping[str, Number], names: tuple[str, str],
                  tables: Sequence[np.ndarray], pure_cells: Sequence[tuple[Fraction, Fraction]]) -> list[sympy.Expr]:
    """For three or more players, the tie curves of the mixed equilibria: in each region of the
    pure ties the support profiles that can hold one do not change (``surviving_mixed_profiles``);
    where each has two players mixing and the others playing one strategy, their tie conditions
    are rational functions (``two_mixer_numerators``)."""
    surviving: set[tuple[tuple[int, ...], ...]] = set()
    for a, b in pure_cells:
        found = surviving_mixed_profiles(model.evaluate({**values, names[0]: a, names[1]: b}).payoffs)
        if found is None:
            raise _NotCertifiable("too many support profiles to examine for mixed equilibria")
        surviving.update(found)
    if not surviving:
        return []
    symbols = (model.symbols[names[0]], model.symbols[names[1]])
    curves: list[sympy.Expr] = []
    for table in tables:
        numerators = two_mixer_numerators(table, symbols, sorted(surviving))
        if numerators is None:
            raise _NotCertifiable("mixed equilibria in which three or more players mix (or with supports of "
                                  "unequal sizes) are not decomposed in a plane")
        curves += numerators
    return curves


def _branchings(expressions: tuple[sympy.Expr, ...], symbols: tuple[sympy.Symbol, sympy.Symbol],
                box: tuple[Fraction, Fraction, Fraction, Fraction], curves: list[sympy.Expr],
                smooth: list[tuple[sympy.Expr, ...]]) -> None:
    """Every smooth variant of ``expressions`` met in the box (innermost switching nodes first, one
    branch per region of their switch curves), into ``smooth``; the switch curves into ``curves``."""
    nodes = innermost_nodes(expressions, symbols)
    if not nodes:
        smooth.append(expressions)
        return
    switches = [s for s in dict.fromkeys(s for node in nodes for s in switch_expressions(node))
                if s.has(*symbols)]
    curves += switches
    variants: dict[tuple[sympy.Expr, ...], None] = {}
    for a, b in _cad_points(_irreducible(switches, symbols), symbols, box):
        at = {symbols[0]: _rational(a), symbols[1]: _rational(b)}
        replacement = {node: branch_at(node, at) for node in nodes}
        variants.setdefault(replaced(expressions, replacement), None)
        if len(variants) > MAX_BRANCHINGS:
            raise _NotCertifiable(f"the min, max, abs and where take more than {MAX_BRANCHINGS} combinations "
                                  "of branches in the plane")
    for variant in variants:
        _branchings(variant, symbols, box, curves, smooth)


def _irreducible(curves: Iterable[sympy.Expr], symbols: tuple[sympy.Symbol, ...], limit: int = MAX_CURVES
                 ) -> list[sympy.Poly]:
    """The distinct irreducible factors, over the rationals, of the curves' numerators that vary
    (at most ``limit``)."""
    found: dict[sympy.Poly, None] = {}
    for curve in curves:
        numerator = curve if curve.is_polynomial(*symbols) else sympy.fraction(sympy.together(curve))[0]
        try:
            polynomial = sympy.Poly(numerator, *symbols, domain=sympy.QQ)
        except (PolynomialError, CoercionFailed) as error:
            raise _NotCertifiable("the payoffs are not rational functions of the two parameters with rational "
                                  "coefficients (exp, log or a symbolic power)") from error
        for factor, _ in polynomial.factor_list()[1]:
            if not factor.is_ground:
                found.setdefault(factor.monic(), None)
        if len(found) > limit:
            raise _NotCertifiable(f"more than {limit} distinct curves, or meetings of curves, cut the plane")
    return list(found)


def _cad_points(curves: Sequence[sympy.Poly], symbols: tuple[sympy.Symbol, sympy.Symbol],
                box: tuple[Fraction, Fraction, Fraction, Fraction]) -> tuple[tuple[Fraction, Fraction], ...]:
    """A rational point in every open cell of the box cut by ``curves`` (a cylindrical decomposition)."""
    x, y = symbols
    x_low, x_high, y_low, y_high = box
    varying = [sympy.Poly(curve.as_expr(), y, x) for curve in curves if curve.degree(y) > 0]
    projection = [curve.as_expr() for curve in curves if curve.degree(y) == 0]
    for curve in varying:
        in_y = sympy.Poly(curve.as_expr(), y)
        projection.append(in_y.LC())
        if in_y.degree() > 1:
            projection.append(in_y.discriminant())
        projection += [curve.eval(y, _rational(edge)).as_expr() for edge in (y_low, y_high)]
    projection += [f.resultant(g).as_expr() for f, g in itertools.combinations(varying, 2)]
    critical = _irreducible(projection, (x,), MAX_PROJECTION_FACTORS)
    xs = _samples_between(_separated_roots(critical, x_low, x_high), x_low, x_high)
    points: list[tuple[Fraction, Fraction]] = []
    for a in xs:
        on_line = [curve.eval(x, _rational(a)) for curve in varying]
        for b in _samples_between(_separated_roots(on_line, y_low, y_high), y_low, y_high):
            points.append((a, b))
        if len(points) > MAX_CELL_POINTS:
            raise _NotCertifiable(f"the curves cut the plane into more than {MAX_CELL_POINTS} regions")
    return tuple(points)


def _separated_roots(polynomials: Iterable[sympy.Poly], low: Fraction, high: Fraction
                     ) -> list[tuple[Fraction, Fraction]]:
    """Disjoint rational intervals strictly inside ``(low, high)``, one around each zero there of
    the univariate ``polynomials``, which share no zero and have none repeated."""
    lo, hi = _rational(low), _rational(high)
    found: list[list[Any]] = []
    for polynomial in polynomials:
        if polynomial.is_ground:
            continue
        if polynomial.degree() == 1:  # most curves cross a line once: the zero, exactly
            slope, offset = polynomial.all_coeffs()
            zero = -offset / slope
            found += [[zero, zero, polynomial]] if lo < zero < hi else []
            continue
        for edge in (lo, hi):
            while polynomial.eval(edge) == 0:
                polynomial = polynomial.quo(sympy.Poly(polynomial.gen - edge, polynomial.gen))
        found += [[a, b, polynomial] for (a, b), _ in polynomial.intervals(inf=lo, sup=hi)]
    for _ in range(MAX_REFINEMENTS):
        found.sort(key=lambda item: (item[0], item[1]))
        overlapping = [k for k in range(len(found) - 1) if found[k][1] >= found[k + 1][0]]
        crowded = {*overlapping, *(k + 1 for k in overlapping),
                   *(k for k, item in enumerate(found) if item[0] <= lo or item[1] >= hi)}
        if not crowded:
            return [(Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))) for a, b, _ in found]
        for k in crowded:
            a, b, polynomial = found[k]
            if a != b:
                found[k][:2] = polynomial.refine_root(a, b, eps=(b - a) / 64)
    raise _NotCertifiable("two zeros on a line could not be told apart")


def _samples_between(intervals: Sequence[tuple[Fraction, Fraction]], low: Fraction, high: Fraction) -> list[Fraction]:
    """The simplest rational in each open stretch between ``low``, the disjoint intervals and ``high``."""
    samples = []
    previous = low
    for start, end in [*intervals, (high, high)]:
        samples.append(simplest_between(previous, start))
        previous = end
    return samples


def _rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)
