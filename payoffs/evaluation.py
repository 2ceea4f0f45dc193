"""Evaluate a payoff expression at parameter values: exact where the values allow, bounded always.

sympy's own substitution would happily compute ``x**(10**9)`` exactly, or overflow into
``zoo``; this evaluator compiles the few node types the formula parser can produce, keeps
Fractions exact, falls back to floats only where a value is irrational (``exp``, ``log``,
non-square roots), and refuses numbers that would grow without bound.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import sympy

from ..errors import ModelError
from ..games import Number

__all__ = ["Evaluator", "evaluate_expression", "MAX_BITS"]

MAX_BITS = 100_000
"""Largest size, in bits, of an exact intermediate value (numerator plus denominator)."""


class _Undefined(ArithmeticError):
    """An operation has no finite real value (raised inside the evaluator, reported as ModelError)."""


def evaluate_expression(expr: sympy.Expr, values: Mapping[str, Number]) -> Number:
    """Return the value of ``expr`` with each symbol replaced by ``values[symbol.name]``.

    Parameters
    ----------
    expr
        A sympy expression built from numbers, symbols, ``+ * **``, Min, Max, Abs, exp, log
        and Piecewise with comparisons (what the formula parser produces).
    values
        A value for every free symbol, by name: Fractions stay exact, floats make the
        result a float.

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
    return Evaluator((expr,)).start(values)(0)


_UNSET = object()
"""A slot whose node has not been computed yet in this evaluation."""

Node = Callable[[Mapping[str, Number], list[Any]], Number]
"""A compiled node: its value at the given parameter values, computed at most once per evaluation
(its slot in the list holds it afterwards)."""


class Evaluator:
    """Many expressions compiled once into closures, then evaluated fast at many points.

    Each distinct subexpression is computed at most once per evaluation, whichever expressions
    share it, and only when an expression that needs it is evaluated (a branch of a conditional
    that does not apply is never computed, so it cannot divide by zero).

    Parameters
    ----------
    expressions
        The expressions, in order (see ``evaluate_expression`` for what they may contain).

    Examples
    --------
    >>> m = sympy.Symbol("m")
    >>> value = Evaluator((1 / (1 - m), m / 2)).start({"m": Fraction(1, 2)})
    >>> value(0), value(1)
    (Fraction(2, 1), Fraction(1, 4))
    """

    def __init__(self, expressions: Sequence[sympy.Expr]) -> None:
        self._compiled: dict[sympy.Basic, Node] = {}
        self._roots = tuple(self._compile(expr) for expr in expressions)

    def start(self, values: Mapping[str, Number]) -> Callable[[int], Number]:
        """One evaluation at ``values``: a function giving the value of expression ``k``.

        Raises
        ------
        ModelError
            From the function, as ``evaluate_expression`` raises it, for the expression asked.
        """
        slots = [_UNSET] * len(self._compiled)
        roots = self._roots

        def value(k: int) -> Number:
            try:
                return roots[k](values, slots)
            except ZeroDivisionError:
                raise ModelError("it divides by zero",
                                 fix="choose parameter values that keep denominators non-zero") from None
            except (_Undefined, OverflowError, ValueError) as error:
                raise ModelError(f"it has no finite real value ({error})", fix="check the parameter values") from None

        return value

    def _compile(self, node: sympy.Basic) -> Node:
        """The closure of ``node`` (one per distinct node), memoised in its own slot."""
        if node in self._compiled:
            return self._compiled[node]
        compute = self._compute(node)
        slot = len(self._compiled)

        def run(values: Mapping[str, Number], slots: list[Any]) -> Number:
            value: Number = slots[slot]
            if value is _UNSET:
                value = slots[slot] = _finite(compute(values, slots))
            return value

        self._compiled[node] = run
        return run

    def _compute(self, node: sympy.Basic) -> Node:
        """The closure computing ``node`` from its arguments' closures."""
        if node.is_Symbol:
            return _symbol(node.name)
        if node.is_Rational:
            constant = Fraction(int(node.p), int(node.q))
            return lambda values, slots: constant
        if node.is_Number or node.is_NumberSymbol:
            return _constant(node)
        if node.func in _REDUCERS:
            reduce, parts = _REDUCERS[node.func], [self._compile(arg) for arg in node.args]
            return lambda values, slots: reduce([part(values, slots) for part in parts])
        if node.is_Pow:
            base, exponent = self._compile(node.base), self._compile(node.exp)
            return lambda values, slots: _power(base(values, slots), exponent(values, slots))
        if node.func in _UNARY or isinstance(node, sympy.log):
            function, argument = _UNARY.get(node.func, _log), self._compile(node.args[0])
            return lambda values, slots: function(argument(values, slots))
        if isinstance(node, sympy.Piecewise):
            branches = [(self._condition(condition), self._compile(expr)) for expr, condition in node.args]
            return lambda values, slots: _piecewise(branches, values, slots)
        return _refused(ModelError(f"cannot evaluate {type(node).__name__} nodes",
                                   fix="use only the formula functions"))

    def _condition(self, condition: sympy.Basic) -> Callable[[Mapping[str, Number], list[Any]], bool]:
        """The closure deciding a Piecewise condition."""
        if condition is sympy.true or condition is sympy.false:
            truth = condition is sympy.true
            return lambda values, slots: truth
        if isinstance(condition, (sympy.And, sympy.Or)):
            combine, parts = (all if isinstance(condition, sympy.And) else any), [
                self._condition(part) for part in condition.args]
            return lambda values, slots: combine(part(values, slots) for part in parts)
        if isinstance(condition, sympy.Not):
            inner = self._condition(condition.args[0])
            return lambda values, slots: not inner(values, slots)
        if isinstance(condition, sympy.ITE):
            test, if_true, if_false = (self._condition(part) for part in condition.args)
            return lambda values, slots: (if_true if test(values, slots) else if_false)(values, slots)
        compare = _COMPARE.get(condition.func)
        if compare is None:
            return _refused(ModelError(f"cannot evaluate the condition {condition}",
                                       fix="use a single comparison in where()"))
        left, right = self._compile(condition.lhs), self._compile(condition.rhs)
        return lambda values, slots: compare(left(values, slots), right(values, slots))


def _symbol(name: str) -> Node:
    def read(values: Mapping[str, Number], slots: list[Any]) -> Number:
        if name not in values:
            raise ModelError(f"the parameter {name!r} has no value", fix=f"give {name} a value")
        return values[name]

    return read


def _constant(node: sympy.Basic) -> Node:
    """A constant other than a rational: a float, refused when it is not a finite real number."""
    if not node.is_finite or not node.is_real:
        return _refused(_Undefined(f"the constant {node} is not a finite real number"))
    constant = float(node)
    return lambda values, slots: constant


def _refused(error: Exception) -> Callable[..., Any]:
    """A closure that raises ``error`` when evaluated (so the error names the expression that needs it)."""
    def refuse(values: Mapping[str, Number], slots: list[Any]) -> Any:
        raise error

    return refuse


def _finite(value: Number) -> Number:
    if isinstance(value, Fraction):
        if value.numerator.bit_length() + value.denominator.bit_length() > MAX_BITS:
            raise _Undefined(f"an exact value exceeds {MAX_BITS} bits")
        return value
    if not math.isfinite(value):
        raise _Undefined("a value is infinite or not a number")
    return value


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
    return math.pow(float(base), float(exponent))


def _exact_root(base: Fraction, degree: int) -> Fraction | None:
    if base < 0 or degree > 64:
        return None
    numerator = _integer_root(base.numerator, degree)
    denominator = _integer_root(base.denominator, degree)
    if numerator is None or denominator is None:
        return None
    return Fraction(numerator, denominator)


def _integer_root(value: int, degree: int) -> int | None:
    """The exact ``degree``-th root of ``value`` >= 0 when it is an integer, at any size; else None."""
    root, exact = sympy.integer_nthroot(value, degree)
    return int(root) if exact else None


def _abs(value: Number) -> Number:
    return abs(value) if isinstance(value, float) else abs(value)  # one abs per type, each typed


def _log(value: Number) -> float:
    if value <= 0:
        raise _Undefined(f"log of the non-positive number {float(value):g}")
    return math.log(value)


_UNARY: dict[type, Callable[[Number], Number]] = {
    sympy.Abs: _abs,
    sympy.exp: lambda x: math.exp(float(x)),
}


def _piecewise(branches: list[tuple[Callable[..., bool], Node]], values: Mapping[str, Number],
               slots: list[Any]) -> Number:
    for holds, expr in branches:
        if holds(values, slots):
            return expr(values, slots)
    raise _Undefined("no branch of a conditional applies")


_COMPARE: dict[type, Callable[[Number, Number], bool]] = {
    sympy.StrictLessThan: lambda a, b: a < b,
    sympy.LessThan: lambda a, b: a <= b,
    sympy.StrictGreaterThan: lambda a, b: a > b,
    sympy.GreaterThan: lambda a, b: a >= b,
    sympy.Eq: lambda a, b: a == b,
    sympy.Ne: lambda a, b: a != b,
}
