"""The equilibrium report: everything about one scenario a decision-maker needs, in one document.

In order: the question and the players; the parameters with units and sources; the payoff
formulas as mathematics; the payoff matrix at the base values with best responses marked;
dominated strategies; every equilibrium (exact), and subgame-perfect play for sequential
scenarios; sensitivity (thresholds, the equilibrium path along each varied parameter, a regime
map of two, a tornado chart); and a plain-language reading generated from those numbers.

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
['The question', 'Parameters', 'Payoff formulas', 'Payoffs at the base values']
>>> "8/15" in report.html()
True
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ChipgameError, ModelError, ScenarioError
from ..games import Game, Number
from ..payoffs import Scenario
from ..payoffs.choices import Types
from ..sensitivity.bargaining import nash_bargaining
from ..sensitivity.bayesian import decision_against_belief, type_agent_model
from ..sensitivity.decision_drivers import decision_drivers
from ..sensitivity.decisions import best_decision
from ..sensitivity.exploration import Varied, explore, ranked_parameters
from ..sensitivity.grid import Axis, grid_axis
from ..sensitivity.regime_cells import cell_samples, with_cell_samples
from ..sensitivity.regime_samples import with_regime_samples
from ..sensitivity.regimes import describe_structure, structure_of
from ..sensitivity.robustness import robustness
from ..sensitivity.sweeps import sweep
from ..sensitivity.threshold_search import Threshold, threshold_interval, thresholds
from ..sensitivity.tornado_bars import TornadoBar, tornado
from ..solvers import (
    Elimination,
    Equilibrium,
    Solution,
    SubgamePerfect,
    eliminate_dominated,
    solve,
    subgame_perfect_equilibria,
)
from .bargain_output import bargain_sentences
from .decision_words import decision_sentences, format_value
from .document import Block, BulletList, Figure, Formula, Heading, Paragraph, Table
from .figures import path_figure, regime_map_figure, tornado_figure
from .files import write_atomically
from .formulas import formula_latex, formula_mathml
from .game_tables import MATRIX_NOTE, equilibrium_blocks, matrix_tables
from .html_page import html_page
from .markdown_page import markdown_page
from .numbers import format_amount, format_number
from .reading import (
    commitment_sentences,
    dominance_sentences,
    equilibrium_sentences,
    share_sentences,
    threshold_sentences,
    tornado_sentences,
)
from .robustness_words import allocation_sentences, robustness_sentence
from .text import elimination_lines
from .threshold_words import (
    NOTHING_CHANGES,
    plane_note,
    threshold_text,
    thresholds_heading,
    tornado_notes,
    uncertified_notes,
    unsolved_at,
)

__all__ = ["Report", "build_report", "check_report_path", "write_report", "REPORT_SUFFIXES", "MAX_VARIED"]

REPORT_SUFFIXES = (".html", ".md")
"""The kinds of report file: self-contained HTML, or Markdown with SVG figures beside it."""

MAX_VARIED = 2
"""Most parameters a report varies: a path for each, a regime map of two."""

_PATH_POINTS = 201
_MAP_POINTS = 81
_N_PLAYER_PATH_POINTS = 41


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
                 *, path_points: int = _PATH_POINTS, map_points: int = _MAP_POINTS) -> Report:
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

    Raises
    ------
    ChipgameError
        For an unknown parameter or a bad override, naming the scenario's file.
    """
    try:
        return _Builder(scenario, overrides, path_points, map_points).build(tuple(varied))
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
    """
    suffix = path.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise ScenarioError(f"-o {path}: a report is written as {' or '.join(REPORT_SUFFIXES)}",
                            fix="name the output e.g. report.html or report.md")
    return suffix


class _Builder:
    """Computes the pieces of one report and lays them out as blocks."""

    def __init__(self, scenario: Scenario, overrides: Mapping[str, Any] | None, path_points: int,
                 map_points: int) -> None:
        self.scenario = scenario
        self.model = scenario.model
        self.players = self.model.players
        self.overrides = dict(overrides or {})
        self.values = self.model.values_with(self.overrides)
        self.path_points = path_points
        self.map_points = map_points
        self.game = self.model.evaluate(self.overrides)
        self.two_players = len(self.players) == 2
        self.units = {p.name: p.unit for p in self.model.parameters}

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
        blocks: list[Block] = [*self._question(), *self._parameters(), *self._formulas(),
                               *self._matrices(self.game), *self._dominance(elimination),
                               *self._equilibria(solution, sequential)]
        decision_blocks, decision_reading = self._decisions()
        blocks += decision_blocks
        reading += decision_reading
        robust_blocks, robust_reading = self._robustness()
        blocks += robust_blocks
        reading += robust_reading
        sensitivity, sensitivity_reading = self._sensitivity(varied, solution)
        blocks += sensitivity
        blocks += [Heading("Reading"), BulletList(tuple(reading + sensitivity_reading))]
        return Report(self.scenario.title, tuple(blocks))

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
        return [Heading("Parameters"),
                Table(("name", "value", "unit", "range", "source", "meaning"), tuple(rows),
                      caption="Values used in this report (sources are fact ids of the source article, or stated "
                              "assumptions)")]

    def _formulas(self) -> list[Block]:
        blocks: list[Block] = [Heading("Payoff formulas")]
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
        blocks: list[Block] = [Heading("Equilibria"), *equilibrium_blocks(solution, " at the base values")]
        if sequential is not None:
            order = " then ".join(self.scenario.order or ())
            rows = tuple((str(k), *spe.profile, *(format_amount(v) for v in spe.payoffs))
                         for k, spe in enumerate(sequential, start=1))
            blocks.append(Table(("#", *self.players, *(f"payoff {p}" for p in self.players)), rows,
                                caption=f"Subgame-perfect play when moves are made in turn ({order}), beside the Nash "
                                        "equilibria of simultaneous play above"))
        return blocks

    # -------------------------------------------------------------------- decisions

    def _decisions(self) -> tuple[list[Block], list[str]]:
        """Each declared decision: its best value, the payoffs under each tie convention, the
        thresholds the owner plays against, the parameters that move it and, with types, the
        decision made against the belief; and the bargain over a parameter, when the scenario
        declares one. A subsection of the equilibria."""
        blocks: list[Block] = []
        reading: list[str] = []
        for declared in self.scenario.decisions:
            decision = best_decision(self.model, declared.parameter, declared.player, self.overrides)
            drivers = decision_drivers(self.model, decision, self.overrides)
            sentences = decision_sentences(decision, self.players, drivers)
            rows = tuple((convention, format_value(outcome.value), "yes" if outcome.attained else
                          f"approached from {outcome.side}", format_value(outcome.payoff),
                          _structure(self.players, (outcome.response,)))
                         for convention, outcome in (("ties in its favour", decision.best),
                                                     ("that tie against it", decision.against),
                                                     ("every tie against it", decision.cautious)))
            blocks += [Heading(f"Decision: {declared.player} chooses {declared.parameter}", 4),
                       Paragraph(" ".join(sentences)),
                       Table(("convention", declared.parameter, "attained", f"payoff {declared.player}",
                              "game played"), rows,
                             caption=f"{declared.player}'s best {declared.parameter} in "
                                     f"{format_number(decision.interval[0])} to {format_number(decision.interval[1])}, "
                                     "chosen before the game is played")]
            if drivers:
                blocks.append(Table(("parameter", f"d {declared.parameter} / d parameter", "elasticity"),
                                    tuple((d.parameter, format_value(d.slope),
                                           "" if d.elasticity is None else f"{d.elasticity:+.3g}") for d in drivers),
                                    caption=f"What moves the best {declared.parameter}: its slope in each parameter "
                                            "at the values above, exact"))
            reading.append(sentences[0])
            types = self.scenario.types
            if types is not None and types.player != declared.player:
                believed = decision_against_belief(self.model, types, declared.parameter, declared.player,
                                                   self.overrides)
                agents = type_agent_model(self.model, types).players
                blocks.append(Paragraph(f"Not knowing {types.parameter} (only {types.player} does), against the "
                                        f"belief {_belief(types)}: " + " ".join(decision_sentences(believed, agents))))
        if self.scenario.bargaining is not None:
            sentences = bargain_sentences(nash_bargaining(self.model, self.scenario.bargaining, self.overrides))
            blocks += [Heading(f"Bargaining over {self.scenario.bargaining.parameter}", 4),
                       Paragraph(" ".join(sentences))]
            reading.append(sentences[-1])
        return ([Heading("Decisions", 3), *blocks] if blocks else []), reading

    # -------------------------------------------------------------------- robustness

    def _robustness(self) -> tuple[list[Block], list[str]]:
        """The share of the declared parameter box that keeps the base case, its nearest thresholds,
        and the value of one more unit of a binding allocation cap; nothing without ranges."""
        try:
            result = robustness(self.model, overrides=self.overrides)
        except ModelError:
            return [], []
        sentences = [robustness_sentence(result), *allocation_sentences(self.model, self.overrides)]
        return [Heading("Robustness"), *(Paragraph(sentence) for sentence in sentences)], sentences

    # -------------------------------------------------------------------- sensitivity

    def _sensitivity(self, varied: tuple[Varied, ...], solution: Solution) -> tuple[list[Block], list[str]]:
        ranged = [p for p in self.model.parameters if p.range is not None]
        if not varied and not ranged:
            return [Heading("Sensitivity"), Paragraph("No parameter declares a range, and none was given to vary.")], []
        if not self.two_players:
            return self._n_player_sensitivity(varied or (Varied(ranged[0].name),))
        bars = tornado(self.model, self.overrides) if ranged else ()
        varied = varied or tuple(Varied(name) for name in ranked_parameters(bars, MAX_VARIED))
        blocks: list[Block] = [Heading("Sensitivity")]
        reading: list[str] = []
        for item in varied:
            path_blocks, path_reading = self._path(item)
            blocks += path_blocks
            reading += path_reading
        if len(varied) == 2:
            map_blocks, map_reading = self._regime_map(varied)
            blocks += map_blocks
            reading += map_reading
        if bars:
            blocks += self._tornado(bars, solution)
            reading += tornado_sentences(bars, self.players)
        return blocks, reading

    def _path(self, item: Varied) -> tuple[list[Block], list[str]]:
        count = self.path_points if item.count is None else item.count
        exploration = explore(self.model, [Varied(item.name, item.low, item.high, count)], self.overrides)
        slider = exploration.sliders[0]
        interval = threshold_interval(self.model, item.name, item.low, item.high)
        unit = self.units.get(item.name, "")
        blocks: list[Block] = [Heading(f"Moving {item.name}", 3),
                               *_threshold_table(item.name, slider.thresholds, self.players, interval)]
        values = [float(v) for v in slider.axis.values]
        marks = [(t.value, f"{t.value:.4g}") for t in slider.thresholds]
        blocks.append(Figure(f"path-{item.name}", path_figure(item.name, unit, values, exploration.equilibria,
                                                              self.players, marks),
                             f"Equilibrium strategies and payoffs as {item.name} moves from "
                             f"{format_number(interval[0])} to {format_number(interval[1])}"
                             f"{' ' + unit if unit else ''}, the other parameters at their values above; dashed "
                             "lines are thresholds."))
        reading = threshold_sentences(item.name, unit, self.values[item.name], slider.thresholds, self.players,
                                      interval)
        return blocks, reading

    def _regime_map(self, varied: tuple[Varied, ...]) -> tuple[list[Block], list[str]]:
        axes = []
        for item in varied:
            low, high = threshold_interval(self.model, item.name, item.low, item.high)
            even = grid_axis(item.name, low, high, self.map_points).values
            # a point in every regime met along the axis through the base values, however narrow
            found = thresholds(self.model, item.name, low, high, self.overrides)
            axes.append(Axis(item.name, with_regime_samples(even, found, low, high)))
        # and a point of every region of the plane where the equilibria could differ
        plane = cell_samples(self.model, [item.name for item in varied],
                             [end for axis in axes for end in (axis.values[0], axis.values[-1])], self.overrides)
        result = sweep(self.model, with_cell_samples(self.model, axes, plane, self.overrides), self.overrides)
        units = [self.units.get(item.name, "") for item in varied]
        svg, labels = regime_map_figure(result, units)
        counts = {label: 0 for label in labels}
        for structure in result.structures:
            counts[describe_structure(self.players, structure)] += 1
        shares = [(label, counts[label] / len(result)) for label in labels]
        names = [item.name for item in varied]
        blocks: list[Block] = [
            Heading(f"Regime map of {names[0]} and {names[1]}", 3),
            Figure(f"regime-map-{names[0]}-{names[1]}", svg,
                   f"Which strategies are played in equilibrium over a {self.map_points} x {self.map_points} grid "
                   f"of {names[0]} and {names[1]}, the others at their values above. Numbers mark regions; "
                   f"see the table. {plane_note(plane)}"),
            Table(("#", "regime", "share of the map"),
                  tuple((str(k), label, f"{share:.1%}") for k, (label, share) in enumerate(shares, start=1)),
                  caption="Regimes on the map (a regime is one set of equilibrium supports)")]
        return blocks, share_sentences(shares, names)

    def _tornado(self, bars: Sequence[TornadoBar], solution: Solution) -> list[Block]:
        base = [max((float(eq.payoffs[k]) for eq in solution.equilibria), default=0.0)
                for k in range(len(self.players))]
        rows = tuple((bar.parameter, f"{format_number(bar.low)} to {format_number(bar.high)}",
                      *(f"{low:.4g} to {high:.4g}" for low, high in bar.payoff_ranges),
                      " -> ".join(bar.regimes)) for bar in bars)
        return [Heading("Tornado: every parameter across its range", 3),
                Figure("tornado", tornado_figure(bars, self.players, base),
                       "Each parameter with a declared range moved across it, the others at their values above: the "
                       "span of each player's equilibrium payoff (the line is the best equilibrium payoff at base; "
                       "at most 15 parameters drawn, widest first)."),
                Table(("parameter", "range", *(f"payoff {p}" for p in self.players), "regimes met, low to high"), rows,
                      caption="Tornado data"),
                *(Paragraph(note) for note in tornado_notes(bars))]

    def _n_player_sensitivity(self, varied: tuple[Varied, ...]) -> tuple[list[Block], list[str]]:
        """For three or more players: pure equilibria along each varied parameter (solving every point
        for mixed equilibria takes Gambit seconds a point)."""
        blocks: list[Block] = [Heading("Sensitivity"), Paragraph(
            "With three or more players, this section follows the pure equilibria only, each grid point solved "
            "exactly; mixed equilibria at each point, exact thresholds and the tornado chart are left out because "
            "Gambit takes seconds a point for them. The equilibria section above lists every equilibrium found at "
            "the base values; chipgame thresholds and chipgame tornado compute the rest on request.")]
        reading: list[str] = []
        for item in varied:
            low, high = threshold_interval(self.model, item.name, item.low, item.high)
            axis = grid_axis(item.name, low, high, _N_PLAYER_PATH_POINTS)
            found = [solve(self.model.evaluate({**self.overrides, item.name: v}), method="pure").equilibria
                     for v in axis.values]
            unit = self.units.get(item.name, "")
            labels = [describe_structure(self.players, structure_of(eqs)) for eqs in found]
            changes = [(axis.values[k], axis.values[k + 1])
                       for k in range(len(labels) - 1) if labels[k] != labels[k + 1]]
            blocks.append(Heading(f"Moving {item.name}", 3))
            blocks.append(Table(("between", "and", "pure equilibria below", "pure equilibria above"),
                                tuple((format_number(a), format_number(b), labels[axis.values.index(a)],
                                       labels[axis.values.index(b)]) for a, b in changes),
                                caption=f"Where the pure equilibria change along {item.name} "
                                        f"({_N_PLAYER_PATH_POINTS} points from {format_number(low)} to "
                                        f"{format_number(high)})"))
            blocks.append(Figure(f"path-{item.name}", path_figure(item.name, unit, [float(v) for v in axis.values],
                                                                  found, self.players, []),
                                 f"Pure equilibrium strategies and payoffs as {item.name} moves."))
            times = {1: "once", 2: "twice"}.get(len(changes), f"{len(changes)} times")
            reading.append(f"Along {item.name}, the pure equilibria change {times} in "
                           f"{format_number(low)} to {format_number(high)}{' ' + unit if unit else ''}."
                           if changes else f"Along {item.name} the pure equilibria do not change.")
        return blocks, reading


def _belief(types: Types) -> str:
    """A belief in words: ``0.3 (probability 0.25), 0.5 (0.5)``."""
    return ", ".join(f"{format_number(v)} ({'probability ' if k == 0 else ''}{format_number(p)})"
                     for k, (v, p) in enumerate(zip(types.values, types.probabilities)))


def _formula(expr: Any) -> Formula:
    return Formula(formula_mathml(expr), formula_latex(expr))


def _threshold_table(parameter: str, found: Sequence[Threshold], players: Sequence[str],
                     interval: tuple[Number, Number]) -> list[Block]:
    """The thresholds as a table, with a sentence for each region that is not certified."""
    rows = []
    for t in found:
        at = unsolved_at(t) if t.at is None else _structure(players, t.at)
        rows.append((threshold_text(t), _structure(players, t.below), at, _structure(players, t.above)))
    caption = thresholds_heading(parameter, interval, found) + ("" if found else f". {NOTHING_CHANGES}")
    table = Table(("value", "below", "at the threshold", "above"), tuple(rows), caption=caption)
    return [table, *(Paragraph(note) for note in uncertified_notes(found))]


def _structure(players: Sequence[str], equilibria: Sequence[Equilibrium]) -> str:
    return describe_structure(players, structure_of(equilibria))
