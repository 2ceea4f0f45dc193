"""Make the lrsnash reference answers the polytope-search tests compare against.

Run from the repository root, with lrsnash on the PATH (Debian/Ubuntu: ``apt-get install lrslib``):

    python tests/solvers/data/lrsnash/make_references.py

The stored files were made with lrsnash from Debian's lrslib 7.1 (banner
``lrsnash:lrslib v.7.1 2021.6.2(64bit,lrsgmp.h,hybrid arithmetic) gmp v.6.2``), by the command
``lrsnash <name>.game`` for each game. For every game it writes:

- ``<name>.game``: lrsnash's input ("m n", a blank line, the m rows of A, a blank line, the m rows
  of B), which the tests also read the payoffs from;
- ``<name>.out``: lrsnash's standard output as it printed it (its timing lines removed so the file
  does not change from run to run).

The games: seeded random games (``numpy.random.default_rng(seed)``, A then B, integers drawn from
``0..high-1``) of several shapes, square and not; small payoff ranges (``high`` 2 or 3) give ties,
hence degenerate games; and von Stengel's 6x6 game with 75 equilibria (von Stengel, "New maximal
numbers of equilibria in bimatrix games", Discrete Comput. Geom. 21, 1999), read from the Gambit
catalog in the shared folder beside the repository (only lrsnash's answer is stored here; the tests
read the game from the shared folder and skip when it is absent).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SHARED_GAME = ("corpus", "gambit", "journals_dcg_vonstengel1999_6x6_game_with_75_eq.nfg")

RANDOM_GAMES = [
    # (rows, columns, payoffs 0..high-1, seed)
    (3, 3, 1000, 0), (4, 4, 1000, 1), (6, 6, 1000, 0), (6, 6, 1000, 1), (8, 8, 1000, 0), (8, 8, 1000, 2),
    (10, 10, 1000, 0), (12, 12, 1000, 0), (12, 12, 1000, 1), (5, 8, 1000, 2), (9, 6, 1000, 3),
    (12, 7, 1000, 4), (3, 11, 1000, 5),
    (4, 4, 3, 0), (4, 4, 3, 1), (5, 5, 2, 2), (6, 6, 3, 0), (6, 6, 2, 1), (7, 5, 3, 3), (8, 8, 3, 0),
    (8, 8, 2, 4), (4, 9, 3, 5), (10, 10, 3, 0), (10, 10, 2, 6),
]


def random_name(rows: int, columns: int, high: int, seed: int) -> str:
    """The file stem of one seeded random game."""
    return f"random_{rows}x{columns}_high{high}_seed{seed}"


def random_game(rows: int, columns: int, high: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The payoff matrices (int arrays) of one seeded random game."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, high, (rows, columns)), rng.integers(0, high, (rows, columns))


def game_text(A: np.ndarray, B: np.ndarray) -> str:
    """lrsnash's input format for the bimatrix game (A, B) of exact numbers."""
    lines = [f"{A.shape[0]} {A.shape[1]}", ""]
    lines += [" ".join(str(Fraction(v)) for v in row) for row in A]
    lines.append("")
    lines += [" ".join(str(Fraction(v)) for v in row) for row in B]
    return "\n".join(lines) + "\n"


def run_lrsnash(path: Path) -> str:
    """lrsnash's output for one input file, without its (run-dependent) timing lines."""
    output = subprocess.run(["lrsnash", str(path)], check=True, capture_output=True, text=True).stdout
    return "".join(line + "\n" for line in output.splitlines() if not re.match(r"\*\d", line.strip()))


def shared_game() -> tuple[np.ndarray, np.ndarray] | None:
    """The 75-equilibrium game from the shared folder, or None when it is absent."""
    path = HERE.parents[3].parent / "shared" / Path(*SHARED_GAME)
    if not path.is_file():
        return None
    from chipgame.games import read_nfg

    game = read_nfg(path)
    return game.payoff_array(0), game.payoff_array(1)


def main() -> int:
    if shutil.which("lrsnash") is None:
        print("lrsnash is not installed (Debian/Ubuntu: apt-get install lrslib)", file=sys.stderr)
        return 1
    games = {random_name(*spec): random_game(*spec) for spec in RANDOM_GAMES}
    special = shared_game()
    if special is not None:
        games["vonstengel_6x6_75eq"] = special
    for name, (A, B) in games.items():
        source = HERE / f"{name}.game"
        source.write_text(game_text(A, B))
        (HERE / f"{name}.out").write_text(run_lrsnash(source))
        if name == "vonstengel_6x6_75eq":
            source.unlink()  # the game stays in the shared folder; only lrsnash's answer is kept
        print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
