"""The report's sensitivity section: the thresholds and the path of the equilibria along each varied
parameter, a regime map of two, and a tornado chart of every parameter with a range."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..games import Number
from ..payoffs import PayoffModel
from ..sensitivity.exploration import Varied, explore, ranked_parameters
from ..sensitivity.grid import Axis, grid_axis
from ..sensitivity.parallel import map_chunks
from ..sensitivity.regime_cells import cell_samples, with_cell_samples
from ..sensitivity.regime_samples import with_regime_samples
from ..sensitivity.regimes import describe_structure, structure_of
from ..sensitivity.sweeps import sweep
from ..sensitivity.threshold_search import Threshold, threshold_interval, thresholds
from ..sensitivity.tornado_bars import TornadoBar, searched_thresholds, tornado
from ..solvers import Equilibrium, Solution, solve
from .document import Block, Figure, Heading, Paragraph, Table
from .numbers import format_number
from .reading import share_sentences, threshold_sentences, tornado_sentences
from .threshold_words import (
    NOTHING_CHANGES,
    plane_note,
    threshold_text,
    thresholds_heading,
    tornado_notes,
    uncertified_notes,
    unsolved_at,
)

__all__ = ["MAX_VARIED", "PATH_POINTS", "MAP_POINTS", "regime_label", "sensitivity_section"]

MAX_VARIED = 2
"""Most parameters a report varies: a path for each, a regime map of two."""

PATH_POINTS = 201
"""Evenly spaced values along a varied parameter for its path, by default (thresholds are added)."""

MAP_POINTS = 81
"""Evenly spaced values per side of the regime map, by default."""

_N_PLAYER_PATH_POINTS = 41


def sensitivity_section(model: PayoffModel, overrides: Mapping[str, Any], varied: Sequence[Varied],
                        solution: Solution, *, path_points: int = PATH_POINTS, map_points: int = MAP_POINTS,
                        bars: Sequence[TornadoBar] | None = None, workers: int = 1) -> tuple[list[Block], list[str]]:
    """The sensitivity section's blocks and its sentences for the reading.

    Parameters
    ----------
    model
        The scenario's payoff model.
    overrides
        Parameter values replacing the base values.
    varied
        At most ``MAX_VARIED`` parameters; by default the two that matter most (those whose range
        holds a change of regime, widest payoff swing first).
    solution
        The game solved at the values above (the tornado's base line).
    path_points, map_points
        Evenly spaced values along each varied parameter for its path, and per side of the regime map.
    bars
        The tornado of a two-player model at these values, when the caller has it already.
    workers
        Local processes its parts (each path, the regime map, the tornado chart) are spread over,
        as for ``sweep`` (the section does not depend on them).

    Examples
    --------
    >>> from chipgame.payoffs import load_scenario
    >>> model = load_scenario("prisoners-dilemma").model
    >>> blocks, reading = sensitivity_section(model, {}, [Varied("T")], solve(model.evaluate()), path_points=5)
    >>> [block.text for block in blocks if isinstance(block, Heading)]
    ['Sensitivity', 'Moving T', 'Tornado: every parameter across its range']
    """
    return _Sensitivity(model, overrides, path_points, map_points, workers).section(tuple(varied), solution, bars)


def regime_label(players: Sequence[str], equilibria: Sequence[Equilibrium]) -> str:
    """The regime of a set of equilibria in words: who plays what.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> eq = Equilibrium(((F(0), F(1)), (F(1), F(0))), (F(-12), F(3)), (("Buy", "Build"), ("Hold", "Cut")))
    >>> regime_label(("ByteDance", "Cambricon"), [eq])
    'ByteDance: Build | Cambricon: Hold'
    """
    return describe_structure(players, structure_of(equilibria))


_Part = tuple[str, tuple[Varied, ...]]
"""A part of the section: ("path", (parameter,)), ("map", (first, second)) or ("tornado", ())."""


def _section_part(shared: tuple[_Sensitivity, tuple[TornadoBar, ...], Solution], part: _Part
                  ) -> tuple[list[Block], list[str]]:
    """One part of the section (a chunk for ``map_chunks``)."""
    sensitivity, bars, solution = shared
    return sensitivity.part(part, bars, solution)


class _Sensitivity:
    """Lays out the sensitivity section of one model at one set of values."""

    def __init__(self, model: PayoffModel, overrides: Mapping[str, Any], path_points: int, map_points: int,
                 workers: int) -> None:
        self.model = model
        self.workers = workers
        self.players = model.players
        self.overrides = dict(overrides)
        self.values = model.values_with(self.overrides)
        self.path_points = path_points
        self.map_points = map_points
        self.two_players = len(self.players) == 2
        self.units = {p.name: p.unit for p in model.parameters}

    def section(self, varied: tuple[Varied, ...], solution: Solution, bars: Sequence[TornadoBar] | None
                ) -> tuple[list[Block], list[str]]:
        ranged = [p for p in self.model.parameters if p.range is not None]
        if not varied and not ranged:
            return [Heading("Sensitivity"), Paragraph("No parameter declares a range, and none was given to vary.")], []
        if not self.two_players:
            return self._n_player_sensitivity(varied or (Varied(ranged[0].name),))
        if bars is None:
            bars = tornado(self.model, self.overrides, workers=self.workers) if ranged else ()
        varied = varied or tuple(Varied(name) for name in ranked_parameters(bars, MAX_VARIED))
        parts: list[_Part] = [("path", (item,)) for item in varied]
        parts += [("map", varied)] if len(varied) == 2 else []
        parts += [("tornado", ())] if bars else []
        blocks: list[Block] = [Heading("Sensitivity")]
        reading: list[str] = []
        for part_blocks, part_reading in map_chunks(_section_part, (self, tuple(bars), solution), parts,
                                                    workers=self.workers):
            blocks += part_blocks
            reading += part_reading
        return blocks, reading

    def part(self, part: _Part, bars: tuple[TornadoBar, ...], solution: Solution) -> tuple[list[Block], list[str]]:
        """One path, the regime map or the tornado: blocks and sentences for the reading."""
        kind, varied = part
        if kind == "path":
            return self._path(varied[0], bars)
        if kind == "map":
            return self._regime_map(varied, searched_thresholds(bars))
        return self._tornado(bars, solution), tornado_sentences(bars, self.players)

    def _path(self, item: Varied, bars: Sequence[TornadoBar]) -> tuple[list[Block], list[str]]:
        from .figures import path_figure  # matplotlib, imported when a figure is drawn

        count = self.path_points if item.count is None else item.count
        exploration = explore(self.model, [Varied(item.name, item.low, item.high, count)], self.overrides, bars=bars)
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

    def _regime_map(self, varied: tuple[Varied, ...], searched: Mapping[str, Sequence[Threshold]]
                    ) -> tuple[list[Block], list[str]]:
        from .figures import regime_map_figure

        axes = []
        for item in varied:
            low, high = threshold_interval(self.model, item.name, item.low, item.high)
            even = grid_axis(item.name, low, high, self.map_points).values
            # a point in every regime met along the axis through the base values, however narrow
            # (the tornado's thresholds, when they are of this interval)
            declared = item.low is None and item.high is None and item.name in searched
            found = searched[item.name] if declared else thresholds(self.model, item.name, low, high, self.overrides)
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
        from .figures import tornado_figure

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
        from .figures import path_figure

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
            labels = [regime_label(self.players, eqs) for eqs in found]
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



def _threshold_table(parameter: str, found: Sequence[Threshold], players: Sequence[str],
                     interval: tuple[Number, Number]) -> list[Block]:
    """The thresholds as a table, with a sentence for each region that is not certified."""
    rows = []
    for t in found:
        at = unsolved_at(t) if t.at is None else regime_label(players, t.at)
        rows.append((threshold_text(t), regime_label(players, t.below), at, regime_label(players, t.above)))
    caption = thresholds_heading(parameter, interval, found) + ("" if found else f". {NOTHING_CHANGES}")
    table = Table(("value", "below", "at the threshold", "above"), tuple(rows), caption=caption)
    return [table, *(Paragraph(note) for note in uncertified_notes(found))]
