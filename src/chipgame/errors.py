"""The one error hierarchy of chipgame.

Every error a user can cause carries a message that says what was wrong, where (a file and a
key when there is one) and what to do about it. The command line prints ``str(error)`` as one
line on stderr and exits with status 2 (status 1 for an ``InternalError``).

::

    ChipgameError
    ├── ScenarioError      a scenario file or --set override is malformed          (also a ValueError)
    │   └── FormulaError   a payoff formula is refused by the whitelist parser
    ├── ModelError         a payoff model cannot be built, or evaluated at the values given (ValueError)
    ├── GameError          a game is malformed (shapes, labels, Gambit files)          (ValueError)
    ├── SolverError        a solver cannot handle a game                               (ValueError)
    ├── FileError          a file cannot be read or written: the path and the OS reason (OSError)
    └── InternalError      an invariant failed: a bug in chipgame                      (RuntimeError)

    OutsideRangeWarning    a value is inside a parameter's bounds but outside its declared range

Each also derives from the matching built-in, so ``except ValueError`` in a caller's code
catches bad input and ``except OSError`` a file that cannot be read. The command line prints an
``InternalError`` (or any exception chipgame did not raise on purpose) as one line saying it is
a bug and how to see the traceback (``chipgame --debug ...``), with exit status 1.

Examples
--------
>>> from chipgame.errors import ScenarioError
>>> str(ScenarioError("players[0].strategies is empty", file="x.toml", fix="list at least one"))
'x.toml: players[0].strategies is empty; fix: list at least one'
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ChipgameError",
    "ScenarioError",
    "FormulaError",
    "ModelError",
    "GameError",
    "SolverError",
    "FileError",
    "InternalError",
    "OutsideRangeWarning",
]


class ChipgameError(Exception):
    """Base of every error chipgame raises on purpose.

    Parameters
    ----------
    problem
        What was wrong, naming the key or field when there is one.
    file
        The file the problem was found in, if any.
    fix
        What the user should do about it.
    """

    def __init__(self, problem: str, *, file: str | None = None, fix: str | None = None) -> None:
        self.problem = problem
        self.file = file
        self.fix = fix
        super().__init__(problem)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle with the file and the fix, so an error raised in a worker process arrives whole."""
        return (_rebuilt, (type(self), self.problem, self.file, self.fix))

    def in_file(self, file: str) -> ChipgameError:
        """Return the same error, located in ``file`` (unless it already names one)."""
        if self.file is None:
            self.file = file
        return self

    def __str__(self) -> str:
        text = self.problem if self.file is None else f"{self.file}: {self.problem}"
        return text if self.fix is None else f"{text}; fix: {self.fix}"


def _rebuilt(kind: type[ChipgameError], problem: str, file: str | None, fix: str | None) -> ChipgameError:
    """The error of ``ChipgameError.__reduce__``."""
    return kind(problem, file=file, fix=fix)


class ScenarioError(ChipgameError, ValueError):
    """A scenario file, or a command-line argument such as ``--set``, is malformed."""


class FormulaError(ScenarioError):
    """A payoff formula was refused by the whitelist parser."""


class ModelError(ChipgameError, ValueError):
    """A payoff model cannot be built, or evaluated at the given parameter values (an unknown
    or non-numeric override, a division by zero, a value that is not finite and real)."""


class GameError(ChipgameError, ValueError):
    """A game is malformed: shapes, labels, or an unreadable Gambit file."""


class SolverError(ChipgameError, ValueError):
    """A solver cannot handle a game (too large, the wrong number of players, a method that does
    not apply)."""


class FileError(ChipgameError, OSError):
    """A file cannot be read or written; the message names the path and the operating system's
    reason.

    Examples
    --------
    >>> try:
    ...     open("/no/such/dir/game.nfg")
    ... except OSError as error:
    ...     print(FileError.from_os_error(error, "/no/such/dir/game.nfg", "read"))
    /no/such/dir/game.nfg: cannot read the file: No such file or directory; fix: check the path and its permissions
    """

    @classmethod
    def from_os_error(cls, error: OSError, path: str, action: str, fix: str | None = None) -> FileError:
        """The error for an ``OSError`` met while doing ``action`` ("read", "write") to ``path``."""
        reason = error.strerror or str(error) or type(error).__name__
        return cls(f"cannot {action} the file: {reason}", file=path, fix=fix or "check the path and its permissions")


class InternalError(ChipgameError, RuntimeError):
    """An invariant chipgame relies on failed: a bug in chipgame, not a mistake in the input.

    Examples
    --------
    >>> str(InternalError("a basis matrix is singular"))
    'a basis matrix is singular; fix: this is a bug in chipgame: please report it'
    """

    def __init__(self, problem: str, *, file: str | None = None, fix: str | None = None) -> None:
        super().__init__(problem, file=file, fix=fix or "this is a bug in chipgame: please report it")


class OutsideRangeWarning(UserWarning):
    """A parameter value is allowed (inside its bounds) but outside the range declared for sweeps.

    The command line prints it as one line on stderr and carries on."""
