"""One step of a classroom walk-through (a title and what to show), and how the steps are shown and paced."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.text import Text

__all__ = ["Step", "step_view", "walk_through"]


@dataclass(frozen=True)
class Step:
    """One step of a walk-through: a title and what to show under it.

    Examples
    --------
    >>> Step("The payoff matrix", (Text("rows: the first player"),)).title
    'The payoff matrix'
    """

    title: str
    body: tuple[RenderableType, ...]


def step_view(step: Step, number: int, total: int) -> RenderableType:
    """A step as printed: a rule with its number and title, then its body.

    Examples
    --------
    >>> console = Console(width=40)
    >>> console.print(step_view(Step("Stag hunt", (Text("Two hunters."),)), 1, 9))
    ──────── Step 1 of 9: Stag hunt ────────
    Two hunters.
    <BLANKLINE>
    """
    return Group(Rule(Text(f"Step {number} of {total}: {step.title}"), style="bold"), *step.body, Text(""))


def walk_through(steps: Sequence[Step], console: Console, wait: Callable[[], bool] | None = None) -> int:
    """Print the steps one after another; between two steps call ``wait`` (when given), which
    returns False to stop. Returns the number of steps shown.

    Examples
    --------
    >>> import io
    >>> steps = [Step("One", ()), Step("Two", ()), Step("Three", ())]
    >>> walk_through(steps, Console(file=io.StringIO()), wait=iter([True, False]).__next__)
    2
    """
    for number, step in enumerate(steps, start=1):
        console.print(step_view(step, number, len(steps)))
        if wait is not None and number < len(steps) and not wait():
            return number
    return len(steps)
