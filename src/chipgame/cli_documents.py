"""Commands that write documents: the explorer page, the report, and the walk-through of teach."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .cli import reporting_errors
from .cli_input import located, parse_overrides, parse_vary
from .cli_output import console, execution_options, source_options
from .payoffs import load_scenario
from .progress import Stages
from .reports.files import write_atomically
from .sensitivity.exploration import Varied
from .sensitivity.parallel import check_execution
from .sensitivity.threshold_search import threshold_interval

__all__ = ["explore_command", "report_command", "teach_command"]


@click.command("explore")
@source_options("html", "json")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The page to write (e.g. explorer.html).")
@click.option("--vary", "varied", multiple=True, metavar="NAME[=LO:HI[:N]]",
              help="A parameter of the regime map: over N evenly spaced values from LO to HI, or over its "
                   "declared range; thresholds and the base value are added (up to three; default: the two "
                   "that change the regime with the widest payoff swing).")
@execution_options
@reporting_errors
def explore_command(source: str, assignments: tuple[str, ...], output_format: str, output: Path,
                    varied: tuple[str, ...], workers: int, scheduler: str | None) -> None:
    """Write one self-contained HTML page with a slider for every parameter with a range: the page
    solves the game live at the sliders' values, beside a regime map solved in advance.

    The page solves exactly (two players: every extreme equilibrium; more: the pure ones); the
    regime map is of the --vary parameters. --format json writes the page's data instead (the
    chipgame.explore/2 document). --workers and --scheduler spread the work of every stage (same page)."""
    from .reports.explorer import explorer_document, explorer_page, slider_parameters  # each command its own
    from .sensitivity.exploration import explore

    check_execution(workers, scheduler)
    scenario = load_scenario(source)
    sliders = [Varied(*parse_vary(text)) for text in varied]
    with Stages(sys.stderr) as stages:
        exploration = located(scenario, explore, scenario.model, sliders, parse_overrides(assignments),
                               every_slider=True, workers=workers, scheduler=scheduler, stages=stages)
    if output_format == "json":
        write_atomically({output: json.dumps(explorer_document(exploration, source), separators=(",", ":"))})
    else:
        write_atomically({output: explorer_page(exploration, scenario.description, source)})
    click.echo(f"wrote {output}: {len(slider_parameters(exploration))} sliders; a regime map of "
               f"{' x '.join(str(n) for n in exploration.shape)} grid points of "
               f"{', '.join(s.name for s in exploration.sliders)}")


@click.command("report")
@click.argument("source", metavar="PATH_OR_SEED")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The report to write: FILE.html (self-contained) or FILE.md (figures as SVG files beside it).")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Override a parameter's base value (repeatable).")
@click.option("--vary", "varied", multiple=True, metavar="NAME[=LO:HI[:N]]",
              help="A parameter for the sensitivity section, over LO to HI or its declared range, its path "
                   "drawn at N evenly spaced values (up to two; default: the two that change the regime with "
                   "the widest payoff swing).")
@reporting_errors
def report_command(source: str, output: Path, assignments: tuple[str, ...], varied: tuple[str, ...]) -> None:
    """Write an equilibrium report a decision-maker can read without Python: the bottom line and what
    would change it, the question, the matrix, dominance, every equilibrium, thresholds, the path of
    the equilibria, a regime map, a tornado chart, a plain-language reading, and the parameters with
    their sources and the payoff formulas in an appendix."""
    # imported here: it draws with matplotlib, a third of a second every other command need not pay
    from .reports.report import build_report, check_report_path, write_report

    check_report_path(output)
    scenario = load_scenario(source)
    parts = [Varied(*parse_vary(text)) for text in varied]
    for part in parts:  # an unknown parameter or a bad interval refused before any work is done
        located(scenario, threshold_interval, scenario.model, part.name, part.low, part.high)
    written = write_report(build_report(scenario, parse_overrides(assignments), parts), output)
    click.echo("wrote " + ", ".join(str(path) for path in written))


@click.command("teach")
@click.argument("source", metavar="SCENARIO_OR_CLASSIC")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Override a parameter's base value (repeatable).")
@click.option("--vary", "varied", default=None, metavar="NAME[=LO:HI]",
              help="The parameter to move across a threshold, over LO to HI or its declared range (default: "
                   "the first parameter whose declared range holds one; two-player games only).")
@click.option("--no-pause", is_flag=True, help="Print every step without waiting for Enter.")
@reporting_errors
def teach_command(source: str, assignments: tuple[str, ...], varied: str | None, no_pause: bool) -> None:
    """Walk a class through a game one step at a time: the payoff matrix, best responses, elimination
    of dominated strategies, why each equilibrium is one, then one parameter moved across a threshold.

    SCENARIO_OR_CLASSIC is a scenario file, a seed or a classic game (chipgame seeds lists them:
    prisoners-dilemma, matching-pennies, battle-of-the-sexes, chicken, stag-hunt). When standard
    input and output are a terminal it waits for Enter between steps; q then Enter quits."""
    from .reports.teaching import lesson_steps, walk_through
    from .sensitivity.crossing import cross_threshold, first_crossing, ranged_parameters
    from .solvers import eliminate_dominated, solve, subgame_perfect_equilibria

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
    walk_through(steps, console(), _wait_for_enter if not no_pause and _interactive() else None)


def _interactive() -> bool:
    """True when standard input and output are both a terminal: a person is there to press Enter."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _wait_for_enter() -> bool:
    """Between two steps: wait for Enter; False (stop) for q or at the end of input."""
    click.echo("[Enter: next step, q: quit] ", nl=False)
    line = sys.stdin.readline()
    return bool(line) and line.strip().lower() != "q"
