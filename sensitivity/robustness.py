"""Robustness of a base-case answer: how much of the declared parameter box keeps it, and how near its edges are.

Two measures sit beside a base-case equilibrium. The **share of the box**: every parameter with a
declared range is drawn at once, from its declared distribution when it has one and uniformly
over its range otherwise, and the share of draws in which every base-case equilibrium still is
one (the same strategies played by the same players; others may join it at a tie) is counted.
The draws come from a fixed seed, so the share is reproducible. A base case of pure equilibria
is checked at each draw deviation by deviation (every draw at once in floats, and exactly at a
draw where some deviation nearly ties); any other is solved at every draw by ``monte_carlo``
(batched, not one ``solve`` per draw). Both give the same share: a pure profile is an
equilibrium exactly when it is one of the game's extreme equilibria.

The **nearest thresholds**: each ranged parameter is moved alone, the others at base, and its
threshold nearest the base value where a base-case equilibrium stops being one is kept (a tie
that only adds an equilibrium is not counted); the parameters whose nearest thresholds are
closest, relative to their base values, come first.

A base case that holds in less than ``FRAGILE_BELOW`` of its box is called fragile.

Examples
--------
>>> import sympy
>>> from chipgame.payoffs import Parameter, PayoffModel
>>> spend, fixed = sympy.symbols("spend fixed")
>>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Sell",)),
...     {("Buy", "Sell"): (-spend, spend / 2), ("Build", "Sell"): (-spend / 2 - fixed, 0)},
...     [Parameter("spend", 10, range=(2, 20)), Parameter("fixed", 3, range=(1, 6))])
>>> result = robustness(model, samples=2000, seed=0)      # Build while spend > 2 * fixed: 13/18 of the box
>>> result.label, round(result.share, 2), result.fragile
('Buyer: Build | Vendor: Sell', 0.73, True)
>>> [(near.parameter, near.threshold, round(near.distance, 2)) for near in result.nearest]
[('spend', 6.0, 0.4), ('fixed', 5.0, 0.67)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import ModelError, SolverError
from ..games import Number
from ..payoffs import Parameter, PayoffModel
from ..solvers import solve
from ..solvers.batch_support import RELATIVE_TIE
from .batch_solve import payoff_arrays
from .rational_code import exact_games
from .regimes import Structure, describe_structure, structure_of
from .sampling import draw_samples, monte_carlo
from .threshold_search import Threshold, thresholds

__all__ = ["FRAGILE_BELOW", "NEAREST", "N_PLAYER_ROBUSTNESS_SAMPLES", "ROBUSTNESS_SAMPLES", "NearThreshold",
           "Robustness", "box_model", "robustness"]

FRAGILE_BELOW = 0.8
"""A base case that holds in less than this share of its parameter box is fragile."""

ROBUSTNESS_SAMPLES = 4000
"""Draws of the box by default for two players: the share's standard error is at most 0.008."""

N_PLAYER_ROBUSTNESS_SAMPLES = 1000
"""Draws by default for three or more players, whose draws are screened and many solved one by one
(tens of milliseconds each): the standard error is at most 0.016."""

NEAREST = 3
"""Parameters listed by default, nearest threshold first."""

WINDOW = 0.5
"""Thresholds are first searched within this relative distance of each base value; a parameter's
whole range is searched only when fewer than ``nearest`` parameters have one that close."""


@dataclass(frozen=True)
class NearThreshold:
    """One parameter's threshold nearest its base value.

    Parameters
    ----------
    parameter
        The parameter, moved alone with the others at base.
    base
        Its base value.
    threshold
        Its threshold nearest ``base`` where a base-case equilibrium stops being one (a float).
    distance
        ``|threshold - base| / |base|``, or divided by the width of the range when the base is 0.
    """

    parameter: str
    base: Number
    threshold: float
    distance: float


@dataclass(frozen=True)
class Robustness:
    """The result of ``robustness``.

    Parameters
    ----------
    label
        The base case's equilibria in words (``describe_structure``).
    structure
        The base case's structure.
    share
        The share of draws of the parameter box at which every equilibrium of ``structure`` (its
        supports) is still an equilibrium.
    samples, seed
        How many draws, and the seed they were made from.
    nearest
        The parameters whose thresholds lie closest to their base values, nearest first.
    unsearched
        Parameters whose thresholds could not be searched (too many tie points); they are
        missing from ``nearest``.
    """

    label: str
    structure: Structure
    share: float
    samples: int
    seed: int
    nearest: tuple[NearThreshold, ...]
    unsearched: tuple[str, ...] = ()

    @property
    def fragile(self) -> bool:
        """True when the base case holds in less than ``FRAGILE_BELOW`` of the box."""
        return self.share < FRAGILE_BELOW

    @property
    def standard_error(self) -> float:
        """The binomial standard error of ``share``."""
        return float(np.sqrt(self.share * (1 - self.share) / self.samples))


def box_model(model: PayoffModel) -> PayoffModel:
    """``model`` with a uniform distribution over its range on every ranged parameter that has none.

    Examples
    --------
    >>> from chipgame.payoffs import Parameter, PayoffModel
    >>> model = PayoffModel(("A",), (("a",),), {("a",): (0,)}, [Parameter("x", 1, range=(0, 2))])
    >>> box_model(model).parameters[0].distribution["kind"]
    'uniform'
    """
    ranged = [p for p in model.parameters if p.range is not None]
    if not ranged:
        raise ModelError("no parameter declares a range, so there is no box to draw from",
                         fix="add range = [low, high] to the uncertain parameters")
    return replace(model, parameters=tuple(_boxed(p) for p in model.parameters))


def _boxed(parameter: Parameter) -> Parameter:
    if parameter.distribution is not None or parameter.range is None:
        return parameter
    low, high = parameter.range
    return replace(parameter, distribution={"kind": "uniform", "low": low, "high": high})


def robustness(model: PayoffModel, samples: int | None = None, seed: int = 0,
               overrides: Mapping[str, Any] | None = None, nearest: int = NEAREST,
               searched: Mapping[str, Sequence[Threshold]] | None = None) -> Robustness:
    """How robust the base-case equilibria of ``model`` are: share of the box, nearest thresholds.

    Parameters
    ----------
    model
        A payoff model whose uncertain parameters declare ranges (and, optionally, distributions).
    samples, seed
        Draws of the box (``ROBUSTNESS_SAMPLES`` for two players, ``N_PLAYER_ROBUSTNESS_SAMPLES``
        for more, by default), and the seed they are made from (the same seed, the same share).
    overrides
        Base values to use instead of the model's (the box stays the declared one).
    nearest
        How many parameters to list in ``Robustness.nearest`` (0: no threshold is searched).
    searched
        Thresholds already found of some parameters over their whole declared ranges at these
        base values (a tornado's, ``TornadoBar.thresholds``): read instead of searched again.

    Returns
    -------
    Robustness
        The base case, the share of the box that keeps it and the nearest thresholds.

    Raises
    ------
    ModelError
        When no parameter declares a range.
    """
    if samples is None:
        samples = ROBUSTNESS_SAMPLES if len(model.players) == 2 else N_PLAYER_ROBUSTNESS_SAMPLES
    base = model.values_with(overrides)
    equilibria = solve(model.evaluate(base)).equilibria
    structure = structure_of(equilibria)
    kept = set(structure)
    played = [eq.played for eq in equilibria]
    if all(profile is not None for profile in played):
        share = _pure_share(model, base, [profile for profile in played if profile is not None],
                            draw_samples(box_model(model), samples, seed))
    else:
        drawn = monte_carlo(box_model(model), samples, seed, overrides)
        share = sum(kept <= set(s) for s in drawn.structures) / samples
    found: list[NearThreshold] = []
    unsearched: list[str] = []
    pending = [p for p in model.parameters if p.range is not None] if nearest else []
    for window in (WINDOW, None):
        for parameter in list(pending):
            try:
                near = _nearest(model, parameter, base, kept, window, (searched or {}).get(parameter.name))
            except SolverError:
                unsearched.append(parameter.name)
                pending.remove(parameter)
                continue
            if near is not None:
                found.append(near)
                pending.remove(parameter)
        if len(found) >= nearest:
            break
    found.sort(key=lambda near: (near.distance, near.parameter))
    return Robustness(describe_structure(model.players, structure), structure, share, samples, seed,
                      tuple(found[:nearest]), tuple(unsearched))


def _pure_share(model: PayoffModel, base: Mapping[str, Number], profiles: Sequence[tuple[int, ...]],
                draws: Mapping[str, np.ndarray]) -> float:
    """The share of ``draws`` at which every pure profile of ``profiles`` is still an equilibrium.

    A pure profile is an equilibrium of a game exactly when it is one of its extreme equilibria,
    so this is the share ``monte_carlo`` gives, without solving each draw: every unilateral
    deviation's gain is computed for all draws at once in floats, and a draw where some gain is
    within ``RELATIVE_TIE`` of the game's largest payoff of zero (or not finite) is decided
    exactly, at the draw's exact (binary) values, through ``rational_code``.
    """
    count = len(next(iter(draws.values())))
    cells = payoff_arrays(model, draws, base).reshape(count, -1)  # a column per (profile, player)
    shape = (*model.shape, len(model.players))

    def column(profile: tuple[int, ...], player: int) -> np.ndarray:
        return cells[:, int(np.ravel_multi_index((*profile, player), shape))]

    with np.errstate(invalid="ignore"):
        tie = RELATIVE_TIE * np.maximum(1.0, np.nanmax(np.abs(cells), axis=1, initial=0.0))
    holds = np.ones(count, dtype=bool)
    unsure = ~np.isfinite(cells).all(axis=1)
    labels = model.strategies

    def formula(profile: tuple[int, ...], player: int) -> object:
        return model.payoffs[tuple(s[k] for s, k in zip(labels, profile))][player]

    # a deviation to the same formula is a tie at every draw, which never breaks the equilibrium
    deviations = [(profile, player, deviation) for profile, player, deviation in _deviations(model.shape, profiles)
                  if formula(deviation, player) != formula(profile, player)]
    for profile, player, deviation in deviations:
        gain = column(deviation, player) - column(profile, player)
        holds &= ~(gain > tie)
        unsure |= np.abs(gain) <= tie
    unsure &= holds  # a draw where some deviation clearly pays is settled, whatever the others
    names = tuple(draws)
    game_at = exact_games(model, names, tuple((name, value) for name, value in base.items() if name not in draws))
    for k in np.flatnonzero(unsure).tolist():
        game = game_at({**base, **{name: Fraction(float(draws[name][k])) for name in names}})
        holds[k] = all(game.payoff(deviation)[player] <= game.payoff(profile)[player]
                       for profile, player, deviation in deviations)
    return float(holds.sum()) / count


def _deviations(shape: tuple[int, ...], profiles: Sequence[tuple[int, ...]]
                ) -> list[tuple[tuple[int, ...], int, tuple[int, ...]]]:
    """Every unilateral deviation from each profile: (profile, the player who deviates, the profile after)."""
    return [(profile, player, (*profile[:player], other, *profile[player + 1:]))
            for profile in profiles for player, size in enumerate(shape) for other in range(size)
            if other != profile[player]]


def _nearest(model: PayoffModel, parameter: Parameter, base: Mapping[str, Number],
             kept: set[tuple[tuple[str, ...], ...]], window: float | None,
             searched: Sequence[Threshold] | None = None) -> NearThreshold | None:
    """The threshold of ``parameter`` nearest its base value where the base case is lost (it holds on
    one side and not on the other), searched within ``window`` (relative) of the base value or over
    the whole range (None), or read off ``searched``, its thresholds over the whole range; None
    when there is none there."""
    assert parameter.range is not None
    low, high = parameter.range
    value: Number = base[parameter.name]
    scale: Number = (value if value > 0 else -value) if value else Fraction(high) - Fraction(low)
    if window is not None:
        reach: Number = Fraction(window) * scale if isinstance(scale, Fraction) else window * scale
        low, high = max(low, value - reach), min(high, value + reach)
    if searched is None:
        others = {name: v for name, v in base.items() if name != parameter.name}
        searched = thresholds(model, parameter.name, low, high, overrides=others, scan_mixed=False)
    found = [t for t in searched if float(low) <= t.value <= float(high)
             and (kept <= set(structure_of(t.below))) != (kept <= set(structure_of(t.above)))]
    if not found:
        return None
    closest = min((t.value for t in found), key=lambda t: abs(t - float(value)))
    return NearThreshold(parameter.name, value, closest, abs(closest - float(value)) / float(scale))
