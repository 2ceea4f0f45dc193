"""Exact arithmetic in a real number field, and exact equilibria at irrational parameter values."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipgame.games import Game
from chipgame.solvers import solve
from chipgame.solvers.algebraic import equilibria_at_algebraic
from chipgame.solvers.best_response_polytopes import polytope_vertices
from chipgame.solvers.number_field import AlgebraicField
from tests.conftest import assert_equilibrium

m = sympy.Symbol("m")

GENERATORS = [sympy.sqrt(2), sympy.Rational(1, 2) - sympy.sqrt(5) / 10, sympy.cbrt(3) - 1,
              sympy.CRootOf(sympy.Poly(m**5 - m - 1, m), 0)]
"""Real algebraic numbers of degree 2, 2, 3 and 5 (the last has no expression in radicals)."""

fractions = st.fractions(min_value=-20, max_value=20, max_denominator=12)


def _as_sympy(coefficients, generator) -> sympy.Expr:
    return sum((sympy.Rational(c.numerator, c.denominator) * generator**i for i, c in enumerate(coefficients)),
               sympy.Integer(0))


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(GENERATORS), st.lists(fractions, min_size=1, max_size=4),
       st.lists(fractions, min_size=1, max_size=4))
def test_arithmetic_and_signs_agree_with_sympy(generator, a, b):
    field = AlgebraicField.of(generator)
    x, y = field.element(a), field.element(b)
    exact_x, exact_y = _as_sympy(a, generator), _as_sympy(b, generator)
    for ours, theirs in ((x + y, exact_x + exact_y), (x - y, exact_x - exact_y), (x * y, exact_x * exact_y)):
        difference = sympy.N(_as_sympy(ours.coefficients, generator) - theirs, 60)
        assert abs(difference) < 1e-40
        assert float(ours) == pytest.approx(float(sympy.N(theirs, 30)), rel=1e-12, abs=1e-12)
    sign = sympy.sign(sympy.N(exact_x - exact_y, 80))
    zero = sympy.simplify(exact_x - exact_y) == 0
    assert (x > y, x == y, x < y) == ((not zero and sign > 0), zero, (not zero and sign < 0))
    if not zero:
        assert (x - y) * (x - y).inverse() == 1


def test_a_rational_element_is_recognised_and_a_generator_is_not():
    alpha = AlgebraicField.of(sympy.Rational(1, 2) - sympy.sqrt(5) / 10).generator
    assert (5 * alpha * (1 - alpha)).rational() == 1, "alpha is a root of 5m(1-m) = 1"
    assert alpha.rational() is None
    assert float(alpha) == pytest.approx(0.276393202250021, abs=1e-15)


def test_a_value_that_is_not_algebraic_is_refused():
    from chipgame.errors import SolverError

    with pytest.raises(SolverError, match="not a real algebraic number"):
        AlgebraicField.of(sympy.pi)


def _linear_game(draw, rows: int, columns: int) -> dict:
    """Payoffs a + b*m with small integers: a rational function of m with rational coefficients."""
    labels = (tuple(f"r{i}" for i in range(rows)), tuple(f"c{j}" for j in range(columns)))
    small = st.integers(-3, 3)
    return labels, {profile: tuple(draw(small) + draw(small) * m for _ in range(2))
                    for profile in itertools.product(*labels)}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.integers(1, 3), st.integers(1, 3), st.fractions(-2, 2, max_denominator=3))
def test_at_a_rational_value_it_finds_exactly_what_solve_finds(data, rows, columns, value):
    """In a field of degree 1 the number-field enumeration is an independent exact solver."""
    labels, payoffs = _linear_game(data.draw, rows, columns)
    found = equilibria_at_algebraic(payoffs, labels, m, sympy.Rational(value.numerator, value.denominator))
    array = np.array([[[p.subs(m, sympy.Rational(value.numerator, value.denominator)) for p in payoffs[(r, c)]]
                       for c in labels[1]] for r in labels[0]], dtype=object)
    game = Game(("Row", "Column"), labels, np.vectorize(lambda v: F(int(v.p), int(v.q)))(array))
    assert [eq.profile for eq in found] == [eq.profile for eq in solve(game).equilibria]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.integers(2, 3), st.integers(2, 3))
def test_at_an_irrational_value_every_equilibrium_holds_in_floats(data, rows, columns):
    """The equilibria at m = sqrt(2) - 1 are equilibria of the float game, within rounding."""
    labels, payoffs = _linear_game(data.draw, rows, columns)
    value = sympy.sqrt(2) - 1
    found = equilibria_at_algebraic(payoffs, labels, m, value)
    assert found
    array = np.array([[[float(p.subs(m, value)) for p in payoffs[(r, c)]] for c in labels[1]] for r in labels[0]])
    game = Game(("Row", "Column"), labels, array)
    for eq in found:
        assert_equilibrium(game, eq.as_floats(), slack=1e-12)


def test_a_mixed_equilibrium_with_an_irrational_probability_at_a_threshold():
    # Row's D pays 5m(1-m) - 1 against R, so U is dominant outside the roots of 5m(1-m) = 1 and
    # the game is a coordination game between them. At a root alpha, Row may mix U with
    # probability up to alpha against R (Column's indifference): an extreme equilibrium whose
    # probability is irrational, and Column's payoff there is alpha(1 - alpha) = 1/5 exactly.
    payoffs = {("U", "L"): (1, 1 - m), ("U", "R"): (0, 0), ("D", "L"): (0, 0), ("D", "R"): (5 * m * (1 - m) - 1, m)}
    alpha = sympy.Rational(1, 2) - sympy.sqrt(5) / 10
    found = equilibria_at_algebraic(payoffs, (("U", "D"), ("L", "R")), m, alpha)
    assert [eq.support for eq in found] == [(("U",), ("L",)), (("D",), ("R",)), (("U", "D"), ("R",))]
    mixed = found[2]
    assert mixed.profile[0][0] == pytest.approx(float(alpha), abs=1e-15)
    assert mixed.profile[1] == (F(0), F(1)) and mixed.payoffs == (F(0), F(1, 5))


def test_none_when_a_payoff_is_not_a_rational_function_or_is_undefined_there():
    labels = (("a", "b"), ("x",))
    assert equilibria_at_algebraic({("a", "x"): (sympy.exp(m), 0), ("b", "x"): (0, 0)}, labels, m,
                                   sympy.sqrt(2)) is None
    assert equilibria_at_algebraic({("a", "x"): (1 / (m**2 - 2), 0), ("b", "x"): (0, 0)}, labels, m,
                                   sympy.sqrt(2)) is None


def test_a_payoff_whose_denominator_vanishes_there_but_which_is_defined_is_evaluated_after_cancelling():
    # (m^3 - 2m) / (m^2 - 2) is m wherever it is defined, sqrt(2) included once cancelled;
    # 1 + m^-2 is a power of the symbol: 3/2 at sqrt(2)
    labels = (("a", "b"), ("x",))
    payoffs = {("a", "x"): ((m**3 - 2 * m) / (m**2 - 2), 1 + m**-2), ("b", "x"): (1, 0)}
    found = equilibria_at_algebraic(payoffs, labels, m, sympy.sqrt(2))
    assert [(eq.support, eq.payoffs) for eq in found] == [((("a",), ("x",)), (pytest.approx(2**0.5, abs=1e-15),
                                                                                   F(3, 2)))]


def test_none_for_a_game_too_large_to_enumerate_in_a_number_field():
    labels = tuple(f"s{k}" for k in range(8))  # C(16, 8) = 12,870 candidate systems
    payoffs = {profile: (m, 0) for profile in itertools.product(labels, labels)}
    assert equilibria_at_algebraic(payoffs, (labels, labels), m, sympy.sqrt(2)) is None


@pytest.mark.parametrize("excess", [F(1, 10**12), sympy.sqrt(2) - F(275807, 195025)], ids=["fraction", "sqrt2"])
def test_a_vertex_that_passes_the_float_screen_but_breaks_a_constraint_exactly_is_refused(excess):
    # {z >= 0 : z <= 1, (1 + excess) z <= 1}: z = 1 satisfies the second row to within 1e-11, so
    # floats keep it as a candidate; exactly, the only vertex is z = 1 / (1 + excess).
    if isinstance(excess, F):
        one, bigger = F(1), 1 + excess
    else:
        field = AlgebraicField.of(sympy.sqrt(2))
        one, bigger = field.lift(1), 1 + (field.generator - F(275807, 195025))
    assert 0 < float(bigger - 1) < 1e-11
    (vertex,) = polytope_vertices(np.array([[one], [bigger]], dtype=object))
    assert vertex.point[0] * bigger == 1 and vertex.tight_rows == {1}
