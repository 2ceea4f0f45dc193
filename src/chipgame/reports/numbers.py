"""How numbers are written for people and for programs."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..games import Number
from ..solvers.real_algebraic import RealAlgebraic

__all__ = ["format_number", "format_amount", "format_exact", "exact_text", "exact_value"]


def format_number(value: Number, digits: int = 4, *, fraction: bool = False) -> str:
    """A probability or parameter as a person reads it: short decimals exact, else ``p/q``
    (always ``p/q`` for a non-integer Fraction when ``fraction``, as in a lesson on mixed play).

    Examples
    --------
    >>> [format_number(v) for v in (Fraction(12), Fraction(-5, 2), Fraction(1, 3), 0.123456789)]
    ['12', '-2.5', '1/3', '0.1235']
    >>> format_number(Fraction(1, 2), fraction=True)
    '1/2'
    """
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        for places in range(1, 0 if fraction else digits + 1):
            if (value * 10**places).denominator == 1:
                return f"{float(value):.{places}f}"
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, RealAlgebraic):
        return f"{float(value):.{digits}g}"
    return f"{value:.{digits}g}"


SHORT_DENOMINATOR = 12
"""Largest denominator of a fraction that ``format_amount`` writes as a fraction (``2/3``)."""

_ROUNDED = "~ marks a value rounded to two decimals"

ROUNDED_NOTE = f"{_ROUNDED}; --format json gives every value exactly."
"""The line that explains the ``~`` of ``format_amount``, said once under output that uses it."""

REPORT_ROUNDED_NOTE = (f"{_ROUNDED}. Every value is computed exactly: chipgame solve --format json gives each "
                       "one as a fraction.")
"""The same for a report, which has no ``--format json`` of its own: said once, where a ``~`` first appears."""


def format_amount(value: Number, places: int = 2) -> str:
    """A payoff as a person reads it: exact when it has few decimals or is a fraction with a small
    denominator (``2/3``), else rounded with a ``~`` (``ROUNDED_NOTE`` explains it).

    Examples
    --------
    >>> [format_amount(v) for v in (Fraction(-9152, 100), Fraction(2, 3), Fraction(-15734, 175), 2.0 / 3)]
    ['-91.52', '2/3', '~-89.91', '~0.67']
    """
    if isinstance(value, Fraction) and (value * 10**places).denominator == 1:
        return format_number(value, places)
    if isinstance(value, Fraction) and value.denominator <= SHORT_DENOMINATOR:
        return f"{value.numerator}/{value.denominator}"
    return f"~{float(value):.{places}f}"


def format_exact(value: Number, *, fraction: bool = False) -> str:
    """A value exactly, as ``format_number`` writes it (a ``fraction`` if asked), with a rounded
    reading after a long fraction.

    Examples
    --------
    >>> [format_exact(v) for v in (Fraction(2, 3), Fraction(5, 2), Fraction(-15734, 175))]
    ['2/3', '2.5', '-15734/175 (~-89.91)']
    >>> format_exact(Fraction(5, 2), fraction=True)
    '5/2'
    """
    text = format_number(value, fraction=fraction)
    if isinstance(value, Fraction) and "/" in text and value.denominator > 12:
        return f"{text} (~{float(value):.2f})"
    return text


def exact_value(value: Number | RealAlgebraic) -> str | dict[str, Any] | None:
    """A value for a JSON document: a Fraction as ``exact_text`` writes it; an irrational
    algebraic number as its minimal polynomial (integer coefficients, highest degree first), an
    isolating interval with fraction ends, and 15 decimal places; None for a float.

    Examples
    --------
    >>> exact_value(Fraction(2, 3)), exact_value(0.5)
    ('2/3', None)
    >>> exact_value(RealAlgebraic((1, 0, -2), (Fraction(1), Fraction(2))))
    {'minimal_polynomial': [1, 0, -2], 'interval': ['1', '2'], 'decimal': '1.414213562373095'}
    """
    if isinstance(value, RealAlgebraic):
        low, high = value.interval
        return {"minimal_polynomial": list(value.polynomial), "interval": [str(low), str(high)],
                "decimal": value.decimal(15)}
    return exact_text(value)


def exact_text(value: Number) -> str | None:
    """A Fraction as ``"p/q"`` text (``"3"`` for integers); None for a float.

    Examples
    --------
    >>> exact_text(Fraction(1, 4)), exact_text(Fraction(3)), exact_text(0.5)
    ('1/4', '3', None)
    """
    return str(value) if isinstance(value, Fraction) else None
