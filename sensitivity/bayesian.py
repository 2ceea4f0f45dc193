"""Bayesian games: a parameter only one player knows, solved exactly in type-agent form.

One player (the informed one) knows the value of a parameter, which is one of a few values
(its types) with probabilities the others believe. In the type-agent form (Harsanyi, "Games
with incomplete information played by Bayesian players", Management Science 14, 1967-68;
Selten, "Reexamination of the perfectness concept", International Journal of Game Theory 4,
1975) every type is a player of its own, with the informed player's strategies and its payoff
at that value; every other player gets its payoff averaged over the types with the believed
probabilities. The Nash equilibria of that game are the Bayesian Nash equilibria, found
exactly by ``chipgame.solvers.solve``; a decision of item 1 made against the belief is
``best_decision`` on the type-agent model.

Examples
--------
>>> from chipgame.payoffs import Parameter
>>> from chipgame.payoffs.choices import Types
>>> from chipgame.solvers import solve
>>> c = sympy.Symbol("c")
>>> model = PayoffModel(("Vendor", "Buyer"), (("Sell",), ("Buy", "Build")),
...     {("Sell", "Buy"): (1, -1), ("Sell", "Build"): (0, -c)}, [Parameter("c", 2)])
>>> belief = Types("c", "Buyer", (Fraction(1, 2), Fraction(2)), (Fraction(1, 4), Fraction(3, 4)))
>>> agents = type_agent_model(model, belief)
>>> agents.players
('Vendor', 'Buyer[c=0.5]', 'Buyer[c=2]')
>>> [eq.payoffs for eq in solve(agents.evaluate()).equilibria]
[(Fraction(3, 4), Fraction(-1, 2), Fraction(-1, 1))]
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy

from ..errors import ModelError
from ..payoffs import PayoffModel
from ..payoffs.choices import Types
from .decisions import BestDecision, best_decision

__all__ = ["type_agent_model", "type_agent_names", "decision_against_belief", "MAX_TYPE_AGENT_PROFILES"]

MAX_TYPE_AGENT_PROFILES = 256
"""Most strategy profiles of a type-agent game (the informed player's strategies to the power of
its number of types, times the others'): each type is a player, and exact support enumeration of
a game of five or more players takes seconds at this size (three strategies, five types: 243
profiles, about 15 s for the game and a decision against the belief)."""


def type_agent_names(types: Types) -> tuple[str, ...]:
    """The players standing for the informed player's types: ``ByteDance[asic_saving=0.3]``.

    Examples
    --------
    >>> type_agent_names(Types("s", "B", (Fraction(3, 10), Fraction(1, 3)), (Fraction(1, 2), Fraction(1, 2))))
    ('B[s=0.3]', 'B[s=1/3]')
    """
    return tuple(f"{types.player}[{types.parameter}={_written(value)}]" for value in types.values)


def type_agent_model(model: PayoffModel, types: Types) -> PayoffModel:
    """The type-agent form of ``model`` when only ``types.player`` knows ``types.parameter``.

    The informed player is replaced, in its place in the player order, by one player per type;
    the typed parameter is gone (each type has its value); every other parameter stays.

    Raises
    ------
    ModelError
        When the type-agent game would have more than ``MAX_TYPE_AGENT_PROFILES`` profiles, or
        ``types`` names a player or a parameter the model does not have.
    """
    if types.player not in model.players:
        raise ModelError(f"{types.player!r} is not a player of the model", fix=f"use one of {model.players}")
    informed = model.players.index(types.player)
    symbol = model.symbols[model.parameter(types.parameter).name]
    count = len(types.values)
    own = model.strategies[informed]
    size = len(own) ** count
    for k, labels in enumerate(model.strategies):
        size *= len(labels) if k != informed else 1
    if size > MAX_TYPE_AGENT_PROFILES:
        raise ModelError(f"the type-agent game of {count} types of {types.player} has {size:,} strategy profiles, "
                         f"more than {MAX_TYPE_AGENT_PROFILES:,}", fix="use fewer types or fewer strategies")
    values = [sympy.Rational(v.numerator, v.denominator) for v in types.values]
    weights = [sympy.Rational(p.numerator, p.denominator) for p in types.probabilities]
    others = [k for k in range(len(model.players)) if k != informed]
    players = (*model.players[:informed], *type_agent_names(types), *model.players[informed + 1:])
    strategies = (*model.strategies[:informed], *((own,) * count), *model.strategies[informed + 1:])
    payoffs = {}
    for profile in itertools.product(*strategies):
        rest = profile[:informed] + profile[informed + count:]
        chosen = profile[informed:informed + count]
        cells = [model.payoffs[(*rest[:informed], choice, *rest[informed:])] for choice in chosen]
        at = [tuple(e.xreplace({symbol: value}) for e in cell) for cell, value in zip(cells, values)]
        expected = {j: sum((w * row[j] for w, row in zip(weights, at)), sympy.Integer(0)) for j in others}
        row = [expected[j] for j in others]
        payoffs[profile] = (*row[:informed], *(row_t[informed] for row_t in at), *row[informed:])
    parameters = tuple(p for p in model.parameters if p.name != types.parameter)
    return PayoffModel(players, strategies, payoffs, parameters,
                       title=f"{model.title} ({types.player} knows {types.parameter})".strip())


def decision_against_belief(model: PayoffModel, types: Types, parameter: str, player: str,
                            overrides: Mapping[str, Any] | None = None) -> BestDecision:
    """``best_decision`` made by ``player``, who does not know ``types.parameter``, against its belief.

    Raises
    ------
    ModelError
        When ``player`` is the informed player (it would choose once per type), or the decision is
        the typed parameter.

    Examples
    --------
    A vendor earns ``m`` from a buyer who pays ``1 + m`` rather than build for ``c``, 6/5 or 3/2 with
    even odds: selling to both at m = 1/5 earns 1/5, selling to the high type at 1/2 earns 1/4.

    >>> from chipgame.payoffs import Parameter
    >>> m, c = sympy.symbols("m c")
    >>> model = PayoffModel(("Vendor", "Buyer"), (("Sell",), ("Buy", "Build")),
    ...     {("Sell", "Buy"): (m, -1 - m), ("Sell", "Build"): (0, -c)},
    ...     [Parameter("m", "0.1", range=(0, 1)), Parameter("c", "1.5")])
    >>> belief = Types("c", "Buyer", (Fraction(6, 5), Fraction(3, 2)), (Fraction(1, 2), Fraction(1, 2)))
    >>> decision = decision_against_belief(model, belief, "m", "Vendor")
    >>> decision.best.value, decision.best.payoff
    (1/2, 1/4)
    """
    if player == types.player:
        raise ModelError(f"{player} knows {types.parameter}, so it would choose {parameter} once per type",
                         fix="give the decision to a player who does not know it")
    if parameter == types.parameter:
        raise ModelError(f"{parameter} has types, so it cannot also be chosen", fix="choose another parameter")
    return best_decision(type_agent_model(model, types), parameter, player, overrides)


def _written(value: Fraction) -> str:
    """A type's value: a terminating decimal as one (0.3), else a fraction (1/3)."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    text = f"{float(value):.15g}"
    return text if Fraction(text) == value else f"{value.numerator}/{value.denominator}"
