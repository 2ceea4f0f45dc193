"""The built-in payoff model ``chip-market``: build, buy or sell AI chips against one vendor.

One or two hyperscalers (strategies ``Buy``, ``Build``, ``BuildAndSell``) face one chip vendor
(``HoldMargin``, ``CutPrice``, ``BuildEcosystem``, ``SeekAcquisition``). Every payoff is a
sympy expression of named parameters, put together from named intermediate definitions, so a
scenario can use the model by setting parameters only (``model = "chip-market"``) and still
replace single payoffs. The equations, with units and the fact or claim each term encodes,
are written out once in ``docs/explanation/chip-market-model.md``.

Units: money in bn RMB per year (one-off amounts, such as a market value, in bn RMB), time in
months or years, probabilities and shares as fractions. Compute is measured by what it costs
at the vendor's held price (so ``chip_spend`` is the hyperscaler's yearly spend on it), and
payoffs are yearly profit-like values averaged over the planning horizon: costs are negative.

With two hyperscalers every hyperscaler parameter and definition gets the hyperscaler's name
as a suffix in lower case, with runs of other characters turned into ``_`` (``chip_spend_bytedance``,
``chip_spend_alibaba``); with one, the names have no suffix.

Examples
--------
>>> market = chip_market(["ByteDance"], "Nvidia", vendor_strategies=["HoldMargin", "CutPrice"])
>>> market.players, market.strategies
(('ByteDance', 'Nvidia'), (('Buy', 'Build', 'BuildAndSell'), ('HoldMargin', 'CutPrice')))
>>> game = market.payoff_model().evaluate()
>>> game.payoff((0, 0))        # Buy, HoldMargin: ByteDance's cost and Nvidia's profit, bn RMB a year
(Fraction(-369, 4), Fraction(244, 5))
>>> [float(x) for x in game.payoff((1, 0))]                      # Build, HoldMargin
[-90.5408203125, 44.9240234375]
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import sympy

from ..errors import ModelError
from ..games.immutable import FrozenMapping
from .chip_market_equations import HYPERSCALER_STRATEGIES, VENDOR_STRATEGIES, Builder
from .model import PayoffModel, Profile
from .parameters import Parameter, is_identifier

__all__ = [
    "BUILTIN_MODELS",
    "HYPERSCALER_STRATEGIES",
    "MAX_HYPERSCALERS",
    "VENDOR_STRATEGIES",
    "ChipMarket",
    "builtin_model",
    "chip_market",
]

BUILTIN_MODELS: tuple[str, ...] = ("chip-market",)
"""Names a scenario may give as ``model = "..."``."""

MAX_HYPERSCALERS = 2
"""The model is written for one or two hyperscalers."""

# ------------------------------------------------------------------------------- the result

@dataclass(frozen=True, eq=False)
class ChipMarket:
    """The ``chip-market`` model for given roles: everything a PayoffModel needs, and more.

    Parameters
    ----------
    players
        The hyperscalers in the order given, then the vendor.
    strategies
        Each player's strategies, in player order.
    parameters
        Every parameter the payoffs use, with default value, range, unit, source and
        description: the market's first, then each hyperscaler's, then the vendor's.
    definitions
        Every named intermediate definition, expanded into an expression of parameters, in
        dependency order.
    equations
        The same definitions, each written with the parameters and earlier definitions it
        uses (readable; the symbols of definitions are real sympy symbols of the same name).
    payoffs
        For every pure profile (strategy labels in player order), one expression of
        parameters per player.
    payoff_equations
        The same payoffs written with the definitions' symbols (readable).
    hyperscalers, vendor, acquirer
        The roles. ``acquirer`` is None unless the vendor may seek an acquisition.

    Examples
    --------
    >>> market = chip_market(["ByteDance"], "Cambricon")
    >>> market.equations["build_fixed"]
    tapeout_spend + team_cost
    >>> market.definitions["build_fixed"]
    cost_per_head*team_size/1000 + tapeout_cost*tapeouts_per_year/first_pass_success
    >>> market.parameter_name("chip_spend", "ByteDance")
    'chip_spend'
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    parameters: tuple[Parameter, ...]
    definitions: Mapping[str, sympy.Expr]
    equations: Mapping[str, sympy.Expr]
    payoffs: Mapping[Profile, tuple[sympy.Expr, ...]]
    payoff_equations: Mapping[Profile, tuple[sympy.Expr, ...]]
    hyperscalers: tuple[str, ...]
    vendor: str
    acquirer: str | None = None
    _suffixes: Mapping[str, str] = field(default_factory=lambda: FrozenMapping({}), repr=False)

    def parameter_name(self, base: str, hyperscaler: str) -> str:
        """The name of hyperscaler parameter (or definition) ``base`` for ``hyperscaler``.

        Examples
        --------
        >>> market = chip_market(["ByteDance", "Alibaba Cloud"], "Nvidia", vendor_strategies=["HoldMargin"])
        >>> market.parameter_name("chip_spend", "Alibaba Cloud")
        'chip_spend_alibaba_cloud'
        """
        if hyperscaler not in self._suffixes:
            raise ModelError(f"{hyperscaler!r} is not a hyperscaler of this model",
                             fix=f"use one of {', '.join(self.hyperscalers)}")
        return base + self._suffixes[hyperscaler]

    def payoff_model(self, parameters: Sequence[Parameter] | None = None, title: str = "") -> PayoffModel:
        """The PayoffModel of these payoffs, with ``parameters`` (default: the model's own).

        Examples
        --------
        >>> market = chip_market(["ByteDance"], "Nvidia", vendor_strategies=["HoldMargin"])
        >>> game = market.payoff_model(title="Build or buy").evaluate({"chip_spend": 10})
        >>> game.title, [float(x) for x in game.payoff((0, 0))]
        ('Build or buy', [-11.53125, 16.64375])
        """
        return PayoffModel(self.players, self.strategies, self.payoffs,
                           tuple(self.parameters if parameters is None else parameters), title=title)


# ------------------------------------------------------------------------------- the builder

def chip_market(
    hyperscalers: Sequence[str],
    vendor: str,
    *,
    hyperscaler_strategies: Sequence[str] | None = None,
    vendor_strategies: Sequence[str] | None = None,
    acquirer: str | None = None,
) -> ChipMarket:
    """Build the ``chip-market`` model for one or two hyperscalers and one vendor.

    Parameters
    ----------
    hyperscalers
        One or two player names, in player order.
    vendor
        The vendor's player name; it moves after the hyperscalers in player order.
    hyperscaler_strategies
        A subset of ``HYPERSCALER_STRATEGIES`` in the order wanted (every hyperscaler gets
        the same); all three by default.
    vendor_strategies
        A subset of ``VENDOR_STRATEGIES`` in the order wanted; all four by default.
    acquirer
        The hyperscaler that may buy the vendor when it seeks an acquisition; the first
        hyperscaler by default. Only meaningful with ``SeekAcquisition``.

    Returns
    -------
    ChipMarket
        Players, strategies, the parameters the payoffs use (with defaults), the named
        definitions and the payoff table; ``.payoff_model()`` makes the PayoffModel.

    Raises
    ------
    ModelError
        For a bad role or strategy; the message starts with the argument's name.

    Examples
    --------
    Two hyperscalers and Nvidia holding or cutting its margin: 3 x 3 x 2 profiles.

    >>> market = chip_market(["ByteDance", "Alibaba"], "Nvidia", vendor_strategies=["HoldMargin", "CutPrice"])
    >>> len(market.payoffs), market.players
    (18, ('ByteDance', 'Alibaba', 'Nvidia'))
    >>> [p.name for p in market.parameters][:3]
    ['horizon_years', 'p_cut', 'shortfall_cost']
    >>> "ext_sales_rival_alibaba" in market.definitions
    True
    """
    names, suffixes = _check_hyperscalers(hyperscalers)
    vendor = _check_name("vendor", vendor)
    if vendor in names:
        raise ModelError(f"vendor {vendor!r} is also a hyperscaler", fix="give the vendor its own name")
    h_strategies = _check_strategies("hyperscaler_strategies", hyperscaler_strategies, HYPERSCALER_STRATEGIES)
    v_strategies = _check_strategies("vendor_strategies", vendor_strategies, VENDOR_STRATEGIES)
    if acquirer is not None and acquirer not in names:
        raise ModelError(f"acquirer {acquirer!r} is not one of the hyperscalers",
                         fix=f"{_did_you_mean(acquirer, names)}name one of {', '.join(names)}")
    seeking = "SeekAcquisition" in v_strategies
    acquirer = (acquirer or names[0]) if seeking else None
    builder = Builder(names, suffixes, h_strategies, v_strategies, acquirer)
    return _assemble(builder, vendor, builder.payoffs())


def builtin_model(name: str, **roles: object) -> ChipMarket:
    """The built-in model called ``name`` (one of ``BUILTIN_MODELS``) for the given roles.

    Examples
    --------
    >>> builtin_model("chip-market", hyperscalers=["ByteDance"], vendor="Nvidia").players
    ('ByteDance', 'Nvidia')
    """
    if name not in BUILTIN_MODELS:
        raise ModelError(f"there is no built-in model {name!r}",
                         fix=f"{_did_you_mean(name, BUILTIN_MODELS)}use one of {', '.join(BUILTIN_MODELS)}")
    return chip_market(**roles)  # type: ignore[arg-type]


def _did_you_mean(name: object, choices: Sequence[str]) -> str:
    """``"did you mean 'x'? "`` for the choice closest to ``name``, or ``""`` when none is close."""
    close = difflib.get_close_matches(str(name), choices, n=1)
    return f"did you mean {close[0]!r}? " if close else ""


def _check_name(what: str, name: object) -> str:
    if not isinstance(name, str) or not name.strip() or name != name.strip():
        raise ModelError(f"{what} {name!r} is not a usable player name",
                         fix="give a non-blank name without surrounding spaces")
    return name


def _check_hyperscalers(hyperscalers: object) -> tuple[tuple[str, ...], dict[str, str]]:
    if isinstance(hyperscalers, str) or not isinstance(hyperscalers, Sequence):
        raise ModelError("hyperscalers must be a list of one or two names", fix='write e.g. ["ByteDance"]')
    names = tuple(_check_name("hyperscalers", h) for h in hyperscalers)
    if not 1 <= len(names) <= MAX_HYPERSCALERS:
        raise ModelError(f"hyperscalers names {len(names)} players; the model takes one or two",
                         fix="name one or two hyperscalers")
    if len(set(names)) != len(names):
        raise ModelError(f"hyperscalers names {names[0]!r} twice", fix="give every hyperscaler its own name")
    if len(names) == 1:
        return names, {names[0]: ""}
    suffixes = {}
    for name in names:
        slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
        if not slug or not is_identifier("x_" + slug) or len(slug) > 30:
            raise ModelError(f"hyperscalers: {name!r} gives no usable parameter suffix",
                             fix="with two hyperscalers, give names with ASCII letters (at most 30 characters)")
        suffixes[name] = "_" + slug
    if len(set(suffixes.values())) != len(names):
        raise ModelError(f"hyperscalers {names[0]!r} and {names[1]!r} give the same parameter suffix",
                         fix="give the hyperscalers names that differ in their ASCII letters or digits")
    return names, suffixes


def _check_strategies(what: str, chosen: Sequence[str] | None, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if chosen is None:
        return allowed
    if isinstance(chosen, str) or not isinstance(chosen, Sequence) or not chosen:
        raise ModelError(f"{what} must be a non-empty list", fix=f"choose from {', '.join(allowed)}")
    for label in chosen:
        if label not in allowed:
            raise ModelError(f"{what} names {label!r}, which the model does not have",
                             fix=f"{_did_you_mean(label, allowed)}choose from {', '.join(allowed)}")
        if list(chosen).count(label) > 1:
            raise ModelError(f"{what} names {label!r} twice", fix="name each strategy once")
    return tuple(chosen)


def _assemble(builder: Builder, vendor: str, payoffs: dict[Profile, tuple[sympy.Expr, ...]]) -> ChipMarket:
    """The model the builder wrote, with the parameters its payoffs and definitions use."""
    substitution = builder.expanded_symbols()
    readable = {profile: tuple(sympy.Integer(e) if isinstance(e, int) else e for e in row)
                for profile, row in payoffs.items()}
    expanded = {profile: tuple(e.xreplace(substitution) for e in row) for profile, row in readable.items()}
    used: set[str] = set()
    for row in expanded.values():
        for expr in row:
            used |= {s.name for s in expr.free_symbols}
    for expr in builder.expanded.values():
        used |= {s.name for s in expr.free_symbols}
    parameters = tuple(builder.defaults[name] for name in builder.order if name in used)
    return ChipMarket(
        players=(*builder.names, vendor),
        strategies=(*([builder.h_strategies] * len(builder.names)), builder.v_strategies),
        parameters=parameters,
        definitions=FrozenMapping(dict(builder.expanded)),
        equations=FrozenMapping(dict(builder.equations)),
        payoffs=FrozenMapping(expanded),
        payoff_equations=FrozenMapping(readable),
        hyperscalers=builder.names,
        vendor=vendor,
        acquirer=builder.acquirer,
        _suffixes=FrozenMapping(dict(builder.suffixes)),
    )
