"""Sweeps and thresholds: agreement with per-point exact solves, exact threshold values."""

from __future__ import annotations

import re
from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from chipgame.payoffs import Parameter, PayoffModel, load_scenario
from chipgame.sensitivity import grid_axis, structure_of, sweep, thresholds
from chipgame.sensitivity.rational_code import exact_games as _exact_games
from chipgame.solvers import solve

m = sympy.Symbol("m")


def build_or_buy(build_cost) -> PayoffModel:
    """Buyer: Buy costs 1/(1-m) (the vendor's price at margin m), Build costs ``build_cost``."""
    return PayoffModel(
        ("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
        {("Buy", "Hold"): (-1 / (1 - m), m), ("Buy", "Cut"): (-1 / (1 - m / 2), m / 2),
         ("Build", "Hold"): (-build_cost, 0), ("Build", "Cut"): (-build_cost, -1)},
        [Parameter("m", 0.5, range=(0.01, 0.99))])


def _same(found, expected) -> bool:
    """Same number of equilibria, same supports, probabilities within 1e-9."""
    if len(found) != len(expected):
        return False
    for a, b in zip(sorted(found, key=lambda e: e.support), sorted(expected, key=lambda e: e.support)):
        if a.support != b.support:
            return False
        if any(abs(float(p) - float(q)) > 1e-9 for x, y in zip(a.profile, b.profile) for p, q in zip(x, y)):
            return False
    return True


def test_threshold_is_exactly_8_15_when_build_beats_buy_iff_price_exceeds_15_7():
    found = thresholds(build_or_buy(sympy.Rational(15, 7)), "m")
    assert [t.exact for t in found] == [sympy.Rational(8, 15)]
    (t,) = found
    assert [eq.support[0] for eq in t.below] == [("Buy",)]
    assert [eq.support[0] for eq in t.above] == [("Build",)]
    assert {eq.support[0] for eq in t.at} == {("Buy",), ("Build",)}, "both tie at the threshold"


def test_both_roots_of_5m_1_minus_m_equals_1_are_found_exactly():
    found = thresholds(build_or_buy(5 * m), "m")
    roots = sympy.solve(5 * m * (1 - m) - 1, m)
    assert sorted(float(t.exact) for t in found) == pytest.approx(sorted(float(r) for r in roots), abs=1e-15)
    assert all(sympy.simplify(t.exact - r) == 0 for t, r in zip(found, sorted(roots, key=float)))
    # Build (-5m) beats Buy (-1/(1-m)) exactly outside the roots, where 5m(1-m) < 1
    low, high = found
    assert [eq.support[0] for eq in low.below] == [("Build",)] and [eq.support[0] for eq in low.above] == [("Buy",)]
    assert [eq.support[0] for eq in high.below] == [("Buy",)] and [eq.support[0] for eq in high.above] == [("Build",)]
    # the degenerate game at each root, solved exactly in Q(sqrt(5)): the buyer is indifferent
    for t in found:
        assert [eq.support for eq in t.at] == [(("Buy",), ("Hold",)), (("Build",), ("Hold",))]
        assert all(isinstance(p, F) for eq in t.at for mix in eq.profile for p in mix)
        assert [float(eq.payoffs[0]) for eq in t.at] == pytest.approx([-5 * float(t.exact)] * 2, abs=1e-14)
        assert [eq.payoffs[1] for eq in t.at] == [pytest.approx(float(t.exact), abs=1e-15), 0]


def test_an_irrational_threshold_where_a_mixed_equilibrium_appears_with_an_irrational_probability():
    # Row's D pays 5m(1-m) - 1 against R: U is dominant outside the roots of 5m(1-m) = 1, the game a
    # coordination game between them (three equilibria). At each root Row may mix U with
    # probability up to m against R: an extreme equilibrium with an irrational probability.
    model = PayoffModel(("Row", "Column"), (("U", "D"), ("L", "R")),
                        {("U", "L"): (1, 1 - m), ("U", "R"): (0, 0), ("D", "L"): (0, 0),
                         ("D", "R"): (5 * m * (1 - m) - 1, m)},
                        [Parameter("m", 0.5, range=(0.01, 0.99))])
    low, high = thresholds(model, "m")
    assert (len(low.below), len(low.above), len(high.below), len(high.above)) == (1, 3, 3, 1)
    for t in (low, high):
        assert [eq.support for eq in t.at] == [(("U",), ("L",)), (("D",), ("R",)), (("U", "D"), ("R",))]
        assert t.at[2].profile[0][0] == pytest.approx(float(t.exact), abs=1e-15)
        assert t.at[2].payoffs == (0, F(1, 5)), "Column earns m(1 - m) = 1/5 exactly"


def test_a_tie_that_changes_nothing_is_not_a_threshold():
    # The vendor's Cut ties with Hold only when the buyer builds and Cut pays 0 there, but
    # the buyer always buys (building costs 10): the tie never matters.
    model = PayoffModel(
        ("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
        {("Buy", "Hold"): (-1, 1), ("Buy", "Cut"): (-F(1, 2), F(1, 2)),
         ("Build", "Hold"): (-10, m - F(1, 2)), ("Build", "Cut"): (-10, 0)},
        [Parameter("m", 0.5, range=(0, 1))])
    assert thresholds(model, "m") == ()


def test_a_support_system_singular_for_every_value_is_skipped_even_when_its_determinant_looks_nonzero():
    # team_size shifts all of ByteDance's build payoffs alike, so in the 3x3 system two columns
    # stay equal: the factored determinant hides the zero and LU solving used to raise.
    assert thresholds(load_scenario("bytedance-vs-cambricon").model, "team_size") == ()


def test_thresholds_of_a_seed_are_exact_and_confirmed_by_solving_either_side():
    scenario = load_scenario("bytedance-vs-cambricon")
    found = thresholds(scenario.model, "chip_spend") + thresholds(scenario.model, "build_lead_months")
    assert [t.exact for t in found] == [sympy.Rational(64000, 4231), 24, sympy.Rational(28272, 989)]
    for t in found:
        value = F(int(t.exact.p), int(t.exact.q))
        below = solve(scenario.evaluate({t.parameter: value - F(1, 1000)})).equilibria
        above = solve(scenario.evaluate({t.parameter: value + F(1, 1000)})).equilibria
        assert structure_of(below) == structure_of(t.below) != structure_of(above) == structure_of(t.above)


def test_sweep_agrees_with_exact_solve_at_every_point_including_thresholds():
    model = build_or_buy(sympy.Rational(15, 7))
    result = sweep(model, [grid_axis("m", "1/15", "14/15", 14)])   # 8/15 is a grid point
    points = result.points()
    assert result.exact.tolist() == [p["m"] == F(8, 15) for p in points]
    for k, point in enumerate(points):
        assert _same(result.equilibria_at(k), solve(model.evaluate(point)).equilibria), point


def test_two_dimensional_sweep_of_a_seed_agrees_with_exact_solve_on_a_sample():
    scenario = load_scenario("bytedance-vs-cambricon")
    axes = [grid_axis("chip_spend", F(64000, 4231) - 2, F(64000, 4231) + 2, 9),   # the middle point is a threshold
            grid_axis("vendor_margin", "0.4", "0.7", 4)]
    result = sweep(scenario.model, axes)
    assert result.shape == (9, 4)
    assert result.exact.sum() >= 4, "the threshold row is solved exactly"
    for k, point in enumerate(result.points()):
        assert _same(result.equilibria_at(k), solve(scenario.evaluate(point)).equilibria), point
    assert [r.label for r in result.regimes] == [
        "ByteDance: Buy | Cambricon: HoldMargin",
        "ByteDance: Build | Cambricon: HoldMargin ; ByteDance: Buy | Cambricon: HoldMargin",
        "ByteDance: Build | Cambricon: HoldMargin"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-4, 4), min_size=16, max_size=16), st.integers(2, 6))
def test_sweeps_of_random_linear_games_agree_with_exact_solve(coefficients, count):
    """Payoffs a + b*m with small integers: ties (degenerate points) land on the grid often."""
    a = np.array(coefficients[:8]).reshape(2, 2, 2)
    b = np.array(coefficients[8:]).reshape(2, 2, 2)
    payoffs = {(r, c): tuple(int(a[i, j, k]) + int(b[i, j, k]) * m for k in range(2))
               for i, r in enumerate(("U", "D")) for j, c in enumerate(("L", "R"))}
    model = PayoffModel(("Row", "Column"), (("U", "D"), ("L", "R")), payoffs, [Parameter("m", 0)])
    result = sweep(model, [grid_axis("m", -2, 2, 4 * count + 1)])
    for k, point in enumerate(result.points()):
        assert _same(result.equilibria_at(k), solve(model.evaluate(point)).equilibria), point


def test_monte_carlo_is_reproducible_and_matches_the_threshold():
    from chipgame.sensitivity import monte_carlo

    model = PayoffModel(
        ("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
        {("Buy", "Hold"): (-1 / (1 - m), m), ("Buy", "Cut"): (-1 / (1 - m / 2), m / 2),
         ("Build", "Hold"): (-sympy.Rational(15, 7), 0), ("Build", "Cut"): (-sympy.Rational(15, 7), -1)},
        [Parameter("m", 0.5, distribution={"kind": "uniform", "low": 0, "high": 1})])
    first, second = monte_carlo(model, 20_000, seed=3), monte_carlo(model, 20_000, seed=3)
    assert dict(first.regime_probabilities) == dict(second.regime_probabilities)
    assert sum(first.regime_probabilities.values()) == pytest.approx(1)
    # Build wins above m = 8/15, so with m uniform on [0, 1] it wins with probability 7/15
    build = first.regime_probabilities["Buyer: Build | Vendor: Hold"]
    assert build == pytest.approx(7 / 15, abs=0.015)
    assert monte_carlo(model, 20_000, seed=4).regime_probabilities != first.regime_probabilities
    low, *_, high = first.payoff_quantiles["Buyer"]
    assert -15 / 7 <= low <= high <= -1


def test_tornado_swings_and_regime_changes():
    from chipgame.sensitivity import tornado

    bars = tornado(load_scenario("bytedance-vs-cambricon").model)
    by_name = {bar.parameter: bar for bar in bars}
    assert by_name["chip_spend"].changes_regime and len(by_name["chip_spend"].regimes) == 2
    assert not by_name["shortfall_cost"].changes_regime
    spans = [bar.payoff_ranges[0][1] - bar.payoff_ranges[0][0] for bar in bars]
    assert spans == sorted(spans, reverse=True)


def test_closed_forms_match_solving_at_other_values_and_their_derivatives():
    from chipgame.sensitivity import closed_forms

    s = sympy.Symbol("s")
    model = PayoffModel(("A", "B"), (("H", "T"), ("H", "T")),
                        {("H", "H"): (s, -1), ("H", "T"): (-1, 1), ("T", "H"): (-1, 1), ("T", "T"): (1, -1)},
                        [Parameter("s", 3)])
    (form,) = closed_forms(model)
    for value in (F(2), F(5, 2), F(7)):   # same regime: the formulas hold there too
        (eq,) = solve(model.evaluate({"s": value})).equilibria
        probabilities = [[p.subs(s, sympy.Rational(value.numerator, value.denominator)) for p in mix]
                         for mix in form.probabilities]
        assert [[F(str(p)) for p in mix] for mix in probabilities] == [list(mix) for mix in eq.profile]
    # the derivative of A's payoff (s - 1)/(s + 3) at s = 3 is 4/36, and the elasticity 3/(1/3) * 1/9 = 1
    assert form.derivatives["s"][0] == F(1, 9) and form.elasticities["s"][0] == pytest.approx(1.0)
    step = F(1, 10**6)
    (up,), (down,) = solve(model.evaluate({"s": 3 + step})).equilibria, solve(model.evaluate({"s": 3 - step})).equilibria
    assert float((up.payoffs[0] - down.payoffs[0]) / (2 * step)) == pytest.approx(1 / 9, rel=1e-6)


def test_a_scanned_threshold_on_a_grid_point_is_reported_once():
    # the threshold of sell_fixed_cost is found from both brackets around it, and reported once
    found = thresholds(load_scenario("bytedance-vs-cambricon").model, "sell_fixed_cost")
    assert [str(t.exact) for t in found] == ["27/50"]
    assert structure_of(found[0].below) != structure_of(found[0].above)


def _same_evaluation(model: PayoffModel, evaluate, values: dict) -> None:
    """``evaluate(values)`` gives ``model.evaluate(values)``: equal payoffs of equal types, or the same error."""
    try:
        expected = model.evaluate(values)
    except Exception as error:  # noqa: BLE001 (the very error must come back)
        with pytest.raises(type(error), match=re.escape(str(error))):
            evaluate(values)
        return
    found = evaluate(values)
    assert [(type(v), v) for v in found.payoffs.flat] == [(type(v), v) for v in expected.payoffs.flat]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["bytedance-vs-cambricon", "two-hyperscalers", "commitment"]),
       st.lists(st.fractions(F(0), F(3), max_denominator=50), min_size=2, max_size=2))
def test_break_even_points_evaluated_in_compiled_fraction_code_as_the_model_evaluates(seed, factors):
    """The compiled payoffs a sweep evaluates its exact points with give what ``PayoffModel.evaluate``
    gives (the fixed parameters' part computed once; factor 0 reaches zeros and Min/Max ties)."""
    model = load_scenario(seed).model
    base = model.values_with({})
    varied = tuple(list(base)[:2])
    evaluate = _exact_games(model, varied, tuple((k, v) for k, v in base.items() if k not in varied))
    assert evaluate != model.evaluate  # these models compile
    _same_evaluation(model, evaluate, {**base, **{k: base[k] * f for k, f in zip(varied, factors)}})


def test_models_the_fraction_code_cannot_decide_fall_back_to_evaluate():
    m = sympy.Symbol("m")
    model = PayoffModel(("A", "B"), (("a", "b"), ("c",)),
                        {("a", "c"): (sympy.exp(m), 1 / (m - 1)), ("b", "c"): (m, 0)}, [Parameter("m", 0.5)])
    assert _exact_games(model, ("m",), ()) == model.evaluate
    linear = PayoffModel(("A", "B"), (("a", "b"), ("c",)),
                         {("a", "c"): (m, 1 / (m - 1)), ("b", "c"): (m, 0)}, [Parameter("m", 0.5)])
    evaluate = _exact_games(linear, ("m",), ())
    assert evaluate != linear.evaluate
    _same_evaluation(linear, evaluate, {"m": F(1)})  # a division by zero: the model's own error
    _same_evaluation(linear, evaluate, {"m": F(3, 7)})


@settings(max_examples=60, deadline=None)
@given(st.fractions(F(-3), F(3), max_denominator=12), st.fractions(F(-2), F(2), max_denominator=6))
def test_compiled_integer_code_evaluates_every_construct_as_the_model_does(a_value, b_value):
    """Negative powers (zero bases among them), Min/Max/Abs ties, Piecewise with and/or/not and
    (in)equalities, a branch dividing by zero that is not taken, and no branch holding: the
    integer-pair code gives ``PayoffModel.evaluate``'s payoffs or its error."""
    a, b = sympy.symbols("a b")
    payoffs = {
        ("x", "z"): ((a - b) ** -2 + b ** 3, sympy.Min(a, b, 1 - a) - sympy.Max(a * b, sympy.Rational(1, 3))),
        ("y", "z"): (sympy.Abs(a - 2 * b) / 7,
                     sympy.Piecewise((1 / a, sympy.And(sympy.Ne(a, 0), sympy.Or(a > b, sympy.Eq(b, 1)))),
                                     (b / 5, sympy.Not(a >= 2 * b)), (a + b, a - b <= 1))),
    }
    model = PayoffModel(("A", "B"), (("x", "y"), ("z",)), payoffs, [Parameter("a", 1), Parameter("b", 1)])
    for varied in (("a",), ("b",), ("a", "b")):
        fixed = tuple((name, value) for name, value in {"a": a_value, "b": b_value}.items() if name not in varied)
        evaluate = _exact_games(model, varied, fixed)
        assert evaluate != model.evaluate
        _same_evaluation(model, evaluate, {"a": a_value, "b": b_value})
