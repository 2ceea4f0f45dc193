"""Thresholds: the parameter values where the set of equilibria changes, found from tie conditions.

The equilibria of a game can only change where some tie holds (DESIGN, "Thresholds";
``tie_conditions``). The payoffs, with every other parameter fixed, are first cut where a
``min``, ``max``, ``abs`` or ``where`` switches branch (``smooth_pieces``); on each piece they
are smooth, and the zeros of every tie condition there are found exactly when it is a rational
function (rationals, radicals, ``CRootOf``) and otherwise enclosed with a proof by interval
arithmetic (``root_isolation``): no scan decides whether a threshold exists. The game is then
solved, exactly, once between every two candidates and at each candidate, and a candidate is
kept only where the equilibria change, so a tie that changes nothing (a tangency, or a tie
between strategies nobody plays) is not a threshold.

Where no proof is possible, the answer says so: a region the root isolation could not settle,
or, in a game of three or more players, a stretch between pure ties where a mixed equilibrium
can exist (its changes solve polynomial systems, not tie conditions), is reported as a
``Threshold`` with ``certified=False`` and the reason; such a stretch is still scanned, and the
changes the scan brackets are reported as thresholds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from ..errors import ModelError, SolverError
from ..games import Game, Number
from ..payoffs import PayoffModel
from ..payoffs.parameters import parse_value
from ..solvers import Equilibrium, solve
from ..solvers.algebraic import equilibria_at_algebraic
from .batch_solve import solve_many
from .parallel import Progress, chunk_bounds, map_chunks
from .rational_code import exact_games
from .regimes import Structure, structure_of
from .root_isolation import Located, isolate_roots, join_overlapping, located_rational, simplest_between
from .smooth_pieces import replaced, smooth_pieces
from .tie_conditions import (
    payoff_table,
    surviving_mixed_profiles,
    tie_numerators,
    two_mixer_numerators,
)

__all__ = ["Threshold", "threshold_interval", "thresholds", "substituted_payoffs", "sympy_number", "MAX_CANDIDATES",
           "SCAN_POINTS"]

MAX_CANDIDATES = 2_000
"""Largest number of candidate tie points examined."""

SCAN_POINTS = 4_001
"""Grid points of the scan of a whole interval where mixed equilibria of three or more players can
change (a shorter stretch gets its share, at least ``MIN_SCAN_POINTS``)."""

GAPS_PER_CHUNK = 16
"""Stretches between candidates solved in one chunk of work (for ``--workers`` and ``--scheduler``)."""

MIXED_NOT_SCANNED = "mixed equilibria of three or more players can change here (not scanned)"
"""Why a stretch left unscanned (``scan_mixed=False``) is not certified."""

MIN_SCAN_POINTS = 101
"""Fewest grid points of the scan of one stretch."""


@dataclass(frozen=True)
class Threshold:
    """A parameter value where the equilibria change, or a region where that could not be ruled out.

    Parameters
    ----------
    parameter
        The varied parameter.
    value
        The threshold, as a float (exact to double precision, or the middle of its enclosure).
    exact
        The exact value as a sympy number (a rational, a radical, a ``CRootOf``, or a closed
        form with ``exp`` and ``log``), or None when none is known.
    below, above
        The equilibria just below and just above the threshold (or the region).
    at
        The equilibria exactly at the threshold: the degenerate game there, all its extreme
        equilibria, computed exactly. At an irrational algebraic threshold of a two-player game
        they are computed in the number field of the threshold (``chipgame.solvers.algebraic``):
        probabilities and payoffs that are rational are Fractions, the others floats. None
        where that is not possible: a threshold with no exact value or a transcendental one, a
        game of three or more players at an irrational threshold, a game too large to
        enumerate in a number field, or an uncertified region.
    certified
        True when the value is proven: exact, or inside ``enclosure`` with a proof that the
        equilibria change there and nowhere else nearby. False for a region where a change
        could not be ruled out; ``note`` says why.
    enclosure
        An interval, with exact ends, that contains the threshold (or is the uncertified region);
        None when ``exact`` is rational.
    note
        Why the threshold is not certified ("" when it is).
    """

    parameter: str
    value: float
    exact: sympy.Expr | None
    below: tuple[Equilibrium, ...]
    at: tuple[Equilibrium, ...] | None
    above: tuple[Equilibrium, ...]
    certified: bool = True
    enclosure: tuple[Fraction, Fraction] | None = None
    note: str = ""


def thresholds(model: PayoffModel, parameter: str, low: Any = None, high: Any = None,
               overrides: Mapping[str, Any] | None = None, *, workers: int = 1, scheduler: str | None = None,
               progress: Progress | None = None, scan_mixed: bool = True) -> tuple[Threshold, ...]:
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
        Where the games between candidates, and the scan of a stretch where mixed equilibria of
        three or more players can change, are solved, and the progress of that scan, as for
        ``sweep`` (the result does not depend on them).
    scan_mixed
        Whether such a stretch is scanned for the changes in it (``SCAN_POINTS``); without the
        scan it is reported as a region not certified, and nothing inside it is listed (for a
        caller that solves a grid across the stretch anyway, as ``tornado`` does).

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
    fixed = {s: sympy_number(values[name]) for name, s in model.symbols.items() if name != parameter}
    payoffs = substituted_payoffs(_constants_read_off(model, symbol, values), fixed)
    profiles = list(payoffs)
    width = len(model.players)
    pieces, cuts = smooth_pieces([e for row in payoffs.values() for e in row], symbol, low_value, high_value)
    candidates = list(cuts)
    tables = []
    for piece in pieces:
        rows = {profile: piece.expressions[k * width:(k + 1) * width] for k, profile in enumerate(profiles)}
        table = payoff_table(model.shape, model.strategies, rows)
        tables.append((piece.inner, table))
        for condition in tie_numerators(table, symbol):  # polynomials, where the payoffs allow it
            candidates += isolate_roots(condition, symbol, *piece.inner)
            _check_count(candidates)
    unsettled: list[tuple[Fraction, Fraction]] = []
    if width > 2:
        extra, unsettled = _mixed_candidates(model, parameter, values, tables,
                                             _gaps(join_overlapping(candidates), low_value, high_value))
        candidates += extra
        _check_count(candidates)
    smooth = [(piece.inner, {profile: piece.expressions[k * width:(k + 1) * width]
                             for k, profile in enumerate(profiles)}) for piece in pieces]
    search = _Confirmation(model, parameter, values, smooth, dict(workers=workers, scheduler=scheduler,
                                                                  progress=progress), scan_mixed)
    return search.run(join_overlapping(candidates), low_value, high_value, unsettled)


def _check_count(candidates: Sequence[Located]) -> None:
    if len(candidates) > MAX_CANDIDATES:
        raise SolverError(f"more than {MAX_CANDIDATES} tie points in the interval",
                          fix="narrow the interval or simplify the model")


def _gaps(candidates: Sequence[Located], low: Fraction, high: Fraction) -> list[tuple[Fraction, Fraction]]:
    """The open stretches between consecutive candidates inside ``(low, high)`` and the ends."""
    inside = [c for c in candidates if low < c.low and c.high < high]
    ends = [located_rational(low), *inside, located_rational(high)]
    return [(left.high, right.low) for left, right in zip(ends, ends[1:])]


def _mixed_candidates(model: PayoffModel, parameter: str, values: Mapping[str, Number],
                      tables: Sequence[tuple[tuple[Fraction, Fraction], np.ndarray]],
                      gaps: Sequence[tuple[Fraction, Fraction]]
                      ) -> tuple[list[Located], list[tuple[Fraction, Fraction]]]:
    """For a game of three or more players, the tie points of its mixed equilibria in each stretch
    between pure ties, and the stretches where they could not be written (``unsettled``).

    Between two pure ties the support profiles that can hold a mixed equilibrium do not change
    (``surviving_mixed_profiles``); where each has two players mixing and the others playing one
    strategy each, their tie conditions are rational (``two_mixer_numerators``) and their zeros
    join the candidates. Otherwise the stretch is unsettled: scanned, and not certified.
    """
    symbol = model.symbols[parameter]
    extra: list[Located] = []
    unsettled = []
    for a, b in gaps:
        game = model.evaluate({**values, parameter: simplest_between(a, b)})
        profiles = surviving_mixed_profiles(game.payoffs)
        if profiles == ():
            continue
        table = next((t for (lo, hi), t in tables if lo <= a and b <= hi), None)
        numerators = None if profiles is None or table is None else two_mixer_numerators(table, symbol, profiles)
        if numerators is None:
            unsettled.append((a, b))
            continue
        for numerator in numerators:
            extra += isolate_roots(numerator, symbol, a, b)
    return extra, unsettled


def _constants_read_off(model: PayoffModel, symbol: sympy.Symbol, values: Mapping[str, Number]
                        ) -> dict[tuple[str, ...], tuple[sympy.Expr, ...]]:
    """The payoffs, those without ``symbol`` as the exact numbers they take at ``values`` (read off
    the evaluated game, instead of substituted one expression at a time)."""
    if all(expr.has(symbol) for row in model.payoffs.values() for expr in row):
        return dict(model.payoffs)
    game = model.evaluate(values)
    index = [{label: k for k, label in enumerate(labels)} for labels in model.strategies]
    payoffs = {}
    for profile, row in model.payoffs.items():
        numbers = game.payoff(tuple(lookup[label] for lookup, label in zip(index, profile)))
        payoffs[profile] = tuple(expr if expr.has(symbol) or not isinstance(number, Fraction) else sympy_number(number)
                                 for expr, number in zip(row, numbers))
    return payoffs


def substituted_payoffs(payoffs: Mapping[tuple[str, ...], tuple[sympy.Expr, ...]],
                        fixed: Mapping[sympy.Symbol, sympy.Expr]) -> dict[tuple[str, ...], tuple[sympy.Expr, ...]]:
    """Every payoff with ``fixed`` substituted, as ``xreplace`` does it, but each distinct
    subexpression rebuilt once for all payoffs, and a ``Min`` or ``Max`` left with symbols not
    made to compare them (``smooth_pieces.replaced``).

    Examples
    --------
    >>> a, b = sympy.symbols("a b")
    >>> substituted_payoffs({("x",): (sympy.Max(a, b) + a, sympy.Max(a, b))}, {b: sympy.Integer(2)})
    {('x',): (a + Max(2, a), Max(2, a))}
    """
    profiles = list(payoffs)
    flat = replaced([expr for row in payoffs.values() for expr in row], fixed)
    width = len(next(iter(payoffs.values()), ()))
    return {profile: flat[k * width:(k + 1) * width] for k, profile in enumerate(profiles)}


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
    if declared is None:
        if low is None or high is None:
            raise SolverError(f"{parameter} has no declared range", fix=f"give one, as --vary {parameter}=LOW:HIGH")
        declared = (low, high)
    low_value = parse_value(low if low is not None else declared[0], f"{parameter} low")
    high_value = parse_value(high if high is not None else declared[1], f"{parameter} high")
    if not (isinstance(low_value, Fraction) and isinstance(high_value, Fraction)) or not low_value < high_value:
        raise SolverError(f"the interval [{low_value}, {high_value}] of {parameter} is empty or not exact",
                          fix="give LOW < HIGH as decimals or fractions")
    model.check_interval(parameter, low_value, high_value)
    return low_value, high_value


def sympy_number(value: Number) -> sympy.Expr:
    """A parameter value as an exact sympy rational (a float as the binary fraction it is)."""
    exact = value if isinstance(value, Fraction) else Fraction(value)
    return sympy.Rational(exact.numerator, exact.denominator)


def _solved_points(shared: tuple[PayoffModel, str, Mapping[str, Number]], points: tuple[Fraction, ...]
                   ) -> list[tuple[Equilibrium, ...]]:
    """The equilibria of the model at each value of the parameter (a chunk for ``map_chunks``)."""
    model, parameter, values = shared
    game_at = _games_along(model, parameter, values)
    return [solve(game_at({**values, parameter: point})).equilibria for point in points]


def _games_along(model: PayoffModel, parameter: str, values: Mapping[str, Number]
                 ) -> Callable[[Mapping[str, Number]], Game]:
    """``model.evaluate`` at points where only ``parameter`` moves, through the payoffs compiled to
    integer code (``rational_code.exact_games``, compiled once per model and shared with the
    sweeps)."""
    return exact_games(model, (parameter,), tuple((name, value) for name, value in values.items() if name != parameter))


class _Confirmation:
    """Solving between and at the candidates of one model and parameter, to keep the real thresholds."""

    def __init__(self, model: PayoffModel, parameter: str, values: Mapping[str, Number],
                 pieces: Sequence[tuple[tuple[Fraction, Fraction], Mapping[tuple[str, ...], tuple[sympy.Expr, ...]]]],
                 execution: Mapping[str, Any], scan_mixed: bool) -> None:
        self.model, self.parameter, self.values = model, parameter, values
        self.pieces, self.execution, self.scan_mixed = pieces, execution, scan_mixed
        self.game_at = _games_along(model, parameter, values)

    def solved(self, value: Fraction) -> tuple[Equilibrium, ...]:
        return solve(self.game_at({**self.values, self.parameter: value})).equilibria

    def solved_at(self, point: Located) -> tuple[Equilibrium, ...] | None:
        """The equilibria exactly at ``point``: rational, or algebraic in a two-player game; else None."""
        if point.low == point.high:
            return self.solved(point.low)
        if point.exact is not None and point.exact.is_Rational:
            return self.solved(Fraction(int(point.exact.p), int(point.exact.q)))
        if point.exact is None or len(self.model.players) != 2 or not point.exact.is_algebraic:
            return None
        # the payoffs of the smooth piece holding the point: rational functions there, if anywhere
        for (low, high), payoffs in self.pieces:
            if low < point.low and point.high < high:
                strategies = (self.model.strategies[0], self.model.strategies[1])
                return equilibria_at_algebraic(payoffs, strategies, self.model.symbols[self.parameter], point.exact)
        return None

    def run(self, candidates: Sequence[Located], low: Fraction, high: Fraction,
            unsettled: Sequence[tuple[Fraction, Fraction]]) -> tuple[Threshold, ...]:
        inside = [c for c in candidates if low < c.low and c.high < high]
        gaps = _gaps(candidates, low, high)
        doubtful = [any(start <= a and b <= end for start, end in unsettled) for a, b in gaps]
        # one point inside each stretch; two in one not settled, near its ends, as a change can lie between
        samples: list[Fraction] = []
        left: list[int] = []
        right: list[int] = []
        for (a, b), unsure in zip(gaps, doubtful):
            left.append(len(samples))
            samples += [a + (b - a) / 1000, b - (b - a) / 1000] if unsure else [simplest_between(a, b)]
            right.append(len(samples) - 1)
        chunks = [tuple(samples[start:stop]) for start, stop in chunk_bounds(len(samples), GAPS_PER_CHUNK)]
        shared = (self.model, self.parameter, self.values)
        placement = {key: value for key, value in self.execution.items() if key != "progress"}
        equilibria = [eq for chunk in map_chunks(_solved_points, shared, chunks, **placement) for eq in chunk]
        found = self.at_ends(low, high, equilibria[left[0]], equilibria[right[-1]])
        for k, point in enumerate(inside):
            threshold = self.confirmed(point, equilibria[right[k]], equilibria[left[k + 1]])
            if threshold is not None:
                found.append(threshold)
        for k, ((a, b), unsure) in enumerate(zip(gaps, doubtful)):
            if unsure and self.scan_mixed:
                found += self.scanned(a, b, high - low)
            elif unsure:
                found.append(Threshold(self.parameter, float((a + b) / 2), None, equilibria[left[k]], None,
                                       equilibria[right[k]], False, (a, b), MIXED_NOT_SCANNED))
        return tuple(sorted(found, key=lambda t: (t.value, t.certified)))

    def at_ends(self, low: Fraction, high: Fraction, first: tuple[Equilibrium, ...], last: tuple[Equilibrium, ...]
                ) -> list[Threshold]:
        """The ends of the interval where the equilibria differ from those just inside: a tie that
        holds exactly there (outside the interval nothing is known, so the end's own equilibria
        stand for that side)."""
        found = []
        for end, inside, is_low in ((low, first, True), (high, last, False)):
            at = self.solved(end)
            if structure_of(at) != structure_of(inside):
                below, above = (at, inside) if is_low else (inside, at)
                found.append(Threshold(self.parameter, float(end), sympy.Rational(end.numerator, end.denominator),
                                       below, at, above))
        return found

    def confirmed(self, point: Located, below: tuple[Equilibrium, ...], above: tuple[Equilibrium, ...]
                  ) -> Threshold | None:
        """The threshold at ``point``, or None where the equilibria do not change there."""
        enclosure = None if point.low == point.high else (point.low, point.high)
        if not point.certified:
            return Threshold(self.parameter, point.value, None, below, None, above, False, enclosure, point.reason)
        at = self.solved_at(point)
        if at is None and structure_of(below) == structure_of(above):
            return Threshold(self.parameter, point.value, point.exact, below, None, above, False, enclosure,
                             "a tie holds here, at a value where the game cannot be solved exactly; the "
                             "equilibria at this point itself may differ from those on either side")
        if structure_of(below) == structure_of(above) and (at is None or structure_of(at) == structure_of(below)):
            return None
        return Threshold(self.parameter, point.value, point.exact, below, at, above, True, enclosure)

    def scanned(self, low: Fraction, high: Fraction, width: Fraction) -> list[Threshold]:
        """A stretch where mixed equilibria of three or more players can change: scanned, each change
        bracketed by bisection, and the stretch itself reported as not certified."""
        from .grid import grid_axis
        from .sweeps import sweep

        count = max(MIN_SCAN_POINTS, int(SCAN_POINTS * (high - low) / width))
        span = high - low
        inner_low, inner_high = low + span / (2 * count), high - span / (2 * count)
        others = {name: value for name, value in self.values.items() if name != self.parameter}
        scan = sweep(self.model, [grid_axis(self.parameter, inner_low, inner_high, count)], others,
                     **self.execution)
        grid, structures = scan.axes[0].values, scan.structures
        structure = self.structure_function()
        found = []
        for k in range(len(grid) - 1):
            if structures[k] != structures[k + 1]:
                found.append(self.bracketed(Fraction(grid[k]), Fraction(grid[k + 1]), structures[k], structure, span))
        step = (inner_high - inner_low) / (count - 1)
        region = Threshold(self.parameter, float((low + high) / 2), None, self.solved(inner_low), None,
                           self.solved(inner_high), False, (low, high),
                           "mixed equilibria of three or more players can change here: scanned at "
                           f"{count:,} points, a change closer than {float(step):.3g} to another can be missed")
        return [region, *found]

    def structure_function(self) -> Callable[[Fraction], Structure]:
        """The equilibrium structure at a value, screened in floats first (``solve_many``): only a
        point the screen flags is solved exactly; the others have the structure of their pure
        equilibria, which is the structure ``solve`` gives."""
        model, parameter, values = self.model, self.parameter, self.values

        def structure(value: Fraction) -> Structure:
            return solve_many(model, {parameter: np.array([float(value)])}, values, lambda _: {parameter: value})[2][0]

        return structure

    def bracketed(self, lo: Fraction, hi: Fraction, left: Structure, structure: Callable[[Fraction], Structure],
                  span: Fraction) -> Threshold:
        """A change of structure between ``lo`` and ``hi``, bracketed by bisection to 1e-12 of ``span``
        and reported exactly when a simple rational inside the bracket is where it happens."""
        while hi - lo > span * Fraction(1, 10**12):
            middle = (lo + hi) / 2
            if structure(middle) == left:
                lo = middle
            else:
                hi = middle
        below, above = self.solved(lo), self.solved(hi)
        width = hi - lo
        simple = simplest_between(lo - width, hi + width)
        if lo <= simple <= hi and structure(simple - width / 10**6) != structure(simple + width / 10**6):
            return Threshold(self.parameter, float(simple), sympy.Rational(simple.numerator, simple.denominator),
                             below, self.solved(simple), above)
        return Threshold(self.parameter, float((lo + hi) / 2), None, below, None, above, True, (lo, hi))
