"""The chip-market model's equations: default parameters (package data), definitions and payoffs for chosen roles."""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from importlib.resources import files

import sympy

from ..errors import ModelError
from .model import Profile
from .parameter_tables import parameters_from_table
from .parameters import Parameter

__all__ = ["HYPERSCALER_STRATEGIES", "VENDOR_STRATEGIES", "Builder"]

HYPERSCALER_STRATEGIES: tuple[str, ...] = ("Buy", "Build", "BuildAndSell")
"""A hyperscaler's strategies: keep buying, build its own chip, or build it and sell it outside."""

VENDOR_STRATEGIES: tuple[str, ...] = ("HoldMargin", "CutPrice", "BuildEcosystem", "SeekAcquisition")
"""The vendor's strategies: hold its margin, cut it to a floor, build a software ecosystem, or
offer itself for acquisition."""

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
        for key, example in (("range", "[low, high]"), ("bounds", "[low, high], with inf for no limit")):
            lacking = [p.name for p in groups[group] if getattr(p, key) in (None, (None, None))]
            if lacking:
                raise ModelError(f"{where}: {', '.join(lacking)} need {key}", fix=f"add {key} = {example}")
    return groups


_DEFAULTS_FILE = "chip_market.toml"
_GROUPS = ("market", "hyperscaler", "vendor")
_DEFAULTS = _load_defaults()


def _real(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


class Builder:
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
        define("buy_price", 1 + share2 * shared("second_source_premium"))
        define("buy_cost", spend * d["buy_price"])
        define("risk_buy", risk_rate * spend * (1 - share2))
        define("vendor_sales_buy", spend * (1 - share2))
        if _CUT in self.v_strategies:
            define("buy_price_cut", (1 - share2) * m["cut_price"] + share2 * (1 + shared("second_source_premium")))
            define("buy_cost_cut", spend * d["buy_price_cut"])
        if _BUILD not in self.h_strategies and _SELL not in self.h_strategies:
            return d
        define("team_cost", p("team_size") * p("cost_per_head") / 1000)
        define("tapeout_spend", p("tapeouts_per_year") * p("tapeout_cost") / p("first_pass_success"))
        define("build_fixed", d["team_cost"] + d["tapeout_spend"])
        define("ramp", sympy.Min(1, p("build_lead_months") / m["horizon_months"]))
        define("scale_volume", sympy.Min(p("asic_coverage") * spend, p("inhouse_cap")))
        define("inhouse_volume", (1 - p("program_failure")) * (1 - d["ramp"]) * d["scale_volume"])
        define("bought_volume", spend - d["inhouse_volume"])
        define("inhouse_cost", d["inhouse_volume"] * (1 - p("asic_saving")))
        define("risk_build", risk_rate * ((1 - share2) * d["bought_volume"]
                                          + shared("inhouse_exposure") * d["inhouse_volume"]))
        define("switching", p("switching_cost") * d["inhouse_volume"])
        define("vendor_sales_build", (1 - share2) * d["bought_volume"])
        common = d["inhouse_cost"] + d["build_fixed"] + d["risk_build"]

        def build_cost(buy_price: sympy.Symbol, switching: sympy.Symbol) -> sympy.Expr:
            return d["bought_volume"] * buy_price + common + switching

        define("build_cost", build_cost(d["buy_price"], d["switching"]))
        if _CUT in self.v_strategies:
            define("build_cost_cut", build_cost(d["buy_price_cut"], d["switching"]))
        if _ECO in self.v_strategies:
            define("switching_eco", (p("switching_cost") + m["eco_share"] * shared("ecosystem_lock_in"))
                   * d["inhouse_volume"])
            define("build_cost_eco", build_cost(d["buy_price"], d["switching_eco"]))
        if _SELL in self.h_strategies:
            define("sell_share", sympy.Max(0, 1 - (p("build_lead_months") + p("sell_delay_months"))
                                           / m["horizon_months"]))

            def ext_profit(sales: sympy.Symbol) -> sympy.Expr:
                return sales * p("ext_margin") - d["sell_share"] * p("sell_cost")

            define("ext_sales", (1 - p("program_failure")) * d["sell_share"] * p("ext_share") * d["scale_volume"])
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
