"""chipgame: should a hyperscaler build its own AI chips, buy them, or build and sell them?

Payoffs are sympy expressions of cost parameters; ``solve`` finds every equilibrium, exactly
when the payoffs are rational, and verifies each one before returning it.

Examples
--------
>>> import chipgame
>>> scenario = chipgame.load_scenario("bytedance-vs-cambricon")
>>> solution = chipgame.solve(scenario.evaluate())
>>> all(eq.is_exact for eq in solution.equilibria)
True
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

from . import _moved
from .errors import (
    ChipgameError,
    FileError,
    FormulaError,
    GameError,
    InternalError,
    ModelError,
    ScenarioError,
    SolverError,
)

if TYPE_CHECKING:
    from .games import Game, parse_nfg, read_nfg, write_nfg
    from .payoffs import Parameter, PayoffModel, Scenario, load_scenario, parse_formula, parse_scenario
    from .solvers import Equilibrium, Solution, solve

_moved.install()  # the old paths of what moved from chipgame.solvers to chipgame.sensitivity, for one release

_LAZY = {
    **dict.fromkeys(("Game", "parse_nfg", "read_nfg", "write_nfg"), "games"),
    **dict.fromkeys(("Parameter", "PayoffModel", "Scenario", "load_scenario", "parse_formula", "parse_scenario"),
                    "payoffs"),
    **dict.fromkeys(("Equilibrium", "Solution", "solve"), "solvers"),
}
"""Public names imported on first use (PEP 562), each with its subpackage: they bring numpy and
sympy, which a command such as ``chipgame --version`` never needs."""

__version__ = "0.1.0"

__all__ = [
    "ChipgameError",
    "FormulaError",
    "GameError",
    "ModelError",
    "ScenarioError",
    "SolverError",
    "FileError",
    "InternalError",
    "Game",
    "parse_nfg",
    "read_nfg",
    "write_nfg",
    "Parameter",
    "PayoffModel",
    "Scenario",
    "load_scenario",
    "parse_formula",
    "parse_scenario",
    "Equilibrium",
    "Solution",
    "solve",
]


def __getattr__(name: str) -> Any:
    """A public name of a subpackage, imported the first time it is read."""
    package = _LAZY.get(name)
    if package is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{package}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


def _show_as_html_in_running_ipython() -> None:
    """In a running IPython (a notebook), show games, solutions and sweeps as HTML; outside one,
    do nothing and import nothing (IPython is looked up, never imported)."""
    ipython = sys.modules.get("IPython")
    shell = None if ipython is None else ipython.get_ipython()
    if shell is not None:
        from .reports.notebook import register_html_formatters

        register_html_formatters(shell)


_show_as_html_in_running_ipython()
