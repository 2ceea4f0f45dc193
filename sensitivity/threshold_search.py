"""Thresholds: the parameter values where the set of equilibria changes, found from tie conditions.

The equilibria of a game can only change where some tie holds (DESIGN, "Thresholds"): two pure
strategies of a player pay the same against a pure strategy of the others, an equilibrium
probability reaches 0, a strategy outside an equilibrium's support starts paying as much as
those in it, or the indifference system of a support pair becomes singular. Each condition is
formed symbolically (the other parameters fixed at their values), solved for the varied
parameter exactly when it is polynomial after clearing denominators (sympy's ``real_roots``:
rationals and radicals), and numerically otherwise (sign changes on a fine grid refined by
Brent's method to 1e-12). The game is then solved between and at the candidates, and a
candidate is kept only where the equilibria change, so a tie that changes nothing (a
tangency, or a tie between strategies nobody plays) is not a threshold.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from ..errors import ModelError, SolverError
from ..games import Number
from ..payoffs import PayoffModel
from ..payoffs.parameters import parse_value
from ..solvers import Equilibrium, solve
from ..solvers.algebraic import equilibria_at_algebraic
from .batch_solve import solve_many
from .parallel import Progress
from .regimes import Structure, structure_of

__all__ = ["Threshold", "threshold_interval", "thresholds", "MAX_CANDIDATES", "MAX_SYMBOLIC_OPERATIONS", "SCAN_POINTS"]

MAX_CANDIDATES = 2_000
"""Largest number of candidate tie points examined."""

MAX_SYMBOLIC_OPERATIONS = 300
"""Payoff expressions larger than this (sympy operation count) are handled by the scan."""

SCAN_POINTS = 4_001
"""Grid points of the scan used for models too involved for symbolic tie conditions."""

_NUMERIC_SAMPLES = 4_001


@dataclass(frozen=True)
class Threshold:
    """A parameter value where the equilibria change.

    Parameters
    ----------
    parameter
        The varied parameter.
    value
        The threshold, as a float (exact to double precision, or refined to 1e-12).
    exact
        The exact value as a sympy number (a rational or a radical), or None when it was found
        numerically.
    below, above
        The equilibria just below and just above the threshold.
    at
        The equilibria exactly at the threshold: the degenerate game there, all its extreme
        equilibria, computed exactly. At an irrational threshold of a two-player game they are
        computed in the number field of the threshold (``chipgame.solvers.algebraic``):
        probabilities and payoffs that are rational are Fractions, the others floats. None
        where that is not possible: an irrational threshold found numerically (no exact
        value), a game of three or more players at an irrational threshold, or a game too large
        to enumerate in a number field.
    """

    parameter: str
    value: float
    exact: sympy.Expr | None
    below: tuple[Equilibrium, ...]
    at: tuple[Equilibrium, ...] | None
    above: tuple[Equilibrium, ...]


def thresholds(model: PayoffModel, parameter: str, low: Any = None, high: Any = None,
               overrides: Mapping[str, Any] | None = None, *, workers: int = 1, scheduler: str | None = None,
               progress: Progress | None = None) -> tuple[Threshold, ...]:
    """Every value of ``parameter`` in ``[low, high]`` where the set of equilibria changes.

    Parameters
    ----------
    model
        A payoff model.
    parameter
        The parameter to vary; the others stay at their base values (or ``overrides``).
    low, high
        The interval; the parameter's declared range when omitted.
    workers, scheduler, progress
        Where the scan of a model too involved for symbolic tie conditions runs, and its
        progress, as for ``sweep`` (the result does not depend on them); unused otherwise.

    Examples
    --------
    Build beats buy exactly when ``1 / (1 - m) > 15/7``, that is above ``m = 8/15``:

    >>> from chipgame.payoffs import Parameter
    >>> m = sympy.Symbol("m")
    >>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
    ...     {("Buy", "Hold"): (-1 / (1 - m), m), ("Buy", "Cut"): (-1 / (1 - m / 2), m / 2),
    ...      ("Build", "Hold"): (-sympy.Rational(15, 7), 0), ("Build", "Cut"): (-sympy.Rational(15, 7), -1)},
    ...     [Parameter("m", 0.5, range=(0.1, 0.9))])
    >>> [(t.exact, [eq.support for eq in t.below], [eq.support for eq in t.above]) for t in thresholds(model, "m")]
    [(8/15, [(('Buy',), ('Hold',))], [(('Build',), ('Hold',))])]
    """
    values = model.values_with(overrides)
    if parameter not in values:
        raise ModelError(f"unknown parameter {parameter!r}", fix=f"vary one of: {', '.join(values)}")
    low_value, high_value = threshold_interval(model, parameter, low, high)
    symbol = model.symbols[parameter]
    fixed = {s: _sympy_number(values[name]) for name, s in model.symbols.items() if name != parameter}
    payoffs = _substituted(model.payoffs, fixed)
    if not _symbolic_is_feasible(payoffs.values(), symbol):
        return _scanned(model, parameter, values, low_value, high_value,
                        dict(workers=workers, scheduler=scheduler, progress=progress))
    conditions = _tie_conditions(model, payoffs)
    candidates = _candidate_roots(conditions, symbol, low_value, high_value)
    return _confirmed(model, parameter, values, candidates, low_value, high_value, payoffs)


def _substituted(payoffs: Mapping[tuple[str, ...], tuple[sympy.Expr, ...]], fixed: Mapping[sympy.Symbol, sympy.Expr]
                 ) -> dict[tuple[str, ...], tuple[sympy.Expr, ...]]:
    """Every payoff with ``fixed`` substituted, as ``xreplace`` does it, but each distinct
    subexpression rebuilt once for all payoffs (models share many: rebuilding a ``Max`` or a
    ``Min`` makes sympy compare its arguments, which is slow).

    Examples
    --------
    >>> a, b = sympy.symbols("a b")
    >>> _substituted({("x",): (sympy.Max(a, b) + a, sympy.Max(a, b))}, {b: sympy.Integer(2)})
    {('x',): (a + Max(2, a), Max(2, a))}
    """
    memo: dict[sympy.Basic, sympy.Basic] = dict(fixed)

    def rebuilt(expr: sympy.Basic) -> sympy.Basic:
        found = memo.get(expr)
        if found is None:
            args = tuple(rebuilt(arg) for arg in expr.args)
            found = expr.func(*args) if args != expr.args else expr
            memo[expr] = found
        return found

    return {profile: tuple(rebuilt(expr) for expr in row) for profile, row in payoffs.items()}


def _symbolic_is_feasible(rows: Any, symbol: sympy.Symbol) -> bool:
    """True when every payoff is a small rational function of the varied parameter, so the tie
    conditions can be formed and solved symbolically in reasonable time."""
    for row in rows:
        for expr in row:
            if not expr.is_rational_function(symbol) or sympy.count_ops(expr) > MAX_SYMBOLIC_OPERATIONS:
                return False
    return True


def _scanned(model: PayoffModel, parameter: str, values: Mapping[str, Number], low: Fraction, high: Fraction,
             execution: Mapping[str, Any]) -> tuple[Threshold, ...]:
    """Thresholds of a model too involved for symbolic tie conditions (where, min, max, exp, log,
    or very large expressions): the equilibrium structure is scanned on a fine grid by the batch
    sweep, and every change is located by bisection at exact rational points, to 1e-12 of the
    interval when the payoffs are rational there (about 1e-9 when they are not: exp, log and
    roots make the game a float game, whose ties are decided to the verification tolerance). A
    change is reported exactly when the structure differs on the two sides of a simple rational
    (denominator up to 10**6) inside the final bracket."""
    from .grid import grid_axis
    from .sweeps import sweep

    others = {name: value for name, value in values.items() if name != parameter}
    scan = sweep(model, [grid_axis(parameter, low, high, SCAN_POINTS)], others, **execution)
    grid = scan.axes[0].values
    structure = _structure_function(model, parameter, values)
    found = []
    for k in range(1, len(grid) - 1):
        if scan.structures[k - 1] == scan.structures[k + 1] != scan.structures[k]:
            found.append(_scan_threshold(model, parameter, values, grid[k], grid[k], grid[k]))
    for k in range(len(grid) - 1):
        left, right = scan.structures[k], scan.structures[k + 1]
        if left == right or (k > 0 and scan.structures[k - 1] == right) or \
                (k + 2 < len(grid) and scan.structures[k + 2] == left):
            continue
        lo, hi = grid[k], grid[k + 1]
        while hi - lo > (high - low) * Fraction(1, 10**12):
            middle = (lo + hi) / 2
            seen = structure(middle)
            if seen == left:
                lo = middle
            elif seen == right:
                hi = middle
            else:
                lo = hi = middle
        found.append(_scan_threshold(model, parameter, values, lo, hi, (lo + hi) / 2))
    # a change exactly on a grid point is bracketed from both sides: the same threshold twice
    unique: dict[Any, Threshold] = {}
    for t in sorted(found, key=lambda t: t.value):
        unique.setdefault(t.exact if t.exact is not None else round(t.value, 12), t)
    return tuple(unique.values())


def _structure_function(model: PayoffModel, parameter: str, values: Mapping[str, Number]
                        ) -> Callable[[Number], Structure]:
    """The equilibrium structure at a value of ``parameter``, as solving there exactly gives it.

    For a model of three or more players (or one) the point is first screened in floats
    (``solve_many``): only a point the screen flags is solved exactly, and an unflagged one has
    the structure of its pure equilibria, which is exactly the structure ``solve`` gives.
    Two-player models are solved exactly.
    """
    if len(model.players) == 2:
        return lambda value: structure_of(solve(model.evaluate({**values, parameter: value})).equilibria)

    def structure(value: Number) -> Structure:
        return solve_many(model, {parameter: np.array([float(value)])}, values, lambda _: {parameter: value})[2][0]

    return structure


def _scan_threshold(model: PayoffModel, parameter: str, values: Mapping[str, Number], lo: Fraction, hi: Fraction,
                    middle: Fraction) -> Threshold:
    def solved(value: Number) -> tuple[Equilibrium, ...]:
        return solve(model.evaluate({**values, parameter: value})).equilibria

    structure = _structure_function(model, parameter, values)

    step = max(hi - lo, Fraction(1, 10**12))
    below, above = solved(lo - step), solved(hi + step)
    exact = None
    for bound in (10**4, 10**6):
        simple = middle.limit_denominator(bound)
        if not lo - step <= simple <= hi + step:
            continue
        tiny = step / 10**6
        if lo == hi == simple or structure(simple - tiny) != structure(simple + tiny):
            exact = sympy.Rational(simple.numerator, simple.denominator)
            break
    at = solved(Fraction(int(exact.p), int(exact.q))) if exact is not None else None
    return Threshold(parameter, float(exact if exact is not None else middle), exact, below, at, above)


def threshold_interval(model: PayoffModel, parameter: str, low: Any = None, high: Any = None
                       ) -> tuple[Fraction, Fraction]:
    """The interval ``thresholds`` searches: ``[low, high]`` as exact values, or the declared range.

    Raises
    ------
    ModelError
        When the model has no parameter of that name.
    SolverError
        When no interval is given and none is declared, or it is empty or not exact.
    """
    declared_ranges = {p.name: p.range for p in model.parameters}
    if parameter not in declared_ranges:
        raise ModelError(f"unknown parameter {parameter!r}", fix=f"vary one of: {', '.join(declared_ranges)}")
    declared = declared_ranges[parameter]
    if (low is None or high is None) and declared is None:
        raise SolverError(f"{parameter} has no declared range", fix=f"give one, as --vary {parameter}=LOW:HIGH")
    low_value = parse_value(low if low is not None else declared[0], f"{parameter} low")
    high_value = parse_value(high if high is not None else declared[1], f"{parameter} high")
    if not (isinstance(low_value, Fraction) and isinstance(high_value, Fraction)) or not low_value < high_value:
        raise SolverError(f"the interval [{low_value}, {high_value}] of {parameter} is empty or not exact",
                          fix="give LOW < HIGH as decimals or fractions")
    return low_value, high_value


def _sympy_number(value: Number) -> sympy.Expr:
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    return sympy.Float(value)


def _tie_conditions(model: PayoffModel, payoffs: Mapping[tuple[str, ...], tuple[sympy.Expr, ...]]
                    ) -> list[sympy.Expr]:
    """Expressions in the varied parameter whose zeros are the only places equilibria can change."""
    shape = model.shape
    labels = model.strategies
    table = np.empty((*shape, len(shape)), dtype=object)
    for index in itertools.product(*(range(k) for k in shape)):
        table[index] = payoffs[tuple(s[i] for s, i in zip(labels, index))]
    conditions = []
    for player in range(len(shape)):
        for others in itertools.product(*(range(k) for j, k in enumerate(shape) if j != player)):
            for a, b in itertools.combinations(range(shape[player]), 2):
                first, second = list(others), list(others)
                first.insert(player, a)
                second.insert(player, b)
                conditions.append(table[(*first, player)] - table[(*second, player)])
    if len(shape) == 2:
        conditions += _support_conditions(table)
    return conditions


def _support_conditions(table: np.ndarray) -> list[sympy.Expr]:
    """For every support pair of equal size (two or more): probabilities, best-response slacks and
    the determinant of each indifference system, as expressions."""
    m, n, _ = table.shape
    conditions = []
    for size in range(2, min(m, n) + 1):
        for rows in itertools.combinations(range(m), size):
            for columns in itertools.combinations(range(n), size):
                conditions += _side_conditions(table[..., 0], rows, columns)
                conditions += _side_conditions(table[..., 1].T, columns, rows)
    return conditions


def _side_conditions(payoffs: np.ndarray, own: tuple[int, ...], other: tuple[int, ...]) -> list[sympy.Expr]:
    size = len(own)
    system = sympy.zeros(size + 1, size + 1)
    for i, r in enumerate(own):
        for j, c in enumerate(other):
            system[i, j] = payoffs[r, c]
        system[i, size] = -1
    for j in range(size):
        system[size, j] = 1
    determinant = sympy.factor_terms(system.det(method="berkowitz"))
    if determinant == 0:
        return []
    rhs = sympy.zeros(size + 1, 1)
    rhs[size] = 1
    try:
        solution = system.LUsolve(rhs)
    except sympy.matrices.exceptions.NonInvertibleMatrixError:
        return []  # singular at every value: the determinant is zero, though not visibly so in factored form
    mix, value = list(solution[:size]), solution[size]
    slacks = [value - sum(payoffs[r, c] * p for c, p in zip(other, mix))
              for r in range(payoffs.shape[0]) if r not in own]
    return [determinant, *mix, *slacks]


def _candidate_roots(conditions: Sequence[sympy.Expr], symbol: sympy.Symbol, low: Fraction, high: Fraction
                     ) -> list[tuple[float, sympy.Expr | None]]:
    """Zeros of the conditions inside [low, high]: exact where polynomial, refined numerically otherwise."""
    found: dict[float, tuple[float, sympy.Expr | None]] = {}
    lo, hi = sympy.Rational(low.numerator, low.denominator), sympy.Rational(high.numerator, high.denominator)
    for condition in conditions:
        expr = sympy.together(condition)
        if expr.free_symbols - {symbol} or expr == 0:
            continue
        numerator = sympy.fraction(expr)[0]
        if not numerator.has(symbol):
            continue
        for value, exact in _roots(numerator, symbol, lo, hi):
            key = round(value, 11)
            if key not in found or (found[key][1] is None and exact is not None):
                found[key] = (value, exact)
        if len(found) > MAX_CANDIDATES:
            raise SolverError(f"more than {MAX_CANDIDATES} tie points in the interval",
                              fix="narrow the interval or simplify the model")
    return sorted(found.values(), key=lambda item: item[0])


def _roots(expr: sympy.Expr, symbol: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr
           ) -> list[tuple[float, sympy.Expr | None]]:
    """Zeros in [lo, hi]; a piecewise expression (from where, min, max, abs) piece by piece, with
    the points where the pieces switch as candidates too."""
    folded = sympy.piecewise_fold(expr.rewrite(sympy.Piecewise)) if expr.has(sympy.Min, sympy.Max, sympy.Abs,
                                                                               sympy.Piecewise) else expr
    if not isinstance(folded, sympy.Piecewise):
        return _smooth_roots(folded, symbol, lo, hi)
    found: list[tuple[float, sympy.Expr | None]] = []
    remaining = sympy.Interval(lo, hi)
    for piece, condition in folded.args:
        try:
            region = remaining.intersect(condition.as_set()) if condition is not sympy.true else remaining
        except (NotImplementedError, TypeError, ValueError):
            return [(value, None) for value in _numeric_roots(folded, symbol, float(lo), float(hi))]
        remaining = remaining - region
        for interval in (region.args if isinstance(region, sympy.Union) else (region,)):
            if not isinstance(interval, sympy.Interval):
                continue
            for end in (interval.start, interval.end):
                if lo < end < hi:
                    found.append((float(end), end if end.is_number and end.is_real else None))
            if sympy.simplify(piece) != 0:
                found += [r for r in _smooth_roots(piece, symbol, interval.start, interval.end)]
    return found


def _smooth_roots(expr: sympy.Expr, symbol: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr
                  ) -> list[tuple[float, sympy.Expr | None]]:
    try:
        polynomial = sympy.Poly(sympy.expand(expr), symbol)
    except sympy.PolynomialError:
        polynomial = None
    if polynomial is not None and polynomial.domain.is_Exact and polynomial.degree() <= 8:
        return [(float(root), root) for root in polynomial.real_roots() if lo <= root <= hi]
    return [(value, None) for value in _numeric_roots(expr, symbol, float(lo), float(hi))]


def _numeric_roots(expr: sympy.Expr, symbol: sympy.Symbol, lo: float, hi: float) -> list[float]:
    """Sign changes of ``expr`` on a fine grid, refined by Brent's method."""
    from scipy.optimize import brentq

    function = sympy.lambdify([symbol], expr, modules="numpy")
    grid = np.linspace(lo, hi, _NUMERIC_SAMPLES)
    with np.errstate(all="ignore"):
        values = np.broadcast_to(np.asarray(function(grid), dtype=float), grid.shape)
    scale = max(1.0, float(np.max(np.abs(values[np.isfinite(values)]), initial=0.0)))
    values = np.where(np.abs(values) <= 1e-12 * scale, 0.0, values)
    zero = values == 0
    # a zero flanked by non-zeros is a root; a run of zeros is a tie on an interval, not a threshold
    isolated = zero & ~np.concatenate([[False], zero[:-1]]) & ~np.concatenate([zero[1:], [False]])
    roots = grid[isolated].tolist()
    signs = np.sign(values)
    for k in np.flatnonzero(signs[:-1] * signs[1:] < 0):
        roots.append(brentq(lambda x: float(function(x)), grid[k], grid[k + 1], xtol=1e-13, rtol=1e-13))
    return roots


def _confirmed(model: PayoffModel, parameter: str, values: Mapping[str, Number],
               candidates: list[tuple[float, sympy.Expr | None]], low: Fraction, high: Fraction,
               payoffs: Mapping[tuple[str, ...], tuple[sympy.Expr, ...]]) -> tuple[Threshold, ...]:
    """Solve around and at each candidate; keep those where the equilibria change. ``payoffs`` are
    the model's with every other parameter fixed, for the exact game at an irrational candidate."""

    def solved(value: Number) -> tuple[Equilibrium, ...]:
        return solve(model.evaluate({**values, parameter: value})).equilibria

    def solved_at(point: Number, exact: sympy.Expr | None) -> tuple[Equilibrium, ...] | None:
        if isinstance(point, Fraction):
            return solved(point)
        if exact is not None and len(model.players) == 2:
            return equilibria_at_algebraic(payoffs, model.strategies, model.symbols[parameter], exact)
        return None

    inside = [(v, e) for v, e in candidates if float(low) < v < float(high)]
    edges = [low] + [_exact_or_float(v, e) for v, e in inside] + [high]
    result = []
    for k, (value, exact) in enumerate(inside, start=1):
        gap = min(edges[k] - edges[k - 1], edges[k + 1] - edges[k])
        step = _nudge(gap)
        point = edges[k]
        below, above = solved(point - step), solved(point + step)
        at = solved_at(point, exact)
        if structure_of(below) == structure_of(above) and (at is None or structure_of(at) == structure_of(below)):
            continue
        result.append(Threshold(parameter, value, exact, below, at, above))
    return tuple(result)


def _exact_or_float(value: float, exact: sympy.Expr | None) -> Number:
    if exact is not None and exact.is_Rational:
        return Fraction(int(exact.p), int(exact.q))
    return value


def _nudge(gap: Number) -> Number:
    """A step well inside the gap to the next candidate: exact when the gap is."""
    if isinstance(gap, Fraction):
        return min(gap / 1000, Fraction(1, 10**9))
    return min(float(gap) / 1000, 1e-9) if math.isfinite(float(gap)) else 1e-9
