"""The shape position of a zero-dimensional ideal, by linear algebra in its quotient ring.

For a zero-dimensional ideal ``I`` of ``Q[x_1, ..., x_n]`` with a Groebner basis ``G``, the
quotient ring ``A = Q[x]/I`` has finite dimension ``D``, with the *standard monomials* (those
no leading monomial of ``G`` divides) as a basis. Multiplication by a linear form
``t = sum w_i x_i`` is a linear map of ``A`` (its matrix comes from the normal forms, modulo
``G``, of ``x_i`` times the standard monomials). When the powers ``1, t, ..., t^(D-1)`` are a
basis of ``A``, the ideal is in shape position with respect to ``t``: every ``x_i`` is
``g_i(t)`` for a polynomial ``g_i`` of degree below ``D`` (its coordinates in that basis), and
``t`` is a root of its minimal polynomial ``p`` of degree ``D`` (the coordinates of ``t^D``).
This is the linear algebra of the FGLM algorithm (Faugere, Gianni, Lazard, Mora, "Efficient
computation of zero-dimensional Groebner bases by change of ordering", Journal of Symbolic
Computation 16, 1993) for the lex order with ``t`` last, without computing a Groebner basis of
``I + (t - sum w_i x_i)``. The powers are a basis exactly when that lex basis is
``x_i - g_i(t), p(t)``, so both give the same shape position.

Examples
--------
The circle and the diagonal meet at two points; with ``t = x + 2y``, ``x = t/3`` and
``t^2 = 9/2``:

>>> x, y = sympy.symbols("x y")
>>> basis = sympy.groebner([x**2 + y**2 - 1, x - y], x, y, order="lex")
>>> parameterisation, univariate = shape_by_multiplication(basis, (x, y), (1, 2))
>>> parameterisation, univariate.as_expr()
([[Fraction(0, 1), Fraction(1, 3)], [Fraction(0, 1), Fraction(1, 3)]], _t**2 - 9/2)
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy
from sympy import QQ
from sympy.polys.matrices import DomainMatrix

__all__ = ["MAX_QUOTIENT_DIMENSION", "shape_by_multiplication", "standard_monomials"]

MAX_QUOTIENT_DIMENSION = 64
"""Largest dimension of a quotient ring whose shape position is looked for by linear algebra."""

Monomial = tuple[int, ...]


def standard_monomials(basis: sympy.GroebnerBasis, count: int) -> list[Monomial] | None:
    """The monomials in ``count`` variables that no leading monomial of ``basis`` divides, in
    increasing exponent order; None when there are more than ``MAX_QUOTIENT_DIMENSION``.

    Examples
    --------
    >>> x, y = sympy.symbols("x y")
    >>> standard_monomials(sympy.groebner([x**2 - 2, y - x], x, y, order="lex"), 2)
    [(0, 0), (0, 1)]
    """
    leading = [sympy.Poly(e, *basis.gens, domain=sympy.QQ).monoms(order=basis.order)[0] for e in basis.exprs]
    found: list[Monomial] = []
    frontier: list[Monomial] = [(0,) * count]
    seen = set(frontier)
    while frontier:
        monomial = frontier.pop()
        if any(all(a >= b for a, b in zip(monomial, lead)) for lead in leading):
            continue
        found.append(monomial)
        if len(found) > MAX_QUOTIENT_DIMENSION:
            return None
        for i in range(count):
            step = tuple(a + (j == i) for j, a in enumerate(monomial))
            if step not in seen:
                seen.add(step)
                frontier.append(step)
    return sorted(found)


def shape_by_multiplication(basis: sympy.GroebnerBasis, symbols: Sequence[sympy.Symbol], weights: Sequence[int]
                            ) -> tuple[list[list[Fraction]], sympy.Poly] | None:
    """``([g_1, ..., g_n], p)`` when the ideal of ``basis`` (zero-dimensional, in ``symbols``)
    is in shape position with respect to ``t = sum(weights[i] * symbols[i])``: ``x_i = g_i(t)``
    (coefficients lowest degree first) and ``p(t) = 0`` (a monic polynomial in a dummy
    variable); None when it is not, or its quotient ring has more than
    ``MAX_QUOTIENT_DIMENSION`` dimensions.

    Examples
    --------
    ``x^2 = y^2 = 1`` has four solutions; ``x + y`` takes the value 0 at two of them, so it
    separates nothing there, while ``x + 2y`` takes four values:

    >>> x, y = sympy.symbols("x y")
    >>> basis = sympy.groebner([x**2 - 1, y**2 - 1], x, y, order="grevlex")
    >>> shape_by_multiplication(basis, (x, y), (1, 1)) is None
    True
    >>> shape_by_multiplication(basis, (x, y), (1, 2))[1].as_expr()
    _t**4 - 10*_t**2 + 9
    """
    standard = standard_monomials(basis, len(symbols))
    if standard is None:
        return None
    index = {m: k for k, m in enumerate(standard)}
    size = len(standard)

    def coordinates(monomial: Monomial) -> list[Any]:
        """The normal form of a monomial, in the basis of standard monomials (elements of QQ)."""
        vector = [QQ(0)] * size
        if monomial in index:
            vector[index[monomial]] = QQ(1)
            return vector
        remainder = basis.reduce(sympy.Mul(*(s**e for s, e in zip(symbols, monomial))))[1]
        for term, c in sympy.Poly(remainder, *symbols, domain=sympy.QQ).terms():
            vector[index[term]] = QQ.from_sympy(c)
        return vector

    def matrix(columns: Sequence[Sequence[Any]]) -> DomainMatrix:
        return DomainMatrix([list(row) for row in zip(*columns)], (size, len(columns)), QQ)

    unit = [tuple(int(j == i) for j in range(len(symbols))) for i in range(len(symbols))]
    multiplication = sum((matrix([coordinates(tuple(a + b for a, b in zip(m, u))) for m in standard]) * QQ(w)
                          for u, w in zip(unit, weights)), start=DomainMatrix.zeros((size, size), QQ))
    powers = [matrix([coordinates((0,) * len(symbols))])]
    for _ in range(size):
        powers.append(multiplication * powers[-1])
    krylov = powers[0].hstack(*powers[1:size])
    if krylov.rank() < size:
        return None  # the powers of t are not a basis: not in shape position
    solved = krylov.lu_solve(powers[size].hstack(matrix([coordinates(u) for u in unit]))).to_list()
    top, *parameterisation = ([Fraction(int(row[j].numerator), int(row[j].denominator)) for row in solved]
                              for j in range(len(symbols) + 1))
    t = sympy.Dummy("t")
    univariate = sympy.Poly([1, *(-sympy.Rational(c.numerator, c.denominator) for c in reversed(top))], t,
                            domain=sympy.QQ)
    return parameterisation, univariate
