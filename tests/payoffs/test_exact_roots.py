"""Roots of exact values are exact when they are rational, at any size, and floats only when not."""

from __future__ import annotations

from fractions import Fraction

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from chipgame.payoffs import parse_formula
from chipgame.payoffs.evaluation import MAX_BITS, evaluate_expression

X = sympy.Symbol("x")


def test_sqrt_of_a_perfect_square_near_ten_to_the_sixty_is_exact():
    root = 10**30 + 7
    assert evaluate_expression(sympy.sqrt(X), {"x": Fraction(root**2)}) == root
    formula = parse_formula("sqrt(x)", {"x": X})
    assert evaluate_expression(formula, {"x": Fraction(root**2, (10**20 + 3)**2)}) == Fraction(root, 10**20 + 3)


@settings(max_examples=80, deadline=None)
@given(numerator=st.integers(0, 10**400), denominator=st.integers(1, 10**300), degree=st.integers(2, 12))
def test_a_rational_root_is_exact_at_any_size(numerator, denominator, degree):
    root = Fraction(numerator, denominator)
    power = root**degree
    if power.numerator.bit_length() + power.denominator.bit_length() > MAX_BITS:
        return
    value = evaluate_expression(X ** sympy.Rational(1, degree), {"x": power})
    assert isinstance(value, Fraction) and value == root


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 10**200), degree=st.integers(2, 5))
def test_an_irrational_root_is_a_float_near_its_value(n, degree):
    root, exact = sympy.integer_nthroot(n, degree)
    value = evaluate_expression(X ** sympy.Rational(1, degree), {"x": Fraction(n)})
    if exact:
        assert value == root
    else:
        assert isinstance(value, float)
        assert abs(value - float(sympy.N(sympy.root(n, degree), 30))) <= 1e-12 * abs(value)


def test_a_root_of_a_power_is_exact():
    assert evaluate_expression(X ** sympy.Rational(3, 2), {"x": Fraction(10**40 + 1)**2}) == (10**40 + 1)**3
