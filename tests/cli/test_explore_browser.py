"""The explorer page in a real headless Chromium: moving a slider with the keyboard past a
threshold changes the equilibria shown to what ``solve`` gives there.

The ``browser`` fixture (tests/conftest.py) skips without Chromium, except under CI.
"""

from __future__ import annotations

from fractions import Fraction

from click.testing import CliRunner

from chipgame.cli import main
from chipgame.payoffs import load_scenario
from chipgame.reports import describe_mix, format_amount
from chipgame.sensitivity import describe_structure, structure_of
from chipgame.solvers import solve
from tests.cli.test_explore import embedded_document

SEED = "bytedance-vs-cambricon"


def expected(scenario, name: str, value: Fraction) -> list[str]:
    """Each equilibrium at ``name = value`` as the page should show it, from ``solve``."""
    game = scenario.evaluate({name: value})
    return [" | ".join(f"{player}: {describe_mix(labels, mix)}"
                       for player, labels, mix in zip(game.players, eq.strategies, eq.profile))
            + "\npayoffs: " + ", ".join(f"{player} {format_amount(v)}" for player, v in zip(game.players, eq.payoffs))
            for eq in solve(game).equilibria]


def shown(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [item.text for item in driver.find_elements(By.CSS_SELECTOR, "#equilibria li")]


def test_moving_a_slider_past_a_threshold_with_the_keyboard_changes_the_equilibria_shown(tmp_path, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page = tmp_path / "explorer.html"
    result = CliRunner().invoke(main, ["explore", SEED, "--vary", "chip_spend", "-o", str(page)])
    assert result.exit_code == 0, result.output
    axis = embedded_document(page.read_text(encoding="utf-8"))["sliders"][0]
    values = [Fraction(v) for v in axis["values"]]
    scenario = load_scenario(SEED)

    browser.get(page.as_uri())
    slider = browser.find_element(By.ID, "slider-0")
    at = int(slider.get_attribute("value"))
    assert at == axis["start"] and values[at] == 80
    start = shown(browser)
    assert start == expected(scenario, "chip_spend", values[at]), "the page opens at the base values"

    threshold = max(Fraction(t["exact"]) for t in axis["thresholds"] if Fraction(t["exact"]) < values[at])
    while values[at] > threshold:  # step down with the arrow key, as a person would, onto the threshold
        slider.send_keys(Keys.ARROW_LEFT)
        moved = int(slider.get_attribute("value"))
        assert moved == at - 1
        at = moved
    assert values[at] == threshold == Fraction(64000, 4231)
    tie = shown(browser)
    assert tie == expected(scenario, "chip_spend", threshold) and len(tie) > 1, "the break-even game's equilibria"
    assert browser.find_element(By.ID, "at-threshold").is_displayed()
    assert browser.find_element(By.ID, "value-0").text == axis["shown"][at]
    browser.save_screenshot(str(tmp_path / "explorer-at-threshold.png"))

    slider.send_keys(Keys.ARROW_LEFT)  # past the threshold
    at = int(slider.get_attribute("value"))
    below = shown(browser)
    assert below == expected(scenario, "chip_spend", values[at])
    assert below != start and below != tie
    assert not browser.find_element(By.ID, "at-threshold").is_displayed()
    game = scenario.evaluate({"chip_spend": values[at]})
    assert browser.find_element(By.ID, "regime").text == describe_structure(
        game.players, structure_of(solve(game).equilibria))
    assert browser.get_log("browser") == [], "no script errors"
    assert browser.save_screenshot(str(tmp_path / "explorer.png"))
    assert (tmp_path / "explorer.png").stat().st_size > 10_000
