"""How the equilibria of a payoff model move with its parameters.

Sweeps, thresholds, regimes, tornado bars, Monte Carlo runs, closed forms, explorations and
threshold crossings: every function here takes a ``PayoffModel`` (from ``chipgame.payoffs``),
evaluates it into numeric games and solves them with ``chipgame.solvers``. Submodules are named
after their idea, never after a function exported here (``sweeps`` holds ``sweep``,
``threshold_search`` holds ``thresholds``, ``tornado_bars`` holds ``tornado``, ``sampling`` holds
``monte_carlo``, ``symbolic`` holds ``closed_forms``), so ``chipgame.sensitivity.sweeps`` is always
the module.

Examples
--------
>>> import sympy
>>> from chipgame.payoffs import Parameter, PayoffModel
>>> m = sympy.Symbol("m")
>>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold",)),
...     {("Buy", "Hold"): (-1 / (1 - m), m), ("Build", "Hold"): (-sympy.Rational(15, 7), 0)},
...     [Parameter("m", 0.5, range=(0.1, 0.9))])
>>> [t.exact for t in thresholds(model, "m")]
[8/15]
>>> len(sweep(model, [grid_axis("m", "1/15", "14/15", 14)]).regimes)
3
"""

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

# decision_drivers and robustness are functions of modules of the same names: they are imported
# from their modules (chipgame.sensitivity.robustness.robustness), so the package hides no module.
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
