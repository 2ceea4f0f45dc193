"""Evaluate a payoff expression at parameter values: exact where the values allow, bounded always.

sympy's own substitution would happily compute ``x**(10**9)`` exactly, or overflow into
``zoo``; this walker evaluates the few node types the formula parser can produce, keeps
Fractions exact, falls back to floats only where a value is irrational (``exp``, ``log``,
non-square roots), and refuses numbers that would grow without bound.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from fractions import Fraction

import sympy

from ..errors import ModelError
from ..games import Number

__all__ = ["evaluate_expression", "MAX_BITS"]

MAX_BITS = 100_000
"""Largest size, in bits, of an exact intermediate value (numerator plus denominator)."""


class _Undefined(ArithmeticError):
    """An operation has no finite real value (raised inside the walker, reported as ModelError)."""


def evaluate_expression(expr: sympy.Expr, values: Mapping[str, Number],
                        cache: dict[sympy.Basic, Number] | None = None) -> Number:
    """Return the value of ``expr`` with each symbol replaced by ``values[symbol.name]``.

    Parameters
    ----------
    expr
        A sympy expression built from numbers, symbols, ``+ * **``, Min, Max, Abs, exp, log
        and Piecewise with comparisons (what the formula parser produces).
    values
        A value for every free symbol, by name: Fractions stay exact, floats make the
        result a float.
    cache
        Values of subexpressions already computed at these same ``values``; pass one dict to
        several calls so expressions that share parts (payoffs built from common
        definitions) compute each part once.

    Returns
    -------
    Fraction or float
        Exact when the expression is rational at these values.

    Raises
    ------
    ModelError
        When a symbol has no value, the expression divides by zero, takes the log of a
        non-positive number, has no real value, overflows, or grows beyond ``MAX_BITS``.

    Examples
    --------
    >>> m = sympy.Symbol("m")
    >>> evaluate_expression(1 / (1 - m), {"m": Fraction(7, 10)})
    Fraction(10, 3)
    >>> evaluate_expression(sympy.sqrt(m), {"m": Fraction(9, 4)})
    Fraction(3, 2)
    """
    cache = {} if cache is None else cache
    try:
        return _finite(_walk(expr, values, cache))
    except ZeroDivisionError:
        raise ModelError("it divides by zero", fix="choose parameter values that keep denominators non-zero") from None
    except (_Undefined, OverflowError, ValueError) as error:
        raise ModelError(f"it has no finite real value ({error})", fix="check the parameter values") from None


def _finite(value: Number) -> Number:
    if isinstance(value, Fraction):
        if value.numerator.bit_length() + value.denominator.bit_length() > MAX_BITS:
            raise _Undefined(f"an exact value exceeds {MAX_BITS} bits")
        return value
    if not math.isfinite(value):
        raise _Undefined("a value is infinite or not a number")
    return value


def _walk(node: sympy.Basic, values: Mapping[str, Number], cache: dict[sympy.Basic, Number]) -> Number:
    if node in cache:
        return cache[node]
    if node.is_Symbol:
        if node.name not in values:
            raise ModelError(f"the parameter {node.name!r} has no value", fix=f"give {node.name} a value")
        result = values[node.name]
    elif node.is_Rational:
        result = Fraction(int(node.p), int(node.q))
    elif node.is_Number or node.is_NumberSymbol:
        if not node.is_finite or not node.is_real:
            raise _Undefined(f"the constant {node} is not a finite real number")
        result = float(node)
    elif node.func in _REDUCERS:
        result = _REDUCERS[node.func]([_walk(arg, values, cache) for arg in node.args])
    elif node.is_Pow:
        result = _power(_walk(node.base, values, cache), _walk(node.exp, values, cache))
    elif node.func in _UNARY:
        result = _UNARY[node.func](_walk(node.args[0], values, cache))
    elif isinstance(node, sympy.log):
        result = _log(_walk(node.args[0], values, cache))
    elif isinstance(node, sympy.Piecewise):
        result = _piecewise(node, values, cache)
    else:
        raise ModelError(f"cannot evaluate {type(node).__name__} nodes", fix="use only the formula functions")
    result = _finite(result)
    cache[node] = result
    return result


def _sum(terms: list[Number]) -> Number:
    total: Number = Fraction(0)
    for term in terms:
        total = _finite(total + term)
    return total


def _product(factors: list[Number]) -> Number:
    total: Number = Fraction(1)
    for factor in factors:
        total = _finite(total * factor)
    return total


_REDUCERS: dict[type, Callable[[list[Number]], Number]] = {
    sympy.Add: _sum,
    sympy.Mul: _product,
    sympy.Min: min,
    sympy.Max: max,
}


def _power(base: Number, exponent: Number) -> Number:
    if isinstance(base, Fraction) and isinstance(exponent, Fraction):
        if exponent.denominator == 1:
            bits = base.numerator.bit_length() + base.denominator.bit_length()
            if abs(exponent.numerator) * bits > 2 * MAX_BITS:
                raise _Undefined(f"the power {base}**{exponent} is too large to compute exactly")
            if base == 0 and exponent < 0:
                raise ZeroDivisionError
            return base**exponent.numerator
        root = _exact_root(base, exponent.denominator)
        if root is not None:
            return _power(root, Fraction(exponent.numerator))
    if base < 0 and not (isinstance(exponent, Fraction) and exponent.denominator == 1):
        raise _Undefined(f"a negative number {float(base):g} is raised to the non-integer power {float(exponent):g}")
    if base == 0 and exponent < 0:
        raise ZeroDivisionError
    return float(base) ** float(exponent)


def _exact_root(base: Fraction, degree: int) -> Fraction | None:
    if base < 0 or degree > 64:
        return None
    numerator = _integer_root(base.numerator, degree)
    denominator = _integer_root(base.denominator, degree)
    if numerator is None or denominator is None:
        return None
    return Fraction(numerator, denominator)


def _integer_root(value: int, degree: int) -> int | None:
    guess = round(value ** (1.0 / degree)) if value.bit_length() < 1000 else None
    if guess is None:
        return None
    for candidate in (guess - 1, guess, guess + 1):
        if candidate >= 0 and candidate**degree == value:
            return candidate
    return None


def _log(value: Number) -> float:
    if value <= 0:
        raise _Undefined(f"log of the non-positive number {float(value):g}")
    return math.log(value)


_UNARY: dict[type, Callable[[Number], Number]] = {
    sympy.Abs: abs,
    sympy.exp: lambda x: math.exp(float(x)),
}


def _piecewise(node: sympy.Piecewise, values: Mapping[str, Number], cache: dict[sympy.Basic, Number]) -> Number:
    for expr, condition in node.args:
        if _holds(condition, values, cache):
            return _walk(expr, values, cache)
    raise _Undefined("no branch of a conditional applies")


_COMPARE: dict[type, Callable[[Number, Number], bool]] = {
    sympy.StrictLessThan: lambda a, b: a < b,
    sympy.LessThan: lambda a, b: a <= b,
    sympy.StrictGreaterThan: lambda a, b: a > b,
    sympy.GreaterThan: lambda a, b: a >= b,
    sympy.Eq: lambda a, b: a == b,
    sympy.Ne: lambda a, b: a != b,
}


def _holds(condition: sympy.Basic, values: Mapping[str, Number], cache: dict[sympy.Basic, Number]) -> bool:
    if condition is sympy.true:
        return True
    if condition is sympy.false:
        return False
    if isinstance(condition, (sympy.And, sympy.Or)):
        combine = all if isinstance(condition, sympy.And) else any
        return combine(_holds(part, values, cache) for part in condition.args)
    if isinstance(condition, sympy.Not):
        return not _holds(condition.args[0], values, cache)
    if isinstance(condition, sympy.ITE):
        test, if_true, if_false = condition.args
        return _holds(if_true if _holds(test, values, cache) else if_false, values, cache)
    compare = _COMPARE.get(condition.func)
    if compare is None:
        raise ModelError(f"cannot evaluate the condition {condition}", fix="use a single comparison in where()")
    return compare(_walk(condition.lhs, values, cache), _walk(condition.rhs, values, cache))
