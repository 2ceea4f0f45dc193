"""Tables of parameters read from TOML (a scenario's, a built-in model's defaults) checked into Parameters."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from ..errors import ScenarioError
from .formula import FUNCTIONS
from .parameters import Parameter

__all__ = ["PARAMETER_KEYS", "parameters_from_table", "refuse_unknown"]

PARAMETER_KEYS = ("value", "range", "bounds", "unit", "source", "description", "distribution")
"""The keys a parameter's table may hold."""


def refuse_unknown(table: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    """Raise ``ScenarioError`` naming the first key of ``table`` not in ``allowed`` (with a close match).

    Examples
    --------
    >>> refuse_unknown({"value": 1, "rnage": [0, 2]}, PARAMETER_KEYS, "parameters.p")
    Traceback (most recent call last):
    ...
    chipgame.errors.ScenarioError: unknown key 'rnage' in parameters.p; fix: did you mean 'range'? ...
    """
    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ScenarioError(f"unknown key {key!r} in {where}", fix=f"{hint}allowed keys: {', '.join(allowed)}")


def parameters_from_table(table: Mapping[str, Any], where: str = "parameters") -> tuple[Parameter, ...]:
    """One ``Parameter`` per entry of ``table`` (name -> table of ``PARAMETER_KEYS``), in its order.

    Parameters
    ----------
    table
        The parsed TOML table, such as a scenario's ``[parameters]``.
    where
        The table's name in messages: an error names ``<where>.<parameter>``.

    Raises
    ------
    ScenarioError
        When an entry is not a table, has no value, has an unknown key or a bad field, or is named
        like a formula function.

    Examples
    --------
    >>> (margin,) = parameters_from_table({"vendor_margin": {"value": 0.5, "range": [0.2, 0.8]}})
    >>> margin.value, margin.range
    (Fraction(1, 2), (Fraction(1, 5), Fraction(4, 5)))
    """
    parameters = []
    for name, spec in table.items():
        entry = f"{where}.{name}"
        if not isinstance(spec, dict):
            raise ScenarioError(f"{entry} must be a table with a value", fix=f"write [{entry}] then value = ...")
        refuse_unknown(spec, PARAMETER_KEYS, entry)
        if "value" not in spec:
            raise ScenarioError(f"{entry} has no value", fix="add value = <number>")
        if name in FUNCTIONS:
            raise ScenarioError(f"{entry}: {name!r} is the name of a function", fix="rename the parameter")
        parameters.append(Parameter(name=name, **spec))
    return tuple(parameters)
