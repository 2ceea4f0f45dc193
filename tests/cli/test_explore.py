"""``chipgame explore``: a well-formed self-contained page with a slider for every parameter with a
range, whose regime map agrees with ``solve`` at every point, thresholds on the axes, hostile
scenario text escaped and never in code, one-line errors that leave no file. The page solving the
game live in a real browser: test_explore_browser.py."""

from __future__ import annotations

import itertools
import json
import re
from fractions import Fraction
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from chipgame.cli import main
from chipgame.payoffs import load_scenario
from chipgame.sensitivity import describe_structure, structure_of
from chipgame.sensitivity.threshold_search import MIXED_NOT_SCANNED, thresholds
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
    """The chipgame.explore/2 document in the page's ``<script type="application/json">``."""
    structure = parsed(page)
    position = [k for k, s in enumerate(structure.scripts) if s.get("type") == "application/json"]
    assert len(position) == 1 and structure.scripts[position[0]].get("id") == "explorer-data"
    return json.loads(structure.script_text[position[0]])


def explore(*args: str):
    return CliRunner().invoke(main, ["explore", *args])


def assert_map_agrees_with_solve_everywhere(document: dict, scenario, overrides=None) -> None:
    """Every point of the regime map has the regime ``solve`` gives there."""
    grid = document["map"]
    axes = [[Fraction(v) for v in axis] for axis in grid["axes"]]
    points = list(itertools.product(*axes))
    assert len(grid["points"]) == len(points)
    for values, regime in zip(points, grid["points"]):
        game = scenario.evaluate({**(overrides or {}), **dict(zip(grid["names"], values))})
        assert grid["regimes"][regime] == describe_structure(game.players, structure_of(solve(game).equilibria)), values


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
    document = embedded_document(text)
    scenario = load_scenario(SEED)
    ranged = [p.name for p in scenario.model.parameters if p.range is not None]
    assert [s["name"] for s in document["sliders"]] == ["chip_spend"] + [n for n in ranged if n != "chip_spend"]
    assert [s["id"] for s in sliders] == [f"slider-{k}" for k in range(len(ranged))]
    assert all(s["id"] in structure.labels for s in sliders)
    assert document["schema"] == "chipgame.explore/2"
    assert [p["name"] for p in document["parameters"]] == [p.name for p in scenario.model.parameters]
    assert "<title>ByteDance vs Cambricon, 2026 · explorer</title>" in text
    assert len(structure.scripts) == 2 and "const payoffFormulas = (function (R, p) {" in structure.script_text[1]


def test_every_slider_starts_at_the_base_value_and_steps_exactly(tmp_path):
    page = tmp_path / "explorer.html"
    assert explore(SEED, "--vary", "chip_spend=5:160:32", "--set", "p_cut=0.31", "-o", str(page)).exit_code == 0
    document = embedded_document(page.read_text(encoding="utf-8"))
    base = {p["name"]: Fraction(p["value"]) for p in document["parameters"]}
    assert base["p_cut"] == Fraction(31, 100)
    # the scenario's own values beside them, and the scenario as given, for the page's command line
    declared = {p.name: Fraction(p.value) for p in load_scenario(SEED).model.parameters}
    assert {p["name"]: Fraction(p["declared"]) for p in document["parameters"]} == declared
    assert declared["p_cut"] != base["p_cut"] and document["scenario"] == SEED
    for slider in document["sliders"]:
        values = [Fraction(v) for v in slider["values"]]
        assert values == sorted(set(values)) and values[slider["start"]] == base[slider["name"]]
        assert document["parameters"][slider["parameter"]]["name"] == slider["name"]
    p_cut = next(s for s in document["sliders"] if s["name"] == "p_cut")
    assert [Fraction(v) for v in p_cut["values"]] == sorted({Fraction(k * 6, 1000) for k in range(101)}
                                                            | {Fraction(31, 100)}
                                                            | {Fraction(t["exact"]) for t in p_cut["thresholds"]})


def test_the_axis_stops_at_the_exact_thresholds_and_opens_at_the_base_value(tmp_path):
    page = tmp_path / "explorer.html"
    assert explore(SEED, "--vary", "chip_spend=5:160:32", "-o", str(page)).exit_code == 0
    document = embedded_document(page.read_text(encoding="utf-8"))
    slider = document["sliders"][0]
    assert slider["name"] == "chip_spend" and slider["unit"] == "bn RMB per year"
    values = [Fraction(v) for v in slider["values"]]
    assert values == sorted(set(values)) and values[0] == 5 and values[-1] == 160
    assert set(values) == {5 + Fraction(155, 100) * k for k in range(101)} | {Fraction(64000, 4231)} | {
        Fraction(v) for v in document["map"]["axes"][0]}
    assert [t["exact"] for t in slider["thresholds"]] == ["64000/4231"]
    for threshold in slider["thresholds"]:
        assert values[threshold["index"]] == Fraction(threshold["exact"])
        assert threshold["position"] == threshold["index"]
    assert values[slider["start"]] == 80
    axis = [Fraction(v) for v in document["map"]["axes"][0]]
    assert len(axis) == 32 + 1 and Fraction(64000, 4231) in axis, "the map's axis: the even grid and the threshold"


def test_every_slider_marks_its_thresholds_across_its_declared_range(tmp_path):
    """The map's slider its own; every other its thresholds across its range, the others at base,
    as the tornado finds them (searched here: --vary was given)."""
    page = tmp_path / "explorer.html"
    assert explore(SEED, "--vary", "chip_spend=5:160:32", "--set", "p_cut=0.31", "-o", str(page)).exit_code == 0
    text = page.read_text(encoding="utf-8")
    document = embedded_document(text)
    model = load_scenario(SEED).model
    marked = 0
    for k, slider in enumerate(document["sliders"][1:], start=1):
        expected = thresholds(model, slider["name"], overrides={"p_cut": "0.31"}, scan_mixed=False)
        assert [(t["exact"], t["certified"]) for t in slider["thresholds"]] == [
            (str(t.exact), t.certified) for t in expected], slider["name"]
        values = [Fraction(v) for v in slider["values"]]
        for threshold in slider["thresholds"]:
            assert values[threshold["index"]] == Fraction(threshold["exact"]), "the slider stops on it"
            assert threshold["position"] == threshold["index"]
        track = text.split(f'id="slider-{k}"')[1].split('<div class="marks"')[1].split("</div>")[0]
        assert track.count('class="mark"') == len(slider["thresholds"])
        marked += bool(slider["thresholds"])
    assert marked >= 10, "most of bytedance-vs-cambricon's parameters change the equilibria in their range"


def test_a_stretch_not_scanned_is_a_dashed_band_across_it(tmp_path):
    """Three players: another slider's stretch where mixed equilibria can change is not scanned;
    the track shows it as a band from one end to the other (thresholds the slider stops on), with
    the reason; labels too close together are left to the marks' titles."""
    page = tmp_path / "explorer.html"
    assert explore("two-hyperscalers", "--vary", "p_cut=0:0.6:6", "-o", str(page)).exit_code == 0
    text = page.read_text(encoding="utf-8")
    document = embedded_document(text)
    k, slider = next((k, s) for k, s in enumerate(document["sliders"]) if s["name"] == "build_lead_months_bytedance")
    assert [(t["exact"], t["certified"], t["why"]) for t in slider["thresholds"]] == [
        ("24", True, None), (None, False, MIXED_NOT_SCANNED), ("77392/2679", True, None)]
    values = [Fraction(v) for v in slider["values"]]
    ends = values.index(24) / (len(values) - 1), values.index(Fraction(77392, 2679)) / (len(values) - 1)
    track = text.split(f'id="slider-{k}"')[1].split('<div class="marks"')[1].split("</div>")[0]
    assert f'class="mark uncertified" style="--at: {ends[0]:.6f}; --to: {ends[1]:.6f}"' in track
    assert "possibly in [24, 28.88839119], not certified: mixed equilibria" in track
    k = next(k for k, s in enumerate(document["sliders"]) if s["name"] == "horizon_years")
    track = text.split(f'id="slider-{k}"')[1].split('<div class="marks"')[1].split("</div>")[0]
    assert track.count('class="mark"') == 3 and track.count('class="mark uncertified"') == 3
    assert re.findall('class="mark-label">([^<]*)<', track) == ["2.315", "3.5"], \
        "2.492 is too near 2.315 for a label of its own (its title names it)"


def test_every_map_point_agrees_with_solve_exactly(tmp_path):
    page = tmp_path / "explorer.html"
    assert explore(SEED, "--vary", "chip_spend=5:160:32", "-o", str(page)).exit_code == 0
    document = embedded_document(page.read_text(encoding="utf-8"))
    assert_map_agrees_with_solve_everywhere(document, load_scenario(SEED))
    at_threshold = [Fraction(v) for v in document["map"]["axes"][0]].index(Fraction(64000, 4231))
    assert " ; " in document["map"]["regimes"][document["map"]["points"][at_threshold]], \
        "at the break-even point both sides of it are equilibria"


def test_two_map_parameters_and_an_override_agree_with_solve_at_every_point(tmp_path):
    page = tmp_path / "explorer.html"
    result = explore(SEED, "--vary", "chip_spend=5:160:6", "--vary", "vendor_margin=0.4:0.7:4",
                     "--set", "asic_coverage=0.5", "-o", str(page))
    assert result.exit_code == 0, result.output
    document = embedded_document(page.read_text(encoding="utf-8"))
    assert document["map"]["names"] == ["chip_spend", "vendor_margin"]
    assert [s["name"] for s in document["sliders"][:2]] == ["chip_spend", "vendor_margin"]
    assert document["map"]["plane"]["certified"] in (True, False)
    assert_map_agrees_with_solve_everywhere(document, load_scenario(SEED), {"asic_coverage": Fraction(1, 2)})


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
    code = structure.script_text[1]
    assert "Buyer" not in code and "Vendor" not in code and "spend" not in code and "alert" not in code, \
        "no scenario text in the code"
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
