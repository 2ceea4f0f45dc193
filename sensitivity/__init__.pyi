"""The public names of ``chipgame.sensitivity``, each with its module: read by type checkers, and
by ``lazy_loader`` to import each name on first use. ``decision_drivers`` and ``robustness`` are
functions of modules of the same names: they are imported from their modules
(``chipgame.sensitivity.robustness.robustness``), so the package hides no module."""

from .bargaining import Bargain, nash_bargaining
from .bayesian import decision_against_belief, type_agent_model
from .crossing import Crossing, cross_threshold, first_crossing
from .decision_drivers import Driver
from .decisions import BestDecision, Outcome, best_decision
from .exploration import Exploration, Slider, Varied, explore
from .grid import Axis, grid_axis
from .marginal_value import MarginalValue, marginal_values
from .parallel import Progress, map_chunks
from .regime_cells import CellSamples, cell_samples, with_cell_samples
from .regimes import Regime, Structure, describe_structure, find_regimes, structure_of
from .robustness import Robustness
from .sampling import MonteCarlo, draw_samples, monte_carlo
from .sweeps import Sweep, sweep
from .symbolic import ClosedForm, closed_forms
from .threshold_search import Threshold, threshold_interval, thresholds
from .tornado_bars import TornadoBar, searched_thresholds, tornado

__all__ = [
    "Axis",
    "Bargain",
    "BestDecision",
    "CellSamples",
    "ClosedForm",
    "Crossing",
    "Driver",
    "Exploration",
    "MarginalValue",
    "MonteCarlo",
    "Outcome",
    "Progress",
    "Regime",
    "Robustness",
    "Slider",
    "Structure",
    "Sweep",
    "Threshold",
    "TornadoBar",
    "Varied",
    "best_decision",
    "cell_samples",
    "closed_forms",
    "cross_threshold",
    "decision_against_belief",
    "describe_structure",
    "draw_samples",
    "explore",
    "find_regimes",
    "first_crossing",
    "grid_axis",
    "map_chunks",
    "marginal_values",
    "monte_carlo",
    "nash_bargaining",
    "searched_thresholds",
    "structure_of",
    "sweep",
    "threshold_interval",
    "thresholds",
    "tornado",
    "type_agent_model",
    "with_cell_samples",
]
