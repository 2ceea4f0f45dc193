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
from .definitions import MAX_EXPANDED_SIZE, check_definitions, definition_symbols, definitions_as_written
from .model import PayoffModel
from .parameter_tables import PARAMETER_KEYS, parameters_from_table, refuse_unknown
from .parameters import Parameter
from .pickling import Encoded, decode_expressions, encode_expressions
from .scenario_tables import (
    MAX_NAMES,
    MAX_PLAYERS,
    MAX_PROFILES,
    MAX_STRATEGIES,
    read_claims,
    read_order,
    read_payoffs,
    read_players,
    read_table,
    read_text,
)

__all__ = ["Scenario", "load_scenario", "parse_scenario", "MAX_EXPANDED_SIZE", "MAX_FILE_BYTES", "MAX_NAMES",
           "MAX_PLAYERS", "MAX_PROFILES", "MAX_STRATEGIES"]

MAX_FILE_BYTES = 1_000_000
"""Largest scenario file accepted."""

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
    def declares_choices(self) -> bool:
        """True when the scenario declares decisions or types, which ``chipgame solve`` solves too."""
        return bool(self.decisions) or self.types is not None

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
    title = read_text(document, "title", default=Path(source).stem)
    description = read_text(document, "description", default="")
    claims = read_claims(document.get("claims", []))
    if "model" in document:
        return _parse_builtin(document, source, title, description, claims)
    if "roles" in document:
        raise ScenarioError("[roles] is only read together with model = \"...\"",
                            fix=f"add model = \"{BUILTIN_MODELS[0]}\", or drop [roles] and give [[players]]")
    parameters = parameters_from_table(read_table(document, "parameters"))
    names: dict[str, sympy.Expr] = {p.name: p.symbol for p in parameters}
    definitions = check_definitions(read_table(document, "definitions"), names)
    readable_names = {**names, **definition_symbols(definitions)}
    names.update(definitions)
    players, strategies = read_players(document.get("players"))
    payoffs = read_payoffs(read_table(document, "payoffs"), players, strategies, names)
    equations = definitions_as_written(read_table(document, "definitions"), readable_names)
    payoff_equations = read_payoffs(read_table(document, "payoffs"), players, strategies, readable_names)
    try:
        model = PayoffModel(players, strategies, payoffs, parameters, title=title)
    except ModelError as error:
        raise ScenarioError(error.problem, fix=error.fix) from None
    order = read_order(document.get("order"), players)
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
    parameters = _model_parameters(read_table(document, "parameters"), market.parameters, name)
    names: dict[str, sympy.Expr] = {p.name: p.symbol for p in parameters}
    names.update(market.definitions)
    definitions = check_definitions(read_table(document, "definitions"), names,
                               f"a parameter or definition of the {name} model", "rename the definition")
    readable_names = {**names, **definition_symbols({**market.definitions, **definitions})}
    names.update(definitions)
    overrides = read_payoffs(read_table(document, "payoffs"), market.players, market.strategies, names)
    equations = {**market.equations, **definitions_as_written(read_table(document, "definitions"), readable_names)}
    payoff_equations = {**market.payoff_equations, **read_payoffs(read_table(document, "payoffs"), market.players,
                                                                  market.strategies, readable_names)}
    try:
        model = PayoffModel(market.players, market.strategies, {**market.payoffs, **overrides}, parameters,
                            title=title)
    except ModelError as error:
        raise ScenarioError(error.problem, fix=error.fix) from None
    order = read_order(document.get("order"), market.players)
    return Scenario(title, description, model, source, claims,
                    FrozenMapping({**market.definitions, **definitions}), order, name,
                    FrozenMapping(equations), FrozenMapping(payoff_equations), **_choices(document, model, order))


def _choices(document: Mapping[str, Any], model: PayoffModel, order: tuple[str, ...] | None) -> dict[str, Any]:
    """The scenario's decisions, bargaining and types, checked against its players and parameters."""
    decisions = decisions_from_table(read_table(document, "decisions"), model.players, model.parameters, order)
    bargaining = None
    if "bargaining" in document:
        bargaining = bargaining_from_table(read_table(document, "bargaining"), model.players, model.strategies,
                                           model.parameters)
    types = types_from_table(read_table(document, "types"), model.players, model.parameters, decisions)
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
