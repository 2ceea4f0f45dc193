"""The margin-as-decision variants of the seeds (issue #15, item 4): the limit margin, the
bargained margin and the margin against a belief, each checked independently of the search that
found it (the game solved exactly on both sides, the tie evaluated exactly at the value, a grid
of Nash products), and stated in the description and seeds/README.md."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import pytest
import sympy

from chipgame.payoffs import load_scenario
from chipgame.sensitivity.bargaining import nash_bargaining
from chipgame.sensitivity.bayesian import decision_against_belief
from chipgame.sensitivity.decisions import best_decision
from chipgame.solvers import solve

README = Path(__file__).resolve().parents[2] / "seeds" / "README.md"
NVIDIA, CAMBRICON = "bytedance-vs-nvidia-margin", "bytedance-vs-cambricon-margin"


def _bytedance(name: str, **values: object) -> set[str]:
    """What ByteDance plays in the game's equilibria at these values."""
    return {s for eq in solve(load_scenario(name).evaluate(values)).equilibria for s in eq.support[0]}


def _payoffs(name: str, **values: object) -> dict[str, tuple[F, ...]]:
    game = load_scenario(name).evaluate(values)
    return {label: game.payoff((k, 0)) for k, label in enumerate(game.strategies[0])}


def _rational(value: sympy.Expr) -> F:
    return F(int(value.p), int(value.q))


def test_nvidias_limit_margin_is_where_bytedance_is_indifferent():
    # the game solved exactly on either side, and Buy and Build tie exactly at the value
    limit = F(6533, 10583)
    assert _bytedance(NVIDIA, vendor_margin=limit - F(1, 10**9)) == {"Buy"}
    assert _bytedance(NVIDIA, vendor_margin=limit + F(1, 10**9)) == {"Build"}
    at = _payoffs(NVIDIA, vendor_margin=limit)
    assert at["Buy"][0] == at["Build"][0] > at["BuildAndSell"][0]
    decision = best_decision(load_scenario(NVIDIA).model, "vendor_margin", "Nvidia")
    assert [t.exact for t in decision.thresholds] == [sympy.Rational(6533, 10583)]


def test_nvidias_best_margin_is_the_top_of_its_range():
    # once ByteDance builds, Nvidia's profit rises with the margin on the volume it still buys
    scenario = load_scenario(NVIDIA)
    decision = best_decision(scenario.model, "vendor_margin", "Nvidia")
    assert (decision.best.value, decision.best.attained) == (sympy.Rational(4, 5), True)
    assert decision.best.response.support == (("Build",), ("HoldMargin",))
    assert _rational(decision.best.payoff) == _payoffs(NVIDIA, vendor_margin="0.8")["Build"][1]
    assert decision.against.payoff == decision.best.payoff  # one equilibrium at 80%: no tie to lose
    keeping = _payoffs(NVIDIA, vendor_margin=F(6533, 10583))["Buy"][1]
    assert keeping < _payoffs(NVIDIA, vendor_margin="0.7")["Build"][1] < decision.best.payoff


def test_the_bargained_margin_maximises_the_nash_product():
    scenario = load_scenario(NVIDIA)
    deal = nash_bargaining(scenario.model, scenario.bargaining)
    assert deal.value == sympy.Rational(55611, 81211)
    assert deal.disagreement_profile == ("Build", "HoldMargin")
    nvidia0, bytedance0 = _payoffs(NVIDIA)["Build"][1], _payoffs(NVIDIA)["Build"][0]

    def product(margin: F) -> F:
        bytedance, nvidia = _payoffs(NVIDIA, vendor_margin=margin)["Buy"]
        gains = (nvidia - nvidia0, bytedance - bytedance0)
        return gains[0] * gains[1] if min(gains) >= 0 else F(-1)

    best = product(_rational(deal.value))
    assert best > 0 and all(product(F(k, 1000)) <= best for k in range(300, 801))
    # above the limit margin: a binding commitment, since ByteDance free to choose would still build
    assert _bytedance(NVIDIA, vendor_margin=_rational(deal.value)) == {"Build"}


def test_nvidia_against_the_belief_over_the_asic_saving():
    # each type's limit margin is the limit margin of the game where that saving is known
    scenario = load_scenario(NVIDIA)
    against = decision_against_belief(scenario.model, scenario.types, "vendor_margin", "Nvidia")
    limits = [t.exact for t in against.thresholds]
    assert limits == [sympy.Rational(3653, 7703), sympy.Rational(6533, 10583), sympy.Rational(9413, 13463)]
    for saving, limit in zip(("0.7", "0.5", "0.3"), limits):  # a higher saving needs a deeper cut
        at = _payoffs(NVIDIA, vendor_margin=_rational(limit), asic_saving=saving)
        assert at["Buy"][0] == at["Build"][0]
    # the type-agent game's players: ByteDance's three types, then Nvidia
    assert (against.best.value, against.best.response.support[:3]) == (sympy.Rational(4, 5), (("Build",),) * 3)


@pytest.mark.filterwarnings("ignore::chipgame.errors.OutsideRangeWarning")  # a margin of 0, below the range
def test_cambricon_has_no_limit_margin():
    # ByteDance builds at every margin, even at cost: the thresholds are searched down to 0
    scenario = load_scenario(CAMBRICON)
    for margin in ("0", "0.2", "0.5", "0.7"):
        assert _bytedance(CAMBRICON, vendor_margin=margin) == {"Build"}
    at_cost = _payoffs(CAMBRICON, vendor_margin="0")
    assert at_cost["Build"][0] - at_cost["Buy"][0] == F(47, 640)  # -88.6765625 against -88.75
    assert best_decision(scenario.model, "vendor_margin", "Cambricon", low="0", high="0.7").thresholds == ()
    decision = best_decision(scenario.model, "vendor_margin", "Cambricon")
    assert (decision.best.value, _rational(decision.best.payoff)) == (sympy.Rational(7, 10), F(103, 80))
    assert nash_bargaining(scenario.model, scenario.bargaining).value is None


def test_cambricon_against_the_belief():
    scenario = load_scenario(CAMBRICON)
    against = decision_against_belief(scenario.model, scenario.types, "vendor_margin", "Cambricon")
    (limit,) = [t.exact for t in against.thresholds]
    assert limit == sympy.Rational(1033, 2033)
    at = _payoffs(CAMBRICON, vendor_margin=_rational(limit), asic_saving="0.3")
    assert at["Buy"][0] == at["Build"][0]
    assert against.best.value == sympy.Rational(7, 10)


@pytest.mark.parametrize(("name", "figures"), [
    (NVIDIA, ["6533/10583", "55611/81211", "80%", "61.7%", "69.9%", "47.4%", "1.71", "68.41", "binding"]),
    (CAMBRICON, ["no limit margin", "1033/2033", "70%", "-88.68", "1.56", "1.64"]),
])
def test_the_findings_are_stated(name, figures):
    description = " ".join(load_scenario(name).description.split())
    section = README.read_text(encoding="utf-8").split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
    for figure in figures:
        assert figure in description, figure
        assert figure in " ".join(section.split()) or figure == "no limit margin", figure
    assert "C7" in description and "C7" in section
