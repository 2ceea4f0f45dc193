"""Proof that the solution set of a polynomial system has no part of lower dimension.

Let ``I`` be an ideal of dimension ``e`` with ``U`` a set of ``e`` independent variables. In a
Groebner basis of ``I`` for a block order (the other variables first, then ``U``; lex is one),
read each polynomial as a polynomial in the other variables with coefficients in ``Q[U]``, and
let ``h`` be the product of its leading coefficients. Then the saturation ``I : h^inf`` is the
contraction of ``I`` extended to ``Q(U)[X \\ U]``, whose components all have dimension ``e``, and
the solution set of ``I`` is that of ``I : h^inf`` together with that of ``I + (h)`` (Gianni,
Trager, Zacharias, "Groebner bases and primary decomposition of polynomial ideals", Journal of
Symbolic Computation 6, 1988; Becker and Weispfenning, "Groebner Bases", 1993, section 8.7).
Splitting ``I + (h)`` in turn (it is strictly larger than ``I``, as ``h`` involves only
independent variables) cuts the solution set into pieces of pure dimension. The set is of pure
dimension ``d`` when every piece of lower dimension lies inside the union of those of dimension
``d``: each product of one generator per ``d``-dimensional piece then vanishes on it, which
holds when 1 is in the lower piece's ideal plus ``1 - y p`` (Rabinowitsch's extra variable
``y``, which also computes the saturations: ``I : h^inf`` is ``I + (1 - y h)`` with ``y``
eliminated).

The test proves, it never guesses: False means only that no proof was found (past
``MAX_PIECES`` pieces or ``MAX_PRODUCTS`` products, it gives up).

Examples
--------
A hyperbolic cylinder and a plane meet in a curve, every point of it on a one-dimensional
component:

>>> x, y, z = sympy.symbols("x y z")
>>> is_equidimensional([x * y + 2 * x + 2 * y - 2, z - sympy.Rational(3, 4)], (x, y, z), (0,))
True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import sympy

from .polynomial_systems import ideal_dimension

__all__ = ["MAX_PIECES", "MAX_PRODUCTS", "is_equidimensional"]

MAX_PIECES = 8
"""Most pieces of pure dimension the solution set is cut into before the test gives up."""

MAX_PRODUCTS = 64
"""Most products of generators tested on the pieces of lower dimension."""


def is_equidimensional(equations: Sequence[sympy.Expr], symbols: Sequence[sympy.Symbol],
                       independent: Sequence[int]) -> bool:
    """True when the complex solution set of ``equations = 0`` is proved to be of pure dimension
    ``len(independent)`` (the dimension of the ideal; ``independent`` holds the indices of a
    largest set of independent variables); False otherwise.

    Examples
    --------
    Two crossing lines are a curve; the line ``x = 0`` and the point ``(1, 0)`` (``xy = 0``,
    ``x^2 = x``) are not:

    >>> x, y = sympy.symbols("x y")
    >>> is_equidimensional([x * y], (x, y), (0,)), is_equidimensional([x * y, x**2 - x], (x, y), (1,))
    (True, False)
    """
    dimension = len(independent)
    top: list[list[sympy.Expr]] = []  # generators of the pieces of the full dimension
    lower: list[list[sympy.Expr]] = []
    pending = [list(equations)]
    while pending:
        if len(top) + len(lower) + len(pending) > MAX_PIECES:
            return False
        ideal = pending.pop()
        basis = sympy.groebner(ideal, *symbols, order="grevlex", domain=sympy.QQ)
        size, free = ideal_dimension(basis, len(symbols))
        if size < 0:
            continue  # no solution
        saturated, h = _saturation(basis.exprs, symbols, free)
        (top if size == dimension else lower).append(saturated)
        if h.free_symbols:
            pending.append([*basis.exprs, h])
    if not lower:
        return True
    if not top or math.prod(len(piece) for piece in top) > MAX_PRODUCTS:
        return False
    products = [sympy.Mul(*choice) for choice in itertools.product(*top)]
    return all(_vanishes(p, piece, symbols) for piece in lower for p in products)


def _saturation(ideal: Sequence[sympy.Expr], symbols: Sequence[sympy.Symbol], independent: Sequence[int]
                ) -> tuple[list[sympy.Expr], sympy.Expr]:
    """Generators of ``I : h^inf`` and ``h``, the product of the leading coefficients of a lex
    basis of ``I`` with the independent variables last, read as polynomials in the others."""
    free = [symbols[i] for i in independent]
    dependent = [s for s in symbols if s not in free]
    if not dependent:
        return list(ideal), sympy.Integer(1)
    basis = sympy.groebner(list(ideal), *dependent, *free, order="lex", domain=sympy.QQ)
    h = sympy.expand(sympy.Mul(*(sympy.Poly(e, *dependent).LC() for e in basis.exprs)))
    if not h.free_symbols:
        return list(basis.exprs), h
    y = sympy.Dummy("y")
    saturated = sympy.groebner([*basis.exprs, 1 - y * h], y, *dependent, *free, order="lex", domain=sympy.QQ)
    return [e for e in saturated.exprs if y not in e.free_symbols], h


def _vanishes(polynomial: sympy.Expr, ideal: Sequence[sympy.Expr], symbols: Sequence[sympy.Symbol]) -> bool:
    """True when ``polynomial`` vanishes on every solution of ``ideal`` (it is in its radical)."""
    y = sympy.Dummy("y")
    basis = sympy.groebner([*ideal, 1 - y * polynomial], y, *symbols, order="grevlex", domain=sympy.QQ)
    return list(basis.exprs) == [1]
