"""The built-in chip-market model: every term against a hand calculation, and scenarios that use it.

The hand calculations follow the equations in docs/explanation/chip-market-model.md, at values
chosen so that each term is a small exact fraction worked out in the comments.
"""

from __future__ import annotations

import tomllib
from fractions import Fraction as F
from importlib.resources import files

import pytest
import sympy

from chipgame.errors import ModelError, ScenarioError
from chipgame.payoffs import evaluate_expression, parse_scenario
from chipgame.payoffs.chip_market import (
    BUILTIN_MODELS,
    HYPERSCALER_STRATEGIES,
    VENDOR_STRATEGIES,
    builtin_model,
    chip_market,
)
from chipgame.payoffs.parameter_tables import parameters_from_table
from chipgame.solvers import solve

# Hand-calculation values: every term below is worked out from these.
VALUES = {
    "horizon_years": 4, "p_cut": "1/5", "shortfall_cost": "1/2", "inhouse_exposure": "3/10",
    "second_source_premium": "1/5", "ext_overlap": "1/4",
    "chip_spend": 100, "asic_coverage": "4/5", "inhouse_cap": 60, "asic_saving": "1/2", "team_size": 1000,
    "cost_per_head": "3/2", "tapeouts_per_year": 2, "tapeout_cost": "1/2", "first_pass_success": "4/5",
    "program_failure": "1/3", "build_lead_months": 12,
    "second_source_share": "1/10", "switching_cost": "1/20", "ext_share": "1/10", "ext_margin": "2/5",
    "sell_cost": 1, "sell_delay_months": 12,
    "vendor_margin": "7/10", "margin_floor": "1/2", "demand_elasticity": 1, "other_revenue": 50, "vendor_opex": 10,
    "ecosystem_cost": 3, "ecosystem_lag_years": 2, "ecosystem_lock_in": "1/10", "ecosystem_revenue_gain": "1/2",
    "standalone_value": 100, "acq_premium": "13/10", "capital_charge": "1/10", "acq_synergy": 2,
    "acq_retention": "1/5", "courtship_loss": "1/10",
}

# The terms at VALUES (bn RMB per year unless stated):
TERMS = {
    "horizon_months": F(48),                    # 12 * 4 months
    "ramp": F(1, 4),                            # 12 / 48 of the horizon before in-house silicon
    "scale_volume": F(60),                      # min(4/5 * 100, 60): the allocation cap binds
    "inhouse_volume": F(30),                    # (1 - 1/3) * (1 - 1/4) * 60: failure and lead time
    "bought_volume": F(70),                     # 100 - 30
    "inhouse_cost": F(15),                      # 30 * (1 - 1/2): half the GPU price (F7)
    "team_cost": F(3, 2),                       # 1000 people * 1.5 M RMB / 1000  (F8)
    "tapeout_spend": F(5, 4),                   # 2 * 0.5 / 0.8  (F9)
    "build_fixed": F(11, 4),                    # 3/2 + 5/4
    "buy_price": F(51, 50),                     # 1 + 1/10 * 1/5: the second source's premium
    "buy_cost": F(102),                         # 100 * 51/50
    "risk_buy": F(9),                           # 1/5 * 1/2 * 100 * 9/10  (C4)
    "risk_build": F(36, 5),                     # 1/10 * (9/10 * 70 + 3/10 * 30)
    "switching": F(3, 2),                       # 1/20 * 30
    "vendor_sales_buy": F(90),                  # 100 * 9/10
    "vendor_sales_build": F(63),                # 9/10 * 70
    "build_cost": F(1957, 20),                  # 70 * 51/50 + 15 + 11/4 + 36/5 + 3/2 = 97.85
    "cut_price": F(3, 5),                       # (1 - 7/10) / (1 - 1/2)
    "buy_price_cut": F(33, 50),                 # 9/10 * 3/5 + 1/10 * 6/5
    "buy_cost_cut": F(66),                      # 100 * 33/50
    "build_cost_cut": F(1453, 20),              # 70 * 33/50 + 15 + 11/4 + 36/5 + 3/2 = 72.65
    "eco_share": F(1, 2),                       # 1 - 2/4 of the horizon with a mature ecosystem
    "switching_eco": F(3),                      # (1/20 + 1/2 * 1/10) * 30
    "build_cost_eco": F(1987, 20),              # 97.85 - 3/2 + 3 = 99.35
    "sell_share": F(1, 2),                      # 1 - (12 + 12) / 48
    "ext_sales": F(2),                          # (1 - 1/3) * 1/2 * 1/10 * 60  (C5)
    "ext_profit": F(3, 10),                     # 2 * 2/5 - 1/2 * 1
    "acq_price_yearly": F(13),                  # 1.3 * 100 * 1/10  (F6)
}

# Vendor payoffs at VALUES, by hand:
#   HoldMargin: kept 4/5 of (sales + other sales) at margin 7/10, less opex 10.
#     Buy:          4/5 * (90 + 50) * 7/10 - 10 = 68.4
#     Build:        4/5 * (63 + 50) * 7/10 - 10 = 53.28
#     BuildAndSell: other sales lose 1/4 * 2 = 1/2:  4/5 * (63 + 49.5) * 7/10 - 10 = 53
#   CutPrice: gross profit per unit of held price 3/5 * 1/2 = 3/10; others buy 1 + (1 - 3/5) = 7/5 times more.
#     Buy:          4/5 * (90 + 70) * 3/10 - 10 = 28.4
#     Build:        4/5 * (63 + 70) * 3/10 - 10 = 21.92
#     BuildAndSell: 4/5 * (63 + 49.5 * 7/5) * 3/10 - 10 = 21.752
#   BuildEcosystem: other sales 50 * (1 + 1/2 * 1/2) = 62.5, less the ecosystem's 3.
#     Buy:          4/5 * (90 + 62.5) * 7/10 - 13 = 72.4
#     Build:        4/5 * (63 + 62.5) * 7/10 - 13 = 57.28
#     BuildAndSell: 4/5 * (63 + 62) * 7/10 - 13 = 57
#   SeekAcquisition at a price of 13 a year; the acquirer's gain from the deal:
#     Buy:          4/5 * (90 + 1/5 * 50) * 7/10 - 10 - 13 = 33 > 0: a deal
#     Build:        4/5 * (63 + 1/5 * 50) * 7/10 - 10 + 2 - 13 = 19.88 > 0: a deal (the synergy counts)
#     BuildAndSell: 4/5 * (63 + 1/5 * 49.5) * 7/10 - 10 + 2 - 13 = 19.824 > 0: a deal
EXPECTED = {
    ("Buy", "HoldMargin"): (F(-111), F(342, 5)),
    ("Buy", "CutPrice"): (F(-75), F(142, 5)),                       # -(66 + 9)
    ("Buy", "BuildEcosystem"): (F(-111), F(362, 5)),
    ("Buy", "SeekAcquisition"): (F(-78), F(13)),                     # -111 + 33
    ("Build", "HoldMargin"): (F(-1957, 20), F(1332, 25)),
    ("Build", "CutPrice"): (F(-1453, 20), F(548, 25)),
    ("Build", "BuildEcosystem"): (F(-1987, 20), F(1432, 25)),
    ("Build", "SeekAcquisition"): (F(-1957, 20) + F(1988, 100), F(13)),
    ("BuildAndSell", "HoldMargin"): (F(-1957, 20) + F(3, 10), F(53)),
    ("BuildAndSell", "CutPrice"): (F(-1453, 20) + F(3, 10), F(21752, 1000)),
    ("BuildAndSell", "BuildEcosystem"): (F(-1987, 20) + F(3, 10), F(57)),
    ("BuildAndSell", "SeekAcquisition"): (F(-1957, 20) + F(3, 10) + F(19824, 1000), F(13)),
}


@pytest.fixture(scope="module")
def market():
    return chip_market(["ByteDance"], "Vendor")


def _exact(values):
    from chipgame.payoffs import parse_value

    return {name: parse_value(value, name) for name, value in values.items()}


def test_the_model_is_listed_and_has_every_strategy(market):
    assert BUILTIN_MODELS == ("chip-market",)
    assert market.players == ("ByteDance", "Vendor")
    assert market.strategies == (HYPERSCALER_STRATEGIES, VENDOR_STRATEGIES)
    assert {p.name for p in market.parameters} == set(VALUES)


@pytest.mark.parametrize("term", TERMS)
def test_each_term_matches_the_hand_calculation(market, term):
    assert evaluate_expression(market.definitions[term], _exact(VALUES)) == TERMS[term]


@pytest.mark.parametrize("profile", EXPECTED)
def test_each_payoff_matches_the_hand_calculation(market, profile):
    game = market.payoff_model().evaluate(VALUES)
    index = tuple(labels.index(s) for labels, s in zip(game.strategies, profile))
    assert game.payoff(index) == EXPECTED[profile]


def test_a_deal_the_acquirer_refuses_leaves_the_vendor_courting(market):
    # At a standalone value of 500 the price is 1.3 * 500 * 1/10 = 65 a year: ByteDance's gain
    # is 40.88 - 8 - 65 < 0 building and 56 - 10 - 65 < 0 buying, so no deal; the vendor loses
    # 1/10 of its other sales while courting: 4/5 * (63 + 45) * 7/10 - 10 = 50.48, and ByteDance
    # pays what it pays against HoldMargin.
    game = market.payoff_model().evaluate({**VALUES, "standalone_value": 500})
    assert game.payoff((1, 3)) == (F(-1957, 20), F(1262, 25))
    assert game.payoff((0, 3)) == (F(-111), F(328, 5))  # 4/5 * (90 + 45) * 7/10 - 10 = 65.6


def test_the_vendor_margin_is_the_builders_saving_when_nothing_else_differs(market):
    """C7: with in-house compute at the vendor's own cost (a saving equal to its margin, F7 read
    against the GPU price) and no supply risk, second source or switching cost, buying costs
    exactly the vendor's margin on the compute moved in-house more than building, less the
    fixed cost of building. With no saving at all, building only adds the fixed cost."""
    plain = {**VALUES, "asic_saving": "7/10", "p_cut": 0, "second_source_share": 0, "switching_cost": 0}
    game = market.payoff_model().evaluate(plain)
    buy, build = game.payoff((0, 0))[0], game.payoff((1, 0))[0]
    assert build - buy == 30 * F(7, 10) - F(11, 4)
    game = market.payoff_model().evaluate({**plain, "asic_saving": 0})
    assert game.payoff((1, 0))[0] - game.payoff((0, 0))[0] == -F(11, 4)


def test_the_allocation_cap_and_programme_failure_scale_the_compute_moved_in_house(market):
    """Capacity: above the cap, more coverage moves nothing; a failed generation is bought."""
    model = market.payoff_model()
    build = model.evaluate(VALUES).payoff((1, 0))[0]
    assert model.evaluate({**VALUES, "asic_coverage": "9/10"}).payoff((1, 0))[0] == build   # capped at 60
    uncapped = model.evaluate({**VALUES, "inhouse_cap": 1000}).payoff((1, 0))[0]
    # uncapped: 2/3 * 3/4 * 80 = 40 in-house; each unit saves 51/50 - 1/2 + (9/10 - 3/10) / 10 - 1/20 = 53/100
    assert uncapped - build == 10 * F(53, 100)
    certain = model.evaluate({**VALUES, "program_failure": 0}).payoff((1, 0))[0]
    assert certain - build == 15 * F(53, 100)                                                # 45 instead of 30


def test_time_to_market_spends_the_lead_time_buying(market):
    """C3: with a lead time as long as the horizon, building is buying plus the fixed costs."""
    game = market.payoff_model().evaluate({**VALUES, "build_lead_months": 48, "p_cut": 0})
    buy, build = game.payoff((0, 0))[0], game.payoff((1, 0))[0]
    assert build == buy - F(11, 4)
    assert game.payoff((2, 0))[0] == build  # nothing is sold either: sell_share = 0


def test_two_hyperscalers_compete_outside_and_both_pay_the_vendor():
    market = chip_market(["ByteDance", "Alibaba Cloud"], "Vendor", vendor_strategies=["HoldMargin"])
    assert market.parameter_name("chip_spend", "Alibaba Cloud") == "chip_spend_alibaba_cloud"
    values = {"ext_rivalry": "1/2"}
    for parameter in market.parameters:
        base = parameter.name.removesuffix("_bytedance").removesuffix("_alibaba_cloud")
        values.setdefault(parameter.name, VALUES.get(base))
    game = market.payoff_model().evaluate(values)
    # Both sell: each keeps half of its 2 external sales: 1 * 2/5 - 1/2 = -1/10 instead of 3/10.
    # The vendor sells 63 + 63, and its other sales lose 1/4 * (1 + 1) = 1/2:
    # 4/5 * (126 + 49.5) * 7/10 - 10 = 88.28.
    assert game.payoff((2, 2, 0)) == (F(-1957, 20) - F(1, 10), F(-1957, 20) - F(1, 10), F(2207, 25))
    # One sells alone: it keeps all of its external sales; the vendor sells 90 to the buyer:
    # 4/5 * (63 + 90 + 49.5) * 7/10 - 10 = 103.4.
    assert game.payoff((2, 0, 0)) == (F(-1957, 20) + F(3, 10), F(-111), F(517, 5))


def test_only_the_parameters_the_strategies_use_are_listed():
    names = {p.name for p in chip_market(["A"], "V", vendor_strategies=["HoldMargin"]).parameters}
    assert "standalone_value" not in names and "ecosystem_cost" not in names and "margin_floor" not in names
    assert "ext_rivalry" not in names
    bought = {p.name for p in chip_market(["A"], "V", hyperscaler_strategies=["Buy"],
                                          vendor_strategies=["HoldMargin"]).parameters}
    assert "team_size" not in bought and "chip_spend" in bought


def test_every_default_parameter_is_documented_and_in_its_range():
    for parameter in chip_market(["A", "B"], "V").parameters:
        assert parameter.unit and parameter.source and parameter.description, parameter.name
        low, high = parameter.range
        assert low <= parameter.value <= high, parameter.name


def test_the_defaults_are_the_package_data_file_read_as_scenario_parameters():
    text = files("chipgame.payoffs").joinpath("chip_market.toml").read_text(encoding="utf-8")
    document = tomllib.loads(text)
    assert list(document) == ["market", "hyperscaler", "vendor"]
    read = {p.name: p for group in document.values() for p in parameters_from_table(group)}
    assert read["chip_spend"].value == 80 and read["vendor_margin"].range == (F(2, 5), F(4, 5))
    for parameter in chip_market(["ByteDance"], "V").parameters:
        assert parameter == read[parameter.name]
    two = {p.name: p for p in chip_market(["A", "B"], "V").parameters}
    assert two["chip_spend_a"].value == two["chip_spend_b"].value == read["chip_spend"].value
    assert two["chip_spend_b"].source == read["chip_spend"].source


def test_a_default_table_with_a_bad_field_is_refused_as_in_a_scenario():
    bad = tomllib.loads('[chip_spend]\nvalue = 80\nrnage = [5, 160]\n')
    with pytest.raises(ScenarioError, match=r"unknown key 'rnage' in hyperscaler\.chip_spend.*did you mean 'range'"):
        parameters_from_table(bad, "hyperscaler")


def test_definitions_are_written_with_earlier_definitions(market):
    assert market.equations["build_fixed"] == sympy.Symbol("tapeout_spend", real=True) + sympy.Symbol(
        "team_cost", real=True)
    names = list(market.definitions)
    assert names.index("team_cost") < names.index("build_fixed") < names.index("build_cost")


@pytest.mark.parametrize(("roles", "pattern"), [
    ({"hyperscalers": ["A", "B", "C"], "vendor": "V"}, "hyperscalers names 3 players"),
    ({"hyperscalers": [], "vendor": "V"}, "hyperscalers names 0 players"),
    ({"hyperscalers": "A", "vendor": "V"}, "must be a list"),
    ({"hyperscalers": ["A"], "vendor": "A"}, "vendor 'A' is also a hyperscaler"),
    ({"hyperscalers": ["A"], "vendor": " V"}, "not a usable player name"),
    ({"hyperscalers": ["A"], "vendor": "V", "vendor_strategies": ["CutPrices"]},
     "vendor_strategies names 'CutPrices'.*did you mean 'CutPrice'"),
    ({"hyperscalers": ["A"], "vendor": "V", "hyperscaler_strategies": ["Buy", "Buy"]}, "names 'Buy' twice"),
    ({"hyperscalers": ["A"], "vendor": "V", "hyperscaler_strategies": []}, "must be a non-empty list"),
    ({"hyperscalers": ["A"], "vendor": "V", "acquirer": "B"}, "acquirer 'B' is not one of the hyperscalers"),
    ({"hyperscalers": ["Ali Baba", "ali-baba"], "vendor": "V"}, "give the same parameter suffix"),
    ({"hyperscalers": ["字节", "阿里"], "vendor": "V"}, "gives no usable parameter suffix"),
])
def test_bad_roles_are_one_clear_error(roles, pattern):
    with pytest.raises(ModelError, match=pattern) as raised:
        chip_market(**roles)
    assert raised.value.fix


def test_an_unknown_model_name_suggests_the_right_one():
    with pytest.raises(ModelError, match="no built-in model 'chip_market'.*did you mean 'chip-market'"):
        builtin_model("chip_market", hyperscalers=["A"], vendor="V")


# ------------------------------------------------------------------ scenarios on the model

SCENARIO = """
title = "Build or buy on the model"
claims = ["C1"]
model = "chip-market"

[roles]
hyperscalers = ["ByteDance"]
vendor = "Nvidia"
vendor_strategies = ["HoldMargin", "CutPrice"]

[parameters.chip_spend]
value = 100
source = "assumption: a round number"

[parameters.vendor_margin]
value = "7/10"
range = [0.5, 0.9]
"""


def _scenario(extra: str = "", base: str = SCENARIO):
    return parse_scenario(base + extra, "model.toml")


def test_a_scenario_sets_only_the_parameters_it_names():
    scenario = _scenario()
    assert scenario.builtin_model == "chip-market"
    assert scenario.model.players == ("ByteDance", "Nvidia")
    assert scenario.model.strategies == (HYPERSCALER_STRATEGIES, ("HoldMargin", "CutPrice"))
    by_name = {p.name: p for p in scenario.parameters}
    spend = by_name["chip_spend"]
    assert (spend.value, spend.range, spend.unit, spend.source) == (F(100), (F(5), F(160)), "bn RMB per year",
                                                                      "assumption: a round number")
    margin = by_name["vendor_margin"]
    assert (margin.value, margin.range, margin.source) == (F(7, 10), (F(1, 2), F(9, 10)), "F3, F17")
    defaults = {p.name: p for p in chip_market(["ByteDance"], "Nvidia",
                                               vendor_strategies=["HoldMargin", "CutPrice"]).parameters}
    assert [p.name for p in scenario.parameters] == list(defaults)
    assert by_name["team_size"] == defaults["team_size"]
    assert "build_cost" in scenario.definitions


def test_a_scenario_on_the_model_gives_the_models_game():
    market = chip_market(["ByteDance"], "Nvidia", vendor_strategies=["HoldMargin", "CutPrice"])
    expected = market.payoff_model().evaluate({"chip_spend": 100, "vendor_margin": "7/10"})
    game = _scenario().evaluate()
    assert (game.payoffs == expected.payoffs).all()
    assert game.title == "Build or buy on the model"


def test_a_scenario_may_add_definitions_and_override_single_payoffs():
    scenario = _scenario('''
[definitions]
subsidy = "chip_spend / 10"

[payoffs]
"Build, HoldMargin" = ["-build_cost + subsidy", "0"]
''')
    game = scenario.evaluate()
    plain = _scenario().evaluate()
    assert game.payoff((1, 0)) == (plain.payoff((1, 0))[0] + 10, F(0))
    for index in plain.profiles():
        if index != (1, 0):
            assert game.payoff(index) == plain.payoff(index)
    assert scenario.definitions["subsidy"] == sympy.Symbol("chip_spend", real=True) / 10


def test_a_scenario_on_the_model_may_be_sequential():
    scenario = _scenario('order = ["ByteDance", "Nvidia"]\n' + SCENARIO, base="")
    assert scenario.order == ("ByteDance", "Nvidia")


def test_two_hyperscalers_get_suffixed_parameters():
    text = SCENARIO.replace('hyperscalers = ["ByteDance"]', 'hyperscalers = ["ByteDance", "Alibaba"]')
    text = text.replace("[parameters.chip_spend]", "[parameters.chip_spend_alibaba]")
    scenario = parse_scenario(text, "two.toml")
    by_name = {p.name: p for p in scenario.parameters}
    assert by_name["chip_spend_alibaba"].value == 100 and by_name["chip_spend_bytedance"].value == 80
    assert [eq.is_pure for eq in solve(scenario.evaluate()).equilibria]


BAD_MODEL_SCENARIOS = {
    "unknown parameter": (SCENARIO + "\n[parameters.chip_spnd]\nvalue = 3\n",
                          (r"parameters.chip_spnd: the chip-market model .* has no parameter 'chip_spnd'; "
                           r"fix: did you mean 'chip_spend'")),
    "parameter of a strategy left out": (SCENARIO + "\n[parameters.standalone_value]\nvalue = 3\n",
                                         "has no parameter 'standalone_value'"),
    "unknown parameter key": (SCENARIO.replace("range = [0.5, 0.9]", "rnge = [0.5, 0.9]"),
                              r"unknown key 'rnge' in parameters.vendor_margin.*did you mean 'range'"),
    "bad parameter value": (SCENARIO.replace('value = "7/10"', 'value = "lots"'),
                            "parameters.vendor_margin.value must be a number"),
    "unknown model": (SCENARIO.replace('model = "chip-market"', 'model = "chip-markets"'),
                      r"model = 'chip-markets' is not a built-in model; fix: did you mean 'chip-market'"),
    "model without roles": (SCENARIO.replace("[roles]", "[rolez]"), "unknown key 'rolez'.*did you mean 'roles'"),
    "no roles table": ('model = "chip-market"\n', r"needs a \[roles\] table"),
    "roles without vendor": (SCENARIO.replace('vendor = "Nvidia"\n', ""), r"\[roles\] has no vendor"),
    "unknown role key": (SCENARIO.replace('vendor = "Nvidia"', 'vendor = "Nvidia"\nsupplier = "x"'),
                         r"unknown key 'supplier' in \[roles\]"),
    "roles of the wrong type": (SCENARIO.replace('hyperscalers = ["ByteDance"]', 'hyperscalers = "ByteDance"'),
                                "roles.hyperscalers must be a list of names"),
    "unknown strategy": (SCENARIO.replace('"CutPrice"]', '"CutPrices"]'),
                         r"roles.vendor_strategies names 'CutPrices'.*did you mean 'CutPrice'"),
    "players with a model": (SCENARIO + '\n[[players]]\nname = "X"\nstrategies = ["A"]\n',
                             r"\[\[players\]\] cannot be given with model"),
    "roles without a model": (SCENARIO.replace('model = "chip-market"\n', ""), r"\[roles\] is only read together"),
    "definition named like the model's": (SCENARIO + '\n[definitions]\nbuild_cost = "1"\n',
                                          "definitions.build_cost has the name of a parameter or definition"),
    "override of an unknown profile": (SCENARIO + '\n[payoffs]\n"Build, Holdmargin" = ["0", "0"]\n',
                                       r"Nvidia has no strategy 'Holdmargin'.*did you mean 'HoldMargin'"),
    "override with an unknown name": (SCENARIO + '\n[payoffs]\n"Build, HoldMargin" = ["-buil_cost", "0"]\n',
                                      r"payoffs.\"Build, HoldMargin\"\[0\] \(ByteDance\).*buil_cost"),
    "bad order": ('order = ["ByteDance"]\n' + SCENARIO, "is not an ordering of the players"),
}


@pytest.mark.parametrize("case", BAD_MODEL_SCENARIOS)
def test_bad_model_scenarios_are_one_clear_error_naming_the_file_and_key(case):
    text, pattern = BAD_MODEL_SCENARIOS[case]
    with pytest.raises(ScenarioError, match=pattern) as raised:
        parse_scenario(text, "bad.toml")
    message = str(raised.value)
    assert message.startswith("bad.toml: ") and "\n" not in message and "fix: " in message
