"""``chipgame teach`` through click's runner: the classics' textbook equilibria, every seed, one
step at a time, the threshold step, pausing, and one-line errors."""

from __future__ import annotations

import re
from fractions import Fraction as F

import pytest
from click.testing import CliRunner

from chipgame import cli_documents
from chipgame.cli import main
from chipgame.payoffs import load_scenario
from chipgame.seeds import classic_names, seed_names
from chipgame.solvers import solve
from tests.conftest import independent_regret

PROMPT = "[Enter: next step, q: quit] "
STEP = re.compile(r"^(?:" + re.escape(PROMPT) + r")?─+ Step (\d+) of (\d+): (.*?) ─+$", re.MULTILINE)
EQUILIBRIUM = re.compile(r"Equilibrium (\d+) of (\d+) \((pure|mixed)\): (.*)")

# The textbook equilibria of the classics at their base values, each player's mix over its strategies in
# file order, with the equilibrium payoffs and the text the walk-through shows for it.
CLASSICS = {
    # Rapoport and Chammah 1965; Osborne, An Introduction to Game Theory (2004), section 2.2: unique, by
    # strict dominance.
    "prisoners-dilemma": [
        ([[0, 1], [0, 1]], [1, 1], "pure", "(Defect, Defect)"),
    ],
    # Osborne 2004, ch. 4: no pure equilibrium; each player mixes half and half.
    "matching-pennies": [
        ([[F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)]], [0, 0], "mixed",
         "(Heads 1/2 · Tails 1/2, Heads 1/2 · Tails 1/2)"),
    ],
    # Osborne 2004, ch. 4 (Bach or Stravinsky, payoffs 2/1/0): two pure and ((2/3, 1/3), (1/3, 2/3)).
    "battle-of-the-sexes": [
        ([[1, 0], [1, 0]], [2, 1], "pure", "(Bach, Bach)"),
        ([[0, 1], [0, 1]], [1, 2], "pure", "(Stravinsky, Stravinsky)"),
        ([[F(2, 3), F(1, 3)], [F(1, 3), F(2, 3)]], [F(2, 3), F(2, 3)], "mixed",
         "(Bach 2/3 · Stravinsky 1/3, Bach 1/3 · Stravinsky 2/3)"),
    ],
    # Maynard Smith 1982, hawk-dove with V = 2 < C = 6: two asymmetric pure equilibria, and hawk (Straight)
    # with probability V/C = 1/3, paying V/2 (1 - V/C) = 2/3.
    "chicken": [
        ([[1, 0], [0, 1]], [2, 0], "pure", "(Straight, Swerve)"),
        ([[0, 1], [1, 0]], [0, 2], "pure", "(Swerve, Straight)"),
        ([[F(1, 3), F(2, 3)], [F(1, 3), F(2, 3)]], [F(2, 3), F(2, 3)], "mixed",
         "(Straight 1/3 · Swerve 2/3, Straight 1/3 · Swerve 2/3)"),
    ],
    # Skyrms 2004; Osborne 2004, section 2.5: (Stag, Stag), (Hare, Hare), and stag with probability
    # hare/stag = 3/4, paying the hare's 3.
    "stag-hunt": [
        ([[1, 0], [1, 0]], [4, 4], "pure", "(Stag, Stag)"),
        ([[0, 1], [0, 1]], [3, 3], "pure", "(Hare, Hare)"),
        ([[F(3, 4), F(1, 4)], [F(3, 4), F(1, 4)]], [3, 3], "mixed", "(Stag 3/4 · Hare 1/4, Stag 3/4 · Hare 1/4)"),
    ],
}


def run(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), **kwargs)


def steps(output: str, complete: bool = True) -> list[tuple[str, str]]:
    """The steps of a walk-through as (title, text under the title), in order; all of them when ``complete``."""
    found = list(STEP.finditer(output))
    assert found, output
    total = int(found[0].group(2)) if complete else len(found)
    assert [int(m.group(1)) for m in found] == list(range(1, total + 1))
    return [(m.group(3), output[m.end():found[k + 1].start() if k + 1 < len(found) else len(output)])
            for k, m in enumerate(found)]


def shown_equilibria(output: str) -> list[tuple[str, str]]:
    """(kind, profile) of each equilibrium step, in order."""
    titles = [EQUILIBRIUM.fullmatch(title) for title, _ in steps(output)]
    return [(m.group(3), m.group(4)) for m in titles if m]


def test_the_classics_are_all_here():
    assert set(CLASSICS) == set(classic_names())


@pytest.mark.parametrize("name", sorted(CLASSICS))
def test_a_classic_shows_its_textbook_equilibria(name):
    game = load_scenario(name).evaluate()
    for profile, _, _, _ in CLASSICS[name]:
        exact = [[F(p) for p in mix] for mix in profile]
        assert all(r == 0 for r in independent_regret(game.payoffs, exact)), "the expected values are an equilibrium"
    computed = solve(game).equilibria
    assert sorted((eq.profile, eq.payoffs) for eq in computed) == sorted(
        (tuple(tuple(F(p) for p in mix) for mix in profile), tuple(F(v) for v in payoffs))
        for profile, payoffs, _, _ in CLASSICS[name])
    result = run("teach", name, "--no-pause")
    assert result.exit_code == 0, result.output
    assert sorted(shown_equilibria(result.stdout)) == sorted((kind, text) for _, _, kind, text in CLASSICS[name])
    for _, payoffs, _, text in CLASSICS[name]:
        body = dict(steps(result.stdout))[next(t for t, _ in steps(result.stdout) if t.endswith(text))]
        players = load_scenario(name).model.players
        expected = ", ".join(f"{_exact(v)} to {p}" for p, v in zip(players, payoffs))
        assert f"Payoffs: {expected}." in body


def _exact(value) -> str:
    value = F(value)
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def test_the_steps_come_in_the_order_of_a_lesson():
    titles = [title for title, _ in steps(run("teach", "battle-of-the-sexes", "--no-pause").stdout)]
    assert titles[:4] == ["Battle of the sexes (Bach or Stravinsky?)", "The payoff matrix", "Best responses of Ann",
                          "Best responses of Bob"]
    assert titles[4] == "Iterated elimination of strictly dominated strategies"
    assert [t.split(":")[0] for t in titles[5:8]] == [f"Equilibrium {k} of 3 (pure)" if k < 3 else
                                                     "Equilibrium 3 of 3 (mixed)" for k in (1, 2, 3)]
    assert titles[8:] == ["One parameter moved: together"]


def test_the_question_step_gives_players_parameters_and_the_textbook_source():
    (_, question), *_ = steps(run("teach", "prisoners-dilemma", "--no-pause").stdout)
    for text in ("Rapoport and Chammah", "Prisoner 1: Cooperate or Defect", "at the same time", "Parameters",
                 "temptation"):
        assert text in " ".join(question.split())


def test_best_responses_are_marked_for_one_player_at_a_time_with_the_margin():
    found = dict(steps(run("teach", "prisoners-dilemma", "--no-pause").stdout))
    row, column = found["Best responses of Prisoner 1"], found["Best responses of Prisoner 2"]
    assert "5*, 0" in row and "1*, 1 " in row and "0, 5*" not in row
    assert "0, 5*" in column and "1, 1*" in column and "5*, 0" not in column
    assert "If Prisoner 2 plays Cooperate: Prisoner 1's best reply is Defect (5), better by 2 than Cooperate (3)." \
        in " ".join(row.split())
    assert "Defect is the best reply of Prisoner 1 whatever the other player does" in " ".join(row.split())


def test_elimination_shows_one_removed_strategy_per_step_in_order():
    found = steps(run("teach", "prisoners-dilemma", "--no-pause").stdout)
    elimination = [(title, " ".join(body.split())) for title, body in found if title.startswith("Iterated")]
    assert [title for title, _ in elimination] == [
        "Iterated elimination of strictly dominated strategies, step 1 of 2",
        "Iterated elimination of strictly dominated strategies, step 2 of 2"]
    first, second = (body for _, body in elimination)
    assert "1. Prisoner 1: Cooperate is strictly dominated by Defect" in first
    assert "5 > 3 when Prisoner 2 plays Cooperate; 1 > 0 when Prisoner 2 plays Defect" in first
    assert "Prisoner 2: Cooperate" not in first and "Dominance alone solves" not in first
    assert "2. Prisoner 2: Cooperate is strictly dominated by Defect" in second
    assert "Dominance alone solves the game: Prisoner 1 plays Defect, Prisoner 2 plays Defect." in second


def test_elimination_by_a_mixed_strategy_shows_the_mix(tmp_path):
    # B is dominated by no pure strategy but by T and M half and half (Osborne 2004, section 12.2's kind)
    path = tmp_path / "mix.toml"
    path.write_text('[[players]]\nname = "Row"\nstrategies = ["T", "M", "B"]\n[[players]]\nname = "Column"\n'
                    'strategies = ["L", "R"]\n[payoffs]\n"T, L" = ["3", "1"]\n"T, R" = ["0", "0"]\n'
                    '"M, L" = ["0", "0"]\n"M, R" = ["3", "1"]\n"B, L" = ["1", "0"]\n"B, R" = ["1", "0"]\n')
    found = dict(steps(run("teach", str(path), "--no-pause").stdout))
    body = " ".join(found["Iterated elimination of strictly dominated strategies, step 1 of 1"].split())
    assert "1. Row: B is strictly dominated by T 0.5 · M 0.5" in body
    assert "the mix T 0.5 · M 0.5 pays Row more than B: 1.5 > 1 when Column plays L; 1.5 > 1 when Column plays R" \
        in body
    assert "No parameter declares a range" in found["One parameter moved"]


def test_nothing_dominated_is_said_so():
    found = dict(steps(run("teach", "matching-pennies", "--no-pause").stdout))
    assert "Nothing is dominated" in found["Iterated elimination of strictly dominated strategies"]


def test_a_mixed_equilibrium_is_explained_by_indifference_in_exact_fractions():
    found = dict(steps(run("teach", "battle-of-the-sexes", "--no-pause").stdout))
    body = " ".join(found["Equilibrium 3 of 3 (mixed): (Bach 2/3 · Stravinsky 1/3, Bach 1/3 · Stravinsky 2/3)"]
                    .split())
    assert ("When Bob plays Bach 1/3 · Stravinsky 2/3, Ann's strategies pay Bach: 1/3 × 2 + 2/3 × 0 = 2/3; "
            "Stravinsky: 1/3 × 0 + 2/3 × 1 = 2/3. Bach and Stravinsky pay the same, 2/3") in body
    assert "Bob's strategies pay Bach: 2/3 × 1 + 1/3 × 0 = 2/3; Stravinsky: 2/3 × 0 + 1/3 × 2 = 2/3" in body


def test_strategies_outside_a_mix_are_shown_to_pay_no_more(tmp_path):
    # Bach or Stravinsky with a third option for Ann, staying home for 1/2 whatever Bob does: below the
    # 2/3 she gets from mixing, so the textbook mixed equilibrium survives (Osborne 2004, ch. 4)
    path = tmp_path / "home.toml"
    path.write_text('[[players]]\nname = "Ann"\nstrategies = ["Bach", "Stravinsky", "Home"]\n[[players]]\n'
                    'name = "Bob"\nstrategies = ["Bach", "Stravinsky"]\n[payoffs]\n"Bach, Bach" = ["2", "1"]\n'
                    '"Bach, Stravinsky" = ["0", "0"]\n"Stravinsky, Bach" = ["0", "0"]\n'
                    '"Stravinsky, Stravinsky" = ["1", "2"]\n"Home, Bach" = ["1/2", "0"]\n'
                    '"Home, Stravinsky" = ["1/2", "0"]\n')
    found = dict(steps(run("teach", str(path), "--no-pause").stdout))
    body = " ".join(found["Equilibrium 3 of 3 (mixed): (Bach 2/3 · Stravinsky 1/3, Bach 1/3 · Stravinsky 2/3)"]
                    .split())
    assert "Home: 1/3 × 1/2 + 2/3 × 1/2 = 1/2" in body
    assert "Strategies Ann leaves out pay no more than 2/3: Home 1/2." in body


def test_names_from_the_file_are_shown_as_written_not_as_markup(tmp_path):
    path = tmp_path / "markup.toml"
    path.write_text('title = "[bold red]Evil[/] game"\ndescription = "[/] and [blink]"\n[[players]]\n'
                    'name = "[red]P1"\nstrategies = ["[b]U", "D[/b]"]\n[[players]]\nname = "P2[/]"\n'
                    'strategies = ["[L]", "R"]\n[payoffs]\n"[b]U, [L]" = ["1", "1"]\n"[b]U, R" = ["0", "0"]\n'
                    '"D[/b], [L]" = ["0", "0"]\n"D[/b], R" = ["1", "1"]\n')
    result = run("teach", str(path), "--no-pause")
    assert result.exit_code == 0, result.output
    titles = [title for title, _ in steps(result.stdout)]
    assert titles[0] == "[bold red]Evil[/] game" and "Best responses of [red]P1" in titles
    assert "[/] and [blink]" in result.stdout and "- P2[/]: [L] or R" in result.stdout


def test_a_pure_equilibrium_is_explained_by_each_deviation():
    found = dict(steps(run("teach", "chicken", "--no-pause").stdout))
    body = " ".join(found["Equilibrium 1 of 3 (pure): (Straight, Swerve)"].split())
    assert "Driver 1 gets 2 from Straight; switching alone, Swerve would pay 1 (1 less)." in body
    assert "Driver 2 gets 0 from Swerve; switching alone, Straight would pay -2 (2 less)." in body


def test_the_threshold_step_moves_the_first_parameter_with_a_threshold():
    title, body = steps(run("teach", "prisoners-dilemma", "--no-pause").stdout)[-1]
    body = " ".join(body.split())
    assert title == "One parameter moved: T"
    assert "T moves from 5 to 2.5, across the threshold T = 3, where the equilibria change." in body
    assert ("At T = 3, Cooperate and Defect pay Prisoner 1 the same (3) when Prisoner 2 plays Cooperate: "
            "at T = 5 Defect pays more, at T = 2.5 Cooperate does.") in body
    changed = body[body.index("What changed:"):]
    for line in ("Defect is no longer strictly dominant for Prisoner 1 and Prisoner 2.",
                 "The game has 3 equilibria at T = 2.5, against 1 at T = 5.",
                 "The pure equilibrium (Cooperate, Cooperate) appears.",
                 "The pure equilibrium (Defect, Defect) stays.",
                 "The mixed equilibrium (Cooperate 2/3 · Defect 1/3, Cooperate 2/3 · Defect 1/3) appears."):
        assert line in changed


def test_the_threshold_is_exact_when_it_is_a_fraction():
    title, body = steps(run("teach", "commitment", "--no-pause").stdout)[-1]
    assert title == "One parameter moved: horizon_years"
    assert "across the threshold horizon_years = 2.367992767 = 2619/1106" in " ".join(body.split())


def test_vary_chooses_the_parameter_and_the_interval():
    title, body = steps(run("teach", "prisoners-dilemma", "--no-pause", "--vary", "S").stdout)[-1]
    body = " ".join(body.split())
    assert title == "One parameter moved: S"
    assert "S moves from 0 to 1.5, across the threshold S = 1" in body  # the sucker's payoff passes P = 1
    assert "Cooperate is no longer strictly dominated" not in body
    _, quiet = steps(run("teach", "prisoners-dilemma", "--no-pause", "--vary", "T=3.5:8").stdout)[-1]
    assert "The equilibria do not change as T moves over [3.5, 8]." in " ".join(quiet.split())


def test_set_moves_the_base_values():
    result = run("teach", "stag-hunt", "--no-pause", "--set", "hare=5")
    assert shown_equilibria(result.stdout) == [("pure", "(Hare, Hare)")]  # a hare beats a shared stag of 4


def test_a_sequential_seed_gets_a_subgame_perfect_step():
    found = dict(steps(run("teach", "commitment", "--no-pause").stdout))
    body = " ".join(found["Moving in turn: subgame-perfect play"].split())
    assert "After Buy, Cambricon plays HoldMargin" in body
    assert "ByteDance plays Build: Buy leads to (Buy, HoldMargin)" in body
    assert "Play: Build, then HoldMargin" in body


def test_a_three_player_seed_shows_one_matrix_per_strategy_of_the_third():
    result = run("teach", "two-hyperscalers", "--no-pause")
    assert result.exit_code == 0, result.output
    found = dict(steps(result.stdout))
    matrix = found["The payoff matrix"]
    assert "when Nvidia plays HoldMargin" in matrix and "when Nvidia plays CutPrice" in matrix
    assert "use --vary NAME" in " ".join(found["One parameter moved"].split())


@pytest.mark.parametrize("name", [n for n in seed_names() if n != "two-hyperscalers"])
def test_every_seed_can_be_taught(name):
    result = run("teach", name, "--no-pause")
    assert result.exit_code == 0, result.output
    found = steps(result.stdout)
    assert found[0][0] == load_scenario(name).title
    count = len(solve(load_scenario(name).evaluate()).equilibria)
    assert len(shown_equilibria(result.stdout)) == count
    assert found[-1][0].startswith("One parameter moved")


def test_not_a_terminal_never_waits():
    result = run("teach", "stag-hunt", input="q\n")
    assert result.exit_code == 0
    assert PROMPT not in result.stdout
    assert len(steps(result.stdout)) == 9


def test_in_a_terminal_enter_goes_on_and_q_quits(monkeypatch):
    monkeypatch.setattr(cli_documents, "_interactive", lambda: True)
    result = run("teach", "stag-hunt", input="\nq\n")
    assert result.exit_code == 0
    assert [title for title, _ in steps(result.stdout, complete=False)] == ["Stag hunt", "The payoff matrix"]
    assert result.stdout.count(PROMPT) == 2
    assert len(steps(run("teach", "stag-hunt", input="").stdout, complete=False)) == 1  # end of input stops too
    assert len(steps(run("teach", "stag-hunt", "--no-pause", input="q\n").stdout)) == 9


@pytest.mark.parametrize("args", [
    ["no-such-game"],
    ["prisoners-dilemma", "--vary", "T=1"],
    ["prisoners-dilemma", "--vary", "nosuch"],
    ["prisoners-dilemma", "--vary", "T=5:2"],
    ["prisoners-dilemma", "--vary", "T=a:b"],
    ["prisoners-dilemma", "--set", "T=abc"],
])
def test_bad_input_is_one_line_on_stderr_and_exit_2(args):
    result = run("teach", *args, "--no-pause")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("chipgame: error: ") and result.stderr.count("\n") == 1, result.stderr


def test_an_unknown_classic_suggests_the_closest():
    result = run("teach", "prisoner-dilemma")
    assert "did you mean 'prisoners-dilemma'?" in result.stderr


def test_the_classics_solve_and_are_listed_apart_from_the_seeds():
    assert run("solve", "prisoners-dilemma").exit_code == 0
    listing = run("seeds").stdout
    assert "Classic games (chipgame teach NAME)" in listing
    assert listing.index("stag-hunt") > listing.index("Classic games")
