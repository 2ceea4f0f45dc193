"""The ``chipgame`` command line.

Bad input never produces a traceback: any ChipgameError becomes one line on stderr naming the
file and the key, with the fix, and exit status 2. A bug (an InternalError, or an exception
chipgame did not raise on purpose) becomes one line saying so and how to see the traceback
(``chipgame --debug ...``), and exit status 1. A warning (a value inside a parameter's bounds
but outside its declared range) is one line on stderr, and the command carries on.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from collections.abc import Callable, Iterable
from dataclasses import replace
from fractions import Fraction
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .cli_choices import solve_declared
from .cli_input import load_game, located, parse_overrides, parse_vary
from .errors import ChipgameError, InternalError, ScenarioError
from .games import Game
from .payoffs import load_scenario, parse_value
from .progress import ProgressBar, Stages
from .reports import (
    closed_forms_document,
    closed_forms_view,
    dynamics_document,
    dynamics_view,
    explorer_document,
    explorer_page,
    monte_carlo_document,
    monte_carlo_view,
    solution_view,
    solve_document,
    sweep_csv,
    sweep_json,
    sweep_view,
    thresholds_csv,
    thresholds_document,
    thresholds_view,
    tornado_document,
    tornado_view,
)
from .reports.bargain_output import bargain_document, bargain_sentences
from .reports.decision_document import bayesian_json, decision_json, with_decisions
from .reports.files import write_atomically
from .reports.teaching import lesson_steps, walk_through
from .seeds import classic_names, seed_names
from .sensitivity.bargaining import nash_bargaining
from .sensitivity.crossing import cross_threshold, first_crossing, ranged_parameters
from .sensitivity.exploration import DEFAULT_COUNTS, Varied, explore
from .sensitivity.grid import grid_axis
from .sensitivity.parallel import check_execution
from .sensitivity.sampling import monte_carlo
from .sensitivity.sweeps import sweep
from .sensitivity.symbolic import closed_forms
from .sensitivity.threshold_search import threshold_interval, thresholds
from .sensitivity.tornado_bars import tornado
from .solvers import (
    DYNAMICS_RULES,
    METHODS,
    eliminate_dominated,
    run_dynamics,
    search_estimate,
    solve,
    subgame_perfect_equilibria,
)

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])


def _reporting_errors(command: F) -> F:
    """Turn a mistake in the input (a ChipgameError) into one line on stderr and exit status 2; a
    bug (an InternalError, or any exception chipgame did not raise on purpose) into one line that
    says so and how to see the traceback, and exit status 1 (with --debug: the traceback); each
    warning (a value outside its parameter's range, say) into one line on stderr."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            warnings.showwarning = _show_warning
            try:
                return command(*args, **kwargs)
            except (click.ClickException, click.exceptions.Exit, click.Abort):
                raise  # click's own: usage errors and exits, printed by click
            except BrokenPipeError:
                # the reader stopped reading (``| head``): not an error; stdout goes to devnull so
                # that Python's flush at exit does not fail on the closed pipe again
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                sys.exit(0)
            except Exception as error:
                if isinstance(error, ChipgameError) and not isinstance(error, InternalError):
                    click.echo(f"chipgame: error: {error}", err=True)
                    sys.exit(2)
                if click.get_current_context().find_root().params.get("debug"):
                    raise
                click.echo(f"chipgame: internal error: {_one_line(error)}; this is a bug in chipgame: please "
                           "report it with the traceback that the same command prints with --debug "
                           f"(chipgame --debug {click.get_current_context().info_name} ...)", err=True)
                sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _one_line(error: BaseException) -> str:
    """The error's type and message (without a ChipgameError's fix) on one line, shortened."""
    message = error.problem if isinstance(error, ChipgameError) else str(error)
    text = " ".join(f"{type(error).__name__}: {message}".split())
    return text if len(text) <= 300 else text[:297] + "..."


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    """Print a warning as one line on stderr (not Python's two, with the source line)."""
    click.echo(f"chipgame: warning: {message}", err=True)


def _console() -> Console:
    return Console(width=max(100, Console().width), highlight=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chipgame")
@click.option("--debug", is_flag=True, help="On an internal error (a bug), show the full traceback, for a bug report.")
def main(debug: bool) -> None:
    """Game theory for the build-or-buy question of AI chips: exact equilibria of cost models."""


def _source_options(*formats: str) -> Callable[[F], F]:
    """The options of every command that reads one scenario or game: the source, --set, --format."""

    def decorate(command: F) -> F:
        command = click.option("--format", "output_format", type=click.Choice(formats or ("text", "json")),
                               default=(formats or ("text",))[0], show_default=True,
                               help="text (or html) for people; json (or csv, where offered) for programs.")(command)
        command = click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
                               help="Override a parameter's base value (repeatable).")(command)
        return click.argument("source", metavar="PATH_OR_SEED")(command)

    return decorate


def _emit(output_format: str, document: Callable[[], dict[str, Any] | Iterable[str]], view: Callable[[], Any],
          table: Callable[[], str] | None = None) -> None:
    """Write one command's result: the JSON document, the CSV table, or the text view.

    ``document`` gives the JSON document, or its text in pieces (a sweep's, too large to build
    as objects first), written as they come."""
    if output_format == "json":
        made = document()
        if isinstance(made, dict):
            click.echo(json.dumps(made, indent=2))
            return
        for piece in made:
            click.echo(piece, nl=False)
        click.echo()
    elif output_format == "csv" and table is not None:
        click.echo(table(), nl=False)
    else:
        _console().print(view())


@main.command("solve")
@_source_options()
@click.option("--method", type=click.Choice(METHODS), default="auto", show_default=True,
              help="auto: exact vertex enumeration of small two-player games, the exact lexicographic vertex "
                   "search beyond; exact support enumeration for three or more players. The others by name.")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=None, metavar="SECONDS",
              help="Stop a two-player vertex search after this long and print what it found, marked "
                   "incomplete (Ctrl-C does the same). Default: no limit.")
@_reporting_errors
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
    declared = solve_declared(source, parse_overrides(assignments))
    if declared is None:
        _emit(output_format, lambda: solve_document(solution, loaded.values, elimination, sequential),
              lambda: solution_view(solution, loaded.parameters, loaded.values, elimination, sequential))
        return
    _emit(output_format,
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


@main.command("bargain")
@_source_options()
@click.option("--power", default=None, metavar="NUMBER",
              help="The first bargainer's bargaining power, from 0 to 1 (default: the scenario's [bargaining] power).")
@_reporting_errors
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
    bargain = located(scenario, nash_bargaining, scenario.model, terms, parse_overrides(assignments))
    _emit(output_format, lambda: bargain_document(bargain),
          lambda: Group(Text(f"{scenario.title}: Nash bargaining", style="bold"),
                        *(Text(line) for line in bargain_sentences(bargain))))


@main.command("dynamics")
@_source_options()
@click.option("--rule", type=click.Choice(DYNAMICS_RULES), default="asymmetric-replicator", show_default=True,
              help="replicator needs a symmetric game (one population); asymmetric-replicator has one "
                   "population per player; fictitious-play has players best-respond to past play.")
@click.option("--steps", type=int, default=None,
              help="Time points (replicator rules) or rounds (fictitious play); a default per rule.")
@click.option("--horizon", type=float, default=100.0, show_default=True,
              help="End time of the replicator rules, in units of the inverse payoff range.")
@click.option("--seed", type=int, default=0, show_default=True, help="Tie-breaking seed for fictitious play.")
@_reporting_errors
def dynamics_command(source: str, assignments: tuple[str, ...], output_format: str, rule: str,
                     steps: int | None, horizon: float, seed: int) -> None:
    """Show where learning or evolutionary dynamics take play in a two-player game."""
    game = load_game(source, parse_overrides(assignments)).game
    result = run_dynamics(game, rule, steps=steps, seed=seed, horizon=horizon)
    _emit(output_format, lambda: dynamics_document(result), lambda: dynamics_view(result))


def _execution_options(command: F) -> F:
    """--workers and --scheduler: where the chunks of a long run are solved (same result anywhere)."""
    command = click.option("--scheduler", metavar="ADDRESS", default=None,
                           help="Solve on the Dask cluster whose scheduler is at ADDRESS (e.g. tcp://10.0.0.5:8786); "
                                "needs pip install 'chipgame[cluster]' here and on the workers.")(command)
    return click.option("--workers", type=int, default=1, show_default=True,
                        help="Local processes to solve on (1: this process).")(command)


@main.command("sweep")
@_source_options("text", "json", "csv")
@click.option("--vary", "varied", multiple=True, required=True, metavar="NAME[=LO:HI[:N]]",
              help="A parameter to vary over N evenly spaced values from LO to HI, or over its declared range "
                   "(N: 101 for one parameter, 41 for two, 15 for three; repeat for a grid).")
@_execution_options
@_reporting_errors
def sweep_command(source: str, assignments: tuple[str, ...], output_format: str, varied: tuple[str, ...],
                  workers: int, scheduler: str | None) -> None:
    """Solve a scenario at every point of a grid of parameter values, and map its regimes.

    A grid of more than one chunk (4096 points; 512 for three or more players) shows a progress bar
    when standard error is a terminal."""
    check_execution(workers, scheduler)
    scenario = load_scenario(source)
    axes = []
    for text in varied:
        name, low, high, count = parse_vary(text)
        if low is None:  # NAME alone: its declared range (an interval given may run downwards)
            low, high = located(scenario, threshold_interval, scenario.model, name)
        default = DEFAULT_COUNTS[min(len(varied), len(DEFAULT_COUNTS)) - 1]
        axes.append(located(scenario, grid_axis, name, low, high, default if count is None else count))
    with ProgressBar(sys.stderr, "sweep") as progress:
        result = located(scenario, sweep, scenario.model, axes, parse_overrides(assignments), workers=workers,
                          scheduler=scheduler, progress=progress)
    _emit(output_format, lambda: sweep_json(result), lambda: sweep_view(result), lambda: sweep_csv(result))


@main.command("thresholds")
@_source_options("text", "json", "csv")
@click.option("--vary", "varied", required=True, metavar="NAME[=LO:HI]",
              help="The parameter to vary, over LO to HI or its declared range (no N: every threshold is found).")
@_execution_options
@_reporting_errors
def thresholds_command(source: str, assignments: tuple[str, ...], output_format: str, varied: str,
                       workers: int, scheduler: str | None) -> None:
    """Every value of one parameter where the equilibria change, exact where the model allows.

    Each threshold is exact or enclosed with a proof; a stretch that cannot be certified (three or more
    players mixing at once) is scanned and listed as not certified. --workers and --scheduler spread
    the solving, and a terminal shows the scan's progress."""
    check_execution(workers, scheduler)
    scenario = load_scenario(source)
    name, low, high, _ = parse_vary(varied, counted=False)
    overrides = parse_overrides(assignments)
    with ProgressBar(sys.stderr, "thresholds: scan") as progress:
        found = located(scenario, thresholds, scenario.model, name, low, high, overrides, workers=workers,
                         scheduler=scheduler, progress=progress)
    interval = threshold_interval(scenario.model, name, low, high)
    players = scenario.model.players
    _emit(output_format, lambda: thresholds_document(name, interval, found, players),
          lambda: thresholds_view(name, interval, found, players), lambda: thresholds_csv(name, found, players))


@main.command("tornado")
@_source_options()
@_execution_options
@_reporting_errors
def tornado_command(source: str, assignments: tuple[str, ...], output_format: str, workers: int,
                    scheduler: str | None) -> None:
    """Move each parameter across its declared range, the others at base: payoff swings and regime changes.

    Each parameter is one chunk for --workers or --scheduler (same result)."""
    check_execution(workers, scheduler)
    scenario = load_scenario(source)
    with ProgressBar(sys.stderr, "tornado", unit="parameters") as progress:
        bars = located(scenario, tornado, scenario.model, parse_overrides(assignments), workers=workers,
                        scheduler=scheduler, progress=progress)
    _emit(output_format, lambda: tornado_document(scenario.title, scenario.model.players, bars),
          lambda: tornado_view(scenario.title, scenario.model.players, bars))


@main.command("monte-carlo")
@_source_options()
@click.option("--samples", type=int, default=10_000, show_default=True, help="How many draws.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same result.")
@_execution_options
@_reporting_errors
def monte_carlo_command(source: str, assignments: tuple[str, ...], output_format: str, samples: int, seed: int,
                        workers: int, scheduler: str | None) -> None:
    """Draw the parameters that declare a distribution: the probability of each regime, payoff quantiles.

    The draws are made once from the seed, so the result does not depend on --workers or --scheduler."""
    check_execution(workers, scheduler)
    scenario = load_scenario(source)
    with ProgressBar(sys.stderr, "monte carlo") as progress:
        result = located(scenario, monte_carlo, scenario.model, samples, seed, parse_overrides(assignments),
                          workers=workers, scheduler=scheduler, progress=progress)
    _emit(output_format, lambda: monte_carlo_document(result), lambda: monte_carlo_view(result))


@main.command("closed-forms")
@_source_options()
@_reporting_errors
def closed_forms_command(source: str, assignments: tuple[str, ...], output_format: str) -> None:
    """Each equilibrium at base values as formulas of the parameters, with derivatives and elasticities."""
    scenario = load_scenario(source)
    forms = located(scenario, closed_forms, scenario.model, parse_overrides(assignments))
    _emit(output_format, lambda: closed_forms_document(scenario.title, scenario.model.players, forms),
          lambda: closed_forms_view(scenario.title, scenario.model.players, forms))


@main.command("explore")
@_source_options("html", "json")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The page to write (e.g. explorer.html).")
@click.option("--vary", "varied", multiple=True, metavar="NAME[=LO:HI[:N]]",
              help="A slider: the parameter over N evenly spaced values from LO to HI, or over its declared "
                   "range; thresholds and the base value are added (up to three; default: the two that "
                   "change the regime with the widest payoff swing).")
@_execution_options
@_reporting_errors
def explore_command(source: str, assignments: tuple[str, ...], output_format: str, output: Path,
                    varied: tuple[str, ...], workers: int, scheduler: str | None) -> None:
    """Write one self-contained HTML page with a slider per varied parameter: moving a slider shows
    the payoff matrix, the equilibria and the regime there, every grid point solved exactly in advance.

    --format json writes the page's data instead (the chipgame.explore/1 document). --workers and
    --scheduler spread the work of every stage (same page)."""
    check_execution(workers, scheduler)
    scenario = load_scenario(source)
    sliders = [Varied(*parse_vary(text)) for text in varied]
    with Stages(sys.stderr) as stages:
        exploration = located(scenario, explore, scenario.model, sliders, parse_overrides(assignments),
                               workers=workers, scheduler=scheduler, stages=stages)
    if output_format == "json":
        write_atomically({output: json.dumps(explorer_document(exploration), separators=(",", ":"))})
    else:
        write_atomically({output: explorer_page(exploration, scenario.description)})
    click.echo(f"wrote {output}: {' x '.join(str(n) for n in exploration.shape)} grid points of "
               f"{', '.join(s.name for s in exploration.sliders)}")


@main.command("report")
@click.argument("source", metavar="PATH_OR_SEED")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The report to write: FILE.html (self-contained) or FILE.md (figures as SVG files beside it).")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Override a parameter's base value (repeatable).")
@click.option("--vary", "varied", multiple=True, metavar="NAME[=LO:HI[:N]]",
              help="A parameter for the sensitivity section, over LO to HI or its declared range, its path "
                   "drawn at N evenly spaced values (up to two; default: the two that change the regime with "
                   "the widest payoff swing).")
@_reporting_errors
def report_command(source: str, output: Path, assignments: tuple[str, ...], varied: tuple[str, ...]) -> None:
    """Write an equilibrium report a decision-maker can read without Python: the question, parameters
    and sources, payoff formulas, the matrix, dominance, every equilibrium, thresholds, the path of
    the equilibria, a regime map, a tornado chart and a plain-language reading."""
    # imported here: it draws with matplotlib, a third of a second every other command need not pay
    from .reports.report import build_report, check_report_path, write_report

    check_report_path(output)
    scenario = load_scenario(source)
    parts = [Varied(*parse_vary(text)) for text in varied]
    written = write_report(build_report(scenario, parse_overrides(assignments), parts), output)
    click.echo("wrote " + ", ".join(str(path) for path in written))


@main.command("teach")
@click.argument("source", metavar="SCENARIO_OR_CLASSIC")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Override a parameter's base value (repeatable).")
@click.option("--vary", "varied", default=None, metavar="NAME[=LO:HI]",
              help="The parameter to move across a threshold, over LO to HI or its declared range (default: "
                   "the first parameter whose declared range holds one; two-player games only).")
@click.option("--no-pause", is_flag=True, help="Print every step without waiting for Enter.")
@_reporting_errors
def teach_command(source: str, assignments: tuple[str, ...], varied: str | None, no_pause: bool) -> None:
    """Walk a class through a game one step at a time: the payoff matrix, best responses, elimination
    of dominated strategies, why each equilibrium is one, then one parameter moved across a threshold.

    SCENARIO_OR_CLASSIC is a scenario file, a seed or a classic game (chipgame seeds lists them:
    prisoners-dilemma, matching-pennies, battle-of-the-sexes, chicken, stag-hunt). When standard
    input and output are a terminal it waits for Enter between steps; q then Enter quits."""
    scenario = load_scenario(source)
    overrides = parse_overrides(assignments)
    vary = None if varied is None else parse_vary(varied, counted=False)
    values = located(scenario, scenario.model.values_with, overrides)
    game = scenario.evaluate(overrides)
    interval = None
    if vary is not None:
        name, low, high, _ = vary
        crossing = located(scenario, cross_threshold, scenario.model, name, low, high, overrides)
        interval = located(scenario, threshold_interval, scenario.model, name, low, high)
        tried: tuple[str, ...] = (name,)
    elif game.n_players > 2:  # thresholds of larger games take minutes: only on request
        crossing, tried = None, ()
    else:
        crossing = located(scenario, first_crossing, scenario.model, overrides)
        tried = ranged_parameters(scenario.model)
    sequential = None if scenario.order is None else subgame_perfect_equilibria(game, scenario.order)
    steps = lesson_steps(scenario, values, solve(game), eliminate_dominated(game), sequential, crossing, tried,
                         interval)
    walk_through(steps, _console(), _wait_for_enter if not no_pause and _interactive() else None)


def _interactive() -> bool:
    """True when standard input and output are both a terminal: a person is there to press Enter."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _wait_for_enter() -> bool:
    """Between two steps: wait for Enter; False (stop) for q or at the end of input."""
    click.echo("[Enter: next step, q: quit] ", nl=False)
    line = sys.stdin.readline()
    return bool(line) and line.strip().lower() != "q"


@main.command("seeds")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_reporting_errors
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
        _console().print(table)
