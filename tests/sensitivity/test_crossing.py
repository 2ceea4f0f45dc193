"""Crossing a threshold for teaching: which threshold, which points on either side, exact values."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chipgame.errors import ChipgameError
from chipgame.payoffs import load_scenario
from chipgame.sensitivity import structure_of
from chipgame.sensitivity.crossing import cross_threshold, first_crossing, ranged_parameters, simple_between


def _model(name: str):
    return load_scenario(name).model


def test_the_prisoners_dilemma_stops_at_t_equal_r():
    crossing = cross_threshold(_model("prisoners-dilemma"), "T")
    assert crossing.threshold.exact == 3 and crossing.interval == (F(2), F(8))
    assert (crossing.start, crossing.end) == (F(5), F(5, 2))  # from the base value to the middle of [2, 3]
    assert [eq.support for eq in crossing.before.equilibria] == [(("Defect",), ("Defect",))]
    assert structure_of(crossing.after.equilibria) == structure_of(crossing.threshold.above if crossing.end > 3
                                                                   else crossing.threshold.below)
    assert crossing.at is not None and crossing.at.degenerate


@pytest.mark.parametrize("name, parameter, threshold", [
    ("prisoners-dilemma", "T", 3),          # T = R
    ("matching-pennies", "heads_prize", -1),  # a match on heads pays no more than a mismatch
    ("battle-of-the-sexes", "together", 0),  # the other's concert no better than being apart
    ("chicken", "prize", 6),                # V = C (Maynard Smith 1982)
    ("stag-hunt", "stag", 3),               # a shared stag worth a hare
])
def test_each_classic_has_its_textbook_threshold_first(name, parameter, threshold):
    crossing = first_crossing(_model(name))
    assert (crossing.parameter, crossing.threshold.exact) == (parameter, threshold)
    assert structure_of(crossing.before.equilibria) != structure_of(crossing.after.equilibria)


def test_the_threshold_nearest_the_base_is_crossed_and_the_others_are_listed():
    # base 18 months, thresholds 24 (nothing left to sell outside) and 28272/989 (building stops paying)
    crossing = cross_threshold(_model("bytedance-vs-cambricon"), "build_lead_months")
    assert [str(t.exact) for t in crossing.found] == ["24", "28272/989"]
    assert str(crossing.threshold.exact) == "24"
    assert crossing.start == 18 and 24 < crossing.end < F(28272, 989)


def test_an_interval_without_the_base_value_uses_a_point_on_each_side():
    crossing = cross_threshold(_model("prisoners-dilemma"), "T", "1/2", "4")
    assert crossing.start < 3 < crossing.end and crossing.interval == (F(1, 2), F(4))


def test_no_threshold_inside_gives_none():
    assert cross_threshold(_model("prisoners-dilemma"), "T", 4, 8) is None
    assert cross_threshold(_model("matching-pennies"), "stake") is None


def test_errors_name_the_problem():
    with pytest.raises(ChipgameError, match="unknown parameter"):
        cross_threshold(_model("prisoners-dilemma"), "Q")
    with pytest.raises(ChipgameError, match="empty"):
        cross_threshold(_model("prisoners-dilemma"), "T", 5, 2)


def test_ranged_parameters_keep_the_file_order():
    assert ranged_parameters(_model("prisoners-dilemma")) == ("T", "R", "P", "S")


@given(st.fractions(min_value=-1000, max_value=1000), st.fractions(min_value=F(1, 10**6), max_value=1000))
def test_simple_between_lies_in_the_middle_half(low, width):
    value = simple_between(low, low + width)
    assert low + width / 4 < value < low + 3 * width / 4
