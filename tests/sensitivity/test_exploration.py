"""Explorations: axes through the thresholds, the parameters chosen by default with their
thresholds taken from the tornado, every other parameter's thresholds, and equilibria equal to
``solve`` at every point (the page itself: tests/cli/test_explore*.py)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from fractions import Fraction as F

import pytest
import sympy

from chipgame.errors import SolverError
from chipgame.payoffs import Parameter, PayoffModel
from chipgame.reports import explorer_document, explorer_page
from chipgame.sensitivity import exploration as exploration_module
from chipgame.sensitivity.exploration import Varied, explore, ranked_parameters
from chipgame.sensitivity.threshold_search import MIXED_NOT_SCANNED, thresholds
from chipgame.sensitivity.tornado_bars import tornado
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
    assert [s.name for s in explore(model).sliders] == ["m", "noise"]
    assert ranked_parameters(tornado(model), 1) == ("m",)


def counted_searches(monkeypatch) -> list[str]:
    """The parameters whose thresholds an exploration searches itself, in order."""
    searched: list[str] = []

    def counting(model, parameter, *args, **kwargs):
        searched.append(parameter)
        return thresholds(model, parameter, *args, **kwargs)

    monkeypatch.setattr(exploration_module, "thresholds", counting)
    return searched


def three_parameters() -> PayoffModel:
    """The vendor cuts above v = 1/4, the buyer builds above m = 3/5 or below c = 2 (by hand:
    Hold pays m, Cut m/2 + v; Buy costs 1/(1-m) = 2 at m = 1/2)."""
    c, v = sympy.symbols("c v")
    return PayoffModel(
        ("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
        {("Buy", "Hold"): (-1 / (1 - m), m), ("Buy", "Cut"): (-1 / (1 - m / 2), m / 2 + v),
         ("Build", "Hold"): (-c, 0), ("Build", "Cut"): (-c, -1)},
        [Parameter("m", 0.5, range=(0.1, 0.9)), Parameter("c", 2.5, range=(1.5, 4)), Parameter("v", 0, range=(-1, 1))])


def test_sliders_chosen_by_default_take_their_thresholds_from_the_tornado(monkeypatch):
    searched = counted_searches(monkeypatch)
    exploration = explore(three_parameters())
    assert searched == [], "the tornado found them over the same range with the same overrides"
    assert [(s.name, [t.exact for t in s.thresholds]) for s in exploration.sliders] == [
        ("m", [sympy.Rational(3, 5)]), ("v", [sympy.Rational(1, 4)])]
    assert {name: [t.exact for t in found] for name, found in exploration.other_thresholds.items()} == {
        "c": [2]}
    for slider in exploration.sliders:
        assert [t.exact for t in slider.thresholds] == [t.exact for t in thresholds(three_parameters(), slider.name)]


def test_given_sliders_or_one_with_an_unscanned_region_are_searched(monkeypatch):
    model = three_parameters()
    searched = counted_searches(monkeypatch)
    given = explore(model, [Varied("m", "0.2", "0.8", 7), Varied("v")])
    assert searched == ["m", "v"], "no tornado ran: both are searched"
    assert given.other_thresholds is None
    unscanned = sympy.Rational(7, 10)
    monkeypatch.setattr(exploration_module, "tornado", lambda *args, **kwargs: tuple(
        replace(bar, thresholds=(*bar.thresholds, replace(bar.thresholds[0], exact=None, value=float(unscanned),
                                                            certified=False, note=MIXED_NOT_SCANNED)))
        if bar.parameter == "m" else bar for bar in tornado(*args, **kwargs)))
    searched.clear()
    explore(model)
    assert searched == ["m"], "m's bar has a stretch the tornado did not scan"


def test_given_sliders_the_other_parameters_thresholds_are_searched_when_asked():
    exploration = explore(three_parameters(), [Varied("m", count=5)], every_slider=True)
    assert list(exploration.other_thresholds) == ["c", "v"]
    assert [t.exact for t in exploration.other_thresholds["c"]] == [2]
    assert [t.exact for t in exploration.other_thresholds["v"]] == [sympy.Rational(1, 4)]


def test_a_parameter_whose_thresholds_cannot_be_searched_is_one_region_not_certified(monkeypatch):
    def failing(model, parameter, *args, **kwargs):
        if parameter == "c":
            raise SolverError("more than 2000 tie points in the interval", fix="narrow it")
        return thresholds(model, parameter, *args, **kwargs)

    monkeypatch.setattr(exploration_module, "thresholds", failing)
    exploration = explore(three_parameters(), [Varied("m", count=5)], every_slider=True)
    (region,) = exploration.other_thresholds["c"]
    assert not region.certified and region.enclosure == (F(3, 2), F(4)) and region.value == 2.75
    assert region.note == "its thresholds were not searched: more than 2000 tie points in the interval"


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


def test_the_games_and_equilibria_built_on_first_use_are_those_of_the_point_and_the_overrides():
    model = three_parameters()
    exploration = explore(model, [Varied("m", count=3)], {"c": "3", "v": "1/2"})
    values = exploration.sliders[0].axis.values
    assert len(exploration.games) == len(values) == len(exploration.equilibria)
    for value, game, found in zip(values, exploration.games, exploration.equilibria):
        expected = model.evaluate({"c": 3, "v": F(1, 2), "m": value})
        assert game == expected and found == solve(expected).equilibria
