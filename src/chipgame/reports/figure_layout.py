"""Margins for a column of axes, from the widths of the texts around them.

matplotlib's constrained layout finds margins by drawing every text of a figure twice, and that
was half the time of a report's figures. A column of axes with legends on the right (the path
figure) or names on the left (the tornado chart) needs only the widest tick label, the legend's
widest label and the heights of a title and a label line: ``stack_margins`` measures those
strings with the same fonts (matplotlib's Agg text metrics), then places the axes with
``subplots_adjust``. Nothing is clipped that constrained layout would have kept in.

Examples
--------
>>> from matplotlib.figure import Figure
>>> figure = Figure(figsize=(7.5, 4))
>>> top, bottom = figure.subplots(2, 1, sharex=True)
>>> _ = top.plot([0, 1], [0, 1], label="a rather long strategy name"); _ = top.legend()
>>> stack_margins(figure, [top, bottom], font_size=9, legend_labels=["a rather long strategy name"])
>>> bool(0.6 < top.get_position().x1 < 0.8), bool(top.get_position().y0 > bottom.get_position().y1)
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

__all__ = ["stack_margins"]

_PAD = 5.0
"""Points of white space kept at each edge of the figure."""


@lru_cache(maxsize=256)
def _extent(text: str, size: float) -> tuple[float, float]:
    """The width and height, in points, of one line of ``text`` in the sans-serif font at ``size``."""
    width, height, _ = _renderer().get_text_width_height_descent(text, FontProperties(family="sans-serif",
                                                                                      size=size), ismath=False)
    return width, height


@lru_cache(maxsize=1)
def _renderer() -> RendererAgg:
    return RendererAgg(1, 1, 72)  # 72 dots an inch: its measures are in points


def _widest(texts: Sequence[str], size: float) -> float:
    return max((_extent(text, size)[0] for text in texts), default=0.0)


def _tick_labels(axes: Axes, which: str = "y") -> list[str]:
    """The tick labels of the ``which`` axis the axes will draw (their limits and locator as they stand)."""
    axis, limits = (axes.yaxis, axes.get_ylim()) if which == "y" else (axes.xaxis, axes.get_xlim())
    labels = [label.get_text() for label in axis.get_ticklabels()]
    if any(labels):
        return labels
    low, high = sorted(limits)
    return list(axis.get_major_formatter().format_ticks([v for v in axis.get_majorticklocs() if low <= v <= high]))


def stack_margins(figure: Figure, axes: Sequence[Axes], *, font_size: float, legend_labels: Sequence[str] = (),
                  legend_below: int = 0, shared_x: bool = True, suptitle: bool = False) -> None:
    """Place ``axes``, one column of them, with room for their texts: y tick labels and y label on
    the left, a legend of ``legend_labels`` on the right (placed at 1.01 of the axes' width, as
    ``path_figure`` places them), a title above each, x tick labels and x label below the last
    one (below each when ``shared_x`` is False) and, under all, a legend of ``legend_below``
    lines in one column at the figure's lower left; ``suptitle`` leaves a line above all."""
    width, height = (72 * size for size in figure.get_size_inches())
    tick = 7.0  # tick length and pad, points
    line = _extent("Xg", font_size)[1]
    title = _extent("Xg", font_size + 1)[1] + 6  # axes.titlesize, titlepad
    label = line + 4  # the label's line and its labelpad
    left = _PAD + label + tick + max(_widest(_tick_labels(ax), font_size) for ax in axes)
    # the last x tick label is centred on the axes' right edge: half of it sticks out
    right = _PAD + max(_widest(_tick_labels(ax, "x")[-1:], font_size) for ax in axes) / 2
    if legend_labels:  # frameless legend: border pad, handle, its pad, the text (fractions of its font size)
        legend_size = font_size - 1
        right += 4 + (0.8 + 2.0 + 0.8) * legend_size + _widest(legend_labels, legend_size)
        right += 0.01 * (width - left - right) / 0.99  # the anchor at 1.01 of the axes' width
    top = _PAD + title + (line + 4 if suptitle else 0)
    legend_line = _extent("Xg", font_size - 1)[1]
    bottom = _PAD + line + tick + label + (legend_below * legend_line * 1.5 + legend_line if legend_below else 0)
    gap = title + (4 if shared_x else line + tick + label)  # a shared axis keeps its tick marks
    panel = (height - top - bottom - gap * (len(axes) - 1)) / len(axes)
    figure.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top / height,
                           bottom=bottom / height, hspace=gap / panel)
