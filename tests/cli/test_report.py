"""chipgame report: a report for every seed, parsed; Markdown with figures beside it; atomic
writes; hostile strings escaped; errors in one line."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from chipgame.cli import main
from chipgame.payoffs import load_scenario, parse_scenario
from chipgame.reports import describe_mix, format_amount
from chipgame.reports.document import Heading, Paragraph
from chipgame.reports.numbers import REPORT_ROUNDED_NOTE
from chipgame.reports.report import build_report, write_report
from chipgame.seeds import seed_names
from chipgame.sensitivity import Varied
from chipgame.solvers import solve, subgame_perfect_equilibria

_VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "embed", "source", "track", "wbr"}


class _Structure(HTMLParser):
    """Checks that every element is closed in order, and collects tables' rows and the figures."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.tables: list[dict] = []
        self.figures = 0
        self.svg_texts: list[str] = []
        self._cell: list[str] | None = None
        self._caption = False
        self._in_svg_text = False

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        self.open.append(tag)
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "caption":
            self._caption = True
        elif tag == "svg":
            self.figures += 1
        elif tag == "text" and "svg" in self.open:
            self._in_svg_text = True

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1] if self.open else 'nothing'}")
            return
        self.open.pop()
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "caption":
            self._caption = False
        elif tag == "text":
            self._in_svg_text = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._caption:
            self.tables[-1]["caption"] += data
        if self._in_svg_text:
            self.svg_texts.append(data)


def parsed(page: str) -> _Structure:
    parser = _Structure()
    parser.feed(page)
    parser.close()
    assert parser.problems == [] and parser.open == [], (parser.problems, parser.open)
    return parser


def table(structure: _Structure, caption_start: str) -> list[list[str]]:
    found = [t for t in structure.tables if t["caption"].startswith(caption_start)]
    assert found, f"no table captioned {caption_start!r}"
    return found[0]["rows"]


def expected_rows(game, equilibria) -> list[list[str]]:
    return [[str(k), "pure" if eq.is_pure else "mixed",
             *(describe_mix(labels, mix) for labels, mix in zip(eq.strategies, eq.profile)),
             *(format_amount(v) for v in eq.payoffs)] for k, eq in enumerate(equilibria, start=1)]


@pytest.mark.slow
@pytest.mark.parametrize("seed", seed_names())
def test_a_report_for_every_seed_is_well_formed_with_its_figures_and_every_equilibrium(seed):
    scenario = load_scenario(seed)
    report = build_report(scenario, path_points=21, map_points=15)
    structure = parsed(report.html())
    game = scenario.evaluate()
    solution = solve(game)
    assert solution.equilibria
    assert table(structure, "Nash equilibria at the base values")[1:] == expected_rows(game, solution.equilibria)
    headings = re.findall(r"<h2>(.*?)</h2>", report.html())
    opening = ["Bottom line", "What would change it"] if len(game.players) == 2 else ["Bottom line"]
    assert headings == [*opening, "The question", "Payoffs at the base values", "Dominated strategies", "Equilibria",
                        "Robustness", "Sensitivity", "Reading", "Appendix: parameters", "Appendix: payoff formulas"]
    assert structure.figures == len(report.figures) >= (3 if len(game.players) == 2 else 1)  # paths, tornado
    assert all(figure.svg.startswith("<svg") and "</svg>" in figure.svg for figure in report.figures)
    assert any("payoff" in text for text in structure.svg_texts), "figures carry their axis labels as text"
    assert "<script" not in report.html()
    assert re.findall(r'(?:href|src)="(?!#|data:)', report.html()) == [], "self-contained: nothing to fetch"
    parameters = table(structure, "Values used in this report")
    assert [row[0] for row in parameters[1:]] == [p.name for p in scenario.parameters]
    if scenario.order is not None:
        rows = table(structure, "Subgame-perfect play")[1:]
        assert [row[1:1 + len(game.players)] for row in rows] == [
            list(spe.profile) for spe in subgame_perfect_equilibria(game, scenario.order)]


def test_the_report_of_the_main_seed_has_its_exact_thresholds_reading_and_regime_map():
    scenario = load_scenario("bytedance-vs-cambricon")
    report = build_report(scenario, varied=[Varied("chip_spend"), Varied("vendor_margin")], path_points=21,
                          map_points=15)
    page = report.html()
    structure = parsed(page)
    rows = table(structure, "Thresholds of chip_spend")[1:]
    assert [row[0] for row in rows] == ["15.12644765 = 64000/4231"]
    assert "ByteDance: Build | Cambricon: HoldMargin ; ByteDance: Buy | Cambricon: HoldMargin" == rows[0][2]
    assert [f.name for f in report.figures] == ["path-chip_spend", "path-vendor_margin",
                                                "regime-map-chip_spend-vendor_margin", "tornado"]
    regimes = table(structure, "Regimes on the map")[1:]
    assert abs(sum(float(row[2].rstrip("%")) for row in regimes) - 100) < 0.5
    reading = page[page.index("<h2>Reading</h2>"):]
    assert "ByteDance plays Build and Cambricon plays HoldMargin" in reading
    assert "64000/4231 (about 15.13)" in reading and "above the nearest threshold, 64000/4231" in reading
    assert "the base case holds in 39.8% of the declared parameter box" in reading and "so it is fragile" in reading
    assert "inhouse_cap binds: one more bn RMB per year of it is worth 1089/3200 (~0.34) to ByteDance" in reading
    assert "<math>" in page and "<mi>bd_build_hold</mi>" in page  # formulas as MathML, names whole


_BUILD_OR_BUY = """
title = "Build or buy"
[parameters.m]
value = {m}
range = [0.1, 0.9]
unit = "fraction of price"
source = "assumption: for the test"
[[players]]
name = "Buyer"
strategies = ["Buy", "Build"]
[[players]]
name = "Vendor"
strategies = ["Hold", "Cut"]
[payoffs]
"Buy, Hold" = ["-1/(1-m)", "m"]
"Buy, Cut" = ["-1/(1-m/2)", "m/2"]
"Build, Hold" = ["-15/7", "0"]
"Build, Cut" = ["-15/7", "-1"]
"""


def _section_of(blocks, k: int) -> str:
    """The heading of the section block ``k`` belongs to."""
    return next(block.text for block in reversed(blocks[:k + 1]) if isinstance(block, Heading))


def test_a_rounded_value_is_explained_once_at_the_end_of_the_section_where_one_first_appears():
    # m = 0.37: the buyer pays 100/63 for the vendor's 37/100, shown ~-1.59 in the bottom line
    report = build_report(parse_scenario(_BUILD_OR_BUY.format(m="0.37")), path_points=11)
    blocks = report.blocks
    notes = [k for k, block in enumerate(blocks) if isinstance(block, Paragraph) and block.text == REPORT_ROUNDED_NOTE]
    assert len(notes) == 1 and _section_of(blocks, notes[0]) == "Bottom line"
    assert "~-1.59" in blocks[1].text and isinstance(blocks[notes[0] + 1], Heading)
    assert REPORT_ROUNDED_NOTE in report.html() and REPORT_ROUNDED_NOTE in report.markdown()
    # m = 0.5: 2, 1/2, 4/3... every value is shown exactly, and nothing is said of ~
    exact = build_report(parse_scenario(_BUILD_OR_BUY.format(m="0.5")), path_points=11)
    assert not any("~" in block.text for block in exact.blocks if isinstance(block, Paragraph))
    assert REPORT_ROUNDED_NOTE not in exact.html()


def test_the_payoff_matrix_marks_best_responses_and_shades_pure_equilibria():
    scenario = load_scenario("prisoners-dilemma")
    report = build_report(scenario, path_points=11)
    page = report.html()
    rows = table(parsed(page), "Prisoner")  # first matrix caption starts with the row player's name
    game = scenario.evaluate()
    assert rows[0][1:] == list(game.strategies[1])
    defect = game.strategies[0].index("Defect")
    both = game.payoff((defect, defect))
    assert rows[1 + defect][1 + defect] == f"{format_amount(both[0])}*, {format_amount(both[1])}*"
    assert page.count('class="shaded"') == 1


def test_markdown_report_writes_its_figures_beside_it_and_links_them(tmp_path):
    output = tmp_path / "report.md"
    result = CliRunner().invoke(main, ["report", "bytedance-vs-cambricon", "--vary", "chip_spend", "-o", str(output)])
    assert result.exit_code == 0, result.output
    text = output.read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert links == ["report-path-chip_spend.svg", "report-tornado.svg"]
    for link in links:
        assert (tmp_path / link).read_text(encoding="utf-8").startswith("<svg")
    assert " = 64000/4231 | ByteDance: Buy" in text
    assert "$" in text and r"\mathit{chip\_spend}" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["report.md", *links])


def test_cli_writes_one_html_file_and_says_so(tmp_path):
    output = tmp_path / "out.html"
    result = CliRunner().invoke(main, ["report", "battle-of-the-sexes", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {output}"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]
    parsed(output.read_text(encoding="utf-8"))


@pytest.mark.parametrize("arguments, message", [
    (["report", "bytedance-vs-cambricon", "-o", "{dir}/r.pdf"], "a report is written as .html or .md"),
    (["report", "bytedance-vs-cambricon", "--set", "chip_spend=abc", "-o", "{dir}/r.html"], "chip_spend"),
    (["report", "bytedance-vs-cambricon", "--vary", "nonsense", "-o", "{dir}/r.html"], "nonsense"),
    (["report", "no-such-seed", "-o", "{dir}/r.html"], "no-such-seed"),
    (["report", "bytedance-vs-cambricon", "--vary", "chip_spend", "--vary", "p_cut", "--vary", "team_size",
      "-o", "{dir}/r.html"], "at most 2"),
    (["report", "bytedance-vs-cambricon", "--vary", "chip_spend", "-o", "{dir}/missing/r.html"], "cannot write"),
])
def test_bad_input_is_one_line_exit_2_and_leaves_no_file(tmp_path, arguments, message):
    result = CliRunner().invoke(main, [a.replace("{dir}", str(tmp_path)) for a in arguments])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("chipgame: error:") and message in lines[0]
    assert "Traceback" not in result.output
    assert list(tmp_path.rglob("*")) == []


def test_a_failure_while_writing_leaves_no_file_and_an_old_report_untouched(tmp_path, monkeypatch):
    scenario = load_scenario("matching-pennies")
    report = build_report(scenario, path_points=11)
    old = tmp_path / "r.md"
    old.write_text("old", encoding="utf-8")

    def broken(figure_link):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(type(report), "markdown", lambda self, link=None: broken(link))
    with pytest.raises(OSError):
        write_report(report, old)
    assert old.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


_HOSTILE = '''
title = "</title><script>alert(1)</script> *bold* | pipe"
description = "<img src=x onerror=alert(2)> # heading?"
[parameters.m]
value = 0.5
range = [0.1, 0.9]
unit = "<b>unit</b>"
source = "assumption: <iframe>"
[[players]]
name = "<Row>"
strategies = ["<U>", "D|x"]
[[players]]
name = "Col_umn"
strategies = ["L", "R"]
[payoffs]
"<U>, L" = ["m", "1"]
"<U>, R" = ["0", "0"]
"D|x, L" = ["0", "0"]
"D|x, R" = ["1", "m"]
'''


def test_scenario_strings_are_escaped_in_html_and_markdown(tmp_path):
    report = build_report(parse_scenario(_HOSTILE, "hostile.toml"), path_points=11)
    page = report.html()
    parsed(page)
    for raw in ("<script>", "<img", "<b>unit", "<iframe>", "<Row>", "<U>"):
        assert raw not in page
    assert "&lt;script&gt;" in page and "&lt;Row&gt;" in page
    markdown = report.markdown()
    assert re.findall(r"(?<!\\)<[A-Za-z/!]", markdown) == [], "no tag left unescaped"
    assert r"\*bold\*" in markdown and r"\|" in markdown and r"Col\_umn" in markdown


def test_an_unknown_parameter_of_a_three_player_report_is_one_line():
    result = CliRunner().invoke(main, ["report", "two-hyperscalers", "--vary", "nonsense", "-o", "x.html"])
    assert result.exit_code == 2 and "unknown parameter 'nonsense'" in result.stderr
