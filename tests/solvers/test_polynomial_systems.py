"""Exact real solutions of polynomial systems (``chipgame.solvers.polynomial_systems``).

Each point returned is substituted back into its equations exactly (in its number field), and
the real solutions are compared with sympy's own ``solve`` evaluated to 50 digits.
"""

from __future__ import annotations

import random
from fractions import Fraction as F

import sympy

from chipgame.solvers.number_field import Algebraic
from chipgame.solvers.polynomial_systems import (
    MAX_BEZOUT_NUMBER,
    polynomial_from_sympy,
    polynomial_text,
    solve_polynomial_system,
)

X, Y, Z = sympy.symbols("x y z")


def _solve(expressions, symbols=(X, Y)):
    names = tuple(str(s) for s in symbols)
    return solve_polynomial_system([polynomial_from_sympy(e, symbols) for e in expressions], names)


def _vanishes(expression, symbols, point) -> bool:
    """Substitute exact coordinates (Fractions or one field's elements) into a sympy polynomial."""
    total = F(0)
    for monomial, c in sympy.Poly(expression, *symbols).terms():
        term = F(int(sympy.Rational(c).p), int(sympy.Rational(c).q))
        for value, exponent in zip(point, monomial):
            for _ in range(exponent):
                term = term * value
        total = total + term
    return total == 0


def _reference(expressions, symbols):
    """The real solutions of two equations in two unknowns found another way: the real roots
    of the resultant in ``x`` (mpmath, 50 digits), then the real roots in ``y`` of the first
    equation there that the second also satisfies. Sorted tuples of floats."""
    import mpmath

    mpmath.mp.dps = 50
    f, g = expressions
    x, y = symbols
    resultant = sympy.Poly(sympy.resultant(f, g, y), x)
    points = set()
    for root in mpmath.polyroots([int(c) for c in resultant.all_coeffs()], maxsteps=200, extraprec=200):
        if abs(mpmath.im(root)) > mpmath.mpf(10) ** -30:
            continue
        x0 = mpmath.re(root)
        in_y = sympy.Poly(f, y).all_coeffs()
        coefficients = [mpmath.mpf(0) + sympy.lambdify(x, c, "mpmath")(x0) for c in in_y]
        while coefficients and abs(coefficients[0]) < mpmath.mpf(10) ** -30:
            coefficients.pop(0)
        for y_root in mpmath.polyroots(coefficients, maxsteps=200, extraprec=200) if len(coefficients) > 1 else ():
            if abs(mpmath.im(y_root)) < mpmath.mpf(10) ** -30:
                y0 = mpmath.re(y_root)
                if abs(sympy.lambdify((x, y), g, "mpmath")(x0, y0)) < mpmath.mpf(10) ** -25:
                    points.add((round(float(x0), 12), round(float(y0), 12)))
    return sorted(points)


def _floats(points):
    return sorted(tuple(float(v) for v in point) for point in points)


def test_linear_system_unique_solution_without_groebner():
    found = _solve([X + 2 * Y - 3, 3 * X - Y - 2])
    assert found.is_finite and found.points == ((F(1), F(1)),) and found.basis == ()


def test_inconsistent_linear_system_is_empty():
    found = _solve([X + Y - 1, 2 * X + 2 * Y - 3])
    assert found.is_empty and found.points == ()


def test_underdetermined_system_reports_its_dimension():
    found = _solve([X + Y + Z - 1], (X, Y, Z))
    assert found.dimension == 2 and len(found.independent) == 2 and found.basis == ("x + y + z - 1",)


def test_circle_and_line_meet_at_two_irrational_points():
    equations = [X**2 + Y**2 - 1, X - 2 * Y]
    found = _solve(equations)
    assert found.is_finite and len(found.points) == 2
    for point in found.points:
        assert any(isinstance(v, Algebraic) for v in point)
        assert all(_vanishes(e, (X, Y), point) for e in equations)
    assert [tuple(round(v, 12) for v in p) for p in _floats(found.points)] == _reference(equations, (X, Y))


def test_no_real_solution():
    found = _solve([X**2 + 1, Y - X])
    assert found.is_finite and found.points == ()


def test_last_variable_not_separating_needs_a_random_form():
    equations = [X**2 - 2, Y**2 - 3]  # y takes two values at each of four points
    found = _solve(equations)
    assert len(found.points) == 4
    for point in found.points:
        assert all(_vanishes(e, (X, Y), point) for e in equations)
    expected = sorted((a * 2**0.5, b * 3**0.5) for a in (-1, 1) for b in (-1, 1))
    for mine, theirs in zip(_floats(found.points), expected):
        assert max(abs(a - b) for a, b in zip(mine, theirs)) < 1e-12


def test_double_root_is_one_point():
    found = _solve([X**2, Y - X - 1])
    assert found.points == ((F(0), F(1)),)


def test_non_radical_ideal_without_shape_position():
    found = _solve([X**2, X * Y, Y**2])
    assert found.points == ((F(0), F(0)),)


def test_random_quadratic_systems_against_sympy():
    generator = random.Random(7)
    for _ in range(12):
        coefficients = [[generator.randint(-4, 4) for _ in range(6)] for _ in range(2)]
        equations = [a * X**2 + b * X * Y + c * Y**2 + d * X + e * Y + f for a, b, c, d, e, f in coefficients]
        found = _solve(equations)
        if not found.is_finite:
            continue
        for point in found.points:
            assert all(_vanishes(e, (X, Y), point) for e in equations)
        reference = _reference(equations, (X, Y))
        assert len(found.points) == len(reference)
        for mine, theirs in zip(_floats(found.points), reference):
            assert max(abs(a - b) for a, b in zip(mine, theirs)) < 1e-9


def test_too_large_a_system_is_refused_not_attempted():
    symbols = sympy.symbols("a0:5")
    equations = [sympy.Mul(*(s + k for s in symbols)) - k for k in range(1, 6)]  # Bezout number 5**5
    found = _solve(equations, symbols)
    assert 5**5 > MAX_BEZOUT_NUMBER
    assert not found.complete and "Bezout" in found.notes[0]


def test_text_uses_the_variable_names():
    assert polynomial_text(polynomial_from_sympy(X * Y - 2 * X + F(1, 3), (X, Y)), ("p(Row:Up)", "q")) == \
        "p(Row:Up)*q - 2*p(Row:Up) + 1/3"
