"""A progress bar for long runs, drawn only on a terminal.

A run of more than one chunk (see ``chipgame.sensitivity.parallel``) shows a bar on the terminal; a
shorter run, or one whose stream is piped or redirected, shows nothing, so logs and captured
output stay clean.

Examples
--------
>>> import io
>>> piped = io.StringIO()
>>> with ProgressBar(piped, "sweep") as progress:
...     for done in range(4):
...         progress(done, 3)
>>> piped.getvalue()
''
"""

from __future__ import annotations

from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

__all__ = ["ProgressBar", "Stages", "shows_bar"]


def shows_bar(stream: TextIO, chunks: int) -> bool:
    """True when a run of ``chunks`` chunks gets a bar on ``stream``: more than one chunk, and
    ``stream`` is a terminal.

    Examples
    --------
    >>> import io
    >>> class Terminal(io.StringIO):
    ...     def isatty(self):
    ...         return True
    >>> shows_bar(Terminal(), 10), shows_bar(Terminal(), 1), shows_bar(io.StringIO(), 10)
    (True, False, False)
    """
    return chunks > 1 and stream.isatty()


class ProgressBar:
    """A ``progress`` callback for ``sweep``, ``monte_carlo`` and ``tornado`` that draws a bar on ``stream``
    when ``shows_bar`` says so; as a context manager, it clears the bar at the end.

    Parameters
    ----------
    stream
        Where to draw (standard error, for a command whose results go to standard output).
    description
        The words before the bar.
    unit
        What is counted (the chunks of a sweep, the parameters of a tornado).
    """

    def __init__(self, stream: TextIO, description: str, unit: str = "chunks") -> None:
        self.stream = stream
        self.description = description
        self.unit = unit
        self._bar: Progress | None = None
        self._task = TaskID(0)

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if not shows_bar(self.stream, total):
                return
            self._bar = Progress(TextColumn(self.description), BarColumn(), MofNCompleteColumn(),
                                 TextColumn(self.unit), TimeRemainingColumn(),
                                 console=Console(file=self.stream), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.description, total=total)
        self._bar.update(self._task, completed=done)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()


class Stages:
    """Progress bars for a run in stages (``explore``: choosing the sliders, the thresholds of each,
    the grid): calling it with a stage's description gives that stage's ``progress`` callback, a
    ``ProgressBar`` on ``stream``, and clears the previous stage's bar.

    Examples
    --------
    >>> import io
    >>> with Stages(io.StringIO()) as stage:
    ...     progress = stage("thresholds of m")
    ...     progress(0, 3)
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._current: ProgressBar | None = None

    def __call__(self, description: str, unit: str = "chunks") -> ProgressBar:
        self._close()
        self._current = ProgressBar(self.stream, description, unit)
        return self._current

    def _close(self) -> None:
        if self._current is not None:
            self._current.__exit__(None, None, None)
            self._current = None

    def __enter__(self) -> Stages:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._close()
