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
from collections.abc import Mapping, Sequence

import numpy as np
from rich.console import RenderableType
from rich.text import Text

from ..games import Game, Number
from ..payoffs import Scenario
from ..sensitivity.crossing import Crossing
from ..sensitivity.threshold_search import threshold_interval
from ..solvers import Elimination, Solution, SubgamePerfect
from ..solvers.dominance import dominant_strategy
from .best_responses import best_response_chart, best_response_sentence, best_responses, diagram_players
from .crossing_text import crossing_view
from .equilibrium_lessons import equilibrium_step, subgame_perfect_step
from .numbers import format_amount, format_number
from .teaching_steps import Step, step_view, walk_through
from .text import describe_mix, elimination_lines, parameter_table, payoff_matrices

__all__ = ["Step", "lesson_steps", "step_view", "walk_through", "HIGHLIGHT"]

HIGHLIGHT = "bold green"
"""The style of the highlighted best responses in a terminal."""


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
    steps += [equilibrium_step(solution, k) for k in range(len(solution.equilibria))]
    if subgame_perfect is not None:
        steps.append(subgame_perfect_step(solution, subgame_perfect))
    steps.append(_crossing_step(scenario, crossing, tried, interval))
    return tuple(steps)


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
    if player in diagram_players(game):
        diagram = best_responses(game, player)
        body.append(Text(best_response_sentence(game, diagram)))
        body.append(Text("\n".join(best_response_chart(game, diagram)), no_wrap=True, overflow="ignore"))
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
