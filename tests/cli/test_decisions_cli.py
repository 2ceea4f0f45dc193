"""``chipgame solve`` on a scenario with decisions, and ``chipgame bargain``, through click's runner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from chipgame.cli import main

# The vendor's margin m is its decision: the buyer pays 1 + m a unit or builds for build_cost = 7/6,
# so it buys while m < 1/6 and the vendor's limit margin is 1/6 (build_cost - 1, one for one).
LIMIT = """
title = "Limit margin"
[parameters.vendor_margin]
value = 0.1
range = [0, 1]
[parameters.build_cost]
value = "7/6"
[[players]]
name = "Nvidia"
strategies = ["Hold", "Cut"]
[[players]]
name = "ByteDance"
strategies = ["Buy", "Build"]
[payoffs]
"Hold, Buy" = ["vendor_margin", "-1 - vendor_margin"]
"Hold, Build" = ["0", "-build_cost"]
"Cut, Buy" = ["vendor_margin/2", "-1 - vendor_margin/2"]
"Cut, Build" = ["-1", "-build_cost"]
[decisions.vendor_margin]
player = "Nvidia"
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def limit_file(tmp_path):
    path = tmp_path / "limit.toml"
    path.write_text(LIMIT)
    return path


def test_solve_says_the_decision_in_words(limit_file):
    result = run("solve", str(limit_file))
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Nvidia's limit vendor_margin is 1/6: above it ByteDance plays Build." in text
    assert "where Nvidia gets 0" in text
    assert "What moves it: build_cost (+1 per unit" in text


def test_solve_json_carries_the_decisions(limit_file):
    result = run("solve", str(limit_file), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["schema"] == "chipgame.solve/1.1"
    (decision,) = document["decisions"]
    assert {key: decision[key] for key in ("player", "parameter", "exact", "attained", "exact_payoffs")} == {
        "player": "Nvidia", "parameter": "vendor_margin", "exact": "1/6", "attained": True,
        "exact_payoffs": ["1/6", "-7/6"]}
    assert decision["response"]["support"] == [["Hold"], ["Buy"]]
    assert decision["against"]["exact_payoff"] == "0"
    assert (decision["cautious"]["attained"], decision["cautious"]["side"]) == (False, "below")
    assert decision["moved_by"] == [{"parameter": "build_cost", "slope": 1.0, "exact_slope": "1",
                                     "elasticity": 7.0}]


def test_solve_without_decisions_keeps_schema_1(tmp_path):
    path = tmp_path / "plain.toml"
    path.write_text(LIMIT.split("[decisions")[0])
    document = json.loads(run("solve", str(path), "--format", "json").stdout)
    assert document["schema"] == "chipgame.solve/1" and "decisions" not in document


def test_a_bad_decision_is_one_line_with_status_2(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(LIMIT.replace('player = "Nvidia"', 'player = "Nvdia"'))
    result = run("solve", str(path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "decisions.vendor_margin.player = 'Nvdia' is not a player of the game" in result.stderr
    assert "did you mean 'Nvidia'?" in result.stderr


def test_the_report_shows_the_decision_and_what_moves_it(limit_file, tmp_path):
    output = tmp_path / "report.md"
    result = run("report", str(limit_file), "-o", str(output))
    assert result.exit_code == 0, result.output
    text = output.read_text()
    section = text[text.index("### Decisions"):text.index("## Sensitivity")]
    assert "Nvidia's limit vendor\\_margin is 1/6: above it ByteDance plays Build." in section
    assert "| that tie against it | 1/6 | yes | 0 | Nvidia: Hold \\| ByteDance: Build |" in section
    assert "| build\\_cost | 1 | \\+7 |" in section


DEAL = LIMIT.split("[decisions")[0].replace('strategies = ["Hold", "Cut"]', 'strategies = ["Hold"]').replace(
    '"Cut, Buy" = ["vendor_margin/2", "-1 - vendor_margin/2"]\n"Cut, Build" = ["-1", "-build_cost"]\n', "") + """
[bargaining]
parameter = "vendor_margin"
players = ["Nvidia", "ByteDance"]
agreement = "Hold, Buy"
"""


@pytest.fixture
def deal_file(tmp_path):
    # At the base margin 0.1 ByteDance buys (1.1 < 7/6): that is also the disagreement point, (0.1, -1.1).
    # Agreeing on m, Nvidia gains m - 1/10 and ByteDance 1/10 - m: only m = 1/10 leaves both no worse.
    path = tmp_path / "deal.toml"
    path.write_text(DEAL)
    return path


def test_bargain_prints_the_agreed_value(deal_file):
    result = run("bargain", str(deal_file))
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert 'Without agreement the game is played as "Hold, Buy": Nvidia gets 0.1 and ByteDance -1.1.' in text
    assert "They agree on vendor_margin = 0.1: Nvidia gains 0" in text


def test_bargain_json_and_power(deal_file, tmp_path):
    # With the disagreement named as ByteDance building (Nvidia 0, ByteDance -7/6), the gains are m
    # and 1/6 - m; power 1/3 for Nvidia: (1/3)(1/6 - m) = (2/3) m, so m = 1/18, gains 1/18 and 1/9.
    path = tmp_path / "build.toml"
    path.write_text(DEAL + 'disagreement = "Hold, Build"\n')
    document = json.loads(run("bargain", str(path), "--power", "1/3", "--format", "json").stdout)
    assert document["schema"] == "chipgame.bargain/1"
    assert (document["exact"], document["gains"], document["power"]) == ("1/18", ["1/18", "1/9"], ["1/3", "2/3"])
    result = run("bargain", str(path), "--power", "2")
    assert result.exit_code == 2 and "the bargaining power 2 is not a number from 0 to 1" in result.stderr


def test_bargain_needs_a_bargaining_table(limit_file):
    result = run("bargain", str(limit_file))
    assert result.exit_code == 2 and "has no [bargaining] table" in result.stderr


def test_the_report_shows_the_bargain(deal_file, tmp_path):
    output = tmp_path / "deal.md"
    assert run("report", str(deal_file), "-o", str(output)).exit_code == 0
    text = output.read_text()
    assert "#### Bargaining over vendor\\_margin" in text
    assert "They agree on vendor\\_margin = 0.1" in text


BELIEF = LIMIT.replace('value = "7/6"', "value = 1.5") + """
[types.build_cost]
player = "ByteDance"
values = [1.2, 1.5]
probabilities = [0.5, 0.5]
"""


def test_solve_shows_the_bayesian_game_and_the_decision_against_the_belief(tmp_path):
    # Knowing the build cost c, Nvidia's limit margin is c - 1: 1/2 at the base c = 1.5. Not knowing
    # it (c = 1.2 or 1.5, even odds) the best is still 1/2, sold only to the high type: 1/2 * 1/2 = 1/4
    # (against 1/5 from selling to both at m = 1/5).
    path = tmp_path / "belief.toml"
    path.write_text(BELIEF)
    result = run("solve", str(path))
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "only ByteDance knows build_cost (1.2 with probability 0.5, 1.5 with probability 0.5)" in text
    assert "Not knowing build_cost, against the belief above: Nvidia's limit vendor_margin is 0.5" in text
    document = json.loads(run("solve", str(path), "--format", "json").stdout)
    assert document["bayesian"]["players"] == ["Nvidia", "ByteDance[build_cost=1.2]", "ByteDance[build_cost=1.5]"]
    (bayesian,) = document["bayesian"]["equilibria"]
    assert bayesian["support"] == [["Hold"], ["Buy"], ["Buy"]]
    known, believed = document["decisions"]
    assert (known["exact"], known["exact_payoff"], known["belief"]) == ("1/2", "1/2", None)
    assert (believed["exact"], believed["exact_payoff"]) == ("1/2", "1/4")
    assert believed["belief"]["probabilities"] == ["1/2", "1/2"]
