"""Every zero of a smooth one-variable expression in an open interval, isolated with a proof.

A rational function with rational coefficients has its zeros computed exactly (sympy's real
roots: rationals, radicals, ``CRootOf``). Any other smooth expression (``exp``, ``log``,
powers with symbolic exponents, irrational constants) is searched by interval bisection: a box
whose enclosure excludes zero holds no root; a box where the derivative's enclosure excludes
zero is monotone and holds one root exactly when the certified signs at its ends differ, which
is then refined by bisection to ``RELATIVE_PRECISION`` of the interval. A box that can be
settled neither way within ``MAX_BOXES`` (a tangency, a zero of even multiplicity, an
expression identically zero but not visibly so) is returned as an uncertified ``Located``, so
no caller can mistake "not found" for "not there". Where the zero has a closed form that
sympy finds after the substitution ``t = exp(x / d)`` or ``t = log(x)``, it is given as well.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from .interval_evaluation import NotEnclosable, compile_enclosure, fraction_enclosure, interval_bounds

__all__ = ["Located", "isolate_roots", "join_overlapping", "located_rational", "simplest_between",
           "MAX_BOXES", "MAX_EXACT_DEGREE", "RELATIVE_PRECISION"]

RELATIVE_PRECISION = Fraction(1, 10**13)
"""Width, relative to the searched interval, to which a zero found numerically is enclosed."""

MAX_BOXES = 4_000
"""Most boxes one expression's bisection examines before it gives up (uncertified)."""

MAX_EXACT_DEGREE = 60
"""Highest degree of a numerator whose zeros are computed exactly; above it, by bisection."""

MAX_EXPRESSION_OPERATIONS = 2_000
"""Largest expression (sympy operation count) differentiated for the bisection."""


@dataclass(frozen=True)
class Located:
    """A value of the varied parameter, exactly or inside a proven enclosure.

    Parameters
    ----------
    low, high
        An interval containing the value (``low == high`` for a rational value).
    exact
        Its exact form (a sympy number), or None when none is known.
    certified
        False when the enclosure is a region the proof could not settle: it may hold no zero,
        one, or several.
    reason
        Why it is not certified ("" when it is).
    """

    low: Fraction
    high: Fraction
    exact: sympy.Expr | None = None
    certified: bool = True
    reason: str = ""

    @property
    def value(self) -> float:
        """The value as a float (the exact one where known, else the enclosure's midpoint)."""
        if self.exact is not None:
            return float(self.exact)
        return float((self.low + self.high) / 2)


def located_rational(value: Fraction) -> Located:
    """A rational value, located exactly.

    Examples
    --------
    >>> located_rational(Fraction(1, 2))
    Located(low=Fraction(1, 2), high=Fraction(1, 2), exact=1/2, certified=True, reason='')
    """
    return Located(value, value, sympy.Rational(value.numerator, value.denominator))


def join_overlapping(points: Sequence[Located]) -> list[Located]:
    """``points`` in increasing order, those whose enclosures overlap joined into one (the same
    point found twice, or two closer than their enclosures can tell apart).

    Examples
    --------
    >>> half = located_rational(Fraction(1, 2))
    >>> [p.exact for p in join_overlapping([located_rational(Fraction(1)), half, half])]
    [1/2, 1]
    """
    joined: list[Located] = []
    for point in sorted(points, key=lambda p: (p.low, p.high)):
        last = joined[-1] if joined else None
        if last is not None and point.low <= last.high:
            exact = last.exact if last.exact is not None else point.exact
            joined[-1] = Located(min(last.low, point.low), max(last.high, point.high), exact,
                                 last.certified and point.certified, last.reason or point.reason)
        else:
            joined.append(point)
    return joined


def simplest_between(low: Fraction, high: Fraction) -> Fraction:
    """The rational with the smallest denominator strictly between ``low`` and ``high``.

    Examples
    --------
    >>> simplest_between(Fraction(1, 3), Fraction(1, 2)), simplest_between(Fraction(-7, 2), Fraction(5))
    (Fraction(2, 5), Fraction(0, 1))
    """
    if not low < high:
        raise ValueError("the interval is empty")
    if low < 0 < high:
        return Fraction(0)
    if high <= 0:
        return -simplest_between(-high, -low)
    floor = low.numerator // low.denominator
    if floor + 1 < high:
        return Fraction(floor + 1)
    if floor == low:  # the smallest denominator q with 1/q < high - low
        return floor + Fraction(1, int(1 / (high - floor)) + 1)
    # low and high share the integer part: continue with the reciprocals of the fractional parts
    return floor + 1 / simplest_between(1 / (high - floor), 1 / (low - floor))


def isolate_roots(expr: sympy.Expr | sympy.Poly, symbol: sympy.Symbol, low: Fraction, high: Fraction
                  ) -> tuple[Located, ...]:
    """The zeros of ``expr`` strictly between ``low`` and ``high``, each exact or enclosed with a proof.

    Parameters
    ----------
    expr
        A smooth expression of ``symbol`` alone (no ``Min``, ``Max``, ``Abs`` or ``Piecewise``
        that switches inside the interval), or a polynomial in it.
    symbol
        The variable.
    low, high
        The open interval searched.

    Returns
    -------
    tuple of Located
        In increasing order. A zero found by bisection is enclosed to ``RELATIVE_PRECISION`` of
        ``high - low``; an uncertified entry marks a region that could not be settled.

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> [r.exact for r in isolate_roots(x**2 - 2, x, Fraction(0), Fraction(2))]
    [sqrt(2)]
    >>> [r.exact for r in isolate_roots(sympy.Rational(1, 10**10) - (sympy.exp(x) - sympy.exp(sympy.Rational(2, 5)))**2,
    ...                                 x, Fraction(0), Fraction(1))]
    [log(-1/100000 + exp(2/5)), log(1/100000 + exp(2/5))]
    """
    polynomial = _rational_polynomial(expr, symbol)  # most tie conditions are: no need to bring them together
    if polynomial is None:
        numerator = sympy.fraction(sympy.together(expr))[0]
        if not numerator.has(symbol):
            return ()
        polynomial = _rational_polynomial(numerator, symbol)
        if polynomial is None:
            return _bisected_roots(numerator, symbol, low, high)
    if polynomial.degree() > MAX_EXACT_DEGREE:
        return _bisected_roots(polynomial.as_expr(), symbol, low, high)
    return _polynomial_roots(polynomial, low, high)


def _rational_polynomial(expr: sympy.Expr | sympy.Poly, symbol: sympy.Symbol) -> sympy.Poly | None:
    """``expr`` as a polynomial in ``symbol`` with rational coefficients, or None when it is not one."""
    if isinstance(expr, sympy.Poly) and expr.gens == (symbol,):
        return expr if expr.domain in (sympy.ZZ, sympy.QQ) else None
    try:
        polynomial = sympy.Poly(expr, symbol)
    except sympy.PolynomialError:
        return None
    return polynomial if polynomial.domain in (sympy.ZZ, sympy.QQ) else None


def _polynomial_roots(polynomial: sympy.Poly, low: Fraction, high: Fraction) -> tuple[Located, ...]:
    """The exact zeros of a polynomial with rational coefficients strictly between ``low`` and ``high``."""
    if polynomial.degree() <= 0:
        return ()
    if polynomial.degree() == 1:  # the common case, without sympy's general root finding
        slope, offset = (Fraction(int(c.p), int(c.q)) for c in polynomial.all_coeffs())
        root = -offset / slope
        return (located_rational(root),) if low < root < high else ()
    lo, hi = sympy.Rational(low.numerator, low.denominator), sympy.Rational(high.numerator, high.denominator)
    if not polynomial.intervals(inf=lo, sup=hi):  # most have no zero in [low, high]: told without computing any
        return ()
    margin = 1e-9 * max(1.0, abs(float(low)), abs(float(high)))
    found = []
    for root in sorted(set(polynomial.real_roots())):
        approximate = float(root)  # decides most roots; sympy's exact comparison only near an end
        if approximate < float(low) - margin or approximate > float(high) + margin:
            continue
        if (float(low) + margin < approximate < float(high) - margin) or lo < root < hi:
            found.append(_located_exact(root))
    return tuple(found)


def _located_exact(root: sympy.Expr) -> Located:
    if root.is_Rational:
        return located_rational(Fraction(int(root.p), int(root.q)))
    approximation = sympy.Rational(sympy.Float(root.evalf(40), 40))
    slack = abs(approximation) * sympy.Rational(1, 10**30) + sympy.Rational(1, 10**35)
    below, above = approximation - slack, approximation + slack
    return Located(Fraction(int(below.p), int(below.q)), Fraction(int(above.p), int(above.q)), root)


def _bisected_roots(numerator: sympy.Expr, symbol: sympy.Symbol, low: Fraction, high: Fraction
                    ) -> tuple[Located, ...]:
    if sympy.count_ops(numerator) > MAX_EXPRESSION_OPERATIONS:
        return (_unsettled(low, high, "the expression is too large to search with a proof"),)
    try:
        value = compile_enclosure(numerator, symbol)
        slope = compile_enclosure(sympy.diff(numerator, symbol), symbol)
    except NotEnclosable as error:
        return (_unsettled(low, high, f"interval arithmetic does not apply: {error}"),)
    tolerance = (high - low) * RELATIVE_PRECISION
    found = _Bisection(value, slope, tolerance).run(low, high)
    return tuple(_with_closed_form(r, numerator, symbol) if r.certified or r.high - r.low <= tolerance else r
                 for r in found)


def _unsettled(low: Fraction, high: Fraction, reason: str) -> Located:
    return Located(low, high, None, False, reason)


class _Bisection:
    """Interval bisection of one expression, with its derivative for monotonicity."""

    def __init__(self, value: Any, slope: Any, tolerance: Fraction) -> None:
        self.value, self.slope, self.tolerance = value, slope, tolerance
        self.boxes = 0

    def sign(self, point: Fraction) -> int:
        """The certified sign of the expression at ``point`` (0 when it cannot be told from zero,
        or the expression cannot be enclosed there)."""
        try:
            low, high = interval_bounds(self.value(fraction_enclosure(point)))
        except NotEnclosable:
            return 0
        return 1 if low > 0 else -1 if high < 0 else 0

    def settles(self, a: Fraction, b: Fraction) -> tuple[bool, bool] | None:
        """Whether the box [a, b] holds no zero for sure, and whether the expression is strictly
        monotone on it; None when it cannot be enclosed there."""
        box = fraction_enclosure(a, b)
        try:
            lower, upper = interval_bounds(self.value(box))
            if lower > 0 or upper < 0:
                return True, False
            slope_low, slope_high = interval_bounds(self.slope(box))
        except NotEnclosable:
            return None
        return False, slope_low > 0 or slope_high < 0

    def signed_point(self, low: Fraction, high: Fraction) -> tuple[Fraction, int] | None:
        """A point inside (low, high) near its middle where the sign is certified."""
        width = high - low
        for offset in (Fraction(1, 2), Fraction(3, 7), Fraction(4, 7), Fraction(1, 3), Fraction(2, 3)):
            point = low + width * offset
            sign = self.sign(point)
            if sign:
                return point, sign
        return None

    def run(self, low: Fraction, high: Fraction) -> list[Located]:
        inner = self.signed_ends(low, high)
        if inner is None:
            return [_unsettled(low, high, "the expression cannot be told from zero anywhere tried")]
        (a, sign_a), (b, sign_b) = inner
        found: list[Located] = []
        stack = [(a, b, sign_a, sign_b)]
        while stack:
            a, b, sign_a, sign_b = stack.pop()
            self.boxes += 1
            settled = self.settles(a, b)
            if settled is not None:
                empty, monotone = settled
                if empty:
                    continue
                if monotone:
                    if sign_a != sign_b:
                        found.append(self.refined(a, b, sign_a))
                    continue
            if b - a <= self.tolerance or self.boxes > MAX_BOXES:
                found.append(_unsettled(a, b, "the search ran out of its budget of boxes" if b - a > self.tolerance
                                        else "a zero here could not be isolated (a tangency, or a zero of even "
                                             "multiplicity)" if settled is not None
                                        else "the expression is not defined, or not enclosable, here"))
                continue
            middle = self.signed_point(a, b)
            if middle is None:
                found.append(_unsettled(a, b, "the expression cannot be told from zero inside this interval"))
                continue
            point, sign = middle
            stack.append((point, b, sign, sign_b))
            stack.append((a, point, sign_a, sign))
        return _merged(sorted(found, key=lambda r: r.low))

    def signed_ends(self, low: Fraction, high: Fraction) -> tuple[tuple[Fraction, int], tuple[Fraction, int]] | None:
        """Points at or just inside both ends where the sign is certified. A zero at an end, or
        within a quarter of the tolerance of it, is left out: the ends are candidates already."""
        ends = []
        for end, inward in ((low, 1), (high, -1)):
            point = end
            sign = self.sign(point)
            if not sign:
                point = end + inward * self.tolerance / 4
                sign = self.sign(point)
            if not sign:
                return None
            ends.append((point, sign))
        return ends[0], ends[1]

    def refined(self, a: Fraction, b: Fraction, sign_a: int) -> Located:
        """The one zero of a monotone box whose ends have opposite signs, enclosed to the tolerance."""
        while b - a > self.tolerance:
            middle = self.signed_point(a, b)
            if middle is None:
                break
            point, sign = middle
            if sign == sign_a:
                a = point
            else:
                b = point
        return Located(a, b)


def _merged(found: list[Located]) -> list[Located]:
    """Adjacent uncertified regions joined into one."""
    merged: list[Located] = []
    for entry in found:
        last = merged[-1] if merged else None
        if last is not None and not last.certified and not entry.certified and entry.low <= last.high:
            merged[-1] = Located(last.low, max(last.high, entry.high), None, False, last.reason)
        else:
            merged.append(entry)
    return merged


def _with_closed_form(found: Located, numerator: sympy.Expr, symbol: sympy.Symbol) -> Located:
    """``found`` with an exact form: the simplest rational in its enclosure when the expression
    vanishes there exactly, else one of sympy's closed forms that lies in the enclosure. A region
    narrower than the tolerance that could not be settled (a tangency) becomes certified when an
    exact zero is found in it: every zero it holds is then within the tolerance of that one."""
    simple = simplest_between(found.low - (found.high - found.low), found.high + (found.high - found.low))
    if found.low <= simple <= found.high and numerator.xreplace({symbol: sympy.Rational(simple.numerator,
                                                                                        simple.denominator)}) == 0:
        return Located(found.low, found.high, sympy.Rational(simple.numerator, simple.denominator))
    for factor in _factors(numerator, symbol):
        for candidate in _closed_forms(factor, symbol):
            try:
                value = sympy.Rational(sympy.Float(candidate.evalf(50), 50))
            except (TypeError, ValueError):
                continue
            if found.low <= Fraction(int(value.p), int(value.q)) <= found.high:
                return Located(found.low, found.high, candidate)
    return found


def _factors(numerator: sympy.Expr, symbol: sympy.Symbol) -> list[sympy.Expr]:
    """The factors of ``numerator`` that involve ``symbol`` (itself when factoring fails)."""
    try:
        _, factors = sympy.factor_list(numerator)
    except (sympy.PolynomialError, NotImplementedError):
        return [numerator]
    return [f for f, _ in factors if f.has(symbol)] or [numerator]


def _closed_forms(numerator: sympy.Expr, symbol: sympy.Symbol) -> list[sympy.Expr]:
    """Exact zeros of ``numerator`` when it is a polynomial of degree at most 4 in ``exp(symbol / d)``
    or in ``log(symbol)``, or in ``symbol`` itself with irrational coefficients."""
    forms = []
    t = sympy.Dummy("t", positive=True)
    exponentials = [e for e in numerator.atoms(sympy.exp) if e.has(symbol)]
    logarithms = [e for e in numerator.atoms(sympy.log) if e.has(symbol)]
    if exponentials and not logarithms:
        rates = [sympy.Poly(e.args[0], symbol) if e.args[0].is_polynomial(symbol) else None for e in exponentials]
        if all(r is not None and r.degree() == 1 and r.coeffs()[0].is_Rational for r in rates):
            denominator = math.lcm(*[int(r.coeffs()[0].q) for r in rates])  # type: ignore[union-attr]
            substituted = numerator.subs(symbol, denominator * sympy.log(t))
            forms += [denominator * sympy.log(sympy.expand(r)) for r in _small_roots(sympy.expand(substituted), t)
                      if r.is_positive]
    elif logarithms and not exponentials and len(set(logarithms)) == 1 and logarithms[0].args[0].is_polynomial(symbol):
        inner = sympy.Poly(logarithms[0].args[0], symbol)
        if inner.degree() == 1:
            slope, intercept = inner.all_coeffs()
            substituted = numerator.xreplace({logarithms[0]: t})
            if not substituted.has(symbol) or substituted.is_polynomial(symbol):
                substituted = substituted.subs(symbol, (sympy.exp(t) - intercept) / slope)
                forms += [(sympy.exp(r) - intercept) / slope for r in _small_roots(sympy.expand(substituted), t)]
    elif not exponentials and not logarithms:
        forms += _small_roots(numerator, symbol)
    return forms


def _small_roots(expr: sympy.Expr, variable: sympy.Symbol) -> list[sympy.Expr]:
    try:
        polynomial = sympy.Poly(expr, variable)
    except sympy.PolynomialError:
        return []
    if polynomial.degree() > 4 or polynomial.degree() < 1 or polynomial.has(sympy.exp(variable)):
        return []
    return [r for r in sympy.roots(polynomial, multiple=True) if r.is_real]
