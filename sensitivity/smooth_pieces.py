"""An interval of the varied parameter cut where ``min``, ``max``, ``abs`` or ``where`` switch, so
that every payoff is one smooth expression on each piece.

The innermost switching nodes go first: the places where their arguments tie (``Min``,
``Max``), their argument changes sign (``Abs``) or a condition's two sides meet (``Piecewise``)
are zeros of smooth expressions, found exactly or with a proof (``root_isolation``). Between
two such points each node takes one branch, read off at a rational point inside; the branch
replaces the node, and the next level of nodes is cut the same way on each piece. The cut
points are candidates for thresholds themselves, since a payoff can jump or bend there.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

from ..errors import SolverError
from .interval_evaluation import NotEnclosable, compile_enclosure, fraction_enclosure, interval_bounds
from .root_isolation import Located, isolate_roots, join_overlapping, located_rational, simplest_between

__all__ = ["Piece", "smooth_pieces", "MAX_PIECES", "SWITCHING", "innermost_nodes", "switch_expressions", "branch_at",
           "replaced"]

MAX_PIECES = 2_000
"""Most pieces an interval is cut into before the model is refused as too involved."""

SWITCHING = (sympy.Min, sympy.Max, sympy.Abs, sympy.Piecewise)
"""The expression types whose value switches from one smooth branch to another."""


@dataclass(frozen=True)
class Piece:
    """An open interval of the varied parameter on which every expression is smooth.

    Parameters
    ----------
    low, high
        The ends: cut points, or the ends of the searched interval.
    expressions
        The expressions, each with its switching nodes replaced by the branch they take here.
    """

    low: Located
    high: Located
    expressions: tuple[sympy.Expr, ...]

    @property
    def inner(self) -> tuple[Fraction, Fraction]:
        """The part of the piece outside the enclosures of its ends."""
        return self.low.high, self.high.low


def smooth_pieces(expressions: Sequence[sympy.Expr], symbol: sympy.Symbol, low: Fraction, high: Fraction
                  ) -> tuple[tuple[Piece, ...], tuple[Located, ...]]:
    """Cut ``[low, high]`` into pieces on which every expression is smooth.

    Returns
    -------
    pieces
        In increasing order, covering the interval but for the cut points.
    cuts
        The cut points strictly inside the interval, in increasing order; an uncertified one is
        a region where a switch could not be located with a proof.

    Raises
    ------
    SolverError
        When the expressions switch at more than ``MAX_PIECES`` points.

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> pieces, cuts = smooth_pieces([sympy.Min(x - sympy.Rational(1, 2), 1 - x)], x, Fraction(0), Fraction(1))
    >>> [c.exact for c in cuts], [p.expressions for p in pieces]
    ([3/4], [(x - 1/2,), (1 - x,)])
    """
    start, end = located_rational(low), located_rational(high)
    return _cut(tuple(expressions), symbol, start, end)


def _cut(expressions: tuple[sympy.Expr, ...], symbol: sympy.Symbol, start: Located, end: Located
         ) -> tuple[tuple[Piece, ...], tuple[Located, ...]]:
    nodes = innermost_nodes(expressions, (symbol,))
    if not nodes:
        return (Piece(start, end, expressions),), ()
    inner_low, inner_high = start.high, end.low
    cuts: dict[tuple[Fraction, Fraction], Located] = {}
    for switch in {s for node in nodes for s in switch_expressions(node)}:
        if switch.has(symbol):  # isolate_roots finds no zero of one identically zero
            for point in isolate_roots(switch, symbol, inner_low, inner_high):
                cuts.setdefault((point.low, point.high), point)
    ordered = join_overlapping(list(cuts.values()))
    if len(ordered) > MAX_PIECES:
        raise SolverError(f"the payoffs switch at more than {MAX_PIECES} points in the interval",
                          fix="narrow the interval or simplify the min, max, abs and where of the model")
    ends = [start, *ordered, end]
    pieces: list[Piece] = []
    all_cuts: list[Located] = list(ordered)
    for left, right in zip(ends, ends[1:]):
        if not left.high < right.low:
            continue
        sample = simplest_between(left.high, right.low)
        at = {symbol: sympy.Rational(sample.numerator, sample.denominator)}
        replacement = {node: branch_at(node, at) for node in nodes}
        branch_pieces, branch_cuts = _cut(replaced(expressions, replacement), symbol, left, right)
        pieces += branch_pieces
        all_cuts += branch_cuts
        if len(pieces) > MAX_PIECES:
            raise SolverError(f"the payoffs switch at more than {MAX_PIECES} points in the interval",
                              fix="narrow the interval or simplify the min, max, abs and where of the model")
    return tuple(pieces), tuple(sorted(all_cuts, key=lambda c: (c.low, c.high)))


def replaced(expressions: Sequence[sympy.Expr], replacement: Mapping[sympy.Basic, sympy.Basic]
             ) -> tuple[sympy.Expr, ...]:
    """Every expression with ``replacement`` made, as ``xreplace`` does it, but each distinct
    subexpression rebuilt once for all of them, and a ``Min`` or ``Max`` whose arguments are not
    all numbers rebuilt without comparing them (its numbers folded into one).

    Rebuilding a ``Min`` or ``Max`` makes sympy compare its arguments two by two, with its
    assumptions system: most of the time of substituting into a model. The comparisons are not
    needed here, since the pieces cut every switch exactly, and a ``Min`` or ``Max`` left with
    an argument that never wins only adds a candidate cut.

    Examples
    --------
    >>> a, b = sympy.symbols("a b")
    >>> replaced([sympy.Max(a, b) + a, sympy.Max(a, b, 3)], {b: sympy.Integer(2)})
    (a + Max(2, a), Max(3, a))
    >>> replaced([sympy.Min(a, b)], {a: sympy.Integer(1), b: sympy.Integer(2)})
    (1,)
    """
    memo: dict[sympy.Basic, sympy.Basic] = dict(replacement)

    def rebuilt(expr: sympy.Basic) -> sympy.Basic:
        found = memo.get(expr)
        if found is None:
            args = tuple(rebuilt(arg) for arg in expr.args)
            found = expr if args == expr.args else _made(expr.func, args)
            memo[expr] = found
        return found

    return tuple(rebuilt(expr) for expr in expressions)


def _made(func: type, args: tuple[sympy.Basic, ...]) -> sympy.Basic:
    """``func(*args)``: computed in Fractions when it is a sum, product, integer power, ``Min`` or
    ``Max`` of rationals (sympy's own arithmetic asks its assumptions system at every step); for
    ``Min``, ``Max``, comparisons and ``Piecewise`` with a symbol left, unevaluated."""
    if func in _FOLDED and all(arg.is_Rational for arg in args):
        folded = _FOLDED[func](*(Fraction(int(arg.p), int(arg.q)) for arg in args))
        if folded is not None:
            return sympy.Rational(folded.numerator, folded.denominator)
    if issubclass(func, sympy.core.relational.Relational):  # a where() condition: decided now, or kept as it is
        return func(*args) if all(arg.is_Number for arg in args) else func(*args, evaluate=False)
    if func is sympy.Piecewise and any(pair.cond.free_symbols for pair in args):
        return func(*args, evaluate=False)  # cut where its conditions switch, as Min and Max are
    if func not in (sympy.Min, sympy.Max) or all(arg.is_Number for arg in args):
        return func(*args)
    numbers = [arg for arg in args if arg.is_Number]
    kept = [arg for arg in args if not arg.is_Number]
    if numbers:
        kept.append(min(numbers) if func is sympy.Min else max(numbers))
    return kept[0] if len(set(kept)) == 1 else func(*kept, evaluate=False)


def _power(base: Fraction, exponent: Fraction) -> Fraction | None:
    """``base ** exponent`` for an integer exponent of at most 64 and a base that is not 0 under a
    negative one; None otherwise (left to sympy)."""
    if exponent.denominator != 1 or abs(exponent) > 64 or (base == 0 and exponent < 0):
        return None
    return base ** int(exponent)


_FOLDED: dict[type, Callable[..., Fraction | None]] = {
    sympy.Add: lambda *terms: sum(terms, Fraction(0)),
    sympy.Mul: lambda *factors: math.prod(factors, start=Fraction(1)),
    sympy.Pow: _power,
    sympy.Min: min,
    sympy.Max: max,
}
"""The nodes computed in Fractions when every argument is rational (``_made``)."""


def innermost_nodes(expressions: Sequence[sympy.Expr], symbols: Sequence[sympy.Symbol]) -> list[sympy.Basic]:
    """The switching nodes involving any of ``symbols`` with no switching node inside them.

    Examples
    --------
    >>> x, y = sympy.symbols("x y")
    >>> innermost_nodes([sympy.Max(0, sympy.Min(x, y)) + sympy.Abs(y)], (x,))
    [Min(x, y)]
    """
    found = set()
    for expr in expressions:
        for node in expr.atoms(*SWITCHING):
            if node.has(*symbols) and not any(arg.has(*SWITCHING) for arg in _parts(node)):
                found.add(node)
    return sorted(found, key=sympy.default_sort_key)


def _parts(node: sympy.Basic) -> list[sympy.Basic]:
    if isinstance(node, sympy.Piecewise):
        return [part for pair in node.args for part in pair]
    return list(node.args)


def switch_expressions(node: sympy.Basic) -> list[sympy.Expr]:
    """Smooth expressions whose zeros are the only places ``node`` can switch branch.

    Examples
    --------
    >>> x, y = sympy.symbols("x y")
    >>> switch_expressions(sympy.Min(x, y, 1)), switch_expressions(sympy.Piecewise((1, x < y), (0, True)))
    ([1 - x, 1 - y, x - y], [x - y])
    """
    if isinstance(node, sympy.Abs):
        return [node.args[0]]
    if isinstance(node, sympy.Min | sympy.Max):
        arguments = node.args
        return [a - b for i, a in enumerate(arguments) for b in arguments[i + 1:]]
    switches = []
    for _, condition in node.args:
        for relation in ([condition] if isinstance(condition, sympy.core.relational.Relational)
                         else condition.atoms(sympy.core.relational.Relational)):
            switches.append(relation.lhs - relation.rhs)
    return switches


def branch_at(node: sympy.Basic, at: Mapping[sympy.Symbol, sympy.Rational]) -> sympy.Expr:
    """The smooth expression ``node`` equals on the region holding the point ``at`` (where none of
    its switches vanishes, so comparisons at the point hold on the whole region).

    Examples
    --------
    >>> x, y = sympy.symbols("x y")
    >>> branch_at(sympy.Min(x, y), {x: sympy.Rational(1, 3), y: sympy.Rational(1, 2)})
    x
    """
    if isinstance(node, sympy.Abs):
        return node.args[0] if _sign(node.args[0], at) >= 0 else -node.args[0]
    if isinstance(node, sympy.Min | sympy.Max):
        best = node.args[0]
        for candidate in node.args[1:]:
            difference = _sign(candidate - best, at)
            if (difference < 0) if isinstance(node, sympy.Min) else (difference > 0):
                best = candidate
        return best
    for value, condition in node.args:
        if bool(condition.xreplace(at)):
            return value
    where = ", ".join(f"{symbol} = {value}" for symbol, value in at.items())
    raise SolverError(f"no branch of {node} applies at {where}",
                      fix="end every where() with a value for the remaining cases")


def _sign(expr: sympy.Expr, at: Mapping[sympy.Symbol, sympy.Rational]) -> int:
    """The sign of ``expr`` at the point ``at``, exact (rational value) or certified by evaluation."""
    value = expr.xreplace(at)
    if value.is_Rational:
        return int(bool(value > 0)) - int(bool(value < 0))
    symbol, sample = next(iter(at.items()))
    try:
        low, high = interval_bounds(compile_enclosure(value, symbol)(fraction_enclosure(_fraction(sample))))
    except NotEnclosable as error:
        raise SolverError(f"cannot tell the sign of {value}: {error}",
                          fix="simplify the min, max, abs and where of the model") from error
    if low > 0 or high < 0:
        return 1 if low > 0 else -1
    if value.equals(0):
        return 0
    raise SolverError(f"cannot tell the sign of {value}", fix="simplify the min, max, abs and where of the model")


def _fraction(value: sympy.Rational) -> Fraction:
    """A sympy rational as a Fraction."""
    return Fraction(int(value.p), int(value.q))
