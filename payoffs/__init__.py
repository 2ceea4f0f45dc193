"""Payoff models: parameters, the whitelist formula parser, sympy payoff models, scenario files."""

from .evaluation import evaluate_expression
from .formula import FUNCTIONS, formula_names, parse_formula
from .model import PayoffModel, profile_key
from .parameters import Parameter, parse_value
from .scenario import Scenario, load_scenario, parse_scenario

__all__ = [
    "Parameter",
    "PayoffModel",
    "Scenario",
    "FUNCTIONS",
    "evaluate_expression",
    "formula_names",
    "load_scenario",
    "parse_formula",
    "parse_scenario",
    "parse_value",
    "profile_key",
]
