"""Number-field elements as floats: within 1e-15 relative of their value, at hard cases too
(terms that nearly cancel, large coefficients, high degree)."""

from __future__ import annotations

from fractions import Fraction

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from chipgame.solvers.number_field import AlgebraicField

ACCURACY = 1e-15


def _relative_error(approximation: float, exact: sympy.Expr) -> float:
    reference = sympy.N(exact, 60)
    return float(abs((sympy.Float(approximation, 60) - reference) / reference))


def _element(generator: sympy.Expr, coefficients: list[Fraction]):
    field = AlgebraicField.of(generator)
    return field.element(coefficients), sum((sympy.Rational(c.numerator, c.denominator) * generator**k
                                             for k, c in enumerate(coefficients)), sympy.Integer(0))


def test_the_case_in_the_issue_sqrt2_less_its_sixteen_digit_decimal():
    element, exact = _element(sympy.sqrt(2), [Fraction(-1414213562373095, 10**15), Fraction(1)])
    assert _relative_error(float(element), exact) <= ACCURACY


@settings(max_examples=60, deadline=None)
@given(square=st.integers(2, 10**6).filter(lambda n: sympy.sqrt(n).is_Rational is False),
       digits=st.integers(1, 40), scale=st.integers(-10**6, 10**6).filter(bool))
def test_near_cancellation_of_a_root_and_its_decimal(square, digits, scale):
    """``scale * (sqrt(n) - d)`` with ``d`` the root's first ``digits`` decimals: the terms agree
    to up to 40 digits and their difference is what must be right."""
    root = sympy.sqrt(square)
    decimal = Fraction(int(sympy.floor(root * 10**digits)), 10**digits)
    element, exact = _element(root, [-scale * decimal, Fraction(scale)])
    assert _relative_error(float(element), exact) <= ACCURACY


@settings(max_examples=40, deadline=None)
@given(coefficients=st.lists(st.fractions(min_value=-10**40, max_value=10**40, max_denominator=10**20),
                             min_size=2, max_size=3).filter(lambda c: any(c[1:])),
       generator=st.sampled_from([sympy.sqrt(2), sympy.sqrt(3) + sympy.sqrt(5), sympy.root(7, 3),
                                  sympy.CRootOf(sympy.Symbol("x")**5 - sympy.Symbol("x") - 1, 0)]))
def test_large_coefficients_in_fields_of_degree_two_to_five(coefficients, generator):
    element, exact = _element(generator, coefficients)
    assert _relative_error(float(element), exact) <= ACCURACY


@settings(max_examples=30, deadline=None)
@given(k=st.integers(1, 30))
def test_a_power_of_a_unit_minus_its_conjugate_power(k):
    """(1 + sqrt 2)**k - (-1 - ... ) : (1 + sqrt 2)**-k is tiny, the difference of two huge terms."""
    field = AlgebraicField.of(sympy.sqrt(2))
    unit = 1 + field.generator
    power = unit
    for _ in range(k - 1):
        power = power * unit
    conjugate = (1 - sympy.sqrt(2))**k                        # (1 + sqrt 2)**k + conjugate is an integer
    integer = int(sympy.expand((1 + sympy.sqrt(2))**k + conjugate))
    element = power - integer                                   # = -conjugate, of size 2.4**-k
    assert _relative_error(float(element), -conjugate) <= ACCURACY
