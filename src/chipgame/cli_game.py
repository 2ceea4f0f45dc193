"""Commands that solve one game: solve, bargain, dynamics, and the list of seeds."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from fractions import Fraction
from typing import Any

import click
from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .cli import reporting_errors
from .cli_input import load_game, located, parse_overrides, parse_start
from .cli_output import console, emit, source_options
from .errors import ScenarioError
from .games import Game
from .payoffs import load_scenario, parse_value
from .progress import ProgressBar
from .reports import dynamics_document, dynamics_view, solution_view, solve_document
from .seeds import classic_names, seed_names
from .solvers import (
    DYNAMICS_RULES,
    METHODS,
    eliminate_dominated,
    run_dynamics,
    search_estimate,
    solve,
    subgame_perfect_equilibria,
)

__all__ = ["bargain_command", "dynamics_command", "seeds_command", "solve_command"]


@click.command("solve")
@source_options()
@click.option("--method", type=click.Choice(METHODS), default="auto", show_default=True,
              help="auto: exact vertex enumeration of small two-player games, the exact lexicographic vertex "
                   "search beyond; exact support enumeration for three or more players. The others by name.")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=None, metavar="SECONDS",
              help="Stop a two-player vertex search after this long and print what it found, marked "
                   "incomplete (Ctrl-C does the same). Default: no limit.")
@reporting_errors
def solve_command(source: str, assignments: tuple[str, ...], output_format: str, method: str,
                  time_limit: float | None) -> None:
    """Print the Nash equilibria of a scenario (.toml), a Gambit game (.nfg, .efg) or a shipped seed.

    For a sequential scenario (one with an ``order``), subgame-perfect play is shown beside
    the simultaneous Nash equilibria. A large two-player game gets a time estimate before the
    search starts and a progress bar on a terminal."""
    loaded = load_game(source, parse_overrides(assignments))
    _say_how_long(loaded.game, method, time_limit)
    with ProgressBar(sys.stderr, "solve", unit="vertices") as progress:
        solution = solve(loaded.game, method=method, time_limit=time_limit, progress=progress)
    elimination = eliminate_dominated(loaded.game)
    sequential = None if loaded.order is None else subgame_perfect_equilibria(loaded.game, loaded.order)
    declared = None
    if loaded.scenario is not None and loaded.scenario.declares_choices:  # imported only then: it brings a lot
        from .cli_choices import solve_declared

        declared = solve_declared(loaded.scenario, parse_overrides(assignments))
    if declared is None:
        emit(output_format, lambda: solve_document(solution, loaded.values, elimination, sequential),
             lambda: solution_view(solution, loaded.parameters, loaded.values, elimination, sequential))
        return
    from .reports.decision_document import bayesian_json, decision_json, with_decisions

    emit(output_format,
         lambda: with_decisions(solve_document(solution, loaded.values, elimination, sequential),
                                [decision_json(*entry) for entry in declared.decisions],
                                None if declared.bayesian is None else bayesian_json(*declared.bayesian)),
         lambda: Group(solution_view(solution, loaded.parameters, loaded.values, elimination, sequential),
                       *declared.lines(loaded.game.players)))


def _say_how_long(game: Game, method: str, time_limit: float | None) -> None:
    """Before a two-player vertex search expected to take more than a few seconds, say how long."""
    if game.n_players != 2 or method not in ("auto", "vertex-search"):
        return
    vertices, seconds = search_estimate((game.shape[0], game.shape[1]))
    if seconds < 5:
        return
    limit = "" if time_limit is None else f"; it stops after {time_limit:g} s (--time-limit)"
    click.echo(f"A {game.shape[0]}x{game.shape[1]} game: about {vertices:,} polytope vertices to search, "
               f"roughly {_duration(seconds)} (an estimate from random games){limit}. "
               "Ctrl-C stops it and prints what was found.", err=True)


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} minutes"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.0f} hours"
    return f"{seconds / 86400:,.0f} days"


@click.command("bargain")
@source_options()
@click.option("--power", default=None, metavar="NUMBER",
              help="The first bargainer's bargaining power, from 0 to 1 (default: the scenario's [bargaining] power).")
@reporting_errors
def bargain_command(source: str, assignments: tuple[str, ...], output_format: str, power: str | None) -> None:
    """The Nash bargaining solution of the scenario's [bargaining]: the value of a parameter two players
    agree on, each starting from its payoff in the game without agreement; exact where payoffs are rational."""
    scenario = load_scenario(source)
    terms = scenario.bargaining
    if terms is None:
        raise ScenarioError("the scenario has no [bargaining] table", file=scenario.source,
                            fix='add [bargaining] with parameter = "...", players = ["...", "..."] and '
                                'agreement = "A, B"')
    if power is not None:
        terms = replace(terms, power=Fraction(parse_value(power, "--power")))
    from .reports.bargain_output import bargain_document, bargain_sentences
    from .sensitivity.bargaining import nash_bargaining

    bargain = located(scenario, nash_bargaining, scenario.model, terms, parse_overrides(assignments))
    emit(output_format, lambda: bargain_document(bargain),
         lambda: Group(Text(f"{scenario.title}: Nash bargaining", style="bold"),
                       *(Text(line) for line in bargain_sentences(bargain))))


@click.command("dynamics")
@source_options()
@click.option("--rule", type=click.Choice(DYNAMICS_RULES), default="asymmetric-replicator", show_default=True,
              help="replicator needs a symmetric game (one population); asymmetric-replicator has one "
                   "population per player; fictitious-play has players best-respond to past play.")
@click.option("--steps", type=int, default=None,
              help="Time points (replicator rules) or rounds (fictitious play); a default per rule.")
@click.option("--horizon", type=float, default=100.0, show_default=True,
              help="End time of the replicator rules, in units of the inverse payoff range.")
@click.option("--seed", type=int, default=0, show_default=True, help="Tie-breaking seed for fictitious play.")
@click.option("--start", "starts", multiple=True, metavar="P1,P2,...",
              help="Where play begins: a player's mixed strategy, once per player in order (once for replicator); "
                   "default: the uniform mixtures (fictitious play: no prior play).")
@reporting_errors
def dynamics_command(source: str, assignments: tuple[str, ...], output_format: str, rule: str,
                     steps: int | None, horizon: float, seed: int, starts: tuple[str, ...]) -> None:
    """Show where learning or evolutionary dynamics take play in a two-player game.

    --start sets where play begins, so that matching-pennies --start 0.9,0.1 --start 0.2,0.8 shows
    the cycle that the uniform start, the equilibrium itself, hides."""
    game = load_game(source, parse_overrides(assignments)).game
    result = run_dynamics(game, rule, steps=steps, seed=seed, horizon=horizon, start=parse_start(starts))
    emit(output_format, lambda: dynamics_document(result), lambda: dynamics_view(result))


@click.command("seeds")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@reporting_errors
def seeds_command(output_format: str) -> None:
    """List the shipped seed scenarios, then the classic games for teaching."""
    groups = {"seeds": seed_names(), "classics": classic_names()}
    scenarios = {group: [load_scenario(name) for name in names] for group, names in groups.items()}
    if output_format == "json":
        document: dict[str, Any] = {"schema": "chipgame.seeds/1"}
        for group, names in groups.items():
            document[group] = [
                {
                    "name": name,
                    "title": s.title,
                    "players": list(s.model.players),
                    "strategies": [list(labels) for labels in s.model.strategies],
                    "claims": list(s.claims),
                }
                for name, s in zip(names, scenarios[group])
            ]
        click.echo(json.dumps(document, indent=2))
        return
    titles = {"seeds": "Seed scenarios (chipgame solve NAME)", "classics": "Classic games (chipgame teach NAME)"}
    for group, names in groups.items():
        columns = ("name", "title", "players", "claims") if group == "seeds" else ("name", "title", "players")
        table = Table(title=titles[group], title_justify="left", show_edge=False)
        for column in columns:  # a name is never cut: it is what the user types
            wide = column == "name"
            table.add_column(column, no_wrap=wide, min_width=max(map(len, names)) if wide else None)
        for name, s in zip(names, scenarios[group]):
            cells = (name, s.title, " vs ".join(s.model.players), ", ".join(s.claims))[:len(columns)]
            table.add_row(*(escape(text) for text in cells))
        console().print(table)
