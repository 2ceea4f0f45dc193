"""Named cost parameters: a base value, hard bounds, a range for sweeps, a unit and a source.

The ``bounds`` of a parameter are the values it can take at all (a probability in [0, 1], a
cost at least 0): a value outside them is refused wherever it comes from. The ``range`` is
where sweeps, thresholds and the tornado look by default: a value outside it but inside the
bounds is allowed, with an ``OutsideRangeWarning``.
"""

from __future__ import annotations

import math
import numbers
import operator
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from ..errors import OutsideRangeWarning, ScenarioError
from ..games import Number
from ..games.immutable import FrozenMapping

__all__ = ["Parameter", "Bounds", "parse_value", "is_identifier", "MAX_MAGNITUDE"]

Bounds = tuple[Number | None, Number | None]
"""The lowest and highest value a parameter can take, None where it has no limit."""

MAX_MAGNITUDE = Fraction(10) ** 15
"""Largest absolute parameter value accepted, so exact arithmetic stays small."""

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}\Z")
_RATIONAL_TEXT = re.compile(r"[+-]?(\d{1,30}(\.\d{0,30})?|\.\d{1,30})([eE][+-]?\d{1,3})?(/\d{1,30})?\Z")
_DISTRIBUTIONS = {
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "normal": ("mean", "sd"),
    "lognormal": ("mu", "sigma"),
}


def is_identifier(name: str) -> bool:
    """True for a name formulas can use: letters, digits, underscores, no leading digit, at most 64.

    Examples
    --------
    >>> is_identifier("chip_spend"), is_identifier("2x"), is_identifier("a" * 65)
    (True, False, False)
    """
    return isinstance(name, str) and _NAME.match(name) is not None


def parse_value(value: Any, where: str) -> Number:
    """Return a parameter value: exact for integers, fractions, decimals and floats, or text.

    Python and numpy numbers are read alike. An integer (``int``, ``np.int64``...), a
    ``Fraction`` or a ``Decimal`` is read as exactly its value. A float (``float``,
    ``np.float64``, ``np.float32``...) is read as the shortest decimal that rounds to it in its own
    precision, which is what ``str`` prints: ``0.7`` is ``7/10``, not the binary fraction
    ``3152519739159347/4503599627370496`` nearest to it, so payoffs stay exact and a value
    written in a TOML file keeps the decimal the user wrote. To use a float's binary value
    instead, pass ``Fraction(x)``. Text may hold a decimal or ``p/q``.

    Parameters
    ----------
    value
        A number as above, or text such as ``"0.7"``, ``"1/3"`` or ``"2.5e3"``.
    where
        Where the value came from, for the error message (a key or ``--set name``).

    Raises
    ------
    ScenarioError
        When the value is not a number (booleans included), not finite, or larger than
        ``MAX_MAGNITUDE``.

    Examples
    --------
    >>> parse_value(0.7, "vendor_margin"), parse_value("1/3", "--set p")
    (Fraction(7, 10), Fraction(1, 3))
    >>> import numpy as np
    >>> parse_value(np.float64(0.2), "x"), parse_value(np.int64(20), "x"), parse_value(np.float32(0.1), "x")
    (Fraction(1, 5), Fraction(20, 1), Fraction(1, 10))
    >>> parse_value(Fraction(0.1), "x") == Fraction(3602879701896397, 36028797018963968)
    True
    """
    if isinstance(value, (bool, np.bool_)):
        raise ScenarioError(f"{where} must be a number, not {value!r}", fix="write a number such as 0.5")
    if isinstance(value, numbers.Integral):
        number = Fraction(operator.index(value))
    elif isinstance(value, (Fraction, Decimal)):
        if isinstance(value, Decimal) and not value.is_finite():
            raise ScenarioError(f"{where} must be finite, not {value!r}", fix="write a finite number")
        number = Fraction(value)
    elif isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise ScenarioError(f"{where} must be finite, not {value!r}", fix="write a finite number")
        number = Fraction(str(value))
    elif isinstance(value, str) and _RATIONAL_TEXT.match(value.strip()):
        try:
            number = Fraction(value.strip())
        except ZeroDivisionError:
            raise ScenarioError(f"{where} = {value!r} divides by zero", fix="write a non-zero denominator") from None
    else:
        raise ScenarioError(
            f"{where} must be a number, not {value!r}",
            fix="write a number such as 0.5, 12, 2.5e3 or 1/3",
        )
    if abs(number) > MAX_MAGNITUDE:
        raise ScenarioError(
            f"{where} = {value!r} is larger than {MAX_MAGNITUDE} in magnitude",
            fix="choose units that keep values below 1e15",
        )
    return number


@dataclass(frozen=True)
class Parameter:
    """A named cost parameter of a payoff model.

    Parameters
    ----------
    name
        An identifier usable in formulas.
    value
        The base value: a Fraction (exact) or a float.
    range
        ``(low, high)`` for sweeps, or None.
    unit, source, description
        Free text; ``source`` is a fact id of the source article or ``"assumption: why"``.
    distribution
        For Monte Carlo: ``{"kind": "uniform", "low": ..., "high": ...}`` and the like, checked
        here: ``low < high``, a triangular ``mode`` between them, a positive ``sd`` or ``sigma``.
    bounds
        ``(low, high)``: the values the parameter can take at all, None (or an infinity) where
        there is no limit. The base value, the range and the distribution's support must lie
        inside them.

    Raises
    ------
    ScenarioError
        When a field is malformed, or the value, the range or the distribution's support is
        outside the bounds.

    Examples
    --------
    >>> margin = Parameter("vendor_margin", 0.5, range=(0.2, 0.8), unit="fraction", source="F4", bounds=(0, 1))
    >>> margin.value, margin.range, margin.symbol, margin.bounds
    (Fraction(1, 2), (Fraction(1, 5), Fraction(4, 5)), vendor_margin, (Fraction(0, 1), Fraction(1, 1)))
    >>> Parameter("p", 1.5, bounds=(0, 1))
    Traceback (most recent call last):
    ...
    chipgame.errors.ScenarioError: parameters.p.value = 1.5 is outside the bounds [0, 1] of p; fix: ...
    """

    name: str
    value: Number
    range: tuple[Number, Number] | None = None
    unit: str = ""
    source: str = ""
    description: str = ""
    distribution: Mapping[str, Any] | None = field(default=None, compare=False)
    bounds: Bounds = (None, None)

    def __post_init__(self) -> None:
        if not is_identifier(self.name):
            raise ScenarioError(
                f"parameter name {self.name!r} is not an identifier",
                fix="use letters, digits and underscores, not starting with a digit (at most 64 characters)",
            )
        where = f"parameters.{self.name}"
        object.__setattr__(self, "bounds", _parse_bounds(self.bounds, f"{where}.bounds"))
        object.__setattr__(self, "value", self.checked(self.value, f"{where}.value"))
        if self.range is not None:
            if not isinstance(self.range, (list, tuple)) or len(self.range) != 2:
                raise ScenarioError(f"{where}.range must be [low, high]", fix="write e.g. range = [0.2, 0.8]")
            low = self.checked(self.range[0], f"{where}.range[0]")
            high = self.checked(self.range[1], f"{where}.range[1]")
            if not low < high:
                raise ScenarioError(f"{where}.range = [{low}, {high}] is empty", fix="put the lower bound first")
            object.__setattr__(self, "range", (low, high))
        for key in ("unit", "source", "description"):
            if not isinstance(getattr(self, key), str):
                raise ScenarioError(f"{where}.{key} must be text", fix='quote it, e.g. "bn RMB per year"')
        if self.distribution is not None:
            distribution = _check_distribution(self.distribution, where)
            self._refuse_support(distribution, f"{where}.distribution")
            object.__setattr__(self, "distribution", distribution)

    @property
    def symbol(self) -> sympy.Symbol:
        """The sympy symbol that stands for this parameter in payoff expressions."""
        return sympy.Symbol(self.name, real=True)

    def checked(self, value: Any, where: str) -> Number:
        """``value`` read as ``parse_value`` reads it, refused when it is outside the bounds.

        Raises
        ------
        ScenarioError
            When ``value`` is not a number, or is outside the bounds; ``where`` names it.

        Examples
        --------
        >>> Parameter("p_cut", 0.3, bounds=(0, 1)).checked("0.6", "--set p_cut")
        Fraction(3, 5)
        """
        number = parse_value(value, where)
        low, high = self.bounds
        if (low is not None and number < low) or (high is not None and number > high):
            shown = value if isinstance(value, (str, int, float)) else number
            raise ScenarioError(f"{where} = {shown} is outside the bounds {self.describe_bounds()} of {self.name}",
                                fix=f"use values of {self.name} {self._inside_bounds()}")
        return number

    def warn_outside_range(self, value: Number, where: str) -> None:
        """Warn (``OutsideRangeWarning``) when ``value`` is outside the declared range; ``where``
        says what the value is (``"parameters.p.value = 9/10"``), and is the same for every value of
        one source so that a sweep warns once, not once per point.

        Examples
        --------
        >>> import warnings
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     p_cut = Parameter("p_cut", 0.3, range=(0, 0.6), bounds=(0, 1))
        ...     p_cut.warn_outside_range(Fraction(9, 10), "a value used")
        >>> print(caught[0].message)
        a value used is outside the range [0, 3/5] of p_cut (allowed: it is inside the bounds [0, 1])
        """
        if self.range is not None and not self.range[0] <= value <= self.range[1]:
            warnings.warn(f"{where} is outside the range [{self.range[0]}, {self.range[1]}] of "
                          f"{self.name} (allowed: it is inside the bounds {self.describe_bounds()})",
                          OutsideRangeWarning, stacklevel=2)

    def describe_bounds(self) -> str:
        """The bounds as an interval: ``[0, 1]``, ``[0, inf)``, ``(-inf, inf)``.

        Examples
        --------
        >>> Parameter("team_size", 1000, bounds=(0, None)).describe_bounds()
        '[0, inf)'
        """
        return _interval(self.bounds)

    def _inside_bounds(self) -> str:
        """Words for the values the bounds allow: ``from 0 to 1``, ``of at least 0``."""
        low, high = self.bounds
        if low is not None and high is not None:
            return f"from {low} to {high}"
        return f"of at least {low}" if low is not None else f"of at most {high}"

    def _refuse_support(self, distribution: Mapping[str, Any], where: str) -> None:
        """Refuse a distribution that can draw values outside the bounds."""
        support_low, support_high = _support(distribution)
        low, high = self.bounds
        if (low is not None and (support_low is None or support_low < low)) or (
                high is not None and (support_high is None or support_high > high)):
            raise ScenarioError(f"{where}: a {distribution['kind']} distribution draws from "
                                f"{_interval((support_low, support_high))}, outside the bounds "
                                f"{self.describe_bounds()} of {self.name}",
                                fix="use a uniform or triangular distribution with low and high "
                                    f"{self._inside_bounds()}")


def _parse_bounds(bounds: Any, where: str) -> Bounds:
    """``[low, high]`` with exact ends; an infinity (or None) is no limit on that side."""
    if not isinstance(bounds, (list, tuple)) or len(bounds) != 2:
        raise ScenarioError(f"{where} must be [low, high]", fix="write e.g. bounds = [0, 1] or bounds = [0, inf]")
    low, high = (None if end is None or end == unlimited else parse_value(end, f"{where}[{k}]")
                 for k, (end, unlimited) in enumerate(zip(bounds, (-math.inf, math.inf))))
    if low is not None and high is not None and not low < high:
        raise ScenarioError(f"{where} = [{low}, {high}] is empty", fix="put the lower bound first")
    return low, high


def _interval(ends: Bounds) -> str:
    """``[0, 1]``, ``[0, inf)`` or ``(-inf, inf)``."""
    low, high = ends
    return f"{'(-inf' if low is None else f'[{low}'}, {'inf)' if high is None else f'{high}]'}"


def _support(distribution: Mapping[str, Any]) -> Bounds:
    """The lowest and highest value a distribution can draw, None where it has no limit."""
    kind = distribution["kind"]
    if kind in ("uniform", "triangular"):
        return distribution["low"], distribution["high"]
    return (Fraction(0), None) if kind == "lognormal" else (None, None)


def _check_distribution(spec: Mapping[str, Any], where: str) -> Mapping[str, Any]:
    where = f"{where}.distribution"
    if not isinstance(spec, Mapping) or spec.get("kind") not in _DISTRIBUTIONS:
        raise ScenarioError(
            f"{where} needs kind = one of {', '.join(_DISTRIBUTIONS)}",
            fix='write e.g. distribution = { kind = "uniform", low = 0.2, high = 0.8 }',
        )
    kind = spec["kind"]
    needed = _DISTRIBUTIONS[kind]
    extra = set(spec) - {"kind", *needed}
    missing = [key for key in needed if key not in spec]
    if extra or missing:
        raise ScenarioError(
            f"{where}: a {kind} distribution takes {', '.join(needed)}",
            fix=f"remove {sorted(extra)}" if extra else f"add {missing}",
        )
    checked: dict[str, Any] = {"kind": kind}
    for key in needed:
        checked[key] = parse_value(spec[key], f"{where}.{key}")
    _refuse_shape(checked, where)
    return FrozenMapping(checked)


def _refuse_shape(spec: Mapping[str, Any], where: str) -> None:
    """Refuse a distribution that cannot be drawn from: an empty interval, a mode outside it, a
    spread that is not positive."""
    kind = spec["kind"]
    if kind in ("uniform", "triangular") and not spec["low"] < spec["high"]:
        raise ScenarioError(f"{where}: low = {spec['low']} is not below high = {spec['high']}",
                            fix="put the smaller value in low, and make high larger")
    if kind == "triangular" and not spec["low"] <= spec["mode"] <= spec["high"]:
        raise ScenarioError(f"{where}: mode = {spec['mode']} is outside [{spec['low']}, {spec['high']}]",
                            fix="choose a mode between low and high")
    spread = {"normal": "sd", "lognormal": "sigma"}.get(kind)
    if spread is not None and not spec[spread] > 0:
        raise ScenarioError(f"{where}: {spread} = {spec[spread]} is not positive",
                            fix=f"give a {spread} above 0 (or no distribution, for a fixed value)")
