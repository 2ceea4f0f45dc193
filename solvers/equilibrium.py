"""Immutable results: an equilibrium, and the solution of a game."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..games import Game, Number
from .components import Component

__all__ = ["Equilibrium", "Solution"]

Profile = tuple[tuple[Number, ...], ...]


@dataclass(frozen=True)
class Equilibrium:
    """A verified Nash equilibrium: one probability distribution per player and the payoffs.

    Parameters
    ----------
    profile
        One tuple of probabilities per player, in player and strategy order: Fractions
        when exact, floats otherwise.
    payoffs
        Each player's expected payoff.
    strategies
        The strategy labels of the game, to name supports.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> eq = Equilibrium(((F(1), F(0)), (F(1, 2), F(1, 2))), (F(3), F(1)), (("U", "D"), ("L", "R")))
    >>> eq.support, eq.is_pure, eq.is_exact
    ((('U',), ('L', 'R')), False, True)
    """

    profile: Profile
    payoffs: tuple[Number, ...]
    strategies: tuple[tuple[str, ...], ...]

    @property
    def is_exact(self) -> bool:
        """True when every probability and payoff is an exact Fraction."""
        numbers = [p for mix in self.profile for p in mix] + list(self.payoffs)
        return all(isinstance(v, Fraction) for v in numbers)

    @property
    def support(self) -> tuple[tuple[str, ...], ...]:
        """The strategies each player plays with positive probability."""
        return tuple(
            tuple(label for label, p in zip(labels, mix) if _positive(p))
            for labels, mix in zip(self.strategies, self.profile)
        )

    @property
    def is_pure(self) -> bool:
        """True when every player plays one strategy for sure."""
        return all(len(s) == 1 for s in self.support)

    @property
    def played(self) -> tuple[int, ...] | None:
        """The index of the strategy each player plays for sure, for a pure equilibrium; None for
        a mixed one.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> Equilibrium(((F(0), F(1)), (F(1), F(0))), (F(2), F(1)), (("U", "D"), ("L", "R"))).played
        (1, 0)
        """
        if not self.is_pure:
            return None
        return tuple(next(k for k, p in enumerate(mix) if _positive(p)) for mix in self.profile)

    def sort_key(self) -> tuple[int, tuple[float, ...]]:
        """Pure equilibria first, then smaller supports, then by probabilities (largest first)."""
        probabilities = [p for mix in self.profile for p in mix]
        return (sum(map(_positive, probabilities)), tuple(-_float(p) for p in probabilities))

    def as_floats(self) -> tuple[tuple[float, ...], ...]:
        """The profile as floats."""
        return tuple(tuple(float(p) for p in mix) for mix in self.profile)


def _positive(p: Any) -> bool:
    """``p > 0``, read from the numerator for a Fraction (its comparison operators are slow)."""
    return p.numerator > 0 if type(p) is Fraction else p > 0


def _float(p: Any) -> float:
    """``float(p)``; for a Fraction the correctly rounded quotient, as ``Fraction.__float__`` computes it."""
    return p.numerator / p.denominator if type(p) is Fraction else float(p)


@dataclass(frozen=True)
class Solution:
    """The equilibria of a game, as returned by ``chipgame.solvers.solve``.

    Parameters
    ----------
    game
        The game solved.
    equilibria
        Every equilibrium found, each verified; sorted so the order is reproducible.
    degenerate
        True when some mixed strategy with k strategies in its support has more than k pure
        best responses (ties): equilibria may then form continua, whose extreme points
        are listed. None when the solver did not decide it.
    method
        The algorithm that produced the equilibria.
    complete
        True when ``equilibria`` is every extreme equilibrium (two players) or every
        equilibrium of the kind the method finds.
    notes
        Plain-language remarks on what was and was not computed.
    components
        For two-player games solved exhaustively: how the extreme equilibria group into
        connected components and maximal convex (Nash) subsets; indices refer to
        ``equilibria``. None when not computed.
    continua
        For games solved by support enumeration: the supports whose equilibria form a
        continuum (dimension, defining equations, a sample equilibrium).
    """

    game: Game
    equilibria: tuple[Equilibrium, ...]
    degenerate: bool | None
    method: str
    complete: bool
    notes: tuple[str, ...] = ()
    components: tuple[Component, ...] | None = None
    continua: tuple[Any, ...] = ()

    def __len__(self) -> int:
        return len(self.equilibria)
