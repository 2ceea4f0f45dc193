"""Bayesian games in type-agent form, and decisions against a belief (issue #15, item 3).

Expected answers are derived by hand in the comments; every equilibrium returned is first
checked to be one of the type-agent game.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from chipgame.errors import ModelError, ScenarioError
from chipgame.payoffs import Parameter, PayoffModel, parse_scenario
from chipgame.payoffs.choices import Types
from chipgame.sensitivity.bayesian import decision_against_belief, type_agent_model
from chipgame.solvers import check_equilibrium, solve

R = sympy.Rational
m, c = sympy.symbols("m c")


def _belief(low: Fraction = Fraction(1, 2)) -> Types:
    return Types("c", "Buyer", (Fraction(13, 10), Fraction(16, 10)), (low, 1 - low))


def _hold_or_cut() -> PayoffModel:
    # The vendor holds a margin of 1/2 or cuts to 1/5 (a builder still buys a tenth's worth of
    # cut-price chips); the buyer pays 1 + margin or builds for c. The two move at once.
    return PayoffModel(("Vendor", "Buyer"), (("Hold", "Cut"), ("Buy", "Build")),
                       {("Hold", "Buy"): (R(1, 2), -R(3, 2)), ("Hold", "Build"): (0, -c),
                        ("Cut", "Buy"): (R(1, 5), -R(6, 5)), ("Cut", "Build"): (R(1, 10), -c)},
                       [Parameter("c", "1.5")])


def _solved(model: PayoffModel):
    game = model.evaluate()
    equilibria = solve(game).equilibria
    for eq in equilibria:
        check_equilibrium(game, eq.profile)
    return equilibria


def test_a_two_type_bayesian_game():
    # Build costs c = 1.3 (probability p_L) or 1.6 (p_H). Against Hold (price 1.5) the low type
    # builds and the high type buys; against Cut (price 1.2) both buy. Against (Build, Buy) the
    # vendor gets p_H/2 holding and p_L/10 + p_H/5 cutting: Hold is a best response iff
    # 3 p_H >= p_L. Against (Buy, Buy) Hold (1/2) beats Cut (1/5), so (Cut; Buy, Buy) is never one.
    # With p_L = p_H = 1/2 the only Bayesian equilibrium is (Hold; Build, Buy): the vendor mixing
    # would need the low type to buy with probability (p_L - 3 p_H)/(4 p_L) < 0 (see below).
    # It is worth 1/4 to the vendor, -1.3 and -1.5 to the two types.
    agents = type_agent_model(_hold_or_cut(), _belief())
    assert agents.players == ("Vendor", "Buyer[c=1.3]", "Buyer[c=1.6]")
    (eq,) = _solved(agents)
    assert eq.support == (("Hold",), ("Build",), ("Buy",))
    assert eq.payoffs == (Fraction(1, 4), Fraction(-13, 10), Fraction(-3, 2))


def test_the_belief_changes_the_equilibrium_to_a_mixed_one():
    # With p_L = 9/10, 3 p_H < p_L: no pure equilibrium (above), so the vendor mixes, holding with
    # probability h that leaves the low type indifferent: -3/2 h - 6/5 (1 - h) = -13/10, h = 1/3
    # (the high type then buys: -13/10 > -1.6). The vendor is indifferent when the low type buys
    # with probability b: p_L b/2 + p_H/2 = p_L (b/10 + 1/10) + p_H/5, b = (p_L - 3 p_H)/(4 p_L)
    # = (6/10)/(36/10) = 1/6. The vendor gets p_L (b + 1)/10 + p_H/5 = 9/10 * 7/60 + 1/50 = 1/8.
    (eq,) = _solved(type_agent_model(_hold_or_cut(), _belief(Fraction(9, 10))))
    assert eq.profile == ((Fraction(1, 3), Fraction(2, 3)), (Fraction(1, 6), Fraction(5, 6)), (1, 0))
    assert eq.payoffs[0] == Fraction(1, 8)


def test_a_margin_chosen_against_a_belief():
    # The vendor sets m in [0, 1] and earns m from each type that buys (1 + m <= c). Types
    # c = 1.2 and 1.5, equally likely: for m <= 1/5 both buy (expected m, at most 1/5); for
    # 1/5 < m <= 1/2 only the high type buys (m/2, at most 1/4 at m = 1/2); above, neither.
    # Best: m = 1/2 with the tie in the vendor's favour, 1/4, attained; against it the high
    # type builds at 1/2 and the vendor gets 0; if every tie goes against it, 1/4 is approached
    # from below. Knowing the type it would set 1/5 or 1/2 (the limit margins of each type).
    model = PayoffModel(("Vendor", "Buyer"), (("Sell",), ("Buy", "Build")),
                        {("Sell", "Buy"): (m, -1 - m), ("Sell", "Build"): (0, -c)},
                        [Parameter("m", "0.1", range=(0, 1)), Parameter("c", "1.5")])
    belief = Types("c", "Buyer", (Fraction(6, 5), Fraction(3, 2)), (Fraction(1, 2), Fraction(1, 2)))
    decision = decision_against_belief(model, belief, "m", "Vendor")
    assert (decision.best.value, decision.best.payoff, decision.best.attained) == (R(1, 2), R(1, 4), True)
    assert decision.best.response.support == (("Sell",), ("Build",), ("Buy",))
    assert decision.against.payoff == 0
    assert (decision.cautious.value, decision.cautious.payoff, decision.cautious.attained) == (R(1, 2), R(1, 4), False)
    assert [t.exact for t in decision.thresholds] == [R(1, 5), R(1, 2)]


def test_the_informed_player_cannot_own_the_decision():
    model = PayoffModel(("Vendor", "Buyer"), (("Sell",), ("Buy", "Build")),
                        {("Sell", "Buy"): (m, -1 - m), ("Sell", "Build"): (0, -c)},
                        [Parameter("m", "0.1", range=(0, 1)), Parameter("c", "1.5")])
    with pytest.raises(ModelError, match="Buyer knows c"):
        decision_against_belief(model, _belief(), "m", "Buyer")


_SCENARIO = """
title = "Unknown build cost"
[parameters.c]
value = 1.5
[[players]]
name = "Vendor"
strategies = ["Hold", "Cut"]
[[players]]
name = "Buyer"
strategies = ["Buy", "Build"]
[payoffs]
"Hold, Buy" = ["1/2", "-3/2"]
"Hold, Build" = ["0", "-c"]
"Cut, Buy" = ["1/5", "-6/5"]
"Cut, Build" = ["1/10", "-c"]
[types.c]
player = "Buyer"
values = [1.3, 1.6]
probabilities = ["1/2", 0.5]
"""


def test_a_scenario_declares_types():
    scenario = parse_scenario(_SCENARIO)
    assert scenario.types == _belief()
    (eq,) = _solved(type_agent_model(scenario.model, scenario.types))
    assert eq.support == (("Hold",), ("Build",), ("Buy",))


@pytest.mark.parametrize(("old", "new", "message"), [
    ('probabilities = ["1/2", 0.5]', "probabilities = [0.5, 0.4]", "types.c.probabilities add up to 9/10, not 1"),
    ('probabilities = ["1/2", 0.5]', "probabilities = [1, 0]", "must each be above 0"),
    ("values = [1.3, 1.6]", "values = [1.3, 1.3]", "types.c.values repeats a value"),
    ("values = [1.3, 1.6]", "values = [1.3]", "types.c.values must be a list of 2 to 6 numbers"),
    ("values = [1.3, 1.6]", "values = [1, 2, 3, 4, 5, 6, 7]", "types.c.values must be a list of 2 to 6 numbers"),
    ('player = "Buyer"', 'player = "Seller"', "types.c.player = 'Seller' is not a player of the game"),
    ("[types.c]", "[types.d]", "types.d: there is no parameter 'd'"),
    ('player = "Buyer"', 'player = "Buyer"\nprior = 1', "unknown key 'prior' in types.c"),
    ("values = [1.3, 1.6]", 'values = [1.3, "x"]', "types.c.values[1] must be a number"),
])
def test_bad_types_are_one_line_naming_the_key(old, new, message):
    with pytest.raises(ScenarioError, match="fix: ") as caught:
        parse_scenario(_SCENARIO.replace(old, new), source="types.toml")
    assert message in str(caught.value) and str(caught.value).startswith("types.toml: ")


def test_types_outside_the_bounds_are_refused():
    text = _SCENARIO.replace("value = 1.5", "value = 1.5\nbounds = [0, 1.55]")
    with pytest.raises(ScenarioError, match=r"types.c.values\[1\] = 1.6 is outside the bounds"):
        parse_scenario(text)


def test_probabilities_from_the_distribution():
    # Uniform on [1, 2] with types 1.3 and 1.6: the cells split at 1.45, so 0.45 and 0.55.
    text = _SCENARIO.replace('probabilities = ["1/2", 0.5]\n', "").replace(
        "value = 1.5", 'value = 1.5\ndistribution = { kind = "uniform", low = 1, high = 2 }')
    assert parse_scenario(text).types.probabilities == (Fraction(9, 20), Fraction(11, 20))
    # Triangular on [1, 2] with mode 1.5 and types 1.25, 1.5, 1.75: cuts at 1.375 and 1.625, where
    # the CDF is 0.375^2 / (1 * 0.5) = 9/32 and 1 - 9/32: probabilities 9/32, 14/32, 9/32.
    triangular = text.replace('kind = "uniform", low = 1, high = 2',
                              'kind = "triangular", low = 1, mode = 1.5, high = 2')
    triangular = triangular.replace("values = [1.3, 1.6]", "values = [1.25, 1.5, 1.75]")
    assert parse_scenario(triangular).types.probabilities == (Fraction(9, 32), Fraction(7, 16), Fraction(9, 32))
    with pytest.raises(ScenarioError, match="no uniform or triangular distribution"):
        parse_scenario(_SCENARIO.replace('probabilities = ["1/2", 0.5]\n', ""))
    with pytest.raises(ScenarioError, match="reach outside the distribution"):
        parse_scenario(text.replace("values = [1.3, 1.6]", "values = [0.5, 1.6]"))


def test_a_type_agent_game_is_bounded():
    # three strategies and six types: 3 ** 6 = 729 profiles of a seven-player game, refused
    model = PayoffModel(("Vendor", "Buyer"), (("Sell",), ("Buy", "Build", "Wait")),
                        {("Sell", "Buy"): (1, -1), ("Sell", "Build"): (0, -c), ("Sell", "Wait"): (0, -2)},
                        [Parameter("c", 2)])
    values = tuple(Fraction(k, 2) for k in range(1, 7))
    with pytest.raises(ModelError, match="729 strategy profiles, more than 256"):
        type_agent_model(model, Types("c", "Buyer", values, (Fraction(1, 6),) * 6))


_SMALL = st.sampled_from([R(0), R(1), R(-1), R(2), R(1, 2), R(-3, 2)])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(_SMALL, _SMALL), min_size=8, max_size=8),
       st.sampled_from([(Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 3), Fraction(2, 3)),
                        (Fraction(9, 10), Fraction(1, 10))]))
def test_every_type_agent_equilibrium_is_a_bayesian_equilibrium_of_the_original_game(lines, belief):
    # Checked against the original model, not the type-agent one: each type best-responds at its
    # own value to the uninformed player's mix, and the uninformed player best-responds to the
    # belief-weighted mix of the types' strategies, payoffs evaluated at each type's value.
    cells = [("A", "L"), ("A", "R"), ("B", "L"), ("B", "R")]
    model = PayoffModel(("Row", "Column"), (("A", "B"), ("L", "R")),
                        {cell: tuple(a + b * c for a, b in lines[2 * k:2 * k + 2]) for k, cell in enumerate(cells)},
                        [Parameter("c", 0)])
    types = Types("c", "Column", (Fraction(0), Fraction(1)), belief)
    for eq in solve(type_agent_model(model, types).evaluate()).equilibria:
        row, *columns = eq.profile
        games = [model.evaluate({"c": value}) for value in types.values]
        for game, column in zip(games, columns):  # each type at its own value
            values = [sum(row[i] * game.payoff((i, j))[1] for i in range(2)) for j in range(2)]
            assert all(p == 0 or v == max(values) for p, v in zip(column, values))
        expected = [sum(w * column[j] * game.payoff((i, j))[0] for w, game, column in zip(belief, games, columns)
                        for j in range(2)) for i in range(2)]
        assert all(p == 0 or v == max(expected) for p, v in zip(row, expected))
