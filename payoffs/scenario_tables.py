"""Reading the tables of a scenario file: its text fields, players, payoffs and move order, each checked."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

import sympy

from ..errors import ScenarioError
from .definitions import located_in
from .formula import parse_formula
from .model import profile_key
from .parameter_tables import refuse_unknown

__all__ = ["MAX_NAMES", "MAX_PLAYERS", "MAX_PROFILES", "MAX_STRATEGIES", "read_claims", "read_order", "read_payoffs",
           "read_players", "read_table", "read_text"]

MAX_PLAYERS = 10
"""Most players a scenario may have."""
MAX_STRATEGIES = 100
"""Most strategies a player may have."""
MAX_PROFILES = 10_000
"""Most strategy profiles (the product of the strategy counts), checked as the players are read."""
MAX_NAMES = 500
"""Most entries of ``[parameters]`` and of ``[definitions]``."""


def read_order(value: Any, players: tuple[str, ...]) -> tuple[str, ...] | None:
    """The move order of a sequential scenario (``order``): every player once; None when not given.

    Examples
    --------
    >>> read_order(["Vendor", "Buyer"], ("Buyer", "Vendor")), read_order(None, ("Buyer", "Vendor"))
    (('Vendor', 'Buyer'), None)
    """
    if value is None:
        return None
    if not isinstance(value, list) or sorted(map(str, value)) != sorted(players) or len(value) != len(players):
        raise ScenarioError(f"order = {value!r} is not an ordering of the players",
                            fix=f"list every player once, first mover first: {', '.join(players)}")
    return tuple(value)


def read_text(table: Mapping[str, Any], key: str, default: str) -> str:
    """The text at ``key`` of ``table`` (``default`` when absent), refused when it is not text.

    Examples
    --------
    >>> read_text({"title": "Build or buy"}, "title", default="untitled")
    'Build or buy'
    """
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ScenarioError(f"{key} must be text", fix=f'write {key} = "..."')
    return value


def read_table(document: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """The table at ``key`` (empty when absent), refused when it is not a table or, but for
    ``[payoffs]``, has more than ``MAX_NAMES`` entries.

    Examples
    --------
    >>> read_table({"definitions": {"cost": "2 * m"}}, "definitions"), read_table({}, "parameters")
    ({'cost': '2 * m'}, {})
    """
    value = document.get(key, {})
    if not isinstance(value, dict):
        raise ScenarioError(f"{key} must be a table", fix=f"write it as [{key}] with one entry per line")
    if len(value) > MAX_NAMES and key != "payoffs":
        raise ScenarioError(f"[{key}] has more than {MAX_NAMES} entries", fix="simplify the model")
    return value


def read_claims(value: Any) -> tuple[str, ...]:
    """The ids of the source article's claims a scenario examines (``claims``).

    Examples
    --------
    >>> read_claims(["C1", "C4"])
    ('C1', 'C4')
    """
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise ScenarioError("claims must be a list of claim ids", fix='write claims = ["C1", "C4"]')
    return tuple(value)


def read_players(value: Any) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The players' names and their strategies from the ``[[players]]`` tables, within ``MAX_PLAYERS``,
    ``MAX_STRATEGIES`` and ``MAX_PROFILES``.

    Examples
    --------
    >>> read_players([{"name": "Buyer", "strategies": ["Buy", "Build"]}, {"name": "Vendor", "strategies": ["Hold"]}])
    (('Buyer', 'Vendor'), (('Buy', 'Build'), ('Hold',)))
    """
    if not isinstance(value, list) or not value:
        raise ScenarioError("no players", fix='add [[players]] tables with name = "..." and strategies = [...]')
    if len(value) > MAX_PLAYERS:
        raise ScenarioError(f"more than {MAX_PLAYERS} players", fix="model fewer players")
    names: list[str] = []
    strategies: list[tuple[str, ...]] = []
    size = 1
    for k, entry in enumerate(value):
        where = f"players[{k}]"
        if not isinstance(entry, dict):
            raise ScenarioError(f"{where} must be a table", fix="write it as [[players]]")
        refuse_unknown(entry, ("name", "strategies"), where)
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ScenarioError(f"{where}.name is missing or blank", fix='add name = "..."')
        if name in names:
            raise ScenarioError(f"{where}.name {name!r} is used twice", fix="give every player its own name")
        labels = entry.get("strategies")
        if not isinstance(labels, list) or not labels:
            raise ScenarioError(f"{where} ({name}) has no strategies", fix='add strategies = ["A", "B"]')
        if len(labels) > MAX_STRATEGIES:
            raise ScenarioError(f"{where}.strategies has more than {MAX_STRATEGIES} entries", fix="use fewer")
        for label in labels:
            if not isinstance(label, str) or not label.strip() or "," in label or label != label.strip():
                raise ScenarioError(f"{where}.strategies has the unusable name {label!r}",
                                    fix="use non-blank names without commas or surrounding spaces")
            if labels.count(label) > 1:
                raise ScenarioError(f"{where}.strategies names {label!r} twice", fix="give every strategy its own name")
        size *= len(labels)
        if size > MAX_PROFILES:
            raise ScenarioError(f"more than {MAX_PROFILES} strategy profiles", fix="use fewer strategies")
        names.append(name)
        strategies.append(tuple(labels))
    return tuple(names), tuple(strategies)


def read_payoffs(
    table: Mapping[str, Any],
    players: tuple[str, ...],
    strategies: tuple[tuple[str, ...], ...],
    names: Mapping[str, sympy.Expr],
) -> dict[tuple[str, ...], tuple[sympy.Expr, ...]]:
    """The ``[payoffs]`` table: for each profile (strategy names in player order), one formula per
    player, parsed with ``names`` (parameters and definitions) as the only names known.

    Examples
    --------
    >>> import sympy
    >>> read_payoffs({"Buy, Hold": ["-m", "m"]}, ("Buyer", "Vendor"), (("Buy",), ("Hold",)), {"m": sympy.Symbol("m")})
    {('Buy', 'Hold'): (-m, m)}
    """
    payoffs: dict[tuple[str, ...], tuple[sympy.Expr, ...]] = {}
    for key, row in table.items():
        where = f'payoffs."{key}"'
        profile = tuple(part.strip() for part in key.split(","))
        if len(profile) != len(players):
            raise ScenarioError(f"{where} names {len(profile)} strategies for {len(players)} players",
                                fix=f"name one strategy per player in order: {', '.join(players)}")
        for player, label, labels in zip(players, profile, strategies):
            if label not in labels:
                close = difflib.get_close_matches(label, labels, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ScenarioError(f"{where}: {player} has no strategy {label!r}",
                                    fix=f"{hint}{player}'s strategies are {', '.join(labels)}")
        if profile in payoffs:
            raise ScenarioError(f"{where} repeats the profile {profile_key(profile)!r}", fix="give each profile once")
        if not isinstance(row, list) or len(row) != len(players):
            count = len(row) if isinstance(row, list) else "not a list of"
            raise ScenarioError(f"{where} has {count} payoffs for {len(players)} players",
                                fix=f"give a list of {len(players)} formulas, one for each of {', '.join(players)}")
        exprs = []
        for k, text in enumerate(row):
            if isinstance(text, (int, float)) and not isinstance(text, bool):
                text = repr(text)
            if not isinstance(text, str):
                raise ScenarioError(f"{where}[{k}] must be a formula or a number", fix='write e.g. "-chip_spend"')
            exprs.append(located_in(f"{where}[{k}] ({players[k]})", parse_formula, text, names))
        payoffs[profile] = tuple(exprs)
    return payoffs
