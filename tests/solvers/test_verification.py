"""The integer check of many two-player profiles agrees with the generic exact check."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chipgame.errors import SolverError
from chipgame.games import Game
from chipgame.solvers.verification import check_bimatrix_equilibria, check_equilibrium


def _game(rows: list[list[tuple[int, int]]]) -> Game:
    m, n = len(rows), len(rows[0])
    return Game(("A", "B"), (tuple(f"r{i}" for i in range(m)), tuple(f"c{j}" for j in range(n))), rows)


def _mix(weights: list[int]) -> tuple[F, ...]:
    total = sum(weights)
    return tuple(F(w, total) for w in weights)


@st.composite
def games_and_profiles(draw):
    m, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    cell = st.tuples(st.integers(-5, 5), st.integers(-5, 5))
    rows = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    weights = st.integers(0, 3)
    x = draw(st.lists(weights, min_size=m, max_size=m).filter(any))
    y = draw(st.lists(weights, min_size=n, max_size=n).filter(any))
    return _game(rows), (_mix(x), _mix(y))


@settings(max_examples=100, deadline=None)
@given(games_and_profiles())
def test_agrees_with_the_generic_check(case):
    game, profile = case
    try:
        expected = check_equilibrium(game, profile)
    except SolverError:
        with pytest.raises(SolverError):
            check_bimatrix_equilibria(game, [profile])
    else:
        assert check_bimatrix_equilibria(game, [profile]) == [expected]


def test_large_payoffs_are_checked_exactly_beyond_int64():
    big = 10**30
    game = _game([[(big, 1), (0, 0)], [(0, 0), (big + 1, 1)]])
    bottom = (F(0), F(1))
    assert check_bimatrix_equilibria(game, [(bottom, bottom)]) == [(F(big + 1), F(1))]
    with pytest.raises(SolverError):
        check_bimatrix_equilibria(game, [((F(1), F(0)), bottom)])


def test_a_profile_that_is_not_a_distribution_is_refused():
    game = _game([[(1, 1), (0, 0)], [(0, 0), (1, 1)]])
    with pytest.raises(SolverError, match="distribution"):
        check_bimatrix_equilibria(game, [((F(1, 2), F(1, 3)), (F(1), F(0)))])
