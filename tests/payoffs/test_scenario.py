"""The scenario loader: a valid file, the same model built from sympy, and every kind of bad input."""

from __future__ import annotations

import time
from fractions import Fraction as F

import pytest
import sympy

from chipgame.errors import FormulaError, ModelError, ScenarioError
from chipgame.payoffs import Parameter, PayoffModel, load_scenario, parse_scenario
from chipgame.solvers import solve

BUILD_OR_BUY = """
title = "Build or buy"
description = "A 2x2 build-or-buy game."
claims = ["C1"]

[parameters.chip_spend]
value = 80
range = [10, 160]
unit = "bn RMB per year"
source = "F2"

[parameters.vendor_margin]
value = 0.7
range = [0.2, 0.8]
unit = "fraction of price"
source = "F3"

[parameters.fixed_cost]
value = 3
unit = "bn RMB per year"
source = "assumption: team and tape-outs"

[definitions]
buy_cost = "chip_spend"
build_cost = "chip_spend * (1 - vendor_margin) + fixed_cost"

[[players]]
name = "Hyperscaler"
strategies = ["Buy", "Build"]

[[players]]
name = "Vendor"
strategies = ["Hold", "Cut"]

[payoffs]
"Buy, Hold" = ["-buy_cost", "chip_spend * vendor_margin"]
"Buy, Cut" = ["-buy_cost * 0.9", "chip_spend * (vendor_margin - 0.1)"]
"Build, Hold" = ["-build_cost", "0"]
"Build, Cut" = ["-build_cost", "0"]
"""


def _with(old: str, new: str) -> str:
    assert old in BUILD_OR_BUY, old
    return BUILD_OR_BUY.replace(old, new, 1)


def test_a_valid_scenario_loads_with_its_metadata():
    scenario = parse_scenario(BUILD_OR_BUY, "build.toml")
    assert scenario.title == "Build or buy"
    assert scenario.claims == ("C1",)
    margin = scenario.parameters[1]
    assert (margin.name, margin.value, margin.range, margin.unit, margin.source) == (
        "vendor_margin", F(7, 10), (F(1, 5), F(4, 5)), "fraction of price", "F3")
    spend, fixed = scenario.parameters[0].symbol, scenario.parameters[2].symbol
    assert scenario.definitions["build_cost"] == spend * (1 - margin.symbol) + fixed
    assert scenario.model.payoffs[("Build", "Hold")] == (-(spend * (1 - margin.symbol) + fixed), 0)


def test_the_game_is_exact_at_decimal_parameter_values():
    game = parse_scenario(BUILD_OR_BUY).evaluate()
    assert game.is_exact
    assert game.payoff((0, 0)) == (F(-80), F(56))
    assert game.payoff((1, 0)) == (F(-27), F(0))


def test_overrides_are_exact_and_checked():
    scenario = parse_scenario(BUILD_OR_BUY, "build.toml")
    assert scenario.evaluate({"vendor_margin": "1/3"}).payoff((0, 0)) == (F(-80), F(80, 3))
    with pytest.raises(ModelError, match=r"build.toml: unknown parameter 'vendor_margn'.*vendor_margin"):
        scenario.evaluate({"vendor_margn": "0.5"})
    with pytest.raises(ModelError, match="must be a number"):
        scenario.evaluate({"vendor_margin": "lots"})


def test_the_same_model_built_from_sympy_gives_the_same_game_and_equilibria():
    spend, margin, fixed = sympy.symbols("chip_spend vendor_margin fixed_cost")
    build_cost = spend * (1 - margin) + fixed
    model = PayoffModel(
        players=("Hyperscaler", "Vendor"),
        strategies=(("Buy", "Build"), ("Hold", "Cut")),
        payoffs={
            ("Buy", "Hold"): (-spend, spend * margin),
            ("Buy", "Cut"): (-spend * sympy.Rational(9, 10), spend * (margin - sympy.Rational(1, 10))),
            ("Build", "Hold"): (-build_cost, 0),
            ("Build", "Cut"): (-build_cost, 0),
        },
        parameters=[Parameter("chip_spend", 80), Parameter("vendor_margin", 0.7), Parameter("fixed_cost", 3)],
        title="Build or buy",
    )
    from_file = parse_scenario(BUILD_OR_BUY).evaluate()
    assert model.evaluate() == from_file
    assert solve(model.evaluate()).equilibria == solve(from_file).equilibria


def test_shipped_seed_loads_by_name():
    scenario = load_scenario("bytedance-vs-cambricon")
    assert scenario.model.players == ("ByteDance", "Cambricon")
    assert all(p.unit and p.source for p in scenario.parameters)


BAD_INPUTS = {
    "malformed TOML": (_with('title = "Build or buy"', 'title = "Build or buy'), ScenarioError, "malformed TOML"),
    "player without strategies": (_with('strategies = ["Hold", "Cut"]', "strategies = []"),
                                  ScenarioError, r"players\[1\] \(Vendor\) has no strategies"),
    "duplicate strategy": (_with('strategies = ["Hold", "Cut"]', 'strategies = ["Hold", "Hold"]'),
                           ScenarioError, r"players\[1\].strategies names 'Hold' twice"),
    "missing profile": (_with('"Build, Cut" = ["-build_cost", "0"]\n', ""), ScenarioError,
                        "no payoffs for the profile 'Build, Cut'"),
    "unknown strategy": (_with('"Build, Cut"', '"Build, Cutt"'), ScenarioError,
                         r"payoffs.\"Build, Cutt\": Vendor has no strategy 'Cutt'; fix: did you mean 'Cut'"),
    "wrong payoff length": (_with('"Build, Cut" = ["-build_cost", "0"]', '"Build, Cut" = ["-build_cost"]'),
                            ScenarioError, r"payoffs.\"Build, Cut\" has 1 payoffs for 2 players"),
    "unknown name": (_with('"Build, Cut" = ["-build_cost", "0"]', '"Build, Cut" = ["-build_cots", "0"]'),
                     FormulaError, r"payoffs.\"Build, Cut\"\[0\] \(Hyperscaler\).*build_cots"),
    "definition cycle": (_with('buy_cost = "chip_spend"', 'buy_cost = "build_cost + 1"\nbuild_cost = "buy_cost"')
                         .replace('build_cost = "chip_spend * (1 - vendor_margin) + fixed_cost"\n', ""),
                         ScenarioError, "depends on itself: (buy_cost -> build_cost -> buy_cost|build_cost -> "
                                        "buy_cost -> build_cost)"),
    "unknown top-level key": ('player = "x"\n' + BUILD_OR_BUY, ScenarioError, "unknown key 'player'.*did you mean"),
    "parameter without value": (_with("value = 3\n", ""), ScenarioError, "parameters.fixed_cost has no value"),
    "non-number value": (_with("value = 3\n", 'value = "three"\n'), ScenarioError,
                         "parameters.fixed_cost.value must be a number"),
    "empty range": (_with("range = [10, 160]", "range = [160, 10]"), ScenarioError, "range .* is empty"),
    "bad order": ('order = ["Hyperscaler", "Nobody"]\n' + BUILD_OR_BUY, ScenarioError,
                  "is not an ordering of the players"),
    "hostile formula": (_with('buy_cost = "chip_spend"', "buy_cost = \"__import__('os').system('echo hacked')\""),
                        FormulaError, "definitions.buy_cost"),
    "huge power": (_with('buy_cost = "chip_spend"', 'buy_cost = "9**9**9**9"'), FormulaError, "exponent"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_one_clear_error_naming_the_file(case):
    text, error, pattern = BAD_INPUTS[case]
    start = time.perf_counter()
    with pytest.raises(error, match=pattern) as raised:
        parse_scenario(text, "bad.toml")
    assert time.perf_counter() - start < 5, "bad input must be refused fast"
    message = str(raised.value)
    assert message.startswith("bad.toml: ") and "\n" not in message and "fix: " in message


def test_division_by_zero_at_the_chosen_values_names_the_payoff():
    scenario = parse_scenario(_with('buy_cost = "chip_spend"', 'buy_cost = "chip_spend / (1 - vendor_margin)"'),
                              "build.toml")
    scenario.evaluate()
    with pytest.raises(ModelError, match=r'build.toml: the payoff of Hyperscaler at "Buy, Hold" cannot be '
                                         r"evaluated at chip_spend=80, vendor_margin=1: it divides by zero"):
        scenario.evaluate({"vendor_margin": 1})


@pytest.mark.parametrize("formula", ["log(fixed_cost - 3)", "sqrt(fixed_cost - 4)", "exp(chip_spend * 100)"])
def test_undefined_or_infinite_values_are_refused(formula):
    scenario = parse_scenario(_with('"Build, Cut" = ["-build_cost", "0"]', f'"Build, Cut" = ["{formula}", "0"]'))
    with pytest.raises(ModelError, match="no finite real value"):
        scenario.evaluate()


def test_definition_chains_that_explode_are_refused():
    chain = "\n".join(f'd{k} = "d{k - 1} * d{k - 1} + d{k - 1}"' for k in range(1, 40))
    text = _with('buy_cost = "chip_spend"', f'buy_cost = "d39"\nd0 = "chip_spend"\n{chain}')
    with pytest.raises(ScenarioError, match="expands to more than"):
        parse_scenario(text)


def test_a_missing_file_or_seed_is_one_clear_error():
    with pytest.raises(ScenarioError, match="no scenario file or seed named 'bytedance-vs-cambrico'.*did you mean"):
        load_scenario("bytedance-vs-cambrico")


def test_a_sequential_scenario_keeps_its_move_order():
    scenario = parse_scenario('order = ["Vendor", "Hyperscaler"]\n' + BUILD_OR_BUY)
    assert scenario.order == ("Vendor", "Hyperscaler")
    assert parse_scenario(BUILD_OR_BUY).order is None
