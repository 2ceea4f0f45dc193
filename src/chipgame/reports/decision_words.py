"""A decision in words: what its owner chooses, why there, what the tie conventions change, and
what moves it (for ``chipgame solve`` and the report)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import sympy

from ..sensitivity.decision_drivers import Driver
from ..sensitivity.decisions import BestDecision, Outcome, compare_exact
from ..solvers import Equilibrium
from .numbers import format_amount
from .text import describe_mix

__all__ = ["decision_sentences", "format_value", "format_payoff", "MAX_DRIVERS"]

MAX_DRIVERS = 5
"""Most parameters named as moving a decision."""


def format_value(value: sympy.Expr) -> str:
    """An exact value as a person reads it: ``1/6``, ``0.25``, or ``sqrt(2)/2 (~0.7071)``.

    Examples
    --------
    >>> format_value(sympy.Rational(1, 6)), format_value(sympy.Rational(1, 4)), format_value(sympy.sqrt(2) / 2)
    ('1/6', '0.25', 'sqrt(2)/2 (~0.7071)')
    """
    if value.is_Rational:
        exact = Fraction(int(value.p), int(value.q))
        if exact.denominator == 1 or (exact * 10**4).denominator == 1:
            return str(float(exact)) if exact.denominator != 1 else str(exact.numerator)
        return f"{exact.numerator}/{exact.denominator}"
    return f"{value} (~{float(value):.4g})"


def format_payoff(value: sympy.Expr) -> str:
    """An exact payoff as ``format_amount`` writes it (a float reading for an irrational one).

    Examples
    --------
    >>> format_payoff(sympy.Rational(-25, 2)), format_payoff(sympy.Rational(1, 7)), format_payoff(sympy.sqrt(2))
    ('-12.5', '1/7', '~1.41')
    """
    return format_amount(Fraction(int(value.p), int(value.q)) if value.is_Rational else float(value))


def decision_sentences(decision: BestDecision, players: Sequence[str], drivers: Sequence[Driver] = ()) -> list[str]:
    """The decision in sentences: the headline, the owner's payoff and the response, the tie
    conventions, and the parameters that move it most.

    Examples
    --------
    >>> from chipgame.payoffs import Parameter, PayoffModel
    >>> from chipgame.sensitivity.decisions import best_decision
    >>> m = sympy.Symbol("vendor_margin")
    >>> model = PayoffModel(("Nvidia", "ByteDance"), (("Sell",), ("Buy", "Build")),
    ...     {("Sell", "Buy"): (m, -1 - m), ("Sell", "Build"): (0, -sympy.Rational(7, 6))},
    ...     [Parameter("vendor_margin", "1/10", range=(0, 1))])
    >>> import textwrap
    >>> for line in decision_sentences(best_decision(model, "vendor_margin", "Nvidia"), model.players):
    ...     print(textwrap.fill(line, 100))
    Nvidia's limit vendor_margin is 1/6: above it ByteDance plays Build.
    Nvidia then gets 1/6, and the game is played as Nvidia: Sell, ByteDance: Buy.
    That counts on a tie going Nvidia's way: at 1/6 the game can also be played as Nvidia: Sell,
    ByteDance: Build, where Nvidia gets 0.
    If every tie goes against Nvidia, its best vendor_margin is as close to 1/6 from below as it likes
    (1/6 itself is not attained), worth 1/6.
    """
    best, owner = decision.best, decision.player
    lines = [_headline(decision, players)]
    lines.append(f"{owner} then gets {format_payoff(best.payoff)}"
                 f"{'' if best.attained else ' in the limit'}, and the game is played as "
                 f"{_profile(players, best.response)}"
                 f"{'' if best.attained else f' (just {best.side} {format_value(best.value)})'}.")
    against = decision.against
    if compare_exact(against.payoff, best.payoff) < 0:
        lines.append(f"That counts on a tie going {owner}'s way: at {format_value(against.value)} the game can "
                     f"also be played as {_profile(players, against.response)}, where {owner} gets "
                     f"{format_payoff(against.payoff)}.")
    cautious = decision.cautious
    if compare_exact(cautious.payoff, best.payoff) < 0 or not cautious.attained:
        lines.append(f"If every tie goes against {owner}, its best {decision.parameter} is "
                     f"{_approached(cautious)}, worth {format_payoff(cautious.payoff)}.")
    switches = [(t.exact, _change(players, t.below[0], t.above)) for t in decision.thresholds
                if t.exact is not None and t.below][:MAX_DRIVERS]
    if switches and all(compare_exact(value, best.value) != 0 for value, _ in switches):
        lines.append(f"The game after it changes at {decision.parameter} = "
                     + "; ".join(f"{format_value(value)} (above it {change or 'the equilibria differ'})"
                                 for value, change in switches)
                     + f"; no such value pays {owner} more.")
    if drivers:
        moved = "; ".join(_driver(d) for d in drivers[:MAX_DRIVERS])
        lines.append(f"What moves it: {moved}.")
    return lines


def _headline(decision: BestDecision, players: Sequence[str]) -> str:
    best, owner, name = decision.best, decision.player, decision.parameter
    value = format_value(best.value)
    at = [t for t in decision.thresholds if t.exact is not None and compare_exact(t.exact, best.value) == 0]
    if best.flat is not None:
        return (f"{owner}'s best {name} is any value from {format_value(best.flat[0])} to "
                f"{format_value(best.flat[1])}: each gives it the same.")
    if at:
        threshold = at[0]
        beyond, side = (threshold.above, "above") if _same(threshold.below, best.response) else (threshold.below,
                                                                                                  "below")
        change = _change(players, best.response, beyond)
        if change:
            return f"{owner}'s limit {name} is {value}: {side} it {change}."
    low, high = decision.interval
    if compare_exact(best.value, sympy.Rational(low.numerator, low.denominator)) == 0:
        return f"{owner}'s best {name} is {value}, the lowest of its range."
    if compare_exact(best.value, sympy.Rational(high.numerator, high.denominator)) == 0:
        return f"{owner}'s best {name} is {value}, the highest of its range."
    return f"{owner}'s best {name} is {value}, inside its range, where its own payoff peaks."


def _same(equilibria: Sequence[Equilibrium], response: Equilibrium) -> bool:
    return any(eq.support == response.support for eq in equilibria)


def _change(players: Sequence[str], response: Equilibrium, beyond: Sequence[Equilibrium]) -> str:
    """Who plays what differently in the first equilibrium beyond the threshold."""
    if not beyond:
        return ""
    other = beyond[0]
    moves = [f"{player} plays {describe_mix(labels, mix)}"
             for player, labels, mix, before in zip(players, other.strategies, other.profile, response.support)
             if tuple(label for label, p in zip(labels, mix) if p > 0) != before]
    return " and ".join(moves)


def _approached(outcome: Outcome) -> str:
    value = format_value(outcome.value)
    if outcome.attained:
        return value
    return f"as close to {value} from {outcome.side} as it likes ({value} itself is not attained)"


def _profile(players: Sequence[str], equilibrium: Equilibrium) -> str:
    return ", ".join(f"{player}: {describe_mix(labels, mix)}"
                     for player, labels, mix in zip(players, equilibrium.strategies, equilibrium.profile))


def _driver(driver: Driver) -> str:
    sign = "+" if driver.slope > 0 else ""
    text = f"{driver.parameter} ({sign}{format_value(driver.slope)} per unit"
    if driver.elasticity is not None:
        text += f", {driver.elasticity:+.2f}% per 1%"
    return text + ")"
