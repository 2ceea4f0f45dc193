"""The report's opening: the bottom line (what is played, and whether it is the only equilibrium)
and what would change it (for each parameter with a range, the nearest threshold on each side of
its value, with the equilibrium past it), nearest first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from ..games import Number
from ..sensitivity.threshold_search import Threshold
from ..sensitivity.tornado_bars import TornadoBar
from ..solvers import Solution
from .document import Block, BulletList, Heading, Paragraph, Table
from .numbers import format_number
from .reading import equilibrium_sentences
from .report_sensitivity import regime_label
from .threshold_words import threshold_text

__all__ = ["bottom_line_blocks", "change_rows"]

NO_CHANGE = "none in its range"
"""Said for a side of a parameter's value that holds no threshold."""


def bottom_line_blocks(solution: Solution, bars: Sequence[TornadoBar], values: Mapping[str, Number]) -> list[Block]:
    """The bottom line, then what would change it (when thresholds are known: ``bars`` from
    ``tornado``, each parameter across its range, the others at ``values``).

    Examples
    --------
    >>> from chipgame.payoffs import load_scenario
    >>> from chipgame.sensitivity import tornado
    >>> from chipgame.solvers import solve
    >>> scenario = load_scenario("chicken")
    >>> blocks = bottom_line_blocks(solve(scenario.evaluate()), tornado(scenario.model), scenario.model.values_with())
    >>> [block.text for block in blocks if isinstance(block, Heading)]
    ['Bottom line', 'What would change it']
    """
    players = solution.game.players
    blocks: list[Block] = [Heading("Bottom line"),
                           *(Paragraph(sentence) for sentence in equilibrium_sentences(players, solution.equilibria))]
    if len(solution.equilibria) == 1:
        blocks.append(Paragraph("It is the only equilibrium: nothing is left to expectations."))
    if not bars:
        return blocks
    rows = change_rows(players, bars, values)
    steady = [bar.parameter for bar in bars if not any(row[0] == bar.parameter for row in rows)]
    blocks.append(Heading("What would change it"))
    if rows:
        blocks.append(Table(("parameter", "value", "nearest threshold below", "then played",
                             "nearest threshold above", "then played"), rows,
                            caption="Each parameter with a range moved alone from its value, the others held: the "
                                    "nearest values where the equilibria change, nearest (as a share of the value) "
                                    "first"))
    else:
        blocks.append(Paragraph("No parameter changes the equilibria anywhere in its range, the others held."))
    if steady:
        blocks.append(BulletList((f"No change anywhere in its range: {', '.join(steady)}.",)))
    return blocks


def change_rows(players: Sequence[str], bars: Sequence[TornadoBar], values: Mapping[str, Number]
                ) -> tuple[tuple[str, ...], ...]:
    """One row per parameter with a threshold in its range: its value, the nearest threshold on each
    side with the change in percent and the equilibria past it, sorted by the nearer distance.

    Examples
    --------
    >>> from chipgame.payoffs import load_scenario
    >>> from chipgame.sensitivity import tornado
    >>> model = load_scenario("chicken").model
    >>> [row[:3] for row in change_rows(model.players, tornado(model), model.values_with())]
    [('crash_cost', '6', '2 (-66.7%)'), ('prize', '2', 'none in its range')]
    """
    ranked = []
    for bar in bars:
        base = values[bar.parameter]
        below = [t for t in bar.thresholds if t.value < float(base)]
        above = [t for t in bar.thresholds if t.value > float(base)]
        if not below and not above:
            continue
        low = below[-1] if below else None
        high = above[0] if above else None
        distance = min(_distance(t, base, bar) for t in (low, high) if t is not None)
        row = (bar.parameter, format_number(base),
               _side(low, base), regime_label(players, low.below) if low is not None else "",
               _side(high, base), regime_label(players, high.above) if high is not None else "")
        ranked.append((distance, row))
    return tuple(row for _, row in sorted(ranked, key=lambda item: item[0]))


def _side(threshold: Threshold | None, base: Number) -> str:
    if threshold is None:
        return NO_CHANGE
    text = threshold_text(threshold)
    if base == 0:
        return text
    return f"{text} ({_percent(100 * (threshold.value - float(base)) / abs(float(base)))})"


def _percent(percent: float) -> str:
    """A change in percent as a reader takes it in: to one decimal, or two significant digits below 1%.

    Examples
    --------
    >>> [_percent(p) for p in (-12.5, 25.0, 200 / 3, 0.04321, -100.0)]
    ['-12.5%', '+25%', '+66.7%', '+0.043%', '-100%']
    """
    text = f"{percent:+.2g}" if abs(percent) < 1 else f"{percent:+.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _distance(threshold: Threshold, base: Number, bar: TornadoBar) -> float:
    """How far a threshold is from the value: relative to the value, or to the range at a value of 0."""
    scale = abs(float(base)) or float(Fraction(bar.high) - Fraction(bar.low)) or 1.0
    return abs(threshold.value - float(base)) / scale
