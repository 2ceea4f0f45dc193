"""Batched support enumeration: unflagged games have exactly the equilibria of an exact solve, and
the closed-form test of singular 3x3 systems never contradicts the least squares it screens for."""

from __future__ import annotations

import numpy as np
import pytest

from chipgame.games import Game
from chipgame.solvers import solve
from chipgame.solvers.batch_support import _consistent, _inconsistent_3, batch_support_enumeration


def _singular_blocks(count: int, seed: int) -> np.ndarray:
    """3x3 blocks made singular in the ways payoff formulas make them: equal columns, equal rows, a
    column the sum of two, rank one, rows a constant apart; at scales from 1 to 10^4."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(-5, 6, (count, 3, 3)).astype(float)
    kind = rng.integers(0, 5, count)
    blocks[kind == 0, :, 2] = blocks[kind == 0, :, 0]
    blocks[kind == 1, 2, :] = blocks[kind == 1, 0, :]
    blocks[kind == 2, :, 2] = blocks[kind == 2, :, 0] + blocks[kind == 2, :, 1]
    blocks[kind == 3] = blocks[kind == 3, :, :1] * rng.integers(-3, 4, (int(np.sum(kind == 3)), 1, 3))
    blocks[kind == 4, 1, :] = blocks[kind == 4, 0, :] + 1.0
    return blocks * rng.choice([1.0, 7.3, 150.0, 1e4], count)[:, None, None]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_closed_form_never_rules_out_a_system_the_least_squares_finds_solvable(seed):
    blocks = _singular_blocks(20_000, seed)
    tie = 1e-9 * np.maximum(1.0, np.abs(blocks).max(axis=(1, 2)))
    games_last = np.ascontiguousarray(np.moveaxis(blocks, 0, -1))
    ruled_out, solvable = _inconsistent_3(games_last, tie), _consistent(games_last, tie)
    assert not (ruled_out & solvable).any()
    assert ruled_out.sum() > len(blocks) // 4  # and it does rule out many


@pytest.mark.parametrize(("shape", "values"), [((3, 3), 4), ((2, 4), 50), ((4, 3), 50), ((3, 3), 1000)])
def test_unflagged_games_have_the_equilibria_of_an_exact_solve(shape, values):
    rng = np.random.default_rng(sum(shape) * values)
    row, column = (rng.integers(0, values, (300, *shape)) for _ in range(2))
    result = batch_support_enumeration(row.astype(float), column.astype(float))
    assert result.flagged.any() and not result.flagged.all()
    for k in np.flatnonzero(~result.flagged).tolist():
        game = Game(("A", "B"), tuple(tuple(f"s{i}" for i in range(size)) for size in shape),
                    np.stack([row[k], column[k]], axis=-1).tolist())
        exact = sorted((tuple(map(float, x)), tuple(map(float, y)))
                       for x, y in (eq.profile for eq in solve(game).equilibria))
        found = sorted((tuple(result.rows[p][k].tolist()), tuple(result.columns[p][k].tolist()))
                       for p in np.flatnonzero(result.valid[k]).tolist())
        assert len(found) == len(exact)
        assert all(np.allclose(a, b) and np.allclose(c, d) for (a, c), (b, d) in zip(found, exact))
