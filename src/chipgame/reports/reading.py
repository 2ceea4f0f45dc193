"""A short plain-language reading of a result, generated from its numbers (no prose per scenario).

Examples
--------
>>> from fractions import Fraction as F
>>> from chipgame.solvers import Equilibrium
>>> eq = Equilibrium(((F(0), F(1)), (F(1), F(0))), (F(-12), F(3)), (("Buy", "Build"), ("Hold", "Cut")))
>>> equilibrium_sentences(("ByteDance", "Cambricon"), [eq])
['At the base values the game has one equilibrium: ByteDance plays Build and Cambricon plays Hold,
  for payoffs of -12 to ByteDance and 3 to Cambricon.']
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from ..games import Number
from ..sensitivity.regimes import describe_structure, structure_of
from ..sensitivity.threshold_search import Threshold
from ..sensitivity.tornado_bars import TornadoBar
from ..solvers import Elimination, Equilibrium, SubgamePerfect
from .numbers import format_amount, format_number
from .text import describe_mix

__all__ = ["equilibrium_sentences", "dominance_sentences", "threshold_sentences", "tornado_sentences",
           "commitment_sentences", "share_sentences"]

_COUNT_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def _count(n: int) -> str:
    return _COUNT_WORDS.get(n, str(n))


def _joined(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _play(players: Sequence[str], eq: Equilibrium) -> str:
    parts = []
    for player, labels, mix in zip(players, eq.strategies, eq.profile):
        played = [(label, p) for label, p in zip(labels, mix) if p > 0]
        if len(played) == 1:
            parts.append(f"{player} plays {played[0][0]}")
        else:
            parts.append(f"{player} mixes {describe_mix(labels, mix)}")
    return _joined(parts)


def _payoffs(players: Sequence[str], eq: Equilibrium) -> str:
    return _joined([f"{format_amount(v)} to {player}" for player, v in zip(players, eq.payoffs)])


def equilibrium_sentences(players: Sequence[str], equilibria: Sequence[Equilibrium]) -> list[str]:
    """What is played at the base values, and what that means when there is more than one equilibrium."""
    if not equilibria:
        return ["No equilibrium was found at the base values."]
    if len(equilibria) == 1:
        eq = equilibria[0]
        return [f"At the base values the game has one equilibrium: {_play(players, eq)}, "
                f"for payoffs of {_payoffs(players, eq)}."]
    sentences = [f"At the base values the game has {_count(len(equilibria))} equilibria, so the outcome depends "
                 "on what each side expects the other to do:"]
    for k, eq in enumerate(equilibria, start=1):
        sentences.append(f"({k}) {_play(players, eq)}, for payoffs of {_payoffs(players, eq)}.")
    for player, name in enumerate(players):
        best = max(range(len(equilibria)), key=lambda k: equilibria[k].payoffs[player])
        worst = min(range(len(equilibria)), key=lambda k: equilibria[k].payoffs[player])
        if equilibria[best].payoffs[player] != equilibria[worst].payoffs[player]:
            gap = equilibria[best].payoffs[player] - equilibria[worst].payoffs[player]
            sentences.append(f"{name} does best in equilibrium {best + 1} and worst in equilibrium {worst + 1} "
                             f"(a gap of {format_amount(gap)}).")
    return sentences


def dominance_sentences(elimination: Elimination) -> list[str]:
    """Which strategies are never worth playing, whatever the others do."""
    if not elimination.steps:
        return ["No strategy is dominated: every strategy is a best reply to something the others might do."]
    removed = [f"{step.player}'s {step.strategy}" for step in elimination.steps]
    sentence = (f"{_joined(removed)} {'is' if len(removed) == 1 else 'are'} never worth playing "
                "(strictly dominated once the strategies before them in this list are gone).")
    if elimination.solved:
        return [sentence, "Dominance alone settles the game."]
    return [sentence]


def threshold_sentences(parameter: str, unit: str, base: Number, found: Sequence[Threshold],
                        players: Sequence[str], interval: tuple[Number, Number]) -> list[str]:
    """Where the result changes as one parameter moves, and how far the base value is from a change."""
    span = f"{format_number(interval[0])} to {format_number(interval[1])}{' ' + unit if unit else ''}"
    if not found:
        return [f"Across {parameter} from {span} the equilibria do not change."]
    values = [_value_text(t) for t in found]
    proven = [text for t, text in zip(found, values) if t.certified]
    doubtful = [f"{text} ({t.note})" for t, text in zip(found, values) if not t.certified]
    change = f"the equilibria change where it crosses {_joined(proven)}" if proven else ""
    maybe = f"they may also change in {_joined(doubtful)}, which could not be certified" if doubtful else ""
    sentences = [f"Over {parameter} from {span}, " + ("; ".join(filter(None, (change, maybe)))) + "."]
    pieces = [f"below {values[0]}: {_labels(players, found[0].below)}"]
    for t, text, after in zip(found, values, values[1:]):
        pieces.append(f"from {text} to {after}: {_labels(players, t.above)}")
    pieces.append(f"above {values[-1]}: {_labels(players, found[-1].above)}")
    text = "; ".join(pieces)
    sentences.append(text[0].upper() + text[1:] + ".")
    certain = [t for t in found if t.certified]
    if not certain:
        return sentences
    nearest = min(certain, key=lambda t: abs(t.value - float(base)))
    gap = float(base) - nearest.value
    if gap == 0:
        sentences.append(f"The base value {format_number(base)} is exactly at a threshold: a break-even point.")
    else:
        relative = f" ({abs(gap) / abs(float(base)):.0%} of the base value)" if float(base) else ""
        direction = "above" if gap > 0 else "below"
        sentences.append(f"The base value {format_number(base)} is {abs(gap):.4g}{' ' + unit if unit else ''}"
                         f"{relative} {direction} the nearest threshold, {_value_text(nearest)}: that is the margin "
                         f"before the result changes through {parameter} alone.")
    return sentences


def _value_text(threshold: Threshold) -> str:
    if not threshold.certified and threshold.enclosure is not None:
        low, high = threshold.enclosure
        return f"the region {format_number(low)} to {format_number(high)}"
    exact = threshold.exact
    if exact is not None and exact.is_Rational and exact.q != 1:
        decimal = format_number(Fraction(int(exact.p), int(exact.q)))
        return f"{exact} (about {threshold.value:.4g})" if "/" in decimal else decimal
    if exact is not None and not exact.is_Rational:
        return f"{exact} (about {threshold.value:.4g})"
    return f"{threshold.value:.6g}"


def _labels(players: Sequence[str], equilibria: Sequence[Equilibrium]) -> str:
    return describe_structure(players, structure_of(equilibria))


def tornado_sentences(bars: Sequence[TornadoBar], players: Sequence[str]) -> list[str]:
    """Which parameters move the payoffs most, and which can change what is played."""
    if not bars:
        return []
    sentences = []
    for player, name in enumerate(players):
        widest = max(bars, key=lambda bar: bar.payoff_ranges[player][1] - bar.payoff_ranges[player][0])
        low, high = widest.payoff_ranges[player]
        if high > low:
            sentences.append(f"{name}'s equilibrium payoff moves most with {widest.parameter}: from {low:.4g} to "
                             f"{high:.4g} across its range.")
    changing = [bar.parameter for bar in bars if bar.changes_regime]
    if changing:
        sentences.append(f"Of {_count(len(bars))} parameters with a declared range, {_count(len(changing))} can change "
                         f"what is played on their own: {_joined(changing)}. The others move payoffs only.")
    else:
        sentences.append(f"None of the {_count(len(bars))} parameters with a declared range changes what is played "
                         "on its own: the result is robust to each of them, one at a time.")
    return sentences


def commitment_sentences(players: Sequence[str], equilibria: Sequence[Equilibrium],
                         subgame_perfect: Sequence[SubgamePerfect]) -> list[str]:
    """What moving first changes, against simultaneous play."""
    if not subgame_perfect:
        return []
    order = subgame_perfect[0].order
    leader = players.index(order[0])
    plays = [" and ".join(f"{p} plays {s}" for p, s in zip(players, spe.profile)) for spe in subgame_perfect]
    sentences = [f"If {' then '.join(order)} move in turn, each seeing the moves before, "
                 f"play is: {'; or '.join(plays)}."]
    if equilibria:
        gain = min(spe.payoffs[leader] for spe in subgame_perfect) - max(eq.payoffs[leader] for eq in equilibria)
        if gain > 0:
            sentences.append(f"Moving first is worth at least {format_amount(gain)} to {order[0]}.")
        elif max(spe.payoffs[leader] for spe in subgame_perfect) <= min(eq.payoffs[leader] for eq in equilibria):
            sentences.append(f"Moving first gains {order[0]} nothing over simultaneous play.")
    return sentences


def share_sentences(shares: Sequence[tuple[str, float]], names: Sequence[str]) -> list[str]:
    """How much of a two-parameter map each regime covers, largest first."""
    if not shares:
        return []
    top = sorted(shares, key=lambda item: -item[1])[:3]
    described = [f"{label} ({share:.0%})" for label, share in top]
    return [f"Over the map of {' and '.join(names)}, the largest regimes are: {'; '.join(described)}."]
