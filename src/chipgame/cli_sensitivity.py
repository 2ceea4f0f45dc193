"""Commands on how the equilibria move with the parameters: sweep, thresholds, tornado, monte-carlo, closed-forms."""

from __future__ import annotations

import sys

import click

from .cli import reporting_errors
from .cli_input import located, parse_overrides, parse_vary
from .cli_output import emit, execution_options, source_options
from .payoffs import load_scenario
from .progress import ProgressBar
from .reports import (
    closed_forms_document,
    closed_forms_view,
    monte_carlo_document,
    monte_carlo_view,
    sweep_csv,
    sweep_json,
    sweep_view,
    thresholds_csv,
    thresholds_document,
    thresholds_view,
    tornado_document,
    tornado_view,
)
from .sensitivity.exploration import DEFAULT_COUNTS
from .sensitivity.grid import grid_axis
from .sensitivity.grid_gaps import grid_gaps
from .sensitivity.parallel import check_execution
from .sensitivity.sampling import monte_carlo
from .sensitivity.sweeps import sweep
from .sensitivity.symbolic import closed_forms
from .sensitivity.threshold_search import threshold_interval, thresholds
from .sensitivity.tornado_bars import tornado

__all__ = ["closed_forms_command", "monte_carlo_command", "sweep_command", "thresholds_command", "tornado_command"]


@click.command("sweep")
@source_options("text", "json", "csv")
@click.option("--vary", "varied", multiple=True, required=True, metavar="NAME[=LO:HI[:N]]",
              help="A parameter to vary over N evenly spaced values from LO to HI, or over its declared range "
                   "(N: 101 for one parameter, 41 for two, 15 for three; repeat for a grid).")
@execution_options
@reporting_errors
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
    # what lies between the grid's points: the grid stays the one asked for, and says what it misses
    gaps = located(scenario, grid_gaps, result) if output_format != "csv" else None
    emit(output_format, lambda: sweep_json(result, gaps), lambda: sweep_view(result, gaps), lambda: sweep_csv(result))


@click.command("thresholds")
@source_options("text", "json", "csv")
@click.option("--vary", "varied", required=True, metavar="NAME[=LO:HI]",
              help="The parameter to vary, over LO to HI or its declared range (no N: every threshold is found).")
@execution_options
@reporting_errors
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
    emit(output_format, lambda: thresholds_document(name, interval, found, players),
         lambda: thresholds_view(name, interval, found, players), lambda: thresholds_csv(name, found, players))


@click.command("tornado")
@source_options()
@execution_options
@reporting_errors
def tornado_command(source: str, assignments: tuple[str, ...], output_format: str, workers: int,
                    scheduler: str | None) -> None:
    """Move each parameter across its declared range, the others at base: payoff swings and regime changes.

    Each parameter is one chunk for --workers or --scheduler (same result)."""
    check_execution(workers, scheduler)
    scenario = load_scenario(source)
    with ProgressBar(sys.stderr, "tornado", unit="parameters") as progress:
        bars = located(scenario, tornado, scenario.model, parse_overrides(assignments), workers=workers,
                        scheduler=scheduler, progress=progress)
    emit(output_format, lambda: tornado_document(scenario.title, scenario.model.players, bars),
         lambda: tornado_view(scenario.title, scenario.model.players, bars))


@click.command("monte-carlo")
@source_options()
@click.option("--samples", type=int, default=10_000, show_default=True, help="How many draws.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same result.")
@execution_options
@reporting_errors
def monte_carlo_command(source: str, assignments: tuple[str, ...], output_format: str, samples: int, seed: int,
                        workers: int, scheduler: str | None) -> None:
    """Draw the parameters that declare a distribution: the probability of each regime, payoff quantiles.

    The draws are made once from the seed, so the result does not depend on --workers or --scheduler."""
    check_execution(workers, scheduler)
    scenario = load_scenario(source)
    with ProgressBar(sys.stderr, "monte carlo") as progress:
        result = located(scenario, monte_carlo, scenario.model, samples, seed, parse_overrides(assignments),
                          workers=workers, scheduler=scheduler, progress=progress)
    emit(output_format, lambda: monte_carlo_document(result), lambda: monte_carlo_view(result))


@click.command("closed-forms")
@source_options()
@reporting_errors
def closed_forms_command(source: str, assignments: tuple[str, ...], output_format: str) -> None:
    """Each equilibrium at base values as formulas of the parameters, with derivatives and elasticities."""
    scenario = load_scenario(source)
    forms = located(scenario, closed_forms, scenario.model, parse_overrides(assignments))
    emit(output_format, lambda: closed_forms_document(scenario.title, scenario.model.players, forms),
         lambda: closed_forms_view(scenario.title, scenario.model.players, forms))
