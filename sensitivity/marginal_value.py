"""The marginal value of a parameter: the exact derivative of each player's equilibrium payoff.

At an equilibrium of the base case, each player's expected payoff is a sum of payoff expressions
weighted by the equilibrium's probabilities. Holding those probabilities fixed, its derivative with
respect to one parameter is taken symbolically (``min``, ``max`` and ``abs`` rewritten piecewise
first, so a binding cap has derivative 1 and a slack one 0) and evaluated exactly at the base
values. For the chip-market model's ``inhouse_cap`` this is the value of one more bn RMB a year
of foundry, HBM and packaging allocation; it is zero for every player where the cap does not
bind. At a kink (a cap exactly equal to the demand for it) the derivative is one-sided and sympy's
piecewise form takes the side its conditions give.

Examples
--------
>>> import sympy
>>> from chipgame.payoffs import Parameter, PayoffModel
>>> cap, demand = sympy.symbols("cap demand")
>>> model = PayoffModel(("Builder", "Vendor"), (("Build",), ("Hold",)),
...     {("Build", "Hold"): (sympy.Min(cap, demand) / 2, -sympy.Min(cap, demand))},
...     [Parameter("cap", 10), Parameter("demand", 15)])
>>> [value.exact for value in marginal_values(model, "cap")[0].values]
[Fraction(1, 2), Fraction(-1, 1)]
>>> [value.exact for value in marginal_values(model, "cap", {"cap": 20})[0].values]
[Fraction(0, 1), Fraction(0, 1)]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from ..errors import ModelError
from ..games import Number
from ..payoffs import PayoffModel, evaluate_expression
from ..solvers import Equilibrium, solve
from .symbolic import _smooth as piecewise
from .threshold_search import sympy_number

__all__ = ["MarginalValue", "EquilibriumMargins", "marginal_values"]


@dataclass(frozen=True)
class MarginalValue:
    """One player's marginal value of the parameter at one equilibrium.

    Parameters
    ----------
    player
        The player's name.
    exact
        The derivative of its expected payoff, exact (a Fraction where rational).
    """

    player: str
    exact: Number

    @property
    def value(self) -> float:
        """The derivative as a float."""
        return float(self.exact)


@dataclass(frozen=True)
class EquilibriumMargins:
    """The marginal values at one equilibrium of the base case.

    Parameters
    ----------
    parameter
        The parameter the payoffs are differentiated by.
    equilibrium
        The equilibrium (probabilities held fixed).
    values
        One ``MarginalValue`` per player, in player order.
    """

    parameter: str
    equilibrium: Equilibrium
    values: tuple[MarginalValue, ...]

    @property
    def binding(self) -> bool:
        """True when the parameter moves some player's payoff here (a cap that binds)."""
        return any(value.exact != 0 for value in self.values)


def marginal_values(model: PayoffModel, parameter: str, overrides: Mapping[str, Any] | None = None
                    ) -> tuple[EquilibriumMargins, ...]:
    """The derivative of every player's payoff by ``parameter`` at each equilibrium of the base case.

    Parameters
    ----------
    model
        A payoff model.
    parameter
        The parameter to differentiate by.
    overrides
        Values to use instead of the base values.

    Returns
    -------
    tuple of EquilibriumMargins
        One per equilibrium, in the solver's order.

    Raises
    ------
    ModelError
        For a parameter the model does not have.
    """
    values = model.values_with(overrides)
    if parameter not in values:
        raise ModelError(f"unknown parameter {parameter!r}", fix=f"use one of: {', '.join(values)}")
    symbol = model.symbols[parameter]
    derivatives: dict[tuple[str, ...], tuple[sympy.Expr, ...]] = {}

    def derivative(profile: tuple[str, ...]) -> tuple[sympy.Expr, ...]:
        """The derivatives of one profile's payoffs, taken once, and only for a profile some
        equilibrium plays (differentiating the piecewise form is the slow part)."""
        if profile not in derivatives:
            derivatives[profile] = tuple(sympy.diff(piecewise(expr), symbol) for expr in model.payoffs[profile])
        return derivatives[profile]

    found = []
    for eq in solve(model.evaluate(values)).equilibria:
        totals = [sympy.Integer(0)] * len(model.players)
        for profile in model.payoffs:
            weight = sympy.Integer(1)
            for labels, mix, label in zip(model.strategies, eq.profile, profile):
                weight *= sympy_number(mix[labels.index(label)])
            if weight != 0:
                totals = [total + weight * expr for total, expr in zip(totals, derivative(profile))]
        margins = tuple(MarginalValue(player, evaluate_expression(total, values))
                        for player, total in zip(model.players, totals))
        found.append(EquilibriumMargins(parameter, eq, margins))
    return tuple(found)
