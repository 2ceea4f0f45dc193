"""The shape position by linear algebra in the quotient ring (``quotient_shape``).

Checked against the direct way, a lex Groebner basis of the ideal with ``t - sum w_i x_i``
added (``t`` last): both find a shape position or neither does, with the same minimal
polynomial ``p``, and the parameterisation found satisfies every equation modulo ``p``.
"""

from __future__ import annotations

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from chipgame.solvers.quotient_shape import shape_by_multiplication, standard_monomials

X, Y, Z = sympy.symbols("x y z")
T = sympy.Symbol("t")

_coefficients = st.integers(-4, 4)


def _direct_univariate(equations, symbols, weights):
    """The minimal polynomial of the form when the lex basis with ``t`` last is in shape position."""
    form = T - sum(w * s for w, s in zip(weights, symbols))
    basis = sympy.groebner([*equations, form], *symbols, T, order="lex")
    in_shape = len(basis.exprs) == len(symbols) + 1 and all(
        sympy.Poly(e, *symbols).total_degree() == 1 and sympy.Poly(e, *symbols).degree(s) == 1
        for e, s in zip(basis.exprs, symbols))
    return sympy.Poly(basis.exprs[-1], T, domain=sympy.QQ).monic() if in_shape else None


@settings(max_examples=40, deadline=None)
@given(st.lists(_coefficients, min_size=8, max_size=8), st.lists(st.integers(1, 9), min_size=2, max_size=2))
def test_two_bilinear_equations_agree_with_the_lex_basis(c, weights):
    equations = [c[0] * X * Y + c[1] * X + c[2] * Y + c[3] + X**2, c[4] * X * Y + c[5] * X + c[6] * Y + c[7] + Y**2]
    basis = sympy.groebner(equations, X, Y, order="grevlex")
    if not basis.is_zero_dimensional:
        return
    found = shape_by_multiplication(basis, (X, Y), weights)
    expected = _direct_univariate(equations, (X, Y), weights)
    assert (found is None) == (expected is None)
    if found is None:
        return
    parameterisation, univariate = found
    p = sympy.Poly(univariate.as_expr().subs(univariate.gen, T), T, domain=sympy.QQ)
    assert p == expected
    values = [sum(sympy.Rational(g.numerator, g.denominator) * T**k for k, g in enumerate(coefficients))
              for coefficients in parameterisation]
    for equation in equations:
        assert sympy.Poly(equation.subs({X: values[0], Y: values[1]}, simultaneous=True), T).rem(p).is_zero
    assert sympy.Poly(weights[0] * values[0] + weights[1] * values[1] - T, T).rem(p).is_zero


def test_three_players_coordination_support_has_ten_points():
    # the quadratic indifference conditions of a symmetric three-variable system: the quotient
    # has as many dimensions as the system has solutions, and the form separates them
    equations = [X * Y - X - Y + sympy.Rational(1, 2), Y * Z - Y - Z + sympy.Rational(1, 2),
                 X * Z - X - Z + sympy.Rational(1, 2)]
    basis = sympy.groebner(equations, X, Y, Z, order="grevlex")
    found = shape_by_multiplication(basis, (X, Y, Z), (3, -5, 7))
    assert found is not None and found[1].degree() == len(standard_monomials(basis, 3))


def test_a_form_that_does_not_separate_the_solutions_gives_none():
    # x**2 = y**2 = 1 has four solutions; t = x + y takes the value 0 at two of them
    basis = sympy.groebner([X**2 - 1, Y**2 - 1], X, Y, order="grevlex")
    assert shape_by_multiplication(basis, (X, Y), (1, 1)) is None
    assert shape_by_multiplication(basis, (X, Y), (1, 2)) is not None
