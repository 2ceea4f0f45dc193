"""The one module that talks to nashpy: float candidate equilibria for two-player games."""

from __future__ import annotations

import warnings

import nashpy
import numpy as np

from ..errors import SolverError
from ..games import Game

__all__ = ["nashpy_candidates", "NASHPY_METHODS"]

NASHPY_METHODS = ("support-enumeration", "vertex-enumeration", "lemke-howson")


def nashpy_candidates(game: Game, method: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """Candidate equilibria in floats from nashpy; the caller verifies every one.

    Parameters
    ----------
    game
        A two-player game (payoffs are used as floats).
    method
        ``"support-enumeration"``, ``"vertex-enumeration"``, or ``"lemke-howson"`` (run from
        every initial label, which finds one or more equilibria).

    Raises
    ------
    SolverError
        For an unknown method, or when nashpy fails on the game.

    Examples
    --------
    >>> pennies = Game(("A", "B"), (("H", "T"), ("H", "T")), [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> [tuple(map(float, x)) for x, y in nashpy_candidates(pennies, "support-enumeration")]
    [(0.5, 0.5)]
    """
    if method not in NASHPY_METHODS:
        raise SolverError(f"unknown nashpy method {method!r}", fix=f"use one of {', '.join(NASHPY_METHODS)}")
    float_game = game.as_float()
    nash_game = nashpy.Game(np.array(float_game.payoff_array(0)), np.array(float_game.payoff_array(1)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if method == "support-enumeration":
                return list(nash_game.support_enumeration(non_degenerate=False, tol=1e-12))
            if method == "vertex-enumeration":
                return list(nash_game.vertex_enumeration())
            m, n = game.shape
            return [nash_game.lemke_howson(initial_dropped_label=label) for label in range(m + n)]
    except Exception as error:  # nashpy raises scipy/numpy errors of many kinds on degenerate input
        raise SolverError(f"nashpy {method} failed on this game ({type(error).__name__}: {error})",
                          fix="use method='auto' (exact vertex enumeration)") from None
