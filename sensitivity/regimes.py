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
    """Group grid points into regimes: maximal sets of same-structure points connected along the axes."""
    from scipy import ndimage  # here, not at the top: 0.3 s of imports that solve does not need

    ids: dict[Structure, int] = {}
    codes = np.array([ids.setdefault(s, len(ids)) for s in structures]).reshape(shape)
    grids = np.indices(shape).reshape(len(shape), -1)
    regimes = []
    for structure, code in ids.items():
        labels, count = ndimage.label(codes == code)
        flat = labels.reshape(-1)
        for component in range(1, count + 1):
            members = np.flatnonzero(flat == component)
            bounds = {}
            for axis, coordinates in zip(axes, grids[:, members]):
                bounds[axis.name] = (axis.values[int(coordinates.min())], axis.values[int(coordinates.max())])
            regimes.append(Regime(describe_structure(players, structure), structure,
                                  tuple(members.tolist()), FrozenMapping(bounds)))
    return tuple(sorted(regimes, key=lambda r: r.points[0]))
