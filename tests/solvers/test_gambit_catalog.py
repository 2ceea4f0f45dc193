"""Agreement with Gambit on its own catalog (read from the shared folder beside the repository).

Gambit's answers are stored in ``data/gambit/catalog.json`` (made by ``make_references.py``
beside it, with pygambit), so these tests need no pygambit; when it is installed, the stored
answers are also checked against a live run.

Two-player games: the set of extreme equilibria equals Gambit's ``enummixed_solve`` exactly.
Games of three or more players: the pure equilibria among those returned equal Gambit's
``enumpure_solve``, and every one returned is verified independently.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from chipgame.games import read_nfg
from chipgame.solvers import solve
from tests.conftest import SHARED, assert_equilibrium

CATALOG = sorted((SHARED / "corpus" / "gambit").glob("*.nfg")) if SHARED.is_dir() else []
REFERENCES = json.loads((Path(__file__).parent / "data" / "gambit" / "catalog.json").read_text(encoding="utf-8"))
needs_catalog = pytest.mark.skipif(not CATALOG, reason="the shared Gambit catalog is not beside this repository")


def _stored(name: str) -> set:
    return {tuple(tuple(Fraction(p) for p in mix) for mix in eq) for eq in REFERENCES["games"][name]["equilibria"]}


@needs_catalog
def test_every_catalog_game_has_a_stored_reference():
    assert sorted(REFERENCES["games"]) == [p.name for p in CATALOG]


@needs_catalog
@pytest.mark.parametrize("path", CATALOG, ids=[p.name for p in CATALOG])
def test_equilibria_agree_with_gambit(path):
    game = read_nfg(path)
    solution = solve(game)
    for eq in solution.equilibria:
        if eq.is_exact:
            assert_equilibrium(game, eq.profile)
    if game.n_players == 2:
        mine = {eq.profile for eq in solution.equilibria}
        assert solution.complete
    else:
        mine = {eq.profile for eq in solution.equilibria if eq.is_pure}
    assert mine == _stored(path.name)


@needs_catalog
@pytest.mark.parametrize("path", CATALOG, ids=[p.name for p in CATALOG])
def test_stored_references_are_gambits_answers(path):
    gbt = pytest.importorskip("pygambit")
    reference = gbt.read_nfg(str(path))
    if len(reference.players) == 2:
        found = gbt.nash.enummixed_solve(reference, rational=True).equilibria
    else:
        found = gbt.nash.enumpure_solve(reference).equilibria
    live = {tuple(tuple(Fraction(str(eq[s])) for s in player.strategies) for player in reference.players)
            for eq in found}
    assert live == _stored(path.name)
