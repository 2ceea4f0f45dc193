"""Read-only containers that stay read-only through pickling: chipgame's immutable results.

``types.MappingProxyType`` is read-only but cannot be pickled, so a result holding one cannot
come back from a worker process, a Dask task or a cache. ``FrozenMapping`` is read-only, pickles
as the dict it holds, compares equal to any mapping with the same items, whatever their order, and
hashes when its values do. A read-only numpy array comes back from pickle writeable:
``ReadOnlyArrays`` makes the arrays of a result read-only again when it is unpickled.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar

import numpy as np

__all__ = ["FrozenMapping", "ReadOnlyArrays"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenMapping(Mapping[K, V]):
    """A read-only copy of a mapping (or of key-value pairs), in their order.

    Examples
    --------
    >>> import pickle
    >>> frozen = FrozenMapping({"p_cut": 0.3})
    >>> frozen["p_cut"], frozen == {"p_cut": 0.3}, pickle.loads(pickle.dumps(frozen)) == frozen
    (0.3, True, True)
    >>> frozen["p_cut"] = 0.5
    Traceback (most recent call last):
    ...
    TypeError: 'FrozenMapping' object does not support item assignment
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._items: dict[K, V] = dict(items)

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return self._items == dict(other.items())

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return f"FrozenMapping({self._items!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMapping, (self._items,))


class ReadOnlyArrays:
    """A base for frozen dataclasses holding numpy arrays (alone, in tuples or in mappings): the
    arrays are read-only again after unpickling (or a deep copy), as they were before.

    Examples
    --------
    >>> import copy
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Path(ReadOnlyArrays):
    ...     points: tuple[np.ndarray, ...]
    >>> points = np.zeros(3)
    >>> points.flags.writeable = False
    >>> copy.deepcopy(Path((points,))).points[0].flags.writeable
    False
    """

    def __setstate__(self, state: dict[str, Any]) -> None:
        for value in state.values():
            _make_read_only(value)
        self.__dict__.update(state)


def _make_read_only(value: Any) -> None:
    """Mark every numpy array in ``value`` (an array, or a tuple or mapping of them) read-only."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, tuple):
        for item in value:
            _make_read_only(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            _make_read_only(item)
