"""Explorations: axes through the thresholds, the parameters chosen by default, and equilibria
equal to ``solve`` at every point (the page itself: tests/cli/test_explore*.py)."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest
import sympy

from chipgame.errors import SolverError
from chipgame.payoffs import Parameter, PayoffModel
from chipgame.reports import explorer_document, explorer_page
from chipgame.sensitivity.exploration import Varied, default_parameters, explore
from chipgame.solvers import solve

m, noise, spend = sympy.symbols("m noise spend")


def build_or_buy(build_cost) -> PayoffModel:
    """Buyer: Buy costs 1/(1-m) (the vendor's price at margin m), Build costs ``build_cost``."""
    return PayoffModel(
        ("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
        {("Buy", "Hold"): (-1 / (1 - m), m), ("Buy", "Cut"): (-1 / (1 - m / 2), m / 2),
         ("Build", "Hold"): (-build_cost, 0), ("Build", "Cut"): (-build_cost, -1)},
        [Parameter("m", 0.5, range=(0.01, 0.99))])


def test_default_sliders_are_the_parameters_that_change_the_regime_first():
    # noise moves every payoff of the buyer alike (the widest swing, no change of regime);
    # m moves the buyer from buying to building
    model = PayoffModel(
        ("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
        {("Buy", "Hold"): (-1 / (1 - m) - noise, m), ("Buy", "Cut"): (-1 / (1 - m / 2) - noise, m / 2),
         ("Build", "Hold"): (-sympy.Rational(15, 7) - noise, 0), ("Build", "Cut"): (-sympy.Rational(15, 7) - noise, -1)},
        [Parameter("noise", 0, range=(-50, 50)), Parameter("m", 0.5, range=(0.01, 0.99))])
    assert default_parameters(model) == ("m", "noise")
    assert default_parameters(model, limit=1) == ("m",)


def test_no_declared_range_and_no_vary_is_an_error():
    model = PayoffModel(("A", "B"), (("U", "D"), ("L",)), {("U", "L"): (spend, 0), ("D", "L"): (1, 0)},
                        [Parameter("spend", 2)])
    with pytest.raises(SolverError, match="no parameter declares a range"):
        explore(model)


def test_an_irrational_threshold_is_marked_between_two_stops():
    exploration = explore(build_or_buy(5 * m), [Varied("m", count=11)])
    (slider,) = exploration.sliders
    assert len(slider.thresholds) == 2 and all(not t.exact.is_Rational for t in slider.thresholds)
    values = slider.axis.values
    for threshold in slider.thresholds:
        position = slider.position(threshold)
        below = int(position)
        assert not position.is_integer() and values[below] < threshold.value < values[below + 1]
    assert len(values) == 11, "irrational thresholds are not on the axis (and the base value 1/2 already is)"


def test_a_varied_parameter_set_elsewhere_starts_there_and_outside_the_interval_starts_at_the_nearest_end():
    model = build_or_buy(sympy.Rational(15, 7))
    inside = explore(model, [Varied("m", "0.1", "0.9", 5)], {"m": "1/3"}).sliders[0]
    assert inside.axis.values[inside.start] == F(1, 3)
    outside = explore(model, [Varied("m", "0.6", "0.9", 4)]).sliders[0]
    assert outside.start == 0 and F(1, 2) not in outside.axis.values


def test_three_players_have_equilibria_from_solve_and_no_payoff_matrix():
    # a public-good game: each of three players contributes or not; contributing costs c and
    # gives everyone 1/2 (after Osborne, An Introduction to Game Theory, 2004, ch. 2)
    c = sympy.Symbol("c")
    labels = ("Give", "Keep")
    payoffs = {}
    for profile in itertools.product(labels, repeat=3):
        given = sum(s == "Give" for s in profile) * sympy.Rational(1, 2)
        payoffs[profile] = tuple(given - (c if s == "Give" else 0) for s in profile)
    model = PayoffModel(("A", "B", "C"), (labels,) * 3, payoffs, [Parameter("c", 1, range=(0, 1))])
    exploration = explore(model, [Varied("c", count=3)])
    # the threshold 1/2 is on the even grid; 1/3 and 2/3 put a point inside each regime beside it
    assert [str(v) for v in exploration.sliders[0].axis.values] == ["0", "1/3", "1/2", "2/3", "1"]
    for value, found in zip(exploration.sliders[0].axis.values, exploration.equilibria):
        assert found == solve(model.evaluate({"c": value})).equilibria
    document = explorer_document(exploration)
    assert len(document["map"]["points"]) == 5 and 'id="matrix"' not in explorer_page(exploration)
