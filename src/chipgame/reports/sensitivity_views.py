"""Terminal views of how equilibria move with parameters: sweeps, thresholds, tornado, Monte Carlo, closed forms."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..games import Number
from ..sensitivity.grid_gaps import GridGap, GridGaps
from ..sensitivity.regimes import describe_structure, structure_of
from ..sensitivity.sampling import QUANTILES, MonteCarlo
from ..sensitivity.sweeps import Sweep
from ..sensitivity.symbolic import ClosedForm
from ..sensitivity.threshold_search import Threshold
from ..sensitivity.tornado_bars import TornadoBar
from ..solvers import Equilibrium
from .formulas import formula_text
from .mix_words import describe_players_mixes
from .numbers import format_exact
from .threshold_words import (
    NOTHING_CHANGES,
    threshold_text,
    thresholds_heading,
    tornado_notes,
    uncertified_notes,
    unsolved_at,
)

__all__ = ["closed_forms_view", "monte_carlo_view", "sweep_view", "thresholds_view", "tornado_view"]


def sweep_view(result: Sweep, gaps: GridGaps | None = None) -> RenderableType:
    """The regimes of a sweep: which equilibrium structure holds where; with ``gaps``, a line on
    the regimes of the box the grid does not show (``grid_gaps``)."""
    points = len(result.structures)
    exact = int(result.exact.sum())
    table = Table(title=escape(f"{result.model.title}: {points:,} points, {len(result.regimes)} regimes "
                               f"({exact:,} break-even points solved exactly)"), title_justify="left", show_edge=False)
    table.add_column("regime", overflow="fold")
    table.add_column("points", justify="right")
    for axis in result.axes:
        table.add_column(escape(axis.name), justify="right")
    for regime in result.regimes:
        bounds = [f"{float(low):.6g} to {float(high):.6g}" if low != high else f"{float(low):.6g}"
                  for low, high in (regime.bounds[axis.name] for axis in result.axes)]
        table.add_row(escape(regime.label), f"{len(regime.points):,}", *bounds)
    return table if gaps is None else Group(table, Text(gaps_sentence(gaps)))


def gaps_sentence(gaps: GridGaps) -> str:
    """What lies between a grid's points, in one sentence.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from chipgame.sensitivity.grid_gaps import GridGap
    >>> gaps = GridGaps((GridGap("A: x | B: y", {"m": Fraction(13, 2)}),))
    >>> print(gaps_sentence(gaps))  # doctest: +NORMALIZE_WHITESPACE
    Between the grid's points lies 1 regime it does not show: A: x | B: y (at m = 6.5).
    Every regime of the box was looked for.
    """
    def where(gap: GridGap) -> str:
        return ", ".join(f"{name} = {format_exact(value)}" for name, value in gap.at.items())

    missed = "; ".join(f"{gap.label} (at {where(gap)})" for gap in gaps.missed)
    count = len(gaps.missed)
    found = (f"Between the grid's points lies {count} regime{'s' if count > 1 else ''} it does not show: {missed}. "
             if count else "")
    if gaps.certified:
        return found + ("Every regime of the box was looked for." if count else
                        "Every regime of the box is on the grid (looked for between its points).")
    return found + f"Whether the grid shows every regime of its box is not known: {gaps.note}."


def thresholds_view(parameter: str, interval: tuple[Number, Number], found: Sequence[Threshold],
                    players: Sequence[str]) -> RenderableType:
    """Each threshold with the regimes below, at and above it, numbered, and a legend of the regimes."""
    table = Table(title=escape(thresholds_heading(parameter, interval, found)), title_justify="left", show_edge=False)
    for column in ("value", "below", "at the threshold", "above"):
        table.add_column(column, overflow="fold")
    legend = _RegimeLegend(players)
    for t in found:
        below = legend.number(t.below)
        at = unsolved_at(t) if t.at is None else legend.number(t.at)
        table.add_row(escape(threshold_text(t)), escape(below), escape(at), escape(legend.number(t.above)))
    if not found:
        return Group(table, Text(NOTHING_CHANGES))
    notes = [Text(note) for note in uncertified_notes(found)]
    return Group(table, legend.table(), *notes)


class _RegimeLegend:
    """Regimes numbered in the order they are met, so that long labels are written once, in a legend."""

    def __init__(self, players: Sequence[str]) -> None:
        self.players = players
        self.numbers: dict[str, int] = {}

    def number(self, equilibria: Sequence[Equilibrium] | str) -> str:
        """The regime's number (given its equilibria, or its label), numbering it if it is new."""
        label = equilibria if isinstance(equilibria, str) else describe_structure(self.players,
                                                                                  structure_of(equilibria))
        return f"[{self.numbers.setdefault(label, len(self.numbers) + 1)}]"

    def table(self) -> Table:
        """The legend: each number and the equilibria played in that regime."""
        legend = Table(title="Regimes (' ; ' separates the equilibria of one regime)", title_justify="left",
                       show_edge=False)
        legend.add_column("regime", justify="right")
        legend.add_column("equilibria played", overflow="fold")
        for label, number in self.numbers.items():
            legend.add_row(escape(f"[{number}]"), escape(label))
        return legend


def tornado_view(title: str, players: Sequence[str], bars: Sequence[TornadoBar]) -> RenderableType:
    """Each parameter across its range: the swing of every player's equilibrium payoff, and the
    regimes met, numbered, with a legend."""
    table = Table(title=escape(f"{title}: each parameter across its range, the others at base"),
                  title_justify="left", show_edge=False)
    table.add_column("parameter")
    table.add_column("range", justify="right")
    for player in players:
        table.add_column(escape(f"{player} payoff"), justify="right")
    table.add_column("regimes met, low to high", overflow="fold")
    legend = _RegimeLegend(players)
    for bar in bars:
        spans = [f"{low:.4g} to {high:.4g}" for low, high in bar.payoff_ranges]
        table.add_row(escape(bar.parameter), f"{float(bar.low):.4g} to {float(bar.high):.4g}", *spans,
                      escape(" -> ".join(legend.number(label) for label in bar.regimes)))
    notes = [Text(note) for note in tornado_notes(bars)]
    return Group(table, legend.table(), *notes)


def monte_carlo_view(result: MonteCarlo) -> RenderableType:
    """Regime probabilities and payoff quantiles over the draws."""
    samples = len(result.structures)
    regimes = Table(title=escape(f"{result.model.title}: {samples:,} draws of {', '.join(sorted(result.draws))} "
                                 f"(seed {result.seed})"), title_justify="left", show_edge=False)
    regimes.add_column("regime", overflow="fold")
    regimes.add_column("probability", justify="right")
    for label, probability in result.regime_probabilities.items():
        regimes.add_row(escape(label), f"{probability:.3f}")
    quantiles = Table(title="Equilibrium payoffs", title_justify="left", show_edge=False)
    quantiles.add_column("player")
    for q in QUANTILES:
        quantiles.add_column(f"{q:.0%}", justify="right")
    for player, values in result.payoff_quantiles.items():
        quantiles.add_row(escape(player), *(f"{v:.4g}" for v in values))
    return Group(regimes, quantiles)


def closed_forms_view(title: str, players: Sequence[str], forms: Sequence[ClosedForm]) -> RenderableType:
    """Each equilibrium's payoff formulas, then how each payoff moves with each parameter at base."""
    parts: list[RenderableType] = [Text(f"{title}: equilibria as formulas of the parameters", style="bold")]
    for k, form in enumerate(forms, start=1):
        eq = form.equilibrium
        parts.append(Text(f"Equilibrium {k}: " + describe_players_mixes(players, eq)))
        if form.payoffs is None or form.probabilities is None:
            parts.append(Text("  (a degenerate equilibrium: its supports do not fix it, so no formula)",
                              style="italic"))
        else:
            for player, mix, labels in zip(players, form.probabilities, eq.strategies):
                if sum(1 for p in mix if p != 0) > 1:
                    parts.append(Text(f"  {player} plays " + ", ".join(
                        f"{label} with probability {formula_text(p)}" for label, p in zip(labels, mix) if p != 0)))
            for player, payoff in zip(players, form.payoffs):
                parts.append(Text(f"  payoff of {player} = {formula_text(payoff)}"))
        table = Table(show_edge=False)
        table.add_column("parameter")
        for player in players:
            table.add_column(escape(f"d payoff {player}"), justify="right")
            table.add_column("elasticity", justify="right")
        for name, slopes in form.derivatives.items():
            cells = []
            for slope, elasticity in zip(slopes, form.elasticities[name]):
                cells += [f"{float(slope):.4g}", "" if elasticity is None else f"{elasticity:.3g}"]
            table.add_row(escape(name), *cells)
        parts.append(table)
    return Group(*parts)
