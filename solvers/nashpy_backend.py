"""The one module that talks to nashpy: float candidate equilibria and learning dynamics for
two-player games.

Everything here is a thin call into nashpy that returns plain numpy arrays; checking and
interpreting the numbers is the caller's job (``solve`` and ``dynamics``).
"""

from __future__ import annotations

import importlib
import math
import warnings
from collections.abc import Sequence
from types import ModuleType

import numpy as np

from ..errors import SolverError
from ..games import Game

__all__ = [
    "nashpy_candidates",
    "NASHPY_METHODS",
    "nashpy_replicator_dynamics",
    "nashpy_asymmetric_replicator_dynamics",
    "nashpy_fictitious_play",
    "require_symmetric",
]

NASHPY_METHODS = ("support-enumeration", "vertex-enumeration", "lemke-howson")


def _nashpy() -> ModuleType:
    """nashpy, imported on first use: it imports scipy.optimize, half a second that every command
    would otherwise pay at start-up, though most never call nashpy."""
    return importlib.import_module("nashpy")


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
    nash_game = _nashpy().Game(np.array(float_game.payoff_array(0)), np.array(float_game.payoff_array(1)))
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


def _matrices(game: Game) -> tuple[np.ndarray, np.ndarray]:
    """The two payoff matrices of a two-player game, as float arrays nashpy may modify."""
    if game.n_players != 2:
        raise SolverError(f"learning dynamics need a two-player game, this one has {game.n_players}",
                          fix="reduce the game to two players")
    float_game = game.as_float()
    return np.array(float_game.payoff_array(0), dtype=float), np.array(float_game.payoff_array(1), dtype=float)


def require_symmetric(game: Game) -> None:
    """Refuse (SolverError) a two-player game that is not symmetric: square, with the column
    player's payoffs the transpose of the row player's (exactly, or to 1e-9 of the payoff scale
    for float games). The one-population replicator dynamics need this.

    Examples
    --------
    >>> require_symmetric(Game(("A", "B"), (("x", "y"), ("x", "y")), [[[1, 1], [2, 0]], [[0, 2], [3, 3]]]))
    """
    if game.n_players != 2:
        raise SolverError(f"learning dynamics need a two-player game, this one has {game.n_players}",
                          fix="reduce the game to two players")
    m, n = game.shape
    if m != n:
        raise SolverError(f"the replicator dynamics of one population need a symmetric game; this one is {m}x{n}",
                          fix="use rule 'asymmetric-replicator' (one population per player)")
    row, column = game.payoff_array(0), game.payoff_array(1)
    if game.is_exact:
        symmetric = all(row[i, j] == column[j, i] for i in range(m) for j in range(n))
    else:
        scale = float(np.max(np.abs(game.payoffs))) if game.payoffs.size else 0.0
        gap = float(np.max(np.abs(np.asarray(row, dtype=float) - np.asarray(column, dtype=float).T)))
        symmetric = gap <= 1e-9 * max(scale, 1.0)
    if not symmetric:
        raise SolverError(
            f"the replicator dynamics of one population need a symmetric game (the payoffs of "
            f"{game.players[1]} the transpose of those of {game.players[0]}), and this one is not",
            fix="use rule 'asymmetric-replicator' (one population per player)")


def nashpy_replicator_dynamics(game: Game, start: Sequence[float] | None, timepoints: np.ndarray) -> np.ndarray:
    """The replicator dynamics of one population playing a symmetric game, by nashpy.

    The population plays the row player's payoff matrix ``A`` against itself; nashpy
    integrates ``dx_i/dt = x_i ((A x)_i - x.A x)`` with ``scipy.integrate.odeint`` (Taylor and
    Jonker, "Evolutionarily stable strategies and game dynamics", Math. Biosci. 40, 1978).

    Parameters
    ----------
    game
        A symmetric two-player game: square, with ``B == A.T``.
    start
        The initial population distribution; ``None`` for the uniform one.
    timepoints
        Increasing times at which the state is returned; the first is the start.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(timepoints), n_strategies)``: the population distribution at each time.

    Raises
    ------
    SolverError
        When the game is not symmetric (use the asymmetric replicator dynamics), or nashpy fails.

    Examples
    --------
    >>> hawk_dove = Game(("A", "B"), (("H", "D"), ("H", "D")), [[[-1, -1], [2, 0]], [[0, 2], [1, 1]]])
    >>> xs = nashpy_replicator_dynamics(hawk_dove, [0.1, 0.9], np.linspace(0, 40, 200))
    >>> xs.shape, [round(float(p), 3) for p in xs[-1]]
    ((200, 2), [0.5, 0.5])
    """
    require_symmetric(game)
    row, column = _matrices(game)
    initial = None if start is None else np.array(start, dtype=float)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            states = _nashpy().Game(row, column).replicator_dynamics(y0=initial, timepoints=np.asarray(timepoints))
    except Exception as error:  # scipy's integrator reports failures in several ways
        raise SolverError(f"nashpy replicator dynamics failed ({type(error).__name__}: {error})",
                          fix="try fewer steps or a shorter horizon") from None
    return np.asarray(states, dtype=float)


def nashpy_asymmetric_replicator_dynamics(
    game: Game, starts: Sequence[Sequence[float]] | None, timepoints: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The two-population replicator dynamics of a two-player game, by nashpy.

    Each player is a population; a strategy grows at the rate by which its payoff against the
    other population exceeds its own population's average (Weibull, *Evolutionary Game Theory*,
    MIT Press 1995, section 5.1).

    Parameters
    ----------
    game
        A two-player game.
    starts
        The initial distribution of each population; ``None`` for the uniform ones.
    timepoints
        Increasing times at which the state is returned; the first is the start.

    Returns
    -------
    tuple of numpy.ndarray
        One array per player, shape ``(len(timepoints), n_strategies)``.

    Examples
    --------
    >>> pd = Game(("A", "B"), (("C", "D"), ("C", "D")), [[[3, 3], [0, 5]], [[5, 0], [1, 1]]])
    >>> xs, ys = nashpy_asymmetric_replicator_dynamics(pd, [[0.9, 0.1], [0.8, 0.2]], np.linspace(0, 30, 100))
    >>> xs.shape, round(float(xs[-1][1]), 3), round(float(ys[-1][1]), 3)
    ((100, 2), 1.0, 1.0)
    """
    row, column = _matrices(game)
    x0, y0 = (None, None) if starts is None else (np.array(starts[0], dtype=float), np.array(starts[1], dtype=float))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            xs, ys = _nashpy().Game(row, column).asymmetric_replicator_dynamics(
                x0=x0, y0=y0, timepoints=np.asarray(timepoints))
    except Exception as error:  # scipy's integrator reports failures in several ways
        raise SolverError(f"nashpy asymmetric replicator dynamics failed ({type(error).__name__}: {error})",
                          fix="try fewer steps or a shorter horizon") from None
    return np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)


def _integer_matrices(game: Game, iterations: int) -> tuple[np.ndarray, np.ndarray] | None:
    """An exact game's payoffs scaled to integers (same best responses), as floats whose
    products with integer play counts stay exact, so that nashpy sees exact ties; None when the
    game is not exact or the numbers would grow past 2**53."""
    if not game.is_exact or game.n_players != 2:
        return None
    denominators = [value.denominator for value in game.payoffs.flat]
    scale = math.lcm(*denominators) if denominators else 1
    scaled = [[[int(value * scale) for value in row] for row in game.payoff_array(player)] for player in (0, 1)]
    largest = max((abs(v) for matrix in scaled for row in matrix for v in row), default=0)
    if largest * (iterations + 1) * max(game.shape) >= 2 ** 53:
        return None
    return np.array(scaled[0], dtype=float), np.array(scaled[1], dtype=float)


def nashpy_fictitious_play(
    game: Game, iterations: int, play_counts: Sequence[Sequence[float]] | None, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Fictitious play by nashpy: each round, each player best-responds to the opponent's counts.

    Brown, "Iterative solution of games by fictitious play" (1951); nashpy follows Fudenberg and
    Levine, *The Theory of Learning in Games* (1998), chapter 2. nashpy breaks ties between
    best responses with ``numpy.random.choice``, which draws from numpy's global random state:
    this function seeds that state with ``seed`` for the run and restores it afterwards, so the
    caller's global random state is left as it was. (Not thread-safe: do not draw from numpy's
    global random state in another thread during the run.) Exact games are scaled to integer
    payoffs first, so ties between best responses are detected exactly.

    Parameters
    ----------
    game
        A two-player game.
    iterations
        The number of rounds.
    play_counts
        Initial play counts (weights) of each player, or ``None`` for zeros.
    seed
        Seed for the tie-breaking draws, ``0 <= seed < 2**32``.

    Returns
    -------
    tuple of numpy.ndarray
        One array per player, shape ``(iterations + 1, n_strategies)``: the play counts before
        the first round and after each round.

    Examples
    --------
    >>> pennies = Game(("A", "B"), (("H", "T"), ("H", "T")), [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> rows, columns = nashpy_fictitious_play(pennies, 4, None, seed=0)
    >>> rows.shape, float(rows[-1].sum()), float(columns[-1].sum())
    ((5, 2), 4.0, 4.0)
    """
    exact = _integer_matrices(game, iterations)
    row, column = exact if exact is not None else _matrices(game)
    counts = None if play_counts is None else [np.array(c, dtype=float) for c in play_counts]
    history = (np.empty((iterations + 1, row.shape[0])), np.empty((iterations + 1, row.shape[1])))
    state = np.random.get_state()
    try:
        np.random.seed(seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for step, (rows, columns) in enumerate(_nashpy().Game(row, column).fictitious_play(
                    iterations=iterations, play_counts=counts)):
                history[0][step], history[1][step] = rows, columns
    except Exception as error:  # nashpy has no error type of its own
        raise SolverError(f"nashpy fictitious play failed ({type(error).__name__}: {error})",
                          fix="check that the payoffs are finite numbers") from None
    finally:
        np.random.set_state(state)
    return history
