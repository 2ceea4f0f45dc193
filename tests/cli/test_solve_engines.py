"""``chipgame solve`` on larger two-player games and on games of three or more players, through
click's runner: the method used is named, a long search announces itself and can be stopped."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
from click.testing import CliRunner

from chipgame.cli import main
from chipgame.games import Game, write_nfg
from tests.conftest import independent_regret


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _random_game(path, size: int, seed: int) -> Game:
    rng = np.random.default_rng(seed)
    payoffs = rng.integers(0, 1000, (size, size, 2)).tolist()
    labels = tuple(f"s{i}" for i in range(size))
    game = Game(("Row", "Column"), (labels, labels), payoffs, title=f"random {size}x{size}")
    path.write_text(write_nfg(game), encoding="utf-8")
    return game


def test_a_time_limit_returns_exact_equilibria_marked_incomplete(tmp_path):
    path = tmp_path / "large.nfg"
    game = _random_game(path, 18, seed=3)
    result = run("solve", str(path), "--time-limit", "0.3", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["method"] == "vertex-search"
    assert document["complete"] is False
    assert any("stopped early" in note for note in document["notes"])
    for eq in document["equilibria"]:
        exact = [[Fraction(p) for p in mix] for mix in eq["exact"]]
        assert all(r == 0 for r in independent_regret(game.payoffs, exact))
    assert "polytope vertices to search" in result.stderr and "--time-limit" in result.stderr


def test_a_small_game_prints_no_estimate(tmp_path):
    path = tmp_path / "small.nfg"
    _random_game(path, 5, seed=0)
    result = run("solve", str(path), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["complete"] is True
    assert result.stderr == ""


def test_a_time_limit_must_be_positive(tmp_path):
    path = tmp_path / "small.nfg"
    _random_game(path, 3, seed=0)
    result = run("solve", str(path), "--time-limit", "0")
    assert result.exit_code == 2
    assert "time-limit" in result.stderr


def test_three_players_are_solved_exactly_without_gambit():
    result = run("solve", "two-hyperscalers", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["method"] == "support-enumeration"
    assert document["complete"] is True
    assert document["continua"] == []
    assert [eq["support"] for eq in document["equilibria"]] == [[["Build"], ["Build"], ["HoldMargin"]]]


def test_a_continuum_is_described_with_a_sample_equilibrium(tmp_path):
    # Every payoff zero except where all three choose x: each player's mixing is free while the
    # others play y, so supports like ({x, y}, {y}, {y}) hold continua of equilibria.
    payoffs = [[[[int(a == b == c == 0)] * 3 for c in range(2)] for b in range(2)] for a in range(2)]
    game = Game(("A", "B", "C"), (("x", "y"),) * 3, payoffs, title="flat")
    path = tmp_path / "flat.nfg"
    path.write_text(write_nfg(game), encoding="utf-8")
    result = run("solve", str(path))
    assert result.exit_code == 0, result.output
    assert "A continuum of equilibria (dimension" in result.stdout
    assert "for example" in result.stdout and "·" in result.stdout
