"""The ``chipgame`` command line: the group, which imports a command only to run it, and how errors are reported.

Bad input never produces a traceback: any ChipgameError becomes one line on stderr naming the
file and the key, with the fix, and exit status 2. A bug (an InternalError, or an exception
chipgame did not raise on purpose) becomes one line saying so and how to see the traceback
(``chipgame --debug ...``), and exit status 1. A warning (a value inside a parameter's bounds
but outside its declared range) is one line on stderr, and the command carries on.

The commands live in ``cli_game`` (one game: solve, bargain, dynamics, seeds), ``cli_sensitivity``
(sweep, thresholds, tornado, monte-carlo, closed-forms) and ``cli_documents`` (explore, report,
teach). They bring numpy, sympy and the solvers; ``chipgame --version`` and ``chipgame --help``
import none of them (``COMMANDS`` holds what the list of commands shows).
"""

from __future__ import annotations

import atexit
import importlib
import os
import sys
import warnings
from collections.abc import Callable
from functools import wraps
from typing import Any, NamedTuple, NoReturn, TypeVar

import click

from . import __version__
from .errors import ChipgameError, InternalError

__all__ = ["COMMANDS", "Listed", "main", "reporting_errors", "run"]

F = TypeVar("F", bound=Callable[..., Any])


class Listed(NamedTuple):
    """Where a command is defined, and the first sentence of its help (what ``chipgame --help`` lists)."""

    module: str
    function: str
    summary: str


COMMANDS = {
    "bargain": Listed("cli_game", "bargain_command",
                      "The Nash bargaining solution of the scenario's [bargaining]: the value of a parameter two "
                      "players agree on, each starting from its payoff in the game without agreement; exact where "
                      "payoffs are rational."),
    "closed-forms": Listed("cli_sensitivity", "closed_forms_command",
                           "Each equilibrium at base values as formulas of the parameters, with derivatives and "
                           "elasticities."),
    "dynamics": Listed("cli_game", "dynamics_command",
                       "Show where learning or evolutionary dynamics take play in a two-player game."),
    "explore": Listed("cli_documents", "explore_command",
                      "Write one self-contained HTML page with a slider for every parameter with a range: the page "
                      "solves the game live at the sliders' values, beside a regime map solved in advance."),
    "monte-carlo": Listed("cli_sensitivity", "monte_carlo_command",
                          "Draw the parameters that declare a distribution: the probability of each regime, payoff "
                          "quantiles."),
    "report": Listed("cli_documents", "report_command",
                     "Write an equilibrium report a decision-maker can read without Python: the bottom line and "
                     "what would change it, the question, the matrix, dominance, every equilibrium, thresholds, the "
                     "path of the equilibria, a regime map, a tornado chart, a plain-language reading, and the "
                     "parameters with their sources and the payoff formulas in an appendix."),
    "seeds": Listed("cli_game", "seeds_command",
                    "List the shipped seed scenarios, then the classic games for teaching."),
    "solve": Listed("cli_game", "solve_command",
                    "Print the Nash equilibria of a scenario (.toml), a Gambit game (.nfg, .efg) or a shipped seed."),
    "sweep": Listed("cli_sensitivity", "sweep_command",
                    "Solve a scenario at every point of a grid of parameter values, and map its regimes."),
    "teach": Listed("cli_documents", "teach_command",
                    "Walk a class through a game one step at a time: the payoff matrix, best responses, elimination "
                    "of dominated strategies, why each equilibrium is one, then one parameter moved across a "
                    "threshold."),
    "thresholds": Listed("cli_sensitivity", "thresholds_command",
                         "Every value of one parameter where the equilibria change, exact where the model allows."),
    "tornado": Listed("cli_sensitivity", "tornado_command",
                      "Move each parameter across its declared range, the others at base: payoff swings and regime "
                      "changes."),
}
"""Every command by name: its module (in this package), its function and its summary, the first
sentence of its help, which the command list shows without importing the module."""


class _Commands(click.Group):
    """A group that imports a command's module only when the command is run or asked for its help."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        listed = COMMANDS.get(cmd_name)
        if listed is None:
            return None
        command: click.Command = getattr(importlib.import_module(f"{__package__}.{listed.module}"), listed.function)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands, as click draws it, from the summaries in ``COMMANDS``."""
        limit = formatter.width - 6 - max(map(len, COMMANDS))
        with formatter.section("Commands"):
            formatter.write_dl([(name, _shortened(COMMANDS[name].summary, limit))
                                for name in self.list_commands(ctx)])


def _shortened(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with "..." where it was cut (as click
    shortens a command's help for the list; its own helper is deprecated in click 8.3 and later).

    Examples
    --------
    >>> _shortened("Solve a scenario, exactly.", 40), _shortened("Solve a scenario, exactly.", 16)
    ('Solve a scenario, exactly.', 'Solve a...')
    """
    if len(text) <= limit:
        return text
    cut = text[:max(limit - 3, 0)].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "..."


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, package_name="chipgame")
@click.option("--debug", is_flag=True, help="On an internal error (a bug), show the full traceback, for a bug report.")
def main(debug: bool) -> None:
    """Game theory for the build-or-buy question of AI chips: exact equilibria of cost models."""


def reporting_errors(command: F) -> F:
    """Turn a mistake in the input (a ChipgameError) into one line on stderr and exit status 2; a
    bug (an InternalError, or any exception chipgame did not raise on purpose) into one line that
    says so and how to see the traceback, and exit status 1 (with --debug: the traceback); each
    warning (a value outside its parameter's range, say) into one line on stderr.

    Examples
    --------
    >>> from click.testing import CliRunner
    >>> from chipgame.errors import ScenarioError
    >>> @click.command()
    ... @reporting_errors
    ... def broken() -> None:
    ...     raise ScenarioError("no players", file="x.toml", fix="add [[players]]")
    >>> result = CliRunner().invoke(broken)
    >>> result.exit_code, result.output.startswith("chipgame: error: x.toml: no players")
    (2, True)
    """

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            warnings.showwarning = _one_line_warnings()
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


def _one_line_warnings() -> Callable[..., None]:
    """A ``warnings.showwarning`` for one command: each warning as one line on stderr (not Python's
    two, with the source line), and each message once. (The filters' own "once" cannot promise
    that: the registry it keeps is cleared whenever any code enters ``warnings.catch_warnings``.)"""
    shown: set[str] = set()

    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int, file: Any = None,
             line: str | None = None) -> None:
        if str(message) not in shown:
            shown.add(str(message))
            click.echo(f"chipgame: warning: {message}", err=True)

    return show


_ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
"""The variables that keep numpy's BLAS to one thread (read when numpy is imported): chipgame's
arrays are small, so more threads only cost their start, and a process with no other thread can
fork its workers (``sensitivity.parallel.forkable``)."""


def run() -> NoReturn:
    """The ``chipgame`` program: ``main``, then the process ends without tearing the interpreter down.

    The output streams are flushed and the exit functions run (``atexit``) as at any exit; what
    is skipped is freeing, one by one, every object sympy, numpy and matplotlib made, which
    takes a quarter of a second at the end of every command (a tenth of a report). Everything
    the commands write is closed before they return. In-process callers (tests, notebooks)
    call ``main`` and are not affected.

    numpy's BLAS is kept to one thread (``_ONE_THREAD``), unless the environment sets its own.
    """
    for name in _ONE_THREAD:  # unless the user says otherwise
        os.environ.setdefault(name, "1")
    try:
        main()
        status = 0
    except SystemExit as finished:
        status = _exit_status(finished.code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # a reader that stopped early, or a stream closed
            status = status or 1
    atexit._run_exitfuncs()
    os._exit(status)


def _exit_status(code: object) -> int:
    """The process's status for ``SystemExit(code)``, as Python computes it: None is 0, an integer
    itself, anything else is printed to stderr and is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
