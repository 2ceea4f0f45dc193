"""Scenario files: untrusted TOML in, a checked PayoffModel out."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy

from ..errors import ChipgameError, FileError, ModelError, ScenarioError
from ..games import Game
from ..games.equality import equal_dataclasses
from ..games.immutable import FrozenMapping
from ..seeds import seed_file, shipped_names
from .chip_market import BUILTIN_MODELS, ChipMarket, builtin_model
from .choices import Bargaining, Decision, Types, bargaining_from_table, decisions_from_table, types_from_table
from .definitions import MAX_EXPANDED_SIZE, check_definitions, definition_symbols, definitions_as_written, located_in
from .formula import parse_formula
from .model import PayoffModel, profile_key
from .parameter_tables import PARAMETER_KEYS, parameters_from_table, refuse_unknown
from .parameters import Parameter
from .pickling import Encoded, decode_expressions, encode_expressions

__all__ = ["Scenario", "load_scenario", "parse_scenario", "MAX_EXPANDED_SIZE", "MAX_FILE_BYTES"]

MAX_FILE_BYTES = 1_000_000
"""Largest scenario file accepted."""
MAX_PLAYERS = 10
MAX_STRATEGIES = 100
MAX_PROFILES = 10_000
MAX_NAMES = 500

_TOP_KEYS = ("title", "description", "claims", "model", "roles", "order", "parameters", "definitions", "players",
             "payoffs", "decisions", "bargaining", "types")
_ROLE_KEYS = ("hyperscalers", "vendor", "hyperscaler_strategies", "vendor_strategies", "acquirer")



@dataclass(frozen=True, eq=False)
class Scenario:
    """A loaded scenario: its question in words and its payoff model.

    ``order`` is None for simultaneous moves; for sequential ones, the players in the order
    they move (perfect information: each sees the moves before it).

    Examples
    --------
    >>> scenario = load_scenario("bytedance-vs-cambricon")
    >>> scenario.model.players, scenario.order
    (('ByteDance', 'Cambricon'), None)
    """

    title: str
    description: str
    model: PayoffModel
    source: str
    claims: tuple[str, ...] = ()
    definitions: Mapping[str, sympy.Expr] = field(default_factory=lambda: FrozenMapping({}))
    order: tuple[str, ...] | None = None
    """For sequential scenarios: the players in the order they move, each seeing earlier moves."""
    builtin_model: str | None = None
    """The built-in model the scenario sets parameters of (``"chip-market"``), or None."""
    equations: Mapping[str, sympy.Expr] = field(default_factory=lambda: FrozenMapping({}))
    """The definitions as written: each with the symbols of the definitions it uses (for reading)."""
    payoff_equations: Mapping[tuple[str, ...], tuple[sympy.Expr, ...]] = field(
        default_factory=lambda: FrozenMapping({}))
    """The payoffs as written, with the symbols of definitions (for reading); same keys as the model's."""
    decisions: tuple[Decision, ...] = ()
    """Parameters chosen by a player before the game is played (``[decisions.NAME]``)."""
    bargaining: Bargaining | None = None
    """A parameter two players bargain over (``[bargaining]``), or None."""
    types: Types | None = None
    """A parameter only one player knows, with the others' belief over its values (``[types.NAME]``), or None."""

    __eq__ = equal_dataclasses

    def __hash__(self) -> int:
        return hash((self.title, self.source, self.model))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle with every expression exactly as built (see ``chipgame.payoffs.pickling``), as the
        model does, so a scenario comes back from another process equal to itself."""
        rows = [sympy.Tuple(*row) for row in self.payoff_equations.values()]
        encoded = encode_expressions([*self.definitions.values(), *self.equations.values(), *rows])
        return (_unpickle_scenario, (self.title, self.description, self.model, self.source, self.claims, self.order,
                                     self.builtin_model, list(self.definitions), list(self.equations),
                                     list(self.payoff_equations), encoded, self.decisions, self.bargaining,
                                     self.types))

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """The model's parameters, in file order."""
        return self.model.parameters

    def evaluate(self, overrides: Mapping[str, Any] | None = None) -> Game:
        """The numeric game at the base values with ``overrides`` applied (errors name the file)."""
        try:
            return self.model.evaluate(overrides)
        except ChipgameError as error:
            raise error.in_file(self.source) from None


def _unpickle_scenario(title: str, description: str, model: PayoffModel, source: str, claims: tuple[str, ...],
                       order: tuple[str, ...] | None, builtin_model: str | None, definitions: list[str],
                       equations: list[str], profiles: list[tuple[str, ...]], encoded: list[Encoded],
                       decisions: tuple[Decision, ...] = (), bargaining: Bargaining | None = None,
                       types: Types | None = None) -> Scenario:
    """The scenario of ``Scenario.__reduce__``."""
    expressions = iter(decode_expressions(encoded))
    return Scenario(title, description, model, source, claims,
                    FrozenMapping({name: next(expressions) for name in definitions}), order, builtin_model,
                    FrozenMapping({name: next(expressions) for name in equations}),
                    FrozenMapping({profile: tuple(next(expressions).args) for profile in profiles}),
                    decisions, bargaining, types)


def load_scenario(path_or_seed: str | Path) -> Scenario:
    """Load a scenario from a ``.toml`` file, or a shipped seed or classic game by name.

    Raises
    ------
    ScenarioError
        When there is no such file or seed, or the file is malformed; the message names the
        file, the key and the fix.
    FileError
        When the file cannot be read (the message names it and the operating system's reason).

    Examples
    --------
    >>> load_scenario("bytedance-vs-cambricon").title
    'ByteDance vs Cambricon, 2026'
    >>> load_scenario("bytedance-vs-nvidia").builtin_model      # a seed on the built-in model
    'chip-market'
    >>> load_scenario("prisoners-dilemma").title                # a classic game
    "Prisoner's dilemma"
    """
    path = Path(path_or_seed)
    if path.is_file():
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ScenarioError(f"the file is larger than {MAX_FILE_BYTES} bytes", file=str(path), fix="split it")
            data = path.read_bytes()
        except OSError as error:
            raise FileError.from_os_error(error, str(path), "read") from None
        return parse_scenario(data, source=str(path))
    seed = seed_file(str(path_or_seed))
    if seed is None:
        close = difflib.get_close_matches(str(path_or_seed), shipped_names(), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ScenarioError(
            f"no scenario file or seed named {str(path_or_seed)!r}",
            fix=f"{hint}give a path to a .toml file, or a seed or classic game from 'chipgame seeds'",
        )
    return parse_scenario(seed.read_bytes(), source=str(path_or_seed))


def parse_scenario(data: bytes | str, source: str = "<scenario>") -> Scenario:
    """Parse scenario TOML (bytes or text) into a Scenario; ``source`` names it in errors.

    A scenario either gives its own ``[[players]]`` and ``[payoffs]``, or names a built-in model
    (``model = "chip-market"``) with a ``[roles]`` table and then only changes the model's
    parameters, adds ``[definitions]`` and replaces single ``[payoffs]`` entries.

    A base value outside its parameter's bounds is refused; one inside the bounds but outside the
    declared range is allowed with an ``OutsideRangeWarning``.
    """
    try:
        scenario = _parse(data, source)
    except ChipgameError as error:
        raise error.in_file(source) from None
    for parameter in scenario.parameters:
        parameter.warn_outside_range(parameter.value,
                                     f"{source}: parameters.{parameter.name}.value = {parameter.value}")
    return scenario


def _parse(data: bytes | str, source: str) -> Scenario:
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError(f"the scenario is larger than {MAX_FILE_BYTES} bytes", fix="split it")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ScenarioError(f"the file is not UTF-8 text ({error.reason} at byte {error.start})",
                                fix="save it as UTF-8") from None
    try:
        document = tomllib.loads(data)
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"malformed TOML: {error}", fix="check the quoting and brackets on that line") from None
    except RecursionError:
        raise ScenarioError("malformed TOML: arrays or tables are nested too deeply",
                            fix="use at most a few levels of nesting") from None
    refuse_unknown(document, _TOP_KEYS, "the top level")
    title = _text(document, "title", default=Path(source).stem)
    description = _text(document, "description", default="")
    claims = _claims(document.get("claims", []))
    if "model" in document:
        return _parse_builtin(document, source, title, description, claims)
    if "roles" in document:
        raise ScenarioError("[roles] is only read together with model = \"...\"",
                            fix=f"add model = \"{BUILTIN_MODELS[0]}\", or drop [roles] and give [[players]]")
    parameters = parameters_from_table(_table(document, "parameters"))
    names: dict[str, sympy.Expr] = {p.name: p.symbol for p in parameters}
    definitions = check_definitions(_table(document, "definitions"), names)
    readable_names = {**names, **definition_symbols(definitions)}
    names.update(definitions)
    players, strategies = _players(document.get("players"))
    payoffs = _payoffs(_table(document, "payoffs"), players, strategies, names)
    equations = definitions_as_written(_table(document, "definitions"), readable_names)
    payoff_equations = _payoffs(_table(document, "payoffs"), players, strategies, readable_names)
    try:
        model = PayoffModel(players, strategies, payoffs, parameters, title=title)
    except ModelError as error:
        raise ScenarioError(error.problem, fix=error.fix) from None
    order = _order(document.get("order"), players)
    return Scenario(title, description, model, source, claims, FrozenMapping(definitions), order,
                    equations=FrozenMapping(equations), payoff_equations=FrozenMapping(payoff_equations),
                    **_choices(document, model, order))


def _parse_builtin(document: Mapping[str, Any], source: str, title: str, description: str,
                   claims: tuple[str, ...]) -> Scenario:
    """A scenario on a built-in model: roles, parameter changes, own definitions, payoff overrides."""
    name = document["model"]
    if not isinstance(name, str) or name not in BUILTIN_MODELS:
        close = difflib.get_close_matches(str(name), BUILTIN_MODELS, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ScenarioError(f"model = {name!r} is not a built-in model",
                            fix=f"{hint}use one of: {', '.join(BUILTIN_MODELS)}; or drop model and give "
                                "[[players]] and [payoffs]")
    if "players" in document:
        raise ScenarioError(f"[[players]] cannot be given with model = {name!r}: the model's [roles] name them",
                            fix="drop the [[players]] tables and name the players in [roles]")
    market = _market(name, document.get("roles"))
    parameters = _model_parameters(_table(document, "parameters"), market.parameters, name)
    names: dict[str, sympy.Expr] = {p.name: p.symbol for p in parameters}
    names.update(market.definitions)
    definitions = check_definitions(_table(document, "definitions"), names,
                               f"a parameter or definition of the {name} model", "rename the definition")
    readable_names = {**names, **definition_symbols({**market.definitions, **definitions})}
    names.update(definitions)
    overrides = _payoffs(_table(document, "payoffs"), market.players, market.strategies, names)
    equations = {**market.equations, **definitions_as_written(_table(document, "definitions"), readable_names)}
    payoff_equations = {**market.payoff_equations,
                        **_payoffs(_table(document, "payoffs"), market.players, market.strategies, readable_names)}
    try:
        model = PayoffModel(market.players, market.strategies, {**market.payoffs, **overrides}, parameters,
                            title=title)
    except ModelError as error:
        raise ScenarioError(error.problem, fix=error.fix) from None
    order = _order(document.get("order"), market.players)
    return Scenario(title, description, model, source, claims,
                    FrozenMapping({**market.definitions, **definitions}), order, name,
                    FrozenMapping(equations), FrozenMapping(payoff_equations), **_choices(document, model, order))


def _choices(document: Mapping[str, Any], model: PayoffModel, order: tuple[str, ...] | None) -> dict[str, Any]:
    """The scenario's decisions, bargaining and types, checked against its players and parameters."""
    decisions = decisions_from_table(_table(document, "decisions"), model.players, model.parameters, order)
    bargaining = None
    if "bargaining" in document:
        bargaining = bargaining_from_table(_table(document, "bargaining"), model.players, model.strategies,
                                           model.parameters)
    types = types_from_table(_table(document, "types"), model.players, model.parameters, decisions)
    return {"decisions": decisions, "bargaining": bargaining, "types": types}


def _market(name: str, roles: Any) -> ChipMarket:
    """The built-in model for the roles table: who the hyperscalers and the vendor are."""
    example = '[roles] hyperscalers = ["ByteDance"] and vendor = "Nvidia"'
    if not isinstance(roles, dict):
        raise ScenarioError(f"model = {name!r} needs a [roles] table", fix=f"add {example}")
    refuse_unknown(roles, _ROLE_KEYS, "[roles]")
    for key in ("hyperscalers", "vendor"):
        if key not in roles:
            raise ScenarioError(f"[roles] has no {key}", fix=f"write {example}")
    for key in ("hyperscalers", "hyperscaler_strategies", "vendor_strategies"):
        value = roles.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ScenarioError(f"roles.{key} must be a list of names", fix=f'write {key} = ["...", "..."]')
    for key in ("vendor", "acquirer"):
        if key in roles and not isinstance(roles[key], str):
            raise ScenarioError(f"roles.{key} must be a name in quotes", fix=f'write {key} = "..."')
    try:
        return builtin_model(name, **roles)
    except ModelError as error:
        raise ScenarioError(f"roles.{error.problem}", fix=error.fix) from None


def _model_parameters(table: Mapping[str, Any], defaults: tuple[Parameter, ...], model: str) -> tuple[Parameter, ...]:
    """The model's parameters, with the fields the scenario sets replaced; the model's order is kept."""
    known = {p.name: p for p in defaults}
    changed: dict[str, Parameter] = {}
    for name, spec in table.items():
        where = f"parameters.{name}"
        if name not in known:
            close = difflib.get_close_matches(name, known, n=3)
            hint = f"did you mean {' or '.join(map(repr, close))}? " if close else ""
            raise ScenarioError(f"{where}: the {model} model (with these roles and strategies) has no parameter "
                                f"{name!r}", fix=f"{hint}see its parameters with 'chipgame solve' or in the docs")
        if not isinstance(spec, dict):
            raise ScenarioError(f"{where} must be a table", fix=f"write [parameters.{name}] then value = ...")
        refuse_unknown(spec, PARAMETER_KEYS, where)
        base = known[name]
        fields: dict[str, Any] = {"value": base.value, "range": base.range, "bounds": base.bounds, "unit": base.unit,
                                  "source": base.source, "description": base.description,
                                  "distribution": base.distribution}
        fields.update(spec)
        changed[name] = Parameter(name=name, **fields)
    return tuple(changed.get(p.name, p) for p in defaults)


def _order(value: Any, players: tuple[str, ...]) -> tuple[str, ...] | None:
    """The move order of a sequential scenario: every player once."""
    if value is None:
        return None
    if not isinstance(value, list) or sorted(map(str, value)) != sorted(players) or len(value) != len(players):
        raise ScenarioError(f"order = {value!r} is not an ordering of the players",
                            fix=f"list every player once, first mover first: {', '.join(players)}")
    return tuple(value)


def _text(table: Mapping[str, Any], key: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ScenarioError(f"{key} must be text", fix=f'write {key} = "..."')
    return value


def _table(document: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = document.get(key, {})
    if not isinstance(value, dict):
        raise ScenarioError(f"{key} must be a table", fix=f"write it as [{key}] with one entry per line")
    if len(value) > MAX_NAMES and key != "payoffs":
        raise ScenarioError(f"[{key}] has more than {MAX_NAMES} entries", fix="simplify the model")
    return value


def _claims(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise ScenarioError("claims must be a list of claim ids", fix='write claims = ["C1", "C4"]')
    return tuple(value)


def _players(value: Any) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
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


def _payoffs(
    table: Mapping[str, Any],
    players: tuple[str, ...],
    strategies: tuple[tuple[str, ...], ...],
    names: Mapping[str, sympy.Expr],
) -> dict[tuple[str, ...], tuple[sympy.Expr, ...]]:
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

