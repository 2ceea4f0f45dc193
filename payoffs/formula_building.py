"""The values a formula's parse builds, each checked against the bounds before the work it protects."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

import sympy
from sympy.core.evalf import PrecisionExhausted

from ..errors import FormulaError
from .formula_syntax import Token, make_error
from .formula_values import (
    EXTREMES,
    MAX_NUMBER_BITS,
    bound_magnitude,
    build_extreme,
    build_where,
    collect_constants,
    count_bits,
    describe_value,
    measure_node,
    shorten,
)

__all__ = ["MAX_EXPONENT", "MAX_ROOT_BITS", "SPLIT_ADVICE", "ValueBuilder"]

MAX_EXPONENT = 100
"""Largest absolute value of a constant exponent, after ``**`` or ``^`` or inside ``exp()``."""

MAX_ROOT_BITS = 256
"""Largest number, in bits, whose root (a fractional power such as ``sqrt``) is taken exactly."""

SPLIT_ADVICE = "split the formula into named [definitions]"
"""The fix for a formula past a bound of its size."""

_ELEMENTARY: dict[str, Callable[..., sympy.Expr]] = {"abs": sympy.Abs, "exp": sympy.exp, "log": sympy.log}

_UNDEFINED = (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo)


class ValueBuilder:
    """The numbers, powers, sums, products and function values of one formula, each built only
    after the checks that bound its work, and refused when undefined or not real.

    Parameters
    ----------
    text
        The formula, quoted in the messages of the errors.

    Examples
    --------
    >>> from chipgame.payoffs.formula_syntax import tokenize
    >>> builder = ValueBuilder("2^3")
    >>> two, power, three = tokenize("2^3")[:3]
    >>> builder.raise_power(builder.read_number(two), builder.read_number(three), power)
    8
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.sizes: dict[sympy.Basic, int] = {}

    def fail(self, token: Token, problem: str, fix: str) -> FormulaError:
        """Return a FormulaError located at ``token``."""
        return make_error(self.text, token.position, problem, fix)

    def read_number(self, token: Token) -> sympy.Rational:
        """Return a number token as an exact Rational (``0.1`` is 1/10), refusing huge ones."""
        exponent = token.text.lower().partition("e")[2]
        if not exponent or abs(int(exponent)) <= MAX_NUMBER_BITS:
            fraction = Fraction(token.text)
            value = sympy.Rational(fraction.numerator, fraction.denominator)
            if count_bits(value) <= MAX_NUMBER_BITS:
                return value
        raise self.fail(token, f"the number {shorten(token.text)} is too large or too precise",
                        f"use numbers of at most {MAX_NUMBER_BITS:,} bits (about 3,000 digits)")

    def apply(self, function: Token, arguments: list[sympy.Basic]) -> sympy.Expr:
        """Return the whitelisted function ``function`` applied to ``arguments``, checked."""
        name = function.text
        if name == "sqrt":
            return self.raise_power(arguments[0], sympy.Rational(1, 2), function)
        self.check_size(arguments, [function] * len(arguments))
        if name in EXTREMES:
            return build_extreme(name, arguments)
        if name == "where":
            return build_where(*arguments)
        if name == "exp":
            self.check_exponent(arguments[0], function)
        return self.ensure_defined(_ELEMENTARY[name](*arguments), function)

    def raise_power(self, base: sympy.Expr, exponent: sympy.Expr, operator: Token) -> sympy.Expr:
        """Return ``base**exponent`` after checking the exponent, the size and any exact root."""
        if exponent.is_number:
            self.check_exponent(exponent, operator)
            estimate = max(1, bound_magnitude(exponent)) * self.measure(base)
            if (base.is_Rational and exponent.is_Rational and not exponent.is_Integer
                    and count_bits(base) > MAX_ROOT_BITS):
                raise self.fail(operator, f"the root of a number of more than {MAX_ROOT_BITS} bits",
                                "take roots of smaller numbers")
        else:
            estimate = self.measure(base) + self.measure(exponent)
        if estimate > MAX_NUMBER_BITS:
            raise self.fail(operator, f"the numbers would grow beyond {MAX_NUMBER_BITS:,} bits",
                            "use smaller numbers or exponents")
        return self.ensure_defined(sympy.Pow(base, exponent), operator)

    def combine(self, operation: type[sympy.Add | sympy.Mul], operands: list[sympy.Expr],
                starts: list[Token]) -> sympy.Expr:
        """Return the sum or product of ``operands`` after checking their total size."""
        if len(operands) == 1:
            return operands[0]
        self.check_size(operands, starts)
        value = operation(*operands)
        if operation is sympy.Add:
            self.approximate(collect_constants(value), starts[0], "the constant part of this sum")
        return value

    def check_exponent(self, exponent: sympy.Basic, operator: Token) -> None:
        """Refuse a constant exponent above ``MAX_EXPONENT`` in absolute value."""
        if exponent.is_number and bound_magnitude(exponent) > MAX_EXPONENT:
            raise self.fail(operator, f"the exponent {describe_value(exponent)} is too large",
                            f"keep constant exponents between -{MAX_EXPONENT} and {MAX_EXPONENT}")

    def check_size(self, operands: Sequence[sympy.Basic], tokens: Sequence[Token]) -> None:
        """Refuse operands whose sizes add up to more than ``MAX_NUMBER_BITS``."""
        total = 0
        for operand, token in zip(operands, tokens):
            total += self.measure(operand)
            if total > MAX_NUMBER_BITS:
                raise self.fail(token, f"the numbers would grow beyond {MAX_NUMBER_BITS:,} bits",
                                f"use fewer or smaller numbers, or {SPLIT_ADVICE}")

    def measure(self, expr: sympy.Basic) -> int:
        """Return the size of ``expr`` (see ``MAX_NUMBER_BITS``), remembering every subexpression.

        Walks without recursion, so deeply nested definitions cannot exhaust the stack.
        """
        sizes = self.sizes
        pending = [expr]
        while pending:
            node = pending[-1]
            if node in sizes:
                pending.pop()
                continue
            missing = [argument for argument in node.args if argument not in sizes]
            if missing:
                pending.extend(missing)
                continue
            pending.pop()
            sizes[node] = measure_node(node, [sizes[argument] for argument in node.args])
        return sizes[expr]

    def ensure_defined(self, value: sympy.Expr, token: Token) -> sympy.Expr:
        """Return ``value`` unless it is undefined (a division by zero) or a number that is not real."""
        what = f"{token.text}()" if token.kind == "name" else repr(token.text)
        if value.has(*_UNDEFINED):
            raise self.fail(token, f"{what} divides by zero or is undefined",
                            "check divisors, exponents and the arguments of log")
        if value.has(sympy.I) or (value.is_number and value.is_extended_real is False):
            raise self.fail(token, f"{what} gives a number that is not real",
                            "take roots and logs of positive numbers only")
        return value

    def approximate(self, constant: sympy.Expr, token: Token, what: str) -> sympy.Number:
        """Return a constant if rational, else its value to 20 digits; refuse one too close to zero.

        sympy decides the sign of an irrational constant by evaluating it, and falls back on
        slow algebra (minimal polynomials) when the value is zero in disguise, such as
        ``sqrt(2) + sqrt(3) - sqrt(5 + 2*sqrt(6))``; such constants are refused here instead.
        """
        if constant.is_Rational:
            return constant
        try:
            approximation = constant.evalf(20, strict=True)
        except PrecisionExhausted:
            raise self.fail(token, f"{what}, {describe_value(constant)}, cannot be told apart from zero",
                            "write such constants as decimal numbers") from None
        if not approximation.is_Float:
            raise self.fail(token, f"{what}, {describe_value(constant)}, is not a real number",
                            "use real numbers only")
        return approximation
