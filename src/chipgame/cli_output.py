"""What the commands share: the options naming the input, --workers and --scheduler, and writing a result."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click
from rich.console import Console

__all__ = ["console", "emit", "execution_options", "source_options"]

F = TypeVar("F", bound=Callable[..., Any])


def console() -> Console:
    """The terminal the text views are printed on: at least 100 columns wide, no colour guessing.

    Examples
    --------
    >>> console().width >= 100
    True
    """
    return Console(width=max(100, Console().width), highlight=False)


def source_options(*formats: str) -> Callable[[F], F]:
    """The options of every command that reads one scenario or game: the source, --set, --format
    (one of ``formats``, the first the default; text and json when none are given).

    Examples
    --------
    >>> @click.command()
    ... @source_options("text", "csv")
    ... def show(source: str, assignments: tuple[str, ...], output_format: str) -> None:
    ...     click.echo(f"{source} {assignments} {output_format}")
    >>> from click.testing import CliRunner
    >>> CliRunner().invoke(show, ["chicken", "--set", "a=1", "--format", "csv"]).output
    "chicken ('a=1',) csv\\n"
    """

    def decorate(command: F) -> F:
        command = click.option("--format", "output_format", type=click.Choice(formats or ("text", "json")),
                               default=(formats or ("text",))[0], show_default=True,
                               help="text (or html) for people; json (or csv, where offered) for programs.")(command)
        command = click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
                               help="Override a parameter's base value (repeatable).")(command)
        return click.argument("source", metavar="PATH_OR_SEED")(command)

    return decorate


def execution_options(command: F) -> F:
    """--workers and --scheduler: where the chunks of a long run are solved (same result anywhere).

    Examples
    --------
    >>> @click.command()
    ... @execution_options
    ... def run(workers: int, scheduler: str | None) -> None:
    ...     click.echo(f"{workers} {scheduler}")
    >>> from click.testing import CliRunner
    >>> CliRunner().invoke(run, ["--workers", "2"]).output
    '2 None\\n'
    """
    command = click.option("--scheduler", metavar="ADDRESS", default=None,
                           help="Solve on the Dask cluster whose scheduler is at ADDRESS (e.g. tcp://10.0.0.5:8786); "
                                "needs pip install 'chipgame[cluster]' here and on the workers.")(command)
    return click.option("--workers", type=int, default=1, show_default=True,
                        help="Local processes to solve on (1: this process).")(command)


def emit(output_format: str, document: Callable[[], dict[str, Any] | Iterable[str]], view: Callable[[], Any],
         table: Callable[[], str] | None = None) -> None:
    """Write one command's result: the JSON document, the CSV table, or the text view.

    ``document`` gives the JSON document, or its text in pieces (a sweep's, too large to build
    as objects first), written as they come.

    Examples
    --------
    >>> emit("json", lambda: {"schema": "example/1"}, lambda: "unused")
    {
      "schema": "example/1"
    }
    >>> emit("text", lambda: {}, lambda: "for people")
    for people
    """
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
        console().print(view())
