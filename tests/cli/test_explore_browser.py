"""The explorer page in a real headless Chromium: it solves the game live, and at random slider
positions (seeded) it lists exactly the equilibria ``chipgame solve --set`` gives there; the
compiled formulas give the payoffs of the evaluated game, exactly; moving a slider past a
threshold with the keyboard changes the equilibria shown; a degenerate game is said to be, and
its equilibria are grouped into components as ``solve`` groups them (at every threshold:
test_explore_components.py); with three players the pure equilibria are listed; irrational
payoffs are rounded and said to be; the page's solver finds what ``solve`` finds on random small
games, degenerate ones included; numbers are written as the reports write them.

The ``browser`` fixture (tests/conftest.py) skips without Chromium, except under CI.
"""

from __future__ import annotations

import itertools
import json
import random
import shlex
from fractions import Fraction

import pytest
from click.testing import CliRunner

from chipgame.cli import main
from chipgame.payoffs import load_scenario
from chipgame.reports import describe_mix, format_amount
from chipgame.sensitivity import describe_structure
from tests.cli.test_explore import embedded_document

pytestmark = pytest.mark.slow

SEED = "bytedance-vs-cambricon"

POINTS = 15
"""Random slider positions checked per scenario."""


def write_page(tmp_path, source: str, *args: str):
    page = tmp_path / f"{source}.html"
    result = CliRunner().invoke(main, ["explore", source, *args, "-o", str(page)])
    assert result.exit_code == 0, result.output
    return page, embedded_document(page.read_text(encoding="utf-8"))


def solved(source: str, assignments: list[str]) -> dict:
    """``chipgame solve`` at these values, as its JSON document."""
    result = CliRunner().invoke(main, ["solve", source, *assignments, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def expected_items(document: dict) -> list[dict]:
    """What the page should show for each equilibrium of a ``solve`` document."""
    players = document["game"]["players"]
    labels = document["game"]["strategies"]
    items = []
    for eq in document["equilibria"]:
        mixes = [[Fraction(p) for p in mix] for mix in eq["exact"]]
        payoffs = [Fraction(v) for v in eq["exact_payoffs"]]
        items.append({
            "text": " | ".join(f"{player}: {describe_mix(names, mix)}" for player, names, mix in
                               zip(players, labels, mixes))
                    + "\npayoffs: " + ", ".join(f"{p} {format_amount(v)}" for p, v in zip(players, payoffs)),
            "exact": eq["exact"], "payoffs": eq["exact_payoffs"]})
    return items


def shown_items(driver) -> list[dict]:
    from selenium.webdriver.common.by import By

    return [{"text": item.text, "exact": json.loads(item.get_attribute("data-exact")),
             "payoffs": json.loads(item.get_attribute("data-payoffs"))}
            for item in driver.find_elements(By.CSS_SELECTOR, "#equilibria li")]


def move(driver, k: int, index: int) -> None:
    """Put slider ``k`` at ``index``, as a drag does: its value changes and an input event fires."""
    from selenium.webdriver.common.by import By

    slider = driver.find_element(By.ID, f"slider-{k}")
    driver.execute_script("arguments[0].value = arguments[1];"
                          "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", slider, index)


def shown_components(driver) -> list[dict] | None:
    """The page's components of the equilibria shown, as ``chipgame solve --format json`` writes them."""
    from selenium.webdriver.common.by import By

    return json.loads(driver.find_element(By.ID, "components").get_attribute("data-components"))


def assert_page_agrees_with_solve(driver, source: str, document: dict, at: list[int]) -> dict:
    """The page's equilibria, their components, regime, degeneracy note and command line at slider
    positions ``at`` against ``chipgame solve --set`` at the same values; returns solve's document."""
    from selenium.webdriver.common.by import By

    assignments = [f"--set={s['name']}={s['values'][i]}" for s, i in zip(document["sliders"], at)
                   if i != s["start"]]
    expected = solved(source, assignments)
    assert shown_items(driver) == expected_items(expected), assignments
    assert shown_components(driver) == expected["components"], assignments
    joined = any(len(component["equilibria"]) > 1 for component in expected["components"])
    assert driver.find_element(By.ID, "components").is_displayed() == joined, assignments
    supports = sorted(tuple(tuple(labels) for labels in eq["support"]) for eq in expected["equilibria"])
    assert driver.find_element(By.ID, "regime").text == describe_structure(expected["game"]["players"], supports)
    notes = driver.find_element(By.ID, "notes").text
    assert ("Degenerate here" in notes) == bool(expected["degenerate"]), (assignments, notes)
    words = driver.find_element(By.ID, "command").text.split(" ")
    assert words[:3] == ["chipgame", "solve", source] and words[3::2] == ["--set"] * len(assignments)
    assert [(name, Fraction(value)) for name, value in (w.split("=") for w in words[4::2])] == [
        (name, Fraction(value)) for name, value in (a.removeprefix("--set=").split("=") for a in assignments)]
    return expected


@pytest.mark.parametrize("source, args", [(SEED, ["--vary", "chip_spend=5:160:20"]), ("chicken", [])])
def test_at_random_slider_positions_the_page_lists_what_solve_gives(tmp_path, browser, source, args):
    page, document = write_page(tmp_path, source, *args)
    browser.get(page.as_uri())
    sliders = document["sliders"]
    at = [s["start"] for s in sliders]
    assert_page_agrees_with_solve(browser, source, document, at)
    rng = random.Random(13)
    checked = 0
    for _ in range(POINTS):
        for k in rng.sample(range(len(sliders)), min(len(sliders), rng.randint(1, 4))):
            at[k] = rng.randrange(len(sliders[k]["values"]))
            move(browser, k, at[k])
        assert_page_agrees_with_solve(browser, source, document, at)
        checked += 1
    assert checked >= POINTS
    assert browser.get_log("browser") == [], "no script errors"


def test_a_degenerate_game_is_said_to_be_and_its_extreme_equilibria_listed(tmp_path, browser):
    page, document = write_page(tmp_path, "chicken")
    browser.get(page.as_uri())
    sliders = document["sliders"]
    names = [s["name"] for s in sliders]
    at = [s["start"] for s in sliders]
    crash = names.index("crash_cost")
    at[crash] = [Fraction(v) for v in sliders[crash]["values"]].index(2)  # prize = crash cost = 2: a tie
    move(browser, crash, at[crash])
    expected = assert_page_agrees_with_solve(browser, "chicken", document, at)
    assert expected["degenerate"] and len(expected["equilibria"]) >= 2
    browser.save_screenshot(str(tmp_path / "explorer-degenerate.png"))


def test_the_compiled_formulas_give_the_evaluated_games_payoffs_exactly(tmp_path, browser):
    page, document = write_page(tmp_path, SEED, "--vary", "chip_spend=5:160:20")
    browser.get(page.as_uri())
    scenario = load_scenario(SEED)
    rng = random.Random(7)
    for _ in range(5):
        values = {s["name"]: s["values"][rng.randrange(len(s["values"]))] for s in document["sliders"]}
        texts = [values.get(p["name"], p["value"]) for p in document["parameters"]]
        computed = browser.execute_script(
            "const values = arguments[0].map(Exact.parse);"
            "return payoffFormulas(Exact.R, values).map((f) => Exact.exactText(f()));", texts)
        game = scenario.evaluate(values)
        profiles = itertools.product(*map(range, game.shape))
        assert [Fraction(v) for v in computed] == [v for index in profiles for v in game.payoff(index)]


def test_moving_a_slider_past_a_threshold_with_the_keyboard_changes_the_equilibria_shown(tmp_path, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page, document = write_page(tmp_path, SEED, "--vary", "chip_spend")
    axis = document["sliders"][0]
    values = [Fraction(v) for v in axis["values"]]
    browser.get(page.as_uri())
    slider = browser.find_element(By.ID, "slider-0")
    at = int(slider.get_attribute("value"))
    assert at == axis["start"] and values[at] == 80
    positions = [s["start"] for s in document["sliders"]]
    start = assert_page_agrees_with_solve(browser, SEED, document, positions)

    threshold = max(Fraction(t["exact"]) for t in axis["thresholds"] if Fraction(t["exact"]) < values[at])
    while values[at] > threshold:  # step down with the arrow key, as a person would, onto the threshold
        slider.send_keys(Keys.ARROW_LEFT)
        moved = int(slider.get_attribute("value"))
        assert moved == at - 1
        at = moved
    assert values[at] == threshold == Fraction(64000, 4231)
    positions[0] = at
    tie = assert_page_agrees_with_solve(browser, SEED, document, positions)
    assert len(tie["equilibria"]) > 1, "the break-even game's equilibria"
    assert browser.find_element(By.ID, "at-threshold").is_displayed()
    assert browser.find_element(By.ID, "value-0").text == "64000/4231 (≈ 15.13)"
    browser.save_screenshot(str(tmp_path / "explorer-at-threshold.png"))

    slider.send_keys(Keys.ARROW_LEFT)  # past the threshold
    positions[0] = int(slider.get_attribute("value"))
    below = assert_page_agrees_with_solve(browser, SEED, document, positions)
    assert below["equilibria"] != start["equilibria"] and below["equilibria"] != tie["equilibria"]
    assert not browser.find_element(By.ID, "at-threshold").is_displayed()
    assert browser.get_log("browser") == [], "no script errors"
    assert browser.save_screenshot(str(tmp_path / "explorer.png"))
    assert (tmp_path / "explorer.png").stat().st_size > 10_000


def test_with_three_players_the_page_lists_solves_pure_equilibria_and_sends_mixed_ones_to_solve(tmp_path, browser):
    from selenium.webdriver.common.by import By

    page, document = write_page(tmp_path, "two-hyperscalers", "--vary", "p_cut=0:0.6:6")
    browser.get(page.as_uri())
    sliders = document["sliders"]
    at = [s["start"] for s in sliders]
    rng = random.Random(3)
    for _ in range(6):
        k = rng.randrange(len(sliders))
        at[k] = rng.randrange(len(sliders[k]["values"]))
        move(browser, k, at[k])
        assignments = [f"--set={s['name']}={s['values'][i]}" for s, i in zip(sliders, at) if i != s["start"]]
        expected = solved("two-hyperscalers", assignments)
        pure = [eq for eq in expected["equilibria"] if all(len(labels) == 1 for labels in eq["support"])]
        assert [(item["exact"], item["payoffs"]) for item in shown_items(browser)] == [
            (eq["exact"], eq["exact_payoffs"]) for eq in pure], assignments
        assert "mixed ones need chipgame solve" in browser.find_element(By.ID, "notes").text
        assert browser.find_element(By.ID, "regime").text.endswith("(pure equilibria only)")
    assert browser.get_log("browser") == [], "no script errors"


IRRATIONAL = """
title = "Roots, exp and log"
[parameters.a]
value = 2
range = [0, 4]
[parameters.b]
value = 1
range = [0.5, 3]
[[players]]
name = "Row"
strategies = ["U", "D"]
[[players]]
name = "Col"
strategies = ["L", "R"]
[payoffs]
"U, L" = ["sqrt(a)", "exp(b) - 2"]
"U, R" = ["log(b + 1)", "1"]
"D, L" = ["1", "where(a > 1, a, 0)"]
"D, R" = ["abs(a - 2) ** 2", "min(a, b) * 2"]
"""


def test_where_payoffs_are_irrational_the_page_rounds_them_and_says_so(tmp_path, browser):
    from selenium.webdriver.common.by import By

    scenario = tmp_path / "irrational.toml"
    scenario.write_text(IRRATIONAL, encoding="utf-8")
    page, document = write_page(tmp_path, str(scenario), "--vary", "a=0:4:8")
    browser.get(page.as_uri())
    sliders = document["sliders"]
    at = [s["start"] for s in sliders]
    rng = random.Random(5)
    for _ in range(8):
        k = rng.randrange(len(sliders))
        at[k] = rng.randrange(len(sliders[k]["values"]))
        move(browser, k, at[k])
        assignments = [f"--set={s['name']}={s['values'][i]}" for s, i in zip(sliders, at) if i != s["start"]]
        expected = solved(str(scenario), assignments)
        shown = shown_items(browser)
        assert len(shown) == len(expected["equilibria"]), assignments
        for item, eq in zip(shown, expected["equilibria"]):
            assert [float(Fraction(p)) for mix in item["exact"] for p in mix] == pytest.approx(
                [p for mix in eq["profile"] for p in mix])
            assert [float(Fraction(v)) for v in item["payoffs"]] == pytest.approx(eq["payoffs"])
        rational = all(eq["exact"] is not None for eq in expected["equilibria"])
        assert ("not rational here" in browser.find_element(By.ID, "notes").text) == (not rational), assignments
    assert browser.get_log("browser") == [], "no script errors"


def test_the_pages_solver_finds_solves_equilibria_on_random_small_games(tmp_path, browser):
    """Small integer payoffs tie often: many of these games are degenerate."""
    from chipgame.games import Game
    from chipgame.solvers import solve

    page, _ = write_page(tmp_path, "chicken")
    browser.get(page.as_uri())
    rng = random.Random(11)
    degenerate = 0
    for _ in range(120):
        m, n = rng.randint(1, 4), rng.randint(1, 4)
        payoffs = [[[rng.randint(-2, 2), rng.randint(-2, 2)] for _ in range(n)] for _ in range(m)]
        game = Game(("A", "B"), (tuple(f"r{i}" for i in range(m)), tuple(f"c{j}" for j in range(n))), payoffs)
        solution = solve(game)
        found = browser.execute_script(
            "const matrix = (p) => arguments[0].map((row) => row.map((cell) => Exact.q(BigInt(cell[p]), 1n)));"
            "const solved = Equilibria.bimatrix(matrix(0), matrix(1));"
            "return [solved.degenerate, solved.equilibria.map((eq) =>"
            " [eq.profile.map((mix) => mix.map(Exact.exactText)), eq.payoffs.map(Exact.exactText)])];", payoffs)
        assert found == [solution.degenerate, [[[[str(p) for p in mix] for mix in eq.profile],
                                                [str(v) for v in eq.payoffs]] for eq in solution.equilibria]], payoffs
        degenerate += solution.degenerate
    assert degenerate > 20, "degenerate games were among them"


def test_the_page_writes_numbers_as_the_reports_do(tmp_path, browser):
    """format_amount, format_number and the float they round, at any size, ties included."""
    from chipgame.reports.numbers import format_number

    page, _ = write_page(tmp_path, "chicken")
    browser.get(page.as_uri())
    rng = random.Random(17)
    values = [Fraction(rng.randint(-10**rng.randint(1, 40), 10**rng.randint(1, 40)),
                       rng.randint(1, 10**rng.randint(1, 30))) for _ in range(300)]
    values += [Fraction(n, d) for n in range(-25, 26) for d in (1, 2, 3, 8, 12, 13, 40, 80, 200, 10_000)]
    values += [Fraction(rng.randint(-10**6, 10**6), 2 ** rng.randint(0, 12)) for _ in range(200)]  # exact ties
    texts = [[str(v.numerator), str(v.denominator)] for v in values]
    written = browser.execute_script(
        "return arguments[0].map(([n, d]) => { const x = Exact.q(BigInt(n), BigInt(d)), f = Exact.toFloat(x);"
        " return [f, Exact.formatAmount(x), Exact.formatNumber(x), Exact.formatAmount(f), Exact.formatNumber(f)]; });",
        texts)
    for value, (rounded, *texts) in zip(values, written):
        assert float(rounded) == float(value)
        assert texts == [format_amount(value), format_number(value), format_amount(float(value)),
                         format_number(float(value))], value


ENTRY = """
title = "Entry with a fixed cost"
[parameters.m]
value = 0.5
range = [0, 1]
unit = "share"
source = "assumption: for the test"
[parameters.fixed]
value = 1
unit = "bn"
source = "assumption: for the test"
[[players]]
name = "Entrant"
strategies = ["Enter", "Stay out"]
[[players]]
name = "Incumbent"
strategies = ["Fight", "Share"]
[payoffs]
"Enter, Fight" = ["m - fixed", "-m"]
"Enter, Share" = ["1 - fixed", "1 - m"]
"Stay out, Fight" = ["0", "2"]
"Stay out, Share" = ["0", "2"]
"""


def test_the_command_line_names_the_scenario_and_sets_every_value_that_differs_from_its_own(tmp_path, browser):
    from selenium.webdriver.common.by import By

    folder = tmp_path / "my scenarios"
    folder.mkdir()
    scenario = folder / "entry.toml"
    scenario.write_text(ENTRY, encoding="utf-8")
    page = folder / "entry.html"
    result = CliRunner().invoke(main, ["explore", str(scenario), "--set", "fixed=3/4", "--set", "m=0.25",
                                       "-o", str(page)])
    assert result.exit_code == 0, result.output
    document = embedded_document(page.read_text(encoding="utf-8"))
    browser.get(page.as_uri())

    def command() -> list[str]:
        return shlex.split(browser.find_element(By.ID, "command").text)  # the path has a space: quoted

    # at the page's start, the values --set gave it (a slider's and a fixed parameter's) are set
    assert command() == ["chipgame", "solve", str(scenario), "--set", "m=0.25", "--set", "fixed=0.75"]
    assert shown_items(browser) == expected_items(solved(str(scenario), command()[3:]))
    # with the slider back at the scenario's own value, only the fixed parameter's is left
    (slider,) = document["sliders"]
    move(browser, 0, [Fraction(v) for v in slider["values"]].index(Fraction(1, 2)))
    assert command() == ["chipgame", "solve", str(scenario), "--set", "fixed=0.75"]
    assert shown_items(browser) == expected_items(solved(str(scenario), command()[3:]))
    assert browser.get_log("browser") == [], "no script errors"
