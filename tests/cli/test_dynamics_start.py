"""``chipgame dynamics --start``: where play begins (issue 13 item 4)."""

from __future__ import annotations

import json

from tests.cli.test_cli import _assert_one_line_error, run


def test_matching_pennies_started_off_the_equilibrium_cycles():
    # From the uniform start, the equilibrium itself, the replicator dynamics never move; from
    # (0.9, 0.1) against (0.2, 0.8) they circle it and do not settle (matching pennies' payoffs are
    # zero-sum with an interior equilibrium: the orbits of the two-population replicator are closed).
    still = json.loads(run("dynamics", "matching-pennies", "--format", "json").stdout)
    moved = json.loads(run("dynamics", "matching-pennies", "--start", "0.9,0.1", "--start", "1/5,4/5",
                           "--format", "json").stdout)
    assert still["start"] == [[0.5, 0.5], [0.5, 0.5]] and still["settled_at"] is not None
    assert moved["start"] == [[0.9, 0.1], [0.2, 0.8]] and moved["settled_at"] is None


def test_a_bad_start_is_one_line():
    _assert_one_line_error(run("dynamics", "matching-pennies", "--start", "0.9,x", "--start", "0.5,0.5"),
                           "--start")
    _assert_one_line_error(run("dynamics", "matching-pennies", "--start", "0.9,0.3", "--start", "0.5,0.5"),
                           "probability distribution")
