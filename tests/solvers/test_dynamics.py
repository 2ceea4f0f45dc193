"""run_dynamics: replicator, asymmetric replicator and fictitious play on games with known limits.

Every final profile is first checked generically (one distribution per player, small regret when
play converged), then against the exact expected limit, with the source of that value cited.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction as F

import numpy as np
import pytest

from chipgame.errors import SolverError
from chipgame.games import Game
from chipgame.solvers import dynamics
from chipgame.solvers.dynamics import MAX_STEPS, RULES, DynamicsResult, run_dynamics
from chipgame.solvers.nashpy_backend import nashpy_fictitious_play, require_symmetric


def _game(row, column, labels=None):
    m, n = len(row), len(row[0])
    labels = labels or (tuple(f"r{i}" for i in range(m)), tuple(f"c{j}" for j in range(n)))
    return Game(("Row", "Column"), labels, [[[row[i][j], column[i][j]] for j in range(n)] for i in range(m)])


def _hawk_dove(value, cost):
    """Hawk-dove with resource ``value`` and fight ``cost`` (Maynard Smith, Evolution and the
    Theory of Games, 1982, chapter 2): Hawk vs Hawk (V-C)/2 each, Hawk vs Dove V and 0, Dove vs
    Dove V/2 each."""
    v, c = F(value), F(cost)
    row = [[(v - c) / 2, v], [0, v / 2]]
    return _game(row, [list(r) for r in zip(*row)], (("Hawk", "Dove"), ("Hawk", "Dove")))


PENNIES = _game([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], (("H", "T"), ("H", "T")))
PRISONERS = _game([[3, 0], [5, 1]], [[3, 5], [0, 1]], (("C", "D"), ("C", "D")))
# Rock-paper-scissors, zero-sum and symmetric.
RPS_ROW = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
RPS = _game(RPS_ROW, [[-v for v in r] for r in RPS_ROW], (("R", "P", "S"), ("R", "P", "S")))


def assert_distributions(result: DynamicsResult) -> None:
    """Generic checks on any result: shapes, read-only arrays, one distribution per player."""
    assert len(result.trajectory) == len(result.final) == len(result.regrets) == 2
    for array, mix, size in zip(result.trajectory, result.final, result.game.shape):
        assert array.shape == (result.steps, size)
        assert not array.flags.writeable
        assert len(mix) == size and all(p >= 0 for p in mix) and abs(sum(mix) - 1) < 1e-12
    assert not result.times.flags.writeable
    assert all(r >= -1e-12 for r in result.regrets)
    assert (result.settled_step is not None) == result.converged
    assert result.converged == (result.tail_change <= result.tolerance)


# --- replicator dynamics ---------------------------------------------------------------------

# With V < C the unique ESS of hawk-dove plays Hawk with probability V/C (Maynard Smith 1982,
# chapter 2; Weibull, Evolutionary Game Theory, 1995, chapter 2), and every interior state
# converges to it under the replicator dynamics (Weibull 1995, chapter 3).
@pytest.mark.parametrize("value, cost", [(2, 4), (1, 3), (3, 4)])
@pytest.mark.parametrize("hawks", [0.01, 0.1, 0.9, 0.99])
def test_replicator_on_hawk_dove_converges_to_the_ess(value, cost, hawks):
    game = _hawk_dove(value, cost)
    result = run_dynamics(game, "replicator", start=[[hawks, 1 - hawks]], horizon=300, steps=3000)
    assert_distributions(result)
    ess = F(value, cost)
    assert result.converged
    assert result.trajectory[0] is result.trajectory[1]
    for mix in result.final:
        assert abs(mix[0] - ess) < 1e-4
    assert max(result.regrets) < 1e-4
    nearest = result.nearest_equilibrium
    assert nearest.equilibrium.profile == ((ess, 1 - ess), (ess, 1 - ess))
    assert nearest.distance < 1e-4


def test_replicator_on_the_default_hawk_dove_example():
    # The example of the brief: V=2, C=4, so the ESS plays Hawk with probability 1/2.
    result = run_dynamics(_hawk_dove(2, 4), "replicator", start=[[0.1, 0.9], [0.1, 0.9]])
    assert result.converged and result.rule == "replicator" and result.seed is None
    assert result.final[0] == pytest.approx((0.5, 0.5), abs=1e-4)
    assert 0 < result.settled_step < result.steps
    assert result.times[0] == 0 and result.times[-1] == 100


def test_replicator_path_does_not_depend_on_the_payoff_unit():
    # Time is measured in units of the payoff range, so scaling every payoff changes nothing.
    small = run_dynamics(_hawk_dove(2, 4), "replicator", start=[[0.2, 0.8]])
    big = _hawk_dove(2, 4)
    big = Game(big.players, big.strategies, big.payoffs * 1000)
    large = run_dynamics(big, "replicator", start=[[0.2, 0.8]])
    np.testing.assert_allclose(small.trajectory[0], large.trajectory[0], atol=1e-9)
    assert small.settled_step == large.settled_step


def test_replicator_cycles_in_rock_paper_scissors():
    # In zero-sum rock-paper-scissors the replicator orbits are closed curves around (1/3, 1/3, 1/3)
    # (Hofbauer and Sigmund, Evolutionary Games and Population Dynamics, 1998, chapter 7): no convergence.
    result = run_dynamics(RPS, "replicator", start=[[0.5, 0.3, 0.2]])
    assert_distributions(result)
    assert not result.converged and result.settled_step is None
    assert result.tail_change > 0.05
    assert result.nearest_equilibrium.equilibrium.profile == ((F(1, 3),) * 3, (F(1, 3),) * 3)
    assert result.nearest_equilibrium.distance > 0.05


# --- asymmetric replicator dynamics ---------------------------------------------------------

# A strict Nash equilibrium is asymptotically stable under the two-population replicator
# dynamics (Weibull 1995, chapter 5; Ritzberger and Weibull, Econometrica 63, 1995).
STRICT_CASES = {
    # Prisoner's dilemma: (D, D) is the strict, dominant-strategy equilibrium.
    "prisoners-dilemma": (PRISONERS, [[0.9, 0.1], [0.8, 0.2]], (1, 1)),
    # An asymmetric coordination game with strict equilibria (r0, c0) and (r1, c1); the start lies
    # in the basin of (r0, c0): A y favours r0 when y0 > 1/4, x B favours c0 when x0 > 2/3.
    "coordination-first": (_game([[3, 0], [0, 1]], [[2, 0], [0, 4]]), [[0.8, 0.2], [0.6, 0.4]], (0, 0)),
    "coordination-second": (_game([[3, 0], [0, 1]], [[2, 0], [0, 4]]), [[0.3, 0.7], [0.2, 0.8]], (1, 1)),
    # A 3x2 game (von Stengel 2002, eq. 2.7) with the strict pure equilibrium (r0, c0).
    "von-stengel-3x2": (_game([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]),
                        [[0.8, 0.1, 0.1], [0.9, 0.1]], (0, 0)),
}


@pytest.mark.parametrize("name", STRICT_CASES)
def test_asymmetric_replicator_converges_to_a_strict_equilibrium(name):
    game, start, pure = STRICT_CASES[name]
    result = run_dynamics(game, "asymmetric-replicator", start=start)
    assert_distributions(result)
    assert result.converged
    for mix, index in zip(result.final, pure):
        assert mix[index] > 1 - 1e-4
    assert max(result.regrets) < 1e-3
    nearest = result.nearest_equilibrium
    assert nearest.equilibrium.is_pure and nearest.distance < 1e-4
    assert nearest.equilibrium.profile == tuple(
        tuple(F(int(k == i)) for k in range(size)) for i, size in zip(pure, game.shape))


def test_asymmetric_replicator_accepts_the_symmetric_game_too():
    result = run_dynamics(_hawk_dove(2, 4), "asymmetric-replicator", start=[[0.1, 0.9], [0.1, 0.9]])
    # From a symmetric start the two populations stay equal and go to the ESS.
    assert result.final[0] == pytest.approx((0.5, 0.5), abs=1e-4)
    assert result.final[1] == pytest.approx((0.5, 0.5), abs=1e-4)


# --- fictitious play ------------------------------------------------------------------------

# Fictitious play converges to equilibrium in every two-player zero-sum game (Robinson, "An
# iterative method of solving a game", Annals of Mathematics 54, 1951); matching pennies has the
# unique equilibrium (1/2, 1/2) for each player (Osborne and Rubinstein 1994, example 17.1).
@pytest.mark.parametrize("seed", [0, 1, 7])
def test_fictitious_play_on_matching_pennies_approaches_one_half(seed):
    result = run_dynamics(PENNIES, "fictitious-play", steps=5000, seed=seed)
    assert_distributions(result)
    assert result.rule == "fictitious-play" and result.seed == seed
    for mix in result.final:
        assert all(abs(p - F(1, 2)) < 0.05 for p in mix)
    assert result.nearest_equilibrium.equilibrium.profile == ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))
    assert result.nearest_equilibrium.distance < 0.05
    assert list(result.times[:3]) == [1, 2, 3]


def test_fictitious_play_final_is_the_frequency_of_play_counts():
    result = run_dynamics(PENNIES, "fictitious-play", steps=10, seed=0)
    rows, columns = nashpy_fictitious_play(PENNIES, 10, None, seed=0)
    assert result.final == (tuple(rows[-1] / 10), tuple(columns[-1] / 10))
    for counts in (rows, columns):
        assert list(counts[0]) == [0, 0] and all(np.diff(counts.sum(axis=1)) == 1)


def test_fictitious_play_start_is_a_prior_round_of_play():
    result = run_dynamics(PENNIES, "fictitious-play", steps=1, start=[[1, 0], [0.25, 0.75]], seed=0)
    # Row believes Column plays T (3/4) and answers T; Column believes Row plays H and answers T.
    assert result.final == ((0.5, 0.5), (0.125, 0.875))


def test_fictitious_play_sees_exact_ties_in_exact_games():
    # Against counts (1, 1) both rows are worth exactly 3/10, but in floats 0.1 + 0.2 > 0.3; an
    # exact game must break this tie at random, so over a few seeds both rows get played.
    game = _game([[F(1, 10), F(2, 10)], [F(3, 10), 0]], [[0, 0], [0, 0]])
    first_moves = {int(np.argmax(nashpy_fictitious_play(game, 1, [[1, 1], [1, 1]], seed)[0][-1] - 1))
                   for seed in range(20)}
    assert first_moves == {0, 1}


def test_fictitious_play_cycles_in_shapley_game():
    # Shapley, "Some topics in two-person games", Annals of Mathematics Studies 52 (1964): in this 3x3 game
    # fictitious play cycles with ever longer runs and its frequencies do not converge.
    row = [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
    column = [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    result = run_dynamics(_game(row, column), "fictitious-play", steps=5000, seed=0)
    assert_distributions(result)
    assert not result.converged


# --- reproducibility ------------------------------------------------------------------------

# In the all-zero game every round is a tie among all strategies, so every move is random.
ALL_TIES = _game([[0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0]])


def test_fictitious_play_is_reproducible_with_a_seed():
    first = run_dynamics(ALL_TIES, "fictitious-play", steps=500, seed=42)
    second = run_dynamics(ALL_TIES, "fictitious-play", steps=500, seed=42)
    other = run_dynamics(ALL_TIES, "fictitious-play", steps=500, seed=43)
    for a, b in zip(first.trajectory, second.trajectory):
        assert np.array_equal(a, b)
    assert first.final == second.final
    assert any(not np.array_equal(a, b) for a, b in zip(first.trajectory, other.trajectory))


def test_a_fresh_seed_is_reported_and_replays_the_run():
    fresh = run_dynamics(ALL_TIES, "fictitious-play", steps=200, seed=None)
    assert isinstance(fresh.seed, int) and 0 <= fresh.seed < 2 ** 32
    again = run_dynamics(ALL_TIES, "fictitious-play", steps=200, seed=fresh.seed)
    assert all(np.array_equal(a, b) for a, b in zip(fresh.trajectory, again.trajectory))


def test_fictitious_play_leaves_numpy_global_random_state_alone():
    np.random.seed(2024)
    expected = np.random.random(3)
    np.random.seed(2024)
    run_dynamics(ALL_TIES, "fictitious-play", steps=100, seed=5)
    assert np.array_equal(np.random.random(3), expected)


def test_replicator_rules_are_deterministic():
    first = run_dynamics(RPS, "asymmetric-replicator", start=[[0.5, 0.3, 0.2], [0.2, 0.2, 0.6]], seed=1)
    second = run_dynamics(RPS, "asymmetric-replicator", start=[[0.5, 0.3, 0.2], [0.2, 0.2, 0.6]], seed=2)
    assert all(np.array_equal(a, b) for a, b in zip(first.trajectory, second.trajectory))
    assert first.seed is None


# --- the result and its neighbours -----------------------------------------------------------

def test_result_is_immutable():
    result = run_dynamics(PENNIES, "fictitious-play", steps=10)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.converged = True  # type: ignore[misc]
    with pytest.raises(ValueError):
        result.trajectory[0][0, 0] = 1.0


def test_nearest_equilibrium_is_none_when_the_game_cannot_be_solved(monkeypatch):
    def refuse(game):
        raise SolverError("too large")

    monkeypatch.setattr(dynamics, "solve", refuse)
    result = run_dynamics(PRISONERS, "asymmetric-replicator", start=[[0.5, 0.5], [0.5, 0.5]])
    assert result.nearest_equilibrium is None and result.converged


def test_float_games_work_and_float_symmetry_allows_round_off():
    game = _game([[-1.0, 2.0], [0.0, 1.0]], [[-1.0, 0.0], [2.0 + 1e-12, 1.0]])
    require_symmetric(game)
    result = run_dynamics(game, "replicator", start=[[0.3, 0.7]])
    assert result.final[0] == pytest.approx((0.5, 0.5), abs=1e-4)
    assert result.nearest_equilibrium.distance < 1e-4


# --- refusals -------------------------------------------------------------------------------

def test_replicator_refuses_a_non_symmetric_game_and_names_the_fix():
    square_but_not_symmetric = _game([[3, 0], [5, 1]], [[2, 5], [0, 1]])
    for game in (square_but_not_symmetric,
                 _game([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])):
        with pytest.raises(SolverError) as caught:
            run_dynamics(game, "replicator")
        assert "symmetric" in str(caught.value) and "asymmetric-replicator" in str(caught.value)


@pytest.mark.parametrize("rule", RULES)
def test_too_many_steps_are_refused(rule):
    with pytest.raises(SolverError, match="at most"):
        run_dynamics(PENNIES if rule != "replicator" else RPS, rule, steps=MAX_STEPS[rule] + 1)


@pytest.mark.parametrize("kwargs, match", [
    ({"steps": 0}, "steps"),
    ({"steps": True}, "steps"),
    ({"steps": 2.5}, "steps"),
    ({"start": [[0.5, 0.5]]}, "start has 1 entries"),
    ({"start": [[0.5, 0.5], [0.5]]}, "probability distribution"),
    ({"start": [[1.5, -0.5], [0.5, 0.5]]}, "probability distribution"),
    ({"start": [[0.5, 0.4], [0.5, 0.5]]}, "probability distribution"),
    ({"start": [["x", 1], [0.5, 0.5]]}, "not a list of numbers"),
    ({"seed": -1}, "seed"),
    ({"seed": 2 ** 32}, "seed"),
    ({"seed": 1.5}, "seed"),
    ({"tolerance": 0}, "tolerance"),
])
def test_bad_arguments_are_refused_for_fictitious_play(kwargs, match):
    with pytest.raises(SolverError, match=match):
        run_dynamics(PENNIES, "fictitious-play", **kwargs)


@pytest.mark.parametrize("kwargs, match", [
    ({"steps": 1}, "at least 2"),
    ({"horizon": 0}, "horizon"),
    ({"horizon": float("inf")}, "horizon"),
    ({"start": [[0.5, 0.5], [0.4, 0.6]]}, "one population"),
    ({"start": [[0.5, 0.5]] * 3}, "start has 3 entries"),
])
def test_bad_arguments_are_refused_for_the_replicator(kwargs, match):
    with pytest.raises(SolverError, match=match):
        run_dynamics(_hawk_dove(2, 4), "replicator", **kwargs)


def test_unknown_rule_and_three_players_are_refused():
    with pytest.raises(SolverError, match="unknown dynamics rule"):
        run_dynamics(PENNIES, "best-response")
    three = Game(("A", "B", "C"), (("x", "y"),) * 3, np.zeros((2, 2, 2, 3), dtype=int).tolist())
    with pytest.raises(SolverError, match="two-player"):
        run_dynamics(three, "fictitious-play")
