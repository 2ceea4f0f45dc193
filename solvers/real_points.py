"""The real solutions ``x_i = g_i(t)`` of a system in shape position, in the number fields of the roots of ``p(t)``."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import sympy

from .number_field import Algebraic, AlgebraicField

__all__ = ["MAX_COEFFICIENT_BITS", "MAX_ROOT_DEGREE", "Coordinate", "fraction_of", "real_points"]

Coordinate = Fraction | Algebraic
"""A coordinate of a solution: a Fraction, or an element of a real number field."""

MAX_ROOT_DEGREE = 64
"""Highest degree of the univariate polynomial ``p(t)`` of the shape position whose real roots
are isolated."""

MAX_COEFFICIENT_BITS = 4_000
"""Largest size, in bits, of a coefficient of ``p(t)`` (numerators and denominators)."""


def real_points(parameterisation: list[list[Fraction]], univariate: sympy.Poly
                ) -> tuple[tuple[tuple[Coordinate, ...], ...], tuple[str, ...]]:
    """The real points ``x_i = g_i(t)`` over the real roots ``t`` of ``p``, factor by factor.

    Examples
    --------
    ``x = t`` over the roots of ``t^2 - 2``:

    >>> t = sympy.Symbol("t")
    >>> points, notes = real_points([[Fraction(0), Fraction(1)]], sympy.Poly(t**2 - 2, t, domain=sympy.QQ))
    >>> [float(x) for (x,) in points], notes
    ([-1.4142135623730951, 1.4142135623730951], ())
    """
    points: list[tuple[Coordinate, ...]] = []
    notes: list[str] = []
    if univariate.degree() > MAX_ROOT_DEGREE:
        return (), (f"a univariate polynomial of degree {univariate.degree()} (over {MAX_ROOT_DEGREE}) "
                    "was not solved",)
    _, factors = univariate.factor_list()
    for factor, _ in factors:
        coefficients = [fraction_of(c) for c in reversed(factor.all_coeffs())]
        bits = max(max(c.numerator.bit_length(), c.denominator.bit_length()) for c in coefficients)
        if bits > MAX_COEFFICIENT_BITS:
            notes.append(f"a factor of degree {factor.degree()} with {bits}-bit coefficients "
                         f"(over {MAX_COEFFICIENT_BITS}) was not solved")
            continue
        points.extend(_points_of_factor(parameterisation, coefficients, factor))
    return tuple(points), tuple(notes)


def _points_of_factor(parameterisation: list[list[Fraction]], coefficients: list[Fraction],
                      factor: sympy.Poly) -> list[tuple[Coordinate, ...]]:
    """The real points over the real roots of one irreducible factor (lowest degree first)."""
    if len(coefficients) == 2:
        root = -coefficients[0] / coefficients[1]
        return [tuple(_evaluate(g, root) for g in parameterisation)]
    modulus = [c / coefficients[-1] for c in coefficients]
    points = []
    for (low, high), _ in factor.intervals():
        field = AlgebraicField(modulus, (fraction_of(low), fraction_of(high)))
        points.append(tuple(_rational_or_element(field.element(g)) for g in parameterisation))
    return points


def _rational_or_element(value: Algebraic) -> Coordinate:
    """A number-field element that is rational as a Fraction; others as they are."""
    rational = value.rational()
    return rational if rational is not None else value


def _evaluate(polynomial: Sequence[Fraction], x: Fraction) -> Fraction:
    total = Fraction(0)
    for c in reversed(polynomial):
        total = total * x + c
    return total


def fraction_of(value: sympy.Expr) -> Fraction:
    """A rational sympy number as a Fraction.

    Examples
    --------
    >>> fraction_of(sympy.Rational(-3, 4))
    Fraction(-3, 4)
    """
    rational = sympy.Rational(value)
    return Fraction(int(rational.p), int(rational.q))
