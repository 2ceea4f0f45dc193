"""What a scenario declares beyond its game: parameters chosen by a player (``[decisions.NAME]``),
a parameter bargained over by two players (``[bargaining]``) and a parameter known only to one
player (``[types.NAME]``). Each table is read strictly: an unknown key, a wrong type, a player
that is not in the game or a parameter without the range it needs is one ``ScenarioError``
naming the key and the fix.

Examples
--------
>>> (decision,) = decisions_from_table({"m": {"player": "Vendor"}}, ("Buyer", "Vendor"),
...                                    (Parameter("m", 0.5, range=(0, 1)),))
>>> decision
Decision(parameter='m', player='Vendor')
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..errors import ScenarioError
from .model import Profile, profile_key
from .parameter_tables import refuse_unknown
from .parameters import Parameter, parse_value

__all__ = ["Decision", "Bargaining", "Types", "decisions_from_table", "bargaining_from_table", "types_from_table",
           "MAX_DECISIONS", "MAX_TYPES"]

MAX_DECISIONS = 4
"""Most parameters a scenario may declare as decisions."""

MAX_TYPES = 6
"""Most values (types) a parameter known to one player may take."""

_DECISION_KEYS = ("player",)
_BARGAINING_KEYS = ("parameter", "players", "agreement", "disagreement", "power")
_TYPE_KEYS = ("player", "values", "probabilities")


@dataclass(frozen=True)
class Decision:
    """A parameter chosen by a player before the game is played; its feasible values are the
    parameter's declared range.

    Examples
    --------
    >>> Decision("vendor_margin", "Nvidia").player
    'Nvidia'
    """

    parameter: str
    player: str


@dataclass(frozen=True)
class Bargaining:
    """A parameter two players bargain over (the Nash bargaining solution).

    Parameters
    ----------
    parameter
        The parameter agreed on; its declared range holds the values that can be agreed.
    players
        The two players who bargain.
    agreement
        The strategy profile played once they agree.
    disagreement
        The profile played when they do not, or None for the game's own equilibrium.
    power
        The first player's bargaining power: a number from 0 to 1, or the name of a parameter
        holding it.

    Examples
    --------
    >>> Bargaining("m", ("Vendor", "Buyer"), ("Buy", "Hold"), None, Fraction(1, 2)).power
    Fraction(1, 2)
    """

    parameter: str
    players: tuple[str, str]
    agreement: Profile
    disagreement: Profile | None
    power: Fraction | str


@dataclass(frozen=True)
class Types:
    """A parameter whose value only ``player`` knows; the others hold a belief over ``values``.

    Examples
    --------
    >>> types = Types("asic_saving", "ByteDance", (Fraction(3, 10), Fraction(7, 10)), (Fraction(1, 4), Fraction(3, 4)))
    >>> sum(types.probabilities)
    Fraction(1, 1)
    """

    parameter: str
    player: str
    values: tuple[Fraction, ...]
    probabilities: tuple[Fraction, ...]


def decisions_from_table(table: Mapping[str, Any], players: Sequence[str], parameters: Sequence[Parameter],
                         order: Sequence[str] | None = None) -> tuple[Decision, ...]:
    """The ``[decisions]`` table: one ``[decisions.NAME]`` per chosen parameter, with its ``player``.

    Raises
    ------
    ScenarioError
        For more than ``MAX_DECISIONS``, an unknown key, a parameter that does not exist or has
        no range, a player not in the game, or an ``order`` that does not start with the owner.

    Examples
    --------
    >>> decisions_from_table({"m": {"player": "Seller"}}, ("Buyer", "Vendor"), (Parameter("m", 0.5, range=(0, 1)),))
    Traceback (most recent call last):
    ...
    chipgame.errors.ScenarioError: decisions.m.player = 'Seller' is not a player of the game; fix: ...
    """
    if len(table) > MAX_DECISIONS:
        raise ScenarioError(f"[decisions] declares {len(table)} decisions, more than {MAX_DECISIONS}",
                            fix="keep the decisions that matter; fix the others with their value")
    known = {p.name: p for p in parameters}
    decisions = []
    for name, spec in table.items():
        where = f"decisions.{name}"
        if not isinstance(spec, dict):
            raise ScenarioError(f"{where} must be a table", fix=f'write [{where}] then player = "..."')
        refuse_unknown(spec, _DECISION_KEYS, where)
        parameter = _ranged_parameter(name, known, where)
        if "player" not in spec:
            raise ScenarioError(f"{where} has no player", fix=f'add player = "..." (one of {", ".join(players)})')
        player = _player(spec["player"], players, f"{where}.player")
        if order is not None and order[0] != player:
            raise ScenarioError(f"order starts with {order[0]}, but {where} is chosen by {player}, and the owner of "
                                "a decision moves first", fix=f"put {player} first in order, or drop order")
        decisions.append(Decision(parameter.name, player))
    return tuple(decisions)


def bargaining_from_table(table: Mapping[str, Any], players: Sequence[str], strategies: Sequence[Sequence[str]],
                          parameters: Sequence[Parameter]) -> Bargaining:
    """The ``[bargaining]`` table.

    Raises
    ------
    ScenarioError
        For an unknown or missing key, a parameter without a range, players that are not two
        different players of the game, a profile that is not one of the game, or a power that is
        neither a number from 0 to 1 nor a parameter.

    Examples
    --------
    >>> _ = bargaining_from_table({"parameter": "m", "players": ["Vendor", "Buyer"], "agreement": "Buy, Hold"},
    ...                       ("Buyer", "Vendor"), (("Buy", "Build"), ("Hold",)), (Parameter("m", 0.5, range=(0, 1)),))
    >>> _.players, _.agreement, _.power
    (('Vendor', 'Buyer'), ('Buy', 'Hold'), Fraction(1, 2))
    """
    where = "bargaining"
    refuse_unknown(table, _BARGAINING_KEYS, f"[{where}]")
    for key in ("parameter", "players", "agreement"):
        if key not in table:
            raise ScenarioError(f"[{where}] has no {key}",
                                fix='write parameter = "...", players = ["...", "..."] and agreement = "A, B"')
    known = {p.name: p for p in parameters}
    if not isinstance(table["parameter"], str):
        raise ScenarioError(f"{where}.parameter must be a parameter's name in quotes", fix='write parameter = "..."')
    parameter = _ranged_parameter(table["parameter"], known, f"{where}.parameter")
    pair = table["players"]
    if not isinstance(pair, list) or len(pair) != 2 or pair[0] == pair[1]:
        raise ScenarioError(f"{where}.players = {pair!r} is not two different players",
                            fix=f'write players = ["{players[0]}", "{players[-1]}"]')
    bargainers = (_player(pair[0], players, f"{where}.players[0]"), _player(pair[1], players, f"{where}.players[1]"))
    agreement = _profile(table["agreement"], players, strategies, f"{where}.agreement")
    disagreement = None if "disagreement" not in table else _profile(table["disagreement"], players, strategies,
                                                                     f"{where}.disagreement")
    return Bargaining(parameter.name, bargainers, agreement, disagreement,
                      _power(table.get("power", "1/2"), known, parameter.name, f"{where}.power"))


def types_from_table(table: Mapping[str, Any], players: Sequence[str], parameters: Sequence[Parameter],
                     decisions: Sequence[Decision] = ()) -> Types | None:
    """The ``[types]`` table: at most one ``[types.NAME]``, the ``player`` who knows the value, the
    ``values`` it can take and their ``probabilities`` (which must add up to exactly 1). Without
    ``probabilities``, the parameter's uniform or triangular ``distribution`` gives them: each
    value gets the probability of its cell, the cells split halfway between consecutive values
    and reaching the distribution's ends (exact: these distributions have rational CDFs).

    Raises
    ------
    ScenarioError
        For more than one typed parameter, an unknown or missing key, a player not in the game,
        fewer than two or more than ``MAX_TYPES`` values, values repeated or outside the
        parameter's bounds, probabilities that are not positive or do not add up to 1, or a
        parameter that is also a decision.

    Examples
    --------
    >>> types_from_table({"s": {"player": "Buyer", "values": [0.3, 0.7], "probabilities": [0.5, 0.4]}},
    ...                  ("Buyer", "Vendor"), (Parameter("s", 0.5),))
    Traceback (most recent call last):
    ...
    chipgame.errors.ScenarioError: types.s.probabilities add up to 9/10, not 1; fix: ...
    """
    if not table:
        return None
    if len(table) > 1:
        raise ScenarioError(f"[types] declares {len(table)} parameters; one parameter can have types",
                            fix="keep one [types.NAME] table")
    ((name, spec),) = table.items()
    where = f"types.{name}"
    if not isinstance(spec, dict):
        raise ScenarioError(f"{where} must be a table", fix=f'write [{where}] then player, values and probabilities')
    refuse_unknown(spec, _TYPE_KEYS, where)
    missing = [key for key in _TYPE_KEYS[:2] if key not in spec]
    if missing:
        raise ScenarioError(f"{where} has no {missing[0]}",
                            fix='write player = "...", values = [0.3, 0.7] and probabilities = [0.5, 0.5]')
    known = {p.name: p for p in parameters}
    if name not in known:
        raise ScenarioError(f"{where}: there is no parameter {name!r}", fix=_parameter_hint(name, known))
    if any(d.parameter == name for d in decisions):
        raise ScenarioError(f"{where}: {name} is also a decision, and a value chosen by a player is not private "
                            "information", fix=f"drop [decisions.{name}] or [{where}]")
    player = _player(spec["player"], players, f"{where}.player")
    values = _numbers(spec["values"], f"{where}.values", known[name].checked)
    if len(set(values)) != len(values):
        raise ScenarioError(f"{where}.values repeats a value", fix="give each type its own value")
    if "probabilities" in spec:
        probabilities = _numbers(spec["probabilities"], f"{where}.probabilities", parse_value)
    else:
        probabilities = _cell_probabilities(known[name], values, where)
    if len(probabilities) != len(values):
        raise ScenarioError(f"{where} has {len(values)} values but {len(probabilities)} probabilities",
                            fix="give one probability per value")
    if any(not 0 < p <= 1 for p in probabilities):
        raise ScenarioError(f"{where}.probabilities must each be above 0 and at most 1",
                            fix="drop a value that has probability 0")
    if sum(probabilities) != 1:
        raise ScenarioError(f"{where}.probabilities add up to {sum(probabilities)}, not 1",
                            fix="make them add up to exactly 1 (fractions such as \"1/3\" are exact)")
    return Types(name, player, values, probabilities)


def _cell_probabilities(parameter: Parameter, values: tuple[Fraction, ...], where: str) -> tuple[Fraction, ...]:
    """The probability of each value's cell under the parameter's distribution (see ``types_from_table``).

    Examples
    --------
    >>> p = Parameter("s", 0.5, distribution={"kind": "triangular", "low": 0.3, "mode": 0.5, "high": 0.7})
    >>> _cell_probabilities(p, (Fraction(3, 10), Fraction(1, 2), Fraction(7, 10)), "types.s")
    (Fraction(1, 8), Fraction(3, 4), Fraction(1, 8))
    """
    distribution = parameter.distribution
    if distribution is None or distribution["kind"] not in ("uniform", "triangular"):
        raise ScenarioError(f"{where} has no probabilities, and {parameter.name} has no uniform or triangular "
                            "distribution to take them from", fix="add probabilities = [...], one per value")
    low, high = distribution["low"], distribution["high"]
    ordered = sorted(values)
    if ordered[0] < low or ordered[-1] > high:
        raise ScenarioError(f"{where}.values reach outside the distribution of {parameter.name}, [{low}, {high}]",
                            fix="give values inside it, or probabilities = [...]")
    cuts = [low, *((a + b) / 2 for a, b in zip(ordered, ordered[1:])), high]
    mass = {value: _cdf(distribution, b) - _cdf(distribution, a) for value, a, b in zip(ordered, cuts, cuts[1:])}
    return tuple(mass[value] for value in values)


def _cdf(distribution: Mapping[str, Any], x: Fraction) -> Fraction:
    """The uniform or triangular distribution's probability of a value at most ``x``, exactly."""
    low: Fraction = distribution["low"]
    high: Fraction = distribution["high"]
    if distribution["kind"] == "uniform":
        return (x - low) / (high - low)
    mode: Fraction = distribution["mode"]
    if x <= mode:
        return Fraction(0) if mode == low else (x - low) ** 2 / ((high - low) * (mode - low))
    return 1 - (high - x) ** 2 / ((high - low) * (high - mode))


def _numbers(value: Any, where: str, read: Any) -> tuple[Fraction, ...]:
    """A list of 2 to ``MAX_TYPES`` exact numbers."""
    if not isinstance(value, list) or not 2 <= len(value) <= MAX_TYPES:
        raise ScenarioError(f"{where} must be a list of 2 to {MAX_TYPES} numbers",
                            fix=f"write e.g. {where.split('.')[-1]} = [0.3, 0.7]")
    numbers = tuple(read(v, f"{where}[{k}]") for k, v in enumerate(value))
    if not all(isinstance(v, Fraction) for v in numbers):
        raise ScenarioError(f"{where} must hold exact numbers", fix="write decimals or fractions")
    return numbers


def _ranged_parameter(name: str, known: Mapping[str, Parameter], where: str) -> Parameter:
    """The parameter ``name``, which must exist and declare a range (the values that can be chosen)."""
    if name not in known:
        raise ScenarioError(f"{where}: there is no parameter {name!r}", fix=_parameter_hint(name, known))
    parameter = known[name]
    if parameter.range is None:
        raise ScenarioError(f"{where}: parameter {name} has no range, so the values that can be chosen are unknown",
                            fix=f"add range = [low, high] to [parameters.{name}]")
    return parameter


def _parameter_hint(name: str, known: Mapping[str, Parameter]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"{hint}name one of the parameters: {', '.join(known) or '(none)'}"


def _player(value: Any, players: Sequence[str], where: str) -> str:
    if not isinstance(value, str) or value not in players:
        close = difflib.get_close_matches(str(value), players, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ScenarioError(f"{where} = {value!r} is not a player of the game",
                            fix=f"{hint}name one of: {', '.join(players)}")
    return value


def _profile(value: Any, players: Sequence[str], strategies: Sequence[Sequence[str]], where: str) -> Profile:
    example = profile_key([labels[0] for labels in strategies])
    if not isinstance(value, str):
        raise ScenarioError(f"{where} must be a strategy profile in quotes", fix=f'write e.g. "{example}"')
    profile = tuple(part.strip() for part in value.split(","))
    if len(profile) != len(players) or any(s not in labels for s, labels in zip(profile, strategies)):
        raise ScenarioError(f"{where} = {value!r} is not a strategy profile of the game",
                            fix=f'name one strategy of each player, in the order {", ".join(players)}: '
                                f'e.g. "{example}"')
    return profile


def _power(value: Any, known: Mapping[str, Parameter], bargained: str, where: str) -> Fraction | str:
    """A number from 0 to 1, or the name of a parameter (other than the one bargained over)."""
    if isinstance(value, str) and value in known:
        if value == bargained:
            raise ScenarioError(f"{where} = {value!r} is the parameter bargained over",
                                fix="give a number from 0 to 1 or another parameter")
        return value
    number = parse_value(value, where)
    if not isinstance(number, Fraction) or not 0 <= number <= 1:
        raise ScenarioError(f"{where} = {value!r} is not a number from 0 to 1 or a parameter's name",
                            fix="write e.g. power = 0.5 (the first player's share of the bargaining power)")
    return number
