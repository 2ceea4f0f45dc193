"""Decisions (issue #15, item 1): a parameter chosen by its owner before the game, chosen exactly.

Every expected answer is derived by hand in the comment beside it; every response returned is
first checked to be an equilibrium of the game at the chosen value.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipgame.errors import ModelError, ScenarioError
from chipgame.payoffs import Parameter, PayoffModel, parse_scenario
from chipgame.sensitivity.decision_drivers import decision_drivers
from chipgame.sensitivity.decisions import BestDecision, Outcome, best_decision, compare_exact
from chipgame.solvers import check_equilibrium, solve

m = sympy.Symbol("m")
R = sympy.Rational


def _limit_price_model() -> PayoffModel:
    # The vendor sells at margin m: the buyer pays 1 + m a unit, or builds for 7/6. The vendor
    # earns m while the buyer buys, 0 once it builds; holding its price or cutting it by half.
    return PayoffModel(("Vendor", "Buyer"), (("Hold", "Cut"), ("Buy", "Build")),
                       {("Hold", "Buy"): (m, -1 - m), ("Hold", "Build"): (0, -R(7, 6)),
                        ("Cut", "Buy"): (m / 2, -1 - m / 2), ("Cut", "Build"): (-1, -R(7, 6))},
                       [Parameter("m", "1/10", range=(0, 1))])


def _check_response(model: PayoffModel, outcome: Outcome) -> None:
    """The response is an equilibrium of the game at the value (at it, or the limit beside it)."""
    value = Fraction(int(outcome.value.p), int(outcome.value.q))
    if outcome.attained:
        check_equilibrium(model.evaluate({"m": value}), outcome.response.profile)
    assert outcome.response.payoffs[0] == Fraction(int(outcome.payoff.p), int(outcome.payoff.q))


def test_a_limit_price_with_a_tie_at_the_threshold():
    # Hold dominates Cut for the vendor (m > m/2 while the buyer buys, 0 > -1 once it builds).
    # Against Hold the buyer buys while 1 + m < 7/6, i.e. m < 1/6, and is indifferent at 1/6.
    # Strong Stackelberg: at m = 1/6 the tie goes the vendor's way (Buy), so it earns 1/6,
    # attained. Against it: the buyer builds at 1/6, the vendor earns 0. Weak Stackelberg: every
    # m < 1/6 earns m and m = 1/6 earns 0 at worst, so the supremum 1/6 is approached from below.
    model = _limit_price_model()
    decision = best_decision(model, "m", "Vendor")
    assert isinstance(decision, BestDecision)
    assert (decision.best.value, decision.best.payoff, decision.best.attained) == (R(1, 6), R(1, 6), True)
    assert decision.best.response.support == (("Hold",), ("Buy",))
    assert (decision.against.value, decision.against.payoff) == (R(1, 6), 0)
    assert decision.against.response.support == (("Hold",), ("Build",))
    assert (decision.cautious.value, decision.cautious.payoff) == (R(1, 6), R(1, 6))
    assert (decision.cautious.attained, decision.cautious.side) == (False, "below")
    # at m = 0 the vendor is indifferent between Hold and Cut against Buy (both earn 0): a threshold too
    assert [t.exact for t in decision.thresholds] == [0, R(1, 6)]
    for outcome in (decision.best, decision.against, decision.cautious):
        _check_response(model, outcome)


def test_an_interior_optimum():
    # Demand falls with the price: the vendor earns p * (1 - p) while the buyer buys, which it
    # does while p < 3/4 (building costs 3/4). d/dp p(1 - p) = 1 - 2p = 0 at p = 1/2, worth 1/4;
    # at the threshold 3/4 the vendor would earn at most 3/4 * 1/4 = 3/16 < 1/4, and 0 above.
    p = m
    model = PayoffModel(("Vendor", "Buyer"), (("Sell",), ("Buy", "Build")),
                        {("Sell", "Buy"): (p * (1 - p), -p), ("Sell", "Build"): (0, -R(3, 4))},
                        [Parameter("m", "1/10", range=(0, 1))])
    decision = best_decision(model, "m", "Vendor")
    for outcome in (decision.best, decision.against, decision.cautious):
        assert (outcome.value, outcome.payoff, outcome.attained, outcome.side) == (R(1, 2), R(1, 4), True, "at")
        _check_response(model, outcome)


def test_a_mixed_response_followed_as_a_formula():
    # Matching pennies where the row player sets its own stake s at (H, H), s in [0, 5]. For s > -1
    # the only equilibrium is mixed; the column player shows H with q = 2/(s + 3) (row indifferent:
    # s q - (1 - q) = -q + (1 - q)), so the row player earns 1 - 2q = (s - 1)/(s + 3), increasing:
    # best at s = 5, worth 4/8 = 1/2.
    s = sympy.Symbol("s")
    model = PayoffModel(("Row", "Column"), (("H", "T"), ("H", "T")),
                        {("H", "H"): (s, -1), ("H", "T"): (-1, 1), ("T", "H"): (-1, 1), ("T", "T"): (1, -1)},
                        [Parameter("s", 1, range=(0, 5))])
    decision = best_decision(model, "s", "Row")
    assert (decision.best.value, decision.best.payoff, decision.best.attained) == (5, R(1, 2), True)
    assert decision.best.response.profile[1] == (Fraction(1, 4), Fraction(3, 4))


def test_a_flat_optimum_reports_its_stretch():
    # Once the buyer builds (m > 1/2) the vendor earns 1 whatever m is; while it buys it earns m/2 <= 1/4.
    # Every m in (1/2, 1] gives 1: at m = 1/2 the buyer is indifferent and the vendor gets 1/4 or 1,
    # so the lowest value that gives 1 is 1/2 itself (the tie in the vendor's favour).
    model = PayoffModel(("Vendor", "Buyer"), (("Sell",), ("Buy", "Build")),
                        {("Sell", "Buy"): (m / 2, -m), ("Sell", "Build"): (1, -R(1, 2))},
                        [Parameter("m", "1/10", range=(0, 1))])
    decision = best_decision(model, "m", "Vendor")
    assert (decision.best.value, decision.best.payoff, decision.best.attained) == (R(1, 2), 1, True)
    # against the vendor at 1/2 the buyer buys: 1/4; every m above 1/2 gives 1 for sure
    assert decision.against.payoff == R(1, 4)
    assert decision.cautious.payoff == 1 and decision.cautious.attained
    assert decision.cautious.flat == (R(1, 2), 1)


def test_errors_name_the_player_and_the_parameter():
    with pytest.raises(ModelError, match="'Seller' is not a player"):
        best_decision(_limit_price_model(), "m", "Seller")
    with pytest.raises(ModelError, match="unknown parameter 'x'"):
        best_decision(_limit_price_model(), "x", "Vendor")


def test_compare_exact_tells_algebraic_numbers_apart_and_equal():
    assert compare_exact(sympy.sqrt(2), R(1414213562373095, 10**15)) == 1
    assert compare_exact((1 + sympy.sqrt(5)) / 2, 2 / (sympy.sqrt(5) - 1)) == 0
    assert compare_exact(R(1, 3), R(1, 2)) == -1


_COEFFICIENTS = st.sampled_from([R(0), R(1), R(-1), R(1, 2), R(-1, 2), R(2), R(-2), R(1, 3)])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_COEFFICIENTS, _COEFFICIENTS), min_size=8, max_size=8))
def test_the_chosen_value_is_as_good_as_every_grid_value(lines):
    # Random 2x2 games whose payoffs are lines a + b m in m on [0, 1], the row player choosing m.
    # Whatever the game, no grid value k/12 can beat the decision: the best equilibrium there
    # gives at most best.payoff, the worst at most cautious.payoff; an attained value is a value
    # where some equilibrium gives exactly best.payoff.
    cells = [("A", "L"), ("A", "R"), ("B", "L"), ("B", "R")]
    payoffs = {cell: tuple(a + b * m for a, b in lines[2 * k:2 * k + 2]) for k, cell in enumerate(cells)}
    model = PayoffModel(("Row", "Column"), (("A", "B"), ("L", "R")), payoffs,
                        [Parameter("m", "1/2", range=(0, 1))])
    decision = best_decision(model, "m", "Row")
    best, cautious = decision.best.payoff, decision.cautious.payoff
    for k in range(13):
        owner = [sympy.Rational(eq.payoffs[0]) for eq in solve(model.evaluate({"m": Fraction(k, 12)})).equilibria]
        assert max(owner) <= best
        assert min(owner) <= cautious
    assert cautious <= best
    if decision.best.attained and decision.best.value.is_Rational:  # (an irrational peak cannot be solved at)
        value = Fraction(int(decision.best.value.p), int(decision.best.value.q))
        at = [eq.payoffs[0] for eq in solve(model.evaluate({"m": value})).equilibria]
        assert Fraction(int(best.p), int(best.q)) in at


def test_a_scenario_declares_its_decisions():
    scenario = parse_scenario(_SCENARIO)
    (decision,) = scenario.decisions
    assert (decision.parameter, decision.player) == ("m", "Vendor")


@pytest.mark.parametrize(("change", "message"), [
    ('[decisions.m]\nplayer = "Seller"', "decisions.m.player = 'Seller' is not a player of the game"),
    ('[decisions.m]\nowner = "Vendor"', "unknown key 'owner' in decisions.m"),
    ('[decisions.q]\nplayer = "Vendor"', "decisions.q: there is no parameter 'q'"),
    ('[decisions.n]\nplayer = "Vendor"', "parameter n has no range"),
    ('[decisions.m]', "decisions.m has no player"),
    ('order = ["Buyer", "Vendor"]\n[decisions.m]\nplayer = "Vendor"', "the owner of a decision moves first"),
])
def test_bad_decisions_are_one_line_naming_the_key(change, message):
    text = _SCENARIO.replace('[decisions.m]\nplayer = "Vendor"', "")
    if change.startswith("order"):
        text = change.split("\n", 1)[0] + "\n" + text + change.split("\n", 1)[1]
    else:
        text += change
    with pytest.raises(ScenarioError, match="fix: ") as caught:
        parse_scenario(text, source="deal.toml")
    assert message in str(caught.value) and str(caught.value).startswith("deal.toml: ")


_SCENARIO = """
title = "Limit price"
[parameters.m]
value = 0.1
range = [0, 1]
[parameters.n]
value = 1
[[players]]
name = "Vendor"
strategies = ["Hold", "Cut"]
[[players]]
name = "Buyer"
strategies = ["Buy", "Build"]
[payoffs]
"Hold, Buy" = ["m", "-1 - m"]
"Hold, Build" = ["0", "-7/6"]
"Cut, Buy" = ["m/2", "-1 - m/2"]
"Cut, Build" = ["-n", "-7/6"]
[decisions.m]
player = "Vendor"
"""


def test_what_moves_an_interior_optimum():
    # The vendor earns p (a - p) while the buyer buys (p < 3/4): the peak p = a/2 moves half as
    # fast as a (dp/da = 1/2), so at a = 1 its elasticity is 1/2 * 1 / (1/2) = 1.
    a = sympy.Symbol("a")
    model = PayoffModel(("Vendor", "Buyer"), (("Sell",), ("Buy", "Build")),
                        {("Sell", "Buy"): (m * (a - m), -m), ("Sell", "Build"): (0, -R(3, 4))},
                        [Parameter("m", "1/10", range=(0, 1)), Parameter("a", 1)])
    decision = best_decision(model, "m", "Vendor")
    assert decision.best.value == R(1, 2)
    (driver,) = decision_drivers(model, decision)
    assert (driver.parameter, driver.slope, driver.elasticity) == ("a", R(1, 2), 1.0)


def test_a_value_at_an_end_of_the_range_has_no_drivers():
    # the vendor earns m while the buyer always buys (building costs 5): best at the top of the range
    model = PayoffModel(("Vendor", "Buyer"), (("Sell",), ("Buy", "Build")),
                        {("Sell", "Buy"): (m, -1 - m), ("Sell", "Build"): (0, -5)},
                        [Parameter("m", "1/10", range=(0, 1))])
    decision = best_decision(model, "m", "Vendor")
    assert (decision.best.value, decision.best.attained) == (1, True)
    assert decision_drivers(model, decision) == ()


def test_a_limit_price_at_an_irrational_threshold():
    # The buyer pays 1 + m^2 or builds for 3/2: it buys while m^2 < 1/2, i.e. m < sqrt(2)/2, and is
    # indifferent there. The vendor earns m while the buyer buys: best sqrt(2)/2, worth sqrt(2)/2 with
    # the tie its way, 0 against it, and approached from below when every tie goes against it.
    model = PayoffModel(("Vendor", "Buyer"), (("Sell",), ("Buy", "Build")),
                        {("Sell", "Buy"): (m, -1 - m**2), ("Sell", "Build"): (0, -R(3, 2))},
                        [Parameter("m", "1/10", range=(0, 1))])
    decision = best_decision(model, "m", "Vendor")
    root = sympy.sqrt(2) / 2
    assert compare_exact(decision.best.value, root) == 0 and compare_exact(decision.best.payoff, root) == 0
    assert decision.best.attained and decision.against.payoff == 0
    assert (decision.cautious.attained, decision.cautious.side) == (False, "below")
    assert compare_exact(decision.cautious.payoff, root) == 0
