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


def test_a_sweep_names_the_regime_its_grid_steps_over():
    """Hand-derived: the buyer builds above a spend equal to the cost of building, and the vendor
    cuts its price against a builder only while the spend is below that cost plus one, so there
    both mix (the cycle of matching pennies). Coarse grids step over that strip, along the spend
    and over the plane of spend and cost; a grid with a point in it misses nothing."""
    import sympy

    from chipgame.payoffs import Parameter, PayoffModel
    from chipgame.sensitivity import sweep
    from chipgame.sensitivity.grid_gaps import grid_gaps

    s, c = sympy.symbols("spend cost")
    model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
                        {("Buy", "Hold"): (-s, 1), ("Buy", "Cut"): (-s + 1, 0), ("Build", "Hold"): (-c, 0),
                         ("Build", "Cut"): (-c, sympy.Piecewise((1, (s > c) & (s < c + 1)), (-1, True)))},
                        [Parameter("spend", 10, range=(2, 19)), Parameter("cost", 6, range=(4, 8))])
    mixing = "Buyer: Buy+Build | Vendor: Hold+Cut"
    coarse = grid_gaps(sweep(model, [grid_axis("spend", 3, 19, 3)]))
    assert [gap.label for gap in coarse.missed] == [mixing] and coarse.certified
    assert 6 < coarse.missed[0].at["spend"] < 7
    fine = grid_gaps(sweep(model, [grid_axis("spend", 3, 19, 33)]))  # a step of 1/2: 6.5 is on the grid
    assert fine.missed == () and fine.certified
    plane = grid_gaps(sweep(model, [grid_axis("spend", 3, 19, 3), grid_axis("cost", 4, 8, 3)]))
    assert [gap.label for gap in plane.missed] == [mixing] and plane.certified
    at = plane.missed[0].at
    assert at["cost"] < at["spend"] < at["cost"] + 1
