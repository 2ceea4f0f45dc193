"""Exact real algebraic numbers (``chipgame.solvers.real_algebraic``).

Comparisons are checked against integer arithmetic done here (``p/q < sqrt(2)`` exactly when
``p*p < 2*q*q``), at rationals within 1e-15 of the root, and between distinct irrationals closer
than 1e-20.
"""

from __future__ import annotations

import pickle
from fractions import Fraction as F

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from chipgame.errors import SolverError
from chipgame.solvers.number_field import AlgebraicField
from chipgame.solvers.real_algebraic import RealAlgebraic, to_real_algebraic

ROOT2 = RealAlgebraic((1, 0, -2), (F(1), F(2)))


def test_sqrt2_against_close_rationals():
    below, above = F(1414213562373095, 10**15), F(1414213562373096, 10**15)
    assert below < ROOT2 < above
    assert ROOT2 > below and ROOT2 >= below and not ROOT2 <= below and ROOT2 != below
    assert above > ROOT2 and not ROOT2 == above
    assert ROOT2 > 1 and ROOT2 < 2 and ROOT2 != 1


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**30), st.integers(1, 10**30))
def test_comparison_with_rationals_matches_integer_arithmetic(p, q):
    value = F(p, q)
    assert (ROOT2 > value) == (2 * value.denominator**2 > value.numerator**2)
    assert (ROOT2 < value) == (2 * value.denominator**2 < value.numerator**2)
    assert ROOT2 != value


def test_distinct_irrationals_closer_than_1e_20():
    nearly = RealAlgebraic.of(sympy.sqrt(2 + sympy.Rational(1, 10**20)))
    assert ROOT2 < nearly and nearly > ROOT2 and ROOT2 != nearly
    assert float(nearly) == pytest.approx(float(ROOT2), abs=1e-15)


def test_equality_across_intervals_and_constructions():
    narrow = RealAlgebraic((1, 0, -2), (F(141, 100), F(3, 2)))
    assert narrow == ROOT2 and hash(narrow) == hash(ROOT2)
    assert RealAlgebraic.of(sympy.sqrt(8) / 2) == ROOT2
    negative = RealAlgebraic((1, 0, -2), (F(-2), F(-1)))
    assert negative != ROOT2 and negative < ROOT2 and -negative == ROOT2
    assert len({ROOT2, narrow, negative}) == 2


def test_rational_values_equal_their_fractions():
    half = RealAlgebraic((2, -1), (F(0), F(1)))
    assert half == F(1, 2) and hash(half) == hash(F(1, 2)) and half.rational() == F(1, 2)
    assert half < ROOT2 and ROOT2 > half


def test_pickles_to_an_equal_value():
    value = RealAlgebraic.of((1 + sympy.sqrt(5)) / 2)
    value.decimal(40)  # narrows the private interval
    copy = pickle.loads(pickle.dumps(value))
    assert copy == value and copy.polynomial == (1, -1, -1) and copy.interval == value.interval


def test_public_value_is_not_mutated_by_refinement():
    value = RealAlgebraic((1, 0, -2), (F(1), F(2)))
    before = (value.polynomial, value.interval)
    assert value > F(1414213562373095, 10**15)
    assert (value.polynomial, value.interval) == before
    with pytest.raises(AttributeError):
        value.interval = (F(0), F(3))


def test_decimal_text():
    assert ROOT2.decimal(20) == "1.41421356237309504880"
    assert (-ROOT2).decimal(3) == "-1.414"
    assert ROOT2.decimal(0) == "1"
    assert RealAlgebraic.of(sympy.sqrt(2) / 1000).decimal(6) == "0.001414"
    assert RealAlgebraic((2, -1), (F(0), F(1))).decimal(2) == "0.50"
    assert str(ROOT2) == "1.4142135624"
    assert float(ROOT2) == 2**0.5


def test_sympy_conversion_is_the_same_root():
    for expression in (sympy.sqrt(2), -sympy.sqrt(2), (53 - sympy.sqrt(601)) / 46):
        value = RealAlgebraic.of(expression)
        assert sympy.simplify(value.to_sympy() - expression) == 0
        assert abs(sympy.N(value.to_sympy() - expression, 50)) < sympy.Float("1e-45")


def test_invalid_values_are_refused():
    with pytest.raises(SolverError):
        RealAlgebraic((1, 0, -1), (F(0), F(2)))  # reducible
    with pytest.raises(SolverError):
        RealAlgebraic((1, 0, -2), (F(-2), F(2)))  # two roots
    with pytest.raises(SolverError):
        RealAlgebraic((2, 0, -4), (F(1), F(2)))  # not primitive
    with pytest.raises(SolverError):
        RealAlgebraic((1, 0, 1), (F(-5), F(5)))  # no real root


def test_field_elements_become_values_of_their_own():
    field = AlgebraicField.of(sympy.sqrt(2))
    alpha = field.generator
    value = to_real_algebraic((alpha + 1) / 3)  # (1 + sqrt 2) / 3: 9x^2 - 6x - 1
    assert value.polynomial == (9, -6, -1)
    assert abs(float(value) - (1 + 2**0.5) / 3) < 1e-15
    assert to_real_algebraic(alpha * alpha - 1) == F(1)
    assert to_real_algebraic(-alpha) == -ROOT2
