"""The stable JSON documents programs read (versioned by their ``schema`` key)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..games import Game, Number
from ..solvers import Equilibrium, Solution
from .numbers import exact_text

__all__ = ["solve_document", "SOLVE_SCHEMA"]

SOLVE_SCHEMA = "chipgame.solve/1"


def solve_document(solution: Solution, parameters: Mapping[str, Number] | None = None) -> dict[str, Any]:
    """The ``chipgame.solve/1`` document for a solution, at the given parameter values.

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
        "equilibria": [_equilibrium(eq) for eq in solution.equilibria],
    }


def _game_header(game: Game) -> dict[str, Any]:
    return {"title": game.title, "players": list(game.players), "strategies": [list(s) for s in game.strategies]}


def _equilibrium(eq: Equilibrium) -> dict[str, Any]:
    exact = [[exact_text(p) for p in mix] for mix in eq.profile]
    return {
        "profile": [list(mix) for mix in eq.as_floats()],
        "exact": exact if eq.is_exact else None,
        "payoffs": [float(v) for v in eq.payoffs],
        "exact_payoffs": [exact_text(v) for v in eq.payoffs] if eq.is_exact else None,
        "support": [list(s) for s in eq.support],
    }
