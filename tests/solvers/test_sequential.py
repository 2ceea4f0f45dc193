"""Subgame-perfect equilibria of normal-form games played in a fixed order of moves.

Known games carry their exact subgame-perfect equilibria (path, plan, payoffs) and, where the
point is that moving first changes the answer, the Nash equilibria of the simultaneous game
from ``solve``. A property test re-derives every equilibrium by brute force over all plans.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipgame.errors import SolverError
from chipgame.games import Game
from chipgame.solvers import solve
from chipgame.solvers.sequential import (
    MAX_SUBGAME_PERFECT,
    SubgamePerfect,
    subgame_perfect_equilibria,
)
from tests.conftest import assert_equilibrium


def _two_player(players, labels, cells) -> Game:
    """A two-player game from ``cells[i][j] = (row payoff, column payoff)``."""
    return Game(players, labels, [[list(cell) for cell in row] for row in cells])


def _nash(game: Game) -> set:
    solution = solve(game)
    for eq in solution.equilibria:
        assert_equilibrium(game, eq.profile)
    return {eq.profile for eq in solution.equilibria}


def _exact(*mixes):
    return tuple(tuple(F(p) for p in mix) for mix in mixes)


# Bach or Stravinsky (Osborne, An Introduction to Game Theory, 2004, ch. 2): Ann prefers Bach,
# Bob Stravinsky. Played simultaneously it has three equilibria; with a first mover (Osborne
# 2004, ch. 5, backward induction) the unique subgame-perfect outcome is the first mover's
# favourite concert.
BOS = _two_player(
    ("Ann", "Bob"),
    (("Bach", "Stravinsky"), ("Bach", "Stravinsky")),
    [[(2, 1), (0, 0)], [(0, 0), (1, 2)]],
)


def test_battle_of_the_sexes_simultaneous_has_three_equilibria() -> None:
    assert _nash(BOS) == {
        _exact((1, 0), (1, 0)),
        _exact((0, 1), (0, 1)),
        _exact(("2/3", "1/3"), ("1/3", "2/3")),
    }


def test_battle_of_the_sexes_with_ann_first_gives_ann_her_favourite() -> None:
    (spe,) = subgame_perfect_equilibria(BOS, ["Ann", "Bob"])
    assert spe.order == ("Ann", "Bob")
    assert spe.path == ("Bach", "Bach")
    assert spe.profile == ("Bach", "Bach")
    assert spe.payoffs == (F(2), F(1))
    assert all(type(v) is F for v in spe.payoffs)
    assert dict(spe.plan) == {"Bob": {"Bach": "Bach", "Stravinsky": "Stravinsky"}}
    assert "Ann" not in spe.plan  # the first mover has no plan entry


def test_battle_of_the_sexes_with_bob_first_gives_bob_his_favourite() -> None:
    (spe,) = subgame_perfect_equilibria(BOS, ("Bob", "Ann"))
    assert spe.path == ("Stravinsky", "Stravinsky")  # Bob's move, then Ann's
    assert spe.profile == ("Stravinsky", "Stravinsky")
    assert spe.payoffs == (F(1), F(2))
    assert dict(spe.plan) == {"Ann": {"Bach": "Bach", "Stravinsky": "Stravinsky"}}


# Commitment: in the simultaneous game T strictly dominates B, so (T, L) is the unique Nash
# equilibrium, paying the row player 2. Moving first, the row player commits to B, the column
# player answers R, and the row player gets 3 -- at a profile that is not a Nash equilibrium.
# This is the introductory example of von Stengel and Zamir, "Leadership games with convex
# strategy sets", Games and Economic Behavior 69 (2010) 446-457.
COMMITMENT = _two_player(
    ("Leader", "Follower"),
    (("T", "B"), ("L", "R")),
    [[(2, 1), (4, 0)], [(1, 0), (3, 1)]],
)


def test_commitment_leader_gains_by_moving_first() -> None:
    assert _nash(COMMITMENT) == {_exact((1, 0), (1, 0))}
    (spe,) = subgame_perfect_equilibria(COMMITMENT, ["Leader", "Follower"])
    assert spe.path == ("B", "R")
    assert spe.payoffs == (F(3), F(1))
    assert dict(spe.plan) == {"Follower": {"T": "L", "B": "R"}}
    # The outcome is not a Nash equilibrium of the simultaneous game: T against R pays 4 > 3.
    assert COMMITMENT.payoff((0, 1))[0] > spe.payoffs[0]
    # The leader does better than in the simultaneous game's only equilibrium (2).
    assert spe.payoffs[0] > F(2)


def test_commitment_with_the_follower_first_is_the_nash_outcome() -> None:
    (spe,) = subgame_perfect_equilibria(COMMITMENT, ["Follower", "Leader"])
    assert spe.path == ("L", "T")
    assert spe.profile == ("T", "L")
    assert spe.payoffs == (F(2), F(1))
    assert dict(spe.plan) == {"Leader": {"L": "T", "R": "T"}}


# The entry game (Osborne 2004, ch. 5): the challenger stays Out (1, 2) or goes In; after In
# the incumbent Acquiesces (2, 1) or Fights (0, 0). As a payoff table, Out pays (1, 2) whatever
# the incumbent's strategy, so after Out the incumbent is indifferent: two subgame-perfect
# equilibria with the same path (In, Acquiesce) and different plans off the path. The Nash
# equilibrium (Out, Fight) of the table rests on a threat that is not credible.
ENTRY = _two_player(
    ("Challenger", "Incumbent"),
    (("In", "Out"), ("Acquiesce", "Fight")),
    [[(2, 1), (0, 0)], [(1, 2), (1, 2)]],
)


def test_entry_game_tie_off_the_path_gives_two_plans() -> None:
    nash = _nash(ENTRY)
    assert _exact((1, 0), (1, 0)) in nash  # (In, Acquiesce)
    assert _exact((0, 1), (0, 1)) in nash  # (Out, Fight): an incredible threat
    first, second = subgame_perfect_equilibria(ENTRY, ["Challenger", "Incumbent"])
    for spe in (first, second):
        assert spe.path == ("In", "Acquiesce")
        assert spe.payoffs == (F(2), F(1))
    assert dict(first.plan) == {"Incumbent": {"In": "Acquiesce", "Out": "Acquiesce"}}
    assert dict(second.plan) == {"Incumbent": {"In": "Acquiesce", "Out": "Fight"}}


# A tie on the follower's part that changes the leader's choice: after U the follower is
# indifferent, but its choice there decides whether the leader prefers U or D.
TIE = _two_player(
    ("Leader", "Follower"),
    (("U", "D"), ("l", "r")),
    [[(1, 0), (3, 0)], [(2, 1), (0, 0)]],
)


def test_tie_that_changes_the_path_gives_two_equilibria() -> None:
    first, second = subgame_perfect_equilibria(TIE, ["Leader", "Follower"])
    assert (first.path, first.payoffs, dict(first.plan)) == (
        ("U", "r"), (F(3), F(0)), {"Follower": {"U": "r", "D": "l"}})
    assert (second.path, second.payoffs, dict(second.plan)) == (
        ("D", "l"), (F(2), F(1)), {"Follower": {"U": "l", "D": "l"}})


def test_float_game_ties_within_tolerance() -> None:
    game = _two_player(
        ("Leader", "Follower"),
        (("U", "D"), ("l", "r")),
        [[(1.0, 0.5), (3.0, 0.5 + 1e-12)], [(2.0, 1.0), (0.0, 0.0)]],
    )
    paths = [spe.path for spe in subgame_perfect_equilibria(game, ["Leader", "Follower"])]
    assert paths == [("U", "r"), ("D", "l")]
    assert all(isinstance(v, float) for spe in subgame_perfect_equilibria(game, ["Leader", "Follower"])
               for v in spe.payoffs)


# Three players moving in the order C, A, B (not the player order), worked by hand:
#   B after (c1, a1): b2 (3 > 1)   -> (1, 3, 0)      A after c1: a2 (2 > 1) -> (2, 2, 2)
#   B after (c1, a2): b1 (2 > 0)   -> (2, 2, 2)      A after c2: a2 (3 > 0) -> (3, 3, 3)
#   B after (c2, a1): b1 (2 > 0)   -> (0, 2, 1)      C: c2 (3 > 2)
#   B after (c2, a2): b2 (3 > 1)   -> (3, 3, 3)
THREE_PAYOFFS = {
    ("a1", "b1", "c1"): (3, 1, 2), ("a1", "b1", "c2"): (0, 2, 1),
    ("a1", "b2", "c1"): (1, 3, 0), ("a1", "b2", "c2"): (2, 0, 3),
    ("a2", "b1", "c1"): (2, 2, 2), ("a2", "b1", "c2"): (1, 1, 0),
    ("a2", "b2", "c1"): (0, 0, 1), ("a2", "b2", "c2"): (3, 3, 3),
}


def _three_player_game() -> Game:
    labels = (("a1", "a2"), ("b1", "b2"), ("c1", "c2"))
    payoffs = np.empty((2, 2, 2, 3), dtype=object)
    for index in itertools.product(range(2), repeat=3):
        names = tuple(labels[k][i] for k, i in enumerate(index))
        payoffs[index] = THREE_PAYOFFS[names]
    return Game(("A", "B", "C"), labels, payoffs, title="three movers")


def test_three_players_in_a_given_order() -> None:
    (spe,) = subgame_perfect_equilibria(_three_player_game(), ["C", "A", "B"])
    assert spe.order == ("C", "A", "B")
    assert spe.path == ("c2", "a2", "b2")
    assert spe.profile == ("a2", "b2", "c2")
    assert spe.payoffs == (F(3), F(3), F(3))
    assert list(spe.plan) == ["A", "B"]  # later movers, in move order
    assert dict(spe.plan["A"]) == {"c1": "a2", "c2": "a2"}
    assert dict(spe.plan["B"]) == {"c1, a1": "b2", "c1, a2": "b1", "c2, a1": "b1", "c2, a2": "b2"}


def test_results_are_immutable_and_hashable() -> None:
    (spe,) = subgame_perfect_equilibria(BOS, ["Ann", "Bob"])
    with pytest.raises(TypeError):
        spe.plan["Bob"]["Bach"] = "Stravinsky"  # type: ignore[index]
    with pytest.raises(TypeError):
        spe.plan["Ann"] = {}  # type: ignore[index]
    with pytest.raises(AttributeError):
        spe.path = ("Stravinsky", "Stravinsky")  # type: ignore[misc]
    assert hash(spe) == hash(subgame_perfect_equilibria(BOS, ["Ann", "Bob"])[0])
    assert spe == subgame_perfect_equilibria(BOS, ["Ann", "Bob"])[0]
    assert isinstance(spe, SubgamePerfect)


def test_one_player_game_is_a_decision() -> None:
    game = Game(("Solo",), (("x", "y", "z"),), [[1], [3], [3]])
    spes = subgame_perfect_equilibria(game, ["Solo"])
    assert [spe.path for spe in spes] == [("y",), ("z",)]
    assert all(dict(spe.plan) == {} for spe in spes)


# --- counts and bounds -------------------------------------------------------------------


def test_all_ties_count_every_plan() -> None:
    # With all payoffs equal every plan is subgame perfect: k first moves times m^k plans for
    # the follower (one choice after each of the k histories).
    game = Game(("A", "B"), (("a1", "a2"), ("b1", "b2", "b3")), np.zeros((2, 3, 2), dtype=int))
    spes = subgame_perfect_equilibria(game, ["A", "B"])
    assert len(spes) == 2 * 3**2
    assert len(set(spes)) == len(spes)
    assert spes == subgame_perfect_equilibria(game, ["A", "B"])  # deterministic order


def test_too_many_equilibria_raise_a_clear_error() -> None:
    game = Game(("A", "B"), (tuple(f"a{i}" for i in range(10)), ("b1", "b2")),
                np.zeros((10, 2, 2), dtype=int))  # 10 * 2**10 = 10,240 equilibria
    with pytest.raises(SolverError, match=f"more than {MAX_SUBGAME_PERFECT:,} subgame-perfect") as caught:
        subgame_perfect_equilibria(game, ["A", "B"])
    assert "fix: " in str(caught.value)


@pytest.mark.parametrize(
    "order, fragment",
    [
        (["Ann"], "leaves out 'Bob'"),
        (["Ann", "Bob", "Ann"], "names 'Ann' twice"),
        (["Ann", "Carol"], "'Carol', which is not a player"),
        ("Ann, Bob", "must be a list of player names"),
        (["Ann", 2], "names 2, which is not a player"),
        (None, "must be a list of player names"),
    ],
)
def test_order_must_arrange_the_players(order, fragment) -> None:
    with pytest.raises(SolverError) as caught:
        subgame_perfect_equilibria(BOS, order)
    message = str(caught.value)
    assert fragment in message
    assert "fix: list every player of the game exactly once" in message


def test_ambiguous_history_keys_are_refused() -> None:
    game = Game(("A", "B", "C"), (("x, y", "x"), ("z", "y, z"), ("c",)), np.zeros((2, 2, 1, 3), dtype=int))
    with pytest.raises(SolverError, match="share the plan key"):
        subgame_perfect_equilibria(game, ["A", "B", "C"])


# --- property: every returned plan is subgame perfect, and no other plan is ---------------


@st.composite
def small_games(draw):
    n = draw(st.integers(2, 3))
    shape = tuple(draw(st.integers(1, 3 if n == 2 else 2)) for _ in range(n))
    count = int(np.prod(shape)) * n
    values = draw(st.lists(st.integers(0, 2), min_size=count, max_size=count))  # many ties
    players = tuple("PQR"[:n])
    labels = tuple(tuple(f"{p.lower()}{k}" for k in range(size)) for p, size in zip(players, shape))
    game = Game(players, labels, np.array(values, dtype=object).reshape(*shape, n))
    order = draw(st.permutations(players))
    return game, list(order)


def _histories(sizes):
    """Every history of length 0 .. n-1, as tuples of strategy indices in move order."""
    return [h for k in range(len(sizes)) for h in itertools.product(*(range(s) for s in sizes[:k]))]


def _outcome(game, movers, plan, history):
    """The payoffs reached from ``history`` when everybody after follows ``plan``."""
    moves = list(history)
    while len(moves) < len(movers):
        moves.append(plan[tuple(moves)])
    profile = [0] * game.n_players
    for player, move in zip(movers, moves):
        profile[player] = move
    return game.payoff(profile)


def _is_subgame_perfect(game, movers, plan) -> bool:
    for history, choice in plan.items():
        mover = movers[len(history)]
        chosen = _outcome(game, movers, plan, history + (choice,))[mover]
        for other in range(game.shape[mover]):
            if _outcome(game, movers, plan, history + (other,))[mover] > chosen:
                return False
    return True


def _as_index_plan(game, movers, spe):
    """A returned equilibrium as {history indices: choice index}, first move included."""
    labels = [game.strategies[p] for p in movers]
    plan = {(): labels[0].index(spe.path[0])}
    for history in _histories([len(s) for s in labels])[1:]:
        key = ", ".join(labels[k][i] for k, i in enumerate(history))
        mover_name = game.players[movers[len(history)]]
        plan[history] = labels[len(history)].index(spe.plan[mover_name][key])
    return plan


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_games())
def test_every_plan_returned_is_subgame_perfect_and_none_is_missing(case) -> None:
    game, order = case
    movers = [game.players.index(name) for name in order]
    sizes = [game.shape[p] for p in movers]
    spes = subgame_perfect_equilibria(game, order)
    assert spes, "a finite game of perfect information has a subgame-perfect equilibrium"
    returned = []
    for spe in spes:
        plan = _as_index_plan(game, movers, spe)
        # the path follows the plan, and the payoffs and profile are those of the path
        path = []
        while len(path) < len(movers):
            path.append(plan[tuple(path)])
        assert spe.path == tuple(game.strategies[p][i] for p, i in zip(movers, path))
        profile = [0] * game.n_players
        for p, i in zip(movers, path):
            profile[p] = i
        assert spe.profile == tuple(game.strategies[p][i] for p, i in enumerate(profile))
        assert spe.payoffs == game.payoff(profile)
        # at every history the plan's choice is a best reply to the continuation plans
        assert _is_subgame_perfect(game, movers, plan)
        returned.append(tuple(sorted(plan.items())))
    assert len(set(returned)) == len(returned), "each plan is returned once"
    # brute force over all plans: exactly the subgame-perfect ones are returned
    histories = _histories(sizes)
    expected = set()
    for choices in itertools.product(*(range(sizes[len(h)]) for h in histories)):
        plan = dict(zip(histories, choices))
        if _is_subgame_perfect(game, movers, plan):
            expected.add(tuple(sorted(plan.items())))
    assert set(returned) == expected
    assert subgame_perfect_equilibria(game, order) == spes  # deterministic
