"""The ``decisions`` of the ``chipgame.solve`` document (schema minor version 1.1).

Each decision is ``{player, parameter, value, exact, attained, side, payoffs, exact_payoffs,
response, against, cautious, range, thresholds, moved_by}``: ``value`` and ``exact`` the
owner's best value with ties resolved its way (``attained`` false when it is only approached
from ``side``), ``payoffs`` every player's payoff in ``response``, the equilibrium played after
it (fields of ``equilibria[]``); ``against`` and ``cautious`` the same fields for the tie at that
value going against the owner, and for every tie going against it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..sensitivity.decision_drivers import Driver
from ..sensitivity.decisions import BestDecision, Outcome
from .json_document import SOLVE_SCHEMA, _equilibrium
from .numbers import exact_text

__all__ = ["DECISIONS_SCHEMA", "decision_json", "with_decisions"]

DECISIONS_SCHEMA = SOLVE_SCHEMA.split("/")[0] + "/1.1"
"""The schema of a ``chipgame.solve`` document that carries ``decisions``."""


def with_decisions(document: Mapping[str, Any], decisions: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The solve document with its ``decisions`` (``decision_json`` of each) and the schema 1.1.

    Examples
    --------
    >>> with_decisions({"schema": "chipgame.solve/1", "equilibria": []}, [])
    {'schema': 'chipgame.solve/1.1', 'equilibria': [], 'decisions': []}
    """
    return {**document, "schema": DECISIONS_SCHEMA, "decisions": list(decisions)}


def decision_json(decision: BestDecision, drivers: Sequence[Driver] = ()) -> dict[str, Any]:
    """One entry of ``decisions``."""
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
    }


def _outcome(outcome: Outcome) -> dict[str, Any]:
    response = _equilibrium(outcome.response)
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
