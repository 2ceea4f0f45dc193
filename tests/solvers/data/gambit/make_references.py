"""Write ``catalog.json``: Gambit's own answers on the games of the Gambit catalog, as test data.

The catalog (the ``corpus/gambit`` folder of the shared folder beside the repository) is read,
not copied; what is stored is what Gambit computes on it, so the tests compare with Gambit
without needing pygambit (an optional extra that compiles for minutes):

- two-player games: every extreme equilibrium, ``pygambit.nash.enummixed_solve(game,
  rational=True)``;
- games of three or more players: every pure equilibrium, ``pygambit.nash.enumpure_solve(game)``.

Probabilities are stored as exact fraction strings. Run from the repository root, with
pygambit installed (``pip install 'chipgame[gambit]'``)::

    python tests/solvers/data/gambit/make_references.py
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pygambit as gbt

HERE = Path(__file__).resolve().parent
CATALOG = HERE.parents[3].parent / "shared" / "corpus" / "gambit"


def _profiles(game: gbt.Game, equilibria: list) -> list[list[list[str]]]:
    return sorted(
        [[str(Fraction(str(eq[s]))) for s in player.strategies] for player in game.players]
        for eq in equilibria
    )


def main() -> None:
    games = {}
    for path in sorted(CATALOG.glob("*.nfg")):
        game = gbt.read_nfg(str(path))
        if len(game.players) == 2:
            method = "enummixed_solve(rational=True)"
            found = gbt.nash.enummixed_solve(game, rational=True).equilibria
        else:
            method = "enumpure_solve"
            found = gbt.nash.enumpure_solve(game).equilibria
        games[path.name] = {"players": len(game.players), "method": method, "equilibria": _profiles(game, found)}
    document = {"pygambit": gbt.__version__, "games": games}
    (HERE / "catalog.json").write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
