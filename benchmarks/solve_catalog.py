"""Time ``chipgame.solve`` on the two-player games of the Gambit catalog against nashpy and pygambit.

Run from the repository root (the catalog is read from the shared folder beside it):

    python benchmarks/solve_catalog.py [--catalog DIR] [--repeat N]

Prints, per game and in total, the best-of-N wall time of each solver and whether its set of
equilibria agrees with Gambit's exact ``enummixed_solve``; then chipgame's speed ratios.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import nashpy
import numpy as np
import pygambit as gbt

from chipgame.games import read_nfg
from chipgame.solvers import solve

DEFAULT_CATALOG = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "gambit"


def best_time(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            result = function()
        except Exception as error:  # a baseline that crashes is reported, not fatal
            result = error
        best = min(best, time.perf_counter() - start)
    return best, result


def as_set(profiles, digits: int = 6) -> frozenset:
    return frozenset(tuple(tuple(round(float(p), digits) for p in mix) for mix in prof) for prof in profiles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    names = ("chipgame", "nashpy-vertex", "nashpy-support", "gambit-enummixed")
    totals = dict.fromkeys(names, 0.0)
    agree = dict.fromkeys(names, 0)
    games = [p for p in sorted(args.catalog.glob("*.nfg")) if read_nfg(p).n_players == 2]
    print(f"{'game':58s} " + " ".join(f"{n:>17s}" for n in names))
    for path in games:
        game = read_nfg(path)
        reference = gbt.read_nfg(str(path))
        A, B = (np.array(game.payoff_array(k), dtype=float) for k in (0, 1))
        nash = nashpy.Game(A, B)
        runs = {
            "chipgame": lambda game=game: [eq.profile for eq in solve(game).equilibria],
            "nashpy-vertex": lambda nash=nash: list(nash.vertex_enumeration()),
            "nashpy-support": lambda nash=nash: list(nash.support_enumeration(non_degenerate=False)),
            "gambit-enummixed": lambda reference=reference: [
                [[eq[s] for s in p.strategies] for p in reference.players]
                for eq in gbt.nash.enummixed_solve(reference, rational=True).equilibria],
        }
        truth = None
        cells = []
        for name in ("gambit-enummixed", "chipgame", "nashpy-vertex", "nashpy-support"):
            seconds, result = best_time(runs[name], args.repeat)
            totals[name] += seconds
            if name == "gambit-enummixed":
                truth = as_set([[[Fraction(str(v)) for v in mix] for mix in prof] for prof in result])
            ok = not isinstance(result, Exception) and as_set(result) == truth
            agree[name] += ok
            cells.append((name, f"{seconds * 1e3:9.2f} ms {'ok ' if ok else 'BAD'}"))
        row = dict(cells)
        print(f"{path.name[:58]:58s} " + " ".join(f"{row[n]:>17s}" for n in names))
    print()
    print(f"{len(games)} two-player games; total time and agreement with Gambit enummixed:")
    for name in names:
        print(f"  {name:17s} {totals[name]:8.3f} s   agrees on {agree[name]}/{len(games)}")
    for name in names[1:]:
        print(f"  chipgame speed vs {name}: {totals[name] / totals['chipgame']:.2f}x")


if __name__ == "__main__":
    main()
