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
(Fraction(-2304, 25), Fraction(7129, 125))
>>> [float(x) for x in game.payoff((1, 0))]                      # Build, HoldMargin
[-57.066, 37.2752]
"""

from __future__ import annotations

import difflib
import itertools
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib.resources import files
from types import MappingProxyType

import sympy

from ..errors import ModelError
from .model import PayoffModel, Profile
from .parameter_tables import parameters_from_table
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

HYPERSCALER_STRATEGIES: tuple[str, ...] = ("Buy", "Build", "BuildAndSell")
"""A hyperscaler's strategies: keep buying, build its own chip, or build it and sell it outside."""

VENDOR_STRATEGIES: tuple[str, ...] = ("HoldMargin", "CutPrice", "BuildEcosystem", "SeekAcquisition")
"""The vendor's strategies: hold its margin, cut it to a floor, build a software ecosystem, or
offer itself for acquisition."""

MAX_HYPERSCALERS = 2
"""The model is written for one or two hyperscalers."""

_HOLD, _CUT, _ECO, _SEEK = VENDOR_STRATEGIES
_BUY, _BUILD, _SELL = HYPERSCALER_STRATEGIES

# ------------------------------------------------------------------------- default parameters


def _load_defaults() -> dict[str, tuple[Parameter, ...]]:
    """The default parameters of ``chip_market.toml``, by group: market, hyperscaler, vendor."""
    document = tomllib.loads(files(__package__).joinpath(_DEFAULTS_FILE).read_text(encoding="utf-8"))
    groups: dict[str, tuple[Parameter, ...]] = {}
    for group in _GROUPS:
        where = f"{_DEFAULTS_FILE} [{group}]"
        groups[group] = parameters_from_table(document.get(group, {}), group)
        unranged = [p.name for p in groups[group] if p.range is None]
        if unranged:
            raise ModelError(f"{where}: {', '.join(unranged)} need a range", fix="add range = [low, high]")
    return groups


_DEFAULTS_FILE = "chip_market.toml"
_GROUPS = ("market", "hyperscaler", "vendor")
_DEFAULTS = _load_defaults()


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
    _suffixes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), repr=False)

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
        ('Build or buy', [-11.52, 24.104])
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
    seeking = _SEEK in v_strategies
    acquirer = (acquirer or names[0]) if seeking else None
    builder = _Builder(names, suffixes, h_strategies, v_strategies, acquirer)
    payoffs = builder.payoffs()
    return builder.result(vendor, payoffs)


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


def _real(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


class _Builder:
    """Writes the definitions and payoffs for one choice of roles and strategies."""

    def __init__(self, names: tuple[str, ...], suffixes: Mapping[str, str], h_strategies: tuple[str, ...],
                 v_strategies: tuple[str, ...], acquirer: str | None) -> None:
        self.names = names
        self.suffixes = suffixes
        self.h_strategies = h_strategies
        self.v_strategies = v_strategies
        self.acquirer = acquirer
        self.equations: dict[str, sympy.Expr] = {}
        self.expanded: dict[str, sympy.Expr] = {}
        self.defaults: dict[str, Parameter] = {}
        self.order: list[str] = []
        for default in _DEFAULTS["market"]:
            self._parameter(default, "")
        for name in names:
            for default in _DEFAULTS["hyperscaler"]:
                self._parameter(default, suffixes[name])
        for default in _DEFAULTS["vendor"]:
            self._parameter(default, "")
        self.market = self._market_definitions()
        self.per = {name: self._hyperscaler_definitions(name) for name in names}

    # ------------------------------------------------------------------ names and symbols

    def _parameter(self, default: Parameter, suffix: str) -> None:
        name = default.name + suffix
        self.defaults[name] = replace(default, name=name) if suffix else default
        self.order.append(name)

    def full_name(self, name: str, hyperscaler: str | None) -> str:
        """``name`` with the suffix of ``hyperscaler`` when given."""
        return name + (self.suffixes[hyperscaler] if hyperscaler else "")

    def p(self, name: str, hyperscaler: str | None = None) -> sympy.Symbol:
        """The symbol of a parameter (of ``hyperscaler`` when given)."""
        return self.defaults[self.full_name(name, hyperscaler)].symbol

    def define(self, name: str, expr: sympy.Expr, hyperscaler: str | None = None) -> sympy.Symbol:
        """Record a named definition and return its symbol."""
        full = self.full_name(name, hyperscaler)
        self.equations[full] = expr
        self.expanded[full] = expr.xreplace(self.expanded_symbols())
        return _real(full)

    def expanded_symbols(self) -> dict[sympy.Symbol, sympy.Expr]:
        return {_real(name): expr for name, expr in self.expanded.items()}

    # ------------------------------------------------------------------ definitions

    def _market_definitions(self) -> dict[str, sympy.Symbol]:
        d: dict[str, sympy.Symbol] = {}
        p = self.p
        d["horizon_months"] = self.define("horizon_months", 12 * p("horizon_years"))
        if _CUT in self.v_strategies:
            d["cut_price"] = self.define("cut_price", (1 - p("vendor_margin")) / (1 - p("margin_floor")))
        if _ECO in self.v_strategies:
            d["eco_share"] = self.define(
                "eco_share", sympy.Max(0, 1 - p("ecosystem_lag_years") / p("horizon_years")))
        if _SEEK in self.v_strategies:
            d["acq_price_yearly"] = self.define(
                "acq_price_yearly", p("acq_premium") * p("standalone_value") * p("capital_charge"))
        return d

    def _hyperscaler_definitions(self, h: str) -> dict[str, sympy.Symbol]:
        d: dict[str, sympy.Symbol] = {}
        m = self.market

        def p(name: str) -> sympy.Symbol:
            return self.p(name, h)

        def define(name: str, expr: sympy.Expr) -> None:
            d[name] = self.define(name, expr, h)

        shared = self.p
        spend, share2 = p("chip_spend"), p("second_source_share")
        risk_rate = shared("p_cut") * shared("shortfall_cost")
        define("buy_cost", spend * (1 + share2 * shared("second_source_premium")))
        define("risk_buy", risk_rate * spend * (1 - share2))
        define("vendor_sales_buy", spend * (1 - share2))
        if _CUT in self.v_strategies:
            mix_cut = (1 - share2) * m["cut_price"] + share2 * (1 + shared("second_source_premium"))
            define("buy_cost_cut", spend * mix_cut)
        if _BUILD not in self.h_strategies and _SELL not in self.h_strategies:
            return d
        define("team_cost", p("team_size") * p("cost_per_head") / 1000)
        define("tapeout_spend", p("tapeouts_per_year") * p("tapeout_cost") / p("first_pass_success"))
        define("build_fixed", d["team_cost"] + d["tapeout_spend"])
        define("ramp", sympy.Min(1, p("build_lead_months") / m["horizon_months"]))
        define("inhouse_share", (1 - d["ramp"]) * p("asic_coverage"))
        define("bought_share", 1 - d["inhouse_share"])
        define("compute_cost", spend * (1 - shared("vendor_margin")))
        define("inhouse_cost", d["inhouse_share"] * d["compute_cost"] * (1 - p("asic_saving")))
        define("risk_build", risk_rate * spend * ((1 - share2) * d["bought_share"]
                                                   + shared("inhouse_exposure") * d["inhouse_share"]))
        define("switching", p("switching_cost") * spend * d["inhouse_share"])
        define("vendor_sales_build", d["vendor_sales_buy"] * d["bought_share"])
        common = d["inhouse_cost"] + d["build_fixed"] + d["risk_build"]

        def build_cost(buy_cost: sympy.Symbol, switching: sympy.Symbol) -> sympy.Expr:
            return d["bought_share"] * buy_cost + common + switching

        define("build_cost", build_cost(d["buy_cost"], d["switching"]))
        if _CUT in self.v_strategies:
            define("build_cost_cut", build_cost(d["buy_cost_cut"], d["switching"]))
        if _ECO in self.v_strategies:
            define("switching_eco", (p("switching_cost") + m["eco_share"] * shared("ecosystem_lock_in"))
                   * spend * d["inhouse_share"])
            define("build_cost_eco", build_cost(d["buy_cost"], d["switching_eco"]))
        if _SELL in self.h_strategies:
            define("sell_share", sympy.Max(0, 1 - (p("build_lead_months") + p("sell_delay_months"))
                                           / m["horizon_months"]))

            def ext_profit(sales: sympy.Symbol) -> sympy.Expr:
                return sales * p("ext_margin") - d["sell_share"] * p("sell_cost")

            define("ext_sales", d["sell_share"] * p("ext_share") * spend * p("asic_coverage"))
            define("ext_profit", ext_profit(d["ext_sales"]))
            if len(self.names) == 2:
                define("ext_sales_rival", d["ext_sales"] * (1 - shared("ext_rivalry")))
                define("ext_profit_rival", ext_profit(d["ext_sales_rival"]))
        return d

    # ------------------------------------------------------------------ payoffs

    def _ext(self, h: str, profile: dict[str, str], what: str) -> sympy.Expr:
        """``ext_sales`` or ``ext_profit`` of ``h`` at ``profile``: 0 unless it sells, rival if both do."""
        if profile[h] != _SELL:
            return sympy.Integer(0)
        others_sell = any(profile[o] == _SELL for o in self.names if o != h)
        return self.per[h][f"{what}_rival" if others_sell else what]

    def _hyperscaler_payoff(self, h: str, profile: dict[str, str], price: str) -> sympy.Expr:
        """Payoff of ``h`` when the vendor prices at ``price`` ("hold", "cut" or "eco")."""
        d = self.per[h]
        if profile[h] == _BUY:
            return -((d["buy_cost_cut"] if price == "cut" else d["buy_cost"]) + d["risk_buy"])
        cost = {"hold": d["build_cost"], "cut": d.get("build_cost_cut"), "eco": d.get("build_cost_eco")}[price]
        return -cost + self._ext(h, profile, "ext_profit")

    def _vendor_sales(self, h: str, profile: dict[str, str]) -> sympy.Symbol:
        return self.per[h]["vendor_sales_buy" if profile[h] == _BUY else "vendor_sales_build"]

    def _other_sales(self, profile: dict[str, str], gain: sympy.Expr | None = None) -> sympy.Expr:
        """The vendor's other customers' volume at its held price, after hyperscalers' external sales."""
        displaced = sum((self._ext(h, profile, "ext_sales") for h in self.names), sympy.Integer(0))
        base = self.p("other_revenue") * (1 + gain) if gain is not None else self.p("other_revenue")
        if displaced == 0:
            return base
        return sympy.Max(0, base - self.p("ext_overlap") * displaced)

    def _vendor_payoff(self, profile: dict[str, str], strategy: str) -> tuple[sympy.Expr, sympy.Expr | None]:
        """The vendor's payoff, and for SeekAcquisition the acquirer's gain from a deal (else None)."""
        p = self.p
        held_margin = p("vendor_margin")

        def profit(volume: sympy.Expr, margin: sympy.Expr = held_margin) -> sympy.Expr:
            """Yearly profit on ``volume`` (at the held price) sold at ``margin``, if supply is not cut."""
            return (1 - p("p_cut")) * volume * margin - p("vendor_opex")

        sales = sum((self._vendor_sales(h, profile) for h in self.names), sympy.Integer(0))
        if strategy == _HOLD:
            return profit(sales + self._other_sales(profile)), None
        if strategy == _CUT:
            cut_price = self.market["cut_price"]
            other = self._other_sales(profile) * (1 + p("demand_elasticity") * (1 - cut_price))
            return profit(sales + other, cut_price * p("margin_floor")), None
        if strategy == _ECO:
            other = self._other_sales(profile, self.market["eco_share"] * p("ecosystem_revenue_gain"))
            return profit(sales + other) - p("ecosystem_cost"), None
        assert self.acquirer is not None
        other = self._other_sales(profile)
        alone = profit(sales + (1 - p("courtship_loss")) * other)
        own = self._vendor_sales(self.acquirer, profile)
        rest = sales - own + other
        synergy = p("acq_synergy") if profile[self.acquirer] != _BUY else sympy.Integer(0)
        gain = profit(own + p("acq_retention") * rest) + synergy - self.market["acq_price_yearly"]
        return sympy.Piecewise((self.market["acq_price_yearly"], gain > 0), (alone, True)), gain

    def payoffs(self) -> dict[Profile, tuple[sympy.Expr, ...]]:
        table: dict[Profile, tuple[sympy.Expr, ...]] = {}
        for combo in itertools.product(self.h_strategies, repeat=len(self.names)):
            profile = dict(zip(self.names, combo))
            for strategy in self.v_strategies:
                price = {_CUT: "cut", _ECO: "eco"}.get(strategy, "hold")
                rows = [self._hyperscaler_payoff(h, profile, price) for h in self.names]
                vendor, gain = self._vendor_payoff(profile, strategy)
                if gain is not None:
                    k = self.names.index(self.acquirer)
                    rows[k] = rows[k] + sympy.Piecewise((gain, gain > 0), (0, True))
                table[(*combo, strategy)] = (*rows, vendor)
        return table

    def result(self, vendor: str, payoffs: dict[Profile, tuple[sympy.Expr, ...]]) -> ChipMarket:
        substitution = self.expanded_symbols()
        readable = {profile: tuple(sympy.Integer(e) if isinstance(e, int) else e for e in row)
                    for profile, row in payoffs.items()}
        expanded = {profile: tuple(e.xreplace(substitution) for e in row) for profile, row in readable.items()}
        used: set[str] = set()
        for row in expanded.values():
            for expr in row:
                used |= {s.name for s in expr.free_symbols}
        for expr in self.expanded.values():
            used |= {s.name for s in expr.free_symbols}
        parameters = tuple(self.defaults[name] for name in self.order if name in used)
        return ChipMarket(
            players=(*self.names, vendor),
            strategies=(*([self.h_strategies] * len(self.names)), self.v_strategies),
            parameters=parameters,
            definitions=MappingProxyType(dict(self.expanded)),
            equations=MappingProxyType(dict(self.equations)),
            payoffs=MappingProxyType(expanded),
            payoff_equations=MappingProxyType(readable),
            hyperscalers=self.names,
            vendor=vendor,
            acquirer=self.acquirer,
            _suffixes=MappingProxyType(dict(self.suffixes)),
        )

