"""Time ``chipgame.solve`` on the games of three or more players of the Gambit catalog.

For each game: chipgame's exact support enumeration (equilibria, continua, whether complete,
seconds), and, when pygambit is installed (``pip install 'chipgame[gambit]'``), Gambit's
``enumpoly_solve`` on the same game in a separate process with a time limit (it can run
without end on some games), with its count. The catalog is the ``corpus/gambit`` folder of the
shared folder beside the repository, or ``--catalog FOLDER``. Run from the repository root::

    python benchmarks/n_player.py [--catalog FOLDER] [--gambit-seconds 20]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

from chipgame.games import read_nfg
from chipgame.solvers import solve

DEFAULT_CATALOG = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "gambit"

_GAMBIT = """
import json, sys, time
import pygambit as gbt
game = gbt.read_nfg(sys.argv[1])
start = time.perf_counter()
found = gbt.nash.enumpoly_solve(game).equilibria
print(json.dumps({"count": len(found), "seconds": time.perf_counter() - start}))
"""


def gambit_enumpoly(path: Path, seconds: float) -> str:
    """Gambit's enumpoly on one game, as ``count (seconds)``, or why it has no answer."""
    if importlib.util.find_spec("pygambit") is None:
        return "pygambit not installed"
    try:
        done = subprocess.run([sys.executable, "-c", _GAMBIT, str(path)], capture_output=True, text=True,
                              timeout=seconds, check=False)
    except subprocess.TimeoutExpired:
        return f"no answer in {seconds:g} s"
    if done.returncode != 0:
        return "failed"
    reply = json.loads(done.stdout.strip().splitlines()[-1])
    return f"{reply['count']} ({reply['seconds']:.2f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG)
    parser.add_argument("--gambit-seconds", type=float, default=20.0)
    args = parser.parse_args()
    print(f"{'game':58s} {'shape':>11s} {'eq':>3s} {'cont':>4s} {'complete':>8s} {'seconds':>8s}  gambit enumpoly")
    total = 0.0
    for path in sorted(args.catalog.glob("*.nfg")):
        game = read_nfg(path)
        if game.n_players < 3:
            continue
        start = time.perf_counter()
        solution = solve(game)
        seconds = time.perf_counter() - start
        total += seconds
        shape = "x".join(map(str, game.shape))
        print(f"{path.name:58s} {shape:>11s} {len(solution.equilibria):3d} {len(solution.continua):4d} "
              f"{str(solution.complete):>8s} {seconds:8.2f}  {gambit_enumpoly(path, args.gambit_seconds)}")
    print(f"chipgame total: {total:.2f} s")


if __name__ == "__main__":
    main()
