"""Notebook display: games, solutions and sweeps as HTML (payoff matrices with best responses,
every equilibrium, regimes and figures, hostile names escaped, large games kept small), and
IPython shows them by itself once chipgame is imported in a running shell."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction as F
from html.parser import HTMLParser

import sympy

from chipgame.games import Game
from chipgame.payoffs import Parameter, PayoffModel
from chipgame.reports import describe_mix, format_amount
from chipgame.reports.notebook import (
    MAX_CELLS,
    MAX_REGIMES,
    game_html,
    register_html_formatters,
    solution_html,
    sweep_html,
)
from chipgame.sensitivity import grid_axis, sweep
from chipgame.solvers import solve


class Cells(HTMLParser):
    """The text of every table cell, by table, with whether it is bold and shaded; the SVGs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, bool, bool]]]] = []
        self.captions: list[str] = []
        self.svgs = 0
        self._cell: list[str] | None = None
        self._bold = self._shaded = False
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell, self._bold, self._shaded = [], False, ("class", "shaded") in attrs
        elif tag == "strong":
            self._bold = True
        elif tag == "caption":
            self._caption = []
        elif tag == "svg":
            self.svgs += 1

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(("".join(self._cell), self._bold, self._shaded))
            self._cell = None
        elif tag == "caption":
            self.captions.append("".join(self._caption))
            self._caption = None

    def handle_data(self, data):
        for part in (self._cell, self._caption):
            if part is not None:
                part.append(data)


def parse(html: str) -> Cells:
    cells = Cells()
    cells.feed(html)
    cells.close()
    return cells


def texts(table: list[list[tuple[str, bool, bool]]]) -> list[list[str]]:
    return [[text for text, _, _ in row] for row in table]


M, N = sympy.symbols("m n")
BUILD_OR_BUY = PayoffModel(
    ("Buyer", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
    {("Buy", "Hold"): (-1 / (1 - M), M), ("Buy", "Cut"): (-1 / (1 - M / 2), M / 2),
     ("Build", "Hold"): (-sympy.Rational(15, 7), 0), ("Build", "Cut"): (-sympy.Rational(15, 7), -1)},
    [Parameter("m", "1/2", range=("0.1", "0.9"), unit="fraction of price")], title="Build or buy")
"""Build beats buy above m = 8/15 (the example of chipgame.sensitivity.threshold_search)."""

BATTLE = Game(("Ann", "Bob"), (("Bach", "Stravinsky"), ("Bach", "Stravinsky")),
              [[[2, 1], [0, 0]], [[0, 0], [1, 2]]], title="Battle of the sexes")
"""Osborne, An Introduction to Game Theory (2004), 2.7.2: two pure equilibria and a mixed one,
Ann playing Bach with probability 2/3 and Bob with 1/3."""

HOSTILE = "<script>alert('x')</script> & \"co\""


def test_game_matrix_marks_every_best_response_and_shades_the_pure_equilibrium():
    cells = parse(game_html(BUILD_OR_BUY.evaluate()))
    [matrix] = cells.tables
    assert texts(matrix) == [["Buyer \\ Vendor", "Hold", "Cut"],
                             ["Buy", "-2*, 0.5*", "-4/3*, 0.25"],
                             ["Build", "-15/7, 0*", "-15/7, -1"]]
    bold = [[b for _, b, _ in row[1:]] for row in matrix[1:]]
    shaded = [[s for _, _, s in row[1:]] for row in matrix[1:]]
    assert bold == [[True, True], [True, False]]
    assert shaded == [[True, False], [False, False]]
    assert cells.captions == ["Buyer (rows) and Vendor (columns)"]


def test_solution_lists_every_equilibrium_with_exact_mixes_and_payoffs():
    solution = solve(BATTLE)
    assert len(solution.equilibria) == 3
    cells = parse(solution_html(solution))
    matrix, equilibria = cells.tables
    assert [shaded for row in matrix[1:] for _, _, shaded in row[1:]] == [True, False, False, True]
    assert "Nash equilibria: 3" in cells.captions
    assert texts(equilibria)[1:] == [
        [str(k), "pure" if eq.is_pure else "mixed",
         *(describe_mix(labels, mix) for labels, mix in zip(eq.strategies, eq.profile)),
         *(format_amount(v) for v in eq.payoffs)] for k, eq in enumerate(solution.equilibria, start=1)]
    mixed = texts(equilibria)[3]
    assert mixed[2:4] == ["Bach 2/3 · Stravinsky 1/3", "Bach 1/3 · Stravinsky 2/3"]
    assert mixed[4:] == ["2/3", "2/3"]


def test_degenerate_solution_says_so():
    tie = BUILD_OR_BUY.evaluate({"m": F(8, 15)})
    html = solution_html(solve(tie))
    assert "degenerate" in html
    assert len(parse(html).tables[1]) == 1 + len(solve(tie).equilibria) == 3


def test_hostile_names_are_escaped_everywhere():
    model = PayoffModel((HOSTILE, "B<i>"), (("<b>x</b>", "y & z"), ("'q'", "<r>")),
                        {("<b>x</b>", "'q'"): (M, 1), ("<b>x</b>", "<r>"): (0, 0),
                         ("y & z", "'q'"): (0, 0), ("y & z", "<r>"): (1 - M, N)},
                        [Parameter("m", "1/2", unit="<u>"), Parameter("n", 1, unit="<u>")],
                        title="<img src=x onerror=alert(1)>")
    game = model.evaluate()
    pages = [game_html(game), solution_html(solve(game)),
             sweep_html(sweep(model, [grid_axis("m", 0, 1, 11)])),
             sweep_html(sweep(model, [grid_axis("m", 0, 1, 5), grid_axis("n", -1, 1, 5)]))]
    for html in pages:
        assert "<script" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
        assert "<r>" not in html and "<u>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;co&quot;" in pages[0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[2]
    parsed = parse(pages[0])
    assert texts(parsed.tables[0])[0] == [f"{HOSTILE} \\ B<i>", "'q'", "<r>"]


def test_dollar_signs_in_names_are_text_in_figures_not_mathematics():
    model = PayoffModel(("$x^$", "V"), (("$a", "b"), ("c", "d")),
                        {("$a", "c"): (M, 1), ("$a", "d"): (0, 0), ("b", "c"): (0, 0), ("b", "d"): (1 - M, N)},
                        [Parameter("m", "1/2", unit="$\\bar$"), Parameter("n", 1)])
    path = sweep_html(sweep(model, [grid_axis("m", 0, 1, 11)]))
    regime_map = sweep_html(sweep(model, [grid_axis("m", 0, 1, 5), grid_axis("n", -1, 1, 5)]))
    assert parse(path).svgs == parse(regime_map).svgs == 1
    assert "$x^$" in path and "m ($\\bar$)" in path and "$x^$: $a" in regime_map


def test_large_games_show_whole_matrices_up_to_the_cell_budget():
    three = Game(("A", "B", "C"), tuple(tuple(f"{p}{k}" for k in range(n)) for p, n in zip("abc", (5, 5, 20))),
                 [[[[i, j, k] for k in range(20)] for j in range(5)] for i in range(5)])
    cells = parse(game_html(three))
    shown = MAX_CELLS // 25
    assert len(cells.tables) == shown < 20
    assert cells.captions[1] == "A (rows) and B (columns), with C playing c1"
    assert f"{shown} of 20 payoff matrices shown, one per profile of C." in game_html(three)
    big = Game(("Row", "Column"), (tuple(f"r{k}" for k in range(25)), tuple(f"c{k}" for k in range(25))),
               [[[i, j] for j in range(25)] for i in range(25)])
    html = solution_html(solve(big, method="pure"))
    assert "25 x 25 cells" in html
    assert len(parse(html).tables) == 1  # the equilibria only


def test_one_parameter_sweep_shows_a_path_and_its_regimes():
    result = sweep(BUILD_OR_BUY, [grid_axis("m", "1/15", "14/15", 14)])
    cells = parse(sweep_html(result))
    assert cells.svgs == 1
    [regimes] = cells.tables
    assert texts(regimes) == [["regime", "points", "m"],
                              ["Buyer: Buy | Vendor: Hold", "7", "1/15 to 7/15"],
                              ["Buyer: Build | Vendor: Hold ; Buyer: Buy | Vendor: Hold", "1", "8/15"],
                              ["Buyer: Build | Vendor: Hold", "6", "0.6 to 14/15"]]
    assert ("14 grid points: m from 1/15 to 14/15 (14 values). Regimes: 3. Points solved again exactly, one by "
            "one (break-even points): 1.") in sweep_html(result)


def test_two_parameter_sweep_shows_a_regime_map_and_its_largest_regimes():
    """Buy and build tie on the diagonal m = c: 41 one-point regimes between two large ones."""
    model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold",)),
                        {("Buy", "Hold"): (-M, M), ("Build", "Hold"): (-sympy.Symbol("c"), 0)},
                        [Parameter("m", 1), Parameter("c", 1)])
    result = sweep(model, [grid_axis("m", 0, 2, 41), grid_axis("c", 0, 2, 41)])
    html = sweep_html(result)
    cells = parse(html)
    assert cells.svgs == 1
    [table] = cells.tables
    regimes = texts(table)
    assert len(result.regimes) == 43 and len(regimes) == 1 + MAX_REGIMES
    assert cells.captions == [f"Regimes: connected sets of grid points with the same equilibrium strategies "
                              f"(the {MAX_REGIMES} largest of 43)"]
    assert regimes[0] == ["regime", "points", "m", "c"]
    assert ["Buyer: Buy | Vendor: Hold", "820", "0 to 1.95", "0.05 to 2"] in regimes
    assert ["Buyer: Build | Vendor: Hold", "820", "0.05 to 2", "0 to 1.95"] in regimes
    assert len(html) < 200_000


def test_without_a_running_shell_nothing_is_registered():
    assert register_html_formatters() is False


_IN_IPYTHON = """
import json, sys
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
import chipgame
from chipgame.sensitivity import grid_axis, sweep
scenario = chipgame.load_scenario("prisoners-dilemma")
game = scenario.evaluate()
objects = {"game": game, "solution": chipgame.solve(game),
           "sweep": sweep(scenario.model, [grid_axis(scenario.model.parameters[0].name, 0, 1, 5)])}
formats = {name: shell.display_formatter.format(value)[0] for name, value in objects.items()}
print(json.dumps({name: {"mimes": sorted(data), "html": data.get("text/html", ""), "plain": data["text/plain"]}
                  for name, data in formats.items()}))
"""


def test_chipgame_imported_in_a_running_ipython_shows_games_solutions_and_sweeps_as_html(tmp_path):
    done = subprocess.run([sys.executable, "-c", _IN_IPYTHON], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path, env={**os.environ, "IPYTHONDIR": str(tmp_path / "ipython")})
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    for name in ("game", "solution", "sweep"):
        assert shown[name]["mimes"] == ["text/html", "text/plain"], name
        assert shown[name]["html"].startswith('<div class="chipgame">')
    assert "Nash equilibria: 1" in shown["solution"]["html"]
    assert shown["sweep"]["plain"].startswith("Sweep(") and len(shown["sweep"]["plain"]) < 200


def test_plain_python_never_imports_ipython():
    done = subprocess.run([sys.executable, "-c", "import sys, chipgame; print('IPython' in sys.modules)"],
                          capture_output=True, text=True, timeout=300)
    assert done.stdout.strip() == "False", done.stderr
