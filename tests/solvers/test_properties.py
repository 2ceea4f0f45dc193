"""Property tests on small integer games, which are degenerate most of the time."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipgame.games import Game
from chipgame.solvers import solve
from tests.conftest import assert_equilibrium

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def bimatrix_games(draw, max_size: int = 4, payoffs=st.integers(-3, 3)):
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    entries = draw(st.lists(st.tuples(payoffs, payoffs), min_size=m * n, max_size=m * n))
    array = np.array(entries, dtype=object).reshape(m, n, 2)
    labels = (tuple(f"r{i}" for i in range(m)), tuple(f"c{j}" for j in range(n)))
    return Game(("Row", "Column"), labels, array)


def _set(game):
    return {eq.profile for eq in solve(game).equilibria}


@PROPERTY_SETTINGS
@given(bimatrix_games())
def test_every_equilibrium_returned_is_one_and_there_is_at_least_one(game):
    solution = solve(game)
    assert solution.equilibria, "every finite game has an equilibrium"
    for eq in solution.equilibria:
        assert_equilibrium(game, eq.profile)


@PROPERTY_SETTINGS
@given(bimatrix_games(), st.integers(1, 5), st.integers(-7, 7), st.integers(0, 1))
def test_positive_affine_change_of_one_players_payoffs_changes_nothing(game, scale, shift, player):
    payoffs = np.array(game.payoffs, dtype=object)
    payoffs[..., player] = payoffs[..., player] * Fraction(scale, 2) + shift
    changed = Game(game.players, game.strategies, payoffs)
    assert _set(changed) == _set(game)


@PROPERTY_SETTINGS
@given(bimatrix_games(), st.randoms(use_true_random=False))
def test_reordering_strategies_reorders_the_equilibria(game, random):
    rows = list(range(game.shape[0]))
    columns = list(range(game.shape[1]))
    random.shuffle(rows)
    random.shuffle(columns)
    payoffs = np.array(game.payoffs, dtype=object)[rows][:, columns]
    labels = (tuple(game.strategies[0][i] for i in rows), tuple(game.strategies[1][j] for j in columns))
    reordered = Game(game.players, labels, payoffs)
    back = {(tuple(x[rows.index(i)] for i in range(len(rows))), tuple(y[columns.index(j)] for j in range(len(columns))))
            for x, y in _set(reordered)}
    assert back == _set(game)


@PROPERTY_SETTINGS
@given(bimatrix_games())
def test_swapping_the_players_swaps_the_equilibria(game):
    swapped = Game(game.players[::-1], game.strategies[::-1],
                   np.array(game.payoffs, dtype=object).transpose(1, 0, 2)[..., ::-1])
    assert {(y, x) for x, y in _set(swapped)} == _set(game)


@settings(max_examples=100, deadline=None)
@given(bimatrix_games(max_size=4))
def test_agrees_with_gambit_enummixed_on_random_degenerate_games(game):
    gbt = pytest.importorskip("pygambit")
    reference = gbt.Game.from_arrays(
        np.array(game.payoff_array(0), dtype=int), np.array(game.payoff_array(1), dtype=int))
    expected = {
        tuple(tuple(Fraction(str(eq[s])) for s in player.strategies) for player in reference.players)
        for eq in gbt.nash.enummixed_solve(reference, rational=True).equilibria
    }
    assert _set(game) == expected
