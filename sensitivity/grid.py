"""Grid axes: one varied parameter and its exact values, the coordinates of sweeps and regimes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import SolverError
from ..games import Number
from ..payoffs.parameters import parse_value

__all__ = ["Axis", "grid_axis", "MAX_POINTS"]

MAX_POINTS = 4_000_000
"""Largest grid accepted."""


@dataclass(frozen=True)
class Axis:
    """One varied parameter and its values, in order (exact when given exactly).

    Parameters
    ----------
    name
        The parameter's name.
    values
        Its values along the axis.

    Examples
    --------
    >>> from fractions import Fraction
    >>> Axis("vendor_margin", (Fraction(1, 2), Fraction(3, 5))).values[-1]
    Fraction(3, 5)
    """

    name: str
    values: tuple[Number, ...]


def grid_axis(name: str, low: Any, high: Any, count: int) -> Axis:
    """``count`` evenly spaced exact values from ``low`` to ``high``, both included.

    Examples
    --------
    >>> grid_axis("vendor_margin", "0.2", "0.8", 4).values
    (Fraction(1, 5), Fraction(2, 5), Fraction(3, 5), Fraction(4, 5))
    """
    low_value, high_value = parse_value(low, f"{name} low"), parse_value(high, f"{name} high")
    if not isinstance(count, int) or count < 1 or count > MAX_POINTS:
        raise SolverError(f"{name}: {count!r} points is not a usable grid size", fix=f"use 1 to {MAX_POINTS} points")
    if count == 1:
        return Axis(name, (low_value,))
    step = (high_value - low_value) / (count - 1)
    return Axis(name, tuple(low_value + step * k for k in range(count)))
