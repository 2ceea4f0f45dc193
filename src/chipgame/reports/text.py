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
from ..sensitivity.regimes import describe_structure, structure_of
from ..sensitivity.sampling import QUANTILES, MonteCarlo
from ..sensitivity.sweeps import Sweep
from ..sensitivity.symbolic import ClosedForm
from ..sensitivity.threshold_search import Threshold
from ..sensitivity.tornado_bars import TornadoBar
from ..solvers import DynamicsResult, Elimination, Equilibrium, RealAlgebraic, Solution, SubgamePerfect
from .numbers import ROUNDED_NOTE, format_amount, format_number
from .threshold_words import (
    NOTHING_CHANGES,
    threshold_text,
    thresholds_heading,
    tornado_notes,
    uncertified_notes,
    unsolved_at,
)

__all__ = [
    "closed_forms_view",
    "commitment_lines",
    "describe_mix",
    "describe_profile",
    "dynamics_view",
    "elimination_lines",
    "equilibrium_table",
    "monte_carlo_view",
    "parameter_table",
    "payoff_matrices",
    "solution_view",
    "sweep_view",
    "thresholds_view",
    "tornado_view",
]


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
    if game.n_players == 2:
        parts.extend(payoff_matrices(game))
    if elimination is not None and elimination.steps:
        parts.append(Text("Iterated elimination of strictly dominated strategies", style="bold"))
        parts.extend(Text(line) for line in elimination_lines(elimination))  # Text is never markup
    parts.append(equilibrium_table(solution))
    shown = [v for eq in solution.equilibria for v in eq.payoffs]
    shown += list(game.payoffs.flat) if game.n_players == 2 else []
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


def describe_mix(labels: Sequence[str], mix: Sequence[Number], *, fraction: bool = False) -> str:
    """A mixed strategy in words: the label alone when pure, else ``label p`` for each played one,
    ``p`` written by ``format_number`` (as a ``fraction`` if asked).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> describe_mix(["Buy", "Build"], [F(0), F(1)]), describe_mix(["Buy", "Build"], [F(1, 3), F(2, 3)])
    ('Build', 'Buy 1/3 · Build 2/3')
    >>> describe_mix(["H", "T"], [F(1, 2), F(1, 2)]), describe_mix(["H", "T"], [F(1, 2), F(1, 2)], fraction=True)
    ('H 0.5 · T 0.5', 'H 1/2 · T 1/2')
    """
    played = [(label, p) for label, p in zip(labels, mix) if p > 0]
    if len(played) == 1 and played[0][1] == 1:
        return played[0][0]
    return " · ".join(f"{label} {format_number(p, fraction=fraction)}" for label, p in played)


def describe_profile(equilibrium: Equilibrium, *, fraction: bool = False) -> str:
    """An equilibrium's profile in words: each player's mix as ``describe_mix`` writes it.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> eq = Equilibrium(((F(0), F(1)), (F(1, 2), F(1, 2))), (F(1), F(2)), (("C", "D"), ("L", "R")))
    >>> describe_profile(eq, fraction=True)
    '(D, L 1/2 · R 1/2)'
    """
    return "(" + ", ".join(describe_mix(labels, mix, fraction=fraction)
                           for labels, mix in zip(equilibrium.strategies, equilibrium.profile)) + ")"


def describe_players_mixes(players: Sequence[str], equilibrium: Equilibrium) -> str:
    """Each player's name and mix (as ``describe_mix`` writes it), separated by ``|``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> eq = Equilibrium(((F(0), F(1)), (F(1, 2), F(1, 2))), (F(1), F(2)), (("C", "D"), ("L", "R")))
    >>> describe_players_mixes(["Row", "Column"], eq)
    'Row: D | Column: L 0.5 · R 0.5'
    """
    return " | ".join(f"{player}: {describe_mix(labels, mix)}"
                      for player, labels, mix in zip(players, equilibrium.strategies, equilibrium.profile))


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


def sweep_view(result: Sweep) -> RenderableType:
    """The regimes of a sweep: which equilibrium structure holds where."""
    points = len(result.structures)
    exact = int(result.exact.sum())
    table = Table(title=escape(f"{result.model.title}: {points:,} points, {len(result.regimes)} regimes "
                               f"({exact:,} break-even points solved exactly)"), title_justify="left", show_edge=False)
    table.add_column("regime", overflow="fold")
    table.add_column("points", justify="right")
    for axis in result.axes:
        table.add_column(escape(axis.name), justify="right")
    for regime in result.regimes:
        bounds = [f"{float(low):.6g} to {float(high):.6g}" if low != high else f"{float(low):.6g}"
                  for low, high in (regime.bounds[axis.name] for axis in result.axes)]
        table.add_row(escape(regime.label), f"{len(regime.points):,}", *bounds)
    return table


def thresholds_view(parameter: str, interval: tuple[Number, Number], found: Sequence[Threshold],
                    players: Sequence[str]) -> RenderableType:
    """Each threshold with the regimes below, at and above it, numbered, and a legend of the regimes."""
    table = Table(title=escape(thresholds_heading(parameter, interval, found)), title_justify="left", show_edge=False)
    for column in ("value", "below", "at the threshold", "above"):
        table.add_column(column, overflow="fold")
    legend = _RegimeLegend(players)
    for t in found:
        below = legend.number(t.below)
        at = unsolved_at(t) if t.at is None else legend.number(t.at)
        table.add_row(escape(threshold_text(t)), escape(below), escape(at), escape(legend.number(t.above)))
    if not found:
        return Group(table, Text(NOTHING_CHANGES))
    notes = [Text(note) for note in uncertified_notes(found)]
    return Group(table, legend.table(), *notes)


class _RegimeLegend:
    """Regimes numbered in the order they are met, so that long labels are written once, in a legend."""

    def __init__(self, players: Sequence[str]) -> None:
        self.players = players
        self.numbers: dict[str, int] = {}

    def number(self, equilibria: Sequence[Equilibrium] | str) -> str:
        """The regime's number (given its equilibria, or its label), numbering it if it is new."""
        label = equilibria if isinstance(equilibria, str) else describe_structure(self.players,
                                                                                  structure_of(equilibria))
        return f"[{self.numbers.setdefault(label, len(self.numbers) + 1)}]"

    def table(self) -> Table:
        """The legend: each number and the equilibria played in that regime."""
        legend = Table(title="Regimes (' ; ' separates the equilibria of one regime)", title_justify="left",
                       show_edge=False)
        legend.add_column("regime", justify="right")
        legend.add_column("equilibria played", overflow="fold")
        for label, number in self.numbers.items():
            legend.add_row(escape(f"[{number}]"), escape(label))
        return legend


def tornado_view(title: str, players: Sequence[str], bars: Sequence[TornadoBar]) -> RenderableType:
    """Each parameter across its range: the swing of every player's equilibrium payoff, and the
    regimes met, numbered, with a legend."""
    table = Table(title=escape(f"{title}: each parameter across its range, the others at base"),
                  title_justify="left", show_edge=False)
    table.add_column("parameter")
    table.add_column("range", justify="right")
    for player in players:
        table.add_column(escape(f"{player} payoff"), justify="right")
    table.add_column("regimes met, low to high", overflow="fold")
    legend = _RegimeLegend(players)
    for bar in bars:
        spans = [f"{low:.4g} to {high:.4g}" for low, high in bar.payoff_ranges]
        table.add_row(escape(bar.parameter), f"{float(bar.low):.4g} to {float(bar.high):.4g}", *spans,
                      escape(" -> ".join(legend.number(label) for label in bar.regimes)))
    notes = [Text(note) for note in tornado_notes(bars)]
    return Group(table, legend.table(), *notes)


def monte_carlo_view(result: MonteCarlo) -> RenderableType:
    """Regime probabilities and payoff quantiles over the draws."""
    samples = len(result.structures)
    regimes = Table(title=escape(f"{result.model.title}: {samples:,} draws of {', '.join(sorted(result.draws))} "
                                 f"(seed {result.seed})"), title_justify="left", show_edge=False)
    regimes.add_column("regime", overflow="fold")
    regimes.add_column("probability", justify="right")
    for label, probability in result.regime_probabilities.items():
        regimes.add_row(escape(label), f"{probability:.3f}")
    quantiles = Table(title="Equilibrium payoffs", title_justify="left", show_edge=False)
    quantiles.add_column("player")
    for q in QUANTILES:
        quantiles.add_column(f"{q:.0%}", justify="right")
    for player, values in result.payoff_quantiles.items():
        quantiles.add_row(escape(player), *(f"{v:.4g}" for v in values))
    return Group(regimes, quantiles)


def closed_forms_view(title: str, players: Sequence[str], forms: Sequence[ClosedForm]) -> RenderableType:
    """Each equilibrium's payoff formulas, then how each payoff moves with each parameter at base."""
    parts: list[RenderableType] = [Text(f"{title}: equilibria as formulas of the parameters", style="bold")]
    for k, form in enumerate(forms, start=1):
        eq = form.equilibrium
        parts.append(Text(f"Equilibrium {k}: " + describe_players_mixes(players, eq)))
        if form.payoffs is None or form.probabilities is None:
            parts.append(Text("  (a degenerate equilibrium: its supports do not fix it, so no formula)",
                              style="italic"))
        else:
            for player, mix, labels in zip(players, form.probabilities, eq.strategies):
                if sum(1 for p in mix if p != 0) > 1:
                    parts.append(Text(f"  {player} plays " + ", ".join(
                        f"{label} with probability {p}" for label, p in zip(labels, mix) if p != 0)))
            for player, payoff in zip(players, form.payoffs):
                parts.append(Text(f"  payoff of {player} = {payoff}"))
        table = Table(show_edge=False)
        table.add_column("parameter")
        for player in players:
            table.add_column(escape(f"d payoff {player}"), justify="right")
            table.add_column("elasticity", justify="right")
        for name, slopes in form.derivatives.items():
            cells = []
            for slope, elasticity in zip(slopes, form.elasticities[name]):
                cells += [f"{float(slope):.4g}", "" if elasticity is None else f"{elasticity:.3g}"]
            table.add_row(escape(name), *cells)
        parts.append(table)
    return Group(*parts)
