"""Equilibria of numeric games: exact two-player vertex search and enumeration, exact support
enumeration for any number of players, pure equilibria, nashpy methods, iterated dominance and
learning dynamics.

Every equilibrium returned has been verified: a probability distribution per player and no
profitable deviation (exactly for exact games).
"""

from .best_response_polytopes import vertex_enumeration
from .components import Component, NashSubset, equilibrium_components
from .dominance import Elimination, EliminationStep, eliminate_dominated
from .dynamics import RULES as DYNAMICS_RULES
from .dynamics import DynamicsResult, NearestEquilibrium, run_dynamics
from .equilibrium import Equilibrium, Solution
from .pure import pure_equilibria
from .real_algebraic import RealAlgebraic
from .sequential import SubgamePerfect, subgame_perfect_equilibria
from .solving import METHODS, search_estimate, solve
from .verification import check_equilibrium, regrets, strategy_values

__all__ = [
    "Component",
    "DYNAMICS_RULES",
    "DynamicsResult",
    "Elimination",
    "EliminationStep",
    "Equilibrium",
    "METHODS",
    "NashSubset",
    "NearestEquilibrium",
    "RealAlgebraic",
    "Solution",
    "SubgamePerfect",
    "check_equilibrium",
    "eliminate_dominated",
    "equilibrium_components",
    "pure_equilibria",
    "regrets",
    "run_dynamics",
    "search_estimate",
    "solve",
    "strategy_values",
    "subgame_perfect_equilibria",
    "vertex_enumeration",
]
