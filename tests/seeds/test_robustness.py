"""Robustness beside every seed's base case (issue 17 item 4): the share of the declared parameter
box that keeps the base case, and the nearest thresholds, as the descriptions and seeds/README.md
state them.

The shares below were computed with seed 0 and ``ROBUSTNESS_SAMPLES`` draws (1,000 for three
players). The tests compute them again, from seed 0 (the figure the documents print, which must
match the computation) and from an independent seed (which must agree with the pinned figure
within four standard errors of the difference: a figure pasted in place of a computation, or a
share that depends on the seed, fails).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from chipgame.payoffs import load_scenario
from chipgame.reports.robustness_words import robustness_sentence
from chipgame.sensitivity.robustness import FRAGILE_BELOW, robustness

README = Path(__file__).resolve().parents[2] / "seeds" / "README.md"

PINNED = {
    "bytedance-vs-nvidia": 0.3835,
    "bytedance-vs-cambricon": 0.39825,
    "export-ban": 0.429,
    "alibaba-t-head": 0.416,
    "google-tpu": 0.54925,
    "two-hyperscalers": 0.17,
    "annapurna": 0.2455,
    "commitment": 0.045,
}
"""Share of the box in which the base case holds (seed 0)."""

NEAREST = {
    "bytedance-vs-nvidia": ("inhouse_cap", "horizon_years", "build_lead_months"),
    "bytedance-vs-cambricon": ("inhouse_cap", "horizon_years", "asic_saving"),
    "export-ban": ("horizon_years", "inhouse_cap", "sell_cost"),
    "alibaba-t-head": ("inhouse_cap", "asic_saving", "horizon_years"),
    "google-tpu": ("chip_spend", "ext_margin", "ext_share"),
    "two-hyperscalers": ("inhouse_cap_alibaba", "asic_saving_alibaba", "inhouse_cap_bytedance"),
    "annapurna": ("acq_synergy", "vendor_margin", "chip_spend"),
    "commitment": ("horizon_years", "asic_coverage", "chip_spend"),
}
"""The three parameters whose thresholds lie closest to their base values, nearest first."""


def _section(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    return text.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("name", PINNED)
def test_the_documents_state_the_computed_robustness(name):
    scenario = load_scenario(name)
    result = robustness(scenario.model)
    assert abs(result.share - PINNED[name]) <= 4 * result.standard_error
    assert tuple(near.parameter for near in result.nearest) == NEAREST[name]
    sentence = robustness_sentence(result)
    assert sentence in scenario.description, f"update the robustness sentence of {name}'s description"
    assert sentence.removeprefix("Robustness:") in _section(name), f"update {name}'s robustness in seeds/README.md"
    assert ("fragile" in sentence) == (result.share < FRAGILE_BELOW)
    assert f"| {result.share:.0%} |" in README.read_text(encoding="utf-8").split(f"(#{name})", 1)[1].split("\n")[0]


@pytest.mark.parametrize("name", PINNED)
def test_an_independent_draw_of_the_box_agrees_with_the_pinned_share(name):
    model = load_scenario(name).model
    samples = 1000 if len(model.players) == 2 else 500
    again = robustness(model, samples=samples, seed=1, nearest=0)
    p = PINNED[name]
    spread = math.sqrt(p * (1 - p) / samples + p * (1 - p) / (4000 if len(model.players) == 2 else 1000))
    assert abs(again.share - p) <= 4 * spread, (name, again.share)
    assert again.nearest == ()


def test_every_base_case_is_fragile_after_the_recalibration():
    """The finding the issue asks to state: none of the eight base cases holds in 80% of its box."""
    assert all(share < FRAGILE_BELOW for share in PINNED.values())
