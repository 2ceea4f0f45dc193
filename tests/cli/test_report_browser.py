"""A report as a reader sees it: opened in a real headless Chromium, its formulas, figures and
tables are laid out with real sizes, and a screenshot is taken (kept in pytest's tmp_path).

The ``browser`` fixture (tests/conftest.py) skips without Chromium, except under CI.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from chipgame.cli import main


@pytest.mark.slow
def test_the_report_renders_its_mathml_figures_and_tables_in_a_browser(tmp_path, browser):
    from selenium.webdriver.common.by import By

    page = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "bytedance-vs-cambricon", "-o", str(page)])
    assert result.exit_code == 0, result.output
    browser.get(page.as_uri())
    formulas = browser.find_elements(By.TAG_NAME, "math")
    assert formulas and all(f.size["height"] > 0 and f.size["width"] > 0 for f in formulas[:20]), \
        "MathML is laid out by the browser"
    figures = browser.find_elements(By.CSS_SELECTOR, "figure svg")
    assert len(figures) == 4 and all(f.size["width"] > 300 and f.size["height"] > 200 for f in figures)
    headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    assert headings[:3] == ["Bottom line", "What would change it", "The question"], "the decision comes first"
    assert headings[-3:] == ["Reading", "Appendix: parameters", "Appendix: payoff formulas"]
    first = browser.find_element(By.TAG_NAME, "table")
    assert first.location["y"] < 1200, "the answer and what would change it are on the first screen"
    shaded = browser.find_elements(By.CSS_SELECTOR, "td.shaded")
    assert [cell.text for cell in shaded] == ["~-89.61*, ~0.04*"], "the pure equilibrium cell is highlighted"
    assert browser.get_log("browser") == []
    assert any("\u00b7" in f.text for f in formulas), "products show a centred dot between names"
    browser.set_window_size(800, 1200)
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), \
        "no table or formula runs off the page: wide ones wrap or scroll inside their box"
    browser.set_window_size(1200, 1600)
    assert browser.save_screenshot(str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 20_000
