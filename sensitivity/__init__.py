"""How the equilibria of a payoff model move with its parameters.

Sweeps, thresholds, regimes, tornado bars, Monte Carlo runs, closed forms, explorations and
threshold crossings: every function here takes a ``PayoffModel`` (from ``chipgame.payoffs``),
evaluates it into numeric games and solves them with ``chipgame.solvers``. Submodules are named
after their idea, never after a function exported here (``sweeps`` holds ``sweep``,
``threshold_search`` holds ``thresholds``, ``tornado_bars`` holds ``tornado``, ``sampling`` holds
``monte_carlo``, ``symbolic`` holds ``closed_forms``), so ``chipgame.sensitivity.sweeps`` is always
the module.

The names are imported on first use (PEP 562, by ``lazy_loader`` from the stub ``__init__.pyi``,
which lists them for type checkers too): a command that needs one module of the package does
not pay for importing all of them.

Examples
--------
>>> import sympy
>>> from chipgame.payoffs import Parameter, PayoffModel
>>> from chipgame.sensitivity import grid_axis, sweep, thresholds
>>> m = sympy.Symbol("m")
>>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold",)),
...     {("Buy", "Hold"): (-1 / (1 - m), m), ("Build", "Hold"): (-sympy.Rational(15, 7), 0)},
...     [Parameter("m", 0.5, range=(0.1, 0.9))])
>>> [t.exact for t in thresholds(model, "m")]
[8/15]
>>> len(sweep(model, [grid_axis("m", "1/15", "14/15", 14)]).regimes)
3
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
