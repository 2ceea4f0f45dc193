"""How the extreme equilibria of a two-player game group into convex sets and components.

In a degenerate bimatrix game the equilibria can form continua. Following Avis, Rosenberg,
Savani and von Stengel ("Enumeration of Nash equilibria for two-player games", Economic
Theory 42, 2010, section 4), draw the bipartite graph whose nodes are the extreme strategies
of each player and whose edges are the extreme equilibria. Then:

- a **maximal Nash subset** is a maximal biclique ``X x Y`` of that graph: every mixture of the
  strategies in ``X`` against every mixture of those in ``Y`` is an equilibrium (a convex set);
- a **component** is a connected component of the graph: the union of Nash subsets that share
  extreme strategies, a connected set of equilibria.

In a non-degenerate game every equilibrium is its own component.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..games import Number

__all__ = ["NashSubset", "Component", "equilibrium_components", "MAX_NASH_SUBSETS"]

MAX_NASH_SUBSETS = 10_000
"""Largest number of candidate Nash subsets examined in one component (they can be exponential)."""

Mix = tuple[Number, ...]


@dataclass(frozen=True)
class NashSubset:
    """A convex set of equilibria: any mixture of ``rows`` against any mixture of ``columns``.

    ``equilibria`` are the indices (into the list given) of its extreme equilibria.
    """

    equilibria: tuple[int, ...]
    rows: tuple[Mix, ...]
    columns: tuple[Mix, ...]


@dataclass(frozen=True)
class Component:
    """A connected set of equilibria: its extreme equilibria and its maximal Nash subsets.

    ``nash_subsets`` is None when there were too many to list (see ``MAX_NASH_SUBSETS``).
    """

    equilibria: tuple[int, ...]
    nash_subsets: tuple[NashSubset, ...] | None


def equilibrium_components(equilibria: Sequence[tuple[Mix, Mix]]) -> tuple[Component, ...]:
    """Group extreme equilibria ``(x, y)`` into components and maximal Nash subsets.

    Parameters
    ----------
    equilibria
        Every extreme equilibrium of a two-player game, as pairs of exact mixes.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> top, mid = (F(1), F(0), F(0)), (F(0), F(1, 3), F(2, 3))
    >>> left, mix, right = (F(1), F(0)), (F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))
    >>> parts = equilibrium_components([(top, left), (top, mix), (mid, right)])
    >>> [c.equilibria for c in parts]
    [(0, 1), (2,)]
    >>> parts[0].nash_subsets[0].columns == (left, mix)
    True
    """
    # each distinct mix is hashed once, then known by its number (its first appearance)
    row_ids: dict[Mix, int] = {}
    column_ids: dict[Mix, int] = {}
    pairs = [(row_ids.setdefault(x, len(row_ids)), column_ids.setdefault(y, len(column_ids))) for x, y in equilibria]
    rows, columns = list(row_ids), list(column_ids)
    neighbours: dict[int, set[int]] = {}
    for x, y in pairs:
        neighbours.setdefault(x, set()).add(y)
    index = {pair: k for k, pair in enumerate(pairs)}
    components = []
    for group in _connected_row_sets(neighbours):
        members = tuple(sorted(index[(x, y)] for x in group for y in neighbours[x]))
        components.append(Component(members, _maximal_bicliques(group, neighbours, index, rows, columns)))
    return tuple(sorted(components, key=lambda c: c.equilibria))


def _connected_row_sets(neighbours: dict[int, set[int]]) -> list[list[int]]:
    """The row strategies of each connected component (rows are linked by a shared column), in
    the order their first row appears: union-find over the bipartite graph, near-linear in the
    number of equilibria (an identity game of 15 strategies has 32,767)."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def root(node: tuple[int, int]) -> tuple[int, int]:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for x, columns in neighbours.items():
        parent.setdefault((0, x), (0, x))
        for y in columns:
            parent.setdefault((1, y), (1, y))
            first, second = root((0, x)), root((1, y))
            if first != second:
                parent[first] = second
    groups: dict[tuple[int, int], list[int]] = {}
    for x in neighbours:
        groups.setdefault(root((0, x)), []).append(x)
    return list(groups.values())


def _maximal_bicliques(
    group: list[int], neighbours: dict[int, set[int]], index: dict[tuple[int, int], int],
    rows: list[Mix], columns: list[Mix],
) -> tuple[NashSubset, ...] | None:
    """Every maximal biclique: column sides are the intersections of row neighbourhoods."""
    sides: set[frozenset[int]] = {frozenset(neighbours[x]) for x in group}
    fresh = set(sides)
    while fresh:
        new = {a & b for a in fresh for b in sides} - sides - {frozenset()}
        if len(sides) + len(new) > MAX_NASH_SUBSETS:
            return None
        sides |= new
        fresh = new
    subsets = []
    for side in sides:
        side_rows = [x for x in group if side <= neighbours[x]]
        ordered_columns = sorted(side, key=lambda y: columns[y], reverse=True)
        members = tuple(sorted(index[(x, y)] for x in side_rows for y in ordered_columns))
        subsets.append(NashSubset(members, tuple(rows[x] for x in side_rows),
                                  tuple(columns[y] for y in ordered_columns)))
    return tuple(sorted(subsets, key=lambda s: s.equilibria))
