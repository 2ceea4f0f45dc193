"""Candidates from Gambit made into verified equilibria: snapped, made exact where possible, checked, merged."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ..games import Game, Number
from .verification import regrets, tolerance

__all__ = ["SNAP", "Profile", "ProfilePool", "Verifier", "is_exact_profile", "profile_order", "pure_profile"]

Profile = tuple[tuple[Number, ...], ...]
"""One probability tuple per player."""

SNAP = 1e-12
"""Probabilities below this are set to zero before a candidate is checked."""

_DENOMINATORS = (10**2, 10**4, 10**6, 10**8)  # tried in turn to make a float profile exact
_SAME = 1e-7  # profiles closer than this (largest probability difference) are one profile


class Verifier:
    """Turns raw Gambit profiles into verified ones (exact where possible), counting drops."""

    def __init__(self, game: Game) -> None:
        self.game = game
        self.float_game = game.as_float()
        self.slack = tolerance(self.float_game)
        self.dropped = 0

    def accept(self, candidate: list[list[Any]], rational: bool) -> Profile | None:
        profile = self._check(candidate, rational)
        if profile is None:
            self.dropped += 1
        return profile

    def _check(self, candidate: list[list[Any]], rational: bool) -> Profile | None:
        """The verified profile, exact if possible, or None."""
        if len(candidate) != self.game.n_players or any(
                len(mix) != size for mix, size in zip(candidate, self.game.shape)):
            return None
        if rational:
            exact = tuple(tuple(Fraction(p) for p in mix) for mix in candidate)
            if self.game.is_exact and _is_distribution(exact) and _no_gain(self.game, exact):
                return exact
            candidate = [[float(p) for p in mix] for mix in exact]
        mixes = [_snap(mix) for mix in candidate]
        snapped = tuple(mix for mix in mixes if mix is not None)
        if len(snapped) != len(mixes):
            return None
        if self.game.is_exact:
            for bound in _DENOMINATORS:
                exact = tuple(_rationalise(mix, bound) for mix in snapped)
                if _no_gain(self.game, exact):
                    return exact
        if max(regrets(self.float_game, snapped)) <= self.slack:
            return snapped
        return None


def _snap(mix: Sequence[Any]) -> tuple[float, ...] | None:
    """Probabilities below SNAP set to 0, the rest rescaled to sum to 1 (None if not a mix)."""
    values = [float(p) for p in mix]
    if not all(math.isfinite(v) for v in values):
        return None
    values = [v if v >= SNAP else 0.0 for v in values]
    total = sum(values)
    return tuple(v / total for v in values) if total > 0 else None


def _rationalise(mix: Sequence[float], bound: int) -> tuple[Fraction, ...]:
    """Nearby fractions with denominators up to ``bound``, rescaled to sum exactly to 1."""
    values = [Fraction(v).limit_denominator(bound) for v in mix]
    total = sum(values)
    return tuple(v / total for v in values)


def _is_distribution(profile: Profile) -> bool:
    return all(all(p >= 0 for p in mix) and sum(mix) == 1 for mix in profile)


def _no_gain(game: Game, profile: Profile) -> bool:
    """No player gains anything by a pure deviation (exact arithmetic for exact profiles)."""
    return all(r <= 0 for r in regrets(game, profile))


def is_exact_profile(profile: Profile) -> bool:
    return all(isinstance(p, Fraction) for mix in profile for p in mix)


def pure_profile(game: Game, index: Sequence[int]) -> Profile:
    one, zero = (Fraction(1), Fraction(0)) if game.is_exact else (1.0, 0.0)
    return tuple(tuple(one if k == i else zero for k in range(size)) for i, size in zip(index, game.shape))


def profile_order(profile: Profile) -> tuple[object, ...]:
    support = sum(1 for mix in profile for p in mix if p > 0)
    return (support, tuple(-float(p) for mix in profile for p in mix))


class ProfilePool:
    """Distinct profiles; an exact profile replaces a float one at the same point."""

    def __init__(self) -> None:
        self.profiles: list[Profile] = []

    def add(self, profile: Profile) -> bool:
        """Add ``profile``; True when it is new."""
        for i, known in enumerate(self.profiles):
            if _same(known, profile):
                if is_exact_profile(profile) and not is_exact_profile(known):
                    self.profiles[i] = profile
                return False
        self.profiles.append(profile)
        return True


def _same(a: Profile, b: Profile) -> bool:
    if is_exact_profile(a) and is_exact_profile(b):
        return a == b
    return all(abs(float(x) - float(y)) <= _SAME for mx, my in zip(a, b) for x, y in zip(mx, my))
