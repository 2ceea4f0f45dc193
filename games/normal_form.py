"""An immutable normal-form game for any number of players, with exact or float payoffs."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import GameError

__all__ = ["Game", "Number", "to_number", "MAX_PAYOFF"]

Number = Fraction | float
"""A payoff or a probability: an exact Fraction, or a float when the value is not rational."""

MAX_PAYOFF = 10**100
"""The largest payoff magnitude a game accepts: beyond it the float stages would overflow."""

_FIX_MAGNITUDE = f"rescale the payoffs to at most {MAX_PAYOFF:.0e} in magnitude"


def _bounded(value: Fraction) -> Fraction:
    # The bit lengths settle nearly every value without a Fraction comparison.
    if value.numerator.bit_length() - value.denominator.bit_length() > 330 and abs(value) > MAX_PAYOFF:
        raise GameError(f"a payoff is larger than {MAX_PAYOFF:.0e} in magnitude", fix=_FIX_MAGNITUDE)
    return value


def to_number(value: Any) -> Number:
    """Return ``value`` as a Fraction when it is an exact rational, as a float otherwise.

    Integers and Fractions stay exact; floats stay floats (a float's decimal meaning is
    the caller's to decide); anything else is refused.

    Examples
    --------
    >>> to_number(3), to_number(Fraction(1, 3)), to_number(0.25)
    (Fraction(3, 1), Fraction(1, 3), 0.25)
    """
    if type(value) is Fraction:  # immutable: the very object will do
        return _bounded(value)
    if isinstance(value, bool):
        raise GameError(f"a payoff must be a number, not {value!r}")
    if isinstance(value, (int, Fraction)):
        return _bounded(Fraction(value))
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise GameError(f"a payoff must be finite, not {value!r}", fix="check the payoff formulas")
        number = float(value)
        if abs(number) > MAX_PAYOFF:
            raise GameError(f"a payoff of {number:.3g} is too large", fix=_FIX_MAGNITUDE)
        return number
    if isinstance(value, np.integer):
        return _bounded(Fraction(int(value)))
    raise GameError(f"a payoff must be a number, not {value!r}")


def _check_labels(what: str, labels: Sequence[str]) -> tuple[str, ...]:
    labels = tuple(labels)
    if not labels:
        raise GameError(f"{what} is empty", fix="give at least one")
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            raise GameError(f"{what} has a blank or non-text name {label!r}", fix="name every entry")
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            raise GameError(f"{what} names {label!r} twice", fix="give every entry its own name")
        seen.add(label)
    return labels


@dataclass(frozen=True, eq=False)
class Game:
    """A finite game in normal form.

    Parameters
    ----------
    players
        Player names, in order.
    strategies
        One tuple of strategy labels per player, in order.
    payoffs
        Array of shape ``(*shape, n_players)``: ``payoffs[i1, ..., in]`` holds every player's
        payoff at the profile where player k plays strategy ``ik``. Entries that are all
        rational (ints, Fractions) make an exact game, stored as Fractions; a single float
        makes the whole game a float game.
    title
        A human-readable title.

    Examples
    --------
    >>> pd = Game(("Row", "Column"), (("C", "D"), ("C", "D")),
    ...           [[[3, 3], [0, 5]], [[5, 0], [1, 1]]], title="Prisoner's dilemma")
    >>> pd.shape, pd.is_exact
    ((2, 2), True)
    >>> pd.payoff((1, 0))
    (Fraction(5, 1), Fraction(0, 1))
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: np.ndarray
    title: str = ""

    def __post_init__(self) -> None:
        players = _check_labels("the list of players", self.players)
        if len(self.strategies) != len(players):
            raise GameError(
                f"{len(players)} players but {len(self.strategies)} strategy lists",
                fix="give one list of strategies per player",
            )
        strategies = tuple(
            _check_labels(f"the strategies of {name!r}", labels)
            for name, labels in zip(players, self.strategies)
        )
        shape = tuple(len(s) for s in strategies)
        raw = np.asarray(self.payoffs, dtype=object)
        if raw.shape != (*shape, len(players)):
            raise GameError(
                f"payoff array has shape {raw.shape}, expected {(*shape, len(players))}",
                fix="give one payoff per player at every strategy profile",
            )
        numbers = [to_number(v) for v in raw.flat]
        exact = all(isinstance(v, Fraction) for v in numbers)
        if exact:
            array = np.empty(raw.shape, dtype=object)
            array.flat[:] = numbers
        else:
            array = np.array([float(v) for v in numbers], dtype=float).reshape(raw.shape)
        array.flags.writeable = False
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "strategies", strategies)
        object.__setattr__(self, "payoffs", array)
        object.__setattr__(self, "title", str(self.title))

    @property
    def n_players(self) -> int:
        """The number of players."""
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of strategies of each player."""
        return tuple(len(s) for s in self.strategies)

    @property
    def is_exact(self) -> bool:
        """True when every payoff is an exact Fraction."""
        return self.payoffs.dtype == object

    def payoff(self, profile: Sequence[int]) -> tuple[Number, ...]:
        """Every player's payoff at a pure profile given as strategy indices."""
        return tuple(self.payoffs[tuple(profile)])

    def payoff_array(self, player: int) -> np.ndarray:
        """The payoffs of one player as an array of shape ``self.shape`` (read-only)."""
        return self.payoffs[..., player]

    def profiles(self) -> Iterator[tuple[int, ...]]:
        """Every pure strategy profile, as index tuples, in lexicographic order."""
        return itertools.product(*(range(n) for n in self.shape))

    def as_float(self) -> Game:
        """The same game with float payoffs."""
        if not self.is_exact:
            return self
        return Game(self.players, self.strategies, self.payoffs.astype(float), self.title)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Game):
            return NotImplemented
        return (
            self.players == other.players
            and self.strategies == other.strategies
            and self.title == other.title
            and self.payoffs.dtype == other.payoffs.dtype
            and bool(np.all(self.payoffs == other.payoffs))
        )

    def __hash__(self) -> int:
        return hash((self.players, self.strategies, self.title, tuple(self.payoffs.flat)))

    def __repr__(self) -> str:
        size = "x".join(map(str, self.shape))
        kind = "exact" if self.is_exact else "float"
        return f"Game({self.title!r}, {size}, players={list(self.players)}, {kind})"
