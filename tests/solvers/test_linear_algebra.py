"""Exact linear algebra: the fraction-free integer solver agrees with Gauss-Jordan in Fractions."""

from __future__ import annotations

from fractions import Fraction

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from chipgame.solvers.linear_algebra import solve_exact, solve_integer


@st.composite
def square_systems(draw, max_size: int = 5, entries=st.integers(-6, 6)):
    n = draw(st.integers(1, max_size))
    matrix = [[draw(entries) for _ in range(n)] for _ in range(n)]
    return matrix, [draw(entries) for _ in range(n)]


@settings(max_examples=400, deadline=None)
@given(square_systems())
def test_the_integer_solution_is_the_fraction_solution_with_a_positive_denominator(system):
    matrix, rhs = system
    solved = solve_integer(matrix, rhs)
    expected = solve_exact([[Fraction(v) for v in row] for row in matrix], [Fraction(b) for b in rhs])
    if sympy.Matrix(matrix).det() == 0:
        assert solved is None
        return
    numerators, denominator = solved
    assert denominator > 0
    assert [Fraction(v, denominator) for v in numerators] == expected


def test_a_system_that_needs_a_row_swap_and_large_entries():
    big = 10**30 + 7
    numerators, denominator = solve_integer([[0, 1], [big, 1]], [1, big + 1])
    assert [Fraction(v, denominator) for v in numerators] == [1, 1]
