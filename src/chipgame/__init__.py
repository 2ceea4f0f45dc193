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

import sys

import lazy_loader

from . import _moved

_moved.install()  # the old paths of what moved from chipgame.solvers to chipgame.sensitivity, for one release

__version__ = "0.1.0"

# the public names, each imported on first use (PEP 562, by lazy_loader from the stub __init__.pyi,
# which lists them for type checkers too): they bring numpy and sympy, which a command such as
# ``chipgame --version`` never needs
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)


def _show_as_html_in_running_ipython() -> None:
    """In a running IPython (a notebook), show games, solutions and sweeps as HTML; outside one,
    do nothing and import nothing (IPython is looked up, never imported)."""
    ipython = sys.modules.get("IPython")
    shell = None if ipython is None else ipython.get_ipython()
    if shell is not None:
        from .reports.notebook import register_html_formatters

        register_html_formatters(shell)


_show_as_html_in_running_ipython()
