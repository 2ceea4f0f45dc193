"""A three-player scenario swept on local processes through click's runner: two runs under
``--workers 2`` give the same answer, to the byte, as each other and as one run here; nothing
in the exact n-player engine depends on the clock or the load.

The scenario is three-player matching pennies (player 1 wants to match player 2, player 2 to
match player 3, player 3 to mismatch player 1) where a match on heads pays player 1 a prize.
Worked by hand: player 3 must make player 2 indifferent, so plays heads with probability 1/2;
player 1 must make player 3 indifferent, so 1/2 as well; player 2 must make player 1 indifferent,
``q * prize - (1 - q) = -q + (1 - q)``, so plays heads with probability ``q = 2 / (prize + 3)``.
That is the only equilibrium, every player mixing.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from click.testing import CliRunner

from chipgame.cli import main
from chipgame.sensitivity import batch_solve

SCENARIO = """\
title = "Three-player pennies with a prize"
description = "A match on heads pays player 1 the prize; everything else wins or loses 1."

[parameters.prize]
value = 1
range = [0.5, 3.5]

[[players]]
name = "P1"
strategies = ["H", "T"]

[[players]]
name = "P2"
strategies = ["H", "T"]

[[players]]
name = "P3"
strategies = ["H", "T"]

[payoffs]
"H, H, H" = ["prize", "1", "-1"]
"H, H, T" = ["prize", "-1", "1"]
"H, T, H" = ["-1", "-1", "-1"]
"H, T, T" = ["-1", "1", "1"]
"T, H, H" = ["-1", "1", "1"]
"T, H, T" = ["-1", "-1", "-1"]
"T, T, H" = ["1", "-1", "1"]
"T, T, T" = ["1", "1", "-1"]
"""


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def scenario(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_solve, "N_PLAYER_CHUNK_POINTS", 4)  # 13 points: four chunks, so processes run
    path = tmp_path / "pennies.toml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def test_a_three_player_sweep_gives_the_same_answer_on_two_runs_under_workers(scenario):
    command = ("sweep", str(scenario), "--vary", "prize=0.5:3.5:13", "--format", "json")
    first, second = _run(*command, "--workers", "2"), _run(*command, "--workers", "2")
    here = _run(*command)
    assert first.exit_code == second.exit_code == here.exit_code == 0, (first.output, second.output, here.output)
    assert first.stdout == second.stdout == here.stdout
    points = json.loads(first.stdout)["points"]
    assert len(points) == 13
    for point in points:  # prize steps by 1/4: every point is solved exactly
        prize = Fraction(point["at"]["prize"])
        (eq,) = point["equilibria"]
        assert point["exact"] and eq["support"] == [["H", "T"]] * 3
        assert eq["exact"] == [["1/2", "1/2"], [str(2 / (prize + 3)), str(1 - 2 / (prize + 3))], ["1/2", "1/2"]]
