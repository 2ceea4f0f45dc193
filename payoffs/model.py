"""A payoff model: one sympy expression per player at every strategy profile."""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import sympy

from ..errors import ChipgameError, GameError, ModelError
from ..games import Game, Number
from ..games.equality import equal_dataclasses
from ..games.immutable import FrozenMapping
from .evaluation import Evaluator
from .parameters import Parameter
from .pickling import Encoded, decode_expressions, encode_expressions

__all__ = ["PayoffModel", "Profile", "profile_key"]

Profile = tuple[str, ...]
"""A pure strategy profile as strategy labels, in player order."""


def profile_key(profile: Sequence[str]) -> str:
    """The text key of a profile in a scenario's ``[payoffs]`` table.

    Examples
    --------
    >>> profile_key(("Buy", "HoldMargin"))
    'Buy, HoldMargin'
    """
    return ", ".join(profile)


@dataclass(frozen=True, eq=False)
class PayoffModel:
    """Payoffs as sympy expressions of named parameters; evaluate it to get a numeric Game.

    Build it from trusted Python code with sympy symbols, or load it from a scenario file
    (see ``chipgame.payoffs.load_scenario``); both give the same model.

    Parameters
    ----------
    players
        Player names, in order.
    strategies
        One sequence of strategy labels per player.
    payoffs
        For every pure profile (a tuple of strategy labels, in player order), one sympy
        expression (or number) per player.
    parameters
        The parameters the expressions may use, with base values. Symbols are matched by name.
    title
        A human-readable title, carried into the games it evaluates to.

    Examples
    --------
    >>> import sympy
    >>> m = sympy.Symbol("m")
    >>> model = PayoffModel(
    ...     players=("Buyer", "Vendor"),
    ...     strategies=(("Buy", "Build"), ("Hold", "Cut")),
    ...     payoffs={("Buy", "Hold"): (-1 / (1 - m), m), ("Buy", "Cut"): (-1, m / 2),
    ...              ("Build", "Hold"): (-sympy.Rational(3, 2), 0), ("Build", "Cut"): (-sympy.Rational(3, 2), 0)},
    ...     parameters=[Parameter("m", 0.5)])
    >>> model.evaluate().payoff((0, 0))
    (Fraction(-2, 1), Fraction(1, 2))
    >>> model.evaluate({"m": 0.25}).payoff((0, 0))
    (Fraction(-4, 3), Fraction(1, 4))
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: Mapping[Profile, tuple[sympy.Expr, ...]]
    parameters: tuple[Parameter, ...]
    title: str = ""

    def __post_init__(self) -> None:
        players = tuple(self.players)
        strategies = tuple(tuple(s) for s in self.strategies)
        try:
            Game(players, strategies, np.zeros((*map(len, strategies), len(players)), dtype=int))
        except GameError as error:
            raise ModelError(error.problem, fix=error.fix) from None
        parameters = tuple(self.parameters)
        names = [p.name for p in parameters]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ModelError(f"parameters {duplicates} are given twice", fix="give each parameter once")
        table = _checked_payoffs(self.payoffs, strategies, len(players), set(names))
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "strategies", strategies)
        object.__setattr__(self, "parameters", parameters)
        object.__setattr__(self, "payoffs", FrozenMapping(table))

    __eq__ = equal_dataclasses

    def __hash__(self) -> int:
        return hash((self.players, self.strategies, self.title))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle with every expression exactly as built (see ``chipgame.payoffs.pickling``), so a
        sweep or Monte Carlo run on other processes evaluates the very same expressions."""
        profiles = list(self.payoffs)
        encoded = encode_expressions(expr for profile in profiles for expr in self.payoffs[profile])
        return (_unpickle_model, (self.players, self.strategies, profiles, encoded, self.parameters, self.title))

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of strategies of each player."""
        return tuple(len(s) for s in self.strategies)

    @property
    def symbols(self) -> dict[str, sympy.Symbol]:
        """The parameter symbols, by name: the very symbols the payoff expressions use (a model built
        in Python may use plain ``Symbol("m")``), or the parameter's own symbol when unused."""
        return dict(self._symbols)

    @cached_property
    def _symbols(self) -> dict[str, sympy.Symbol]:
        """``symbols``, found once (a walk over every expression)."""
        used = {s.name: s for row in self.payoffs.values() for expr in row for s in expr.free_symbols}
        return {p.name: used.get(p.name, p.symbol) for p in self.parameters}

    @cached_property
    def _evaluator(self) -> Evaluator:
        """Every payoff expression, profile by profile in ``itertools.product`` order, player by player,
        compiled once for ``evaluate``."""
        profiles = itertools.product(*self.strategies)
        return Evaluator([expr for profile in profiles for expr in self.payoffs[profile]])

    def base_values(self) -> dict[str, Number]:
        """The base value of every parameter, by name."""
        return {p.name: p.value for p in self.parameters}

    def values_with(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Number]:
        """The base values with ``overrides`` applied, each override checked and made exact.

        Raises
        ------
        ModelError
            When an override names no parameter or is not a number.
        """
        values = self.base_values()
        for name, value in (overrides or {}).items():
            values[name] = self.checked_value(name, value)
        return values

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``.

        Raises
        ------
        ModelError
            When the model has no such parameter.
        """
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "(none)"
        raise ModelError(f"unknown parameter {name!r}", fix=f"use one of: {known}")

    def checked_value(self, name: str, value: Any) -> Number:
        """``value`` for the parameter ``name``, made exact, refused outside its bounds and warned
        about (``OutsideRangeWarning``) outside its range.

        Raises
        ------
        ModelError
            When there is no such parameter, or the value is not a number or is outside the bounds.
        """
        parameter = self.parameter(name)
        try:
            number = parameter.checked(value, name)
        except ChipgameError as error:
            raise ModelError(error.problem, fix=error.fix) from None
        parameter.warn_outside_range(number, "a value used")
        return number

    def check_interval(self, name: str, low: Number, high: Number) -> None:
        """Refuse an interval of ``name`` (a sweep axis, a threshold search) reaching outside its bounds,
        and warn when it reaches outside its range.

        Examples
        --------
        >>> model = PayoffModel(("A",), (("a",),), {("a",): (sympy.Symbol("p"),)}, [Parameter("p", 0.5, bounds=(0, 1))])
        >>> model.check_interval("p", 0, 2)
        Traceback (most recent call last):
        ...
        chipgame.errors.ModelError: p = 2 is outside the bounds [0, 1] of p; fix: use values of p from 0 to 1
        """
        for end in (low, high):
            self.checked_value(name, end)

    def evaluate(self, overrides: Mapping[str, Any] | None = None) -> Game:
        """Evaluate every payoff at the base values, with ``overrides`` applied, into a Game.

        The game is exact (Fractions) when every payoff is rational at these values, and
        float otherwise.

        Raises
        ------
        ModelError
            When an override is bad, or a payoff divides by zero or has no finite real value.
        """
        values = self.values_with(overrides)
        n = len(self.players)
        array = np.empty((*self.shape, n), dtype=object)
        value = self._evaluator.start(values)
        for k, index in enumerate(itertools.product(*(range(k) for k in self.shape))):
            profile = tuple(s[i] for s, i in zip(self.strategies, index))
            for player, expr in enumerate(self.payoffs[profile]):
                try:
                    array[(*index, player)] = value(k * n + player)
                except ModelError as error:
                    raise ModelError(
                        f"the payoff of {self.players[player]} at \"{profile_key(profile)}\" "
                        f"cannot be evaluated at {_describe(values, expr)}: {error.problem}",
                        fix=error.fix,
                    ) from None
        return Game(self.players, self.strategies, array, self.title)


def _unpickle_model(players: tuple[str, ...], strategies: tuple[tuple[str, ...], ...], profiles: list[Profile],
                    encoded: list[Encoded], parameters: tuple[Parameter, ...], title: str) -> PayoffModel:
    """The model of ``PayoffModel.__reduce__``."""
    expressions = iter(decode_expressions(encoded))
    payoffs = {profile: tuple(next(expressions) for _ in players) for profile in profiles}
    return PayoffModel(players, strategies, payoffs, parameters, title)


def _describe(values: Mapping[str, Number], expr: sympy.Expr) -> str:
    used = sorted(s.name for s in expr.free_symbols)
    return ", ".join(f"{name}={values[name]}" for name in used if name in values) or "these values"


def _as_expression(value: Any) -> Any:
    """Numbers from Python code, Python's or numpy's, become sympy numbers (integers and fractions
    exact, floats stay floats); the rest is checked later."""
    if isinstance(value, (bool, np.bool_)):
        return value
    if isinstance(value, numbers.Rational):
        return sympy.Rational(int(value.numerator), int(value.denominator))
    if isinstance(value, (float, np.floating)):
        return sympy.Float(float(value))
    return value


def _checked_payoffs(
    payoffs: Mapping[Any, Iterable[Any]],
    strategies: tuple[tuple[str, ...], ...],
    n_players: int,
    names: set[str],
) -> dict[Profile, tuple[sympy.Expr, ...]]:
    table: dict[Profile, tuple[sympy.Expr, ...]] = {}
    for raw_profile, row in payoffs.items():
        profile = tuple(raw_profile)
        if len(profile) != n_players or any(s not in labels for s, labels in zip(profile, strategies)):
            raise ModelError(
                f"payoffs name the profile {raw_profile!r}, which is not a strategy profile of this game",
                fix="give one strategy of each player, in player order",
            )
        exprs = tuple(_as_expression(v) for v in row)
        if len(exprs) != n_players:
            raise ModelError(
                f"the payoffs at {profile_key(profile)!r} have {len(exprs)} entries for {n_players} players",
                fix="give one payoff per player",
            )
        for expr in exprs:
            if not isinstance(expr, sympy.Basic):
                raise ModelError(f"the payoff {expr!r} at {profile_key(profile)!r} is not a sympy expression")
            unknown = sorted(s.name for s in expr.free_symbols if s.name not in names)
            if unknown:
                raise ModelError(
                    f"the payoff at {profile_key(profile)!r} uses {unknown}, which are not parameters",
                    fix="add them to the parameters",
                )
        table[profile] = exprs
    missing = [p for p in itertools.product(*strategies) if p not in table]
    if missing:
        raise ModelError(
            f"no payoffs for the profile {profile_key(missing[0])!r}"
            + (f" and {len(missing) - 1} more" if len(missing) > 1 else ""),
            fix="give payoffs for every strategy profile",
        )
    return table
