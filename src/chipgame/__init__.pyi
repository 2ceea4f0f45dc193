"""The public names of ``chipgame``, each with its subpackage: read by type checkers, and by
``lazy_loader`` to import each name on first use."""

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
from .games import Game, parse_nfg, read_nfg, write_nfg
from .payoffs import Parameter, PayoffModel, Scenario, load_scenario, parse_formula, parse_scenario
from .solvers import Equilibrium, Solution, solve

__version__: str

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
