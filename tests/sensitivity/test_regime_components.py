"""Regimes are the connected sets of equal structure along the axes (chipgame.sensitivity.regimes):
the union-find that finds them must agree with scipy.ndimage.label, the reference labelling."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import ndimage

from chipgame.sensitivity.grid import grid_axis
from chipgame.sensitivity.regimes import find_regimes

STRUCTURES = [((("a",), ("x",)),), ((("b",), ("x",)),), ((("a", "b"), ("x",)),)]


@st.composite
def grids(draw):
    shape = tuple(draw(st.lists(st.integers(1, 9), min_size=1, max_size=3)))
    codes = draw(st.lists(st.integers(0, len(STRUCTURES) - 1), min_size=int(np.prod(shape)),
                          max_size=int(np.prod(shape))))
    return shape, codes


@settings(max_examples=300, deadline=None)
@given(grids())
def test_regimes_are_the_connected_components_scipy_labels(grid):
    shape, codes = grid
    axes = [grid_axis(f"p{k}", 0, 1, max(size, 2)) for k, size in enumerate(shape)]
    regimes = find_regimes(("A", "B"), [STRUCTURES[c] for c in codes], shape, axes)
    found = sorted(regime.points for regime in regimes)
    expected = []
    array = np.array(codes).reshape(shape)
    for code in set(codes):
        labels, count = ndimage.label(array == code)
        expected += [tuple(np.flatnonzero(labels.reshape(-1) == k).tolist()) for k in range(1, count + 1)]
    assert found == sorted(expected)
    assert all(regime.structure == STRUCTURES[codes[regime.points[0]]] for regime in regimes)
    assert [regime.points[0] for regime in regimes] == sorted(regime.points[0] for regime in regimes)


def test_a_snake_of_one_regime_is_one_region():
    """A path winding through the whole grid is one regime, however long (the union-find's rounds)."""
    size = 15
    codes = np.ones((size, size), dtype=int)
    codes[1::2, :] = 0
    codes[1::4, -1] = 1
    codes[3::4, 0] = 1
    axes = [grid_axis("p", 0, 1, size), grid_axis("q", 0, 1, size)]
    regimes = find_regimes(("A", "B"), [STRUCTURES[c] for c in codes.reshape(-1)], (size, size), axes)
    snake = [r for r in regimes if r.structure == STRUCTURES[1]]
    assert len(snake) == 1 and len(snake[0].points) == int((codes == 1).sum())
