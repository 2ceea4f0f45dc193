"""``chipgame explore``: a well-formed self-contained page whose embedded grid agrees with
``solve`` at every point, thresholds on the axes, hostile scenario text escaped, one-line errors
that leave no file. The page in a real browser: test_explore_browser.py."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from chipgame.cli import main
from chipgame.payoffs import load_scenario
from chipgame.reports import describe_mix, exact_text, format_amount
from chipgame.sensitivity import describe_structure, structure_of
from chipgame.solvers import solve

SEED = "bytedance-vs-cambricon"

VOID = {"meta", "input", "br", "hr", "img", "link", "wbr", "col", "area", "base", "source", "track", "embed"}


class PageStructure(HTMLParser):
    """Checks that every element is closed in order; collects ids, label targets, inputs,
    scripts and the attributes seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.ids: list[str] = []
        self.labels: set[str] = set()
        self.inputs: list[dict[str, str | None]] = []
        self.scripts: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self.script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "label":
            self.labels.add(attributes.get("for"))
        if tag == "input":
            self.inputs.append(attributes)
        if tag == "script":
            self.scripts.append(attributes)
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
        self.open.pop()

    def handle_data(self, data):
        if self.open and self.open[-1] == "script":
            self.script_text.append(data)


def parsed(page: str) -> PageStructure:
    structure = PageStructure()
    structure.feed(page)
    structure.close()
    assert structure.open == [], f"unclosed elements: {structure.open}"
    return structure


def embedded_document(page: str) -> dict:
    """The chipgame.explore/1 document in the page's ``<script type="application/json">``."""
    structure = parsed(page)
    position = [k for k, s in enumerate(structure.scripts) if s.get("type") == "application/json"]
    assert len(position) == 1 and structure.scripts[position[0]].get("id") == "explorer-data"
    return json.loads(structure.script_text[position[0]])


def explore(*args: str):
    return CliRunner().invoke(main, ["explore", *args])


def expected_equilibria(solution, players) -> list[tuple[str, list[list[str | None]], list[str]]]:
    """What the page should list, from an independent call of ``solve``: words, exact text, payoffs."""
    return [(" | ".join(f"{player}: {describe_mix(labels, mix)}"
                        for player, labels, mix in zip(players, eq.strategies, eq.profile)),
             [[exact_text(p) for p in mix] for mix in eq.profile],
             [format_amount(v) for v in eq.payoffs]) for eq in solution.equilibria]


def shown_equilibria(document: dict, point: dict) -> list[tuple[str, list[list[str | None]], list[str]]]:
    return [(document["profiles"][k]["text"], document["profiles"][k]["exact"], payoffs)
            for k, payoffs in point["equilibria"]]


def assert_agrees_with_solve_everywhere(document: dict, scenario, overrides=None) -> None:
    names = [s["name"] for s in document["sliders"]]
    axes = [[Fraction(v) for v in s["values"]] for s in document["sliders"]]
    points = list(itertools.product(*axes))
    assert len(document["points"]) == len(points)
    for values, point in zip(points, document["points"]):
        game = scenario.evaluate({**(overrides or {}), **dict(zip(names, values))})
        solution = solve(game)
        assert shown_equilibria(document, point) == expected_equilibria(solution, game.players), values
        assert document["regimes"][point["regime"]] == describe_structure(game.players,
                                                                          structure_of(solution.equilibria))
        rows, columns = game.payoff_array(0), game.payoff_array(1)
        for i, j in itertools.product(range(game.shape[0]), range(game.shape[1])):
            best = (rows[i, j] >= max(rows[:, j])) + 2 * (columns[i, j] >= max(columns[i, :]))
            assert point["cells"][i][j] == [format_amount(rows[i, j]), format_amount(columns[i, j]), best]


def test_page_is_well_formed_self_contained_and_labelled(tmp_path):
    page = tmp_path / "explorer.html"
    result = explore(SEED, "--vary", "chip_spend=5:160:32", "-o", str(page))
    assert result.exit_code == 0, result.output
    assert f"wrote {page}" in result.stdout
    text = page.read_text(encoding="utf-8")
    structure = parsed(text)
    assert structure.tags[:2] == ["html", "head"] and text.startswith("<!DOCTYPE html>")
    assert len(structure.ids) == len(set(structure.ids)), "ids are unique"
    assert not {"link", "img", "iframe", "object"} & set(structure.tags), "nothing loaded from elsewhere"
    assert all("src" not in script for script in structure.scripts), "every script is inline"
    assert "http://" not in text and "https://" not in text
    sliders = [i for i in structure.inputs if i.get("type") == "range"]
    assert [s["id"] for s in sliders] == ["slider-0"] and "slider-0" in structure.labels
    document = embedded_document(text)
    assert document["schema"] == "chipgame.explore/1"
    assert "<title>ByteDance vs Cambricon, 2026 · explorer</title>" in text


def test_the_axis_stops_at_the_exact_thresholds_and_opens_at_the_base_value(tmp_path):
    page = tmp_path / "explorer.html"
    assert explore(SEED, "--vary", "chip_spend=5:160:32", "-o", str(page)).exit_code == 0
    slider = embedded_document(page.read_text(encoding="utf-8"))["sliders"][0]
    assert slider["name"] == "chip_spend" and slider["unit"] == "bn RMB per year"
    values = [Fraction(v) for v in slider["values"]]
    assert values == sorted(set(values)) and values[0] == 5 and values[-1] == 160
    assert len(values) == 32 + 1, "the even grid (which holds the base value 80) and the threshold"
    assert [t["exact"] for t in slider["thresholds"]] == ["64000/4231"]
    for threshold in slider["thresholds"]:
        assert values[threshold["index"]] == Fraction(threshold["exact"])
        assert threshold["position"] == threshold["index"]
    assert values[slider["start"]] == 80


def test_every_grid_point_agrees_with_solve_exactly(tmp_path):
    page = tmp_path / "explorer.html"
    assert explore(SEED, "--vary", "chip_spend=5:160:32", "-o", str(page)).exit_code == 0
    document = embedded_document(page.read_text(encoding="utf-8"))
    assert_agrees_with_solve_everywhere(document, load_scenario(SEED))
    at_threshold = document["points"][document["sliders"][0]["thresholds"][0]["index"]]
    assert len(at_threshold["equilibria"]) > 1, "at the break-even point both sides of it are equilibria"


def test_two_sliders_and_an_override_agree_with_solve_at_every_point(tmp_path):
    page = tmp_path / "explorer.html"
    result = explore(SEED, "--vary", "chip_spend=5:160:6", "--vary", "vendor_margin=0.4:0.7:4",
                     "--set", "asic_coverage=0.5", "-o", str(page))
    assert result.exit_code == 0, result.output
    document = embedded_document(page.read_text(encoding="utf-8"))
    assert [s["name"] for s in document["sliders"]] == ["chip_spend", "vendor_margin"]
    assert_agrees_with_solve_everywhere(document, load_scenario(SEED), {"asic_coverage": Fraction(1, 2)})


def test_json_format_writes_the_document_alone(tmp_path):
    page, data = tmp_path / "explorer.html", tmp_path / "explorer.json"
    assert explore(SEED, "--vary", "chip_spend=5:160:32", "-o", str(page)).exit_code == 0
    assert explore(SEED, "--vary", "chip_spend=5:160:32", "--format", "json", "-o", str(data)).exit_code == 0
    assert json.loads(data.read_text(encoding="utf-8")) == embedded_document(page.read_text(encoding="utf-8"))


HOSTILE = """
title = "</script><script>alert(1)</script>"
description = "<!-- <script>alert(2)</script> & more"

[parameters.spend]
value = 10
range = [2, 20]
unit = "\\"><img src=x onerror=alert(3)>"
source = "<b>F1</b>"
description = "</p><script>alert(4)</script>"

[[players]]
name = "<i>Buyer</i>"
strategies = ["Buy", "Build"]

[[players]]
name = "Vendor & Co"
strategies = ["Sell"]

[payoffs]
"Buy, Sell" = ["-spend", "spend / 2"]
"Build, Sell" = ["-spend / 2 - 3", "0"]
"""


def test_hostile_scenario_text_is_escaped_in_the_page_and_in_its_data(tmp_path):
    scenario, page = tmp_path / "hostile.toml", tmp_path / "explorer.html"
    scenario.write_text(HOSTILE, encoding="utf-8")
    result = explore(str(scenario), "--vary", "spend=2:20:10", "-o", str(page))
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    for hostile in ("<script>alert", "<img", "<i>Buyer", "<b>F1", "<!--", "onerror=alert(3)>"):
        assert hostile not in text
    structure = parsed(text)
    assert len(structure.scripts) == 2 and "img" not in structure.tags and "i" not in structure.tags
    document = embedded_document(text)
    assert document["title"] == "</script><script>alert(1)</script>", "the data round-trips unchanged"
    assert document["players"] == ["<i>Buyer</i>", "Vendor & Co"]
    assert document["sliders"][0]["unit"] == '"><img src=x onerror=alert(3)>'


@pytest.mark.parametrize("args, message", [
    (["--vary", "no_such_parameter"], "unknown parameter 'no_such_parameter'"),
    (["--vary", "chip_spend=5:160:3:4"], "is not NAME, NAME=LO:HI or NAME=LO:HI:N"),
    (["--vary", "chip_spend=5:160:100000"], "more than 200000 payoffs"),
    (["--vary", "chip_spend", "--vary", "vendor_margin", "--vary", "p_cut", "--vary", "cut_margin"],
     "at most 3 sliders"),
    (["--vary", "chip_spend", "--set", "chip_spend=x"], "chip_spend"),
])
def test_bad_input_is_one_line_exit_2_and_no_file(tmp_path, args, message):
    page = tmp_path / "explorer.html"
    result = explore(SEED, *args, "-o", str(page))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("chipgame: error:") and message in lines[0], result.stderr
    assert list(tmp_path.iterdir()) == [], "no page and no temporary file"


def test_a_page_that_cannot_be_written_is_one_line_and_an_existing_page_is_kept(tmp_path):
    missing = tmp_path / "no" / "such" / "explorer.html"
    result = explore(SEED, "--vary", "chip_spend=5:160:5", "-o", str(missing))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "cannot write" in result.stderr and not missing.parent.exists()
    page = tmp_path / "explorer.html"
    page.write_text("earlier page", encoding="utf-8")
    assert explore(SEED, "--vary", "chip_spend=5:160:100000", "-o", str(page)).exit_code == 2
    assert page.read_text(encoding="utf-8") == "earlier page" and list(tmp_path.iterdir()) == [page]
