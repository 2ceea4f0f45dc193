"""Immutable real algebraic numbers: a minimal polynomial and an isolating interval.

A ``RealAlgebraic`` is the one real root of an irreducible integer polynomial (primitive, with
a positive leading coefficient) inside an interval with rational ends. It is compared exactly
with ints, Fractions and other real algebraic numbers, hashed, pickled and printed; arithmetic
is done elsewhere, in the number field it generates (``chipgame.solvers.number_field``), and
``to_real_algebraic`` turns an element of such a field back into a value of its own.

Comparisons narrow a private copy of the interval (by bisection, in the number field's
``AlgebraicField``); the public ``polynomial`` and ``interval`` never change.

Examples
--------
>>> root2 = RealAlgebraic.of(sympy.sqrt(2))
>>> root2.polynomial, root2 > Fraction(1414213562373095, 10**15), root2.decimal(12)
((1, 0, -2), True, '1.414213562373')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy
from sympy import QQ
from sympy.polys.matrices import DomainMatrix

from ..errors import InternalError, SolverError
from .number_field import Algebraic, AlgebraicField

__all__ = ["RealAlgebraic", "to_real_algebraic"]

_X = sympy.Symbol("x")
"""The variable of the minimal polynomials, for display."""


class RealAlgebraic:
    """A real algebraic number: the root of ``polynomial`` inside ``interval``.

    Parameters
    ----------
    polynomial
        Integer coefficients, highest degree first: irreducible over the rationals, primitive,
        leading coefficient positive.
    interval
        ``(low, high)`` with Fraction ends, containing exactly one real root of ``polynomial``.

    Raises
    ------
    SolverError
        When the polynomial is not irreducible, primitive with a positive leading coefficient,
        or the interval does not isolate one of its real roots.

    Examples
    --------
    >>> golden = RealAlgebraic((1, -1, -1), (Fraction(1), Fraction(2)))
    >>> golden == RealAlgebraic.of((1 + sympy.sqrt(5)) / 2), float(golden), golden < 2
    (True, 1.618033988749895, True)
    """

    __slots__ = ("polynomial", "interval", "_field")

    polynomial: tuple[int, ...]
    interval: tuple[Fraction, Fraction]
    _field: AlgebraicField | None  # the number field of the value, made on first use

    def __init__(self, polynomial: Sequence[int], interval: tuple[Any, Any]) -> None:
        coefficients, bounds = _checked(polynomial, interval)
        object.__setattr__(self, "polynomial", coefficients)
        object.__setattr__(self, "interval", bounds)
        object.__setattr__(self, "_field", None)

    @classmethod
    def of(cls, value: sympy.Expr) -> RealAlgebraic:
        """The real algebraic number given by a sympy expression (such as ``sqrt(2)``).

        Raises
        ------
        SolverError
            When ``value`` is not a real algebraic number.

        Examples
        --------
        >>> RealAlgebraic.of(sympy.sqrt(3) - 1).polynomial
        (1, 2, -2)
        """
        field = AlgebraicField.of(value)
        return _trusted(_integer_polynomial(field.modulus), (field.low, field.high))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("RealAlgebraic values are immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        return (RealAlgebraic, (self.polynomial, self.interval))

    @property
    def degree(self) -> int:
        """The degree of the minimal polynomial (1 for a rational number)."""
        return len(self.polynomial) - 1

    def rational(self) -> Fraction | None:
        """The value as a Fraction when it is rational (degree 1); None otherwise."""
        if self.degree != 1:
            return None
        return Fraction(-self.polynomial[1], self.polynomial[0])

    def field(self) -> AlgebraicField:
        """The number field ``Q(self)`` with this value as its generator (a private copy, whose
        interval narrows as signs are decided there)."""
        return AlgebraicField(_monic(self.polynomial), self.interval)

    def _bounds(self) -> AlgebraicField:
        field = self._field
        if field is None:
            field = self.field()
            object.__setattr__(self, "_field", field)
        return field

    def __float__(self) -> float:
        rational = self.rational()
        return float(rational) if rational is not None else float(self._bounds().generator)

    def decimal(self, digits: int = 10) -> str:
        """The value rounded to ``digits`` decimal places (half away from zero), as text.

        Examples
        --------
        >>> RealAlgebraic.of(-sympy.sqrt(2)).decimal(3), RealAlgebraic.of(sympy.sqrt(2)).decimal(0)
        ('-1.414', '1')
        """
        if digits < 0:
            raise SolverError(f"{digits} decimal places", fix="ask for 0 or more")
        rational = self.rational()
        if rational is not None:
            return _rounded_text(rational, digits)
        field = self._bounds()
        while True:  # an irrational value is never a rounding tie: the loop ends
            low, high = _rounded_text(field.low, digits), _rounded_text(field.high, digits)
            if low == high:
                return low
            _halve(field)

    def to_sympy(self) -> sympy.Expr:
        """The value as a sympy ``CRootOf`` (an Integer or Rational when it is rational), for
        display and symbolic work.

        Examples
        --------
        >>> RealAlgebraic.of(-sympy.sqrt(2)).to_sympy()
        CRootOf(x**2 - 2, 0)
        """
        rational = self.rational()
        if rational is not None:
            return sympy.Rational(rational.numerator, rational.denominator)
        poly = sympy.Poly(list(self.polynomial), _X)
        low = sympy.Rational(self.interval[0].numerator, self.interval[0].denominator)
        return sympy.CRootOf(poly, int(poly.count_roots(sup=low)))

    def _compare(self, other: Any) -> int:
        """-1, 0 or 1 as ``self`` is below, equal to or above ``other``."""
        if isinstance(other, RealAlgebraic):
            rational = other.rational()
            if rational is None:
                return _compare_irrational(self, other) if self.degree > 1 else -other._compare(self.rational())
            other = rational
        if not isinstance(other, (int, Fraction)) or isinstance(other, bool):
            raise TypeError(f"a real algebraic number cannot be compared with {type(other).__name__}")
        rational = self.rational()
        if rational is not None:
            return (rational > other) - (rational < other)
        return self._bounds().sign((Fraction(-other), Fraction(1)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (int, Fraction, RealAlgebraic)) or isinstance(other, bool):
            return NotImplemented
        return self._compare(other) == 0

    def __hash__(self) -> int:
        rational = self.rational()
        return hash(rational) if rational is not None else hash(("RealAlgebraic", self.polynomial))

    def __lt__(self, other: Any) -> bool:
        return self._compare(other) < 0

    def __le__(self, other: Any) -> bool:
        return self._compare(other) <= 0

    def __gt__(self, other: Any) -> bool:
        return self._compare(other) > 0

    def __ge__(self, other: Any) -> bool:
        return self._compare(other) >= 0

    def __neg__(self) -> RealAlgebraic:
        flipped = [c if (self.degree - k) % 2 == 0 else -c for k, c in enumerate(self.polynomial)]
        if flipped[0] < 0:
            flipped = [-c for c in flipped]
        return _trusted(tuple(flipped), (-self.interval[1], -self.interval[0]))

    def __abs__(self) -> RealAlgebraic:
        return -self if self < 0 else self

    def __repr__(self) -> str:
        return f"RealAlgebraic({self.decimal(12)}..., root of {sympy.Poly(list(self.polynomial), _X).as_expr()})"

    def __str__(self) -> str:
        return self.decimal(10)


def to_real_algebraic(value: Algebraic | Fraction | int) -> RealAlgebraic | Fraction:
    """An element of a real number field as a value of its own: a Fraction when it is rational,
    a ``RealAlgebraic`` otherwise.

    The minimal polynomial of ``q(alpha)`` divides the resultant ``res_x(m(x), y - q(x))`` of the
    field's minimal polynomial ``m`` (a power of it, in fact); its one irreducible factor that
    vanishes at the value (decided exactly in the field, unless it is the only one) is the minimal
    polynomial, and the value's isolating interval is the one of that factor's real roots that
    contains it (again decided in the field).

    Examples
    --------
    >>> field = AlgebraicField.of(sympy.sqrt(2))
    >>> to_real_algebraic(field.generator * 3 + 1).polynomial
    (1, -2, -17)
    >>> to_real_algebraic(field.generator * field.generator)
    Fraction(2, 1)
    """
    if not isinstance(value, Algebraic):
        return Fraction(value)
    rational = value.rational()
    if rational is not None:
        return rational
    factors = _resultant_factors(value)
    for factor in factors:
        if len(factors) == 1 or _vanishes(factor, value):  # a lone factor is the minimal polynomial
            return _root_containing(factor, value)
    raise InternalError("no factor of the resultant vanishes at a number-field element")


def _resultant_factors(value: Algebraic) -> list[sympy.Poly]:
    """The irreducible factors of ``res_x(m(x), y - q(x))``, in ``y``: for the monic ``m``, the
    characteristic polynomial of multiplication by ``q(alpha)`` in the basis ``1, alpha, ...,
    alpha^(d-1)`` of the field (both are the product of ``y - q(alpha_i)`` over the roots
    ``alpha_i`` of ``m``), computed as that of a rational matrix."""
    modulus = [c / value.field.modulus[-1] for c in value.field.modulus]
    degree = len(modulus) - 1
    column = [*value.coefficients, *[Fraction(0)] * (degree - len(value.coefficients))]
    columns = []
    for _ in range(degree):  # q(alpha) * alpha^j, reduced by alpha^d = -(m_0 + ... + m_(d-1) alpha^(d-1))
        columns.append(column)
        top = column[-1]
        column = [-top * modulus[0], *(below - top * m for below, m in zip(column[:-1], modulus[1:-1]))]
    matrix = DomainMatrix([[QQ(c[row].numerator, c[row].denominator) for c in columns] for row in range(degree)],
                          (degree, degree), QQ)
    y = sympy.Symbol("y")
    _, factors = sympy.Poly([QQ.to_sympy(c) for c in matrix.charpoly()], y, domain=sympy.QQ).factor_list()
    return [factor for factor, _ in factors]


def _vanishes(factor: sympy.Poly, value: Algebraic) -> bool:
    total = value.field.lift(0)
    for c in factor.all_coeffs():
        total = total * value + Fraction(int(c.p), int(c.q))
    return total == 0


def _root_containing(factor: sympy.Poly, value: Algebraic) -> RealAlgebraic:
    """The real root of the irreducible ``factor`` equal to ``value``, with its isolating interval."""
    coefficients = _primitive([Fraction(int(c.p), int(c.q)) for c in factor.all_coeffs()])
    for (low, high), _ in factor.intervals():
        low, high = Fraction(int(low.p), int(low.q)), Fraction(int(high.p), int(high.q))
        if low <= value <= high:
            return _trusted(coefficients, (low, high))
    raise InternalError("a number-field element lies in no root interval of its minimal polynomial")


def _trusted(polynomial: tuple[int, ...], interval: tuple[Fraction, Fraction]) -> RealAlgebraic:
    """A RealAlgebraic from data already known to be valid (no checks)."""
    value = object.__new__(RealAlgebraic)
    object.__setattr__(value, "polynomial", tuple(polynomial))
    object.__setattr__(value, "interval", (Fraction(interval[0]), Fraction(interval[1])))
    object.__setattr__(value, "_field", None)
    return value


def _checked(polynomial: Sequence[int], interval: tuple[Any, Any]) -> tuple[tuple[int, ...], tuple[Fraction, Fraction]]:
    """The polynomial and interval, validated (see ``RealAlgebraic``)."""
    coefficients = tuple(polynomial)
    if len(coefficients) < 2 or not all(isinstance(c, int) and not isinstance(c, bool) for c in coefficients):
        raise SolverError(f"{polynomial!r} is not an integer polynomial of degree 1 or more",
                          fix="give integer coefficients, highest degree first")
    if coefficients[0] <= 0 or math.gcd(*coefficients) != 1:
        raise SolverError(f"{polynomial!r} is not primitive with a positive leading coefficient",
                          fix="divide by the gcd of the coefficients and make the leading one positive")
    low, high = Fraction(interval[0]), Fraction(interval[1])
    poly = sympy.Poly(list(coefficients), _X)
    if not poly.is_irreducible:
        raise SolverError(f"{poly.as_expr()} is not irreducible over the rationals", fix="give a minimal polynomial")
    if low > high or poly.count_roots(sympy.Rational(low.numerator, low.denominator),
                                      sympy.Rational(high.numerator, high.denominator)) != 1:
        raise SolverError(f"[{low}, {high}] does not hold exactly one real root of {poly.as_expr()}",
                          fix="give an isolating interval")
    return coefficients, (low, high)


def _compare_irrational(a: RealAlgebraic, b: RealAlgebraic) -> int:
    """Compare two irrational values: equal exactly when they are the same root of the same
    minimal polynomial; otherwise their intervals are narrowed until they are apart."""
    if a.polynomial == b.polynomial:
        low, high = max(a.interval[0], b.interval[0]), min(a.interval[1], b.interval[1])
        poly = sympy.Poly(list(a.polynomial), _X)
        if low <= high and poly.count_roots(sympy.Rational(low.numerator, low.denominator),
                                            sympy.Rational(high.numerator, high.denominator)) == 1:
            return 0
    first, second = a._bounds(), b._bounds()
    while True:  # distinct algebraic numbers: the intervals separate
        if first.high < second.low:
            return -1
        if second.high < first.low:
            return 1
        _halve(first if first.high - first.low >= second.high - second.low else second)


def _halve(field: AlgebraicField) -> None:
    """Narrow the field's isolating interval of its generator to about half (through a sign
    decision at the midpoint, which bisects)."""
    field.sign((-(field.low + field.high) / 2, Fraction(1)))


def _monic(polynomial: Sequence[int]) -> list[Fraction]:
    """Integer coefficients (highest first) as a monic Fraction polynomial, lowest first."""
    lead = polynomial[0]
    return [Fraction(c, lead) for c in reversed(polynomial)]


def _integer_polynomial(modulus: Sequence[Fraction]) -> tuple[int, ...]:
    """A Fraction polynomial (lowest degree first) as a primitive integer one, highest first."""
    return _primitive(list(reversed(modulus)))


def _primitive(coefficients: Sequence[Fraction]) -> tuple[int, ...]:
    """Fraction coefficients (highest first) scaled to coprime integers, leading one positive."""
    scale = math.lcm(*(c.denominator for c in coefficients))
    integers = [int(c * scale) for c in coefficients]
    divisor = math.gcd(*integers) * (1 if integers[0] > 0 else -1)
    return tuple(c // divisor for c in integers)


def _rounded_text(value: Fraction, digits: int) -> str:
    """``value`` rounded half away from zero to ``digits`` places, as decimal text."""
    scaled = abs(value) * 10**digits
    units = math.floor(scaled + Fraction(1, 2))
    sign = "-" if value < 0 and units else ""
    text = str(units).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}" if digits else f"{sign}{text}"
