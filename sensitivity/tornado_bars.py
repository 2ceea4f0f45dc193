"""Tornado data: each parameter across its declared range, the others at base, with a point in
every regime its thresholds bound."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import SolverError
from ..games import Number
from ..payoffs import Parameter, PayoffModel
from .grid import Axis, grid_axis
from .parallel import Progress, map_chunks
from .regime_samples import with_regime_samples
from .sweeps import sweep
from .threshold_search import MIXED_NOT_SCANNED, Threshold, threshold_interval, thresholds

__all__ = ["TornadoBar", "tornado", "searched_thresholds", "TORNADO_POINTS"]

TORNADO_POINTS = 201
"""Evenly spaced grid points across each parameter's range (its thresholds and a point in each
regime between them are added)."""


@dataclass(frozen=True)
class TornadoBar:
    """How one parameter, moved across its range, moves the equilibria.

    Parameters
    ----------
    parameter
        The parameter moved.
    low, high
        Its declared range.
    payoff_ranges
        For each player, the smallest and largest equilibrium payoff met across the range.
    regimes
        The regimes met, in order from ``low`` to ``high`` (one label when nothing changes):
        every regime between the parameter's thresholds, however narrow.
    thresholds
        The parameter's thresholds in its range, as ``thresholds`` finds them.
    note
        Why the thresholds could not be searched ("" when they were): then only the even grid
        was solved, and a regime narrower than its step can be missing.
    """

    parameter: str
    low: Number
    high: Number
    payoff_ranges: tuple[tuple[float, float], ...]
    regimes: tuple[str, ...]
    thresholds: tuple[Threshold, ...] = ()
    note: str = ""

    @property
    def certified(self) -> bool:
        """True when every threshold in the range is certified, so no regime can have been missed."""
        return not self.note and all(t.certified for t in self.thresholds)

    @property
    def changes_regime(self) -> bool:
        """True when the equilibrium structure changes somewhere in the range."""
        return len(self.regimes) > 1


def tornado(model: PayoffModel, overrides: Mapping[str, Any] | None = None, points: int = TORNADO_POINTS, *,
            workers: int = 1, scheduler: str | None = None, progress: Progress | None = None,
            meanwhile: Callable[[], object] | None = None) -> tuple[TornadoBar, ...]:
    """One bar per parameter with a declared range, widest swing of the first player's payoff first.

    Each parameter is one chunk of work: ``workers`` local processes or the Dask cluster at
    ``scheduler`` take parameters in turn, with the same result; ``progress(done, total)``
    counts parameters done, and ``meanwhile`` is done here as they start (see ``map_chunks``).

    Examples
    --------
    >>> import sympy
    >>> from chipgame.payoffs import Parameter
    >>> spend, fixed = sympy.symbols("spend fixed")
    >>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Sell",)),
    ...     {("Buy", "Sell"): (-spend, spend / 2), ("Build", "Sell"): (-spend / 2 - fixed, 0)},
    ...     [Parameter("spend", 10, range=(2, 20)), Parameter("fixed", 3, range=(1, 4))])
    >>> spend_bar, fixed_bar = tornado(model)
    >>> spend_bar.payoff_ranges[0], [t.exact for t in spend_bar.thresholds], spend_bar.certified
    ((-13.0, -2.0), [6], True)
    >>> spend_bar.regimes  # below 6 and above
    ('Buyer: Buy | Vendor: Sell', 'Buyer: Build | Vendor: Sell')
    >>> fixed_bar.parameter, fixed_bar.payoff_ranges[0], fixed_bar.regimes
    ('fixed', (-9.0, -6.0), ('Buyer: Build | Vendor: Sell',))
    """
    base = model.values_with(overrides)
    ranged = [parameter for parameter in model.parameters if parameter.range is not None]
    bars = map_chunks(_bar, (model, base, points), ranged, workers=workers, scheduler=scheduler, progress=progress,
                      meanwhile=meanwhile)
    return tuple(sorted(bars, key=lambda bar: bar.payoff_ranges[0][0] - bar.payoff_ranges[0][1]))


def _bar(shared: tuple[PayoffModel, dict[str, Number], int], parameter: Parameter) -> TornadoBar:
    """One parameter across its range, the others at base (one chunk of ``tornado``): an even grid,
    with a point added inside each regime between thresholds that the grid misses."""
    model, base, points = shared
    others = {name: value for name, value in base.items() if name != parameter.name}
    low, high = threshold_interval(model, parameter.name)
    try:
        # a three-player stretch where mixed equilibria can change is not scanned: the grid below crosses it
        found, note = thresholds(model, parameter.name, overrides=others, scan_mixed=False), ""
    except SolverError as error:  # too many tie points: the grid alone, and the bar says so
        found, note = (), f"its thresholds were not searched: {error.problem}"
    even = grid_axis(parameter.name, low, high, points).values
    axis = Axis(parameter.name, with_regime_samples(even, found, low, high))
    result = sweep(model, [axis], others)
    payoffs: list[list[float]] = [[] for _ in model.players]
    for k in range(len(result)):
        for eq in result.equilibria_at(k):
            for player, value in enumerate(eq.payoffs):
                payoffs[player].append(float(value))
    ranges = tuple((min(values), max(values)) if values else (float("nan"), float("nan")) for values in payoffs)
    labels = tuple(regime.label for regime in sorted(result.regimes, key=lambda r: r.points[0]))
    return TornadoBar(parameter.name, low, high, ranges, labels, found, note)


def searched_thresholds(bars: Sequence[TornadoBar]) -> dict[str, tuple[Threshold, ...]]:
    """The thresholds of each bar that a search of its parameter over its declared range, the
    others at the tornado's base values, would find again, by parameter: for a caller that needs
    them, instead of searching again. A bar is left out when its thresholds were not searched, or
    when they leave a stretch unscanned where mixed equilibria of three or more players can
    change (the tornado does not scan it; a full search does).

    Examples
    --------
    >>> import sympy
    >>> from chipgame.payoffs import Parameter
    >>> spend = sympy.Symbol("spend")
    >>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Sell",)),
    ...     {("Buy", "Sell"): (-spend, spend / 2), ("Build", "Sell"): (-spend / 2 - 3, 0)},
    ...     [Parameter("spend", 10, range=(2, 20))])
    >>> {name: [t.exact for t in found] for name, found in searched_thresholds(tornado(model, points=5)).items()}
    {'spend': [6]}
    """
    return {bar.parameter: bar.thresholds for bar in bars
            if not bar.note and all(t.note != MIXED_NOT_SCANNED for t in bar.thresholds)}
