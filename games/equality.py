"""Equality of immutable results that hold numpy arrays: field by field, arrays by contents.

A dataclass's generated ``__eq__`` compares its fields as tuples, which fails on a numpy array
(its ``==`` is an array, whose truth is ambiguous). Results holding arrays use
``equal_dataclasses`` as their ``__eq__`` instead, so a result equals its copy sent through
pickle to another process and back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["equal_dataclasses", "equal_values"]


def equal_values(a: Any, b: Any) -> bool:
    """True when ``a`` and ``b`` are equal, arrays compared by shape and contents (NaN equal to
    NaN), mappings, tuples and lists item by item, and dataclasses without an ``__eq__`` of their
    own field by field.

    Examples
    --------
    >>> equal_values({"x": (np.array([1.0, np.nan]), 2)}, {"x": (np.array([1.0, np.nan]), 2)})
    True
    >>> equal_values(np.array([1, 2]), np.array([1, 3]))
    False
    """
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)) or a.shape != b.shape:
            return False
        floating = a.dtype.kind in "fc" and b.dtype.kind in "fc"
        return bool(np.array_equal(a, b, equal_nan=floating))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(equal_values(a[key], b[key]) for key in a)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(map(equal_values, a, b))
    if dataclasses.is_dataclass(a) and type(a).__eq__ is object.__eq__:
        return type(a) is type(b) and equal_dataclasses(a, b)
    return bool(a == b)


def equal_dataclasses(self: Any, other: Any) -> bool:
    """``__eq__`` for a dataclass holding arrays: the same type, and every compared field equal as
    ``equal_values`` compares them (an object of another type is not equal).

    Examples
    --------
    >>> @dataclasses.dataclass(frozen=True, eq=False)
    ... class Path:
    ...     points: np.ndarray
    ...     __eq__ = equal_dataclasses
    ...     __hash__ = None
    >>> Path(np.array([0.0, 0.5])) == Path(np.array([0.0, 0.5])), Path(np.array([0.0])) == Path(np.array([1.0]))
    (True, False)
    """
    if type(other) is not type(self):
        return False
    return all(equal_values(getattr(self, field.name), getattr(other, field.name))
               for field in dataclasses.fields(self) if field.compare)
