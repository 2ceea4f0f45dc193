"""Agreement with Gambit on its own catalog (read from the shared folder beside the repository).

Two-player games: the set of extreme equilibria equals Gambit's ``enummixed_solve`` exactly.
Games of three or more players: the pure equilibria among those returned equal Gambit's
``enumpure_solve``, and every mixed one returned has (near) zero regret.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from chipgame.games import read_nfg
from chipgame.solvers import solve
from tests.conftest import SHARED, assert_equilibrium

CATALOG = sorted((SHARED / "corpus" / "gambit").glob("*.nfg")) if SHARED.is_dir() else []


def _gambit_profiles(reference, equilibria):
    return {
        tuple(tuple(Fraction(str(eq[s])) for s in player.strategies) for player in reference.players)
        for eq in equilibria
    }


@pytest.mark.skipif(not CATALOG, reason="the shared Gambit catalog is not beside this repository")
@pytest.mark.parametrize("path", CATALOG, ids=[p.name for p in CATALOG])
def test_equilibria_agree_with_gambit(path):
    gbt = pytest.importorskip("pygambit")
    game = read_nfg(path)
    reference = gbt.read_nfg(str(path))
    solution = solve(game)
    mine = {eq.profile for eq in solution.equilibria}
    for eq in solution.equilibria:
        assert_equilibrium(game, eq.profile, slack=0 if eq.is_exact else 1e-9 * float(abs(game.payoffs).max()))
    if game.n_players == 2:
        expected = _gambit_profiles(reference, gbt.nash.enummixed_solve(reference, rational=True).equilibria)
    else:
        mine = {eq.profile for eq in solution.equilibria if eq.is_pure}
        expected = _gambit_profiles(reference, gbt.nash.enumpure_solve(reference).equilibria)
    assert mine == expected
