"""The report's figures as inline SVG, drawn with matplotlib's Agg-based SVG backend (no screen).

Each figure is made for print as well as screen: axis labels with units, legends, and threshold
lines labelled with their values. Text stays text in the SVG (searchable, small), and the output
is the same from run to run.

Examples
--------
>>> from fractions import Fraction as F
>>> from chipgame.solvers import Equilibrium
>>> eq = lambda p: Equilibrium(((p, 1 - p), (F(1), F(0))), (F(0), F(0)), (("Buy", "Build"), ("Hold", "Cut")))
>>> svg = path_figure("chip_spend", "bn RMB", [1.0, 2.0, 3.0], [(eq(F(1)),), (eq(F(1, 2)),), (eq(F(0)),)],
...                   ("Buyer", "Vendor"), [(2.0, "2")])
>>> svg.startswith("<svg") and "chip_spend" in svg and "Buyer" in svg
True
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure as MplFigure

from ..games import Game
from ..sensitivity.regimes import describe_structure
from ..sensitivity.sweeps import Sweep
from ..sensitivity.tornado_bars import TornadoBar

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType
from ..solvers import Equilibrium
from .best_responses import BestResponses
from .figure_layout import stack_margins
from .numbers import format_number

__all__ = ["path_figure", "regime_map_figure", "tornado_figure", "best_response_figure"]

_STYLE: dict[RcKeyType, Any] = {
    "svg.fonttype": "none", "svg.hashsalt": "chipgame", "font.size": 9, "axes.titlesize": 10,
    "axes.labelsize": 9, "legend.fontsize": 8, "font.family": "sans-serif",
    "text.parse_math": False}  # a "$" in a scenario's name is text, not mathematics
_LINE_STYLES = ("-", "--", ":", "-.")
_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
            "#bcbd22", "#7f7f7f")


def _label(name: str, unit: str) -> str:
    return f"{name} ({unit})" if unit else name


def _svg(figure: MplFigure) -> str:
    """The figure as an ``<svg>`` element to put inline (no XML declaration or DOCTYPE)."""
    buffer = io.StringIO()
    with matplotlib.rc_context(_STYLE):
        FigureCanvasSVG(figure).print_svg(buffer, metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def path_figure(parameter: str, unit: str, values: Sequence[float],
                equilibria: Sequence[Sequence[Equilibrium]], players: Sequence[str],
                thresholds: Sequence[tuple[float, str]]) -> str:
    """Each player's equilibrium strategy probabilities, and equilibrium payoffs, against one parameter.

    One panel per player (probability of each strategy; colour is the strategy, line style the
    equilibrium's rank where several coexist) and one panel of payoffs; dashed vertical lines
    mark the thresholds.
    """
    with matplotlib.rc_context(_STYLE):
        count = max((len(found) for found in equilibria), default=1)
        x = np.asarray(values, dtype=float)
        panels = len(players) + 1
        figure = MplFigure(figsize=(7.5, 2.1 * panels))
        axes = figure.subplots(panels, 1, sharex=True)
        for player, ax in enumerate(axes[:-1]):
            labels = _strategies(equilibria, player)
            for s, label in enumerate(labels):
                for k in range(count):
                    y = np.array([float(found[k].profile[player][s]) if k < len(found) else np.nan
                                  for found in equilibria])
                    # a second equilibrium often exists only at a threshold, one grid point: marked, or it is not seen
                    ax.plot(x, y, _LINE_STYLES[k % len(_LINE_STYLES)], color=_COLOURS[s % len(_COLOURS)],
                            marker="." if len(x) < 60 or k > 0 else None, markersize=3 if k == 0 else 5,
                            label=label if k == 0 else None, linewidth=1.6)
            ax.set_ylim(-0.05, 1.05)
            ax.set_ylabel("probability")
            ax.set_title(f"{players[player]}: probability of each strategy in equilibrium", loc="left")
            ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        ax = axes[-1]
        for player, name in enumerate(players):
            for k in range(count):
                y = np.array([float(found[k].payoffs[player]) if k < len(found) else np.nan for found in equilibria])
                ax.plot(x, y, _LINE_STYLES[k % len(_LINE_STYLES)], color=_COLOURS[player % len(_COLOURS)],
                        marker="." if k > 0 else None, markersize=5, label=name if k == 0 else None, linewidth=1.6)
        ax.set_ylabel("payoff")
        ax.set_title("Equilibrium payoffs", loc="left")
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        ax.set_xlabel(_label(parameter, unit))
        for ax in axes:
            ax.grid(alpha=0.3)
            for value, _ in thresholds:
                ax.axvline(value, color="#555555", linestyle="--", linewidth=0.9)
        for value, text in thresholds:
            axes[0].annotate(text, (value, 1.05), xytext=(2, 2), textcoords="offset points", fontsize=8,
                             color="#333333", annotation_clip=False)
        if count > 1:
            figure.suptitle("Several equilibria: solid = 1st, dashed = 2nd, dotted = 3rd; dots where one holds only "
                            "at a point", fontsize=8, x=0.01, ha="left")
        legend_labels = [*players, *(label for k in range(len(players)) for label in _strategies(equilibria, k))]
        stack_margins(figure, axes, font_size=_STYLE["font.size"], legend_labels=legend_labels, suptitle=count > 1)
        return _svg(figure)


def _strategies(equilibria: Sequence[Sequence[Equilibrium]], player: int) -> tuple[str, ...]:
    for found in equilibria:
        if found:
            return found[0].strategies[player]
    return ()


def regime_map_figure(result: Sweep, units: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """A map of which equilibrium structure holds where, over a two-parameter sweep.

    Returns the SVG and the structure labels in the order of their numbers on the map (each
    region is numbered at its centre; the legend and a table give the words).
    """
    first, second = result.axes[0], result.axes[1]
    labels: dict[str, int] = {}
    codes = np.array([labels.setdefault(_describe(result, k), len(labels)) for k in range(len(result))])
    grid = codes.reshape(result.shape)
    with matplotlib.rc_context(_STYLE):
        figure = MplFigure(figsize=(7.5, 4.6 + 0.2 * len(labels)))
        ax = figure.subplots()
        colours = matplotlib.colors.ListedColormap([_COLOURS[k % len(_COLOURS)] for k in range(len(labels))])
        x = [float(v) for v in first.values]
        y = [float(v) for v in second.values]
        ax.pcolormesh(x, y, grid.T, cmap=colours, vmin=-0.5, vmax=len(labels) - 0.5, shading="nearest", alpha=0.55,
                      rasterized=True)  # one embedded image, not a path per grid cell
        for regime in result.regimes:
            if len(regime.points) < max(4, len(result) // 400):
                continue
            i, j = np.unravel_index(np.asarray(regime.points), result.shape)
            centre = (float(np.median([x[k] for k in i])), float(np.median([y[k] for k in j])))
            ax.annotate(str(labels[regime.label] + 1), centre, ha="center", va="center", fontsize=11,
                        fontweight="bold", bbox={"boxstyle": "circle,pad=0.25", "facecolor": "white", "alpha": 0.85})
        handles = [matplotlib.patches.Patch(color=_COLOURS[k % len(_COLOURS)], alpha=0.55, label=f"{k + 1}: {text}")
                   for text, k in labels.items()]
        figure.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 0.0), frameon=False, ncol=1)
        ax.set_xlabel(_label(first.name, units[0]))
        ax.set_ylabel(_label(second.name, units[1]))
        ax.set_title("Regimes: which strategies are played in equilibrium", loc="left")
        stack_margins(figure, [ax], font_size=_STYLE["font.size"], legend_below=len(handles))
        return _svg(figure), tuple(labels)


def _describe(result: Sweep, index: int) -> str:
    return describe_structure(result.model.players, result.structures[index])


def tornado_figure(bars: Sequence[TornadoBar], players: Sequence[str], base_payoffs: Sequence[float]) -> str:
    """Each parameter across its declared range: the span of each player's equilibrium payoff.

    One panel per player, widest swing at the top; a bar drawn hatched marks a parameter whose
    range holds a change of regime (the equilibrium played changes, not just its payoffs).
    """
    shown = list(bars)[:15]
    with matplotlib.rc_context(_STYLE):
        figure = MplFigure(figsize=(7.5, 0.9 + 0.32 * len(shown) * len(players)))
        axes = np.atleast_1d(figure.subplots(len(players), 1))
        names = [bar.parameter for bar in shown][::-1]
        for player, ax in enumerate(axes):
            for row, bar in enumerate(shown[::-1]):
                low, high = bar.payoff_ranges[player]
                ax.barh(row, high - low, left=low, color=_COLOURS[player % len(_COLOURS)], alpha=0.7,
                        hatch="///" if bar.changes_regime else None, edgecolor="#333333", linewidth=0.5)
            ax.axvline(base_payoffs[player], color="#222222", linewidth=1)
            ax.set_yticks(range(len(names)), names)
            ax.set_xlabel(f"{players[player]}'s equilibrium payoff (line: at base values)")
            ax.grid(axis="x", alpha=0.3)
        axes[0].set_title("Each parameter across its range (hatched: what is played changes)", loc="left")
        stack_margins(figure, list(axes), font_size=_STYLE["font.size"], shared_x=False)
        return _svg(figure)


def best_response_figure(game: Game, diagrams: Sequence[BestResponses]) -> str:
    """One panel per diagram: each strategy's payoff against the opponent's mix, thin, and the best
    response, the upper envelope, thick; dotted lines where it switches, labelled exactly.

    Examples
    --------
    >>> from chipgame.reports.best_responses import best_responses
    >>> chicken = Game(("Driver 1", "Driver 2"), (("Straight", "Swerve"), ("Straight", "Swerve")),
    ...                [[[-2, -2], [2, 0]], [[0, 2], [1, 1]]])
    >>> svg = best_response_figure(chicken, [best_responses(chicken, 0), best_responses(chicken, 1)])
    >>> svg.startswith("<svg") and "q = 1/3" in svg
    True
    """
    with matplotlib.rc_context(_STYLE):
        figure = MplFigure(figsize=(7.5, 2.8 * len(diagrams)), layout="constrained")
        axes = np.atleast_1d(figure.subplots(len(diagrams), 1))
        for ax, diagram in zip(axes, diagrams):
            own, other = game.strategies[diagram.player], game.strategies[diagram.opponent]
            for s, label in enumerate(own):
                start, end = (float(v) for v in diagram.lines[s])
                ax.plot([0, 1], [start, end], color=_COLOURS[s % len(_COLOURS)], linewidth=1,
                        linestyle=_LINE_STYLES[s % len(_LINE_STYLES)], label=label)
            for low, high, best in diagram.pieces:
                ax.plot([float(low), float(high)], [float(diagram.payoff(best[0], low)),
                                                    float(diagram.payoff(best[0], high))],
                        color="#222222", linewidth=3, alpha=0.35, solid_capstyle="butt")
            for q, _ in diagram.switches:
                ax.axvline(float(q), color="#555555", linestyle=":", linewidth=1)
                ax.annotate(f"q = {format_number(q)}", (float(q), 1.0), xycoords=("data", "axes fraction"),
                            ha="left", va="top", fontsize=8, xytext=(3, -3), textcoords="offset points")
            ax.set_xlim(0, 1)
            ax.set_xlabel(f"q: probability that {game.players[diagram.opponent]} plays {other[0]}")
            ax.set_ylabel(f"payoff of {game.players[diagram.player]}")
            ax.set_title(f"Best response of {game.players[diagram.player]} (thick: the upper envelope)", loc="left")
            ax.legend(loc="best", frameon=False)
            ax.grid(alpha=0.3)
        return _svg(figure)
