"""The command line, through click's runner: output for people, JSON for programs, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import pytest
from click.testing import CliRunner

from chipgame.cli import main
from chipgame.games import Game, write_nfg
from chipgame.payoffs import load_scenario
from chipgame.seeds import seed_names
from chipgame.solvers import solve
from tests.conftest import independent_regret
from tests.payoffs.test_scenario import BUILD_OR_BUY


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def scenario_file(tmp_path):
    path = tmp_path / "build.toml"
    path.write_text(BUILD_OR_BUY)
    return path


def test_solve_a_seed_prints_a_readable_table():
    result = run("solve", "bytedance-vs-cambricon")
    assert result.exit_code == 0, result.output
    for text in ("ByteDance vs Cambricon, 2026", "Nash equilibria", "ByteDance", "Cambricon", "chip_spend"):
        assert text in result.stdout


def test_solve_json_is_the_solve_document_and_nothing_else(scenario_file):
    result = run("solve", str(scenario_file), "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["schema"] == "chipgame.solve/1"
    assert document["game"] == {"title": "Build or buy", "players": ["Hyperscaler", "Vendor"],
                                "strategies": [["Buy", "Build"], ["Hold", "Cut"]]}
    assert document["parameters"] == {"chip_spend": 80.0, "vendor_margin": 0.7, "fixed_cost": 3.0}
    game = load_scenario(str(scenario_file)).evaluate()
    assert document["equilibria"], "the game has an equilibrium"
    for eq in document["equilibria"]:
        exact = [[Fraction(p) for p in mix] for mix in eq["exact"]]
        assert all(r == 0 for r in independent_regret(game.payoffs, exact))
        assert eq["profile"] == [[float(p) for p in mix] for mix in exact]
        assert set(eq) >= {"profile", "exact", "payoffs", "support"}


def test_set_overrides_change_the_answer(scenario_file):
    cheap = json.loads(run("solve", str(scenario_file), "--format", "json", "--set", "vendor_margin=0.01").stdout)
    dear = json.loads(run("solve", str(scenario_file), "--format", "json", "--set", "vendor_margin=0.8").stdout)
    assert cheap["parameters"]["vendor_margin"] == 0.01
    assert [eq["support"][0] for eq in cheap["equilibria"]] == [["Buy"]]
    assert [eq["support"][0] for eq in dear["equilibria"]] == [["Build"]] * len(dear["equilibria"])


@pytest.mark.parametrize("flavour", ["payoff", "outcome"])
def test_solve_reads_gambit_files(tmp_path, flavour):
    pennies = Game(("A", "B"), (("H", "T"), ("H", "T")), [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], "Pennies")
    if flavour == "payoff":
        text = write_nfg(pennies)
    else:
        text = ('NFG 1 R "Pennies" { "A" "B" }\n{ { "H" "T" } { "H" "T" } }\n""\n'
                '{ { "win" 1, -1 } { "lose" -1, 1 } }\n1 2 2 1\n')
    path = tmp_path / "pennies.nfg"
    path.write_text(text)
    document = json.loads(run("solve", str(path), "--format", "json").stdout)
    assert [eq["exact"] for eq in document["equilibria"]] == [[["1/2", "1/2"], ["1/2", "1/2"]]]
    assert document["parameters"] == {}


def test_seeds_lists_every_seed_in_text_and_json():
    text = run("seeds")
    assert text.exit_code == 0
    listing = json.loads(run("seeds", "--format", "json").stdout)["seeds"]
    assert [s["name"] for s in listing] == list(seed_names())
    for entry in listing:
        assert entry["name"] in text.stdout
        scenario = load_scenario(entry["name"])
        assert entry["title"] == scenario.title and entry["claims"] == list(scenario.claims)


def test_method_option_reaches_the_solver(scenario_file):
    document = json.loads(run("solve", str(scenario_file), "--format", "json", "--method", "pure").stdout)
    game = load_scenario(str(scenario_file)).evaluate()
    assert document["method"] == "pure"
    assert len(document["equilibria"]) == sum(eq.is_pure for eq in solve(game).equilibria)


def _bad(tmp_path, text: str, *extra: str):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    return run("solve", str(path), *extra), str(path)


def _assert_one_line_error(result, *fragments: str):
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("chipgame: error: ") and "fix: " in lines[0]
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


BAD_FILES = {
    "malformed TOML": ("[[players]\n", "malformed TOML"),
    "player without strategies": (BUILD_OR_BUY.replace('["Hold", "Cut"]', "[]"), "players[1]"),
    "duplicate strategy": (BUILD_OR_BUY.replace('["Hold", "Cut"]', '["Cut", "Cut"]'), "twice"),
    "missing profile": (BUILD_OR_BUY.replace('"Buy, Hold" = ["-buy_cost", "chip_spend * vendor_margin"]\n', ""),
                        "Buy, Hold"),
    "unknown strategy": (BUILD_OR_BUY.replace('"Buy, Hold"', '"Buy, Hodl"'), 'payoffs."Buy, Hodl"'),
    "wrong payoff length": (BUILD_OR_BUY.replace('["-build_cost", "0"]', '["-build_cost", "0", "1"]', 1),
                            "3 payoffs for 2 players"),
    "unknown name": (BUILD_OR_BUY.replace('"-buy_cost"', '"-buy_kost"', 1), "buy_kost"),
    "definition cycle": (BUILD_OR_BUY.replace('buy_cost = "chip_spend"', 'buy_cost = "buy_cost"'),
                         "definitions.buy_cost"),
    "divides by zero": (BUILD_OR_BUY.replace('"-buy_cost"', '"-buy_cost / (fixed_cost - 3)"', 1), "divides by zero"),
    "attribute access": (BUILD_OR_BUY.replace('"-buy_cost"', '"chip_spend.__class__"', 1), 'payoffs."Buy, Hold"[0]'),
    "import": (BUILD_OR_BUY.replace('"-buy_cost"', "\"__import__('os').system('touch pwned')\"", 1),
               'payoffs."Buy, Hold"[0]'),
    "lambda": (BUILD_OR_BUY.replace('"-buy_cost"', '"(lambda: 1)()"', 1), 'payoffs."Buy, Hold"[0]'),
    "comprehension": (BUILD_OR_BUY.replace('"-buy_cost"', '"[x for x in chip_spend]"', 1), 'payoffs."Buy, Hold"[0]'),
    "power tower": (BUILD_OR_BUY.replace('"-buy_cost"', '"9**9**9**9"', 1), 'payoffs."Buy, Hold"[0]'),
    "100,000 characters": (BUILD_OR_BUY.replace('"-buy_cost"', '"' + "+".join(["chip_spend"] * 9091) + '"', 1),
                           'payoffs."Buy, Hold"[0]'),
    "zero denominator": (BUILD_OR_BUY.replace("value = 3\n", 'value = "1/0"\n'), "divides by zero"),
    "deeply nested TOML": ("x = " + "[" * 5000 + "]" * 5000 + "\n" + BUILD_OR_BUY, "nested too deeply"),
    "10,000 parentheses": (BUILD_OR_BUY.replace('"-buy_cost"', '"' + "(" * 10_000 + "1" + ")" * 10_000 + '"', 1),
                           'payoffs."Buy, Hold"[0]'),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_files_give_one_line_exit_2_and_no_traceback(tmp_path, case):
    text, fragment = BAD_FILES[case]
    result, path = _bad(tmp_path, text)
    _assert_one_line_error(result, path, fragment)
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("assignment, fragment", [
    ("vendor_margn=0.5", "unknown parameter 'vendor_margn'"),
    ("vendor_margin=lots", "must be a number"),
    ("vendor_margin", "is not NAME=VALUE"),
    ("vendor_margin=1e999", "is larger than"),
    ("vendor_margin=nan", "must be a number"),
    ("vendor_margin=1/0", "divides by zero"),
])
def test_bad_overrides_give_one_line_exit_2(scenario_file, assignment, fragment):
    _assert_one_line_error(run("solve", str(scenario_file), "--set", assignment), fragment)


def test_set_on_a_gambit_file_is_refused(tmp_path):
    path = tmp_path / "g.nfg"
    path.write_text(write_nfg(Game(("A", "B"), (("x",), ("y",)), [[[1, 2]]])))
    _assert_one_line_error(run("solve", str(path), "--set", "a=1"), "no parameters")


def test_unknown_seed_or_missing_file_is_one_line():
    _assert_one_line_error(run("solve", "no-such-seed"), "no-such-seed")
    _assert_one_line_error(run("solve", "missing.nfg"), "missing.nfg")


def test_names_that_look_like_terminal_markup_are_printed_as_written(tmp_path):
    text = BUILD_OR_BUY.replace('"Hyperscaler"', '"A[/x]"').replace("Hold", "[red]Hold")
    path = tmp_path / "markup.toml"
    path.write_text(text)
    result = run("solve", str(path))
    assert result.exit_code == 0, result.output
    assert "A[/x]" in result.stdout and "[red]Hold" in result.stdout


def test_solve_reports_dominance_steps_and_components(tmp_path):
    # von Stengel's degenerate 3x2 game (2002, eq. 2.12): equilibria 1 and 2 share a convex set.
    rows = [[3, 3], [2, 5], [0, 6]]
    columns = [[3, 3], [2, 6], [3, 1]]
    game = Game(("Row", "Column"), (("T", "M", "B"), ("L", "R")),
                [[[rows[i][j], columns[i][j]] for j in range(2)] for i in range(3)])
    path = tmp_path / "degenerate.nfg"
    path.write_text(write_nfg(game))
    document = json.loads(run("solve", str(path), "--format", "json").stdout)
    assert document["degenerate"] is True
    assert document["components"] == [{"equilibria": [0, 1], "nash_subsets": [[0, 1]]},
                                      {"equilibria": [2], "nash_subsets": [[2]]}]
    assert document["dominance"] == []
    text = run("solve", str(path)).stdout
    assert "Equilibria 1, 2 are corners of one convex set" in text

    pd = Game(("Row", "Column"), (("C", "D"), ("C", "D")), [[[3, 3], [0, 5]], [[5, 0], [1, 1]]])
    path.write_text(write_nfg(pd))
    steps = json.loads(run("solve", str(path), "--format", "json").stdout)["dominance"]
    assert [(s["player"], s["strategy"], s["exact_dominated_by"]) for s in steps] == [
        ("Row", "C", {"D": "1"}), ("Column", "C", {"D": "1"})]
    assert "Dominance alone solves the game" in run("solve", str(path)).stdout


@pytest.mark.parametrize("rule", ["asymmetric-replicator", "fictitious-play"])
def test_dynamics_command_reaches_the_strict_equilibrium_of_the_prisoners_dilemma(tmp_path, rule):
    pd = Game(("Row", "Column"), (("C", "D"), ("C", "D")), [[[3, 3], [0, 5]], [[5, 0], [1, 1]]])
    path = tmp_path / "pd.nfg"
    path.write_text(write_nfg(pd))
    document = json.loads(run("dynamics", str(path), "--rule", rule, "--format", "json").stdout)
    assert document["schema"] == "chipgame.dynamics/1" and document["rule"] == rule
    assert document["converged"] is True
    assert [round(p, 2) for p in document["final"][0]] == [0.0, 1.0]
    assert document["nearest_equilibrium"]["exact"] == [["0", "1"], ["0", "1"]]
    text = run("dynamics", str(path), "--rule", rule)
    assert text.exit_code == 0 and "nearest Nash equilibrium" in text.stdout


def test_dynamics_on_a_seed_stays_on_the_simplex():
    document = json.loads(run("dynamics", "bytedance-vs-cambricon", "--format", "json").stdout)
    for mix in document["final"]:
        assert abs(sum(mix) - 1) < 1e-9 and min(mix) >= 0


def test_replicator_on_an_asymmetric_game_is_a_one_line_error():
    _assert_one_line_error(run("dynamics", "bytedance-vs-cambricon", "--rule", "replicator"), "asymmetric-replicator")


COMMITMENT = """
title = "Commitment"
order = ["Leader", "Follower"]

[[players]]
name = "Leader"
strategies = ["T", "B"]

[[players]]
name = "Follower"
strategies = ["L", "R"]

[payoffs]
"T, L" = ["2", "1"]
"T, R" = ["4", "0"]
"B, L" = ["1", "0"]
"B, R" = ["3", "1"]
"""


def test_a_sequential_scenario_shows_subgame_perfect_play_beside_nash(tmp_path):
    # T strictly dominates B, so simultaneous play has the unique equilibrium (T, L) worth 2 to the
    # leader; committing to B first makes the follower answer R, worth 3 (von Stengel & Zamir,
    # "Leadership games with convex strategy sets", Games and Economic Behavior 69, 2010).
    path = tmp_path / "commitment.toml"
    path.write_text(COMMITMENT)
    document = json.loads(run("solve", str(path), "--format", "json").stdout)
    assert [eq["support"] for eq in document["equilibria"]] == [[["T"], ["L"]]]
    assert document["order"] == ["Leader", "Follower"]
    assert document["subgame_perfect"] == [
        {"path": ["B", "R"], "payoffs": [3.0, 1.0], "exact_payoffs": ["3", "1"],
         "plan": {"Follower": {"T": "L", "B": "R"}}}]
    text = run("solve", str(path)).stdout
    assert "subgame perfect 1" in text and "Moving first is worth 1 to Leader" in text


def test_solve_reads_extensive_form_files_in_reduced_normal_form(tmp_path):
    # Myerson (1991), section 2.1: the card game; its unique equilibrium gives player 1 the value 1/3.
    from chipgame.games import Chance, Decision, ExtensiveGame, Outcome, Terminal, write_efg

    def leaf(a, b):
        return Terminal(Outcome((a, -a)))

    def meet(stake):
        return Decision("Alice", ("Meet", "Pass"), (leaf(stake, 0), leaf(1, 0)), infoset=1)

    red = Decision("Fred", ("Raise", "Fold"), (meet(2), leaf(1, 0)), infoset=1)
    black = Decision("Fred", ("Raise", "Fold"), (meet(-2), leaf(-1, 0)), infoset=2)
    half = Fraction(1, 2)
    game = ExtensiveGame(("Fred", "Alice"), Chance(("Red", "Black"), (half, half), (red, black)), "Cards")
    path = tmp_path / "cards.efg"
    path.write_text(write_efg(game))
    document = json.loads(run("solve", str(path), "--format", "json").stdout)
    assert [eq["exact_payoffs"] for eq in document["equilibria"]] == [["1/3", "-1/3"]]


def test_sweep_command_names_the_regime_between_its_grid_points():
    """bytedance-vs-cambricon: over 2 < horizon_years < 2967/1178 ByteDance buys, up to 7/2 it builds
    and could also sell (two equilibria), then it builds; the grid 2, 4, 6, 8 steps over the middle
    regime, and the sweep says so, with a point of it, in text and in JSON."""
    args = ("sweep", "bytedance-vs-cambricon", "--vary", "horizon_years=2:8:4")
    text = " ".join(run(*args).stdout.split())
    assert "Between the grid's points lies 1 regime it does not show" in text and "(at horizon_years = 3)" in text
    between = json.loads(run(*args, "--format", "json").stdout)["between_points"]
    assert between["certified"] and between["why"] is None
    assert [(gap["label"].count(";"), gap["exact"]) for gap in between["missed"]] == [(1, {"horizon_years": "3"})]
    assert "Every regime of the box is on the grid" in " ".join(
        run("sweep", "bytedance-vs-cambricon", "--vary", "horizon_years=2:8:13").stdout.split())


def test_sweep_command_maps_regimes_in_text_json_and_csv(scenario_file):
    args = ("sweep", str(scenario_file), "--vary", "vendor_margin=0.01:0.08:8", "--vary", "chip_spend=60:100:3")
    document = json.loads(run(*args, "--format", "json").stdout)
    assert document["schema"] == "chipgame.sweep/1.1"
    assert [v["name"] for v in document["vary"]] == ["vendor_margin", "chip_spend"]
    assert len(document["points"]) == 24
    assert {tuple(p["at"]) for p in document["points"]} == {("vendor_margin", "chip_spend")}
    scenario = load_scenario(str(scenario_file))
    for point in document["points"]:
        values = {name: repr(value) for name, value in point["at"].items()}
        expected = solve(scenario.evaluate(values)).equilibria
        assert [eq["support"] for eq in point["equilibria"]] == [[list(s) for s in eq.support] for eq in expected]
    labels = [r["label"] for r in document["regimes"]]
    assert labels[0].startswith("Hyperscaler: Buy") and labels[-1].startswith("Hyperscaler: Build")
    assert sum(r["points"] for r in document["regimes"]) == 24
    text = run(*args)
    assert text.exit_code == 0 and "regimes" in text.stdout
    rows = run(*args, "--format", "csv").stdout.splitlines()
    assert rows[0].startswith("vendor_margin,chip_spend,exact,equilibrium,Hyperscaler:Buy")
    assert len(rows) >= 25


def test_thresholds_command_finds_the_break_even_margin_exactly(scenario_file):
    # Build costs 80(1 - m) + 3 against Buy's 80: equal at m = 3/80.
    document = json.loads(run("thresholds", str(scenario_file), "--vary", "vendor_margin=0.01:0.5",
                              "--format", "json").stdout)
    assert document["schema"] == "chipgame.thresholds/1" and document["range"] == [0.01, 0.5]
    # the second threshold (11/80) moves an extreme point of the vendor's indifferent component
    threshold, moved = document["thresholds"]
    assert moved["exact"] == "11/80"
    assert threshold["exact"] == "3/80" and threshold["value"] == 3 / 80
    assert [eq["support"][0] for eq in threshold["below"]] == [["Buy"]]
    assert all(eq["support"][0] == ["Build"] for eq in threshold["above"])
    assert {tuple(eq["support"][0]) for eq in threshold["at"]} >= {("Buy",), ("Build",)}
    text = run("thresholds", str(scenario_file), "--vary", "vendor_margin=0.01:0.5")
    assert "3/80" in text.stdout
    assert run("thresholds", str(scenario_file), "--vary", "vendor_margin=0.01:0.5", "--format", "csv"
               ).stdout.splitlines()[1].startswith("vendor_margin,0.0375,3/80")


@pytest.mark.parametrize("args, fragment", [
    (("sweep", "bytedance-vs-cambricon", "--vary", "chip_spend=1:2:3:4"), "is not NAME, NAME=LO:HI or NAME=LO:HI:N"),
    (("sweep", "bytedance-vs-cambricon", "--vary", "chip_spnd=1:2:3"), "unknown parameter 'chip_spnd'"),
    (("sweep", "bytedance-vs-cambricon", "--vary", "chip_spend=1:2:x"), "not a whole number"),
    (("thresholds", "bytedance-vs-cambricon", "--vary", "chip_spend=1:2:3"), "takes no number of values N"),
    (("thresholds", "bytedance-vs-cambricon", "--vary", "chip_spend=9:1"), "is empty"),
])
def test_bad_sweep_and_threshold_arguments_are_one_line(args, fragment):
    _assert_one_line_error(run(*args), fragment)


@pytest.mark.slow
def test_tornado_and_monte_carlo_commands(tmp_path):
    document = json.loads(run("tornado", "bytedance-vs-cambricon", "--format", "json").stdout)
    assert document["schema"] == "chipgame.tornado/1"
    assert document["bars"][0]["parameter"] == "chip_spend" and document["bars"][0]["changes_regime"]
    assert run("tornado", "bytedance-vs-cambricon").exit_code == 0
    distribution = 'distribution = { kind = "uniform", low = 0, high = 0.08 }\n'
    text = BUILD_OR_BUY.replace('value = 0.7\n', 'value = 0.7\n' + distribution)
    path = tmp_path / "uncertain.toml"
    path.write_text(text)
    first = json.loads(run("monte-carlo", str(path), "--samples", "1000", "--seed", "1", "--format", "json").stdout)
    again = json.loads(run("monte-carlo", str(path), "--samples", "1000", "--seed", "1", "--format", "json").stdout)
    assert first == again and first["schema"] == "chipgame.montecarlo/1"
    probabilities = {r["label"]: r["probability"] for r in first["regimes"]}
    # Build beats Buy above the margin 3/80; uniform on [0, 0.08]: probability 1 - 3/80 / 0.08 = 0.53
    # (1000 draws: a standard error of 0.016; the draws are seeded, so the check is deterministic)
    assert probabilities["Hyperscaler: Buy | Vendor: Hold"] == pytest.approx(0.46875, abs=0.03)
    assert run("monte-carlo", str(path), "--samples", "100").exit_code == 0
    _assert_one_line_error(run("monte-carlo", "chicken"), "no parameter declares a distribution")


def test_closed_forms_command(scenario_file):
    document = json.loads(run("closed-forms", str(scenario_file), "--format", "json").stdout)
    assert document["schema"] == "chipgame.closedforms/1"
    (eq,) = [e for e in document["equilibria"] if e["support"] == [["Build"], ["Hold"]]]
    # Build costs chip_spend * (1 - vendor_margin) + fixed_cost: d/d vendor_margin = -(-80) = 80 for the buyer
    assert eq["derivatives"]["vendor_margin"][0] == 80.0
    assert eq["derivatives"]["fixed_cost"][0] == -1.0
    assert run("closed-forms", str(scenario_file)).exit_code == 0


def test_one_vary_grammar_in_every_command():
    # NAME is the declared range (sweep: 101 values for one parameter), NAME=LO:HI an interval
    whole = json.loads(run("sweep", "bytedance-vs-cambricon", "--vary", "chip_spend", "--format", "json").stdout)
    assert whole["vary"][0]["values"][0] == 5 and whole["vary"][0]["values"][-1] == 160
    assert len(whole["vary"][0]["values"]) == 101
    interval = json.loads(run("sweep", "bytedance-vs-cambricon", "--vary", "chip_spend=10:20", "--format",
                              "json").stdout)
    assert [interval["vary"][0]["values"][k] for k in (0, -1)] == [10, 20]
    downwards = json.loads(run("sweep", "bytedance-vs-cambricon", "--vary", "chip_spend=20:10:3", "--format",
                               "json").stdout)
    assert downwards["vary"][0]["values"] == [20, 15, 10]


def test_a_reader_that_stops_early_is_not_an_error():
    # chipgame ... | head: writing to the closed pipe raises BrokenPipeError (made certain here by
    # raising it where the command writes); the command ends quietly, with status 0
    code = ("from chipgame import cli, cli_game\n"
            "def closed(*args, **kwargs):\n"
            "    raise BrokenPipeError(32, 'Broken pipe')\n"
            "cli_game.emit = closed\n"
            "cli.main()\n")
    process = subprocess.run([sys.executable, "-c", code, "solve", "prisoners-dilemma"], capture_output=True,
                             timeout=120)
    assert process.returncode == 0 and process.stderr == b""
