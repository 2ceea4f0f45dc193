"""Hard bounds of a parameter, distinct from its sweep range: values outside them are refused
wherever they come from; values inside them but outside the range are allowed with a warning."""

from __future__ import annotations

import pickle
import warnings
from fractions import Fraction as F

import pytest

from chipgame.errors import ModelError, OutsideRangeWarning, ScenarioError
from chipgame.payoffs import Parameter, load_scenario, parse_scenario
from chipgame.payoffs.chip_market import chip_market
from chipgame.seeds import seed_names
from chipgame.sensitivity.grid import grid_axis
from chipgame.sensitivity.sweeps import sweep
from chipgame.sensitivity.threshold_search import threshold_interval
from tests.payoffs.test_scenario import BUILD_OR_BUY

BOUNDED = BUILD_OR_BUY.replace('range = [0.2, 0.8]\n', 'range = [0.2, 0.8]\nbounds = [0, 1]\n', 1).replace(
    'range = [10, 160]\n', 'range = [10, 160]\nbounds = [0, inf]\n', 1)


def _one_line_naming_everything(error: Exception, *fragments: str) -> None:
    text = str(error)
    assert "\n" not in text
    for fragment in ("build.toml", "vendor_margin", "[0, 1]", "fix: ", *fragments):
        assert fragment in text, (fragment, text)


def test_bounds_are_read_with_inf_for_no_limit():
    scenario = parse_scenario(BOUNDED, "build.toml")
    spend, margin, fixed = scenario.parameters
    assert margin.bounds == (F(0), F(1)) and margin.describe_bounds() == "[0, 1]"
    assert spend.bounds == (F(0), None) and spend.describe_bounds() == "[0, inf)"
    assert fixed.bounds == (None, None)


@pytest.mark.parametrize("line, fragment", [
    ("bounds = [1, 0]", "is empty"),
    ("bounds = [0]", "must be [low, high]"),
    ('bounds = "0 to 1"', "must be [low, high]"),
    ('bounds = [0, "one"]', "bounds[1] must be a number"),
    ("bounds = [inf, 1]", "bounds[0] must be finite"),
])
def test_malformed_bounds_are_refused(line, fragment):
    text = BUILD_OR_BUY.replace("[parameters.fixed_cost]\n", f"[parameters.fixed_cost]\n{line}\n", 1)
    with pytest.raises(ScenarioError, match="parameters.fixed_cost.bounds") as caught:
        parse_scenario(text, "build.toml")
    assert fragment in str(caught.value)


@pytest.mark.parametrize("old, new, fragment", [
    ("value = 0.7\n", "value = 1.5\n", "parameters.vendor_margin.value = 1.5"),
    ("range = [0.2, 0.8]\n", "range = [-0.2, 0.8]\n", "parameters.vendor_margin.range[0] = -0.2"),
    ("range = [0.2, 0.8]\n", 'range = [0.2, 0.8]\ndistribution = { kind = "normal", mean = 0.5, sd = 0.1 }\n',
     "a normal distribution draws from (-inf, inf)"),
    ("range = [0.2, 0.8]\n", 'range = [0.2, 0.8]\ndistribution = { kind = "uniform", low = 0.5, high = 1.2 }\n',
     "a uniform distribution draws from [1/2, 6/5]"),
    ("range = [0.2, 0.8]\n", 'range = [0.2, 0.8]\ndistribution = { kind = "lognormal", mu = -1, sigma = 0.1 }\n',
     "a lognormal distribution draws from [0, inf)"),
])
def test_a_file_value_range_or_distribution_outside_the_bounds_is_refused(old, new, fragment):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(BOUNDED.replace(old, new, 1), "build.toml")
    _one_line_naming_everything(caught.value, fragment)


def test_a_lognormal_fits_bounds_from_zero_up():
    text = BOUNDED.replace("range = [10, 160]\n",
                           'range = [10, 160]\ndistribution = { kind = "lognormal", mu = 4, sigma = 0.3 }\n', 1)
    assert parse_scenario(text).parameters[0].distribution["kind"] == "lognormal"


def test_a_file_value_inside_the_bounds_but_outside_the_range_loads_with_one_warning():
    with pytest.warns(OutsideRangeWarning) as caught:
        scenario = parse_scenario(BOUNDED.replace("value = 0.7\n", "value = 0.9\n", 1), "build.toml")
    assert scenario.parameters[1].value == F(9, 10)
    assert len(caught) == 1
    text = str(caught[0].message)
    assert text.startswith("build.toml: parameters.vendor_margin.value = 9/10 is outside the range [1/5, 4/5]")
    assert "[0, 1]" in text


def test_values_given_to_the_model_are_refused_outside_the_bounds_and_warned_outside_the_range():
    scenario = parse_scenario(BOUNDED, "build.toml")
    for value in (1.5, "-0.2", F(11, 10)):
        with pytest.raises(ModelError) as caught:
            scenario.evaluate({"vendor_margin": value})
        _one_line_naming_everything(caught.value)
    with pytest.warns(OutsideRangeWarning, match=r"a value used is outside the range \[1/5, 4/5\] of vendor_margin"):
        game = scenario.evaluate({"vendor_margin": "0.95"})
    assert game.payoff((0, 0))[1] == 76
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scenario.evaluate({"vendor_margin": "0.5"})      # inside the range: no warning


def test_sweep_axes_and_threshold_intervals_outside_the_bounds_are_refused():
    scenario = parse_scenario(BOUNDED, "build.toml")
    with pytest.raises(ModelError, match=r"vendor_margin = 6/5 is outside the bounds \[0, 1\]"):
        sweep(scenario.model, [grid_axis("vendor_margin", "0.2", "1.2", 3)])
    with pytest.raises(ModelError, match=r"vendor_margin = -1/10 is outside the bounds \[0, 1\]"):
        threshold_interval(scenario.model, "vendor_margin", "-0.1", "0.5")
    with pytest.warns(OutsideRangeWarning):
        assert threshold_interval(scenario.model, "vendor_margin", "0.1", "0.5") == (F(1, 10), F(1, 2))


def test_the_chip_market_parameters_carry_their_bounds():
    parameters = chip_market(["ByteDance", "Alibaba"], "Nvidia").parameters
    for parameter in parameters:
        low, high = parameter.bounds
        assert low == (None if parameter.name.startswith("asic_saving") else 0), parameter.name
        assert (low is None or parameter.range[0] >= low) and (high is None or parameter.range[1] <= high)
    bounds = {p.name: p.bounds for p in parameters}
    for name in ("p_cut", "first_pass_success_bytedance", "second_source_share_alibaba", "vendor_margin",
                 "inhouse_exposure", "acq_retention"):
        assert bounds[name] == (0, 1), name
    for name in ("team_size_bytedance", "tapeout_cost_alibaba", "chip_spend_bytedance", "vendor_opex"):
        assert bounds[name] == (0, None), name
    assert bounds["asic_saving_alibaba"] == (None, 1)        # a negative saving: dearer than the vendor's cost


@pytest.mark.parametrize("name", seed_names())
def test_every_seed_parameter_inherits_or_declares_bounds(name):
    for parameter in load_scenario(name).parameters:
        assert parameter.bounds != (None, None), parameter.name


def test_a_scenario_on_the_built_in_model_inherits_and_may_declare_bounds():
    header = '''model = "chip-market"
[roles]
hyperscalers = ["ByteDance"]
vendor = "Nvidia"
'''
    assert load_scenario("bytedance-vs-nvidia").model.parameter("p_cut").bounds == (0, 1)
    with pytest.raises(ScenarioError, match=r"x.toml: parameters.p_cut.value = 1.5 is outside the bounds \[0, 1\]"):
        parse_scenario(header + "[parameters.p_cut]\nvalue = 1.5\n", "x.toml")
    widened = parse_scenario(header + "[parameters.acq_synergy]\nvalue = -1\nrange = [-2, 2]\nbounds = [-5, inf]\n")
    assert widened.model.parameter("acq_synergy").value == -1


def test_a_parameter_with_bounds_pickles_to_an_equal_parameter():
    parameter = Parameter("p", 0.5, range=(0.2, 0.8), bounds=(0, None),
                          distribution={"kind": "uniform", "low": 0.1, "high": 0.9})
    copy = pickle.loads(pickle.dumps(parameter))
    assert copy == parameter and copy.bounds == (0, None) and dict(copy.distribution) == dict(parameter.distribution)
