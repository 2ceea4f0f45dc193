"""The equilibrium report: everything about one scenario a decision-maker needs, in one document.

In order, decision first: the bottom line (what is played, and whether it is the only
equilibrium) and what would change it (the nearest threshold of each parameter on each side of
its value, nearest first); the question and the players; the payoff matrix at the base values
with best responses marked; dominated strategies; every equilibrium (exact), and subgame-perfect
play for sequential scenarios; decisions; robustness; sensitivity (thresholds, the equilibrium
path along each varied parameter, a regime map of two, a tornado chart); a plain-language
reading generated from those numbers; and an appendix with the parameters (units, sources) and
the payoff formulas as mathematics.

Examples
--------
>>> from chipgame.payoffs import parse_scenario
>>> scenario = parse_scenario('''
... title = "Build or buy"
... [parameters.m]
... value = 0.4
... range = [0.1, 0.9]
... unit = "fraction of price"
... source = "assumption: for the example"
... [[players]]
... name = "Buyer"
... strategies = ["Buy", "Build"]
... [[players]]
... name = "Vendor"
... strategies = ["Hold", "Cut"]
... [payoffs]
... "Buy, Hold" = ["-1/(1-m)", "m"]
... "Buy, Cut" = ["-1/(1-m/2)", "m/2"]
... "Build, Hold" = ["-15/7", "0"]
... "Build, Cut" = ["-15/7", "-1"]
... ''')
>>> report = build_report(scenario, path_points=21)
>>> [block.text for block in report.blocks if isinstance(block, Heading)][:4]
['Bottom line', 'What would change it', 'The question', 'Payoffs at the base values']
>>> "8/15" in report.html()
True
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ChipgameError, FileError, ModelError, ScenarioError
from ..games import Game
from ..payoffs import Scenario
from ..sensitivity.exploration import Varied
from ..sensitivity.parallel import local_workers
from ..sensitivity.robustness import robustness
from ..sensitivity.tornado_bars import TornadoBar, searched_thresholds, tornado
from ..solvers import (
    Elimination,
    Solution,
    SubgamePerfect,
    eliminate_dominated,
    solve,
    subgame_perfect_equilibria,
)
from .document import Block, BulletList, Figure, Formula, Heading, Paragraph, Strong, Table
from .files import write_atomically
from .game_tables import MATRIX_NOTE, best_response_blocks, equilibrium_blocks, matrix_tables
from .html_page import html_page
from .markdown_page import markdown_page
from .numbers import REPORT_ROUNDED_NOTE, format_amount, format_number
from .reading import commitment_sentences, dominance_sentences, equilibrium_sentences
from .report_bottom_line import bottom_line_blocks
from .report_sensitivity import MAP_POINTS, MAX_VARIED, PATH_POINTS, sensitivity_section
from .robustness_words import allocation_sentences, robustness_sentence
from .text import elimination_lines

__all__ = ["Report", "build_report", "check_report_path", "write_report", "REPORT_SUFFIXES", "MAX_VARIED"]

REPORT_SUFFIXES = (".html", ".md")
"""The kinds of report file: self-contained HTML, or Markdown with SVG figures beside it."""


@dataclass(frozen=True)
class Report:
    """A finished report: its title and its blocks, ready to render.

    Parameters
    ----------
    title
        The scenario's title.
    blocks
        Headings, paragraphs, tables and figures, in reading order.
    """

    title: str
    blocks: tuple[Block, ...]

    @property
    def figures(self) -> tuple[Figure, ...]:
        """The figures, in order."""
        return tuple(block for block in self.blocks if isinstance(block, Figure))

    def html(self) -> str:
        """One self-contained HTML page (inline CSS, SVG and MathML; nothing to fetch)."""
        return html_page(self.title, self.blocks)

    def markdown(self, figure_link: Callable[[Figure], str] = lambda figure: f"{figure.name}.svg") -> str:
        """Markdown, each figure linked by the file name ``figure_link`` gives it."""
        return markdown_page(self.title, self.blocks, figure_link)


def build_report(scenario: Scenario, overrides: Mapping[str, Any] | None = None, varied: Sequence[Varied] = (),
                 *, path_points: int = PATH_POINTS, map_points: int = MAP_POINTS, workers: int | None = None
                 ) -> Report:
    """Solve ``scenario`` and lay out its report.

    Parameters
    ----------
    scenario
        A loaded scenario.
    overrides
        Parameter values replacing the base values.
    varied
        Up to ``MAX_VARIED`` parameters for the sensitivity section; by default the two that
        matter most (those whose range holds a change of regime, widest payoff swing first).
    path_points, map_points
        Evenly spaced values along each varied parameter for its path (thresholds are added),
        and per side of the regime map.
    workers
        Local processes the tornado's parameters and the sensitivity section's parts are spread
        over; by default ``local_workers()``: every CPU where this process can fork them, else 1.
        The report does not depend on it.

    Raises
    ------
    ChipgameError
        For an unknown parameter or a bad override, naming the scenario's file.
    """
    try:
        workers = local_workers() if workers is None else workers
        return _Builder(scenario, overrides, path_points, map_points, workers).build(tuple(varied))
    except ChipgameError as error:
        raise error.in_file(scenario.source) from None


def write_report(report: Report, path: Path) -> tuple[Path, ...]:
    """Write ``report`` to ``path`` (``.html``, or ``.md`` with ``<stem>-<figure>.svg`` files beside
    it), all files or none; returns the paths written, the report last."""
    if check_report_path(path) == ".html":
        files = {path: report.html()}
    else:
        beside = {figure.name: path.with_name(f"{path.stem}-{figure.name}.svg") for figure in report.figures}
        files = {beside[figure.name]: figure.svg + "\n" for figure in report.figures}
        files[path] = report.markdown(lambda figure: beside[figure.name].name)
    write_atomically(files)
    return tuple(files)


def check_report_path(path: Path) -> str:
    """The kind of report ``path`` names (its suffix), checked before any work is done.

    Raises
    ------
    ScenarioError
        When the suffix is not one of ``REPORT_SUFFIXES``.
    FileError
        When the folder it would be written in does not exist.
    """
    suffix = path.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise ScenarioError(f"-o {path}: a report is written as {' or '.join(REPORT_SUFFIXES)}",
                            fix="name the output e.g. report.html or report.md")
    if not path.parent.is_dir():
        raise FileError(f"cannot write the file: the folder {path.parent} does not exist", file=str(path),
                        fix="create the folder first, or write the report elsewhere")
    return suffix


class _Builder:
    """Computes the pieces of one report and lays them out as blocks."""

    def __init__(self, scenario: Scenario, overrides: Mapping[str, Any] | None, path_points: int,
                 map_points: int, workers: int) -> None:
        self.scenario = scenario
        self.workers = workers
        self.model = scenario.model
        self.players = self.model.players
        self.overrides = dict(overrides or {})
        self.values = self.model.values_with(self.overrides)
        self.path_points = path_points
        self.map_points = map_points
        self.game = self.model.evaluate(self.overrides)

    def build(self, varied: tuple[Varied, ...]) -> Report:
        if len(varied) > MAX_VARIED:
            raise ScenarioError(f"{len(varied)} parameters to vary; a report varies at most {MAX_VARIED}",
                                fix=f"give --vary at most {MAX_VARIED} times")
        solution = solve(self.game)
        elimination = eliminate_dominated(self.game)
        sequential = None if self.scenario.order is None else subgame_perfect_equilibria(self.game, self.scenario.order)
        reading: list[str] = equilibrium_sentences(self.players, solution.equilibria) + dominance_sentences(elimination)
        if sequential is not None:
            reading += commitment_sentences(self.players, solution.equilibria, sequential)
        two_ranged = len(self.players) == 2 and any(p.range is not None for p in self.model.parameters)
        bars = (tornado(self.model, self.overrides, workers=self.workers, meanwhile=_import_figures) if two_ranged
                else ())
        blocks: list[Block] = [*bottom_line_blocks(solution, bars, self.values), *self._question(),
                               *self._matrices(self.game), *self._dominance(elimination),
                               *self._equilibria(solution, sequential)]
        if self.scenario.declares_choices or self.scenario.bargaining is not None:
            from .report_decisions import decision_section  # here: the decision machinery, for these only

            decision_blocks, decision_reading = decision_section(self.scenario, self.overrides)
            blocks += decision_blocks
            reading += decision_reading
        robust_blocks, robust_reading = self._robustness(bars)
        blocks += robust_blocks
        reading += robust_reading
        sensitivity, sensitivity_reading = sensitivity_section(self.model, self.overrides, varied, solution,
                                                               path_points=self.path_points,
                                                               map_points=self.map_points,
                                                               bars=bars if two_ranged else None,
                                                               workers=self.workers)
        blocks += sensitivity
        blocks += [Heading("Reading"), BulletList(tuple(reading + sensitivity_reading))]
        blocks += [*self._parameters(), *self._formulas()]  # the appendix: what the figures rest on
        return Report(self.scenario.title, tuple(_with_rounding_explained(blocks)))

    # -------------------------------------------------------------------- the game at base values

    def _question(self) -> list[Block]:
        blocks: list[Block] = [Heading("The question")]
        blocks += [Paragraph(part) for part in self.scenario.description.split("\n\n") if part.strip()]
        blocks.append(BulletList(tuple(f"{player} chooses one of: {', '.join(labels)}"
                                       for player, labels in zip(self.players, self.model.strategies))))
        if self.scenario.order is not None:
            blocks.append(Paragraph(f"Moves are made in turn: {' then '.join(self.scenario.order)}, each seeing the "
                                    "moves before it."))
        if self.scenario.claims:
            blocks.append(Paragraph(f"Claims of the source article examined: {', '.join(self.scenario.claims)}."))
        return blocks

    def _parameters(self) -> list[Block]:
        rows = []
        for p in self.model.parameters:
            value = self.values.get(p.name, p.value)
            shown = format_number(value) + ("" if value == p.value else f" (base {format_number(p.value)})")
            span = "" if p.range is None else f"{format_number(p.range[0])} to {format_number(p.range[1])}"
            rows.append((p.name, shown, p.unit, span, p.source, p.description))
        return [Heading("Appendix: parameters"),
                Table(("name", "value", "unit", "range", "source", "meaning"), tuple(rows),
                      caption="Values used in this report (sources are fact ids of the source article, or stated "
                              "assumptions)")]

    def _formulas(self) -> list[Block]:
        blocks: list[Block] = [Heading("Appendix: payoff formulas")]
        equations = self.scenario.equations
        if equations:
            blocks.append(Table(("name", "definition"),
                                tuple((name, _formula(expr)) for name, expr in equations.items()),
                                caption="Definitions, in the order they build on each other"))
        table = self.scenario.payoff_equations or self.model.payoffs
        rows: tuple[tuple[str | Formula, ...], ...] = tuple(
            (", ".join(profile), *(_formula(expr) for expr in table[profile]))
                     for profile in itertools.product(*self.model.strategies) if profile in table)
        blocks.append(Table(("profile", *self.players), rows,
                            caption="Each player's payoff at each profile of strategies (in player order)"))
        return blocks

    def _matrices(self, game: Game) -> list[Block]:
        return [Heading("Payoffs at the base values"), Paragraph(MATRIX_NOTE), *matrix_tables(game)]

    def _dominance(self, elimination: Elimination) -> list[Block]:
        return [Heading("Dominated strategies"),
                BulletList(tuple(elimination_lines(elimination)) if elimination.steps else
                           ("No strategy is strictly dominated, by a pure strategy or a mix.",))]

    def _equilibria(self, solution: Solution, sequential: Sequence[SubgamePerfect] | None) -> list[Block]:
        blocks: list[Block] = [Heading("Equilibria"), *equilibrium_blocks(solution, " at the base values"),
                               *best_response_blocks(solution.game)]
        if sequential is not None:
            order = " then ".join(self.scenario.order or ())
            rows = tuple((str(k), *spe.profile, *(format_amount(v) for v in spe.payoffs))
                         for k, spe in enumerate(sequential, start=1))
            blocks.append(Table(("#", *self.players, *(f"payoff {p}" for p in self.players)), rows,
                                caption=f"Subgame-perfect play when moves are made in turn ({order}), beside the Nash "
                                        "equilibria of simultaneous play above"))
        return blocks

    # -------------------------------------------------------------------- robustness

    def _robustness(self, bars: Sequence[TornadoBar]) -> tuple[list[Block], list[str]]:
        """The share of the declared parameter box that keeps the base case, its nearest thresholds
        (read off the tornado's ``bars`` where it has them), and the value of one more unit of a
        binding allocation cap; nothing without ranges."""
        try:
            result = robustness(self.model, overrides=self.overrides, searched=searched_thresholds(bars))
        except ModelError:
            return [], []
        sentences = [robustness_sentence(result), *allocation_sentences(self.model, self.overrides)]
        return [Heading("Robustness"), *(Paragraph(sentence) for sentence in sentences)], sentences


def _with_rounding_explained(blocks: Sequence[Block]) -> list[Block]:
    """``blocks`` with ``REPORT_ROUNDED_NOTE`` at the end of the section of the first rounded value."""
    first = next((k for k, block in enumerate(blocks) if "~" in _plain_text(block)), None)
    if first is None:
        return list(blocks)
    end = next((k for k in range(first + 1, len(blocks)) if isinstance(blocks[k], Heading)), len(blocks))
    return [*blocks[:end], Paragraph(REPORT_ROUNDED_NOTE), *blocks[end:]]


def _plain_text(block: Block) -> str:
    """The words of a block (not its formulas or figures)."""
    if isinstance(block, Paragraph | Heading):
        return block.text
    if isinstance(block, BulletList):
        return " ".join(block.items)
    if isinstance(block, Table):
        cells = [cell.text if isinstance(cell, Strong) else cell for row in block.rows for cell in row
                 if isinstance(cell, str | Strong)]
        return " ".join([block.caption, *cells])
    return ""


def _import_figures() -> None:
    """Import matplotlib, for the figures, while the tornado's first parameters are searched on
    the other workers (a third of a second, otherwise spent before the search; first, on one)."""
    importlib.import_module("chipgame.reports.figures")


def _formula(expr: Any) -> Formula:
    return Formula(expr)

