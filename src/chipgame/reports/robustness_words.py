"""Robustness and the value of one more unit of a cap, in words: the sentences seeds and reports print.

Examples
--------
>>> import sympy
>>> from chipgame.payoffs import Parameter, PayoffModel
>>> from chipgame.sensitivity.robustness import robustness
>>> spend, fixed = sympy.symbols("spend fixed")
>>> model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Sell",)),
...     {("Buy", "Sell"): (-spend, spend / 2), ("Build", "Sell"): (-spend / 2 - fixed, 0)},
...     [Parameter("spend", 10, range=(2, 20)), Parameter("fixed", 3, range=(1, 6))])
>>> print(robustness_sentence(robustness(model, samples=2000)))  # doctest: +NORMALIZE_WHITESPACE
Robustness: the base case holds in 73.2% of the declared parameter box (2,000 draws, seed 0), so it
is fragile; the nearest thresholds are spend at 6 (40% from its base value), fixed at 5 (67% from
its base value).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..payoffs import PayoffModel
from ..sensitivity.marginal_value import EquilibriumMargins, marginal_values
from ..sensitivity.robustness import FRAGILE_BELOW, Robustness
from .numbers import format_exact

__all__ = ["ALLOCATION_PARAMETER", "allocation_sentence", "allocation_sentences", "robustness_sentence"]

ALLOCATION_PARAMETER = "inhouse_cap"
"""The chip-market model's allocation cap; with two hyperscalers each has its own, with a suffix."""


def robustness_sentence(result: Robustness) -> str:
    """One sentence: the share of the box that keeps the base case, fragile or not, and the nearest thresholds."""
    verdict = "fragile" if result.fragile else f"robust (it holds in at least {FRAGILE_BELOW:.0%} of the box)"
    sentence = (f"Robustness: the base case holds in {result.share:.1%} of the declared parameter box "
                f"({result.samples:,} draws, seed {result.seed}), so it is {verdict}")
    if result.nearest:
        near = ", ".join(f"{n.parameter} at {n.threshold:.4g} ({n.distance:.0%} from its base value)"
                         for n in result.nearest)
        sentence += f"; the nearest thresholds are {near}"
    else:
        sentence += "; no parameter moved alone across its range changes it"
    return sentence + "."


def allocation_sentence(margins: Sequence[EquilibriumMargins], unit: str) -> str | None:
    """What one more unit of a binding cap is worth to each player, or None where it does not bind.

    Examples
    --------
    >>> import sympy
    >>> from chipgame.payoffs import Parameter, PayoffModel
    >>> from chipgame.sensitivity.marginal_value import marginal_values
    >>> cap, demand = sympy.symbols("cap demand")
    >>> model = PayoffModel(("Builder", "Vendor"), (("Build",), ("Hold",)),
    ...     {("Build", "Hold"): (sympy.Min(cap, demand) / 2, -sympy.Min(cap, demand))},
    ...     [Parameter("cap", 10), Parameter("demand", 15)])
    >>> print(allocation_sentence(marginal_values(model, "cap"), "bn RMB per year"))  # doctest: +NORMALIZE_WHITESPACE
    cap binds: one more bn RMB per year of it is worth 0.5 to Builder and -1 to Vendor (exact
    derivative of the equilibrium payoffs).
    """
    binding = [m for m in margins if m.binding]
    if not binding:
        return None
    parts = []
    for k, found in enumerate(binding):
        worth = " and ".join(f"{format_exact(v.exact)} to {v.player}" for v in found.values)
        parts.append(worth if len(binding) == 1 else f"at equilibrium {k + 1}, {worth}")
    return (f"{binding[0].parameter} binds: one more {unit} of it is worth {'; '.join(parts)} "
            "(exact derivative of the equilibrium payoffs).")


def allocation_sentences(model: PayoffModel, overrides: Mapping[str, Any] | None = None) -> list[str]:
    """``allocation_sentence`` for every allocation cap of ``model`` that binds at the base case.

    Examples
    --------
    >>> from chipgame.payoffs import load_scenario
    >>> [s.split(":")[0] for s in allocation_sentences(load_scenario("two-hyperscalers").model)]
    ['inhouse_cap_bytedance binds', 'inhouse_cap_alibaba binds']
    >>> allocation_sentences(load_scenario("google-tpu").model)
    []
    """
    found = []
    for parameter in model.parameters:
        if parameter.name == ALLOCATION_PARAMETER or parameter.name.startswith(ALLOCATION_PARAMETER + "_"):
            sentence = allocation_sentence(marginal_values(model, parameter.name, overrides), parameter.unit)
            if sentence is not None:
                found.append(sentence)
    return found
