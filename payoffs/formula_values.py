"""The sympy values formulas build, without sympy's hidden work: sizes bounded, min, max and where built cheaply."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy

__all__ = ["EXTREMES", "MAX_NUMBER_BITS", "UNBOUNDED", "bound_magnitude", "build_extreme", "build_where",
           "collect_constants", "count_bits", "describe_value", "measure_node", "shorten"]

MAX_NUMBER_BITS = 10_000
"""Largest size of a formula: the bits of its numbers (numerator plus denominator) plus one per
name, where a power with a constant exponent ``k`` counts its base ``max(1, ceil(|k|))`` times."""

UNBOUNDED = MAX_NUMBER_BITS + 1
"""Stands for the magnitude of a constant that cannot be evaluated: larger than every bound."""

EXTREMES: dict[str, tuple[Callable[..., sympy.Expr], type[sympy.Min | sympy.Max]]] = {
    "min": (min, sympy.Min),
    "max": (max, sympy.Max),
}
"""The functions ``build_extreme`` builds: the exact comparison of rationals, and sympy's class."""


def describe_value(value: sympy.Expr) -> str:
    """Return a short text for a value in a message.

    Examples
    --------
    >>> describe_value(sympy.Integer(387420489)), describe_value(sympy.Integer(2) ** 99)
    ('387420489', '633825300114114700748...')
    """
    return shorten(sympy.sstr(value))


def shorten(text: str, limit: int = 24) -> str:
    """Return ``text``, cut to ``limit`` characters with ``...`` when it is longer."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def count_bits(value: sympy.Rational) -> int:
    """Return the size of an exact number: the bits of its numerator plus those of its denominator."""
    return int(value.p).bit_length() + int(value.q).bit_length()


def bound_magnitude(value: sympy.Expr) -> int:
    """Return ``ceil(|value|)`` for a constant, or ``UNBOUNDED`` when it cannot be evaluated.

    Examples
    --------
    >>> bound_magnitude(sympy.Rational(-201, 2)), bound_magnitude(sympy.sqrt(2))
    (101, 2)
    """
    if value.is_Rational:
        return -(-abs(int(value.p)) // int(value.q))
    approximation = value.evalf(15)
    if not approximation.is_Float:
        return UNBOUNDED
    return int(sympy.ceiling(abs(approximation)))


def measure_node(node: sympy.Basic, argument_sizes: Sequence[int]) -> int:
    """Return the size of ``node`` (see ``MAX_NUMBER_BITS``) from the sizes of its arguments."""
    if node.is_Rational:
        return count_bits(node)
    if node.is_Pow and node.exp.is_number:
        return max(1, bound_magnitude(node.exp)) * argument_sizes[0]
    return max(1, sum(argument_sizes))


def collect_constants(value: sympy.Expr) -> sympy.Expr:
    """Return the sum of the terms of ``value`` that are constants.

    Examples
    --------
    >>> collect_constants(sympy.Symbol("x") + sympy.sqrt(2) + 1)
    1 + sqrt(2)
    """
    terms = value.args if value.is_Add else (value,)
    return sympy.Add(*[term for term in terms if term.is_number])


def build_extreme(name: str, arguments: Sequence[sympy.Expr]) -> sympy.Expr:
    """Return min or max of ``arguments``: rationals are compared exactly, the rest left unevaluated.

    Evaluating Min and Max makes sympy compare every pair of arguments, which takes seconds
    for a few hundred of them; left unevaluated, the comparison happens at given values.

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> build_extreme("max", [sympy.Integer(1), x, sympy.Rational(3, 2)])
    Max(3/2, x)
    """
    pick, function = EXTREMES[name]
    numbers = [argument for argument in arguments if argument.is_Rational]
    others = [argument for argument in arguments if not argument.is_Rational]
    if numbers:
        others.append(pick(numbers))
    return others[0] if len(others) == 1 else function(*others, evaluate=False)


def build_where(condition: sympy.Basic, then: sympy.Expr, otherwise: sympy.Expr) -> sympy.Expr:
    """Return ``then`` where ``condition`` holds and ``otherwise`` elsewhere, as a Piecewise.

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> build_where(x < 1, x, 1), build_where(sympy.true, x, 1)
    (Piecewise((x, x < 1), (1, True)), x)
    """
    if condition is sympy.true:
        return then
    if condition is sympy.false:
        return otherwise
    return sympy.Piecewise((then, condition), (otherwise, True), evaluate=False)
