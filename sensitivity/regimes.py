"""Regimes: connected sets of parameter values where the equilibria have the same structure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..games import Number
from ..games.immutable import FrozenMapping
from ..solvers import Equilibrium
from .grid import Axis

__all__ = ["Structure", "Regime", "structure_of", "describe_structure", "find_regimes"]

Structure = tuple[tuple[tuple[str, ...], ...], ...]
"""For each equilibrium (sorted), the strategies each player plays in it."""


def structure_of(equilibria: Sequence[Equilibrium]) -> Structure:
    """Which strategies are played by whom in each equilibrium, in a canonical order.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> eq = Equilibrium(((F(1), F(0)), (F(1, 2), F(1, 2))), (F(1), F(1)), (("U", "D"), ("L", "R")))
    >>> structure_of([eq])
    ((('U',), ('L', 'R')),)
    """
    return tuple(sorted(eq.support for eq in equilibria))


def describe_structure(players: Sequence[str], structure: Structure) -> str:
    """A structure in words: ``"ByteDance: Build | Cambricon: CutPrice"``, mixed supports joined
    with ``+``, several equilibria with `` ; ``.

    Examples
    --------
    >>> describe_structure(("A", "B"), ((("U",), ("L", "R")),))
    'A: U | B: L+R'
    """
    if not structure:
        return "no equilibrium"
    return " ; ".join(" | ".join(f"{player}: {'+'.join(support)}" for player, support in zip(players, supports))
                      for supports in structure)


@dataclass(frozen=True)
class Regime:
    """A connected set of grid points with the same equilibrium structure.

    Parameters
    ----------
    label
        The structure in words (see ``describe_structure``).
    structure
        The structure itself.
    points
        Indices of its grid points (row-major over the axes).
    bounds
        For each varied parameter, the smallest and largest value in the regime.
    """

    label: str
    structure: Structure
    points: tuple[int, ...]
    bounds: Mapping[str, tuple[Number, Number]]


def find_regimes(players: Sequence[str], structures: Sequence[Structure], shape: tuple[int, ...],
                 axes: Sequence[Axis]) -> tuple[Regime, ...]:
    """Group grid points into regimes: maximal sets of same-structure points connected along the axes.

    Examples
    --------
    >>> from chipgame.sensitivity.grid import grid_axis
    >>> a, b = ((("x",), ("y",)),), ((("z",), ("y",)),)
    >>> axes = [grid_axis("p", 0, 2, 3), grid_axis("q", 0, 1, 2)]
    >>> [(r.label, r.points) for r in find_regimes(("A", "B"), [a, b, b, b, a, a], (3, 2), axes)]
    [('A: x | B: y', (0,)), ('A: z | B: y', (1, 2, 3)), ('A: x | B: y', (4, 5))]
    """
    ids: dict[Structure, int] = {}
    codes = np.array([ids.setdefault(s, len(ids)) for s in structures]).reshape(shape)
    roots = _component_roots(codes)
    grids = np.indices(shape).reshape(len(shape), -1)
    order = np.argsort(roots, kind="stable")
    starts = np.flatnonzero(np.diff(roots[order], prepend=-1))
    regimes = []
    for members in np.split(order, starts[1:]):
        bounds = {}
        for axis, coordinates in zip(axes, grids[:, members]):
            bounds[axis.name] = (axis.values[int(coordinates.min())], axis.values[int(coordinates.max())])
        structure = structures[int(members[0])]
        regimes.append(Regime(describe_structure(players, structure), structure, tuple(members.tolist()),
                              FrozenMapping(bounds)))
    return tuple(regimes)


def _component_roots(codes: np.ndarray) -> np.ndarray:
    """For each grid point (row-major), the smallest index of the points connected to it along the
    axes through points of the same code: a union-find in numpy, each round linking the roots of
    every pair of equal neighbours, then compressing paths by pointer jumping."""
    flat = codes.reshape(-1)
    index = np.arange(flat.size).reshape(codes.shape)
    pairs = [(index[tuple(slice(None, -1) if k == axis else slice(None) for k in range(codes.ndim))].reshape(-1),
              index[tuple(slice(1, None) if k == axis else slice(None) for k in range(codes.ndim))].reshape(-1))
             for axis in range(codes.ndim)]
    first = np.concatenate([a for a, _ in pairs]) if pairs else np.zeros(0, dtype=int)
    second = np.concatenate([b for _, b in pairs]) if pairs else np.zeros(0, dtype=int)
    same = flat[first] == flat[second]
    first, second = first[same], second[same]
    parent = np.arange(flat.size)
    while True:
        while not np.array_equal(jumped := parent[parent], parent):
            parent = jumped
        low, high = np.minimum(parent[first], parent[second]), np.maximum(parent[first], parent[second])
        apart = low != high
        if not apart.any():
            return parent
        np.minimum.at(parent, high[apart], low[apart])
