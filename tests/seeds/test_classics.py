"""The classic games shipped beside the seeds: found by name, kept apart from the seeds, each
parameter documented and each description citing its textbook source."""

from __future__ import annotations

import re

import pytest

from chipgame.payoffs import load_scenario
from chipgame.seeds import classic_names, seed_file, seed_names, shipped_names

CLASSICS = ("battle-of-the-sexes", "chicken", "matching-pennies", "prisoners-dilemma", "stag-hunt")
CITATION = re.compile(r"[A-Z][a-z]+.{0,120}\b(1[6-9]\d\d|20\d\d)\b")


def test_the_classics_are_registered_and_shipped():
    assert classic_names() == CLASSICS
    assert not set(classic_names()) & set(seed_names())
    assert shipped_names() == seed_names() + classic_names()
    assert all(seed_file(name) is not None for name in CLASSICS)


@pytest.mark.parametrize("name", CLASSICS)
def test_a_classic_is_a_documented_two_player_scenario_with_ranges(name):
    scenario = load_scenario(name)
    assert len(scenario.model.players) == 2 and not scenario.claims
    assert CITATION.search(scenario.description), "the description cites a source with its year"
    for p in scenario.parameters:
        assert p.unit and p.source and p.description, p.name
        assert p.range is not None and p.range[0] <= p.value <= p.range[1], p.name
    assert scenario.evaluate().is_exact
