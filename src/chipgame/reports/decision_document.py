"""The ``decisions`` of the ``chipgame.solve`` document (schema minor version 1.1).

Each decision is ``{player, parameter, value, exact, attained, side, payoffs, exact_payoffs,
response, against, cautious, range, thresholds, moved_by, belief}``: ``value`` and ``exact`` the
owner's best value with ties resolved its way (``attained`` false when it is only approached
from ``side``), ``payoffs`` every player's payoff in ``response``, the equilibrium played after
it (fields of ``equilibria[]``); ``against`` and ``cautious`` the same fields for the tie at that
value going against the owner, and for every tie going against it; ``belief`` null for a decision
made knowing every parameter, else the types it is made against (its ``response`` is then an
equilibrium of the type-agent game). A scenario with ``[types]`` adds ``bayesian``: the types and
the Bayesian Nash equilibria of its type-agent game (players and fields as in ``equilibria[]``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..payoffs.choices import Types
from ..sensitivity.decision_drivers import Driver
from ..sensitivity.decisions import BestDecision, Outcome
from ..solvers import Solution
from .json_document import SOLVE_SCHEMA, equilibrium_json
from .numbers import exact_text

__all__ = ["DECISIONS_SCHEMA", "decision_json", "with_decisions"]

DECISIONS_SCHEMA = SOLVE_SCHEMA.split("/")[0] + "/1.1"
"""The schema of a ``chipgame.solve`` document that carries ``decisions``."""


def with_decisions(document: Mapping[str, Any], decisions: Sequence[dict[str, Any]],
                   bayesian: dict[str, Any] | None = None) -> dict[str, Any]:
    """The solve document with its ``decisions`` (``decision_json`` of each), its ``bayesian``
    game (``bayesian_json``) when there is one, and the schema 1.1.

    Examples
    --------
    >>> with_decisions({"schema": "chipgame.solve/1", "equilibria": []}, [])
    {'schema': 'chipgame.solve/1.1', 'equilibria': [], 'decisions': []}
    """
    extra = {} if bayesian is None else {"bayesian": bayesian}
    return {**document, "schema": DECISIONS_SCHEMA, "decisions": list(decisions), **extra}


def bayesian_json(types: Types, solution: Solution) -> dict[str, Any]:
    """The ``bayesian`` entry: who knows which parameter, the belief, and the Bayesian Nash
    equilibria of the type-agent game."""
    return {"player": types.player, "parameter": types.parameter, **_belief(types),
            "players": list(solution.game.players), "strategies": [list(s) for s in solution.game.strategies],
            "complete": solution.complete, "equilibria": [equilibrium_json(eq) for eq in solution.equilibria]}


def decision_json(decision: BestDecision, drivers: Sequence[Driver] = (), belief: Types | None = None
                  ) -> dict[str, Any]:
    """One entry of ``decisions``.

    Examples
    --------
    >>> import sympy
    >>> from chipgame.payoffs import Parameter, PayoffModel
    >>> from chipgame.sensitivity.decisions import best_decision
    >>> m = sympy.Symbol("m")
    >>> model = PayoffModel(("Vendor", "Buyer"), (("Sell",), ("Buy", "Build")),
    ...     {("Sell", "Buy"): (m, -1 - m), ("Sell", "Build"): (0, -sympy.Rational(7, 6))},
    ...     [Parameter("m", "0.1", range=(0, 1))])
    >>> entry = decision_json(best_decision(model, "m", "Vendor"))
    >>> entry["exact"], entry["attained"], entry["against"]["exact_payoff"], entry["cautious"]["side"]
    ('1/6', True, '0', 'below')
    """
    low, high = decision.interval
    return {
        "player": decision.player,
        "parameter": decision.parameter,
        **_outcome(decision.best),
        "against": _outcome(decision.against),
        "cautious": _outcome(decision.cautious),
        "range": [exact_text(low), exact_text(high)],
        "thresholds": [None if t.exact is None else str(t.exact) for t in decision.thresholds],
        "moved_by": [{"parameter": d.parameter, "slope": float(d.slope), "exact_slope": str(d.slope),
                      "elasticity": d.elasticity} for d in drivers],
        "belief": None if belief is None else {"player": belief.player, "parameter": belief.parameter,
                                               **_belief(belief)},
    }


def _belief(types: Types) -> dict[str, Any]:
    return {"values": [exact_text(v) for v in types.values],
            "probabilities": [exact_text(p) for p in types.probabilities]}


def _outcome(outcome: Outcome) -> dict[str, Any]:
    response = equilibrium_json(outcome.response)
    return {
        "value": float(outcome.value),
        "exact": str(outcome.value),
        "attained": outcome.attained,
        "side": outcome.side,
        "payoff": float(outcome.payoff),
        "exact_payoff": str(outcome.payoff),
        "payoffs": response["payoffs"],
        "exact_payoffs": [exact_text(v) for v in outcome.response.payoffs],
        "flat": None if outcome.flat is None else [str(end) for end in outcome.flat],
        "response": response,
    }
