"""Sweeps of models of three or more players, screened in floats (``solvers.batch_n_player``) and
solved exactly only where the screen flags a point: the same structures and equilibria as
solving every point exactly, on hand-built models, random linear models and the
``two-hyperscalers`` seed."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from chipgame.payoffs import Parameter, PayoffModel, load_scenario
from chipgame.sensitivity import batch_solve, grid_axis, structure_of, sweep, threshold_search, thresholds
from chipgame.sensitivity.tornado_bars import _bar
from chipgame.solvers import solve
from chipgame.solvers.batch_n_player import PureScreen

x = sympy.Symbol("x")


def _same(found, expected) -> bool:
    """Same equilibria in the same order: supports equal, probabilities and payoffs within 1e-9."""
    if len(found) != len(expected):
        return False
    for a, b in zip(found, expected):
        if a.support != b.support:
            return False
        numbers = zip([*itertools.chain(*a.profile), *a.payoffs], [*itertools.chain(*b.profile), *b.payoffs])
        if any(abs(float(p) - float(q)) > 1e-9 * max(1.0, abs(float(q))) for p, q in numbers):
            return False
    return True


def _assert_agrees_with_exact_solve(model: PayoffModel, result) -> None:
    for k, point in enumerate(result.points()):
        expected = solve(model.evaluate({**result.base, **point})).equilibria
        assert result.structures[k] == structure_of(expected), point
        found = result.equilibria_at(k)
        assert _same(found, expected), (point, found, expected)
        if not result.exact[k]:
            assert all(eq.is_pure and not eq.is_exact for eq in found), "read from the screen, in floats"


def pennies_when_x_between_0_and_1() -> PayoffModel:
    """C plays W exactly when x(1 - x) > 0; then A and B play matching pennies (one mixed
    equilibrium), otherwise both have a dominant strategy, H (one pure equilibrium)."""
    payoffs = {}
    for a, b, c in itertools.product("HT", "HT", "WE"):
        if c == "W":
            payoffs[(a, b, c)] = (1 if a == b else -1, 1 if a != b else -1, x * (1 - x))
        else:
            payoffs[(a, b, c)] = (int(a == "H"), int(b == "H"), 0)
    return PayoffModel(("A", "B", "C"), (("H", "T"), ("H", "T"), ("W", "E")), payoffs, [Parameter("x", 0)])


def test_a_mixed_equilibrium_in_part_of_the_range_flags_exactly_those_points():
    model = pennies_when_x_between_0_and_1()
    result = sweep(model, [grid_axis("x", -1, 2, 31)])
    values = [point["x"] for point in result.points()]
    assert result.exact.tolist() == [0 <= v <= 1 for v in values]
    assert isinstance(result.batch, PureScreen)
    _assert_agrees_with_exact_solve(model, result)
    inside = result.equilibria_at(values.index(F(1, 2)))
    assert [eq.profile for eq in inside] == [((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)), (F(1), F(0)))]
    assert result.regimes[0].label == "A: H | B: H | C: E"


def test_a_tie_that_floats_miss_by_a_rounding_error_is_flagged():
    # A's first strategy pays 3x, its second 3/10: they tie at x = 1/10 exactly, where in floats
    # 3 * 0.1 = 0.30000000000000004 > 0.3. B and C have dominant strategies.
    payoffs = {(a, b, c): (3 * x if a == "U" else sympy.Rational(3, 10), int(b == "L"), int(c == "W"))
               for a, b, c in itertools.product("UD", "LR", "WE")}
    model = PayoffModel(("A", "B", "C"), (("U", "D"), ("L", "R"), ("W", "E")), payoffs, [Parameter("x", 0)])
    result = sweep(model, [grid_axis("x", 0, "1/5", 5)])
    assert [p["x"] for p in result.points()] == [0, F(1, 20), F(1, 10), F(3, 20), F(1, 5)]
    assert result.exact.tolist() == [False, False, True, False, False]
    assert [len(e) for e in result.equilibria] == [1, 1, len(solve(model.evaluate({"x": F(1, 10)})).equilibria), 1, 1]
    _assert_agrees_with_exact_solve(model, result)


def _linear_model(shape: tuple[int, ...], constants: list[int], slopes: list[int]) -> PayoffModel:
    labels = tuple(tuple(f"{chr(65 + i)}{j}" for j in range(m)) for i, m in enumerate(shape))
    a = np.array(constants).reshape(*shape, len(shape))
    b = np.array(slopes).reshape(*shape, len(shape))
    payoffs = {tuple(labels[i][j] for i, j in enumerate(index)): tuple(int(a[index][p]) + int(b[index][p]) * x
                                                                         for p in range(len(shape)))
               for index in itertools.product(*(range(m) for m in shape))}
    return PayoffModel(("A", "B", "C"), labels, payoffs, [Parameter("x", 0)])


@settings(max_examples=12, deadline=None)
@given(st.lists(st.integers(-2, 2), min_size=48, max_size=48), st.integers(1, 3))
def test_sweeps_of_random_linear_2x2x2_models_agree_with_exact_solve(coefficients, count):
    """Payoffs a + b*x with small integers: ties, and so flagged points, land on the grid often."""
    model = _linear_model((2, 2, 2), coefficients[:24], coefficients[24:])
    _assert_agrees_with_exact_solve(model, sweep(model, [grid_axis("x", -2, 2, 4 * count + 1)]))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sweeps_of_random_linear_3x3x2_models_agree_with_exact_solve(seed):
    rng = np.random.default_rng(seed)
    constants = rng.integers(-1, 2, size=(3, 3, 2, 3))
    for player, m in enumerate((3, 3, 2)):  # an own-strategy term, so that dominance decides some points
        shape = [1, 1, 1]
        shape[player] = m
        constants[..., player] += 3 * rng.integers(0, 3, size=m).reshape(shape)
    slopes = rng.integers(-2, 3, size=(3, 3, 2, 3))
    model = _linear_model((3, 3, 2), constants.reshape(-1).tolist(), slopes.reshape(-1).tolist())
    result = sweep(model, [grid_axis("x", -2, 2, 9)])
    _assert_agrees_with_exact_solve(model, result)


def test_a_sweep_of_two_hyperscalers_agrees_with_exact_solve_at_every_point():
    model = load_scenario("two-hyperscalers").model
    # with external sales as large as in-house volume (the seed's values sell nothing outside), both
    # hyperscalers sell below ext_rivalry 9/19, one alone above, and the chicken game (two pure
    # equilibria and a mixed one) above 17/27
    selling = {"ext_share_bytedance": 1, "ext_share_alibaba": 1}
    result = sweep(model, [grid_axis("ext_rivalry", "0.3", "0.7", 17)], selling)
    assert 0 < result.exact.sum() < len(result)
    assert [r.label for r in result.regimes][:2] == [
        "ByteDance: BuildAndSell | Alibaba: BuildAndSell | Nvidia: HoldMargin",
        "ByteDance: BuildAndSell | Alibaba: Build | Nvidia: HoldMargin"]
    _assert_agrees_with_exact_solve(model, result)


def test_a_two_dimensional_sweep_of_two_hyperscalers_agrees_with_exact_solve():
    model = load_scenario("two-hyperscalers").model
    result = sweep(model, [grid_axis("horizon_years", 2, 8, 5), grid_axis("vendor_margin", "0.4", "0.8", 5)])
    assert len(result.regimes) > 1
    _assert_agrees_with_exact_solve(model, result)


def _solve_every_point(monkeypatch) -> None:
    """Make the screen flag every point: the old path, every point solved exactly."""
    real = batch_solve.screen_equilibria

    def flag_everything(payoffs):
        screen = real(payoffs)
        return PureScreen(screen.pure, screen.payoffs, np.ones(len(screen), dtype=bool))

    monkeypatch.setattr(batch_solve, "screen_equilibria", flag_everything)


def test_thresholds_of_two_hyperscalers_are_those_of_solving_every_point(monkeypatch):
    model = load_scenario("two-hyperscalers").model
    # the scan (the model is too involved for symbolic tie conditions), coarser, twice
    monkeypatch.setattr(threshold_search, "SCAN_POINTS", 401)
    screened = thresholds(model, "horizon_years", "2", "12/5")
    _solve_every_point(monkeypatch)
    exact = thresholds(model, "horizon_years", "2", "12/5")
    assert screened == exact
    assert [t.exact for t in screened] == [sympy.Rational(2641, 1141)]


def test_tornado_bars_of_two_hyperscalers_are_those_of_solving_every_point(monkeypatch):
    scenario = load_scenario("two-hyperscalers")
    model = scenario.model
    base = model.values_with(None)
    chosen = [p for p in model.parameters if p.name in ("ext_rivalry", "horizon_years", "vendor_margin")]
    screened = [_bar((model, base, 41), p) for p in chosen]
    _solve_every_point(monkeypatch)
    exact = [_bar((model, base, 41), p) for p in chosen]
    assert [bar.regimes for bar in screened] == [bar.regimes for bar in exact]
    assert any(bar.changes_regime for bar in screened)
    # equilibrium payoffs read from the screen are floats of the model's formulas, not exact
    # fractions rounded: the same to the last bits or so
    for ours, theirs in zip(screened, exact):
        assert np.array(ours.payoff_ranges) == pytest.approx(np.array(theirs.payoff_ranges), rel=1e-13, abs=0)


def test_monte_carlo_draws_of_a_three_player_model_agree_with_exact_solve():
    from chipgame.sensitivity import monte_carlo

    payoffs = pennies_when_x_between_0_and_1().payoffs
    model = PayoffModel(("A", "B", "C"), (("H", "T"), ("H", "T"), ("W", "E")), payoffs,
                        [Parameter("x", 0, distribution={"kind": "uniform", "low": -1, "high": 2})])
    result = monte_carlo(model, 120, seed=4)
    draws = result.draws["x"]
    assert result.exact.tolist() == [0 < v < 1 for v in draws.tolist()]
    for k, value in enumerate(draws.tolist()):
        expected = solve(model.evaluate({"x": F(value)})).equilibria
        assert result.structures[k] == structure_of(expected) and _same(result.equilibria_at(k), expected)
    inside = sum(0 < v < 1 for v in draws.tolist()) / len(draws)
    assert result.regime_probabilities["A: H+T | B: H+T | C: W"] == pytest.approx(inside)


def test_a_three_player_sweep_is_the_same_in_small_chunks_and_on_processes(monkeypatch):
    model = pennies_when_x_between_0_and_1()
    axes = [grid_axis("x", -1, 2, 31)]
    whole = sweep(model, axes)

    def everything(result):
        return (result.exact.tolist(), result.structures, [r.label for r in result.regimes],
                [result.equilibria_at(k) for k in range(len(result))])

    monkeypatch.setattr(batch_solve, "N_PLAYER_CHUNK_POINTS", 4)
    seen = []
    chunked = sweep(model, axes, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (8, 8) and isinstance(chunked.batch, PureScreen) and len(chunked.batch) == 31
    assert everything(chunked) == everything(whole)
    assert everything(sweep(model, axes, workers=2)) == everything(whole)
