"""Thresholds of random piecewise payoffs against dense exact solving (issue #16).

Random 2x2 games whose payoffs are nested ``min``, ``max``, ``abs`` and ``where`` of lines in x,
with breakpoints and slopes from a small set of rationals (so that ties, coincident breakpoints
and degenerate games are common) and a few constants 1e-5 apart (so that narrow regimes are).
``thresholds`` must agree with the game solved exactly at every point of a dense grid, at a
point inside every regime it reports, and just beside every threshold it reports.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipgame.payoffs import Parameter, PayoffModel
from chipgame.sensitivity import thresholds
from chipgame.sensitivity.regime_samples import regime_samples, threshold_bounds
from chipgame.sensitivity.regimes import structure_of
from chipgame.solvers import solve

x = sympy.Symbol("x")
R = sympy.Rational

GRID = 240
"""Points of the dense grid are k/240: every breakpoint of the strategy below is on it."""

_NUMBERS = st.sampled_from([R(0), R(1), R(-1), R(1, 2), R(-1, 2), R(1, 3), R(2, 3), R(1, 4), R(3, 4), R(-3, 2),
                            R(1, 2) + R(1, 10**5), R(1, 2) - R(1, 10**5)])
_CUTS = st.sampled_from([R(k, 8) for k in range(1, 8)] + [R(1, 2) + R(1, 10**5)])


def _line() -> st.SearchStrategy[sympy.Expr]:
    return st.builds(lambda a, b: a + b * x, _NUMBERS, _NUMBERS)


def _extend(inner: st.SearchStrategy[sympy.Expr]) -> st.SearchStrategy[sympy.Expr]:
    return st.one_of(
        st.builds(sympy.Min, inner, inner),
        st.builds(sympy.Max, inner, inner),
        st.builds(sympy.Abs, inner),
        st.builds(lambda cut, a, b: sympy.Piecewise((a, x < cut), (b, True)), _CUTS, inner, inner),
    )


_PAYOFFS = st.recursive(_line(), _extend, max_leaves=4)


def _model(values: list[sympy.Expr]) -> PayoffModel:
    cells = [("A", "L"), ("A", "R"), ("B", "L"), ("B", "R")]
    payoffs = {cell: (values[2 * k], values[2 * k + 1]) for k, cell in enumerate(cells)}
    return PayoffModel(("Row", "Column"), (("A", "B"), ("L", "R")), payoffs,
                       [Parameter("x", Fraction(1, 2), range=(Fraction(0), Fraction(1)))])


def _structure(model: PayoffModel, value: Fraction):
    return structure_of(solve(model.evaluate({"x": value})).equilibria)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PAYOFFS, min_size=8, max_size=8))
def test_thresholds_agree_with_exact_solving_on_a_dense_grid(values):
    model = _model(values)
    found = thresholds(model, "x")
    assert all(t.certified for t in found), [t.note for t in found]
    bounds = [threshold_bounds(t) for t in found]
    # no regime missing: wherever two neighbours of the grid differ, a threshold lies between them
    grid = [Fraction(k, GRID) for k in range(GRID + 1)]
    structures = [_structure(model, value) for value in grid]
    for k in range(GRID):
        if structures[k] != structures[k + 1]:
            assert any(grid[k] <= high and low <= grid[k + 1] for low, high in bounds), (grid[k], grid[k + 1])
    # between two thresholds the structure is the one reported on either side of them
    for k, value in enumerate(grid):
        after = [t for t, (low, high) in zip(found, bounds) if high < value]
        before = [t for t, (low, high) in zip(found, bounds) if value < low]
        at = [t for t, (low, high) in zip(found, bounds) if low <= value <= high]
        if at:
            if at[0].at is not None and bounds[found.index(at[0])][0] == value:
                assert structures[k] == structure_of(at[0].at)
            continue
        if after:
            assert structures[k] == structure_of(after[-1].above)
        if before:
            assert structures[k] == structure_of(before[0].below)
    # inside every regime, however narrow, and just beside each threshold: as reported
    for sample in regime_samples(found, Fraction(0), Fraction(1)):
        below = [t for t, (low, high) in zip(found, bounds) if sample < low]
        if below:
            assert _structure(model, sample) == structure_of(below[0].below)
    for threshold, (low, high) in zip(found, bounds):
        step = Fraction(1, 10**9)
        if low - step > 0:
            assert _structure(model, low - step) == structure_of(threshold.below)
        if high + step < 1:
            assert _structure(model, high + step) == structure_of(threshold.above)
        assert structure_of(threshold.below) != structure_of(threshold.above) or threshold.at is not None


_SLOPES = st.sampled_from([R(0), R(1), R(-1), R(1, 2), R(-2), R(3, 2)])


@pytest.mark.slow  # about 50 s: ten random three-player models, each solved exactly on a dense grid
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.builds(lambda a, b: a + b * x, _NUMBERS, _SLOPES), min_size=24, max_size=24))
def test_three_player_thresholds_bracket_every_change_on_a_dense_grid(values):
    # 2x2x2 games with payoffs linear in x: every change of structure between neighbours of a
    # 60-point grid lies at a threshold or inside a region reported as not certified
    cells = list(itertools.product("AB", "CD", "EF"))
    model = PayoffModel(("P", "Q", "R"), (("A", "B"), ("C", "D"), ("E", "F")),
                        {cell: tuple(values[3 * k:3 * k + 3]) for k, cell in enumerate(cells)},
                        [Parameter("x", Fraction(1, 2), range=(Fraction(0), Fraction(1)))])
    found = thresholds(model, "x", scan_mixed=False)
    bounds = [threshold_bounds(t) for t in found]
    grid = [Fraction(k, 60) for k in range(61)]
    structures = [_structure(model, value) for value in grid]
    for k in range(60):
        if structures[k] != structures[k + 1]:
            assert any(grid[k] <= high and low <= grid[k + 1] for low, high in bounds), (grid[k], grid[k + 1])
    # just beside a certified threshold, unless a region not certified starts there
    regions = [(low, high) for t, (low, high) in zip(found, bounds) if not t.certified]
    step = Fraction(1, 10**9)
    for threshold, (low, high) in zip(found, bounds):
        if not threshold.certified or low != high or not 0 < low < 1:
            continue
        if all(end != low for _, end in regions):
            assert _structure(model, low - step) == structure_of(threshold.below)
        if all(start != low for start, _ in regions):
            assert _structure(model, low + step) == structure_of(threshold.above)
