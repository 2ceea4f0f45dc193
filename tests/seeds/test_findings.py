"""What the solver says about the article's claims (C1-C7) in the shipped seeds, and seed hygiene.

Each finding test names the claim it checks. Where the model contradicts the article, the test
asserts what the model says (and the seed's description says so, with the numbers). Break-even
points are found by bisection on exact values, solving the game on either side; the sensitivity
tools will replace this once they exist.
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
from chipgame.sensitivity import monte_carlo
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
    assert F(63, 10) < low < high < F(631, 100)  # about 6.30 bn RMB a year, a thirteenth of ByteDance's 80
    assert buys(low) and not buys(high)
    assert _played("bytedance-vs-nvidia", 0, chip_spend=high) <= {"Build", "BuildAndSell"}
    # The exact break-even, from the model's payoffs, lies in the bracket; there the game is
    # degenerate and both Buy and Build are equilibria (the tie the exact solver keeps).
    scenario = load_scenario("bytedance-vs-nvidia")
    spend = sympy.Symbol("chip_spend", real=True)
    values = {sympy.Symbol(k, real=True): sympy.Rational(v.numerator, v.denominator)
              for k, v in scenario.model.base_values().items() if k != "chip_spend"}
    buy = scenario.model.payoffs[("Buy", "HoldMargin")][0].xreplace(values)
    build = scenario.model.payoffs[("Build", "HoldMargin")][0].xreplace(values)
    (root,) = sympy.solve(sympy.Eq(buy, build), spend)
    assert root == sympy.Rational(40000, 6349) and low <= F(40000, 6349) <= high
    at_root = solve(scenario.evaluate({"chip_spend": F(40000, 6349)}))
    assert at_root.degenerate
    assert {eq.support for eq in at_root.equilibria if eq.is_pure} == {(("Buy",), ("HoldMargin",)),
                                                                        (("Build",), ("HoldMargin",))}


def test_c1_holds_when_f7_is_read_against_the_list_price():
    """F7's 50% cut read against Nvidia's price, not its cost: asic_saving = 1 - 0.5 / 0.3 = -2/3."""
    assert _played("bytedance-vs-nvidia", 0, asic_saving="-2/3") == {"BuildAndSell"}
    low, _ = _bisect(lambda s: _played("bytedance-vs-nvidia", 0, chip_spend=s, asic_saving="-2/3") == {"Buy"},
                     1, 80, steps=20)
    assert F(102, 10) < low < F(104, 10)


def test_c7_the_vendors_margin_is_the_builders_saving():
    """C7 (F3, F17): with no specialisation gain, supply risk, second source or switching cost, the
    saving from building is exactly Nvidia's margin on the compute moved in-house, less the team
    and tape-outs: 80 * 0.525 * 0.7 - 3 = 26.4 bn RMB a year. At base values the saving is larger."""
    plain = {"asic_saving": 0, "p_cut": 0, "second_source_share": 0, "switching_cost": 0}
    saving = (_payoff("bytedance-vs-nvidia", ("Build", "HoldMargin"), 0, **plain)
              - _payoff("bytedance-vs-nvidia", ("Buy", "HoldMargin"), 0, **plain))
    assert saving == 80 * F(525, 1000) * F(7, 10) - 3 == F(132, 5)
    base = (_payoff("bytedance-vs-nvidia", ("Build", "HoldMargin"), 0)
            - _payoff("bytedance-vs-nvidia", ("Buy", "HoldMargin"), 0))
    assert base == F(35094, 1000)


def test_c7_nvidia_cannot_price_building_away():
    """Cutting to the 50% floor is strictly dominated for Nvidia, and ByteDance builds against it."""
    game = load_scenario("bytedance-vs-nvidia").evaluate()
    for row in range(3):
        assert game.payoff((row, 0))[1] > game.payoff((row, 1))[1]
    assert _payoff("bytedance-vs-nvidia", ("Build", "CutPrice"), 0) > _payoff("bytedance-vs-nvidia",
                                                                               ("Buy", "CutPrice"), 0)


def test_c3_time_to_market_costs_but_does_not_decide_at_bytedances_scale():
    """C3 (F10, F11): building still pays with a lead time far beyond a vendor's 18-24 months."""
    assert _played("bytedance-vs-nvidia", 0, build_lead_months=24) == {"BuildAndSell"}
    low, high = _bisect(lambda m: _played("bytedance-vs-nvidia", 0, build_lead_months=m) == {"Buy"}, 24, 48)
    assert 45 < low < high < F(452, 10)
    # The lead time is a real cost: every month of it lowers ByteDance's payoff from building.
    assert (_payoff("bytedance-vs-nvidia", ("Build", "HoldMargin"), 0, build_lead_months=13)
            < _payoff("bytedance-vs-nvidia", ("Build", "HoldMargin"), 0, build_lead_months=12))


def test_c4_supply_risk_lowers_the_break_even_of_building():
    def buys(spend: F, **extra: object) -> bool:
        return _played("bytedance-vs-nvidia", 0, chip_spend=spend, **extra) == {"Buy"}

    with_risk, _ = _bisect(buys, 1, 80, steps=20)
    without_risk, _ = _bisect(lambda s: buys(s, p_cut=0), 1, 80, steps=20)
    assert with_risk < F(631, 100) < F(707, 100) < without_risk < F(708, 100)


# ------------------------------------------------------------------ C4: the export ban

def _second_source_value(name: str) -> F:
    """ByteDance's equilibrium payoff with its 4% second source, less without one."""
    (with_it,) = _equilibria(name)
    (without,) = _equilibria(name, second_source_share=0)
    return with_it.payoffs[0] - without.payoffs[0]


def test_c4_export_ban_raises_the_value_of_a_second_source():
    """C4 (F15, F16): a likely cut makes the domestic second source pay; at base risk it costs."""
    assert _second_source_value("bytedance-vs-nvidia") == F(-76, 1000)
    assert _second_source_value("export-ban") == F(304, 1000)
    # The hedge pays exactly when p_cut * shortfall_cost exceeds the second source's 20% premium.
    for p_cut, sign in (("0.39", -1), ("0.4", 0), ("0.41", 1)):
        buy_with = _payoff("export-ban", ("Buy", "HoldMargin"), 0, p_cut=p_cut)
        buy_without = _payoff("export-ban", ("Buy", "HoldMargin"), 0, p_cut=p_cut, second_source_share=0)
        assert (buy_with > buy_without) - (buy_with < buy_without) == sign


def test_c4_export_ban_raises_the_value_of_building_and_keeps_the_equilibrium():
    def build_over_buy(name: str) -> F:
        return (_payoff(name, ("Build", "HoldMargin"), 0) - _payoff(name, ("Buy", "HoldMargin"), 0))

    assert build_over_buy("bytedance-vs-nvidia") == F(35094, 1000)
    assert build_over_buy("export-ban") == F(42024, 1000)
    assert [eq.support for eq in _equilibria("export-ban")] == [(("BuildAndSell",), ("HoldMargin",))]


# ------------------------------------------------------------------ C5: selling outside

@pytest.mark.parametrize("name", ["alibaba-t-head", "google-tpu"])
def test_c5_a_chip_proven_at_scale_is_sold_outside_and_the_vendor_loses_sales(name):
    (eq,) = _equilibria(name)
    assert eq.support == (("BuildAndSell",), ("HoldMargin",))
    assert _payoff(name, ("BuildAndSell", "HoldMargin"), 1) < _payoff(name, ("Build", "HoldMargin"), 1)


def test_c5_selling_outside_needs_scale():
    """Selling pays above about 29.8 bn RMB of Alibaba's chip spend; below it Alibaba only builds."""
    low, high = _bisect(lambda s: _played("alibaba-t-head", 0, chip_spend=s) == {"BuildAndSell"}, 10, 60)
    assert F(297, 10) < low < high < F(299, 10)
    assert _played("alibaba-t-head", 0, chip_spend=20) == {"Build"}


def test_two_hyperscalers_solve_and_compete_for_the_outside_market():
    """Three players, pure and mixed equilibria."""
    solution = solve(load_scenario("two-hyperscalers").evaluate())
    assert solution.game.n_players == 3
    assert [eq.support for eq in solution.equilibria] == [(("BuildAndSell",), ("BuildAndSell",), ("HoldMargin",))]
    # Rivalry for outside buyers: above about 0.504 only ByteDance sells; above about 0.554 either
    # sells alone (two equilibria).
    assert [eq.support[:2] for eq in _equilibria("two-hyperscalers", ext_rivalry="0.52")] == [
        (("BuildAndSell",), ("Build",))]
    contested = _equilibria("two-hyperscalers", ext_rivalry="0.6")
    assert {eq.support[:2] for eq in contested if eq.is_pure} == {
        (("BuildAndSell",), ("Build",)), (("Build",), ("BuildAndSell",))}
    # ... and a third, mixed equilibrium in which each hyperscaler sells with some probability
    (mixed,) = [eq for eq in contested if not eq.is_pure]
    assert mixed.support[:2] == (("Build", "BuildAndSell"), ("Build", "BuildAndSell"))
    assert mixed.profile[:2] == ((F(0), F(121, 756), F(635, 756)), (F(0), F(13, 168), F(155, 168)))
    assert "121/756" in load_scenario("two-hyperscalers").description


# ------------------------------------------------------------------ C6: the vendor's exits

def test_c6_annapurna_the_start_up_sells_itself_to_a_builder():
    assert [eq.support for eq in _equilibria("annapurna")] == [(("Build",), ("SeekAcquisition",))]
    (eq,) = _equilibria("annapurna")
    assert eq.payoffs == (F(-2555, 1000), F(156, 100))
    # Staying a middleman loses: against a builder, holding pays 0.40, the acquisition 1.56.
    assert _payoff("annapurna", ("Build", "HoldMargin"), 1) == F(4, 10)


def test_c6_annapurna_the_best_exit_depends_on_the_ecosystem_cost_only_against_a_buyer():
    """Against a buying ByteDance the vendor's best reply turns from BuildEcosystem to HoldMargin at
    an ecosystem cost of 0.95 * 0.5 * 1 * 3 * 0.5 = 0.7125 bn RMB a year; against a builder the
    acquisition beats an ecosystem at every cost in the range, even a free one, so in equilibrium
    the exit does not depend on the ecosystem cost."""
    assert _best_replies("annapurna", "Buy", ecosystem_cost="0.7") == ("BuildEcosystem",)
    assert _best_replies("annapurna", "Buy", ecosystem_cost="0.7125") == ("HoldMargin", "BuildEcosystem")
    assert _best_replies("annapurna", "Buy", ecosystem_cost="0.75") == ("HoldMargin",)
    low, high = _bisect(lambda k: _best_replies("annapurna", "Buy", ecosystem_cost=k) == ("BuildEcosystem",),
                        0, 15)
    assert low < F(57, 80) <= high
    scenario = load_scenario("annapurna")
    cost = next(p for p in scenario.parameters if p.name == "ecosystem_cost")
    for value in (cost.range[0], cost.value, cost.range[1]):
        assert _best_replies("annapurna", "Build", ecosystem_cost=value) == ("SeekAcquisition",)
        assert [eq.support for eq in _equilibria("annapurna", ecosystem_cost=value)] == [
            (("Build",), ("SeekAcquisition",))]
    # What it would take: a mature ecosystem raising other sales by about 303%.
    low, high = _bisect(lambda g: _best_replies("annapurna", "Build", ecosystem_revenue_gain=g)
                        == ("BuildEcosystem",), 0, 10, steps=20)
    assert F(303, 100) < low < high < F(304, 100)


def test_c6_annapurna_the_acquisition_closes_only_at_a_small_valuation():
    def seeks(value: F) -> bool:
        return _played("annapurna", 1, standalone_value=value) == {"SeekAcquisition"}

    upper, _ = _bisect(seeks, 15, 500, steps=25)
    assert F(182, 10) < upper < F(184, 10)
    lower, _ = _bisect(seeks, F(1, 2), 15, steps=25)
    assert F(38, 10) < lower < F(39, 10)
    assert _played("annapurna", 1, standalone_value=500) == {"HoldMargin"}  # Cambricon's F6 value


def test_c6_commitment_cambricon_stays_the_middleman_against_a_committed_builder():
    """The model contradicts C6 at Cambricon's F4-F6 values: holding is its best answer."""
    scenario = load_scenario("commitment")
    assert scenario.order == ("ByteDance", "Cambricon")
    assert [eq.support for eq in _equilibria("commitment")] == [(("Build",), ("HoldMargin",))]
    assert _best_replies("commitment", "Buy") == _best_replies("commitment", "Build") == ("HoldMargin",)
    # The acquisition at F6's 500 bn RMB: ByteDance refuses, so seeking only loses sales.
    assert _payoff("commitment", ("Build", "SeekAcquisition"), 1) < _payoff("commitment", ("Build", "HoldMargin"), 1)
    # An ecosystem would be the best answer only below about 0.10 bn RMB a year (F14: 3.5).
    low, high = _bisect(lambda k: _best_replies("commitment", "Build", ecosystem_cost=k) == ("BuildEcosystem",),
                        0, F(7, 2))
    assert F(1, 10) < low < high < F(102, 1000)


def test_commitment_the_subgame_perfect_plan_matches_the_simultaneous_equilibrium():
    sequential = pytest.importorskip("chipgame.solvers.sequential")
    scenario = load_scenario("commitment")
    game = scenario.evaluate()
    (spe,) = sequential.subgame_perfect_equilibria(game, scenario.order)
    assert spe.path == ("Build", "HoldMargin") and spe.profile == ("Build", "HoldMargin")
    assert dict(spe.plan["Cambricon"]) == {"Buy": "HoldMargin", "Build": "HoldMargin"}
    (nash,) = solve(game).equilibria
    assert nash.payoffs == spe.payoffs == (F(-2396, 1000), F(21, 100))


def test_bytedance_vs_cambricon_the_equilibrium_holds_across_the_declared_uncertainty():
    """seeds/README.md: in 10,000 draws (seed 0) of the six uncertain parameters, (BuildAndSell,
    HoldMargin) in every draw; Cambricon loses money in about 16% of them."""
    result = monte_carlo(load_scenario("bytedance-vs-cambricon").model, 10_000, 0)
    assert sorted(result.draws) == sorted(["p_cut", "asic_saving", "cost_per_head", "first_pass_success",
                                           "build_lead_months", "vendor_margin"])
    assert dict(result.regime_probabilities) == {"ByteDance: BuildAndSell | Cambricon: HoldMargin": 1.0}
    bytedance, cambricon = result.payoff_quantiles["ByteDance"], result.payoff_quantiles["Cambricon"]
    assert round(bytedance[0], 1) == -82.0 and round(bytedance[-1], 1) == -66.0
    assert round(cambricon[0], 2) == -0.11 and round(cambricon[-1], 2) == 0.67
    losses = sum(float(result.equilibria_at(k)[0].payoffs[1]) < 0 for k in range(10_000)) / 10_000
    assert 0.15 < losses < 0.17


def test_google_tpu_c7_saving_is_the_margin_plus_the_specialisation_gain():
    """No lead time and no supply risk: 300 * 0.8 * (0.7 + 0.3 * 0.6) - 6 - 2.222 - 4.8 bn RMB a year."""
    saving = (_payoff("google-tpu", ("Build", "HoldMargin"), 0) - _payoff("google-tpu", ("Buy", "HoldMargin"), 0))
    assert saving == 300 * F(8, 10) * (F(7, 10) + F(3, 10) * F(6, 10)) - 6 - F(4 * 5, 9) - F(24, 5)


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
