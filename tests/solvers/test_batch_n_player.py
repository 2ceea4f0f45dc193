"""The float screen of many n-player games (``batch_n_player``): against the exact solver.

A game the screen does not flag must have exactly the screen's pure equilibria and no other
(checked against ``solve``, exact support enumeration, game by game); ties and near ties must be
flagged, as must every game with a mixed equilibrium. Random integer games in a small range tie
often, which is the point.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chipgame.errors import SolverError
from chipgame.games import Game
from chipgame.solvers import batch_n_player, solve
from chipgame.solvers.batch_n_player import RELATIVE_TIE, screen_equilibria


def _game(payoffs: np.ndarray) -> Game:
    shape = payoffs.shape[:-1]
    return Game(tuple(f"P{i}" for i in range(len(shape))),
                tuple(tuple(f"s{j}" for j in range(m)) for m in shape), payoffs.tolist())


def _pure_profiles(equilibria) -> list[tuple[int, ...]]:
    return [tuple(mix.index(1) for mix in eq.profile) for eq in equilibria]


def _assert_screen_agrees_with_solve(games: np.ndarray) -> tuple[int, int]:
    """For every game not flagged, ``solve`` finds exactly the screen's pure equilibria; every
    game with a mixed equilibrium is flagged. Returns (flagged, not flagged) counts."""
    screen = screen_equilibria(games.astype(float))
    for k in range(len(games)):
        equilibria = solve(_game(games[k])).equilibria
        if screen.flagged[k]:
            continue
        assert all(eq.is_pure for eq in equilibria), (k, games[k].tolist())
        assert _pure_profiles(equilibria) == screen.profiles(k), (k, games[k].tolist())
    flagged = int(screen.flagged.sum())
    return flagged, len(games) - flagged


@pytest.mark.slow
def test_random_2x2x2_integer_games_with_many_ties_agree_with_exact_solve():
    rng = np.random.default_rng(20261202)
    games = rng.integers(-2, 3, size=(150, 2, 2, 2, 3))
    flagged, decided = _assert_screen_agrees_with_solve(games)
    assert flagged > 100 and decided > 5, "both kinds of game were met"


def test_random_3x3x2_games_near_dominance_agree_with_exact_solve():
    # each player's payoff is an own-strategy term plus a small interaction in -1..1: ties are
    # common, dominance often decides, and some games keep several equilibria
    rng = np.random.default_rng(7)
    count = 24
    own = [rng.integers(0, 3, size=(count, m)) for m in (3, 3, 2)]
    games = rng.integers(-1, 2, size=(count, 3, 3, 2, 3)).astype(np.int64)
    for player, values in enumerate(own):
        shape = [1, 1, 1]
        shape[player] = values.shape[1]
        games[..., player] += 2 * values.reshape(count, *shape)
    flagged, decided = _assert_screen_agrees_with_solve(games)
    assert flagged > 3 and decided > 3


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-2, 2), min_size=24, max_size=24))
def test_hypothesis_2x2x2_integer_games_agree_with_exact_solve(values):
    _assert_screen_agrees_with_solve(np.array(values).reshape(1, 2, 2, 2, 3))


def test_a_tie_or_a_difference_within_the_margin_is_flagged_and_one_beyond_it_is_not():
    # a public-good game: giving (0) pays everyone 3/4 and costs the giver ``cost``
    def public(cost: float) -> list:
        return [[[[0.75 * (3 - a - b - c) - (s == 0) * k for s, k in zip((a, b, c), (1.0, 1.0, cost))]
                  for c in range(2)] for b in range(2)] for a in range(2)]

    tiny = 1e-12  # well within the margin, 1e-9 times the payoff scale (here 2.25)
    assert tiny < RELATIVE_TIE
    screen = screen_equilibria(np.array([public(0.75), public(0.75 + tiny), public(0.75 - tiny),
                                         public(0.75 + 1e-6), public(0.75 - 1e-6)]))
    assert screen.flagged.tolist() == [True, True, True, False, False]
    assert screen.profiles(3) == [(1, 1, 1)] and screen.profiles(4) == [(1, 1, 0)]
    # the exact games beyond the margin agree
    for k, cost in ((3, F(3, 4) + F(1, 10**6)), (4, F(3, 4) - F(1, 10**6))):
        exact = np.array(public(0.0), dtype=object)
        for index in itertools.product(range(2), repeat=3):
            gives = [s == 0 for s in index]
            exact[index] = [F(3, 4) * (3 - sum(index)) - g * c for g, c in zip(gives, (1, 1, cost))]
        assert _pure_profiles(solve(_game(exact)).equilibria) == screen.profiles(k)


def test_the_screen_is_unchanged_by_noise_below_the_margin():
    rng = np.random.default_rng(3)
    games = rng.integers(-2, 3, size=(400, 2, 2, 2, 3)).astype(float)
    noise = rng.uniform(-1, 1, size=games.shape) * 1e-11  # well within the margin
    assert 1e-11 < RELATIVE_TIE
    plain, noisy = screen_equilibria(games), screen_equilibria(games + noise)
    assert plain.flagged.tolist() == noisy.flagged.tolist()
    decided = ~plain.flagged
    assert (plain.pure[decided] == noisy.pure[decided]).all()


def test_three_player_matching_pennies_is_flagged_and_its_pure_version_is_not():
    pennies = np.array([[[[1 if a == b else -1, 1 if b == c else -1, 1 if c != a else -1]
                          for c in range(2)] for b in range(2)] for a in range(2)], dtype=float)
    solved = solve(_game(pennies.astype(int)))
    assert [eq.is_pure for eq in solved.equilibria] == [False]
    # the third player no longer cares about the first and prefers heads (strictly): pure only
    dominant = pennies.copy()
    dominant[..., 2] = np.array([2.0, 0.0])[None, None, :]
    screen = screen_equilibria(np.stack([pennies, dominant]))
    assert screen.flagged.tolist() == [True, False]
    assert screen.profiles(1) == _pure_profiles(solve(_game(dominant.astype(int))).equilibria) == [(0, 0, 0)]


def test_four_players_and_one_player_are_screened_too():
    rng = np.random.default_rng(5)
    games = rng.integers(-1, 2, size=(8, 2, 2, 2, 2, 4))
    for player in range(4):  # an own-strategy term: dominance decides some of them
        shape = [8, 1, 1, 1, 1]
        shape[player + 1] = 2
        games[..., player] += 2 * rng.integers(0, 3, size=(8, 2)).reshape(shape)
    # the first five (game 5 takes the exact solver minutes at the time of writing)
    assert _assert_screen_agrees_with_solve(games[:5])[1] > 0
    single = np.array([[[1.0], [3.0], [2.0]], [[1.0], [3.0], [3.0]]])
    screen = screen_equilibria(single)
    assert screen.flagged.tolist() == [False, True] and screen.profiles(0) == [(1,)]


def test_non_finite_payoffs_are_flagged_and_the_rest_screened():
    games = np.zeros((3, 2, 2, 2, 3))
    games[..., 0] = [[[1.0, 1.0], [1.0, 1.0]], [[0.0, 0.0], [0.0, 0.0]]]  # the first player prefers 0
    games[..., 1] = np.array([1.0, 0.0])[None, :, None]
    games[..., 2] = np.array([1.0, 0.0])[None, None, :]
    games[1, 0, 0, 0, 0] = np.nan
    games[2, 1, 1, 1, 2] = np.inf
    screen = screen_equilibria(games)
    assert screen.flagged.tolist() == [False, True, True] and screen.profiles(0) == [(0, 0, 0)]


def test_too_many_support_profiles_flag_everything(monkeypatch):
    monkeypatch.setattr(batch_n_player, "MAX_SUPPORT_PROFILES", 10)
    games = np.zeros((2, 2, 2, 2, 3))
    games[..., 0] = np.array([1.0, 0.0])[:, None, None]
    assert screen_equilibria(games).flagged.all()


def test_large_batches_are_screened_in_slices_with_the_same_result(monkeypatch):
    rng = np.random.default_rng(9)
    games = rng.integers(-3, 4, size=(300, 3, 2, 2, 3)).astype(float)
    whole = screen_equilibria(games)
    monkeypatch.setattr(batch_n_player, "_CELLS_PER_SLICE", 1)
    sliced = screen_equilibria(games)
    assert whole.flagged.tolist() == sliced.flagged.tolist() and (whole.pure == sliced.pure).all()


@pytest.mark.parametrize("shape", [(2, 2), (3, 2, 2, 3), (2, 2, 2, 2, 2), (2, 0, 2, 2)])
def test_an_array_that_is_not_a_batch_of_games_is_refused(shape):
    with pytest.raises(SolverError, match="not K games"):
        screen_equilibria(np.zeros(shape))


def test_an_empty_batch_gives_empty_arrays():
    screen = screen_equilibria(np.zeros((0, 2, 3, 2, 3)))
    assert len(screen) == 0 and screen.pure.shape == (0, 2, 3, 2) and screen.flagged.shape == (0,)
