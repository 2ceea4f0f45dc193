"""Lesson steps that say why each equilibrium is one: no gain from deviating alone, indifference, backward induction."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from rich.console import RenderableType
from rich.text import Text

from ..games import Game, Number
from ..solvers import Equilibrium, Solution, SubgamePerfect, strategy_values
from ..solvers.sequential import HISTORY_SEPARATOR
from .mix_words import describe_mix, describe_profile
from .numbers import format_amount, format_exact, format_number
from .teaching_steps import Step
from .text import commitment_lines

__all__ = ["equilibrium_step", "subgame_perfect_step"]


def equilibrium_step(solution: Solution, k: int) -> Step:
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

def subgame_perfect_step(solution: Solution, subgame_perfect: Sequence[SubgamePerfect]) -> Step:
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
