"""Equilibrium branches: an equilibrium found at one value of a parameter, followed as formulas of it.

Between two points where the equilibria change, each equilibrium keeps its supports and the
strategies each player is indifferent between, so its probabilities solve the same
indifference equations throughout, and its payoffs are formulas of the parameter there. A
branch is those formulas: found from the equilibrium at one sample value, with the payoffs
of the smooth piece holding it, and checked to reproduce that equilibrium exactly.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

from ..errors import SolverError
from ..games import Game, Number
from ..solvers import Equilibrium, strategy_values

__all__ = ["Branch", "follow_branch", "exact_number", "MAX_UNKNOWNS"]

MAX_UNKNOWNS = 12
"""Most probabilities solved for symbolically in one branch (a larger mixed equilibrium is refused)."""

PayoffRows = Mapping[tuple[str, ...], Sequence[sympy.Expr]]
"""Every player's payoff at every pure profile, as formulas of the parameter."""


@dataclass(frozen=True)
class Branch:
    """An equilibrium as formulas of one parameter, valid on a stretch of it.

    Parameters
    ----------
    symbol
        The parameter's symbol.
    probabilities
        For each player, the probability of each strategy.
    payoffs
        Each player's payoff.
    strategies
        The strategy labels, to build equilibria.

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> branch = Branch(x, ((sympy.Integer(1),), (sympy.Integer(1),)), (x, 1 - x), (("a",), ("b",)))
    >>> branch.at(sympy.Rational(1, 3)).payoffs
    (Fraction(1, 3), Fraction(2, 3))
    """

    symbol: sympy.Symbol
    probabilities: tuple[tuple[sympy.Expr, ...], ...]
    payoffs: tuple[sympy.Expr, ...]
    strategies: tuple[tuple[str, ...], ...]

    def at(self, value: sympy.Expr, side: str | None = None) -> Equilibrium:
        """The equilibrium at ``value`` (the limit from ``side``, "-" or "+", where a formula is
        undefined at the value itself), exact: Fractions, or real algebraic numbers."""
        profile = tuple(tuple(exact_number(_value(p, self.symbol, value, side)) for p in mix)
                        for mix in self.probabilities)
        payoffs = tuple(exact_number(_value(v, self.symbol, value, side)) for v in self.payoffs)
        return Equilibrium(profile, payoffs, self.strategies)

    def payoff(self, player: int, value: sympy.Expr, side: str | None = None) -> sympy.Expr:
        """``player``'s payoff at ``value`` as an exact sympy number (a one-sided limit with ``side``)."""
        return _value(self.payoffs[player], self.symbol, value, side)


def follow_branch(rows: PayoffRows, strategies: Sequence[Sequence[str]], symbol: sympy.Symbol, game: Game,
                  sample: Fraction, equilibrium: Equilibrium) -> Branch:
    """The branch through ``equilibrium`` of ``game``, the game of ``rows`` at ``symbol = sample``.

    Each player's mix solves the indifference of the others between the strategies that are
    their best responses at the sample (all of them, so that a degenerate vertex is pinned
    down too); where those ties are a coincidence of the sample, between the strategies they
    play. The solution that is the equilibrium at the sample is kept.

    Raises
    ------
    SolverError
        When the equations do not single out the equilibrium (a continuum of equilibria along
        the whole stretch), or have too many unknowns.

    Examples
    --------
    >>> from chipgame.solvers import solve
    >>> x = sympy.Symbol("x")
    >>> rows = {("H", "H"): (x, -1), ("H", "T"): (-1, 1), ("T", "H"): (-1, 1), ("T", "T"): (1, -1)}
    >>> game = Game(("A", "B"), (("H", "T"), ("H", "T")), [[[3, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> (eq,) = solve(game).equilibria
    >>> follow_branch(rows, game.strategies, x, game, Fraction(3), eq).payoffs
    ((x - 1)/(x + 3), 0)
    """
    labels = tuple(tuple(s) for s in strategies)
    support = equilibrium.support
    if all(len(s) == 1 for s in support):
        profile = tuple(s[0] for s in support)
        ones = tuple(tuple(sympy.Integer(int(label == played)) for label in own)
                     for own, played in zip(labels, profile))
        return Branch(symbol, ones, tuple(rows[profile]), labels)
    best = [_best_responses(game, equilibrium, player) for player in range(len(labels))]
    for ties in (best, list(support)):
        branch = _solved(rows, labels, symbol, support, ties, sample, equilibrium)
        if branch is not None:
            return branch
    raise SolverError(f"the equilibrium with supports {support} is one of a continuum at {sample} and along the "
                      "stretch around it, so its payoffs are not one formula of the parameter",
                      fix="fix the parameter that makes the game degenerate, or choose a narrower range")


def exact_number(value: sympy.Expr) -> Number:
    """A real sympy number as a Fraction when rational, else as a float (as the equilibria at an
    irrational threshold hold it; the exact value stays in the branch's formulas).

    Examples
    --------
    >>> exact_number(sympy.Rational(2, 3)), exact_number(sympy.sqrt(2))
    (Fraction(2, 3), 1.4142135623730951)
    """
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return float(value)


def _value(expr: sympy.Expr, symbol: sympy.Symbol, value: sympy.Expr, side: str | None) -> sympy.Expr:
    """``expr`` at ``symbol = value``, or its one-sided limit there where it is undefined."""
    result = expr.subs(symbol, value)
    if result.is_finite and result.is_real:
        return result
    if side is None:
        raise SolverError(f"the payoff {expr} is undefined at {symbol} = {value}",
                          fix="choose a range that stays off this value")
    return sympy.limit(expr, symbol, value, dir=side)


def _best_responses(game: Game, equilibrium: Equilibrium, player: int) -> tuple[str, ...]:
    values = strategy_values(game, equilibrium.profile, player)
    top = max(values)
    return tuple(label for label, v in zip(game.strategies[player], values) if v == top)


def _solved(rows: PayoffRows, labels: tuple[tuple[str, ...], ...], symbol: sympy.Symbol,
            support: tuple[tuple[str, ...], ...], ties: Sequence[tuple[str, ...]], sample: Fraction,
            equilibrium: Equilibrium) -> Branch | None:
    """The branch from the indifference of each player between ``ties[player]``, or None."""
    unknowns = {(k, label): sympy.Symbol(f"p{k}_{j}") for k, own in enumerate(support) for j, label in enumerate(own)}
    if len(unknowns) > MAX_UNKNOWNS:
        raise SolverError(f"a mixed equilibrium with {len(unknowns)} probabilities is too large to follow exactly",
                          fix="simplify the game")
    mixes = [{label: unknowns[(k, label)] for label in own} for k, own in enumerate(support)]
    equations = [sum(mix.values()) - 1 for mix in mixes]
    for player, tied in enumerate(ties):
        values = [_expected(rows, labels, mixes, player, label) for label in tied]
        equations += [v - values[0] for v in values[1:]]
    at_sample = {symbol: sympy.Rational(sample.numerator, sample.denominator)}
    wanted = {unknowns[(k, label)]: sympy.nsimplify(equilibrium.profile[k][labels[k].index(label)])
              for k, own in enumerate(support) for label in own}
    solutions = sympy.solve([sympy.together(e) for e in equations], list(unknowns.values()), dict=True)
    for solution in solutions:
        if set(solution) != set(unknowns.values()):
            continue
        if all(sympy.simplify(solution[z].subs(at_sample) - wanted[z]) == 0 for z in unknowns.values()):
            probabilities = tuple(tuple(sympy.factor(solution[unknowns[(k, label)]]) if label in support[k]
                                        else sympy.Integer(0) for label in own) for k, own in enumerate(labels))
            full = [{label: probabilities[k][j] for j, label in enumerate(own) if label in support[k]}
                    for k, own in enumerate(labels)]
            payoffs = tuple(sympy.factor(sympy.together(sum(
                (probabilities[player][j] * _expected(rows, labels, full, player, label)
                 for j, label in enumerate(labels[player]) if label in support[player]), sympy.Integer(0))))
                for player in range(len(labels)))
            return Branch(symbol, probabilities, payoffs, labels)
    return None


def _expected(rows: PayoffRows, labels: tuple[tuple[str, ...], ...], mixes: Sequence[Mapping[str, sympy.Expr]],
              player: int, own: str) -> sympy.Expr:
    """``player``'s expected payoff from ``own`` when every other player mixes as in ``mixes``."""
    others = [list(mixes[k].items()) if k != player else [(own, sympy.Integer(1))] for k in range(len(labels))]
    total = sympy.Integer(0)
    for combination in itertools.product(*others):
        weight = sympy.Mul(*(p for _, p in combination))
        total += weight * rows[tuple(label for label, _ in combination)][player]
    return total
