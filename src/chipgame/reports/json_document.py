"""The stable JSON documents programs read of games and their solutions (versioned by their ``schema``
key); those of the sensitivity commands are in ``sensitivity_documents``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from ..games import Game, Number
from ..solvers import Component, DynamicsResult, Elimination, Equilibrium, Solution, SubgamePerfect
from ..solvers.real_algebraic import RealAlgebraic
from .numbers import exact_text, exact_value

__all__ = [
    "solve_document",
    "equilibrium_json",
    "dynamics_document",
    "SOLVE_SCHEMA",
    "DYNAMICS_SCHEMA",
    "SWEEP_SCHEMA",
]

SOLVE_SCHEMA = "chipgame.solve/1"
DYNAMICS_SCHEMA = "chipgame.dynamics/1"
SWEEP_SCHEMA = "chipgame.sweep/1.1"


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
