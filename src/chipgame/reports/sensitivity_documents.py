"""The stable JSON documents of the sensitivity commands: thresholds, tornado, Monte Carlo and
closed forms (versioned by their ``schema`` key)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..games import Number
from ..sensitivity.sampling import QUANTILES, MonteCarlo
from ..sensitivity.symbolic import ClosedForm
from ..sensitivity.threshold_search import Threshold
from ..sensitivity.tornado_bars import TornadoBar
from .json_document import equilibrium_json
from .threshold_words import tornado_notes

__all__ = [
    "CLOSED_FORMS_SCHEMA",
    "MONTE_CARLO_SCHEMA",
    "THRESHOLDS_SCHEMA",
    "TORNADO_SCHEMA",
    "closed_forms_document",
    "monte_carlo_document",
    "thresholds_document",
    "tornado_document",
]

THRESHOLDS_SCHEMA = "chipgame.thresholds/1"
TORNADO_SCHEMA = "chipgame.tornado/1"
MONTE_CARLO_SCHEMA = "chipgame.montecarlo/1"
CLOSED_FORMS_SCHEMA = "chipgame.closedforms/1"


def thresholds_document(parameter: str, interval: tuple[Number, Number], found: Sequence[Threshold],
                        players: Sequence[str]) -> dict[str, Any]:
    """The ``chipgame.thresholds/1`` document: every value where the equilibria change.

    Each threshold says whether it is ``certified``: proven, exact or inside its ``enclosure``
    (exact fractions, as strings). One that is not is a region where a change could not be
    ruled out, and ``why`` says why; with none such, the list is every change there is.
    """
    return {
        "schema": THRESHOLDS_SCHEMA,
        "parameter": parameter,
        "range": [float(interval[0]), float(interval[1])],
        "players": list(players),
        "thresholds": [
            {"value": t.value,
             "exact": None if t.exact is None else str(t.exact),
             "below": [equilibrium_json(eq) for eq in t.below],
             "at": None if t.at is None else [equilibrium_json(eq) for eq in t.at],
             "above": [equilibrium_json(eq) for eq in t.above],
             "certified": t.certified,
             "enclosure": None if t.enclosure is None else [str(end) for end in t.enclosure],
             "why": t.note or None}
            for t in found
        ],
    }


def tornado_document(title: str, players: Sequence[str], bars: Sequence[TornadoBar]) -> dict[str, Any]:
    """The ``chipgame.tornado/1`` document: each parameter's swing of the equilibrium payoffs.

    Each bar lists its ``thresholds`` (float ``value``, ``exact`` text or null, ``certified``) and
    says whether its regimes are ``certified`` complete: every threshold in the range proven,
    so no regime, however narrow, is missing; ``why`` says why not (null when they are).
    """
    return {
        "schema": TORNADO_SCHEMA,
        "title": title,
        "players": list(players),
        "bars": [
            {"parameter": bar.parameter, "range": [float(bar.low), float(bar.high)],
             "payoffs": {player: list(span) for player, span in zip(players, bar.payoff_ranges)},
             "regimes": list(bar.regimes), "changes_regime": bar.changes_regime,
             "thresholds": [{"value": t.value, "exact": None if t.exact is None else str(t.exact),
                             "certified": t.certified} for t in bar.thresholds],
             "certified": bar.certified, "why": "; ".join(tornado_notes([bar])) or None}
            for bar in bars
        ],
    }


def monte_carlo_document(result: MonteCarlo) -> dict[str, Any]:
    """The ``chipgame.montecarlo/1`` document: regime probabilities and payoff quantiles."""
    return {
        "schema": MONTE_CARLO_SCHEMA,
        "title": result.model.title,
        "players": list(result.model.players),
        "samples": len(result.structures),
        "seed": result.seed,
        "uncertain": sorted(result.draws),
        "regimes": [{"label": label, "probability": p} for label, p in result.regime_probabilities.items()],
        "quantiles": list(QUANTILES),
        "payoff_quantiles": {player: list(values) for player, values in result.payoff_quantiles.items()},
        "exact_draws": int(result.exact.sum()),
    }


def _formulas(form: ClosedForm) -> dict[str, Any] | None:
    """A closed form's formulas as sympy's text; None where it has none (a degenerate case)."""
    if form.probabilities is None or form.payoffs is None:
        return None
    return {"probabilities": [[str(p) for p in mix] for mix in form.probabilities],
            "payoffs": [str(v) for v in form.payoffs]}


def closed_forms_document(title: str, players: Sequence[str], forms: Sequence[ClosedForm]) -> dict[str, Any]:
    """The ``chipgame.closedforms/1`` document: each equilibrium's formulas and comparative statics.

    Formulas are sympy's text form; ``probabilities`` and ``payoffs`` are null where the
    equilibrium is not the unique solution of its supports' equations (degenerate games).
    """
    def number(value: Number) -> float | None:
        return None if value != value else float(value)  # NaN (no derivative there) becomes null

    return {
        "schema": CLOSED_FORMS_SCHEMA,
        "title": title,
        "players": list(players),
        "equilibria": [
            {**equilibrium_json(form.equilibrium),
             "formulas": _formulas(form),
             "derivatives": {name: [number(v) for v in values] for name, values in form.derivatives.items()},
             "elasticities": {name: list(values) for name, values in form.elasticities.items()}}
            for form in forms
        ],
    }
