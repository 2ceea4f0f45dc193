"""What the solver says about the article's claims (C1-C7) in the shipped seeds, and seed hygiene.

Each finding test names the claim it checks. Where the model contradicts the article, the test
asserts what the model says (and the seed's description says so, with the numbers). Break-even
points are found by the sensitivity tools' exact thresholds, and for C1's break-even also by
bisection on exact values, solving the game on either side.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from fractions import Fraction as F
from pathlib import Path

import pytest
import sympy

from chipgame.payoffs import Scenario, load_scenario
from chipgame.seeds import seed_file, seed_names
from chipgame.sensitivity import monte_carlo, thresholds
from chipgame.sensitivity.marginal_value import marginal_values
from chipgame.solvers import Equilibrium, solve
from tests.conftest import assert_equilibrium

SEEDS = seed_names()
CLAIMS = {f"C{k}" for k in range(1, 8)}
FACT_OR_CLAIM = re.compile(r"(F([1-9]|1[0-7])|C[1-7])\Z")
README = Path(__file__).resolve().parents[2] / "seeds" / "README.md"
MONEY_UNITS = {"bn RMB per year", "bn RMB", "bn RMB per tape-out", "M RMB per person per year",
               "bn RMB lost per bn RMB of supply cut", "bn RMB per year per bn RMB of compute moved",
               "bn RMB of sales per bn RMB of in-house compute"}


def _equilibria(name: str, **overrides: object) -> tuple[Equilibrium, ...]:
    return solve(load_scenario(name).evaluate(overrides)).equilibria


def _played(name: str, player: int, **overrides: object) -> set[str]:
    """Every strategy ``player`` uses in some equilibrium."""
    return {label for eq in _equilibria(name, **overrides) for label in eq.support[player]}


def _payoff(name: str, profile: tuple[str, ...], player: int, **overrides: object) -> F:
    game = load_scenario(name).evaluate(overrides)
    return game.payoff(tuple(labels.index(s) for labels, s in zip(game.strategies, profile)))[player]


def _best_replies(name: str, hyperscaler: str, **overrides: object) -> tuple[str, ...]:
    """The vendor's best replies to a pure strategy of the (only) hyperscaler."""
    game = load_scenario(name).evaluate(overrides)
    row = game.strategies[0].index(hyperscaler)
    values = [game.payoff((row, column))[1] for column in range(game.shape[1])]
    return tuple(label for label, value in zip(game.strategies[1], values) if value == max(values))


def _bisect(predicate: Callable[[F], bool], low: object, high: object, steps: int = 30) -> tuple[F, F]:
    """An exact bracket [low, high] of the point where ``predicate`` changes, by bisection."""
    low, high = F(low), F(high)
    at_low = predicate(low)
    assert predicate(high) != at_low, "the predicate does not change in the interval"
    for _ in range(steps):
        middle = (low + high) / 2
        if predicate(middle) == at_low:
            low = middle
        else:
            high = middle
    return low, high


# ------------------------------------------------------------------ every seed

@pytest.mark.parametrize("name", SEEDS)
def test_every_seed_loads_solves_and_documents_its_parameters(name):
    scenario = load_scenario(name)
    assert scenario.claims and set(scenario.claims) <= CLAIMS, scenario.claims
    for claim in scenario.claims:
        assert claim in scenario.description, f"{name}'s description does not discuss {claim}"
    for p in scenario.parameters:
        assert p.unit and p.description and p.range is not None, p.name
        assert p.range[0] <= p.value <= p.range[1], f"{name}: {p.name} = {p.value} is outside {p.range}"
        # "F1, F2", "F12: what it says", "F9; assumption: why", or "assumption: why"
        head, assumed, reason = p.source.partition("assumption:")
        ids = [part.strip() for part in re.split("[,;]", head.partition(":")[0]) if part.strip()]
        assert ids or (assumed and reason.strip()), f"{name}: {p.name} has no source"
        for fact in ids:
            assert FACT_OR_CLAIM.match(fact), f"{name}: {p.name}: source {p.source!r} names {fact!r}"
        if "RMB" in p.unit:
            assert p.unit in MONEY_UNITS, f"{name}: {p.name} has the money unit {p.unit!r}"
    game = scenario.evaluate()
    assert game.is_exact
    solution = solve(game)
    assert solution.equilibria
    for eq in solution.equilibria:
        assert_equilibrium(game, eq.profile)


@pytest.mark.parametrize("name", [n for n in SEEDS if load_scenario(n).builtin_model])
def test_model_seeds_set_every_parameter_so_model_defaults_cannot_move_them(name):
    document = tomllib.loads(seed_file(name).read_text(encoding="utf-8"))
    scenario = load_scenario(name)
    assert set(document["parameters"]) == {p.name for p in scenario.parameters}
    assert all("value" in spec for spec in document["parameters"].values())


def test_units_are_the_same_for_the_same_parameter_in_every_model_seed():
    units: dict[str, set[str]] = {}
    for name in SEEDS:
        scenario = load_scenario(name)
        if scenario.builtin_model:
            for p in scenario.parameters:
                units.setdefault(p.name, set()).add(p.unit)
    assert {name: u for name, u in units.items() if len(u) > 1} == {}


def test_the_seed_listing_has_every_seed_the_issue_asks_for():
    assert set(SEEDS) >= {"bytedance-vs-nvidia", "bytedance-vs-cambricon", "alibaba-t-head", "google-tpu",
                          "export-ban", "annapurna", "two-hyperscalers", "commitment"}
    assert README.is_file()


# ------------------------------------------------------------------ base cases, pinned exactly

BASE_CASES = {
    "bytedance-vs-nvidia": ((("Build",), ("HoldMargin",)), (F(-463569, 5120), F(230011, 5120))),
    "bytedance-vs-cambricon": ((("Build",), ("HoldMargin",)), (F(-57353, 640), F(3, 80))),
    "export-ban": ((("Build",), ("HoldMargin",)), (F(-138171, 1280), F(14573, 2560))),
    "alibaba-t-head": ((("Build",), ("HoldMargin",)), (F(-67137, 2000), F(1803383, 40000))),
    "google-tpu": ((("BuildAndSell",), ("HoldMargin",)), (F(-338279, 2250), F(42507, 100))),
    "two-hyperscalers": ((("Build",), ("Build",), ("HoldMargin",)),
                         (F(-463569, 5120), F(-67137, 2000), F(26373503, 640000))),
    "annapurna": ((("Build",), ("SeekAcquisition",)), (F(-5279, 1600), F(39, 25))),
    "commitment": ((("Build",), ("HoldMargin",)), (F(-2999, 640), F(39, 1600))),
}


@pytest.mark.parametrize("name", BASE_CASES)
def test_every_seeds_base_case_is_one_exact_equilibrium(name):
    assert [(eq.support, eq.payoffs) for eq in _equilibria(name)] == [BASE_CASES[name]]


def _threshold_values(name: str, parameter: str, low: object = None, high: object = None,
                      **overrides: object) -> list[sympy.Expr]:
    """The exact thresholds of ``parameter`` in [low, high] (its range by default), the others at base."""
    found = thresholds(load_scenario(name).model, parameter, low, high, overrides=overrides or None)
    return [t.exact for t in found]


# ------------------------------------------------------------------ C1, C3, C4, C7: ByteDance and Nvidia

@pytest.mark.parametrize("margin", ["0.7", "0.75", "0.8"])
def test_c1_at_nvidias_margin_and_bytedances_spend_every_equilibrium_has_bytedance_building(margin):
    """C1 (F2, F3): at a 70%+ margin and about 80 bn RMB a year, ByteDance builds in every equilibrium."""
    equilibria = _equilibria("bytedance-vs-nvidia", vendor_margin=margin, chip_spend=80)
    assert equilibria
    for eq in equilibria:
        assert set(eq.support[0]) <= {"Build", "BuildAndSell"}


def test_c1_below_a_break_even_chip_spend_buy_wins():
    """C1: a break-even chip spend, found by solving on either side; Buy wins below it."""
    def buys(spend: F) -> bool:
        return _played("bytedance-vs-nvidia", 0, chip_spend=spend) == {"Buy"}

    low, high = _bisect(buys, 1, 80)
    assert F(1365, 100) < low < high < F(1366, 100)  # about 13.65 bn RMB a year, a sixth of ByteDance's 80
    assert buys(low) and not buys(high)
    assert _played("bytedance-vs-nvidia", 0, chip_spend=high) <= {"Build", "BuildAndSell"}
    # The exact break-even, from the model's payoffs (the cap does not bind there: 7/10 of the spend
    # is below 15), lies in the bracket; there the game is degenerate and both Buy and Build are
    # equilibria (the tie the exact solver keeps).
    scenario = load_scenario("bytedance-vs-nvidia")
    spend = sympy.Symbol("chip_spend", real=True)
    values = {sympy.Symbol(k, real=True): sympy.Rational(v.numerator, v.denominator)
              for k, v in scenario.model.base_values().items() if k != "chip_spend"}
    buy = scenario.model.payoffs[("Buy", "HoldMargin")][0].xreplace(values)
    build = scenario.model.payoffs[("Build", "HoldMargin")][0].xreplace(values).replace(
        sympy.Min, lambda *terms: next(t for t in terms if t.has(spend)))
    (root,) = sympy.solve(sympy.Eq(buy, build), spend)
    assert root == sympy.Rational(256000, 18753) and low <= F(256000, 18753) <= high
    at_root = solve(scenario.evaluate({"chip_spend": F(256000, 18753)}))
    assert at_root.degenerate
    assert {eq.support for eq in at_root.equilibria if eq.is_pure} == {(("Buy",), ("HoldMargin",)),
                                                                        (("Build",), ("HoldMargin",))}
    assert _threshold_values("bytedance-vs-nvidia", "chip_spend") == [sympy.Rational(256000, 18753)]


def test_c1_under_the_cost_reading_of_f7_the_break_even_falls():
    """F7 read against Nvidia's cost instead of the GPU price: asic_saving = 1 - 0.5 * 0.3 = 0.85."""
    assert _played("bytedance-vs-nvidia", 0, asic_saving="0.85") == {"Build"}
    assert _threshold_values("bytedance-vs-nvidia", "chip_spend", asic_saving="0.85") == [
        sympy.Rational(256000, 30513)]                                  # about 8.39 bn RMB a year


def test_c7_essentially_the_builders_saving_is_most_of_the_vendors_margin():
    """C7 (F3, F17), "essentially": with in-house compute at Nvidia's own cost (a saving equal to
    its margin) and nothing else different, building saves exactly Nvidia's margin on the compute
    moved, less team and tape-outs: 8.4375 * 0.7 - 3. At F7's 50% of the GPU price each unit moved
    saves 5/7 of the margin, more than its excess over Cambricon's 50% (F17); the saving at base
    is 1.71 bn RMB a year, and under the cost reading (0.85) it exceeds the margin."""
    plain = {"asic_saving": "0.7", "p_cut": 0, "second_source_share": 0, "switching_cost": 0}
    saving = (_payoff("bytedance-vs-nvidia", ("Build", "HoldMargin"), 0, **plain)
              - _payoff("bytedance-vs-nvidia", ("Buy", "HoldMargin"), 0, **plain))
    moved = F(9, 10) * (1 - F(18, 48)) * 15                                     # the cap binds
    assert moved == F(135, 16) and saving == moved * F(7, 10) - 3
    assert F(1, 2) / F(7, 10) == F(5, 7) and F(1, 2) > F(7, 10) - F(1, 2)
    base = (_payoff("bytedance-vs-nvidia", ("Build", "HoldMargin"), 0)
            - _payoff("bytedance-vs-nvidia", ("Buy", "HoldMargin"), 0))
    assert base == F(8751, 5120)
    # the parts: 4.22 specialisation, 0.81 supply risk, 0.11 second-source premium, -3 fixed, -0.42 switching
    assert base == moved * (F(1, 2) + F(3, 20) * (F(15, 16) - F(3, 10)) + F(1, 16) * F(1, 5) - F(1, 20)) - 3


def test_c7_nvidia_could_price_building_away_but_holding_pays_more():
    """With F7 read against the price, a cut to Nvidia's 50% floor makes ByteDance buy; it is still
    strictly dominated for Nvidia."""
    game = load_scenario("bytedance-vs-nvidia").evaluate()
    for row in range(3):
        assert game.payoff((row, 0))[1] > game.payoff((row, 1))[1]
    assert _payoff("bytedance-vs-nvidia", ("Buy", "CutPrice"), 0) > _payoff("bytedance-vs-nvidia",
                                                                             ("Build", "CutPrice"), 0)


def test_capacity_binds_and_one_more_unit_of_allocation_has_an_exact_value():
    """The allocation cap binds for ByteDance and Alibaba (not for Google, nor for the slices
    replaced in annapurna and commitment): the exact derivative of the equilibrium payoffs."""
    def margins(name: str) -> list[tuple[F, ...]]:
        model = load_scenario(name).model
        return [tuple(v.exact for v in found.values) for found in marginal_values(model, "inhouse_cap")]

    assert margins("bytedance-vs-nvidia") == [(F(8037, 25600), F(-1323, 5120))]
    assert margins("export-ban") == [(F(2583, 6400), F(-189, 2560))]
    assert margins("alibaba-t-head") == [(F(7923, 20000), F(-136857, 400000))]
    assert margins("bytedance-vs-cambricon") == [(F(1089, 3200), F(0))]
    for name in ("google-tpu", "annapurna", "commitment"):
        assert margins(name) == [(F(0), F(0))]
    # ... and it is the slope of ByteDance's payoff, by finite difference on exact values
    step = F(1, 1000)
    slope = (_payoff("bytedance-vs-nvidia", ("Build", "HoldMargin"), 0, inhouse_cap=15 + step)
             - _payoff("bytedance-vs-nvidia", ("Build", "HoldMargin"), 0)) / step
    assert slope == F(8037, 25600)
    assert _threshold_values("bytedance-vs-nvidia", "inhouse_cap") == [sympy.Rational(25600, 2679),
                                                                       sympy.Rational(500, 9)]


def test_c3_time_to_market_nearly_decides():
    """C3 (F10, F11): building pays only with a lead time below about 28.9 months, five beyond
    F10's 24; from 24 months nothing is left to sell outside, so BuildAndSell ties Build."""
    assert _played("bytedance-vs-nvidia", 0, build_lead_months=24) == {"Build", "BuildAndSell"}
    assert _threshold_values("bytedance-vs-nvidia", "build_lead_months", 0, 48) == [
        24, sympy.Rational(77392, 2679)]
    assert _played("bytedance-vs-nvidia", 0, build_lead_months=29) == {"Buy"}
    assert (_payoff("bytedance-vs-nvidia", ("Build", "HoldMargin"), 0, build_lead_months=19)
            < _payoff("bytedance-vs-nvidia", ("Build", "HoldMargin"), 0, build_lead_months=18))


def test_c4_supply_risk_lowers_the_break_even_of_building():
    assert _threshold_values("bytedance-vs-nvidia", "chip_spend", p_cut=0) == [sympy.Rational(12800, 777)]
    assert sympy.Rational(256000, 18753) < sympy.Rational(12800, 777)          # 13.65 < 16.47


# ------------------------------------------------------------------ C4: the export ban

def _second_source_value(name: str) -> F:
    """ByteDance's equilibrium payoff with its 1/16 second source, less without one."""
    (with_it,) = _equilibria(name)
    (without,) = _equilibria(name, second_source_share=0)
    return with_it.payoffs[0] - without.payoffs[0]


def test_c4_export_ban_raises_the_value_of_a_second_source():
    """C4 (F15, F16): a likely cut makes the domestic second source pay; at base risk it costs."""
    assert _second_source_value("bytedance-vs-nvidia") == F(-229, 1024)
    assert _second_source_value("export-ban") == F(229, 256)
    # The hedge pays exactly when p_cut * shortfall_cost exceeds the second source's 20% premium.
    for p_cut, sign in (("0.39", -1), ("0.4", 0), ("0.41", 1)):
        buy_with = _payoff("export-ban", ("Buy", "HoldMargin"), 0, p_cut=p_cut)
        buy_without = _payoff("export-ban", ("Buy", "HoldMargin"), 0, p_cut=p_cut, second_source_share=0)
        assert (buy_with > buy_without) - (buy_with < buy_without) == sign


def test_c4_export_ban_raises_the_value_of_building_and_keeps_the_equilibrium():
    def build_over_buy(name: str) -> F:
        return (_payoff(name, ("Build", "HoldMargin"), 0) - _payoff(name, ("Buy", "HoldMargin"), 0))

    assert build_over_buy("bytedance-vs-nvidia") == F(8751, 5120)
    assert build_over_buy("export-ban") == F(3909, 1280)
    assert _threshold_values("export-ban", "chip_spend") == [sympy.Rational(64000, 6027)]


# ------------------------------------------------------------------ C5: selling outside

def test_c5_google_sells_its_proven_chip_outside_and_the_vendor_loses_sales():
    assert BASE_CASES["google-tpu"][0] == (("BuildAndSell",), ("HoldMargin",))
    assert _payoff("google-tpu", ("BuildAndSell", "HoldMargin"), 1) < _payoff("google-tpu", ("Build", "HoldMargin"), 1)
    assert _threshold_values("google-tpu", "chip_spend", 1, 600) == [sympy.Rational(462500, 27783),
                                                                     sympy.Rational(5000, 49)]


@pytest.mark.parametrize(("name", "share", "needed"), [
    ("bytedance-vs-nvidia", "ext_share", sympy.Rational(10, 27)),
    ("alibaba-t-head", "ext_share", sympy.Rational(10, 19)),
    ("bytedance-vs-cambricon", "ext_ratio", sympy.Rational(10, 27)),
])
def test_c5_is_not_reached_within_the_horizon_at_a_capped_volume(name, share, needed):
    """C5 as the article words it: sold outside once proven at "millions of cards". With the
    allocation cap and external sales a year or two away, selling loses; it pays only with
    external sales above ``needed`` of in-house volume."""
    assert _played(name, 0) == {"Build"}
    assert _threshold_values(name, share, 0, 1) == [needed]


def test_two_hyperscalers_neither_sells_so_their_rivalry_does_not_arise():
    solution = solve(load_scenario("two-hyperscalers").evaluate())
    assert solution.game.n_players == 3
    assert [eq.support for eq in solution.equilibria] == [(("Build",), ("Build",), ("HoldMargin",))]
    assert _threshold_values("two-hyperscalers", "ext_rivalry") == []


# ------------------------------------------------------------------ C6: the vendor's exits

LISTED_VALUE = 500  # F6: Cambricon's market value at its 2025 peak, bn RMB


def test_c6_annapurna_the_start_up_sells_itself_to_a_builder():
    (eq,) = _equilibria("annapurna")
    assert eq.support == (("Build",), ("SeekAcquisition",)) and eq.payoffs == (F(-5279, 1600), F(156, 100))
    # Staying a middleman loses: against a builder, holding pays about 0.76, the acquisition 1.56.
    assert _payoff("annapurna", ("Build", "HoldMargin"), 1) == F(121, 160)


def test_c6_annapurna_the_ecosystem_pays_only_against_a_buyer():
    """Against a buying ByteDance the vendor's best reply turns from BuildEcosystem to HoldMargin at
    an ecosystem cost of 0.95 * 0.5 * 1 * 3 * 0.5 = 0.7125 bn RMB a year; against a builder the
    acquisition beats an ecosystem at every cost in the range, even a free one."""
    assert _best_replies("annapurna", "Buy", ecosystem_cost="0.7") == ("BuildEcosystem",)
    assert _best_replies("annapurna", "Buy", ecosystem_cost="0.7125") == ("HoldMargin", "BuildEcosystem")
    assert _best_replies("annapurna", "Buy", ecosystem_cost="0.75") == ("HoldMargin",)
    scenario = load_scenario("annapurna")
    cost = next(p for p in scenario.parameters if p.name == "ecosystem_cost")
    for value in (cost.range[0], cost.value, cost.range[1]):
        assert _best_replies("annapurna", "Build", ecosystem_cost=value) == ("SeekAcquisition",)


def test_c6_headline_the_acquisition_windows_lie_far_below_a_listed_vendors_value():
    """C6's acquisition exit: a vendor seeks (and gets) a deal only while valued inside a window
    whose top is a few percent of F6's 500 bn RMB; every listed Chinese AI-chip vendor is valued
    far above it, so for them the Annapurna route is closed."""
    assert _threshold_values("annapurna", "standalone_value", F(1, 2), 500) == [
        sympy.Rational(3025, 416), sympy.Rational(695, 32)]                     # 7.27 to 21.7
    assert _threshold_values("commitment", "standalone_value", F(1, 2), 600) == [
        sympy.Rational(13171, 832)]                                            # below 15.8
    assert _played("commitment", 1, standalone_value="15") == {"SeekAcquisition"}
    assert _threshold_values("bytedance-vs-cambricon", "standalone_value", 1, 600) == [
        sympy.Rational(17265, 3328)]                                           # below 5.19
    for top in (sympy.Rational(695, 32), sympy.Rational(13171, 832), sympy.Rational(17265, 3328)):
        assert top < LISTED_VALUE / 20
    for name in ("annapurna", "commitment", "bytedance-vs-cambricon"):
        assert "SeekAcquisition" not in _played(name, 1, standalone_value=LISTED_VALUE)


def test_c6_commitment_cambricon_stays_the_middleman_against_a_committed_builder():
    """The model contradicts C6 at Cambricon's F4-F6 values: holding is its best answer."""
    scenario = load_scenario("commitment")
    assert scenario.order == ("ByteDance", "Cambricon")
    assert _best_replies("commitment", "Buy") == _best_replies("commitment", "Build") == ("HoldMargin",)
    assert _payoff("commitment", ("Build", "SeekAcquisition"), 1) < _payoff("commitment", ("Build", "HoldMargin"), 1)
    # An ecosystem would be the best answer only below about 0.04 bn RMB a year (F14: 3.5).
    assert _threshold_values("commitment", "ecosystem_cost", 0, F(7, 2)) == [sympy.Rational(81, 2000)]


def test_commitment_the_subgame_perfect_plan_matches_the_simultaneous_equilibrium():
    sequential = pytest.importorskip("chipgame.solvers.sequential")
    scenario = load_scenario("commitment")
    game = scenario.evaluate()
    (spe,) = sequential.subgame_perfect_equilibria(game, scenario.order)
    assert spe.path == ("Build", "HoldMargin") and spe.profile == ("Build", "HoldMargin")
    assert dict(spe.plan["Cambricon"]) == {"Buy": "HoldMargin", "Build": "HoldMargin"}
    (nash,) = solve(game).equilibria
    assert nash.payoffs == spe.payoffs == BASE_CASES["commitment"][1]


def test_bytedance_vs_cambricon_under_the_declared_uncertainty():
    """seeds/README.md: in 10,000 draws (seed 0) of the seven uncertain parameters, (Build,
    HoldMargin) in 78% of draws, tied with BuildAndSell in 10%, Buy in 12%; Cambricon loses money
    in about 16% of them."""
    result = monte_carlo(load_scenario("bytedance-vs-cambricon").model, 10_000, 0)
    assert sorted(result.draws) == sorted(["chip_spend", "p_cut", "asic_saving", "cost_per_head",
                                           "first_pass_success", "build_lead_months", "vendor_margin"])
    shares = {label: round(p, 2) for label, p in result.regime_probabilities.items()}
    assert shares == {"ByteDance: Build | Cambricon: HoldMargin": 0.78,
                      "ByteDance: Buy | Cambricon: HoldMargin": 0.12,
                      "ByteDance: Build | Cambricon: HoldMargin ; ByteDance: BuildAndSell | Cambricon: HoldMargin": 0.1}
    losses = sum(float(result.equilibria_at(k)[0].payoffs[1]) < 0 for k in range(10_000)) / 10_000
    assert 0.15 < losses < 0.17


def test_google_tpu_c7_saving_is_essentially_the_margin():
    """No lead time and no supply risk: 235.2 bn RMB moved at 0.65 of the GPU price, less team,
    tape-outs and switching; 0.65 is 13/14 of Nvidia's 0.7 margin."""
    saving = (_payoff("google-tpu", ("Build", "HoldMargin"), 0) - _payoff("google-tpu", ("Buy", "HoldMargin"), 0))
    moved = F(98, 100) * 240
    assert saving == moved * F(65, 100) - 6 - F(20, 9) - moved * F(2, 100)
    assert F(65, 100) / F(7, 10) == F(13, 14)


# ------------------------------------------------------------------ the README cannot rot

def format_number(value: F) -> str:
    """A parameter value as the README shows it: a decimal when it has one, else p/q."""
    value = F(value)
    if value.denominator == 1:
        return str(value.numerator)
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        return f"{float(value):.10f}".rstrip("0").rstrip(".")
    return f"{value.numerator}/{value.denominator}"


def parameter_table(scenario: Scenario) -> str:
    """The Markdown table of a seed's parameters: name, value, range, unit, source."""
    lines = ["| name | value | range | unit | source |", "|------|------:|-------|------|--------|"]
    for p in scenario.parameters:
        low, high = p.range if p.range is not None else ("", "")
        lines.append(f"| `{p.name}` | {format_number(p.value)} | {format_number(low)} – {format_number(high)} "
                     f"| {p.unit} | {p.source.replace('|', '/')} |")
    return "\n".join(lines)


def base_case(name: str) -> str:
    """The README's line on the base case: every equilibrium, with payoffs to three decimals."""
    scenario = load_scenario(name)
    parts = []
    for eq in solve(scenario.evaluate()).equilibria:
        if eq.is_pure:
            profile = ", ".join(s[0] for s in eq.support)
        else:
            profile = "; ".join(" + ".join(f"{p} {label}" for label, p in zip(labels, mix) if p)
                                for labels, mix in zip(scenario.model.strategies, eq.profile))
        payoffs = ", ".join(f"{float(v):.3f}" for v in eq.payoffs)
        parts.append(f"({profile}) with payoffs ({payoffs})")
    return f"**Base case** (`chipgame solve {name}`): " + "; ".join(parts) + "."


def _readme_sections() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    pieces = re.split(r"^## (\S+)\n", text, flags=re.MULTILINE)
    return dict(zip(pieces[1::2], pieces[2::2]))


def test_the_readme_has_one_section_per_seed():
    assert sorted(_readme_sections()) == sorted(SEEDS)


@pytest.mark.parametrize("name", SEEDS)
def test_the_readme_tables_match_the_seed_files(name):
    section = _readme_sections()[name]
    assert parameter_table(load_scenario(name)) in section, f"regenerate the table of {name} in seeds/README.md"
    assert base_case(name) in section, f"update the base case of {name} in seeds/README.md"
    scenario = load_scenario(name)
    assert ", ".join(scenario.claims) in section
    if scenario.order is not None:
        sequential = pytest.importorskip("chipgame.solvers.sequential")
        for spe in sequential.subgame_perfect_equilibria(scenario.evaluate(), scenario.order):
            assert f"path ({', '.join(spe.path)})" in section
