"""Equilibria of numeric games: exact two-player enumeration, pure equilibria, nashpy methods.

Every equilibrium returned has been verified: a probability distribution per player and no
profitable deviation (exactly for exact games).
"""

from .equilibrium import Equilibrium, Solution
from .pure import pure_equilibria
from .solve import METHODS, solve
from .verification import check_equilibrium, regrets, strategy_values
from .vertex_enumeration import vertex_enumeration

__all__ = [
    "Equilibrium",
    "Solution",
    "METHODS",
    "solve",
    "pure_equilibria",
    "vertex_enumeration",
    "check_equilibrium",
    "regrets",
    "strategy_values",
]
