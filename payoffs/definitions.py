"""A scenario's ``[definitions]``: named formulas checked, ordered by what they use, expanded within a bound."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import sympy

from ..errors import ScenarioError
from .formula import FUNCTIONS, formula_names, parse_formula
from .parameters import is_identifier

__all__ = ["MAX_EXPANDED_SIZE", "check_definitions", "definition_symbols", "definitions_as_written", "located_in"]

MAX_EXPANDED_SIZE = 200_000
"""Largest size (in characters of formula text) a definition may expand to."""

_IDENTIFIER_IN_TEXT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_definitions(table: Mapping[str, Any], names: Mapping[str, sympy.Expr], taken: str = "a parameter",
                      rename: str = "rename the definition or the parameter") -> dict[str, sympy.Expr]:
    """Each definition of ``table`` (name -> formula text) parsed and expanded in terms of ``names``.

    Parameters
    ----------
    table
        The ``[definitions]`` table: each name's formula may use ``names`` and other definitions.
    names
        The symbols formulas may use (the parameters').
    taken, rename
        What a definition named like one of ``names`` clashes with, and the fix to give.

    Returns
    -------
    dict
        Each definition, in the table's order, as an expression of ``names`` only.

    Raises
    ------
    ScenarioError
        For a name that is not an identifier or names a function or one of ``names``, a formula that
        is not text or does not parse, definitions that use each other in a cycle, or one that expands
        to more than ``MAX_EXPANDED_SIZE`` characters.

    Examples
    --------
    >>> spend = sympy.Symbol("chip_spend", real=True)
    >>> check_definitions({"build_cost": "half * 2", "half": "chip_spend / 2"}, {"chip_spend": spend})
    {'build_cost': chip_spend, 'half': chip_spend/2}
    """
    uses: dict[str, frozenset[str]] = {}
    for name, text in table.items():
        where = f"definitions.{name}"
        if not is_identifier(name) or name in FUNCTIONS:
            raise ScenarioError(f"{where}: {name!r} is not a usable name",
                                fix="use an identifier that names no function")
        if name in names:
            raise ScenarioError(f"{where} has the name of {taken}", fix=rename)
        if not isinstance(text, str):
            raise ScenarioError(f"{where} must be a formula in quotes", fix=f'write {name} = "..."')
        uses[name] = located_in(where, formula_names, text)
    order = _dependency_order(uses)
    sizes = {name: 1 for name in names}
    expanded: dict[str, sympy.Expr] = {}
    for name in order:
        text = table[name]
        size = len(text) + sum(sizes.get(used, 0) for used in _IDENTIFIER_IN_TEXT.findall(text))
        if size > MAX_EXPANDED_SIZE:
            raise ScenarioError(f"definitions.{name} expands to more than {MAX_EXPANDED_SIZE} characters",
                                fix="simplify the chain of definitions")
        sizes[name] = size
        expanded[name] = located_in(f"definitions.{name}", parse_formula, text, {**names, **expanded})
    return {name: expanded[name] for name in table}


def definition_symbols(definitions: Mapping[str, sympy.Expr]) -> dict[str, sympy.Expr]:
    """A symbol for each definition, standing for it in the formulas as written."""
    return {name: sympy.Symbol(name, real=True) for name in definitions}


def definitions_as_written(table: Mapping[str, Any], names: Mapping[str, sympy.Expr]) -> dict[str, sympy.Expr]:
    """The definitions (already checked by ``check_definitions``) parsed with definitions as symbols."""
    return {name: parse_formula(text, names) for name, text in table.items()}


def _dependency_order(uses: Mapping[str, frozenset[str]]) -> list[str]:
    """Definitions in an order where each comes after those it uses; a cycle is an error."""
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "active":
            cycle = " -> ".join(path[path.index(name):] + [name])
            raise ScenarioError(f"definitions.{name} depends on itself: {cycle}", fix="break the cycle")
        state[name] = "active"
        for used in sorted(uses[name]):
            if used in uses:
                visit(used, path + [name])
        state[name] = "done"
        order.append(name)

    for name in uses:
        visit(name, [])
    return order


def located_in(where: str, function: Any, *args: Any) -> Any:
    """Call ``function``, prefixing any ScenarioError it raises with ``where``."""
    try:
        return function(*args)
    except ScenarioError as error:
        error.problem = f"{where}: {error.problem}"
        raise
