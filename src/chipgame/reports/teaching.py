"""A walk-through of a game for a class, one step at a time (``chipgame teach``).

The steps are data first: each is a title and what to show (rich renderables), built from the
solved game in the order a lesson takes: the question and the players, the payoff matrix, each
player's best responses, iterated elimination of strictly dominated strategies one removal at a
time, why each equilibrium is one, subgame-perfect play for a sequential scenario, and one
parameter moved across a threshold. ``walk_through`` then prints them, pausing between steps
when asked to. Every sentence is generated from the numbers, so any scenario can be taught.

Examples
--------
>>> from chipgame.payoffs import load_scenario
>>> from chipgame.solvers import eliminate_dominated, solve
>>> scenario = load_scenario("prisoners-dilemma")
>>> game = scenario.evaluate()
>>> steps = lesson_steps(scenario, scenario.model.values_with(None), solve(game), eliminate_dominated(game),
...                      None, None, ())
>>> [step.title for step in steps][:4]
["Prisoner's dilemma", 'The payoff matrix', 'Best responses of Prisoner 1', 'Best responses of Prisoner 2']
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.text import Text

from ..games import Game, Number
from ..payoffs import Scenario
from ..sensitivity.crossing import Crossing
from ..sensitivity.threshold_search import threshold_interval
from ..solvers import Elimination, Equilibrium, Solution, SubgamePerfect, strategy_values
from ..solvers.dominance import dominant_strategy
from ..solvers.sequential import HISTORY_SEPARATOR
from .crossing_text import crossing_view
from .numbers import format_amount, format_exact, format_number
from .text import (
    commitment_lines,
    describe_mix,
    describe_profile,
    elimination_lines,
    parameter_table,
    payoff_matrices,
)

__all__ = ["Step", "lesson_steps", "step_view", "walk_through", "HIGHLIGHT"]

HIGHLIGHT = "bold green"
"""The style of the highlighted best responses in a terminal."""


@dataclass(frozen=True)
class Step:
    """One step of a walk-through: a title and what to show under it.

    Examples
    --------
    >>> Step("The payoff matrix", (Text("rows: the first player"),)).title
    'The payoff matrix'
    """

    title: str
    body: tuple[RenderableType, ...]


def lesson_steps(scenario: Scenario, values: Mapping[str, Number], solution: Solution, elimination: Elimination,
                 subgame_perfect: Sequence[SubgamePerfect] | None, crossing: Crossing | None,
                 tried: Sequence[str], interval: tuple[Number, Number] | None = None) -> tuple[Step, ...]:
    """Every step of the walk-through of ``scenario`` at ``values``.

    Parameters
    ----------
    scenario, values
        The scenario and its parameter values (base values with any overrides).
    solution, elimination
        The solved game and its iterated elimination of strictly dominated strategies.
    subgame_perfect
        The subgame-perfect equilibria when the scenario has an order of moves, else None.
    crossing
        A parameter moved across a threshold, or None when ``tried`` found none.
    tried
        The parameters searched for a threshold, in order; empty when none was searched.
    interval
        The interval searched when a single parameter was named with one, for the message
        when it holds no threshold.
    """
    game = solution.game
    steps = [_question_step(scenario, values), _matrix_step(game)]
    steps += [_best_response_step(game, player) for player in range(game.n_players)]
    steps += _elimination_steps(elimination)
    steps += [_equilibrium_step(solution, k) for k in range(len(solution.equilibria))]
    if subgame_perfect is not None:
        steps.append(_subgame_perfect_step(solution, subgame_perfect))
    steps.append(_crossing_step(scenario, crossing, tried, interval))
    return tuple(steps)


def step_view(step: Step, number: int, total: int) -> RenderableType:
    """A step as printed: a rule with its number and title, then its body.

    Examples
    --------
    >>> console = Console(width=40)
    >>> console.print(step_view(Step("Stag hunt", (Text("Two hunters."),)), 1, 9))
    ──────── Step 1 of 9: Stag hunt ────────
    Two hunters.
    <BLANKLINE>
    """
    return Group(Rule(Text(f"Step {number} of {total}: {step.title}"), style="bold"), *step.body, Text(""))


def walk_through(steps: Sequence[Step], console: Console, wait: Callable[[], bool] | None = None) -> int:
    """Print the steps one after another; between two steps call ``wait`` (when given), which
    returns False to stop. Returns the number of steps shown.

    Examples
    --------
    >>> import io
    >>> steps = [Step("One", ()), Step("Two", ()), Step("Three", ())]
    >>> walk_through(steps, Console(file=io.StringIO()), wait=iter([True, False]).__next__)
    2
    """
    for number, step in enumerate(steps, start=1):
        console.print(step_view(step, number, len(steps)))
        if wait is not None and number < len(steps) and not wait():
            return number
    return len(steps)


# ------------------------------------------------------------------------------ the question

def _question_step(scenario: Scenario, values: Mapping[str, Number]) -> Step:
    model = scenario.model
    body: list[RenderableType] = []
    if scenario.description:
        body.append(Text(scenario.description))
    body.append(Text("Players and their strategies:", style="bold"))
    body.extend(Text(f"- {player}: {' or '.join(labels)}") for player, labels in zip(model.players, model.strategies))
    if scenario.order is None:
        body.append(Text("They move at the same time, each without seeing the others' choice."))
    else:
        body.append(Text("They move in turn, each seeing the earlier moves: " + ", then ".join(scenario.order) + "."))
    if model.parameters:
        body.append(Text("The payoffs are formulas of these parameters, at these values:"))
        body.append(parameter_table(model.parameters, values))
    return Step(scenario.title, tuple(body))


def _matrix_step(game: Game) -> Step:
    cell = ", ".join(f"the payoff of {player}" for player in game.players)
    body: list[RenderableType] = [Text(
        f"Rows are the strategies of {game.players[0]}, columns those of {game.players[1]}; "
        f"each cell gives {cell}. Higher is better for each.")]
    if game.n_players > 2:
        body.append(Text("With " + f"{game.n_players} players, there is one matrix for each choice of "
                         + " and ".join(game.players[2:]) + "."))
    body.extend(payoff_matrices(game, marked=()))
    if any(format_amount(v).startswith("~") for v in game.payoffs.flat):
        body.append(Text("~ marks a rounded value; the computation is exact.", style="italic"))
    return Step("The payoff matrix", tuple(body))


# ------------------------------------------------------------------------------ best responses

def _best_response_step(game: Game, player: int) -> Step:
    name = game.players[player]
    others = "the other player" if game.n_players == 2 else "the others"
    body: list[RenderableType] = [Text(
        f"For each choice of {others}, the best reply of {name} is marked * (highlighted): "
        f"the strategy that pays {name} most against it.")]
    body.extend(payoff_matrices(game, marked=[player], style=HIGHLIGHT))
    body.extend(Text(f"- {line}") for line in _best_response_lines(game, player))
    dominant = dominant_strategy(game, player)
    if dominant is not None:
        body.append(Text(f"{dominant} is the best reply of {name} whatever {others} "
                         f"{'does' if game.n_players == 2 else 'do'}: "
                         "a strictly dominant strategy.", style="bold"))
    return Step(f"Best responses of {name}", tuple(body))


def _best_response_lines(game: Game, player: int) -> list[str]:
    """For each profile of the others: the best reply, and by how much it beats each other strategy."""
    labels, name = game.strategies[player], game.players[player]
    values = np.moveaxis(game.payoff_array(player), player, -1)
    others = [k for k in range(game.n_players) if k != player]
    lines = []
    for index in itertools.product(*(range(game.shape[k]) for k in others)):
        row = list(values[index])
        best = max(row)
        winners = [label for label, value in zip(labels, row) if value == best]
        rest = sorted(((value, label) for label, value in zip(labels, row) if value != best), reverse=True)
        choice = " and ".join(f"{game.players[k]} plays {game.strategies[k][s]}" for k, s in zip(others, index))
        if len(winners) == 1:
            line = f"If {choice}: {name}'s best reply is {winners[0]} ({format_amount(best)})"
        else:
            line = f"If {choice}: {name} is indifferent between {' and '.join(winners)} ({format_amount(best)} each)"
        if rest:
            line += ", better by " + ", ".join(f"{format_amount(best - value)} than {label} ({format_amount(value)})"
                                                for value, label in rest)
        lines.append(line + ".")
    return lines


# ------------------------------------------------------------------------------ dominance

def _elimination_steps(elimination: Elimination) -> list[Step]:
    lines = elimination_lines(elimination)
    title = "Iterated elimination of strictly dominated strategies"
    if not elimination.steps:
        return [Step(title, (Text(
            "Nothing is dominated: no strategy of any player pays less than another strategy (or a mix of "
            "others) against everything the others can do, so elimination removes nothing."),))]
    steps = []
    total = len(elimination.steps)
    for k, step in enumerate(elimination.steps, start=1):
        body: list[RenderableType] = [Text(lines[k - 1], style="bold"),
                                      Text(_domination_reason(elimination.game_after(k - 1), step.player,
                                                              step.strategy, step.dominated_by))]
        body.append(Text("What is left:"))
        body.extend(payoff_matrices(elimination.game_after(k), marked=()))
        if k == total:
            body.append(Text(lines[-1], style="bold"))
        steps.append(Step(f"{title}, step {k} of {total}", tuple(body)))
    return steps


def _domination_reason(game: Game, player_name: str, strategy: str,
                       dominated_by: Sequence[tuple[str, Number]]) -> str:
    """Why ``strategy`` goes: what it and its dominator pay against each profile of the others."""
    player = game.players.index(player_name)
    labels = game.strategies[player]
    mix = [dict(dominated_by).get(label, 0) for label in labels]
    dominator = describe_mix(labels, mix)
    others = [k for k in range(game.n_players) if k != player]
    values = np.moveaxis(game.payoff_array(player), player, -1)
    comparisons = []
    for index in itertools.product(*(range(game.shape[k]) for k in others)):
        row = values[index]
        better = sum(p * row[s] for s, p in enumerate(mix) if p)
        choice = " and ".join(f"{game.players[k]} plays {game.strategies[k][s]}" for k, s in zip(others, index))
        comparisons.append(f"{format_amount(better)} > {format_amount(row[labels.index(strategy)])} when {choice}")
    subject = dominator if len(dominated_by) == 1 else f"the mix {dominator}"
    names = " and ".join(game.players[k] for k in others)
    return (f"Whatever {names} still play{'s' if len(others) == 1 else ''}, {subject} pays {player_name} more "
            f"than {strategy}: " + "; ".join(comparisons) + ".")


# ------------------------------------------------------------------------------ equilibria

def _equilibrium_step(solution: Solution, k: int) -> Step:
    eq, game = solution.equilibria[k], solution.game
    body: list[RenderableType] = [Text(_payoff_text(game.players, eq.payoffs))]
    if eq.is_pure:
        body.extend(Text(f"- {line}") for line in _pure_reasons(game, eq))
        body.append(Text("Nobody gains by changing strategy alone: a Nash equilibrium.", style="bold"))
    else:
        body.extend(Text(f"- {line}") for line in _mixed_reasons(game, eq))
        body.append(Text("Each player's mix is a best reply to the others' mixes: a Nash equilibrium.", style="bold"))
    kind = "pure" if eq.is_pure else "mixed"
    title = f"Equilibrium {k + 1} of {len(solution.equilibria)} ({kind}): {describe_profile(eq, fraction=True)}"
    return Step(title, tuple(body))


def _payoff_text(players: Sequence[str], payoffs: Sequence[Number]) -> str:
    return "Payoffs: " + ", ".join(f"{format_exact(v)} to {player}" for player, v in zip(players, payoffs)) + "."


def _pure_reasons(game: Game, eq: Equilibrium) -> list[str]:
    lines = []
    for player, name in enumerate(game.players):
        values = strategy_values(game, eq.profile, player)
        labels = game.strategies[player]
        played = eq.support[player][0]
        value = values[labels.index(played)]
        switches = [f"{label} would pay {format_exact(other)} ("
                    + ("the same: a tie" if other == value else f"{format_exact(value - other)} less") + ")"
                    for label, other in zip(labels, values) if label != played]
        lines.append(f"{name} gets {format_exact(value)} from {played}"
                     + ("; switching alone, " + "; ".join(switches) if switches else " (its only strategy)") + ".")
    return lines


def _mixed_reasons(game: Game, eq: Equilibrium) -> list[str]:
    """For each player: what each strategy pays against the others' mixes, the equal payoffs of
    the strategies it mixes, and that those it leaves out pay no more."""
    lines = []
    for player, name in enumerate(game.players):
        values = strategy_values(game, eq.profile, player)
        labels = game.strategies[player]
        support = eq.support[player]
        value = format_exact(eq.payoffs[player], fraction=True)
        others = [k for k in range(game.n_players) if k != player]
        against = " and ".join(
            f"{game.players[k]} plays {describe_mix(game.strategies[k], eq.profile[k], fraction=True)}" for k in others)
        paid = "; ".join(f"{label}: {_expected(game, eq, player, s)}{format_exact(values[s], fraction=True)}"
                         for s, label in enumerate(labels))
        line = f"When {against}, {name}'s strategies pay {paid}. "
        mixers = " and ".join(game.players[k] for k in others)
        if len(support) > 1:
            line += (f"{' and '.join(support)} pay the same, {value}: {mixers} mix{'es' if len(others) == 1 else ''} "
                     f"so as to make {name} indifferent, and then {name}'s own mix "
                     f"({describe_mix(labels, eq.profile[player], fraction=True)}) is a best reply.")
        else:
            line += f"{support[0]} pays {name} the most, {value}: a best reply."
        outside = [f"{label} {format_exact(values[s], fraction=True)}" for s, label in enumerate(labels)
                   if label not in support]
        if outside:
            line += f" Strategies {name} leaves out pay no more than {value}: {', '.join(outside)}."
        lines.append(line)
    return lines


def _expected(game: Game, eq: Equilibrium, player: int, strategy: int) -> str:
    """``1/2 × 3 + 1/2 × 0 = `` in a two-player game: the expectation behind a strategy's value."""
    if game.n_players != 2:
        return ""
    other = 1 - player
    terms = []
    for s, p in enumerate(eq.profile[other]):
        if p:
            payoff = game.payoff((strategy, s) if player == 0 else (s, strategy))[player]
            shown = format_exact(payoff, fraction=True)
            terms.append(f"{format_number(p, fraction=True)} × " + (f"({shown})" if shown.startswith("-") else shown))
    return "" if len(terms) < 2 else " + ".join(terms) + " = "


# ------------------------------------------------------------------------------ sequential play

def _subgame_perfect_step(solution: Solution, subgame_perfect: Sequence[SubgamePerfect]) -> Step:
    game = solution.game
    body: list[RenderableType] = []
    if subgame_perfect:
        order = subgame_perfect[0].order
        body.append(Text(f"Played in turn ({', then '.join(order)}), each mover looks ahead: working back from "
                         "the last mover, each picks its best move given what the later movers will do "
                         "(backward induction)."))
    for k, spe in enumerate(subgame_perfect, start=1):
        if len(subgame_perfect) > 1:
            body.append(Text(f"Subgame-perfect equilibrium {k} of {len(subgame_perfect)}:", style="bold"))
        body.extend(Text(f"- {line}") for line in _backward_lines(game, spe))
        body.append(Text(f"Play: {', then '.join(spe.path)}; payoffs "
                         + ", ".join(f"{p} {format_amount(v)}" for p, v in zip(game.players, spe.payoffs)) + ".",
                         style="bold"))
    body.extend(Text(line, style="italic") for line in commitment_lines(solution, subgame_perfect))
    return Step("Moving in turn: subgame-perfect play", tuple(body))


def _backward_lines(game: Game, spe: SubgamePerfect) -> list[str]:
    """Each mover's choice after each history, last mover first, with what each option leads to."""
    lines = []
    for depth in reversed(range(len(spe.order))):
        mover = spe.order[depth]
        player = game.players.index(mover)
        earlier = [game.strategies[game.players.index(name)] for name in spe.order[:depth]]
        for history in itertools.product(*earlier):
            options = []
            for label in game.strategies[player]:
                outcome = _follow(game, spe, [*history, label])
                paid = format_amount(_paid(game, outcome, player))
                options.append(f"{label} leads to ({', '.join(outcome)}), paying {paid}")
            chosen = spe.plan[mover][HISTORY_SEPARATOR.join(history)] if depth else spe.path[0]
            after = f"After {', '.join(history)}, " if history else ""
            lines.append(f"{after}{mover} plays {chosen}: " + "; ".join(options) + ".")
    return lines


def _follow(game: Game, spe: SubgamePerfect, history: list[str]) -> tuple[str, ...]:
    """The profile reached from ``history`` (moves in move order) when later movers follow the plan."""
    moves = list(history)
    for mover in spe.order[len(moves):]:
        moves.append(spe.plan[mover][HISTORY_SEPARATOR.join(moves)])
    chosen = dict(zip(spe.order, moves))
    return tuple(chosen[player] for player in game.players)


def _paid(game: Game, profile: Sequence[str], player: int) -> Number:
    return game.payoff(tuple(labels.index(s) for labels, s in zip(game.strategies, profile)))[player]


# ------------------------------------------------------------------------------ a parameter moved

def _crossing_step(scenario: Scenario, crossing: Crossing | None, tried: Sequence[str],
                   interval: tuple[Number, Number] | None) -> Step:
    if crossing is not None:
        return Step(f"One parameter moved: {crossing.parameter}", tuple(crossing_view(crossing)))
    if len(tried) == 1:
        name = tried[0]
        low, high = interval or threshold_interval(scenario.model, name)
        text = f"The equilibria do not change as {name} moves over [{format_number(low)}, {format_number(high)}]."
    elif tried:
        text = ("No parameter changes the equilibria within its declared range (tried: " + ", ".join(tried) + "); "
                "name one and an interval with --vary NAME=LO:HI.")
    elif len(scenario.model.players) > 2:
        text = ("Finding where the equilibria of a game of three or more players change can take minutes, so no "
                "parameter is moved unless one is named: use --vary NAME.")
    else:
        text = "No parameter declares a range to move over: name one and an interval with --vary NAME=LO:HI."
    return Step("One parameter moved", (Text(text),))
