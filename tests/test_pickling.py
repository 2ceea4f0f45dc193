"""Every public result type pickles and unpickles to an equal value, so it can come back from a
worker process, a Dask task or a cache."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from chipgame.games import parse_efg
from chipgame.games.immutable import FrozenMapping
from chipgame.payoffs import load_scenario
from chipgame.sensitivity.crossing import first_crossing
from chipgame.sensitivity.exploration import Varied, explore
from chipgame.sensitivity.grid import grid_axis
from chipgame.sensitivity.sampling import monte_carlo
from chipgame.sensitivity.sweeps import sweep
from chipgame.sensitivity.symbolic import closed_forms
from chipgame.sensitivity.threshold_search import thresholds
from chipgame.sensitivity.tornado_bars import tornado
from chipgame.solvers import eliminate_dominated, run_dynamics, solve, subgame_perfect_equilibria

PENNIES = load_scenario("matching-pennies")
CAMBRICON = load_scenario("bytedance-vs-cambricon")
COMMITMENT = load_scenario("commitment")
TREE = """EFG 2 R "Entry" { "Entrant" "Incumbent" }
p "" 1 1 "" { "Out" "In" } 0
t "" 1 "" { 0, 2 }
p "" 2 1 "" { "Fight" "Accommodate" } 0
t "" 2 "" { -1, -1 }
t "" 3 "" { 1, 1 }
"""


RESULTS: dict[str, Callable[[], Any]] = {
    "Scenario (own model)": lambda: CAMBRICON,
    "Scenario (built-in model)": lambda: load_scenario("two-hyperscalers"),
    "PayoffModel": lambda: CAMBRICON.model,
    "Parameter": lambda: CAMBRICON.parameters[2],
    "Game": lambda: CAMBRICON.evaluate(),
    "ExtensiveGame": lambda: parse_efg(TREE),
    "Solution": lambda: solve(PENNIES.evaluate()),
    "Equilibrium": lambda: solve(PENNIES.evaluate()).equilibria[0],
    "Elimination": lambda: eliminate_dominated(CAMBRICON.evaluate()),
    "SubgamePerfect": lambda: subgame_perfect_equilibria(COMMITMENT.evaluate(), COMMITMENT.order),
    "DynamicsResult": lambda: run_dynamics(PENNIES.evaluate(), "asymmetric-replicator", steps=200),
    "Sweep (two players)": lambda: sweep(PENNIES.model, [grid_axis("stake", "0.5", "3", 4),
                                                         grid_axis("heads_prize", "-3", "4", 8)]),
    "Sweep (three players)": lambda: sweep(load_scenario("two-hyperscalers").model,
                                           [grid_axis("p_cut", "0", "0.9", 3)]),
    "Axis": lambda: grid_axis("stake", "0.5", "3", 4),
    "Regime": lambda: sweep(PENNIES.model, [grid_axis("heads_prize", "-3", "4", 8)]).regimes[0],
    "MonteCarlo": lambda: monte_carlo(CAMBRICON.model, 40, seed=3),
    "ClosedForm": lambda: closed_forms(PENNIES.model)[0],
    "Threshold": lambda: thresholds(PENNIES.model, "heads_prize")[0],
    "TornadoBar": lambda: tornado(PENNIES.model)[0],
    "Crossing": lambda: first_crossing(PENNIES.model),
    "Exploration": lambda: explore(PENNIES.model, [Varied("stake", "0.5", "3", 3)]),
    "FrozenMapping": lambda: FrozenMapping({"a": (1, 2)}),
}


@pytest.mark.parametrize("name", RESULTS)
def test_a_result_unpickles_to_an_equal_value(name):
    result = RESULTS[name]()
    copy = pickle.loads(pickle.dumps(result))
    assert type(copy) is type(result)
    assert copy == result
    assert not copy != result


def test_unpickled_results_are_still_read_only():
    copy = pickle.loads(pickle.dumps(RESULTS["Sweep (two players)"]()))
    with pytest.raises(TypeError):
        copy.exact_equilibria[0] = ()  # type: ignore[index]
    with pytest.raises(ValueError):
        copy.exact[0] = True
    draws = pickle.loads(pickle.dumps(RESULTS["MonteCarlo"]())).draws
    with pytest.raises(ValueError):
        draws["p_cut"][0] = 0.5
    trajectory = pickle.loads(pickle.dumps(RESULTS["DynamicsResult"]())).trajectory
    with pytest.raises(ValueError):
        trajectory[0][0, 0] = 0.5


def test_different_results_are_not_equal():
    one = sweep(PENNIES.model, [grid_axis("stake", "0.5", "3", 4)])
    other = sweep(PENNIES.model, [grid_axis("stake", "0.5", "3", 5)])
    assert one != other
    assert monte_carlo(CAMBRICON.model, 40, seed=3) != monte_carlo(CAMBRICON.model, 40, seed=4)
    assert CAMBRICON.model != load_scenario("bytedance-vs-nvidia").model
    assert np.array_equal(one.exact, pickle.loads(pickle.dumps(one)).exact)


def test_results_come_back_from_a_dask_worker():
    """Each result is computed on a worker process and returned from it."""
    distributed = pytest.importorskip("distributed")
    axes = [grid_axis("stake", "0.5", "3", 4), grid_axis("heads_prize", "-3", "4", 8)]
    tasks = [
        (load_scenario, ("bytedance-vs-cambricon",)),
        (sweep, (PENNIES.model, axes)),
        (monte_carlo, (CAMBRICON.model, 40, 3)),
        (closed_forms, (PENNIES.model,)),
        (subgame_perfect_equilibria, (COMMITMENT.evaluate(), COMMITMENT.order)),
        (tornado, (PENNIES.model,)),
    ]
    with distributed.LocalCluster(n_workers=1, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        for function, arguments in tasks:
            assert client.submit(function, *arguments, pure=False).result() == function(*arguments), function
