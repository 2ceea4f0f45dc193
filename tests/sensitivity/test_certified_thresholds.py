"""Thresholds through min, max, abs, where, exp and log: hand-derived answers (issue #16)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
import sympy

from chipgame.payoffs import Parameter, PayoffModel
from chipgame.sensitivity import thresholds
from chipgame.sensitivity.regimes import structure_of

x = sympy.Symbol("x")
R = sympy.Rational


def _one_choice(build: sympy.Expr) -> PayoffModel:
    """Firm picks Build (paying ``build``) or Buy (paying 0) against a passive other player."""
    return PayoffModel(("Firm", "Other"), (("Build", "Buy"), ("Stay",)),
                       {("Build", "Stay"): (build, 0), ("Buy", "Stay"): (0, 0)},
                       [Parameter("x", Fraction(1, 2), range=(Fraction(0), Fraction(1)))])


@pytest.mark.parametrize(("build", "expected"), [
    # positive only between 0.50001 and 0.50002: a regime 1e-5 of the range wide
    (sympy.Min(x - R(50001, 100000), R(50002, 100000) - x), [R(50001, 100000), R(50002, 100000)]),
    (sympy.Max(x - R(1, 3), R(1, 10) - x), [R(1, 10), R(1, 3)]),  # negative only between
    # nested where: +1 on [0.70001, 0.70003) only
    (sympy.Piecewise((-1, x < R(70001, 100000)), (sympy.Piecewise((1, x < R(70003, 100000)), (-1, True)), True)),
     [R(70001, 100000), R(70003, 100000)]),
    # abs: 1e-9 - |x - 0.3| is positive on a regime 2e-9 wide (narrower than 1e-6 of the range)
    (R(1, 10**9) - sympy.Abs(x - R(3, 10)), [R(3, 10) - R(1, 10**9), R(3, 10) + R(1, 10**9)]),
    # exp: positive only where |exp(x) - exp(2/5)| < 1e-5 (about 1.3e-5 wide)
    (R(1, 10**10) - (sympy.exp(x) - sympy.exp(R(2, 5)))**2,
     [sympy.log(sympy.exp(R(2, 5)) - R(1, 10**5)), sympy.log(sympy.exp(R(2, 5)) + R(1, 10**5))]),
    # log: positive below exp(1/3) - 1, and a regime 2e-8 wide from a product of ties
    (R(1, 3) - sympy.log(x + 1), [sympy.exp(R(1, 3)) - 1]),
    ((x - R(1, 5)) * (R(1, 5) + R(2, 10**8) - x) * sympy.exp(x), [R(1, 5), R(1, 5) + R(2, 10**8)]),
])
def test_every_narrow_regime_is_found_where_it_is(build, expected):
    found = thresholds(_one_choice(build), "x")
    assert all(t.certified for t in found)
    assert len(found) == len(expected)
    for threshold, value in zip(found, expected):
        if threshold.exact is not None and sympy.nsimplify(threshold.exact - value) == 0:
            continue
        low, high = threshold.enclosure
        assert low <= sympy.Rational(sympy.Float(value.evalf(40), 40)) <= high
        assert high - low <= Fraction(1, 10**12)
        assert structure_of(threshold.below) != structure_of(threshold.above)


def test_the_equilibria_between_two_thresholds_are_those_of_solving_there():
    model = _one_choice(sympy.Min(x - R(50001, 100000), R(50002, 100000) - x))
    first, second = thresholds(model, "x")
    assert [eq.support for eq in first.above] == [(("Build",), ("Stay",))]
    assert [eq.support for eq in first.below] == [(("Buy",), ("Stay",))] == [eq.support for eq in second.above]


def test_a_tangency_at_a_rational_point_is_found_and_solved_there():
    # Build pays -(exp(x) - exp(1/2))^2 * (1 + x): a double zero at 1/2 (a tie only there)
    found = thresholds(_one_choice(-(sympy.exp(x) - sympy.exp(R(1, 2)))**2 * (1 + x)), "x")
    assert len(found) == 1 and found[0].exact == R(1, 2)
    assert {eq.support for eq in found[0].at} == {(("Build",), ("Stay",)), (("Buy",), ("Stay",))}


def test_three_players_with_two_mixing_are_certified_and_agree_with_dense_solving():
    # two-hyperscalers with external sales as large as in-house volume (at the seed's values neither
    # sells outside): above ext_rivalry = 17/27 ByteDance and Alibaba can mix between Build and
    # BuildAndSell while Nvidia holds its margin; the ties of that support are rational, so no scan
    from chipgame.payoffs import load_scenario
    from chipgame.solvers import solve

    model = load_scenario("two-hyperscalers").model
    selling = {"ext_share_bytedance": 1, "ext_share_alibaba": 1}
    found = thresholds(model, "ext_rivalry", overrides=selling)
    assert [(t.exact, t.certified) for t in found] == [(R(9, 19), True), (R(17, 27), True)]
    low, high = (Fraction(v) for v in next(p.range for p in model.parameters if p.name == "ext_rivalry"))
    for k in range(41):
        value = low + (high - low) * k / 40
        structure = structure_of(solve(model.evaluate({**selling, "ext_rivalry": value})).equilibria)
        side = [t for t in found if t.value < value]
        if value in (Fraction(9, 19), Fraction(17, 27)):
            continue
        expected = side[-1].above if side else found[0].below
        assert structure == structure_of(expected), value


def _cyclic_pennies(stake: sympy.Expr) -> PayoffModel:
    """Three players: the first wins ``stake`` by matching the second, the second by matching the
    third, the third by mismatching the first; the only equilibrium has all three mixing."""
    payoffs = {}
    for a, b, c in itertools.product("HT", repeat=3):
        payoffs[(a, b, c)] = (stake if a == b else -stake, stake if b == c else -stake,
                              stake if c != a else -stake)
    return PayoffModel(("A", "B", "C"), (("H", "T"),) * 3, payoffs,
                       [Parameter("x", 1, range=(Fraction(1), Fraction(2)))])


def test_a_three_player_stretch_where_three_mix_is_scanned_or_left_as_one_region_not_certified(monkeypatch):
    from chipgame.sensitivity import threshold_search
    from chipgame.sensitivity.threshold_search import MIXED_NOT_SCANNED

    monkeypatch.setattr(threshold_search, "SCAN_POINTS", 101)  # each point is a three-player game solved exactly

    model = _cyclic_pennies(x)
    (region,) = thresholds(model, "x", scan_mixed=False)
    assert not region.certified and region.note == MIXED_NOT_SCANNED
    assert region.enclosure == (Fraction(1), Fraction(2)) and region.at is None
    (scanned,) = thresholds(model, "x")
    assert not scanned.certified and "scanned at" in scanned.note
