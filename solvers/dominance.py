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
from .mixed_dominance import Dominator, dominance_kind, mixed_dominator
from .verification import tolerance

__all__ = ["Elimination", "EliminationStep", "dominant_strategy", "eliminate_dominated"]


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
        if others and all(dominance_kind(list(rows[k] - rows[j]), slack) == "strict" for j in others):
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
                found = mixed_dominator(game, rows, position, others, slack, weak=weak)
            if found is not None:
                dominator, strict = found
                return player, strategy, tuple((kept[k], p) for k, p in dominator), strict
    return None


def _pure_dominator(rows: np.ndarray, position: int, others: Sequence[int], slack: Number, *,
                    weak: bool) -> tuple[Dominator, bool] | None:
    """The first other pure strategy that strictly dominates row ``position``; when ``weak``,
    failing that, the first that weakly dominates it."""
    one = Fraction(1) if rows.dtype == object else 1.0
    kinds = [dominance_kind(list(rows[k] - rows[position]), slack) for k in others]
    for k, kind in zip(others, kinds):
        if kind == "strict":
            return ((k, one),), True
    if weak:
        for k, kind in zip(others, kinds):
            if kind == "weak":
                return ((k, one),), False
    return None


