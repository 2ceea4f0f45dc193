"""solve() on known games with exact expected equilibria (sources cited), plus generic checks."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chipgame.errors import SolverError
from chipgame.games import Game
from chipgame.solvers import solve
from tests.conftest import assert_equilibrium


def _game(row, column, labels=None):
    m, n = len(row), len(row[0])
    labels = labels or (tuple(f"r{i}" for i in range(m)), tuple(f"c{j}" for j in range(n)))
    return Game(("Row", "Column"), labels, [[[row[i][j], column[i][j]] for j in range(n)] for i in range(m)])


def _profiles(solution):
    return {eq.profile for eq in solution.equilibria}


def _exact(*mixes):
    return tuple(tuple(F(p) for p in mix) for mix in mixes)


# Each case: payoffs, the exact set of (extreme) equilibria, whether the game is degenerate, and the source.
KNOWN_GAMES = {
    # Prisoner's dilemma: unique equilibrium (Defect, Defect). Osborne & Rubinstein, A Course in
    # Game Theory (1994), example 16.2.
    "prisoners-dilemma": ([[3, 0], [5, 1]], [[3, 5], [0, 1]], {_exact((0, 1), (0, 1))}, False),
    # Matching pennies: unique mixed equilibrium (1/2, 1/2) each. Osborne & Rubinstein 1994, example 17.1.
    "matching-pennies": ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], {_exact(("1/2", "1/2"), ("1/2", "1/2"))}, False),
    # Battle of the sexes (3/2 version): two pure equilibria and ((3/5, 2/5), (2/5, 3/5)).
    # Osborne & Rubinstein 1994, example 15.3, with payoffs 3, 2, 0.
    "battle-of-the-sexes": (
        [[3, 0], [0, 2]], [[2, 0], [0, 3]],
        {_exact((1, 0), (1, 0)), _exact((0, 1), (0, 1)), _exact(("3/5", "2/5"), ("2/5", "3/5"))}, False),
    # The 3x2 game of von Stengel, "Computing equilibria for two-person games", Handbook of Game
    # Theory vol. 3 (2002), eq. (2.7): three equilibria.
    "von-stengel-3x2": (
        [[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]],
        {_exact((1, 0, 0), (1, 0)), _exact(("4/5", "1/5", 0), ("2/3", "1/3")),
         _exact((0, "1/3", "2/3"), ("1/3", "2/3"))}, False),
    # Its degenerate variant, von Stengel 2002, eq. (2.12): the pure strategy (1, 0, 0) has two best
    # responses, and a continuum of equilibria joins ((1,0,0),(1,0)) and ((1,0,0),(2/3,1/3)).
    "von-stengel-3x2-degenerate": (
        [[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]],
        {_exact((1, 0, 0), (1, 0)), _exact((1, 0, 0), ("2/3", "1/3")),
         _exact((0, "1/3", "2/3"), ("1/3", "2/3"))}, True),
    # All payoffs zero: every profile is an equilibrium; the extreme ones are the four pure profiles.
    "all-zero": ([[0, 0], [0, 0]], [[0, 0], [0, 0]],
                 {_exact((1, 0), (1, 0)), _exact((1, 0), (0, 1)), _exact((0, 1), (1, 0)), _exact((0, 1), (0, 1))},
                 True),
}


@pytest.mark.parametrize("name", KNOWN_GAMES)
def test_known_games_have_exactly_the_expected_equilibria(name):
    row, column, expected, degenerate = KNOWN_GAMES[name]
    game = _game(row, column)
    solution = solve(game)
    for eq in solution.equilibria:
        assert_equilibrium(game, eq.profile)
        assert eq.is_exact
    assert _profiles(solution) == expected
    assert solution.degenerate is degenerate
    assert solution.complete


def test_payoffs_are_the_expected_payoffs_of_the_profile():
    row, column, _, _ = KNOWN_GAMES["battle-of-the-sexes"]
    solution = solve(_game(row, column))
    mixed = [eq for eq in solution.equilibria if not eq.is_pure][0]
    assert mixed.payoffs == (F(6, 5), F(6, 5))


def test_equilibria_are_sorted_pure_first_and_name_their_support():
    row, column, _, _ = KNOWN_GAMES["battle-of-the-sexes"]
    game = _game(row, column, (("Opera", "Football"), ("Opera", "Football")))
    equilibria = solve(game).equilibria
    assert [eq.is_pure for eq in equilibria] == [True, True, False]
    assert equilibria[0].support == (("Opera",), ("Opera",))
    assert equilibria[2].support == (("Opera", "Football"), ("Opera", "Football"))


@pytest.mark.parametrize("method", ["nashpy-support-enumeration", "nashpy-vertex-enumeration"])
def test_nashpy_methods_are_repaired_to_exact_equilibria(method):
    row, column, expected, _ = KNOWN_GAMES["von-stengel-3x2"]
    solution = solve(_game(row, column), method=method)
    assert _profiles(solution) == expected
    assert all(eq.is_exact for eq in solution.equilibria)


def test_lemke_howson_finds_verified_equilibria():
    row, column, expected, _ = KNOWN_GAMES["von-stengel-3x2"]
    solution = solve(_game(row, column), method="nashpy-lemke-howson")
    assert solution.equilibria and _profiles(solution) <= expected
    assert not solution.complete


def test_float_games_are_solved_exactly_as_binary_fractions_and_returned_as_floats():
    root2 = 2**0.5
    game = _game([[root2, 0], [0, 1.0]], [[1.0, 0], [0, root2]])
    solution = solve(game)
    assert solution.method == "vertex-enumeration" and solution.complete
    assert len(solution.equilibria) == 3
    mixed = [eq for eq in solution.equilibria if not eq.is_pure][0]
    assert all(isinstance(p, float) for mix in mixed.profile for p in mix)
    assert mixed.profile[0][0] == pytest.approx(root2 / (1 + root2))
    for eq in solution.equilibria:
        assert_equilibrium(game, eq.profile, slack=1e-9)


def test_a_float_game_with_ties_to_the_last_bit_is_solved_exactly():
    # A degenerate float game where two payoffs tie to the last bit (the kind of game that made
    # nashpy's vertex enumeration fail at a threshold): exact solving sees the tie.
    game = _game([[0.1 + 0.2, 0.0], [0.30000000000000004, 0.0]], [[1.0, 1.0], [1.0, 1.0]])
    solution = solve(game)
    assert solution.degenerate and solution.complete
    assert {tuple(mix.index(1.0) for mix in eq.profile) for eq in solution.equilibria if eq.is_pure} == {
        (0, 0), (0, 1), (1, 0), (1, 1)}


def test_nashpy_vertex_enumeration_failing_on_a_float_game_falls_back_to_the_exact_search():
    # The game of issue 16 at x = 2/5: Build pays 1e-10 - (exp(x) - exp(0.4))^2 = 1e-10 against Buy's 0,
    # the other player's payoffs all zero; nashpy's vertex enumeration raises a TypeError on it.
    game = _game([[1e-10, 1e-10], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]])
    solution = solve(game, method="nashpy-vertex-enumeration")
    assert solution.method == "vertex-search" and solution.complete
    assert "nashpy vertex-enumeration failed" in solution.notes[0]
    assert {eq.profile for eq in solution.equilibria} == {((1.0, 0.0), (1.0, 0.0)), ((1.0, 0.0), (0.0, 1.0))}


_SMALL_FLOATS = st.sampled_from([0.0, 1e-10, 0.1 + 0.2, 0.30000000000000004, 0.5, 1.0, -1.0, 2.0**-40])


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 3), st.integers(2, 3), st.data())
@pytest.mark.parametrize("method", ["nashpy-vertex-enumeration", "nashpy-support-enumeration",
                                    "nashpy-lemke-howson"])
def test_nashpy_methods_never_crash_on_degenerate_float_games(method, rows, columns, data):
    # Payoffs from a handful of values, ties and near-ties included: every answer is a verified
    # equilibrium, whether nashpy's or the exact fallback's.
    matrix = st.lists(st.lists(_SMALL_FLOATS, min_size=columns, max_size=columns), min_size=rows, max_size=rows)
    game = _game(data.draw(matrix), data.draw(matrix))
    solution = solve(game, method=method)
    assert solution.equilibria
    for eq in solution.equilibria:
        assert_equilibrium(game, eq.profile, slack=1e-9)


@pytest.mark.parametrize("method", ["vertex-search", "vertex-enumeration"])
def test_both_exact_two_player_methods_find_the_known_answers(method):
    for row, column, expected, degenerate in KNOWN_GAMES.values():
        solution = solve(_game(row, column), method=method)
        assert solution.method == method
        assert _profiles(solution) == expected
        assert solution.degenerate is degenerate


def test_auto_uses_the_search_for_larger_games_and_says_so():
    size = 6
    identity = [[int(i == j) for j in range(size)] for i in range(size)]
    solution = solve(_game(identity, identity))
    assert solution.method == "vertex-search" and solution.complete
    assert len(solution.equilibria) == 2**size - 1


def test_a_time_limit_must_be_positive():
    row, column, _, _ = KNOWN_GAMES["prisoners-dilemma"]
    with pytest.raises(SolverError, match="time limit"):
        solve(_game(row, column), time_limit=0)


def test_three_players_get_pure_and_mixed_equilibria():
    # A three-player coordination game: all choose the same side, payoff 1 each; else 0.
    payoffs = [[[[1, 1, 1] if a == b == c else [0, 0, 0] for c in range(2)] for b in range(2)] for a in range(2)]
    game = Game(("A", "B", "C"), (("L", "R"),) * 3, payoffs)
    solution = solve(game)
    pure = {tuple(mix.index(1) for mix in eq.profile) for eq in solution.equilibria if eq.is_pure}
    # Where exactly two players match, the odd one out gains by joining them: only unanimity is stable.
    assert pure == {(0, 0, 0), (1, 1, 1)}
    # and all three mixing half-half is an equilibrium too: each side pays 1/4 to everyone
    half = (F(1, 2), F(1, 2))
    assert (half, half, half) in {eq.profile for eq in solution.equilibria}
    assert solution.method == "support-enumeration" and solution.complete
    for eq in solution.equilibria:
        assert_equilibrium(game, eq.profile)


def test_unknown_method_and_wrong_player_count_are_refused():
    row, column, _, _ = KNOWN_GAMES["prisoners-dilemma"]
    with pytest.raises(SolverError, match="unknown method"):
        solve(_game(row, column), method="magic")
    game = Game(("A", "B", "C"), (("x",), ("y",), ("z",)), [[[[1, 2, 3]]]])
    with pytest.raises(SolverError, match="two-player"):
        solve(game, method="vertex-enumeration")
    assert solve(game, method="pure").notes, "pure-only answers for three players say so"
