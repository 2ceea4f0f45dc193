"""Rigorous enclosures of a one-variable sympy expression over an interval (mpmath's interval arithmetic).

An expression of the varied parameter is compiled once into a function of an mpmath interval;
the interval it returns contains every value the expression takes on the argument interval.
Rationals enter as enclosures of themselves, so nothing is rounded the wrong way. Only the
operations a payoff formula can build are accepted (sums, products, powers, ``exp``, ``log``,
``Abs``, ``Min``, ``Max`` and the constants ``E`` and ``pi``); anything else raises
``NotEnclosable``, and so does a value outside an operation's domain (the logarithm of an
interval reaching zero, say), so a caller never mistakes a failure for a proof.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import Any

import mpmath
import sympy
from mpmath import iv

__all__ = ["NotEnclosable", "PRECISION_BITS", "compile_enclosure", "fraction_enclosure", "interval_bounds"]

PRECISION_BITS = 113
"""Working precision of the interval arithmetic (quadruple precision)."""

IntervalFunction = Callable[[Any], Any]


class NotEnclosable(ArithmeticError):
    """An expression (or a value of it) that interval arithmetic cannot enclose here."""


def fraction_enclosure(low: Fraction, high: Fraction | None = None) -> Any:
    """The smallest mpmath interval of the working precision containing ``[low, high]``.

    Examples
    --------
    >>> third = fraction_enclosure(Fraction(1, 3))
    >>> interval_bounds(third)[0] < Fraction(1, 3) < interval_bounds(third)[1]
    True
    """
    high = low if high is None else high
    with _working_precision():
        below = iv.mpf(low.numerator) / low.denominator
        above = iv.mpf(high.numerator) / high.denominator
        return iv.mpf([below.a, above.b])


def interval_bounds(value: Any) -> tuple[Fraction, Fraction]:
    """The ends of an mpmath interval as exact fractions.

    Raises
    ------
    NotEnclosable
        When an end is infinite or not a number.

    Examples
    --------
    >>> interval_bounds(fraction_enclosure(Fraction(1, 4), Fraction(1, 2)))
    (Fraction(1, 4), Fraction(1, 2))
    """
    ends = []
    for sign, mantissa, exponent, _bits in value._mpi_:
        if not mantissa and exponent:
            raise NotEnclosable("the enclosure is unbounded")
        ends.append((-1) ** sign * Fraction(int(mantissa)) * Fraction(2) ** int(exponent))
    return ends[0], ends[1]


def compile_enclosure(expr: sympy.Expr, symbol: sympy.Symbol) -> IntervalFunction:
    """A function taking an mpmath interval ``X`` to an interval containing ``expr`` on ``X``.

    Raises
    ------
    NotEnclosable
        At compilation, for an operation outside the accepted set; when called, for an argument
        outside the expression's domain.

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> f = compile_enclosure(sympy.exp(x) - 2, x)
    >>> low, high = interval_bounds(f(fraction_enclosure(Fraction(0), Fraction(1))))
    >>> low <= -1 and high >= sympy.E - 2
    True
    """
    compiled = _compile(expr, symbol, {})

    def enclosure(argument: Any) -> Any:
        with _working_precision():
            try:
                return compiled(argument)
            except (ValueError, ZeroDivisionError, ArithmeticError) as error:
                raise NotEnclosable(str(error)) from error

    return enclosure


@contextmanager
def _working_precision() -> Iterator[None]:
    """mpmath's interval context at ``PRECISION_BITS``, its previous precision restored after."""
    previous = iv.prec
    iv.prec = PRECISION_BITS
    try:
        yield
    finally:
        iv.prec = previous


def _constant(value: Any) -> IntervalFunction:
    return lambda _argument: value


def _compile(expr: sympy.Expr, symbol: sympy.Symbol, memo: dict[sympy.Basic, IntervalFunction]) -> IntervalFunction:
    found = memo.get(expr)
    if found is not None:
        return found
    compiled = _compile_node(expr, symbol, memo)
    memo[expr] = compiled
    return compiled


def _compile_node(expr: sympy.Expr, symbol: sympy.Symbol,
                  memo: dict[sympy.Basic, IntervalFunction]) -> IntervalFunction:
    if expr == symbol:
        return lambda argument: argument
    if expr.is_Rational:
        return _constant(fraction_enclosure(Fraction(int(expr.p), int(expr.q))))
    if expr.is_Float:
        return _constant(fraction_enclosure(Fraction(*mpmath.mpf(expr._mpf_).as_integer_ratio())))
    if expr is sympy.E:
        return _constant(_evaluated(lambda: iv.e))
    if expr is sympy.pi:
        return _constant(_evaluated(lambda: iv.pi))
    arguments = [_compile(arg, symbol, memo) for arg in expr.args]
    if expr.is_Add:
        return lambda x: _fold(lambda a, b: a + b, [f(x) for f in arguments])
    if expr.is_Mul:
        return lambda x: _fold(lambda a, b: a * b, [f(x) for f in arguments])
    if expr.is_Pow:
        return _power(expr, arguments)
    if isinstance(expr, sympy.exp):
        return lambda x: iv.exp(arguments[0](x))
    if isinstance(expr, sympy.log):
        return lambda x: _logarithm(arguments[0](x))
    if isinstance(expr, sympy.Abs):
        return lambda x: abs(arguments[0](x))
    if isinstance(expr, sympy.Min | sympy.Max):
        pick = min if isinstance(expr, sympy.Min) else max
        return lambda x: _extreme(pick, [f(x) for f in arguments])
    raise NotEnclosable(f"no interval arithmetic for {type(expr).__name__}")


def _evaluated(make: Callable[[], Any]) -> Any:
    with _working_precision():
        return make()


def _fold(operation: Callable[[Any, Any], Any], values: list[Any]) -> Any:
    total = values[0]
    for value in values[1:]:
        total = operation(total, value)
    return total


def _power(expr: sympy.Pow, arguments: list[IntervalFunction]) -> IntervalFunction:
    base, exponent = arguments
    if expr.exp.is_Integer:
        power = int(expr.exp)
        if power >= 0:
            return lambda x: base(x) ** power
        return lambda x: _reciprocal(base(x) ** (-power))
    if expr.exp.is_Rational:
        fraction = Fraction(int(expr.exp.p), int(expr.exp.q))
        return lambda x: _rational_power(_positive(base(x)), fraction)
    return lambda x: iv.exp(exponent(x) * _logarithm(base(x)))


def _rational_power(base: Any, fraction: Fraction) -> Any:
    root = base ** (iv.mpf(1) / fraction.denominator)
    return root ** fraction.numerator if fraction.numerator >= 0 else _reciprocal(root ** (-fraction.numerator))


def _positive(value: Any) -> Any:
    if value.a < 0:
        raise NotEnclosable("a fractional power of a value that may be negative")
    return value


def _reciprocal(value: Any) -> Any:
    if value.a <= 0 <= value.b:
        raise NotEnclosable("a division by a value that may be zero")
    return 1 / value


def _logarithm(value: Any) -> Any:
    if value.a <= 0:
        raise NotEnclosable("the logarithm of a value that may be zero or negative")
    return iv.log(value)


def _extreme(pick: Callable[..., Any], values: list[Any]) -> Any:
    return iv.mpf([pick(v.a for v in values), pick(v.b for v in values)])
