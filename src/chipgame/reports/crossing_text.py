"""A parameter moved across a threshold, in words generated from the numbers (``chipgame teach``).

Nothing here is written per game: every sentence comes from comparing the game on the two sides
of the threshold, namely which payoffs tie exactly at it and change order across it, which
strategies are dominant or eliminated by dominance on each side, and which equilibria appear,
disappear or move.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from rich.console import RenderableType
from rich.text import Text

from ..games import Game
from ..sensitivity.crossing import Crossing
from ..solvers import Equilibrium, Solution, eliminate_dominated
from ..solvers.dominance import dominant_strategy
from .numbers import format_amount, format_exact, format_number
from .text import describe_profile, payoff_matrices
from .threshold_words import threshold_text

__all__ = ["crossing_view", "change_lines", "tie_lines"]

MAX_TIES = 6
"""Most tie sentences shown; a larger game can tie in many places at one threshold."""


def crossing_view(crossing: Crossing) -> list[RenderableType]:
    """The threshold, the game and its equilibria on both sides, and what changed, in words.

    Examples
    --------
    >>> from chipgame.payoffs import load_scenario
    >>> from chipgame.sensitivity import cross_threshold
    >>> view = crossing_view(cross_threshold(load_scenario("prisoners-dilemma").model, "T"))
    >>> str(view[0])
    'T moves from 5 to 2.5, across the threshold T = 3, where the equilibria change.'
    """
    name = crossing.parameter
    others = [t for t in crossing.found if t is not crossing.threshold]
    parts: list[RenderableType] = [Text(
        f"{name} moves from {format_number(crossing.start)} to {format_number(crossing.end)}, across the "
        f"threshold {name} = {threshold_text(crossing.threshold)}, where the equilibria change.")]
    if others:
        low, high = crossing.interval
        parts.append(Text(f"In [{format_number(low)}, {format_number(high)}] they also change at "
                          + ", ".join(f"{name} = {threshold_text(t)}" for t in others) + "."))
    parts.extend(Text(line) for line in tie_lines(crossing))
    for value, solution in ((crossing.start, crossing.before), (crossing.end, crossing.after)):
        side = "below" if value < crossing.threshold.value else "above"
        parts.append(Text(f"At {name} = {format_number(value)} ({side} the threshold):", style="bold"))
        parts.extend(payoff_matrices(solution.game))
        parts.extend(Text(f"Equilibrium {k}: {describe_profile(eq, fraction=True)}, paying "
                          + ", ".join(f"{format_exact(v)} to {player}" for player, v in zip(solution.game.players,
                                                                                           eq.payoffs)) + ".")
                     for k, eq in enumerate(solution.equilibria, start=1))
    if crossing.at is not None:
        parts.append(Text(f"Exactly at {name} = {threshold_text(crossing.threshold)} the game has "
                          f"{_count(len(crossing.at.equilibria), 'extreme equilibrium', 'extreme equilibria')}"
                          + (" (it is degenerate there)" if crossing.at.degenerate else "") + ": "
                          + "; ".join(describe_profile(eq, fraction=True) for eq in crossing.at.equilibria) + "."))
    parts.append(Text("What changed:", style="bold"))
    parts.extend(Text(f"- {line}") for line in change_lines(crossing))
    return parts


def tie_lines(crossing: Crossing) -> list[str]:
    """Why the threshold is where it is: the pure-strategy payoffs that tie exactly there and
    change order across it (empty for an irrational threshold, which is not evaluated exactly).

    Examples
    --------
    >>> from chipgame.payoffs import load_scenario
    >>> from chipgame.sensitivity import cross_threshold
    >>> tie_lines(cross_threshold(load_scenario("prisoners-dilemma").model, "T"))[0]
    'At T = 3, Cooperate and Defect pay Prisoner 1 the same (3) when Prisoner 2 plays Cooperate:
    at T = 5 Defect pays more, at T = 2.5 Cooperate does.'
    """
    if crossing.at is None:
        return []
    name, at = crossing.parameter, crossing.at.game
    before, after = crossing.before.game, crossing.after.game
    lines = []
    for player in range(at.n_players):
        for profile in at.profiles():
            if profile[player] != 0:
                continue  # each tie once: at the profile where the player plays its first strategy
            for a, b in itertools.combinations(range(at.shape[player]), 2):
                first, second = _with(profile, player, a), _with(profile, player, b)
                tied = at.payoff(first)[player] == at.payoff(second)[player]
                start = before.payoff(first)[player] - before.payoff(second)[player]
                end = after.payoff(first)[player] - after.payoff(second)[player]
                if not tied or start * end >= 0:
                    continue
                labels = at.strategies[player]
                lead, follow = (labels[a], labels[b]) if start > 0 else (labels[b], labels[a])
                lines.append(
                    f"At {name} = {threshold_text(crossing.threshold)}, {labels[a]} and {labels[b]} pay "
                    f"{at.players[player]} the same ({format_amount(at.payoff(first)[player])})"
                    f"{_when(at, player, profile)}: at {name} = {format_number(crossing.start)} {lead} pays more, "
                    f"at {name} = {format_number(crossing.end)} {follow} does.")
    if not lines and crossing.at is not None:
        return ["No two pure strategies tie there: what changes is a mixed equilibrium (a probability reaches 0 "
                "or 1, or a strategy outside its support starts paying as much as those in it)."]
    if len(lines) > MAX_TIES:
        return lines[:MAX_TIES] + [f"... and {len(lines) - MAX_TIES} more ties of the same kind."]
    return lines


def change_lines(crossing: Crossing) -> list[str]:
    """What changes from the start of the move to its end: dominant strategies, what iterated
    elimination of strictly dominated strategies leaves, and the equilibria.

    Examples
    --------
    >>> from chipgame.payoffs import load_scenario
    >>> from chipgame.sensitivity import cross_threshold
    >>> change_lines(cross_threshold(load_scenario("prisoners-dilemma").model, "T"))[0]
    'Defect is no longer strictly dominant for Prisoner 1 and Prisoner 2.'
    """
    before, after = crossing.before, crossing.after
    start, end = (f"at {crossing.parameter} = {format_number(value)}" for value in (crossing.start, crossing.end))
    return (_dominance_lines(before.game, after.game) + _elimination_lines(before.game, after.game, end)
            + _equilibrium_lines(before, after, start, end))


def _dominance_lines(before: Game, after: Game) -> list[str]:
    changes: dict[str, list[str]] = {}
    for player, name in enumerate(before.players):
        was, now = dominant_strategy(before, player), dominant_strategy(after, player)
        if was == now:
            continue
        if now is None:
            sentence = f"{was} is no longer strictly dominant for {{players}}."
        elif was is None:
            sentence = f"{now} becomes strictly dominant for {{players}}."
        else:
            sentence = f"The strictly dominant strategy of {{players}} changes from {was} to {now}."
        changes.setdefault(sentence, []).append(name)
    return [sentence.format(players=" and ".join(names)) for sentence, names in changes.items()]


def _elimination_lines(before: Game, after: Game, where: str) -> list[str]:
    was, now = eliminate_dominated(before), eliminate_dominated(after)
    if [s.strategy for s in was.steps] == [s.strategy for s in now.steps] and \
            [s.player for s in was.steps] == [s.player for s in now.steps]:
        return []
    if now.solved:
        left = ", ".join(labels[0] for labels in now.reduced.strategies)
        if was.solved:
            earlier = ", ".join(labels[0] for labels in was.reduced.strategies)
            return [f"Iterated elimination of strictly dominated strategies still solves the game, {where} with "
                    f"({left}) instead of ({earlier})."]
        return [f"Iterated elimination of strictly dominated strategies now solves the game: ({left})."]
    if was.solved:
        return [f"Iterated elimination of strictly dominated strategies no longer solves the game {where}"
                + (": nothing is dominated." if not now.steps else ".")]
    removed = ", ".join(f"{s.player}'s {s.strategy}" for s in now.steps) or "nothing"
    return [f"Iterated elimination of strictly dominated strategies now removes {removed}."]


def _equilibrium_lines(before: Solution, after: Solution, start: str, end: str) -> list[str]:
    old = {eq.support: eq for eq in before.equilibria}
    new = {eq.support: eq for eq in after.equilibria}
    lines = []
    if len(old) != len(new):
        lines.append(f"The game has {_count(len(after.equilibria), 'equilibrium', 'equilibria')} {end}, "
                     f"against {len(before.equilibria)} {start}.")
    for support, eq in new.items():
        if support not in old:
            lines.append(f"{_kind(eq)} {describe_profile(eq, fraction=True)} appears.")
        elif old[support].profile != eq.profile:
            lines.append(f"{_kind(eq)} moves from {describe_profile(old[support], fraction=True)} "
                         f"to {describe_profile(eq, fraction=True)}.")
        else:
            lines.append(f"{_kind(eq)} {describe_profile(eq, fraction=True)} stays.")
    for support, eq in old.items():
        if support not in new:
            lines.append(f"{_kind(eq)} {describe_profile(eq, fraction=True)} disappears.")
    return lines


def _kind(eq: Equilibrium) -> str:
    return "The pure equilibrium" if eq.is_pure else "The mixed equilibrium"


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _with(profile: Sequence[int], player: int, strategy: int) -> tuple[int, ...]:
    changed = list(profile)
    changed[player] = strategy
    return tuple(changed)


def _when(game: Game, player: int, profile: Sequence[int]) -> str:
    """`` when B plays x and C plays y``: the others' strategies in a pure profile."""
    others = [f"{game.players[k]} plays {game.strategies[k][s]}" for k, s in enumerate(profile) if k != player]
    return " when " + " and ".join(others) if others else ""
