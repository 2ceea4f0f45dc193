"""Robustness of a base case (chipgame.sensitivity.robustness) and marginal values
(chipgame.sensitivity.marginal_value), on games whose answers are derived by hand."""

from __future__ import annotations

import math
from fractions import Fraction as F

import pytest
import sympy

from chipgame.errors import ModelError
from chipgame.payoffs import Parameter, PayoffModel
from chipgame.sensitivity.marginal_value import marginal_values
from chipgame.sensitivity.robustness import box_model, robustness

SPEND, FIXED = sympy.symbols("spend fixed")


def _build_or_buy(fixed_range=(1, 6), spend_distribution=None) -> PayoffModel:
    """Build pays when spend / 2 > fixed (Buyer's payoffs -spend and -spend/2 - fixed)."""
    return PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Sell",)),
                       {("Buy", "Sell"): (-SPEND, SPEND / 2), ("Build", "Sell"): (-SPEND / 2 - FIXED, 0)},
                       [Parameter("spend", 10, range=(2, 20), distribution=spend_distribution),
                        Parameter("fixed", 3, range=fixed_range)])


def test_the_share_is_the_probability_of_the_base_region_of_the_box():
    """spend ~ U[2, 20], fixed ~ U[1, 6]: P(spend > 2 fixed) = E[(20 - 2 fixed) / 18] = 13/18."""
    result = robustness(_build_or_buy(), samples=8000, seed=3)
    assert result.label == "Buyer: Build | Vendor: Sell" and result.structure == ((("Build",), ("Sell",)),)
    assert abs(result.share - 13 / 18) <= 4 * math.sqrt(13 / 18 * 5 / 18 / 8000)
    assert result.fragile and result.samples == 8000 and result.seed == 3
    assert robustness(_build_or_buy(), samples=8000, seed=3).share == result.share       # reproducible


def test_a_declared_distribution_narrows_the_box():
    """spend ~ U[12, 20] instead of its range: Build whenever spend > 2 fixed, 1 - P(fixed > spend/2)."""
    narrow = _build_or_buy(spend_distribution={"kind": "uniform", "low": 12, "high": 20})
    # P(fixed > spend / 2) with spend/2 ~ U[6, 10] and fixed ~ U[1, 6]: zero, so the share is 1
    result = robustness(narrow, samples=2000)
    assert result.share == 1 and not result.fragile


def test_the_nearest_thresholds_are_relative_to_the_base_value_and_sorted():
    result = robustness(_build_or_buy(), samples=100)
    assert [(n.parameter, n.threshold, n.distance) for n in result.nearest] == [
        ("spend", 6.0, pytest.approx(0.4)), ("fixed", 5.0, pytest.approx(2 / 3))]
    assert robustness(_build_or_buy(fixed_range=(1, 4)), samples=100).nearest[1:] == ()   # no threshold in range
    assert robustness(_build_or_buy(), samples=100, nearest=1).nearest[0].parameter == "spend"


def test_a_tie_that_only_adds_an_equilibrium_is_not_a_lost_base_case():
    """Above x = 1 the two strategies tie: the base equilibrium still is one there."""
    x = sympy.Symbol("x")
    model = PayoffModel(("A", "B"), (("a", "b"), ("c",)),
                        {("a", "c"): (1, 0), ("b", "c"): (sympy.Min(x, 1), 0)},
                        [Parameter("x", F(1, 2), range=(0, 2))])
    result = robustness(model, samples=1000)
    assert result.share == 1 and result.nearest == ()


def test_a_model_without_ranges_has_no_box():
    model = PayoffModel(("A",), (("a",),), {("a",): (0,)}, [Parameter("x", 1)])
    with pytest.raises(ModelError, match="no parameter declares a range"):
        box_model(model)


def test_marginal_values_weight_each_profile_by_the_equilibrium_mix():
    """Matching pennies scaled by c: the mix is (1/2, 1/2) for both, and each player's expected
    payoff c * 0 has derivative 0; a constant bonus c to the row player in one cell adds 1/4."""
    c = sympy.Symbol("c")
    model = PayoffModel(("R", "C"), (("H", "T"), ("H", "T")),
                        {("H", "H"): (c + c, -c), ("H", "T"): (-c, c), ("T", "H"): (-c, c), ("T", "T"): (c, -c)},
                        [Parameter("c", 2)])
    (found,) = marginal_values(model, "c")
    assert not found.equilibrium.is_pure
    (p_h, p_t), (q_h, q_t) = found.equilibrium.profile
    row, column = (v.exact for v in found.values)
    assert row == 2 * p_h * q_h - p_h * q_t - p_t * q_h + p_t * q_t
    assert column == -p_h * q_h + p_h * q_t + p_t * q_h - p_t * q_t


def test_marginal_values_refuse_an_unknown_parameter():
    with pytest.raises(ModelError, match="unknown parameter 'cap'"):
        marginal_values(_build_or_buy(), "cap")


@pytest.mark.parametrize("seed", ["bytedance-vs-cambricon", "chicken"])
def test_nearest_thresholds_read_off_a_tornado_are_those_searched(seed):
    """The report hands robustness the tornado's thresholds instead of searching again: the
    nearest thresholds must be the same as robustness's own windowed search finds."""
    from chipgame.payoffs import load_scenario
    from chipgame.sensitivity import searched_thresholds, tornado

    model = load_scenario(seed).model
    searched = searched_thresholds(tornado(model, points=5))
    assert searched and all(name in searched for name in (p.name for p in model.parameters if p.range))
    assert robustness(model, samples=200, searched=searched) == robustness(model, samples=200)


@pytest.mark.parametrize("seed", ["bytedance-vs-cambricon", "annapurna", "prisoners-dilemma", "two-hyperscalers"])
def test_a_pure_base_case_share_is_the_share_of_draws_whose_equilibria_keep_it(seed):
    """A pure base case is checked deviation by deviation at each draw (floats, and exactly near a
    tie), not solved: the share must be what solving every draw (monte_carlo) gives."""
    from chipgame.payoffs import load_scenario
    from chipgame.sensitivity import monte_carlo
    from chipgame.solvers import solve

    model = load_scenario(seed).model
    assert all(eq.is_pure for eq in solve(model.evaluate()).equilibria)
    samples = 300
    kept = set(robustness(model, samples=samples, nearest=0).structure)
    solved = monte_carlo(box_model(model), samples, 0)
    expected = sum(kept <= set(structure) for structure in solved.structures) / samples
    assert robustness(model, samples=samples, nearest=0).share == expected
