"""Exact real solutions of systems of polynomial equations with rational coefficients.

A system is a list of polynomials (each a mapping from exponent vectors to Fraction
coefficients) that must all vanish. Its solution set is decided exactly:

- linear systems go through exact Gauss-Jordan elimination (``linear_algebra.solve_exact``);
- otherwise (and for linear systems without a unique solution) a reduced Groebner basis over
  QQ in lex order (sympy ``groebner``) tells whether the set is empty (basis ``[1]``), finite
  (zero-dimensional) or positive-dimensional (its dimension is that of the ideal of leading
  terms);
- a finite set is put in *shape position*: with a separating linear form ``t`` (the last
  variable, or a random integer combination of the variables drawn from a fixed seed, found by
  linear algebra in the quotient ring, ``quotient_shape``), the ideal reads ``x_i = g_i(t)``,
  ``p(t) = 0`` (the shape lemma; for a non-radical ideal the
  square-free parts of its univariate eliminants are added first, Seidenberg's lemma). The
  polynomial ``p`` is factored over QQ and the real roots of each irreducible factor isolated
  exactly; every coordinate of one solution then lies in one number field ``Q(alpha)``
  (``chipgame.solvers.number_field``), where it can be compared and computed with exactly.

The work is bounded by the number of variables, the degree of ``p`` and the size of its
coefficients, never by the clock: past a bound the result says so (``complete=False``).

Examples
--------
>>> x, y = sympy.symbols("x y")
>>> system = [polynomial_from_sympy(e, (x, y)) for e in (x**2 + y**2 - 1, x - y)]
>>> found = solve_polynomial_system(system, ("x", "y"))
>>> found.dimension, [tuple(float(v) for v in point) for point in found.points]
(0, [(-0.7071067811865476, -0.7071067811865476), (0.7071067811865476, 0.7071067811865476)])
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

from ..errors import SolverError
from .linear_algebra import solve_exact
from .quotient_shape import MAX_QUOTIENT_DIMENSION, shape_by_multiplication
from .real_points import MAX_COEFFICIENT_BITS, MAX_ROOT_DEGREE, Coordinate, fraction_of, real_points

__all__ = [
    "MAX_BEZOUT_NUMBER",
    "MAX_COEFFICIENT_BITS",
    "MAX_ROOT_DEGREE",
    "MAX_VARIABLES",
    "Polynomial",
    "SolutionSet",
    "ideal_dimension",
    "polynomial_from_sympy",
    "polynomial_text",
    "solve_polynomial_system",
]

Polynomial = Mapping[tuple[int, ...], Fraction]
"""A polynomial: exponent vector (one entry per variable) to its non-zero Fraction coefficient."""


MAX_VARIABLES = 12
"""Most variables of a non-linear system handed to the Groebner basis computation."""

MAX_BEZOUT_NUMBER = 128
"""Largest product of the total degrees of the equations of a non-linear system handed to the
Groebner basis computation (sympy's, in pure Python): the number of solutions and the work grow
with it. The 3x3x3 game's full support (six quadratic equations) has 64; five players with two
strategies each (five quartics) have 1024, and that basis is out of reach."""


_SHAPE_ATTEMPTS = 4
"""Random separating linear forms tried (after the last variable) to reach shape position."""

_FORM_WEIGHT = 97
"""Largest absolute weight of a variable in a random separating form: weights from a wide range,
so that solutions with small rational coordinates (as in symmetric games) are rarely merged."""

_SEED = 1996
"""Seed of the random separating linear forms, so that results never vary between runs."""


@dataclass(frozen=True)
class SolutionSet:
    """The solutions of a polynomial system.

    Parameters
    ----------
    variables
        The variable names, in the order of the coordinates.
    dimension
        -1 when there is no complex solution, 0 when there are finitely many, otherwise the
        dimension of the complex solution set.
    points
        When finite: every real solution, one tuple of coordinates per solution; all the
        coordinates of one solution are Fractions or elements of one number field.
    basis
        When positive-dimensional, the reduced Groebner basis (grevlex order) as text in the
        variable names; ``("1",)`` when empty; otherwise empty.
    independent
        When positive-dimensional: a largest set of variables (indices) independent modulo
        the ideal, whose values can be chosen freely (generically).
    complete
        False when a bound was hit and some solutions may be missing (see ``notes``).
    notes
        What was skipped, and why.

    Examples
    --------
    >>> x, y = sympy.symbols("x y")
    >>> line = solve_polynomial_system([polynomial_from_sympy(x * y - x, (x, y))], ("x", "y"))
    >>> line.dimension, line.basis, line.independent
    (1, ('x*y - x',), (0,))
    """

    variables: tuple[str, ...]
    dimension: int
    points: tuple[tuple[Coordinate, ...], ...] = ()
    basis: tuple[str, ...] = ()
    independent: tuple[int, ...] = ()
    complete: bool = True
    notes: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the system has no solution at all (not even a complex one)."""
        return self.dimension < 0

    @property
    def is_finite(self) -> bool:
        """True when the system has finitely many (complex) solutions."""
        return self.dimension == 0


def polynomial_from_sympy(expression: sympy.Expr, symbols: Sequence[sympy.Symbol]) -> dict[tuple[int, ...], Fraction]:
    """A polynomial with rational coefficients, given as a sympy expression in ``symbols``.

    Raises
    ------
    SolverError
        When ``expression`` is not a polynomial in ``symbols`` with rational coefficients.

    Examples
    --------
    >>> x, y = sympy.symbols("x y")
    >>> polynomial_from_sympy(x * y / 2 - 3, (x, y))
    {(1, 1): Fraction(1, 2), (0, 0): Fraction(-3, 1)}
    """
    try:
        poly = sympy.Poly(expression, *symbols, domain=sympy.QQ)
    except (sympy.PolynomialError, sympy.polys.polyerrors.CoercionFailed) as error:
        raise SolverError(f"{expression} is not a polynomial with rational coefficients ({error})",
                          fix="give a polynomial in the listed variables") from None
    return {monomial: fraction_of(c) for monomial, c in poly.terms() if c}


def polynomial_text(polynomial: Polynomial, variables: Sequence[str]) -> str:
    """A polynomial as readable text in the variable names.

    Examples
    --------
    >>> polynomial_text({(1, 1): Fraction(1, 2), (0, 0): Fraction(-3)}, ("p", "q"))
    'p*q/2 - 3'
    """
    return str(_as_expression(polynomial, [sympy.Symbol(name) for name in variables]))


def solve_polynomial_system(equations: Sequence[Polynomial], variables: Sequence[str]) -> SolutionSet:
    """Every real solution of ``equations = 0``, exactly; or the dimension of the solution set.

    Parameters
    ----------
    equations
        Polynomials in ``len(variables)`` variables with Fraction coefficients. Any number of
        them (a square system is the usual case).
    variables
        The variable names, used in the text of the basis.

    Returns
    -------
    SolutionSet
        Empty, finite (every real point, in exact number fields) or positive-dimensional (the
        dimension, the basis and a set of independent variables).

    Raises
    ------
    SolverError
        When an exponent vector does not have one entry per variable.

    Examples
    --------
    >>> x, y = sympy.symbols("x y")
    >>> solve_polynomial_system([polynomial_from_sympy(x - 2 * y - 1, (x, y)),
    ...                          polynomial_from_sympy(x + y - 4, (x, y))], ("x", "y")).points
    ((Fraction(3, 1), Fraction(1, 1)),)
    >>> solve_polynomial_system([polynomial_from_sympy(x**2 + 1, (x, y))], ("x", "y")).dimension
    1
    """
    names = tuple(variables)
    polynomials = [dict(p) for p in equations if any(p.values())]
    _check_exponents(polynomials, len(names))
    if any(all(not any(m) for m in p) for p in polynomials):
        return SolutionSet(names, -1)  # a non-zero constant
    if not names:
        return SolutionSet(names, 0, points=((),))
    if polynomials and all(sum(m) <= 1 for p in polynomials for m in p):
        point = _linear_solution(polynomials, len(names))
        if point is not None:
            return SolutionSet(names, 0, points=(point,))
    if len(names) > MAX_VARIABLES:
        return SolutionSet(names, 0, complete=False, notes=(
            f"a system in {len(names)} variables was not solved (more than {MAX_VARIABLES})",))
    bezout = math.prod(max(sum(m) for m in p) for p in polynomials)
    if bezout > MAX_BEZOUT_NUMBER:
        return SolutionSet(names, 0, complete=False, notes=(
            f"a system in {len(names)} variables with Bezout number {bezout} (over {MAX_BEZOUT_NUMBER}) "
            "was not solved",))
    return _solve_by_groebner(polynomials, names)


def _check_exponents(polynomials: Sequence[Polynomial], count: int) -> None:
    for p in polynomials:
        for monomial in p:
            if len(monomial) != count:
                raise SolverError(f"the monomial {monomial} does not have {count} exponents",
                                  fix="give one exponent per variable")


def _linear_solution(polynomials: Sequence[Polynomial], count: int) -> tuple[Fraction, ...] | None:
    """The unique solution of a linear system; None when there is none or more than one."""
    matrix, rhs = [], []
    for p in polynomials:
        row = [Fraction(0)] * count
        constant = Fraction(0)
        for monomial, c in p.items():
            if any(monomial):
                row[monomial.index(1)] += c
            else:
                constant += c
        matrix.append(row)
        rhs.append(-constant)
    solution = solve_exact(matrix, rhs) if len(matrix) >= count else None
    return tuple(solution) if solution is not None else None


def _solve_by_groebner(polynomials: list[dict[tuple[int, ...], Fraction]], names: tuple[str, ...]) -> SolutionSet:
    symbols = sympy.symbols(f"x0:{len(names)}")
    expressions = [_as_expression(p, symbols) for p in polynomials]
    basis = _groebner(expressions, symbols)
    if basis.exprs == [1]:
        return SolutionSet(names, -1, basis=("1",))
    if not basis.is_zero_dimensional:
        dimension, independent = ideal_dimension(basis, len(names))
        text = tuple(str(e.subs(dict(zip(symbols, map(sympy.Symbol, names))))) for e in basis.exprs)
        return SolutionSet(names, dimension, basis=text, independent=independent)
    points, notes = _finite_points(expressions, basis, symbols)
    return SolutionSet(names, 0, points=points, complete=not notes, notes=notes)


def _groebner(expressions: Sequence[sympy.Expr], symbols: Sequence[sympy.Symbol]) -> sympy.GroebnerBasis:
    """The reduced Groebner basis: in lex order when the ideal is zero-dimensional (computed in
    grevlex by Buchberger's algorithm, then converted by FGLM, which is much faster than lex
    directly on these systems), in grevlex order otherwise."""
    basis = sympy.groebner(list(expressions), *symbols, order="grevlex", method="buchberger", domain=sympy.QQ)
    if basis.exprs != [1] and basis.is_zero_dimensional:
        return basis.fglm("lex")
    return basis


def ideal_dimension(basis: sympy.GroebnerBasis, count: int) -> tuple[int, tuple[int, ...]]:
    """The dimension of the ideal of ``basis`` (a Groebner basis in ``count`` variables; that of
    its leading-term ideal) and a largest independent set: a largest set of variables (indices)
    containing the variables of no leading monomial. -1 and none for the whole ring.

    Examples
    --------
    >>> x, y, z = sympy.symbols("x y z")
    >>> ideal_dimension(sympy.groebner([x * y - 1, z], x, y, z, order="grevlex"), 3)
    (1, (0,))
    """
    if basis.exprs == [1]:
        return -1, ()
    leading = [{i for i, e in enumerate(max(p.monoms(), key=basis.order)) if e} for p in basis.polys]
    for size in range(count, -1, -1):
        for subset in itertools.combinations(range(count), size):
            chosen = set(subset)
            if all(not variables <= chosen for variables in leading):
                return size, subset
    return 0, ()


def _finite_points(expressions: list[sympy.Expr], basis: sympy.GroebnerBasis,
                   symbols: Sequence[sympy.Symbol]) -> tuple[tuple[tuple[Coordinate, ...], ...], tuple[str, ...]]:
    """Every real point of a zero-dimensional system, through a shape position."""
    shape = _shape(basis, len(symbols)) or _shape_with_forms(basis, symbols)
    if shape is None:
        radical = _groebner(expressions + _square_free_eliminants(expressions, symbols), symbols)
        shape = _shape(radical, len(symbols)) or _shape_with_forms(radical, symbols)
    if shape is None:
        return (), ("no shape position was reached for a finite system (or it has more than "
                    f"{MAX_QUOTIENT_DIMENSION} solutions); its solutions were skipped",)
    parameterisation, univariate = shape
    return real_points(parameterisation, univariate)


def _shape_with_forms(basis: sympy.GroebnerBasis, symbols: Sequence[sympy.Symbol]
                      ) -> tuple[list[list[Fraction]], sympy.Poly] | None:
    """The shape position with a random separating form ``t = sum c_i x_i`` (fixed seed), found
    by linear algebra in the quotient ring of ``basis`` (``quotient_shape``)."""
    generator = random.Random(_SEED)
    for _ in range(_SHAPE_ATTEMPTS):
        weights = [generator.choice((-1, 1)) * generator.randint(1, _FORM_WEIGHT) for _ in symbols]
        shape = shape_by_multiplication(basis, symbols, weights)
        if shape is not None:
            return shape
    return None


def _shape(basis: sympy.GroebnerBasis, count: int) -> tuple[list[list[Fraction]], sympy.Poly] | None:
    """``([g_0, ..., g_{count-1}], p)`` when the basis reads ``x_i - g_i(t), p(t)`` with ``t`` the
    last variable (``g`` lowest degree first; ``g_{count-1}`` is ``t`` itself); None otherwise."""
    gens = basis.gens
    t = gens[-1]
    if len(basis.exprs) != count:
        return None
    parameterisation: list[list[Fraction] | None] = [None] * (count - 1)
    univariate = None
    for expression in basis.exprs:
        poly = sympy.Poly(expression, *gens, domain=sympy.QQ)
        leading = poly.monoms()[0]
        if not any(leading[:-1]):
            univariate = sympy.Poly(expression, t, domain=sympy.QQ)
            continue
        index = next(i for i, e in enumerate(leading) if e)
        rest = poly - sympy.Poly(gens[index], *gens) * poly.coeff_monomial(leading)
        if leading[index] != 1 or sum(leading) != 1 or any(any(m[:-1]) for m in rest.monoms()):
            return None
        lead = fraction_of(poly.coeff_monomial(leading))
        tail = sympy.Poly(rest.as_expr(), t, domain=sympy.QQ)
        parameterisation[index] = [-fraction_of(c) / lead for c in reversed(tail.all_coeffs())]
    found = [g for g in parameterisation if g is not None]
    if univariate is None or len(found) < count - 1:
        return None
    return [*found, [Fraction(0), Fraction(1)]], univariate


def _square_free_eliminants(expressions: list[sympy.Expr], symbols: Sequence[sympy.Symbol]) -> list[sympy.Expr]:
    """For each variable, the square-free part of the univariate polynomial of the ideal in that
    variable: added to the ideal, they make it radical (Seidenberg's lemma)."""
    added = []
    for k, symbol in enumerate(symbols):
        order = [*symbols[:k], *symbols[k + 1:], symbol]
        last = _groebner(expressions, order).exprs[-1]
        added.append(sympy.sqf_part(sympy.Poly(last, symbol, domain=sympy.QQ)).as_expr())
    return added


def _as_expression(polynomial: Polynomial, symbols: Sequence[sympy.Symbol]) -> sympy.Expr:
    terms = []
    for monomial, c in polynomial.items():
        term = sympy.Rational(c.numerator, c.denominator)
        for symbol, exponent in zip(symbols, monomial):
            term *= symbol**exponent
        terms.append(term)
    return sympy.Add(*terms)


