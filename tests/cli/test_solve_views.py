"""What ``chipgame solve`` prints for games of three players: one payoff matrix per strategy of
the last player, as for two players one matrix."""

from __future__ import annotations

from chipgame.payoffs import load_scenario
from tests.cli.test_cli import run


def test_solve_of_three_players_prints_a_matrix_per_strategy_of_the_last():
    result = run("solve", "two-hyperscalers")
    assert result.exit_code == 0, result.output
    model = load_scenario("two-hyperscalers").model
    last = model.players[-1]
    for strategy in model.strategies[-1]:
        assert f"when {last} plays {strategy}" in result.output
    # each matrix has a row per strategy of the first player
    assert all(result.output.count(f"\n {label} ") >= len(model.strategies[-1]) for label in model.strategies[0])
