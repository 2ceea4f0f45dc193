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
    neighbours: dict[Mix, set[Mix]] = {}
    for x, y in equilibria:
        neighbours.setdefault(x, set()).add(y)
    index = {pair: k for k, pair in enumerate(equilibria)}
    components = []
    for rows in _connected_row_sets(neighbours):
        members = tuple(sorted(index[(x, y)] for x in rows for y in neighbours[x]))
        components.append(Component(members, _maximal_bicliques(rows, neighbours, index)))
    return tuple(sorted(components, key=lambda c: c.equilibria))


def _connected_row_sets(neighbours: dict[Mix, set[Mix]]) -> list[list[Mix]]:
    """The row strategies of each connected component (rows are linked by a shared column)."""
    unseen = list(neighbours)
    groups = []
    while unseen:
        group, columns = [unseen.pop(0)], set()
        frontier = [group[0]]
        while frontier:
            columns |= neighbours[frontier.pop()]
            linked = [x for x in unseen if neighbours[x] & columns]
            for x in linked:
                unseen.remove(x)
            group += linked
            frontier += linked
        groups.append(group)
    return groups


def _maximal_bicliques(
    rows: list[Mix], neighbours: dict[Mix, set[Mix]], index: dict[tuple[Mix, Mix], int]
) -> tuple[NashSubset, ...] | None:
    """Every maximal biclique: column sides are the intersections of row neighbourhoods."""
    sides: set[frozenset[Mix]] = {frozenset(neighbours[x]) for x in rows}
    fresh = set(sides)
    while fresh:
        new = {a & b for a in fresh for b in sides} - sides - {frozenset()}
        if len(sides) + len(new) > MAX_NASH_SUBSETS:
            return None
        sides |= new
        fresh = new
    subsets = []
    for columns in sides:
        side_rows = [x for x in rows if columns <= neighbours[x]]
        ordered_columns = sorted(columns, reverse=True)
        members = tuple(sorted(index[(x, y)] for x in side_rows for y in ordered_columns))
        subsets.append(NashSubset(members, tuple(side_rows), tuple(ordered_columns)))
    return tuple(sorted(subsets, key=lambda s: s.equilibria))
