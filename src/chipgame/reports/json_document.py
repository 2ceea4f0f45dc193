"""The stable JSON documents programs read (versioned by their ``schema`` key)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from ..games import Game, Number
from ..sensitivity.sampling import QUANTILES, MonteCarlo
from ..sensitivity.symbolic import ClosedForm
from ..sensitivity.threshold_search import Threshold
from ..sensitivity.tornado_bars import TornadoBar
from ..solvers import Component, DynamicsResult, Elimination, Equilibrium, Solution, SubgamePerfect
from ..solvers.real_algebraic import RealAlgebraic
from .numbers import exact_text, exact_value
from .threshold_words import tornado_notes

__all__ = [
    "solve_document",
    "equilibrium_json",
    "dynamics_document",
    "thresholds_document",
    "SOLVE_SCHEMA",
    "DYNAMICS_SCHEMA",
    "SWEEP_SCHEMA",
    "THRESHOLDS_SCHEMA",
    "TORNADO_SCHEMA",
    "MONTE_CARLO_SCHEMA",
    "tornado_document",
    "monte_carlo_document",
    "closed_forms_document",
    "CLOSED_FORMS_SCHEMA",
]

SOLVE_SCHEMA = "chipgame.solve/1"
DYNAMICS_SCHEMA = "chipgame.dynamics/1"
SWEEP_SCHEMA = "chipgame.sweep/1"
THRESHOLDS_SCHEMA = "chipgame.thresholds/1"
TORNADO_SCHEMA = "chipgame.tornado/1"
MONTE_CARLO_SCHEMA = "chipgame.montecarlo/1"
CLOSED_FORMS_SCHEMA = "chipgame.closedforms/1"


def solve_document(
    solution: Solution,
    parameters: Mapping[str, Number] | None = None,
    elimination: Elimination | None = None,
    subgame_perfect: Sequence[SubgamePerfect] | None = None,
) -> dict[str, Any]:
    """The ``chipgame.solve/1`` document for a solution, at the given parameter values.

    ``components`` (two-player games solved exhaustively) groups the equilibria by index into
    connected components and their maximal convex subsets; ``continua`` (games solved by support
    enumeration) lists supports whose equilibria form a continuum: its dimension, the equations
    that define it and a sample equilibrium; an equilibrium with irrational probabilities has
    ``exact`` null and ``algebraic`` giving each value exactly; ``dominance`` lists the steps of
    iterated elimination of strictly dominated strategies when one is given; ``order`` and
    ``subgame_perfect`` appear for sequential scenarios (players move in ``order``, each seeing
    the earlier moves).

    Examples
    --------
    >>> from chipgame.solvers import solve
    >>> pd = Game(("A", "B"), (("C", "D"), ("C", "D")), [[[3, 3], [0, 5]], [[5, 0], [1, 1]]])
    >>> document = solve_document(solve(pd))
    >>> document["equilibria"][0]["exact"], document["equilibria"][0]["support"]
    ([['0', '1'], ['0', '1']], [['D'], ['D']])
    """
    game = solution.game
    return {
        "schema": SOLVE_SCHEMA,
        "game": _game_header(game),
        "parameters": {name: float(value) for name, value in (parameters or {}).items()},
        "method": solution.method,
        "complete": solution.complete,
        "degenerate": solution.degenerate,
        "notes": list(solution.notes),
        "equilibria": [equilibrium_json(eq) for eq in solution.equilibria],
        "components": None if solution.components is None else [_component(c) for c in solution.components],
        "continua": [_continuum(c) for c in solution.continua],
        "dominance": None if elimination is None else [
            {
                "player": step.player,
                "strategy": step.strategy,
                "dominated_by": {label: float(p) for label, p in step.dominated_by},
                "exact_dominated_by": {label: exact_text(p) for label, p in step.dominated_by},
                "strict": step.strict,
            }
            for step in elimination.steps
        ],
        **({} if subgame_perfect is None else {
            "order": list(subgame_perfect[0].order) if subgame_perfect else None,
            "subgame_perfect": [
                {"path": list(spe.path), "payoffs": [float(v) for v in spe.payoffs],
                 "exact_payoffs": [exact_text(v) for v in spe.payoffs] if all(
                     exact_text(v) is not None for v in spe.payoffs) else None,
                 "plan": {player: dict(choices) for player, choices in spe.plan.items()}}
                for spe in subgame_perfect
            ]}),
    }


def _continuum(continuum: Any) -> dict[str, Any]:
    return {
        "support": [list(labels) for labels in continuum.support],
        "dimension": continuum.dimension,
        "equations": list(continuum.equations),
        "sample": None if continuum.sample is None else equilibrium_json(continuum.sample),
    }


def _component(component: Component) -> dict[str, Any]:
    subsets = component.nash_subsets
    return {
        "equilibria": list(component.equilibria),
        "nash_subsets": None if subsets is None else [list(s.equilibria) for s in subsets],
    }


def dynamics_document(result: DynamicsResult) -> dict[str, Any]:
    """The ``chipgame.dynamics/1`` document: where a learning dynamic went and where it ended."""
    nearest = result.nearest_equilibrium
    return {
        "schema": DYNAMICS_SCHEMA,
        "game": _game_header(result.game),
        "rule": result.rule,
        "steps": result.steps,
        "seed": result.seed,
        "start": [list(map(float, path[0])) for path in result.trajectory],
        "final": [list(mix) for mix in result.final],
        "converged": result.converged,
        "settled_step": result.settled_step,
        "settled_at": None if result.settled_step is None else float(result.times[result.settled_step]),
        "tail_change": result.tail_change,
        "tolerance": result.tolerance,
        "regrets": [float(r) for r in result.regrets],
        "nearest_equilibrium": None if nearest is None else {
            **equilibrium_json(nearest.equilibrium), "distance": nearest.distance},
    }


def _game_header(game: Game) -> dict[str, Any]:
    return {"title": game.title, "players": list(game.players), "strategies": [list(s) for s in game.strategies]}


def equilibrium_json(eq: Equilibrium) -> dict[str, Any]:
    """One equilibrium as every document writes it: each player's mix in floats and exactly,
    payoffs, supports, and an irrational one's values as algebraic numbers.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from chipgame.solvers import Equilibrium
    >>> eq = Equilibrium(((Fraction(1, 3), Fraction(2, 3)), (Fraction(1), Fraction(0))), (Fraction(2, 3), Fraction(0)),
    ...                  (("a", "b"), ("c", "d")))
    >>> equilibrium_json(eq)["exact"], equilibrium_json(eq)["support"]
    ([['1/3', '2/3'], ['1', '0']], [['a', 'b'], ['c']])
    """
    exact = [[exact_text(p) for p in mix] for mix in eq.profile]
    document: dict[str, Any] = {
        "profile": [list(mix) for mix in eq.as_floats()],
        "exact": exact if eq.is_exact else None,
        "payoffs": [float(v) for v in eq.payoffs],
        "exact_payoffs": [exact_text(v) for v in eq.payoffs] if eq.is_exact else None,
        "support": [list(s) for s in eq.support],
    }
    values = [*(p for mix in eq.profile for p in mix), *eq.payoffs]
    if not eq.is_exact and all(isinstance(v, (Fraction, RealAlgebraic)) for v in values):
        # irrational but exact: each value as a fraction or as an algebraic number
        document["algebraic"] = [[exact_value(p) for p in mix] for mix in eq.profile]
        document["algebraic_payoffs"] = [exact_value(v) for v in eq.payoffs]
    return document


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
