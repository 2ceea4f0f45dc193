"""The progress bar of long runs: drawn on a terminal, never into a pipe or a file."""

from __future__ import annotations

import io
import json
import re

import pytest
from click.testing import CliRunner

from chipgame import cli_documents, cli_sensitivity
from chipgame.cli import main
from chipgame.payoffs import load_scenario
from chipgame.progress import ProgressBar, Stages, shows_bar
from chipgame.sensitivity import batch_solve, threshold_search
from tests.cli.test_n_player_workers import SCENARIO as THREE_PLAYER_PENNIES

BAR = "━"
"""The character rich draws bars with."""


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def ordinary_terminal(monkeypatch):
    monkeypatch.setenv("TERM", "xterm")


def test_a_bar_only_for_a_terminal_and_more_than_one_chunk():
    assert shows_bar(Terminal(), 2)
    assert not shows_bar(Terminal(), 1)
    assert not shows_bar(io.StringIO(), 2)


@pytest.mark.parametrize(("stream", "chunks", "drawn"), [(Terminal(), 5, True), (Terminal(), 1, False),
                                                          (io.StringIO(), 5, False)])
def test_the_bar_is_drawn_exactly_when_it_should_be(stream, chunks, drawn):
    with ProgressBar(stream, "sweep") as progress:
        for done in range(chunks + 1):
            progress(done, chunks)
    text = stream.getvalue()
    assert (BAR in text and f"{chunks}/{chunks}" in text) is drawn
    assert (text == "") is not drawn


def _sweep(*extra: str):
    return CliRunner().invoke(main, ["sweep", "bytedance-vs-cambricon", "--vary", "chip_spend=5:60:50",
                                     "--vary", "vendor_margin=0.4:0.7:50", "--format", "json", *extra])


def test_the_sweep_command_draws_on_a_terminal_and_not_into_a_pipe(monkeypatch):
    monkeypatch.setattr(batch_solve, "CHUNK_POINTS", 1000)  # 2500 points: three chunks
    piped = _sweep()
    assert piped.exit_code == 0 and piped.stderr == "" and BAR not in piped.output
    terminal = Terminal()
    monkeypatch.setattr(cli_sensitivity, "ProgressBar",
                        lambda stream, label, **options: ProgressBar(terminal, label, **options))
    shown = _sweep()
    assert shown.exit_code == 0 and BAR in terminal.getvalue() and "3/3" in terminal.getvalue()
    assert json.loads(shown.stdout) == json.loads(piped.stdout)  # the bar stays out of the results


def test_the_tornado_command_counts_parameters_on_a_terminal_and_draws_nothing_into_a_pipe(monkeypatch):
    piped = CliRunner().invoke(main, ["tornado", "prisoners-dilemma", "--format", "json"])
    assert piped.exit_code == 0 and piped.stderr == "" and BAR not in piped.output
    terminal = Terminal()
    monkeypatch.setattr(cli_sensitivity, "ProgressBar",
                        lambda stream, label, **options: ProgressBar(terminal, label, **options))
    shown = CliRunner().invoke(main, ["tornado", "prisoners-dilemma", "--format", "json"])
    ranged = sum(p.range is not None for p in load_scenario("prisoners-dilemma").parameters)
    assert shown.exit_code == 0 and ranged > 1
    shown_text = terminal.getvalue()
    assert BAR in shown_text and f"{ranged}/{ranged}" in shown_text and "parameters" in shown_text
    assert json.loads(shown.stdout) == json.loads(piped.stdout)


def test_the_thresholds_scan_shows_progress_on_a_terminal_and_gives_the_same_thresholds(monkeypatch, tmp_path):
    # three-player pennies with a prize: all three players mix over the whole range, so the
    # stretch is scanned (at 101 points here: each is a three-player game solved exactly)
    path = tmp_path / "pennies.toml"
    path.write_text(THREE_PLAYER_PENNIES, encoding="utf-8")
    arguments = ["thresholds", str(path), "--vary", "prize", "--format", "json"]
    monkeypatch.setattr(threshold_search, "SCAN_POINTS", 101)
    monkeypatch.setattr(batch_solve, "N_PLAYER_CHUNK_POINTS", 16)
    piped = CliRunner().invoke(main, arguments)
    assert piped.exit_code == 0 and piped.stderr == "" and BAR not in piped.output
    terminal = Terminal()
    monkeypatch.setattr(cli_sensitivity, "ProgressBar",
                        lambda stream, label, **options: ProgressBar(terminal, label, **options))
    shown = CliRunner().invoke(main, arguments)
    assert shown.exit_code == 0 and BAR in terminal.getvalue()
    assert re.search(r"(\d+)/\1\b", terminal.getvalue())  # every chunk of the scan done
    assert json.loads(shown.stdout) == json.loads(piped.stdout)
    (region,) = json.loads(piped.stdout)["thresholds"]
    assert not region["certified"] and region["enclosure"] == ["1/2", "7/2"] and "scanned at" in region["why"]


@pytest.mark.slow
def test_the_explore_command_shows_each_stage_on_a_terminal_and_nothing_in_a_pipe(monkeypatch, tmp_path):
    arguments = ["explore", "bytedance-vs-cambricon", "-o", str(tmp_path / "page.json"), "--format", "json"]
    piped = CliRunner().invoke(main, arguments)
    assert piped.exit_code == 0 and piped.stderr == "" and BAR not in piped.output
    page = (tmp_path / "page.json").read_text(encoding="utf-8")
    terminal = Terminal()
    monkeypatch.setattr(cli_documents, "Stages", lambda stream: Stages(terminal))
    monkeypatch.setattr(batch_solve, "CHUNK_POINTS", 1000)  # the grid of 44 x 42 points: two chunks
    shown = CliRunner().invoke(main, arguments)
    ranged = sum(p.range is not None for p in load_scenario("bytedance-vs-cambricon").parameters)
    drawn = terminal.getvalue()
    assert shown.exit_code == 0 and shown.stderr == ""
    assert "choosing the sliders" in drawn and f"{ranged}/{ranged}" in drawn and "parameters" in drawn
    # the grid (44 x 42 points and a point of each regime of the plane) in chunks of 1000, all done
    chunks = -(-len(json.loads(page)["map"]["points"]) // 1000)
    assert "solving the grid" in drawn and f"{chunks}/{chunks} chunks" in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn)
    assert (tmp_path / "page.json").read_text(encoding="utf-8") == page
