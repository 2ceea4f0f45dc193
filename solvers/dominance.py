"""Iterated elimination of dominated strategies, for any number of players, one recorded step at a time.

A strategy of a player is *strictly dominated* when some other pure strategy, or a mixed
strategy over the player's other remaining strategies, pays strictly more against every profile
of the other players' remaining strategies; it is *weakly dominated* when the dominator pays at
least as much everywhere and strictly more somewhere. Iterated elimination (Fudenberg and
Tirole, *Game Theory*, 1991, section 2.1; Osborne and Rubinstein, *A Course in Game Theory*,
1994, section 4.2) removes such strategies one after another, each in the game left by the
previous removals.

Removing strictly dominated strategies never removes a strategy played in a Nash equilibrium,
and the Nash equilibria of the reduced game are exactly those of the original (extended with
zeros); the end result does not depend on the order of removal. Weak dominance is different:
what is left can depend on the order, and equilibria of the original game can be lost (though
every equilibrium of the reduced game is still one of the original). This module therefore uses
one fixed order, so that results are reproducible: players in order, each player's strategies in
order, pure dominators before mixed ones, one strategy per step, and the scan restarts after each
removal.

Pure-strategy domination is checked exactly for exact games (Fractions) and with
``verification.tolerance`` for float games. Mixed domination is searched with a linear program
in floats (``scipy.optimize.linprog``); for exact games the candidate mix is then turned into
Fractions and the domination is verified exactly before anything is eliminated, so a float
coincidence never removes a strategy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import SolverError
from ..games import Game, Number
from .linear_algebra import solve_exact
from .verification import snap_distribution, tolerance

__all__ = ["Elimination", "EliminationStep", "dominant_strategy", "eliminate_dominated"]

_DENOMINATOR_BOUNDS = (10, 100, 1000, 10**4, 10**6, 10**9)
"""Bounds tried, smallest first, when a float mix from the linear program is made exact."""

_LP_TOLERANCE = 1e-9
"""Relative size (to the payoff scale) below which a float margin from the linear program counts as zero."""


@dataclass(frozen=True)
class EliminationStep:
    """One removal in an iterated elimination: who lost which strategy, to what, and what is left.

    Parameters
    ----------
    player
        The player whose strategy is eliminated.
    strategy
        The eliminated strategy.
    dominated_by
        The dominating strategy as ``(label, probability)`` pairs over the player's other
        remaining strategies, in strategy order, positive probabilities only: ``((label, 1),)``
        for a pure dominator. Probabilities are Fractions for exact games, floats otherwise.
    strict
        True when the domination is strict (strictly better against every profile of the
        others), False when it is only weak.
    remaining
        Every player's strategies left after this step, in player and strategy order.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> step = EliminationStep("Row", "B", (("T", F(1, 2)), ("M", F(1, 2))), True, (("T", "M"), ("L", "R")))
    >>> step.strategy, [label for label, _ in step.dominated_by], step.strict
    ('B', ['T', 'M'], True)
    """

    player: str
    strategy: str
    dominated_by: tuple[tuple[str, Number], ...]
    strict: bool
    remaining: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Elimination:
    """The result of ``eliminate_dominated``: the steps taken and the game that is left.

    Parameters
    ----------
    game
        The original game.
    steps
        The removals, in the order they were made.
    reduced
        The original game restricted to the surviving strategies (same players and title).
    weak
        True when weakly dominated strategies were eliminated too.

    Examples
    --------
    >>> pd = Game(("Row", "Column"), (("C", "D"), ("C", "D")), [[[3, 3], [0, 5]], [[5, 0], [1, 1]]])
    >>> result = eliminate_dominated(pd)
    >>> result.solved, result.reduced.strategies
    (True, (('D',), ('D',)))
    >>> result.game_after(1).strategies
    (('D',), ('C', 'D'))
    """

    game: Game
    steps: tuple[EliminationStep, ...]
    reduced: Game
    weak: bool

    @property
    def solved(self) -> bool:
        """True when every player has exactly one strategy left (the game is dominance solvable)."""
        return all(len(labels) == 1 for labels in self.reduced.strategies)

    def game_after(self, count: int) -> Game:
        """The original game restricted to the strategies left after the first ``count`` steps.

        ``game_after(0)`` is the original game and ``game_after(len(steps))`` the reduced one,
        so a walk-through can show the game at every stage.
        """
        if not 0 <= count <= len(self.steps):
            raise SolverError(f"there is no stage {count} in an elimination of {len(self.steps)} steps",
                              fix=f"ask for a stage from 0 to {len(self.steps)}")
        if count == 0:
            return self.game
        remaining = self.steps[count - 1].remaining
        indices = [[labels.index(label) for label in kept] for labels, kept in zip(self.game.strategies, remaining)]
        return _restricted(self.game, indices)


def eliminate_dominated(game: Game, *, weak: bool = False, mixed: bool = True) -> Elimination:
    """Iteratively eliminate dominated strategies, recording each removal as a step.

    Each step scans the players in order and each player's remaining strategies in order, and
    removes the first strategy found dominated in the current reduced game, preferring a pure
    dominator to a mixed one (and, among pure dominators, a strict one). The scan then restarts
    in the smaller game, until nothing is dominated. A player's last strategy is never removed.

    Parameters
    ----------
    game
        The game, with any number of players; exact or float payoffs.
    weak
        Also eliminate weakly dominated strategies (at least as good against every profile of
        the others, strictly better against some). The outcome of iterated weak elimination
        depends on the order of removal; the order used here is the fixed one described above,
        so the same game always gives the same steps, but a reordering of players or
        strategies can give a different reduced game.
    mixed
        Also look for domination by mixed strategies over the player's other remaining
        strategies (found by linear programming, then verified exactly for exact games).

    Returns
    -------
    Elimination
        The original game, the steps, the reduced game and the ``weak`` flag.

    Raises
    ------
    SolverError
        When ``game`` is not a ``chipgame.games.Game``.

    Notes
    -----
    Mixed domination is searched with ``scipy.optimize.linprog``. Strict: maximise the
    smallest margin ``eps`` of the mix over the dominated strategy, across the others'
    profiles, with the mix a probability distribution; dominated when ``eps > 0``. Weak:
    maximise the total margin subject to every margin being at least 0; dominated when the
    total is positive. For exact games the float mix is made exact, first by
    ``Fraction.limit_denominator`` with growing bounds and renormalisation, then by solving
    the tight constraints of the linear program exactly, and the domination is re-checked in
    Fractions; when no exact mix verifies, nothing is eliminated. A domination whose margin is
    below floating-point resolution may therefore go unnoticed, but none is ever reported
    that does not hold.

    Examples
    --------
    >>> pd = Game(("Row", "Column"), (("C", "D"), ("C", "D")), [[[3, 3], [0, 5]], [[5, 0], [1, 1]]])
    >>> [(s.player, s.strategy, s.dominated_by) for s in eliminate_dominated(pd).steps]
    [('Row', 'C', (('D', Fraction(1, 1)),)), ('Column', 'C', (('D', Fraction(1, 1)),))]

    B is dominated by no pure strategy, but by the half-half mix of T and M:

    >>> g = Game(("Row", "Column"), (("T", "M", "B"), ("L", "R")),
    ...          [[[3, 0], [0, 0]], [[0, 0], [3, 0]], [[1, 0], [1, 0]]])
    >>> eliminate_dominated(g).steps[0].dominated_by
    (('T', Fraction(1, 2)), ('M', Fraction(1, 2)))
    >>> eliminate_dominated(g, mixed=False).steps
    ()
    """
    if not isinstance(game, Game):
        raise SolverError(f"eliminate_dominated needs a chipgame Game, not {type(game).__name__}",
                          fix="build the game with chipgame.games.Game")
    slack = tolerance(game)
    remaining = [list(range(size)) for size in game.shape]
    steps: list[EliminationStep] = []
    while True:
        found = _first_dominated(game, remaining, slack, weak=weak, mixed=mixed)
        if found is None:
            break
        player, strategy, dominator, strict = found
        labels = game.strategies[player]
        remaining[player].remove(strategy)
        steps.append(EliminationStep(
            player=game.players[player],
            strategy=labels[strategy],
            dominated_by=tuple((labels[t], p) for t, p in dominator),
            strict=strict,
            remaining=tuple(tuple(game.strategies[k][i] for i in kept) for k, kept in enumerate(remaining)),
        ))
    return Elimination(game=game, steps=tuple(steps), reduced=_restricted(game, remaining), weak=weak)


def dominant_strategy(game: Game, player: int) -> str | None:
    """The strategy of ``player`` that pays strictly more than each of its other strategies
    against every profile of the others (a strictly dominant strategy), or None.

    Compared exactly for exact games, with ``verification.tolerance`` for float games. A player
    with a single strategy has no dominant one.

    Examples
    --------
    >>> pd = Game(("Row", "Column"), (("C", "D"), ("C", "D")), [[[3, 3], [0, 5]], [[5, 0], [1, 1]]])
    >>> dominant_strategy(pd, 0)
    'D'
    >>> stag = Game(("Row", "Column"), (("Stag", "Hare"), ("Stag", "Hare")), [[[4, 4], [0, 3]], [[3, 0], [3, 3]]])
    >>> dominant_strategy(stag, 0) is None
    True
    """
    rows = _payoff_rows(game, [range(size) for size in game.shape], player)
    slack = tolerance(game)
    for k in range(len(rows)):
        others = [j for j in range(len(rows)) if j != k]
        if others and all(_dominance(list(rows[k] - rows[j]), slack) == "strict" for j in others):
            return game.strategies[player][k]
    return None


def _restricted(game: Game, indices: Sequence[Sequence[int]]) -> Game:
    """The game with each player's strategies cut down to ``indices`` (kept in order)."""
    payoffs = game.payoffs[np.ix_(*(list(kept) for kept in indices), range(game.n_players))]
    strategies = tuple(tuple(game.strategies[k][i] for i in kept) for k, kept in enumerate(indices))
    return Game(game.players, strategies, payoffs, game.title)


def _payoff_rows(game: Game, remaining: Sequence[Sequence[int]], player: int) -> np.ndarray:
    """``player``'s payoffs in the current game: one row per remaining strategy of the player,
    one column per profile of the others' remaining strategies."""
    values = game.payoff_array(player)[np.ix_(*remaining)]
    return np.moveaxis(values, player, 0).reshape(len(remaining[player]), -1)


Dominator = tuple[tuple[int, Number], ...]


def _first_dominated(game: Game, remaining: Sequence[Sequence[int]], slack: Number, *,
                     weak: bool, mixed: bool) -> tuple[int, int, Dominator, bool] | None:
    """The first dominated strategy in the scan order: (player, strategy index, dominator, strict)."""
    for player in range(game.n_players):
        kept = remaining[player]
        if len(kept) < 2:
            continue
        rows = _payoff_rows(game, remaining, player)
        for position, strategy in enumerate(kept):
            others = [k for k in range(len(kept)) if k != position]
            found = _pure_dominator(rows, position, others, slack, weak=weak)
            if found is None and mixed and len(others) > 1:
                found = _mixed_dominator(game, rows, position, others, slack, weak=weak)
            if found is not None:
                dominator, strict = found
                return player, strategy, tuple((kept[k], p) for k, p in dominator), strict
    return None


def _dominance(margins: Sequence[Number], slack: Number) -> str | None:
    """'strict', 'weak' or None for a vector of payoff margins (dominator minus dominated)."""
    if all(m > slack for m in margins):
        return "strict"
    if all(m >= -slack for m in margins) and any(m > slack for m in margins):
        return "weak"
    return None


def _pure_dominator(rows: np.ndarray, position: int, others: Sequence[int], slack: Number, *,
                    weak: bool) -> tuple[Dominator, bool] | None:
    """The first other pure strategy that strictly dominates row ``position``; when ``weak``,
    failing that, the first that weakly dominates it."""
    one = Fraction(1) if rows.dtype == object else 1.0
    kinds = [_dominance(list(rows[k] - rows[position]), slack) for k in others]
    for k, kind in zip(others, kinds):
        if kind == "strict":
            return ((k, one),), True
    if weak:
        for k, kind in zip(others, kinds):
            if kind == "weak":
                return ((k, one),), False
    return None


def _mixed_dominator(game: Game, rows: np.ndarray, position: int, others: Sequence[int], slack: Number, *,
                     weak: bool) -> tuple[Dominator, bool] | None:
    """A mix over ``others`` that strictly (or, when ``weak``, weakly) dominates row ``position``,
    verified exactly for exact games; None when none is found."""
    # A mix pays at most the best of its strategies: where even that is not enough, skip the LP.
    best = [max(rows[k][j] for k in others) - rows[position][j] for j in range(rows.shape[1])]
    kinds = [kind for kind in (("strict", "weak") if weak else ("strict",))
             if _dominance(best, slack) in (kind, "strict")]
    for kind in kinds:
        mix = _dominating_mix(game, rows, position, others, slack, kind)
        if mix is not None:
            support = tuple((k, p) for k, p in zip(others, mix) if p > 0)
            return support, kind == "strict"
    return None


def _dominating_mix(game: Game, rows: np.ndarray, position: int, others: Sequence[int], slack: Number,
                    kind: str) -> list[Number] | None:
    """Solve the linear program for a dominating mix of ``kind`` and confirm it (exactly for exact games)."""
    from scipy.optimize import linprog

    target = np.asarray(rows[position], dtype=float)
    block = np.asarray(rows[list(others)], dtype=float)  # one row per candidate strategy
    m, profiles = block.shape
    scale = max(1.0, float(np.max(np.abs(rows.astype(float)))))
    if kind == "strict":
        # variables (x_1..x_m, eps): maximise eps s.t. block^T x - eps >= target, sum x = 1, x >= 0
        cost = np.zeros(m + 1)
        cost[-1] = -1.0
        a_ub = np.hstack([-block.T, np.ones((profiles, 1))])
        a_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
        bounds = [(0.0, 1.0)] * m + [(None, None)]
    else:
        # maximise the total margin sum_p (block^T x - target)_p s.t. every margin >= 0, sum x = 1, x >= 0
        cost = -block.sum(axis=1)
        a_ub = -block.T
        a_eq = np.ones((1, m))
        bounds = [(0.0, 1.0)] * m
    result = linprog(cost, A_ub=a_ub, b_ub=-target, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs")
    if result.status != 0:
        return None
    x = np.clip(result.x[:m], 0.0, None)
    margins = block.T @ x - target
    if kind == "strict":
        if result.x[-1] <= (0.0 if game.is_exact else float(slack)):
            return None
    elif float(margins.sum()) <= (0.0 if game.is_exact else float(slack)):
        return None
    if not game.is_exact:
        mix: list[Number] = list(snap_distribution(x))
        exact_kind = _dominance(list(block.T @ np.asarray(mix) - target), slack)
        return mix if exact_kind == kind or (kind == "weak" and exact_kind == "strict") else None
    exact_rows = [list(rows[k]) for k in others]
    exact_target = list(rows[position])
    for candidate in _exact_candidates(x, exact_rows, exact_target, margins, scale, kind):
        found = _dominance(_exact_margins(candidate, exact_rows, exact_target), Fraction(0))
        if found == kind or (kind == "weak" and found == "strict"):
            return list(candidate)
    return None


def _exact_margins(mix: Sequence[Fraction], rows: Sequence[Sequence[Fraction]],
                   target: Sequence[Fraction]) -> list[Fraction]:
    """The exact payoff margins of ``mix`` over ``target``, one per profile of the others."""
    return [sum((p * row[j] for p, row in zip(mix, rows)), start=Fraction(0)) - target[j]
            for j in range(len(target))]


def _exact_candidates(x: np.ndarray, rows: Sequence[Sequence[Fraction]], target: Sequence[Fraction],
                      margins: np.ndarray, scale: float, kind: str) -> list[list[Fraction]]:
    """Exact mixes near the float solution ``x``: rounded ones (simplest first), then the
    exact solution of the linear program's tight constraints."""
    candidates: list[list[Fraction]] = []
    for bound in _DENOMINATOR_BOUNDS:
        rounded = [Fraction(float(p)).limit_denominator(bound) for p in x]
        rounded = [p if p > 0 else Fraction(0) for p in rounded]
        total = sum(rounded, start=Fraction(0))
        if total > 0:
            mix = [p / total for p in rounded]
            if mix not in candidates:
                candidates.append(mix)
    vertex = _tight_solution(x, rows, target, margins, scale, kind)
    if vertex is not None and vertex not in candidates:
        candidates.append(vertex)
    return candidates


def _tight_solution(x: np.ndarray, rows: Sequence[Sequence[Fraction]], target: Sequence[Fraction],
                    margins: np.ndarray, scale: float, kind: str) -> list[Fraction] | None:
    """Solve exactly the constraints the float optimum holds with equality: the mix on its
    support sums to 1 and its margin equals the common margin ``eps`` (strict) or 0 (weak) on
    every tight profile. None unless that system has exactly one solution with ``x >= 0``."""
    m = len(x)
    support = [k for k in range(m) if x[k] > 1e-9]
    level = float(margins.min()) if kind == "strict" else 0.0
    tight = [j for j in range(len(target)) if abs(margins[j] - level) <= _LP_TOLERANCE * scale * 10]
    unknowns = len(support) + (1 if kind == "strict" else 0)
    matrix: list[list[Fraction]] = [[Fraction(1)] * len(support) + [Fraction(0)] * (unknowns - len(support))]
    rhs: list[Fraction] = [Fraction(1)]
    for j in tight:
        row = [rows[k][j] for k in support]
        if kind == "strict":
            row.append(Fraction(-1))
        matrix.append(row)
        rhs.append(target[j])
    solution = solve_exact(matrix, rhs)
    if solution is None or any(p < 0 for p in solution[:len(support)]):
        return None
    mix = [Fraction(0)] * m
    for k, p in zip(support, solution):
        mix[k] = p
    return mix
