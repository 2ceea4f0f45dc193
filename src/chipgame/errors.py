"""The one error hierarchy of chipgame.

Every error a user can cause carries a message that says what was wrong, where (a file and a
key when there is one) and what to do about it. The command line prints ``str(error)`` as one
line on stderr and exits with status 2.

::

    ChipgameError
    ├── ScenarioError      a scenario file or --set override is malformed
    │   └── FormulaError   a payoff formula is refused by the whitelist parser
    ├── ModelError         a payoff model cannot be built, or evaluated at the values given
    ├── GameError          a game is malformed (shapes, labels, Gambit files)
    └── SolverError        a solver cannot handle a game, or an answer failed verification

    OutsideRangeWarning    a value is inside a parameter's bounds but outside its declared range

Examples
--------
>>> from chipgame.errors import ScenarioError
>>> str(ScenarioError("players[0].strategies is empty", file="x.toml", fix="list at least one"))
'x.toml: players[0].strategies is empty; fix: list at least one'
"""

from __future__ import annotations

__all__ = [
    "ChipgameError",
    "ScenarioError",
    "FormulaError",
    "ModelError",
    "GameError",
    "SolverError",
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

    def in_file(self, file: str) -> ChipgameError:
        """Return the same error, located in ``file`` (unless it already names one)."""
        if self.file is None:
            self.file = file
        return self

    def __str__(self) -> str:
        text = self.problem if self.file is None else f"{self.file}: {self.problem}"
        return text if self.fix is None else f"{text}; fix: {self.fix}"


class ScenarioError(ChipgameError):
    """A scenario file, or a command-line argument such as ``--set``, is malformed."""


class FormulaError(ScenarioError):
    """A payoff formula was refused by the whitelist parser."""


class ModelError(ChipgameError):
    """A payoff model cannot be built, or evaluated at the given parameter values (an unknown
    or non-numeric override, a division by zero, a value that is not finite and real)."""


class GameError(ChipgameError):
    """A game is malformed: shapes, labels, or an unreadable Gambit file."""


class SolverError(ChipgameError):
    """A solver cannot handle a game, or one of its answers failed verification."""


class OutsideRangeWarning(UserWarning):
    """A parameter value is allowed (inside its bounds) but outside the range declared for sweeps.

    The command line prints it as one line on stderr and carries on."""
