"""Iterated elimination of dominated strategies: textbook games with exact expected steps (sources
cited), mixed and weak domination, n players, and property tests on small integer games."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipgame.errors import SolverError
from chipgame.games import Game
from chipgame.solvers import pure_equilibria, solve
from chipgame.solvers.dominance import Elimination, EliminationStep, eliminate_dominated
from tests.conftest import assert_equilibrium

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _bimatrix(row, column, labels, players=("Row", "Column"), title=""):
    m, n = len(row), len(row[0])
    return Game(players, labels, [[[row[i][j], column[i][j]] for j in range(n)] for i in range(m)], title)


def _summary(elimination):
    """Each step as (player, eliminated strategy, dominator, strict)."""
    return [(s.player, s.strategy, s.dominated_by, s.strict) for s in elimination.steps]


def _recheck(elimination: Elimination) -> None:
    """Re-check every recorded step by brute force over the original payoffs, without dominance code.

    The strategy was still there, the dominator is a distribution over the player's other remaining
    strategies, it pays strictly more against every profile of the others' remaining strategies
    (strict) or at least as much everywhere and more somewhere (weak), and ``remaining`` is what
    was there minus the eliminated strategy.
    """
    game = elimination.game
    before = game.strategies
    for step in elimination.steps:
        assert isinstance(step, EliminationStep)
        player = game.players.index(step.player)
        labels = game.strategies[player]
        assert step.strategy in before[player]
        assert len(before[player]) >= 2, "a player's last strategy was eliminated"
        dominators = [label for label, _ in step.dominated_by]
        assert len(set(dominators)) == len(dominators)
        assert all(label in before[player] and label != step.strategy for label, _ in step.dominated_by)
        probabilities = [p for _, p in step.dominated_by]
        if game.is_exact:
            assert all(isinstance(p, F) for p in probabilities)
        assert all(p > 0 for p in probabilities) and sum(probabilities) == 1
        ranges = [[game.strategies[k].index(label) for label in before[k]] if k != player else [None]
                  for k in range(game.n_players)]
        margins = []
        for others in itertools.product(*ranges):
            def payoff(label, others=others, player=player, labels=labels):
                profile = list(others)
                profile[player] = labels.index(label)
                return game.payoffs[tuple(profile)][player]
            margins.append(sum(p * payoff(label) for label, p in step.dominated_by) - payoff(step.strategy))
        if step.strict:
            assert all(m > 0 for m in margins)
        else:
            assert elimination.weak, "strict elimination recorded a weak step"
            assert all(m >= 0 for m in margins) and any(m > 0 for m in margins)
        expected = tuple(tuple(label for label in kept if (k, label) != (player, step.strategy))
                         for k, kept in enumerate(before))
        assert step.remaining == expected
        before = step.remaining
    assert elimination.reduced.strategies == before
    assert elimination.reduced.players == game.players and elimination.reduced.title == game.title


# --- known games ---------------------------------------------------------------------------------

def test_prisoners_dilemma_is_solved_by_strict_dominance():
    # Prisoner's dilemma, Osborne & Rubinstein, A Course in Game Theory (1994), example 16.2:
    # Defect strictly dominates Cooperate for both (5 > 3 and 1 > 0).
    game = _bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], (("Cooperate", "Defect"),) * 2, title="PD")
    result = eliminate_dominated(game)
    assert _summary(result) == [
        ("Row", "Cooperate", (("Defect", F(1)),), True),
        ("Column", "Cooperate", (("Defect", F(1)),), True),
    ]
    assert result.steps[0].remaining == (("Defect",), ("Cooperate", "Defect"))
    assert result.solved and not result.weak
    assert result.reduced.strategies == (("Defect",), ("Defect",))
    assert result.reduced.payoff((0, 0)) == (F(1), F(1))
    assert result.reduced.title == "PD"
    _recheck(result)


def test_three_by_three_textbook_game_reduces_in_four_steps():
    # Tadelis, Game Theory: An Introduction (Princeton UP, 2013), chapter 4 (IESDS), the 3x3 game
    #            L      C      R
    #      U   4, 3   5, 1   6, 2
    #      M   2, 1   8, 4   3, 6
    #      D   3, 0   9, 6   2, 8
    # Checked by hand, in this module's scan order (Row's strategies first, then Column's):
    # Row has nothing dominated at first: U=(4,5,6), M=(2,8,3), D=(3,9,2) are pairwise
    # incomparable, and no mix of two beats the third (aU+(1-a)D > M needs a < 1/4 at C and
    # a > 1/4 at R; no mix beats U at L or D at C). For Column, C=(1,4,6) < R=(2,6,8) in every row.
    # 1. Column: C by R.  Now Row has U=(4,6), M=(2,3), D=(3,2) against (L, R).
    # 2. Row: M by U (4 > 2, 6 > 3).   3. Row: D by U (4 > 3, 6 > 2).
    # 4. Column: against U alone, L pays 3 > 2 = R: R by L.   Left: (U, L), payoffs (4, 3).
    game = _bimatrix([[4, 5, 6], [2, 8, 3], [3, 9, 2]], [[3, 1, 2], [1, 4, 6], [0, 6, 8]],
                     (("U", "M", "D"), ("L", "C", "R")))
    result = eliminate_dominated(game)
    one = F(1)
    assert _summary(result) == [
        ("Column", "C", (("R", one),), True),
        ("Row", "M", (("U", one),), True),
        ("Row", "D", (("U", one),), True),
        ("Column", "R", (("L", one),), True),
    ]
    assert [s.remaining for s in result.steps] == [
        (("U", "M", "D"), ("L", "R")),
        (("U", "D"), ("L", "R")),
        (("U",), ("L", "R")),
        (("U",), ("L",)),
    ]
    assert result.solved and result.reduced.payoff((0, 0)) == (F(4), F(3))
    _recheck(result)


def test_gibbons_two_by_three_game():
    # Gibbons, Game Theory for Applied Economists (1992), section 1.1.B, figure 1.1.1:
    #             Left   Middle  Right
    #      Up     1, 0    1, 2    0, 1
    #      Down   0, 3    0, 1    2, 0
    # By hand: Right=(1,0) < Middle=(2,1) for Column; then Down=(0,0) < Up=(1,1) for Row;
    # then Left pays 0 < 2 = Middle against Up. Left: (Up, Middle).
    game = _bimatrix([[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]], (("Up", "Down"), ("Left", "Middle", "Right")))
    result = eliminate_dominated(game)
    assert [(s.player, s.strategy, s.dominated_by[0][0]) for s in result.steps] == [
        ("Column", "Right", "Middle"), ("Row", "Down", "Up"), ("Column", "Left", "Middle")]
    assert result.reduced.strategies == (("Up",), ("Middle",))
    _recheck(result)


# --- mixed domination --------------------------------------------------------------------------

MIXED_ONLY = _bimatrix([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]], (("T", "M", "B"), ("L", "R")))
"""B=(1,1) is beaten by no pure strategy (T pays 0 at R, M pays 0 at L), but 1/2 T + 1/2 M pays
(3/2, 3/2): the standard illustration that a mixed strategy can dominate where no pure one does."""


def test_a_strategy_dominated_only_by_a_mixed_strategy():
    result = eliminate_dominated(MIXED_ONLY)
    # The linear program maximises min(3a - 1, 3(1 - a) - 1): a = 1/2, margin 1/2 at both columns.
    assert _summary(result) == [("Row", "B", (("T", F(1, 2)), ("M", F(1, 2))), True)]
    assert result.reduced.strategies == (("T", "M"), ("L", "R"))
    assert not result.solved
    _recheck(result)


def test_without_mixed_strategies_nothing_is_dominated():
    assert eliminate_dominated(MIXED_ONLY, mixed=False).steps == ()


def test_the_mix_found_is_exact_and_need_not_be_half_half():
    # T=(4,0), M=(0,2), B=(1,1): aT + (1-a)M beats B iff 1/4 < a < 1/2; the max-min mix has
    # 4a - 1 = 1 - 2a, so a = 1/3.
    game = _bimatrix([[4, 0], [0, 2], [1, 1]], [[0, 0]] * 3, (("T", "M", "B"), ("L", "R")))
    assert _summary(eliminate_dominated(game)) == [("Row", "B", (("T", F(1, 3)), ("M", F(2, 3))), True)]


def test_fraction_payoffs_give_a_verified_exact_mix():
    # T=(1/3, 0), M=(0, 1/7), B=(1/10, 1/20): dominated by aT + (1-a)M for 3/10 < a < 13/20,
    # the float optimum a = 81/200 is not a float; whatever exact mix is reported must verify.
    game = _bimatrix([[F(1, 3), 0], [0, F(1, 7)], [F(1, 10), F(1, 20)]], [[0, 0]] * 3,
                     (("T", "M", "B"), ("L", "R")))
    result = eliminate_dominated(game)
    assert [(s.strategy, s.strict) for s in result.steps] == [("B", True)]
    (t, a), (m, b) = result.steps[0].dominated_by
    assert (t, m) == ("T", "M") and F(3, 10) < a < F(13, 20) and a + b == 1
    _recheck(result)


def test_a_margin_below_float_resolution_is_decided_exactly():
    # B is worse than 1/2 T + 1/2 M by 10**-13 in each column: strictly dominated, exactly.
    tiny = F(1, 10**13)
    game = _bimatrix([[3, 0], [0, 3], [F(3, 2) - tiny, F(3, 2) - tiny]], [[0, 0]] * 3, (("T", "M", "B"), ("L", "R")))
    assert _summary(eliminate_dominated(game)) == [("Row", "B", (("T", F(1, 2)), ("M", F(1, 2))), True)]
    # The same game in floats: the margin is far below the tolerance, so nothing is claimed.
    assert eliminate_dominated(game.as_float()).steps == ()
    # B better than the mix by 10**-13: never eliminated, whatever the floats say.
    above = _bimatrix([[3, 0], [0, 3], [F(3, 2) + tiny, F(3, 2) + tiny]], [[0, 0]] * 3, (("T", "M", "B"), ("L", "R")))
    assert eliminate_dominated(above).steps == ()
    assert eliminate_dominated(above, weak=True).steps == ()
    # And an exact tie with the mix is no domination, strict or weak.
    tie = _bimatrix([[3, 0], [0, 3], [F(3, 2), F(3, 2)]], [[0, 0]] * 3, (("T", "M", "B"), ("L", "R")))
    assert eliminate_dominated(tie, weak=True).steps == ()


def test_weak_domination_by_a_mixed_strategy():
    # T=(3,0,2), M=(0,3,2), B=(3/2,3/2,1): only a = 1/2 keeps both first margins >= 0, and then
    # the margins are (0, 0, 1): weakly but not strictly dominated.
    game = _bimatrix([[3, 0, 2], [0, 3, 2], [F(3, 2), F(3, 2), 1]], [[0, 0, 0]] * 3,
                     (("T", "M", "B"), ("L", "C", "R")))
    assert eliminate_dominated(game).steps == ()
    result = eliminate_dominated(game, weak=True)
    assert _summary(result) == [("Row", "B", (("T", F(1, 2)), ("M", F(1, 2))), False)]
    _recheck(result)


# --- weak dominance ------------------------------------------------------------------------------

def test_weak_elimination_depends_on_the_order():
    #            L      R
    #      T   1, 1   1, 1
    #      B   0, 1   1, 0
    # B is weakly dominated by T (0 < 1, 1 = 1) and R weakly by L (1 = 1, 1 > 0); nothing strictly.
    # Removing B first leaves L and R tied against T: (T; L, R) remains. Removing R first makes
    # B strictly worse against L: (T; L) remains. This module always scans players in order, so
    # which happens depends on who is listed first.
    row, column = [[1, 1], [0, 1]], [[1, 1], [1, 0]]
    game = _bimatrix(row, column, (("T", "B"), ("L", "R")))
    assert eliminate_dominated(game).steps == ()
    row_first = eliminate_dominated(game, weak=True)
    assert _summary(row_first) == [("Row", "B", (("T", F(1)),), False)]
    assert row_first.reduced.strategies == (("T",), ("L", "R"))
    swapped = Game(("Column", "Row"), (("L", "R"), ("T", "B")),
                   np.array(game.payoffs, dtype=object).transpose(1, 0, 2)[..., ::-1])
    column_first = eliminate_dominated(swapped, weak=True)
    assert _summary(column_first) == [("Column", "R", (("L", F(1)),), False),
                                      ("Row", "B", (("T", F(1)),), True)]
    assert column_first.reduced.strategies == (("L",), ("T",))
    assert column_first.weak and column_first.solved and not row_first.solved
    _recheck(row_first)
    _recheck(column_first)


def test_weak_elimination_can_lose_an_equilibrium():
    #            L      R
    #      T   1, 1   0, 0
    #      M   1, 1   2, 1
    #      B   0, 0   2, 1
    # T and B are each weakly dominated by M. Scanning Row first removes T, then B, leaving
    # (M; L, R). Another order, B first and then R (weakly dominated by L once B is gone), would
    # leave (T, M; L) instead: the classic warning that weak elimination is order dependent.
    # Pure equilibria of the whole game: (T,L), (M,L), (M,R), (B,R); (T,L) and (B,R) are lost.
    game = _bimatrix([[1, 0], [1, 2], [0, 2]], [[1, 0], [1, 1], [0, 1]], (("T", "M", "B"), ("L", "R")))
    result = eliminate_dominated(game, weak=True)
    assert _summary(result) == [("Row", "T", (("M", F(1)),), False), ("Row", "B", (("M", F(1)),), False)]
    assert result.reduced.strategies == (("M",), ("L", "R"))
    assert set(pure_equilibria(game)) == {(0, 0), (1, 0), (1, 1), (2, 1)}
    _recheck(result)


def test_strict_dominators_are_preferred_in_weak_mode():
    # B=(1,0): T=(1,1) beats it weakly (1 = 1, 1 > 0) and comes first, M=(2,2) beats it strictly;
    # the strict one is reported.
    game = _bimatrix([[1, 0], [1, 1], [2, 2]], [[0, 0]] * 3, (("B", "T", "M"), ("L", "R")))
    result = eliminate_dominated(game, weak=True)
    assert _summary(result) == [("Row", "B", (("M", F(1)),), True), ("Row", "T", (("M", F(1)),), True)]
    _recheck(result)


def test_identical_strategies_are_not_dominated():
    game = _bimatrix([[1, 2], [1, 2]], [[0, 1], [0, 1]], (("A", "B"), ("L", "R")))
    result = eliminate_dominated(game, weak=True)
    assert _summary(result) == [("Column", "L", (("R", F(1)),), True)]
    assert result.reduced.strategies == (("A", "B"), ("R",))


# --- n players -----------------------------------------------------------------------------------

def test_three_player_chain_needs_the_restart():
    # C's payoff is 1 for Up, 0 for Down, whatever the others do: Down is strictly dominated.
    # B gets 1 for matching C (X with Up, Y with Down), A gets 1 for matching B (L with X, R with Y).
    # Scan order A, B, C: only C has a dominated strategy at first; once Down is gone, B's Y is;
    # once Y is gone, A's R is. Solved at (L, X, Up).
    def payoff(a, b, c):
        return [int(a == b), int(b == c), int(c == 0)]
    payoffs = [[[payoff(a, b, c) for c in range(2)] for b in range(2)] for a in range(2)]
    game = Game(("A", "B", "C"), (("L", "R"), ("X", "Y"), ("Up", "Down")), payoffs, title="chain")
    result = eliminate_dominated(game)
    one = F(1)
    assert _summary(result) == [("C", "Down", (("Up", one),), True),
                                ("B", "Y", (("X", one),), True),
                                ("A", "R", (("L", one),), True)]
    assert [s.remaining for s in result.steps] == [
        (("L", "R"), ("X", "Y"), ("Up",)), (("L", "R"), ("X",), ("Up",)), (("L",), ("X",), ("Up",))]
    assert result.solved and result.reduced.payoff((0, 0, 0)) == (one, one, one)
    assert result.game_after(1).strategies == (("L", "R"), ("X", "Y"), ("Up",))
    _recheck(result)


def test_three_player_public_goods_game():
    # Contributing costs 3 and gives every player 2, so Keep beats Give by 1 whatever the others do.
    def payoff(*gives):
        total = 2 * sum(gives)
        return [total - 3 * g for g in gives]
    payoffs = [[[payoff(a, b, c) for c in range(2)] for b in range(2)] for a in range(2)]
    game = Game(("P1", "P2", "P3"), (("Keep", "Give"),) * 3, payoffs)
    result = eliminate_dominated(game)
    assert [(s.player, s.strategy) for s in result.steps] == [("P1", "Give"), ("P2", "Give"), ("P3", "Give")]
    assert result.solved and result.reduced.strategies == (("Keep",),) * 3
    _recheck(result)


def test_three_player_mixed_domination():
    # Player A's strategy c is beaten by 1/2 a + 1/2 b against each of the four profiles of B and C.
    a = [[3, 0], [0, 3]]
    b = [[0, 3], [3, 0]]
    c = [[1, 1], [1, 1]]
    payoffs = [[[[rows[j][k], 0, 0] for k in range(2)] for j in range(2)] for rows in (a, b, c)]
    game = Game(("A", "B", "C"), (("a", "b", "c"), ("x", "y"), ("u", "v")), payoffs)
    result = eliminate_dominated(game)
    assert _summary(result) == [("A", "c", (("a", F(1, 2)), ("b", F(1, 2))), True)]
    _recheck(result)


def test_a_one_player_game_keeps_its_best_strategy():
    game = Game(("Solo",), (("a", "b", "c"),), [[1], [3], [2]])
    result = eliminate_dominated(game)
    assert [(s.strategy, s.dominated_by) for s in result.steps] == [("a", (("b", F(1)),)), ("c", (("b", F(1)),))]
    assert result.solved


def test_a_last_strategy_is_never_eliminated():
    game = Game(("A", "B"), (("only",), ("x", "y")), [[[0, 0], [5, 1]]])
    result = eliminate_dominated(game, weak=True)
    assert _summary(result) == [("B", "x", (("y", F(1)),), True)]
    assert result.reduced.strategies == (("only",), ("y",))


# --- float games, stages, errors -----------------------------------------------------------------

def test_float_games_use_the_tolerance():
    root2 = 2**0.5
    game = _bimatrix([[root2, root2], [1.0, 1.0 + 1e-12]], [[0.0, 0.0], [0.0, 0.0]], (("T", "B"), ("L", "R")))
    result = eliminate_dominated(game)
    assert _summary(result) == [("Row", "B", (("T", 1.0),), True)]
    # A difference of 1e-12 is within the tolerance: B' is not weakly better than T'.
    tied = _bimatrix([[1.0, 1.0], [1.0, 1.0 + 1e-12]], [[0.0, 0.0], [0.0, 0.0]], (("T", "B"), ("L", "R")))
    assert eliminate_dominated(tied, weak=True).steps == ()


def test_float_mixed_domination():
    result = eliminate_dominated(MIXED_ONLY.as_float())
    ((t, a), (m, b)), = [s.dominated_by for s in result.steps]
    assert (t, m) == ("T", "M") and a == pytest.approx(0.5) and b == pytest.approx(0.5)
    assert isinstance(a, float)


def test_stages_for_a_walk_through():
    game = _bimatrix([[4, 5, 6], [2, 8, 3], [3, 9, 2]], [[3, 1, 2], [1, 4, 6], [0, 6, 8]],
                     (("U", "M", "D"), ("L", "C", "R")))
    result = eliminate_dominated(game)
    assert result.game_after(0) is game
    assert result.game_after(len(result.steps)) == result.reduced
    stage = result.game_after(2)
    assert stage.strategies == (("U", "D"), ("L", "R"))
    assert stage.payoff((1, 1)) == game.payoff((2, 2))
    with pytest.raises(SolverError, match="no stage 5"):
        result.game_after(5)


def test_results_are_frozen_and_reproducible():
    result = eliminate_dominated(MIXED_ONLY)
    with pytest.raises(AttributeError):
        result.steps = ()  # type: ignore[misc]
    assert eliminate_dominated(MIXED_ONLY) == result


def test_a_non_game_is_refused():
    with pytest.raises(SolverError, match="needs a chipgame Game"):
        eliminate_dominated([[1, 2], [3, 4]])  # type: ignore[arg-type]


# --- properties on small integer games -----------------------------------------------------------

@st.composite
def integer_games(draw, players=st.integers(2, 3), max_size: int = 4, payoffs=st.integers(-3, 3)):
    n = draw(players)
    shape = tuple(draw(st.integers(1, max_size)) for _ in range(n))
    count = int(np.prod(shape)) * n
    entries = draw(st.lists(payoffs, min_size=count, max_size=count))
    array = np.array(entries, dtype=object).reshape(*shape, n)
    names = tuple(f"P{k}" for k in range(n))
    labels = tuple(tuple(f"s{k}{i}" for i in range(size)) for k, size in enumerate(shape))
    return Game(names, labels, array)


def _indices(game, reduced):
    """For each player, the original index of each surviving strategy."""
    return [[labels.index(label) for label in kept] for labels, kept in zip(game.strategies, reduced.strategies)]


def _extended(game, reduced, profile):
    """A profile of the reduced game, with zeros for the eliminated strategies."""
    out = []
    for size, kept, mix in zip(game.shape, _indices(game, reduced), profile):
        full = [F(0)] * size
        for i, p in zip(kept, mix):
            full[i] = p
        out.append(full)
    return out


@PROPERTY_SETTINGS
@given(integer_games(players=st.just(2)))
def test_strict_elimination_keeps_the_two_player_equilibria(game):
    result = eliminate_dominated(game)
    _recheck(result)
    for eq in solve(result.reduced).equilibria:
        assert_equilibrium(game, _extended(game, result.reduced, eq.profile))
    for eq in solve(game).equilibria:
        for labels, kept in zip(eq.support, result.reduced.strategies):
            assert set(labels) <= set(kept), "a strategy played in an equilibrium was eliminated"


@PROPERTY_SETTINGS
@given(integer_games(players=st.integers(2, 3)))
def test_strict_elimination_keeps_exactly_the_pure_equilibria(game):
    result = eliminate_dominated(game)
    _recheck(result)
    kept = _indices(game, result.reduced)
    mapped = {tuple(kept[k][i] for k, i in enumerate(profile)) for profile in pure_equilibria(result.reduced)}
    assert mapped == set(pure_equilibria(game))


@PROPERTY_SETTINGS
@given(integer_games(players=st.integers(2, 3)))
def test_weak_elimination_only_keeps_equilibria_of_the_original(game):
    result = eliminate_dominated(game, weak=True)
    _recheck(result)
    kept = _indices(game, result.reduced)
    mapped = {tuple(kept[k][i] for k, i in enumerate(profile)) for profile in pure_equilibria(result.reduced)}
    assert mapped <= set(pure_equilibria(game))
    if game.n_players == 2:
        for eq in solve(result.reduced).equilibria:
            assert_equilibrium(game, _extended(game, result.reduced, eq.profile))
    # weak elimination removes at least what strict elimination removes
    strict = eliminate_dominated(game).reduced.strategies
    assert all(set(w) <= set(s) for w, s in zip(result.reduced.strategies, strict))


@PROPERTY_SETTINGS
@given(integer_games(players=st.integers(2, 3)), st.randoms(use_true_random=False))
def test_strict_elimination_does_not_depend_on_the_order(game, random):
    orders = [list(range(size)) for size in game.shape]
    for order in orders:
        random.shuffle(order)
    payoffs = np.array(game.payoffs, dtype=object)[np.ix_(*orders, range(game.n_players))]
    labels = tuple(tuple(game.strategies[k][i] for i in order) for k, order in enumerate(orders))
    reordered = Game(game.players, labels, payoffs)
    survivors = [set(s) for s in eliminate_dominated(game).reduced.strategies]
    assert [set(s) for s in eliminate_dominated(reordered).reduced.strategies] == survivors


@PROPERTY_SETTINGS
@given(integer_games(players=st.integers(2, 3)))
def test_mixed_dominators_remove_at_least_what_pure_ones_do(game):
    pure_only = eliminate_dominated(game, mixed=False)
    _recheck(pure_only)
    assert all(len(s.dominated_by) == 1 for s in pure_only.steps)
    with_mixed = eliminate_dominated(game).reduced.strategies
    assert all(set(m) <= set(p) for m, p in zip(with_mixed, pure_only.reduced.strategies))


@PROPERTY_SETTINGS
@given(integer_games(players=st.integers(2, 3)), st.booleans())
def test_float_and_exact_games_take_the_same_steps(game, weak):
    exact = eliminate_dominated(game, weak=weak)
    floats = eliminate_dominated(game.as_float(), weak=weak)
    assert [(s.player, s.strategy, s.strict) for s in floats.steps] == \
        [(s.player, s.strategy, s.strict) for s in exact.steps]
