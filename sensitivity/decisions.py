"""Decisions: a parameter one player chooses before the game is played, chosen exactly.

The owner of the decision moves first and the game after it is played in Nash equilibrium
(the owner anticipates it: Stackelberg leadership). Between two consecutive thresholds of the
parameter (``thresholds``, certified) and the points where a payoff switches branch
(``smooth_pieces``), the equilibria keep their supports and every payoff is one formula of the
decision (``equilibrium_branches``). On each such stretch the owner's best value is found
exactly among the critical points of its payoff formulas (``isolate_roots`` of the
derivative's numerator) and the ends; at each end of a stretch the game is solved exactly
itself, since there the followers may switch.

Conventions for ties (docs/explanation/decision-ties.md):

- ``best`` resolves every tie in the owner's favour (strong Stackelberg): at a value where the
  game has several equilibria, the one best for the owner is played. Its value is ``attained``
  when some value gives it; otherwise it is only approached as the decision tends to ``value``
  from ``side`` (the followers switch against the owner at the value itself), and ``response``
  is the equilibrium played just beside it.
- ``against`` is what the owner gets at the value of ``best`` when the tie goes against it: the
  equilibrium there worst for the owner.
- ``cautious`` resolves every tie against the owner (weak Stackelberg): the value that
  maximises the worst equilibrium payoff, attained or approached.

Among values that give the owner the same payoff, the lowest is reported; a value inside a
stretch where the payoff is constant is reported with that stretch (``flat``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from ..errors import InternalError, ModelError, SolverError
from ..payoffs import PayoffModel
from ..solvers import Equilibrium, check_equilibrium, solve
from .equilibrium_branches import Branch, follow_branch
from .root_isolation import Located, isolate_roots, join_overlapping, located_rational, simplest_between
from .smooth_pieces import smooth_pieces
from .threshold_search import Threshold, threshold_interval, thresholds

__all__ = ["Outcome", "BestDecision", "best_decision", "compare_exact"]


@dataclass(frozen=True)
class Outcome:
    """The owner's payoff at one value of its decision, and the equilibrium played there.

    Parameters
    ----------
    value
        The decision's value, exact (a sympy rational or algebraic number).
    payoff
        The owner's payoff, exact.
    attained
        True when the value gives this payoff; False when the payoff is only approached as the
        decision tends to ``value`` from ``side``.
    side
        ``"at"`` (the response is played at the value), ``"below"`` or ``"above"`` (just beside it).
    response
        The equilibrium of the game after the decision (its limit, when only approached).
    flat
        The stretch of values, exact, on which the owner gets this same payoff, when the value is
        inside one; None otherwise.
    """

    value: sympy.Expr
    payoff: sympy.Expr
    attained: bool
    side: str
    response: Equilibrium
    flat: tuple[sympy.Expr, sympy.Expr] | None = None


@dataclass(frozen=True)
class BestDecision:
    """A player's best value of a parameter it chooses before the game is played.

    Parameters
    ----------
    parameter, player
        The decision and its owner.
    interval
        The feasible values, exact: the parameter's range unless another was given.
    best
        Ties resolved in the owner's favour (strong Stackelberg); see the module's conventions.
    against
        At ``best.value``, the equilibrium worst for the owner.
    cautious
        Ties resolved against the owner (weak Stackelberg).
    thresholds
        The thresholds of the parameter in the interval: the values where the followers switch.
    """

    parameter: str
    player: str
    interval: tuple[Fraction, Fraction]
    best: Outcome
    against: Outcome
    cautious: Outcome
    thresholds: tuple[Threshold, ...]


def best_decision(model: PayoffModel, parameter: str, player: str, overrides: Mapping[str, Any] | None = None,
                  low: Any = None, high: Any = None) -> BestDecision:
    """The value of ``parameter`` that is best for ``player``, who chooses it before the game.

    Parameters
    ----------
    model
        A payoff model; every other parameter stays at its base value (or ``overrides``).
    parameter
        The decision.
    player
        Its owner, a player of the model.
    low, high
        The feasible values; the parameter's declared range when omitted.

    Raises
    ------
    SolverError
        When a threshold or a critical point is not known exactly (``exp`` or ``log`` payoffs, or a
        game of three or more players where a mixed equilibrium changes), or the game after the
        decision has a continuum of equilibria along a whole stretch.
    ModelError
        For an unknown parameter or player.

    Examples
    --------
    A buyer pays ``1 + m`` for a unit bought at the vendor's margin ``m``, or 7/6 to build its
    own: it buys while ``m < 1/6``, builds above, and is indifferent at 1/6. The vendor earns
    ``m`` while the buyer buys and 0 once it builds, so its limit margin is 1/6: attained when
    the tie there goes its way, worth 0 when it does not, and only approached from below when
    every tie goes against it:

    >>> from chipgame.payoffs import Parameter
    >>> m = sympy.Symbol("m")
    >>> model = PayoffModel(("Vendor", "Buyer"), (("Sell",), ("Buy", "Build")),
    ...     {("Sell", "Buy"): (m, -1 - m), ("Sell", "Build"): (0, -sympy.Rational(7, 6))},
    ...     [Parameter("m", "1/10", range=(0, 1))])
    >>> decision = best_decision(model, "m", "Vendor")
    >>> decision.best.value, decision.best.payoff, decision.best.attained, decision.against.payoff
    (1/6, 1/6, True, 0)
    >>> decision.cautious.value, decision.cautious.attained, decision.cautious.side
    (1/6, False, 'below')
    """
    if player not in model.players:
        raise ModelError(f"{player!r} is not a player of the model", fix=f"use one of: {', '.join(model.players)}")
    interval = threshold_interval(model, parameter, low, high)
    # a stretch left uncertified makes the decision fail below, so it is not scanned
    found = thresholds(model, parameter, *interval, overrides, scan_mixed=False)
    return _Search(model, parameter, model.players.index(player), overrides, interval, found).run(player)


def compare_exact(a: sympy.Expr, b: sympy.Expr) -> int:
    """-1, 0 or 1 as ``a`` is below, equal to or above ``b``: exactly for rational and algebraic
    numbers.

    Raises
    ------
    SolverError
        When two numbers agree to 50 digits and cannot be shown equal.

    Examples
    --------
    >>> compare_exact(sympy.sqrt(2), sympy.Rational(141, 100)), compare_exact(sympy.sqrt(8) / 2, sympy.sqrt(2))
    (1, 0)
    """
    difference = a - b
    if difference.is_Rational:
        return int(bool(difference > 0)) - int(bool(difference < 0))
    approximate = sympy.N(difference, 60)
    if abs(approximate) > sympy.Float(10) ** -50:
        return 1 if approximate > 0 else -1
    if difference.is_algebraic and sympy.minimal_polynomial(difference, sympy.Dummy()).is_Symbol:
        return 0
    raise SolverError(f"cannot tell {a} and {b} apart exactly", fix="simplify the payoff formulas")


@dataclass(frozen=True)
class _Point:
    """A breakpoint: its exact value, inside an enclosure with rational ends."""

    low: Fraction
    high: Fraction
    exact: sympy.Expr


@dataclass(frozen=True)
class _Stretch:
    """An open stretch between two breakpoints, with the branches of its equilibria."""

    low: _Point
    high: _Point
    branches: tuple[Branch, ...]


class _Search:
    """The candidates of one decision: breakpoints, critical points, crossings and limits."""

    def __init__(self, model: PayoffModel, parameter: str, owner: int, overrides: Mapping[str, Any] | None,
                 interval: tuple[Fraction, Fraction], found: tuple[Threshold, ...]) -> None:
        self.model, self.parameter, self.owner, self.interval, self.found = model, parameter, owner, interval, found
        self.values = model.values_with(overrides)
        self.symbol = model.symbols[parameter]
        fixed = {s: sympy.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else sympy.Float(v)
                 for name, s in model.symbols.items() if name != parameter for v in [self.values[name]]}
        self.profiles = list(model.payoffs)
        expressions = [e.xreplace(fixed) for profile in self.profiles for e in model.payoffs[profile]]
        self.pieces, cuts = smooth_pieces(expressions, self.symbol, *interval)
        self.points = self._breakpoints(cuts)

    def _breakpoints(self, cuts: Sequence[Located]) -> list[_Point]:
        points = [located_rational(self.interval[0]), located_rational(self.interval[1]), *cuts]
        for t in self.found:
            if not t.certified or t.exact is None:
                raise SolverError(f"the threshold of {self.parameter} near {t.value:.6g} is not known exactly "
                                  f"({t.note or 'no closed form'}), so the best decision cannot be certified",
                                  fix="use payoffs that are rational in the decision, or a two-player game")
            low, high = t.enclosure or (Fraction(int(t.exact.p), int(t.exact.q)),) * 2
            points.append(Located(low, high, t.exact))
        for cut in cuts:
            if not cut.certified or cut.exact is None:
                raise SolverError(f"a payoff of the model switches branch near {cut.value:.6g} at a value not known "
                                  "exactly", fix="use min, max and where on formulas rational in the decision")
        return [_Point(p.low, p.high, p.exact) for p in join_overlapping(points) if p.exact is not None]

    def run(self, player: str) -> BestDecision:
        best: list[Outcome] = []
        worst: list[Outcome] = []
        stretches = [self._stretch(a, b) for a, b in zip(self.points, self.points[1:])]
        for k, point in enumerate(self.points):
            outcomes = self._outcomes_at(point, stretches[max(k - 1, 0):k + 1])
            best.append(_extreme(outcomes, 1))
            worst.append(_extreme(outcomes, -1))
        for stretch in stretches:
            inside_best, inside_worst = self._inside(stretch)
            best += inside_best
            worst += inside_worst
        chosen = _supremum(best)
        against = next((w for w in worst if w.attained and compare_exact(w.value, chosen.value) == 0), None)
        if against is None:  # an interior critical point of one branch: the worst there
            against = self._worst_at(chosen.value, stretches)
        cautious = _supremum(worst)
        for outcome in (chosen, against, cautious):
            self._verify(outcome)
        return BestDecision(self.parameter, player, self.interval, chosen, against, cautious, self.found)

    def _verify(self, outcome: Outcome) -> None:
        """At a rational value that gives its payoff, the response is checked again, exactly, to be
        an equilibrium of the game there that gives the owner that payoff."""
        if not (outcome.attained and outcome.value.is_Rational):
            return
        value = Fraction(int(outcome.value.p), int(outcome.value.q))
        try:
            payoffs = check_equilibrium(self.model.evaluate({**self.values, self.parameter: value}),
                                        outcome.response.profile)
        except SolverError as error:
            raise InternalError(f"the response at {self.parameter} = {value} is not an equilibrium: {error}") from None
        exact = _fraction(outcome.payoff)
        if exact is not None and isinstance(payoffs[self.owner], Fraction) and payoffs[self.owner] != exact:
            raise InternalError(f"the owner's payoff at {self.parameter} = {value} is {payoffs[self.owner]}, not "
                                f"{outcome.payoff}")

    def _stretch(self, low: _Point, high: _Point) -> _Stretch:
        sample = simplest_between(low.high, high.low)
        solution = solve(self.model.evaluate({**self.values, self.parameter: sample}))
        if solution.continua or not solution.complete:
            raise SolverError(f"the game at {self.parameter} = {sample} has equilibria that were not all found "
                              "isolated", fix="fix the parameter that makes the game degenerate")
        piece = next(p for p in self.pieces if p.inner[0] <= sample <= p.inner[1])
        width = len(self.model.players)
        rows = {profile: piece.expressions[k * width:(k + 1) * width] for k, profile in enumerate(self.profiles)}
        branches = tuple(follow_branch(rows, self.model.strategies, self.symbol, solution.game, sample, eq)
                         for eq in solution.equilibria)
        return _Stretch(low, high, branches)

    def _outcomes_at(self, point: _Point, beside: Sequence[_Stretch]) -> list[Outcome]:
        """The owner's outcome in each equilibrium exactly at a breakpoint: the game solved there
        (a rational point), the branches running through it (a switch of branch where nothing
        changes), or the threshold's own equilibria, each with the exact payoff of the branch
        that reaches it where one does."""
        if point.low == point.high:
            solved = solve(self.model.evaluate({**self.values, self.parameter: point.low})).equilibria
            return [Outcome(point.exact, _exact(eq.payoffs[self.owner]), True, "at", eq) for eq in solved]
        limits = [(branch, "-" if stretch.high == point else "+") for stretch in beside for branch in stretch.branches]
        threshold = next((t for t in self.found if t.exact is not None and compare_exact(t.exact, point.exact) == 0),
                         None)
        if threshold is None:
            return [Outcome(point.exact, branch.payoff(self.owner, point.exact, side), True, "at",
                            branch.at(point.exact, side)) for branch, side in limits]
        if threshold.at is None:
            raise SolverError(f"the game at the threshold {threshold.exact} of {self.parameter} cannot be solved "
                              "exactly", fix="use a two-player game, or payoffs rational in the decision")
        outcomes = []
        for eq in threshold.at:  # irrational values are floats here: take the exact value of a branch reaching eq
            payoff = next((branch.payoff(self.owner, point.exact, side) for branch, side in limits
                           if _close(branch.at(point.exact, side), eq)), _exact(eq.payoffs[self.owner]))
            outcomes.append(Outcome(point.exact, payoff, True, "at", eq))
        return outcomes

    def _inside(self, stretch: _Stretch) -> tuple[list[Outcome], list[Outcome]]:
        """Candidates strictly inside a stretch, and the limits at its ends (approached, not attained)."""
        low, high = stretch.low.high, stretch.high.low
        owner = [branch.payoffs[self.owner] for branch in stretch.branches]
        middle = simplest_between(low, high)
        points: list[sympy.Expr] = [sympy.Rational(middle.numerator, middle.denominator)]
        for f in owner:
            slope = sympy.together(sympy.diff(f, self.symbol))
            if slope != 0 and not sympy.simplify(slope) == 0:
                points += _exact_roots(slope, self.symbol, low, high, "the owner's payoff peaks")
        crossings: list[sympy.Expr] = []
        for j, f in enumerate(owner):
            for g in owner[j + 1:]:
                gap = sympy.together(f - g)
                if gap != 0 and not sympy.simplify(gap) == 0:
                    crossings += _exact_roots(gap, self.symbol, low, high, "two equilibria cross")
        flat = [sympy.simplify(sympy.diff(f, self.symbol)) == 0 for f in owner]
        best: list[Outcome] = []
        worst: list[Outcome] = []
        for kind, candidates in ((1, points), (-1, points + crossings)):
            found = best if kind == 1 else worst
            for point in candidates:
                outcomes = [Outcome(point, branch.payoff(self.owner, point), True, "at", branch.at(point),
                                    (stretch.low.exact, stretch.high.exact) if is_flat else None)
                            for branch, is_flat in zip(stretch.branches, flat)]
                found.append(_extreme(outcomes, kind))
            for end, side, limit in ((stretch.low, "above", "+"), (stretch.high, "below", "-")):
                outcomes = [Outcome(end.exact, branch.payoff(self.owner, end.exact, limit), False, side,
                                    branch.at(end.exact, limit)) for branch in stretch.branches]
                found.append(_extreme(outcomes, kind))
        return best, worst

    def _worst_at(self, value: sympy.Expr, stretches: Sequence[_Stretch]) -> Outcome:
        """At a value strictly inside a stretch: the equilibrium there worst for the owner."""
        for stretch in stretches:
            if compare_exact(stretch.low.exact, value) < 0 < compare_exact(stretch.high.exact, value):
                return _extreme([Outcome(value, b.payoff(self.owner, value), True, "at", b.at(value))
                                 for b in stretch.branches], -1)
        raise SolverError(f"{value} is outside every stretch of {self.parameter}", fix="report this as a bug")


def _exact_roots(expr: sympy.Expr, symbol: sympy.Symbol, low: Fraction, high: Fraction, what: str
                 ) -> list[sympy.Expr]:
    """The zeros of ``expr`` strictly between ``low`` and ``high``, each exact."""
    roots = []
    for root in isolate_roots(expr, symbol, low, high):
        if not root.certified or root.exact is None:
            raise SolverError(f"{what} near {root.value:.6g}, at a value not known exactly",
                              fix="use payoffs that are rational in the decision")
        roots.append(root.exact)
    return roots


def _fraction(value: sympy.Expr) -> Fraction | None:
    return Fraction(int(value.p), int(value.q)) if value.is_Rational else None


def _exact(value: Any) -> sympy.Expr:
    """An equilibrium payoff (Fraction, real algebraic number or float) as a sympy number."""
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    to_sympy: Callable[[], sympy.Expr] | None = getattr(value, "to_sympy", None)
    return to_sympy() if to_sympy is not None else sympy.Float(value)


def _close(a: Equilibrium, b: Equilibrium) -> bool:
    """The same equilibrium, one of them held in floats: the same supports, values within 1e-9."""
    first = [*(p for mix in a.profile for p in mix), *a.payoffs]
    second = [*(p for mix in b.profile for p in mix), *b.payoffs]
    return a.support == b.support and all(abs(float(x) - float(y)) <= 1e-9 * max(1.0, abs(float(x)))
                                          for x, y in zip(first, second))


def _extreme(outcomes: Sequence[Outcome], kind: int) -> Outcome:
    """The outcome with the highest payoff (``kind`` 1) or the lowest (-1); the first among equals."""
    chosen = outcomes[0]
    for outcome in outcomes[1:]:
        if compare_exact(outcome.payoff, chosen.payoff) * kind > 0:
            chosen = outcome
    return chosen


def _supremum(outcomes: Sequence[Outcome]) -> Outcome:
    """The highest payoff; among equals one attained before one approached, then the lowest value."""
    chosen = outcomes[0]
    for outcome in outcomes[1:]:
        order = compare_exact(outcome.payoff, chosen.payoff)
        if order == 0 and outcome.attained != chosen.attained:
            order = 1 if outcome.attained else -1
        if order == 0:
            order = -compare_exact(outcome.value, chosen.value)
        if order > 0:
            chosen = outcome
    return chosen
