"""Terminal output for people: payoff matrix with best responses, equilibria, parameters (rich)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..games import Game, Number
from ..payoffs import Parameter
from ..solvers import DynamicsResult, Elimination, Equilibrium, RealAlgebraic, Solution, SubgamePerfect
from .mix_words import describe_mix, describe_players_mixes, describe_profile
from .numbers import ROUNDED_NOTE, format_amount, format_number

__all__ = [
    "commitment_lines",
    "describe_mix",
    "describe_players_mixes",
    "describe_profile",
    "dynamics_view",
    "elimination_lines",
    "equilibrium_table",
    "parameter_table",
    "payoff_matrices",
    "solution_view",
]


MAX_SHOWN_PAYOFFS = 600
"""Most payoffs of a game of three or more players that ``solve`` prints, one matrix per profile of
the players after the second (a two-player game's matrix is always printed)."""

def solution_view(
    solution: Solution,
    parameters: Sequence[Parameter] = (),
    values: Mapping[str, Number] | None = None,
    elimination: Elimination | None = None,
    subgame_perfect: Sequence[SubgamePerfect] | None = None,
) -> RenderableType:
    """Everything ``chipgame solve`` prints: title, parameters, payoff matrix, dominance,
    equilibria, how they connect, sequential play beside simultaneous play, and notes."""
    game = solution.game
    parts: list[RenderableType] = [Text(game.title or "Untitled game", style="bold")]
    if parameters:
        parts.append(parameter_table(parameters, values or {}))
    shows_payoffs = game.n_players == 2 or game.payoffs.size <= MAX_SHOWN_PAYOFFS
    if shows_payoffs:
        parts.extend(payoff_matrices(game))
    if elimination is not None and elimination.steps:
        parts.append(Text("Iterated elimination of strictly dominated strategies", style="bold"))
        parts.extend(Text(line) for line in elimination_lines(elimination))  # Text is never markup
    parts.append(equilibrium_table(solution))
    shown = [v for eq in solution.equilibria for v in eq.payoffs]
    shown += list(game.payoffs.flat) if shows_payoffs else []
    if any(format_amount(v).startswith("~") for v in shown):
        parts.append(Text(ROUNDED_NOTE, style="italic"))
    parts.extend(Text(line, style="italic") for line in _notes(solution) + _component_lines(solution))
    if subgame_perfect is not None:
        parts.append(_side_by_side(solution, subgame_perfect))
        parts.extend(Text(line, style="italic") for line in commitment_lines(solution, subgame_perfect))
    return Group(*parts)


def _side_by_side(solution: Solution, subgame_perfect: Sequence[SubgamePerfect]) -> Table:
    """Simultaneous Nash equilibria next to subgame-perfect play: one column per equilibrium."""
    game = solution.game
    order = " then ".join(subgame_perfect[0].order) if subgame_perfect else ""
    table = Table(title=escape(f"Simultaneous play against sequential play ({order})"), title_justify="left",
                  show_edge=False)
    table.add_column("")
    for k in range(len(solution.equilibria)):
        table.add_column(f"Nash {k + 1}", overflow="fold")
    for k in range(len(subgame_perfect)):
        table.add_column(f"subgame perfect {k + 1}", overflow="fold")
    for player in range(game.n_players):
        cells = [escape(f"{describe_mix(eq.strategies[player], eq.profile[player])} "
                        f"({format_amount(eq.payoffs[player])})") for eq in solution.equilibria]
        cells += [escape(f"{spe.profile[player]} ({format_amount(spe.payoffs[player])})") for spe in subgame_perfect]
        table.add_row(escape(game.players[player]), *cells)
    return table


def commitment_lines(solution: Solution, subgame_perfect: Sequence[SubgamePerfect]) -> list[str]:
    """What moving first is worth to the first mover, against its simultaneous equilibrium payoffs.

    Examples
    --------
    >>> from chipgame.solvers import solve, subgame_perfect_equilibria
    >>> bos = Game(("Ann", "Bob"), (("Bach", "Stravinsky"), ("Bach", "Stravinsky")),
    ...            [[[2, 1], [0, 0]], [[0, 0], [1, 2]]])
    >>> commitment_lines(solve(bos), subgame_perfect_equilibria(bos, ["Ann", "Bob"]))
    ['Moving first is worth between 0 and 4/3 to Ann, depending on which equilibria are compared.']
    """
    if not subgame_perfect or not solution.equilibria:
        return []
    leader = solution.game.players.index(subgame_perfect[0].order[0])
    sequential = [spe.payoffs[leader] for spe in subgame_perfect]
    simultaneous = [eq.payoffs[leader] for eq in solution.equilibria]
    gain_low, gain_high = min(sequential) - max(simultaneous), max(sequential) - min(simultaneous)
    name = solution.game.players[leader]
    if gain_low == gain_high:
        return [f"Moving first is worth {format_amount(gain_low)} to {name} against simultaneous play."]
    return [f"Moving first is worth between {format_amount(gain_low)} and {format_amount(gain_high)} to {name}, "
            "depending on which equilibria are compared."]


def elimination_lines(elimination: Elimination) -> list[str]:
    """One line per elimination step, then what is left.

    Examples
    --------
    >>> from chipgame.solvers import eliminate_dominated
    >>> pd = Game(("Row", "Column"), (("C", "D"), ("C", "D")), [[[3, 3], [0, 5]], [[5, 0], [1, 1]]])
    >>> elimination_lines(eliminate_dominated(pd))[0]
    '1. Row: C is strictly dominated by D'
    """
    lines = []
    for k, step in enumerate(elimination.steps, start=1):
        labels = [label for label, _ in step.dominated_by]
        mix = [p for _, p in step.dominated_by]
        kind = "strictly" if step.strict else "weakly"
        lines.append(f"{k}. {step.player}: {step.strategy} is {kind} dominated by {describe_mix(labels, mix)}")
    left = elimination.reduced
    if elimination.solved:
        lines.append("Dominance alone solves the game: " + ", ".join(
            f"{player} plays {labels[0]}" for player, labels in zip(left.players, left.strategies)) + ".")
    else:
        lines.append("Left: " + "; ".join(
            f"{player}: {', '.join(labels)}" for player, labels in zip(left.players, left.strategies)) + ".")
    return lines


def _component_lines(solution: Solution) -> list[str]:
    lines = []
    for component in solution.components or ():
        for subset in component.nash_subsets or ():
            if len(subset.equilibria) > 1:
                numbers = ", ".join(str(k + 1) for k in subset.equilibria)
                lines.append(
                    f"Equilibria {numbers} are corners of one convex set of equilibria: any mixture of "
                    f"{solution.game.players[0]}'s strategies in them, played against any mixture of "
                    f"{solution.game.players[1]}'s, is an equilibrium too.")
    for k, eq in enumerate(solution.equilibria, start=1):
        if any(isinstance(v, RealAlgebraic) and v.rational() is None for mix in eq.profile for v in mix):
            lines.append(f"Equilibrium {k} is irrational: its probabilities are roots of polynomials, shown "
                         "here as decimals; --format json gives each exactly (minimal polynomial and an "
                         "isolating interval).")
    for continuum in solution.continua:
        support = " | ".join(f"{player}: {', '.join(labels)}"
                             for player, labels in zip(solution.game.players, continuum.support))
        sample = "no equilibrium in it was found" if continuum.sample is None else (
            "for example " + describe_players_mixes(solution.game.players, continuum.sample))
        lines.append(f"A continuum of equilibria (dimension {continuum.dimension}) with support {support}: "
                     f"{sample}.")
    return lines


def dynamics_view(result: DynamicsResult) -> RenderableType:
    """Where a learning dynamic started, where it ended, whether it settled, and the nearest equilibrium."""
    game = result.game
    names = {"replicator": "Replicator dynamics (one population)",
             "asymmetric-replicator": "Replicator dynamics (two populations)",
             "fictitious-play": "Fictitious play"}
    unit = "rounds" if result.rule == "fictitious-play" else "time points"
    table = Table(show_edge=False, show_header=False)
    table.add_column("")
    table.add_column("", overflow="fold")
    for label, profile in (("start", [path[0] for path in result.trajectory]), ("end", result.final)):
        table.add_row(label, escape(" | ".join(
            f"{player}: " + ", ".join(f"{s} {float(p):.3f}" for s, p in zip(labels, mix))
            for player, labels, mix in zip(game.players, game.strategies, profile))))
    table.add_row("steps", f"{result.steps:,} {unit}" + ("" if result.seed is None else f" (seed {result.seed})"))
    if result.converged:
        settled = f"yes: within {result.tolerance:g} of the end from step {result.settled_step:,}"
    else:
        settled = (f"no: play still moves by up to {result.tail_change:.3g} over the last tenth of the path "
                   "(slow convergence or a cycle; a longer --horizon or more rounds tells which)")
    table.add_row("settled", settled)
    table.add_row("regret", escape(", ".join(f"{p} {r:.4g}" for p, r in zip(game.players, result.regrets))))
    nearest = result.nearest_equilibrium
    if nearest is not None:
        table.add_row("nearest Nash equilibrium", escape(describe_players_mixes(game.players, nearest.equilibrium))
                      + f"  (distance {nearest.distance:.2g})")
    title = Text(f"{names[result.rule]}: {game.title}", style="bold")
    return Group(title, table)


def parameter_table(parameters: Sequence[Parameter], values: Mapping[str, Number]) -> Table:
    """Each parameter's value (with its base when ``values`` moves it), unit and short source.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> table = parameter_table([Parameter("margin", 0.5, unit="fraction", source="F4")], {"margin": F(3, 5)})
    >>> table.row_count, [column.header for column in table.columns]
    (1, ['name', 'value', 'unit', 'source'])
    """
    table = Table(title="Parameters", title_justify="left", show_edge=False)
    for column in ("name", "value", "unit", "source"):
        table.add_column(column, justify="right" if column == "value" else "left", overflow="fold")
    for p in parameters:
        value = values.get(p.name, p.value)
        shown = format_number(value) + ("" if value == p.value else f" (base {format_number(p.value)})")
        table.add_row(p.name, shown, escape(p.unit), escape(_short_source(p.source)))
    return table


def _short_source(source: str) -> str:
    """The fact ids of a source, and "assumption" for a stated one (the reasons are in the file).

    >>> _short_source("F9, F16; assumption: foundries can be cut too")
    'F9, F16; assumption'
    """
    return source.split(":", 1)[0].strip()


def payoff_matrices(game: Game, marked: Sequence[int] | None = None, style: str = "") -> list[Table]:
    """The payoff matrix: rows the first player's strategies, columns the second's, every
    player's payoff in each cell; for three or more players, one matrix per profile of the others.

    ``*`` marks a best response (against the others' strategies of that cell) of each player in
    ``marked`` (all players when None), in ``style`` when one is given.

    Examples
    --------
    >>> pd = Game(("Row", "Column"), (("C", "D"), ("C", "D")), [[[3, 3], [0, 5]], [[5, 0], [1, 1]]])
    >>> [str(table.title) for table in payoff_matrices(pd, marked=[0])]
    ['Payoffs (Row, Column); * marks a best response of Row']
    >>> three = Game(("A", "B", "C"), (("a",), ("b",), ("x", "y")), [[[[1, 1, 1], [2, 2, 2]]]])
    >>> [str(table.title) for table in payoff_matrices(three, marked=[])]
    ['Payoffs (A, B, C) when C plays x', 'Payoffs (A, B, C) when C plays y']
    """
    marked = range(game.n_players) if marked is None else marked
    best = {player: _best_response_mask(game, player) for player in marked}
    names = ", ".join(game.players)
    if not best:
        note = ""
    elif len(best) == game.n_players:
        note = "; * marks a best response"
    else:
        note = "; * marks a best response of " + " and ".join(game.players[player] for player in best)
    tables = []
    for rest in itertools.product(*(range(size) for size in game.shape[2:])):
        when = " when " + ", ".join(f"{game.players[k]} plays {game.strategies[k][s]}"
                                    for k, s in enumerate(rest, start=2)) if rest else ""
        table = Table(title=escape(f"Payoffs ({names}){when}{note}"), title_justify="left", show_edge=False)
        table.add_column(escape(f"{game.players[0]} \\ {game.players[1]}"))
        for label in game.strategies[1]:
            table.add_column(escape(label), justify="right")
        for i, label in enumerate(game.strategies[0]):
            cells = (_payoff_cell(game, (i, j, *rest), best, style) for j in range(game.shape[1]))
            table.add_row(escape(label), *cells)
        tables.append(table)
    return tables


def _best_response_mask(game: Game, player: int) -> np.ndarray:
    """True at each profile where ``player``'s strategy is a best response to the others'."""
    values = game.payoff_array(player)
    return np.asarray(values == values.max(axis=player, keepdims=True), dtype=bool)


def _payoff_cell(game: Game, profile: tuple[int, ...], best: Mapping[int, np.ndarray], style: str) -> Text:
    cell = Text()
    for player, value in enumerate(game.payoff(profile)):
        marked = player in best and bool(best[player][profile])
        cell.append(", " if player else "")
        cell.append(format_amount(value) + ("*" if marked else ""), style=style if marked else "")
    return cell


def equilibrium_table(solution: Solution) -> Table:
    """One row per equilibrium: pure or mixed, each player's mix and each player's payoff.

    Examples
    --------
    >>> from chipgame.solvers import solve
    >>> pd = Game(("Row", "Column"), (("C", "D"), ("C", "D")), [[[3, 3], [0, 5]], [[5, 0], [1, 1]]])
    >>> str(equilibrium_table(solve(pd)).title), equilibrium_table(solve(pd)).row_count
    ('Nash equilibria: 1', 1)
    """
    game = solution.game
    count = len(solution.equilibria)
    table = Table(title=f"Nash equilibria: {count}", title_justify="left", show_edge=False)
    table.add_column("#", justify="right")
    table.add_column("kind")
    for player in game.players:
        table.add_column(escape(player), overflow="fold")
    for player in game.players:
        table.add_column(escape(f"payoff {player}"), justify="right")
    for k, eq in enumerate(solution.equilibria, start=1):
        table.add_row(str(k), "pure" if eq.is_pure else "mixed", *_row(eq))
    return table


def _row(eq: Equilibrium) -> list[str]:
    mixes = [escape(describe_mix(labels, mix)) for labels, mix in zip(eq.strategies, eq.profile)]
    return mixes + [format_amount(v) for v in eq.payoffs]


def _notes(solution: Solution) -> list[str]:
    notes = []
    if not solution.equilibria:
        notes.append("No equilibrium was found by this method.")
    if solution.degenerate:
        notes.append(
            "The game is degenerate (payoff ties): the equilibria listed are the extreme points; "
            "mixtures between equilibria that share a convex component are equilibria too."
        )
    return notes + list(solution.notes)


