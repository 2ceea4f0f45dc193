"""Nash bargaining over a parameter (issue #15, item 2); expected answers derived by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from chipgame.errors import ModelError, ScenarioError, SolverError
from chipgame.payoffs import Parameter, PayoffModel, parse_scenario
from chipgame.payoffs.choices import Bargaining
from chipgame.sensitivity.bargaining import nash_bargaining

m, a = sympy.symbols("m a")
R = sympy.Rational


def _deal(outside: int = 1, build: int = 15) -> PayoffModel:
    # Under agreement the vendor sells 10 units at margin m (10 m) and the buyer pays 10 (1 + m).
    # Without it (at the base margin 0.7 the buyer pays 17 > build) the buyer builds for `build`
    # and the vendor sells elsewhere for `outside`: the disagreement point is (outside, -build).
    return PayoffModel(("Vendor", "Buyer"), (("Sell",), ("Buy", "Build")),
                       {("Sell", "Buy"): (10 * m, -10 - 10 * m), ("Sell", "Build"): (outside, -build)},
                       [Parameter("m", "0.7", range=(0, 1)), Parameter("a", "1/2", range=(0, 1))])


def _terms(power: Fraction | str = Fraction(1, 2), disagreement=None) -> Bargaining:
    return Bargaining("m", ("Vendor", "Buyer"), ("Sell", "Buy"), disagreement, power)


def test_bargaining_with_outside_options():
    # Gains over the outside options: vendor 10 m - 1, buyer -10 - 10 m + 15 = 5 - 10 m; both are
    # non-negative for m in [1/10, 1/2]. Equal power: maximise (10 m - 1)(5 - 10 m), whose
    # derivative 10 (5 - 10 m) - 10 (10 m - 1) = 60 - 200 m vanishes at m = 3/10: gains 2 and 2.
    deal = nash_bargaining(_deal(), _terms())
    assert deal.disagreement_profile == ("Sell", "Build")
    assert deal.disagreement == (1, -15)
    assert deal.feasible == ((R(1, 10), R(1, 2)),)
    assert (deal.value, deal.gains, deal.payoffs) == (R(3, 10), (2, 2), (3, -13))


def test_bargaining_power_tilts_the_split():
    # Power 1/3 for the vendor: (1/3) 10 (5 - 10 m) = (2/3) 10 (10 m - 1), so 5 - 10 m = 20 m - 2,
    # m = 7/30; gains 10 (7/30) - 1 = 4/3 and 5 - 7/3 = 8/3, in the ratio 1 : 2 of the powers.
    deal = nash_bargaining(_deal(), _terms(Fraction(1, 3)))
    assert (deal.value, deal.gains) == (R(7, 30), (R(4, 3), R(8, 3)))
    # the power may be a parameter: a = 1/2 gives the symmetric split again
    assert nash_bargaining(_deal(), _terms("a")).value == R(3, 10)
    # all the power to the vendor: the buyer is held to its outside option, m = 1/2
    assert nash_bargaining(_deal(), _terms(Fraction(1))).value == R(1, 2)


def test_no_agreement_when_the_outside_options_leave_no_surplus():
    # Building for 9 beats buying at any margin (10 (1 + m) >= 10 > 9): the buyer's gain
    # -1 - 10 m is negative on all of [0, 1], so no value is agreed.
    deal = nash_bargaining(_deal(build=9), _terms())
    assert deal.value is None and deal.payoffs is None and deal.feasible == ()


def test_a_named_disagreement_profile():
    # naming the disagreement "Sell, Buy" at the base margin 0.7: (7, -17); the vendor gains
    # 10 m - 7 and the buyer 7 - 10 m, feasible only at m = 7/10, where both gain 0
    deal = nash_bargaining(_deal(), _terms(disagreement=("Sell", "Buy")))
    assert deal.disagreement == (7, -17) and deal.value == R(7, 10) and deal.gains == (0, 0)


def test_several_equilibria_without_agreement_need_a_named_profile():
    model = PayoffModel(("Vendor", "Buyer"), (("Sell", "Stop"), ("Buy", "Build")),
                        {("Sell", "Buy"): (10 * m, -10 - 10 * m), ("Sell", "Build"): (0, -10 - 10 * m),
                         ("Stop", "Buy"): (0, -20), ("Stop", "Build"): (0, -15)},
                        [Parameter("m", "0.7", range=(0, 1))])
    with pytest.raises(SolverError, match="disagreement = "):
        nash_bargaining(model, Bargaining("m", ("Vendor", "Buyer"), ("Sell", "Buy"), None, Fraction(1, 2)))


def test_a_power_outside_0_to_1_is_refused():
    with pytest.raises(ModelError, match="bargaining power 3/2"):
        nash_bargaining(_deal(), _terms(Fraction(3, 2)))


@settings(max_examples=30, deadline=None)
@given(st.fractions(min_value=0, max_value=1, max_denominator=12))
def test_the_agreed_value_maximises_the_nash_product_on_a_grid(power):
    # For any power the agreed value is at least as good, by the Nash product, as every grid value
    # where both gain; here m = power / 2 + (1 - power) / 10 by the first-order condition.
    deal = nash_bargaining(_deal(), _terms(power))
    assert deal.value == R(power.numerator, power.denominator) / 2 + (1 - R(power.numerator, power.denominator)) / 10

    def product(value):
        g1, g2 = 10 * value - 1, 5 - 10 * value
        return float(g1) ** float(power) * float(g2) ** float(1 - power) if g1 >= 0 and g2 >= 0 else -1.0

    best = product(deal.value)
    assert all(product(R(k, 100)) <= best + 1e-12 for k in range(101))


_SCENARIO = """
title = "Margin deal"
[parameters.m]
value = 0.7
range = [0, 1]
[[players]]
name = "Vendor"
strategies = ["Sell"]
[[players]]
name = "Buyer"
strategies = ["Buy", "Build"]
[payoffs]
"Sell, Buy" = ["10 * m", "-10 - 10 * m"]
"Sell, Build" = ["1", "-15"]
[bargaining]
parameter = "m"
players = ["Vendor", "Buyer"]
agreement = "Sell, Buy"
"""


def test_a_scenario_declares_its_bargaining():
    terms = parse_scenario(_SCENARIO).bargaining
    assert terms == Bargaining("m", ("Vendor", "Buyer"), ("Sell", "Buy"), None, Fraction(1, 2))
    assert nash_bargaining(parse_scenario(_SCENARIO).model, terms).value == R(3, 10)


@pytest.mark.parametrize(("line", "message"), [
    ('power = 1.5', "bargaining.power = 1.5 is not a number from 0 to 1"),
    ('power = "m"', "bargaining.power = 'm' is the parameter bargained over"),
    ('disagreement = "Sell, Sell"', "bargaining.disagreement = 'Sell, Sell' is not a strategy profile"),
    ('strength = 0.5', "unknown key 'strength' in [bargaining]"),
])
def test_bad_bargaining_is_one_line_naming_the_key(line, message):
    with pytest.raises(ScenarioError, match="fix: ") as caught:
        parse_scenario(_SCENARIO + line + "\n", source="deal.toml")
    assert message in str(caught.value)


def test_bargaining_players_must_be_two_players_of_the_game():
    with pytest.raises(ScenarioError, match="not two different players"):
        parse_scenario(_SCENARIO.replace('["Vendor", "Buyer"]', '["Vendor", "Vendor"]'))
    with pytest.raises(ScenarioError, match="players\\[1\\] = 'Byer' is not a player"):
        parse_scenario(_SCENARIO.replace('["Vendor", "Buyer"]', '["Vendor", "Byer"]'))
