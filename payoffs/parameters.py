"""Named cost parameters: a base value, a range for sweeps, a unit and a source."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import sympy

from ..errors import ScenarioError
from ..games import Number

__all__ = ["Parameter", "parse_value", "is_identifier", "MAX_MAGNITUDE"]

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
    """Return a parameter value: exact for integers, decimals and fraction text, else a float.

    A float read from TOML keeps the decimal the user wrote (``0.7`` is ``7/10``, not the
    binary float nearest to it), so payoffs stay exact. Text may hold a decimal or ``p/q``.

    Parameters
    ----------
    value
        An int, a Fraction, a float, or text such as ``"0.7"``, ``"1/3"`` or ``"2.5e3"``.
    where
        Where the value came from, for the error message (a key or ``--set name``).

    Examples
    --------
    >>> parse_value(0.7, "vendor_margin"), parse_value("1/3", "--set p")
    (Fraction(7, 10), Fraction(1, 3))
    """
    if isinstance(value, bool):
        raise ScenarioError(f"{where} must be a number, not {value!r}", fix="write a number such as 0.5")
    if isinstance(value, (int, Fraction)):
        number = Fraction(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ScenarioError(f"{where} must be finite, not {value!r}", fix="write a finite number")
        number = Fraction(repr(value))
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
        For Monte Carlo: ``{"kind": "uniform", "low": ..., "high": ...}`` and the like.

    Examples
    --------
    >>> margin = Parameter("vendor_margin", 0.5, range=(0.2, 0.8), unit="fraction", source="F4")
    >>> margin.value, margin.range, margin.symbol
    (Fraction(1, 2), (Fraction(1, 5), Fraction(4, 5)), vendor_margin)
    """

    name: str
    value: Number
    range: tuple[Number, Number] | None = None
    unit: str = ""
    source: str = ""
    description: str = ""
    distribution: Mapping[str, Any] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not is_identifier(self.name):
            raise ScenarioError(
                f"parameter name {self.name!r} is not an identifier",
                fix="use letters, digits and underscores, not starting with a digit (at most 64 characters)",
            )
        where = f"parameters.{self.name}"
        object.__setattr__(self, "value", parse_value(self.value, f"{where}.value"))
        if self.range is not None:
            if not isinstance(self.range, (list, tuple)) or len(self.range) != 2:
                raise ScenarioError(f"{where}.range must be [low, high]", fix="write e.g. range = [0.2, 0.8]")
            low = parse_value(self.range[0], f"{where}.range[0]")
            high = parse_value(self.range[1], f"{where}.range[1]")
            if not low < high:
                raise ScenarioError(f"{where}.range = [{low}, {high}] is empty", fix="put the lower bound first")
            object.__setattr__(self, "range", (low, high))
        for key in ("unit", "source", "description"):
            if not isinstance(getattr(self, key), str):
                raise ScenarioError(f"{where}.{key} must be text", fix='quote it, e.g. "bn RMB per year"')
        if self.distribution is not None:
            object.__setattr__(self, "distribution", _check_distribution(self.distribution, where))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the constructor's arguments (a read-only distribution does not pickle itself),
        so a parameter can be sent to worker processes."""
        distribution = None if self.distribution is None else dict(self.distribution)
        return (Parameter, (self.name, self.value, self.range, self.unit, self.source, self.description,
                            distribution))

    @property
    def symbol(self) -> sympy.Symbol:
        """The sympy symbol that stands for this parameter in payoff expressions."""
        return sympy.Symbol(self.name, real=True)


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
    return MappingProxyType(checked)
