"""The explorer page at degenerate points, in a real headless Chromium: where payoffs tie, the
page groups the extreme equilibria into components and maximal convex sets exactly as
``chipgame solve --format json`` does, and says so in words. Checked by hand on chicken at
prize = crash cost; at every threshold of every slider of two seeds and of random scenarios
whose payoffs tie often; and on random small games straight through the page's solver.

The ``browser`` fixture (tests/conftest.py) skips without Chromium, except under CI.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from tests.cli.test_explore_browser import assert_page_agrees_with_solve, move, write_page

pytestmark = pytest.mark.slow


def test_at_a_tie_of_chicken_the_page_says_how_the_equilibria_join(tmp_path, browser):
    """prize = crash cost = 2: Straight against Straight pays both drivers 0, as Swerve against
    Straight does, so a driver facing Straight may mix freely. (Straight, Straight) joins
    (Straight, Swerve) and (Swerve, Straight) by two segments: one component of two convex sets."""
    from selenium.webdriver.common.by import By

    page, document = write_page(tmp_path, "chicken")
    browser.get(page.as_uri())
    sliders = document["sliders"]
    at = [s["start"] for s in sliders]
    crash = [s["name"] for s in sliders].index("crash_cost")
    at[crash] = [Fraction(v) for v in sliders[crash]["values"]].index(2)
    move(browser, crash, at[crash])
    expected = assert_page_agrees_with_solve(browser, "chicken", document, at)
    assert expected["components"] == [{"equilibria": [0, 1, 2], "nash_subsets": [[0, 1], [0, 2]]}]
    assert browser.find_element(By.ID, "components").text.splitlines() == [
        "Equilibria 1, 2 and 3 form one connected set of equilibria, made of these pieces:",
        "Between equilibria 1 and 2 lies a whole segment of equilibria: Driver 1 plays Straight while "
        "Driver 2 plays any mix of Straight and Swerve.",
        "Between equilibria 1 and 3 lies a whole segment of equilibria: Driver 1 plays any mix of Straight "
        "and Swerve while Driver 2 plays Straight."]
    assert browser.find_element(By.ID, "notes").text == (
        "Degenerate here: payoffs tie, so the equilibria listed are corners of whole sets of equilibria, "
        "said just under them.")
    assert browser.save_screenshot(str(tmp_path / "explorer-components.png"))
    assert browser.get_log("browser") == [], "no script errors"


def assert_every_threshold_agrees(browser, source: str, *args: str, tmp_path) -> tuple[int, int]:
    """Each slider in turn on each of its rational thresholds (the others at their starts), where
    it stops: the page and ``solve`` agree there; returns how many points were degenerate, and how many of those had
    equilibria joined into a set."""
    page, document = write_page(tmp_path, source, *args)
    browser.get(page.as_uri())
    sliders = document["sliders"]
    starts = [s["start"] for s in sliders]
    degenerate = joined = 0
    for k, slider in enumerate(sliders):
        for threshold in slider["thresholds"]:
            if threshold["index"] is None:  # an irrational threshold lies between two stops
                with pytest.raises(ValueError):
                    Fraction(threshold["exact"])
                continue
            at = starts.copy()
            at[k] = threshold["index"]
            move(browser, k, at[k])
            expected = assert_page_agrees_with_solve(browser, source, document, at)
            degenerate += expected["degenerate"]
            joined += any(len(c["equilibria"]) > 1 for c in expected["components"])
        move(browser, k, starts[k])
    assert browser.get_log("browser") == [], "no script errors"
    return degenerate, joined


@pytest.mark.parametrize("source, args", [
    ("chicken", []), ("bytedance-vs-cambricon", ["--vary", "chip_spend=5:160:20"])])
def test_at_every_threshold_of_every_slider_the_page_groups_the_equilibria_as_solve_does(
        tmp_path, browser, source, args):
    degenerate, joined = assert_every_threshold_agrees(browser, source, *args, tmp_path=tmp_path)
    assert degenerate >= 2 and joined >= 1


def random_scenario(rng: random.Random) -> str:
    """A 3x3 game whose payoffs are small integers, some moved by s or t: ties are common."""
    terms = ["0", "1", "2", "-1", "s", "t", "1 - s", "2 * t - 1", "s + t - 1"]
    cells = [f'"{row}, {column}" = ["{rng.choice(terms)}", "{rng.choice(terms)}"]'
             for row in ("U", "M", "D") for column in ("L", "C", "R")]
    return "\n".join([
        'title = "Random ties"',
        "[parameters.s]", "value = 1", "range = [0, 2]",
        "[parameters.t]", "value = 0.5", "range = [0, 1]",
        "[[players]]", 'name = "Row"', 'strategies = ["U", "M", "D"]',
        "[[players]]", 'name = "Column"', 'strategies = ["L", "C", "R"]',
        "[payoffs]", *cells, ""])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_scenarios_at_their_thresholds(tmp_path, browser, seed):
    scenario = tmp_path / f"random-{seed}.toml"
    scenario.write_text(random_scenario(random.Random(seed)), encoding="utf-8")
    degenerate, joined = assert_every_threshold_agrees(browser, str(scenario), tmp_path=tmp_path)
    assert joined >= 1, "a threshold where equilibria join into a set"


def test_the_pages_components_are_solves_on_random_small_degenerate_games(tmp_path, browser):
    """Payoffs of 0 and 1 tie everywhere: components of several convex sets, sets of many corners."""
    from chipgame.games import Game
    from chipgame.solvers import solve

    page, _ = write_page(tmp_path, "chicken")
    browser.get(page.as_uri())
    rng = random.Random(19)
    several = cornered = 0
    for _ in range(150):
        m, n = rng.randint(1, 4), rng.randint(1, 4)
        payoffs = [[[rng.randint(0, 1), rng.randint(0, 2)] for _ in range(n)] for _ in range(m)]
        game = Game(("A", "B"), (tuple(f"r{i}" for i in range(m)), tuple(f"c{j}" for j in range(n))), payoffs)
        solution = solve(game)
        found = browser.execute_script(
            "const matrix = (p) => arguments[0].map((row) => row.map((cell) => Exact.q(BigInt(cell[p]), 1n)));"
            "const text = (mixes) => mixes.map((mix) => mix.map(Exact.exactText));"
            "return Equilibria.bimatrix(matrix(0), matrix(1)).components.map((c) => [c.equilibria,"
            " c.nashSubsets.map((s) => [s.equilibria, text(s.rows), text(s.columns)])]);", payoffs)
        assert found == [[list(c.equilibria), [[list(s.equilibria), [[str(p) for p in mix] for mix in s.rows],
                                                 [[str(p) for p in mix] for mix in s.columns]]
                                                for s in c.nash_subsets]]
                         for c in solution.components], payoffs
        several += any(len(c.nash_subsets) > 1 for c in solution.components)
        cornered += any(len(s.equilibria) > 2 for c in solution.components for s in c.nash_subsets)
    assert several > 10 and cornered > 10, "components of several sets, and sets of more than two corners"
