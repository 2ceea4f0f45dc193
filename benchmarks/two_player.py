"""Time chipgame's exact enumeration of extreme equilibria against lrsnash and pygambit.

Run from the repository root:

    python benchmarks/two_player.py [--seeds 0 1 2] [--repeat 1] [--only TEXT] [--no-sweep]

For random games with integer payoffs 0..999 (``numpy.random.default_rng(seed)``, A then B) of sizes
8x8, 10x10, 12x12 and 15x15, degenerate games (payoffs 0..2, ties everywhere) of 12x12 and 15x15,
the 15x15 identity (coordination) game with 32,767 equilibria, and von
Stengel's 6x6 game with 75 equilibria (read from the Gambit catalog in the shared folder beside the
repository, skipped when absent), it prints one table row per game: chipgame's wall time
(``chipgame.solve``, whose ``auto`` method runs the vertex search here), lrsnash's wall time (run as a
subprocess on a temporary input file, so its time includes starting the process), pygambit's
``enummixed_solve(rational=True)`` time (run in a child process, skipped for 15x15 games and when it
takes over 60 s), the number of equilibria each found, whether the sets agree exactly with
chipgame's, and the ratio lrsnash time / chipgame time (above 1: chipgame is faster). Then it
runs ``benchmarks/sweep.py`` (the sweep ratios against QuantEcon; ``--no-sweep`` skips it).

Baselines (optional; a missing one is reported, not fatal):

- lrsnash, from lrslib: ``apt-get install lrslib`` (Debian/Ubuntu), or build lrslib from
  http://cgm.cs.mcgill.ca/~avis/C/lrs.html;
- pygambit: ``pip install pygambit`` (stable releases build from source: a C++ compiler, minutes),
  or ``pip install 'chipgame[bench]'``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np
from lrsnash import read_lrsnash

from chipgame.games import Game, read_nfg
from chipgame.solvers import solve

SHARED_GAME = (Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "gambit"
               / "journals_dcg_vonstengel1999_6x6_game_with_75_eq.nfg")
GAMBIT_LIMIT = 60.0
"""Seconds pygambit may take on one game before it is reported as skipped."""

Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


def exact(matrix: np.ndarray) -> np.ndarray:
    """An integer matrix as an object array of Fractions."""
    return np.array([[Fraction(int(v)) for v in row] for row in matrix], dtype=object)


def random_game(n: int, seed: int, high: int = 1000) -> tuple[np.ndarray, np.ndarray]:
    """A seeded random n x n game with integer payoffs 0..high-1 (A drawn first, then B)."""
    rng = np.random.default_rng(seed)
    return exact(rng.integers(0, high, (n, n))), exact(rng.integers(0, high, (n, n)))


def make_games(seeds: list[int]) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """The benchmark games as (name, A, B)."""
    games = [(f"random {n}x{n} seed {seed}", *random_game(n, seed)) for n in (8, 10, 12, 15) for seed in seeds]
    games += [(f"degenerate {n}x{n} 0..2 seed 0", *random_game(n, 0, 3)) for n in (12, 15)]
    identity = exact(np.eye(15, dtype=int))
    games.append(("identity 15x15", identity, identity))
    if SHARED_GAME.is_file():
        game = read_nfg(SHARED_GAME)
        games.append(("von Stengel 6x6 (75 eq.)", game.payoff_array(0), game.payoff_array(1)))
    return games


def timed(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The best wall time of ``repeat`` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def run_chipgame(A: np.ndarray, B: np.ndarray) -> set[Profile]:
    """What a user gets from ``chipgame.solve``: the method ``auto`` picks, verification, components."""
    m, n = A.shape
    game = Game(("Row", "Column"), (tuple(f"r{i}" for i in range(m)), tuple(f"c{j}" for j in range(n))),
                np.stack([A, B], axis=-1))
    solution = solve(game)
    assert solution.complete
    return {eq.profile for eq in solution.equilibria}


def lrsnash_input(A: np.ndarray, B: np.ndarray) -> str:
    """lrsnash's input format: "m n", a blank line, the rows of A, a blank line, the rows of B."""
    rows = [" ".join(str(Fraction(v)) for v in row) for row in A.tolist()]
    columns = [" ".join(str(Fraction(v)) for v in row) for row in B.tolist()]
    return "\n".join([f"{A.shape[0]} {A.shape[1]}", "", *rows, "", *columns]) + "\n"


def run_lrsnash(path: Path) -> set[Profile]:
    output = subprocess.run(["lrsnash", str(path)], check=True, capture_output=True, text=True).stdout
    return read_lrsnash(output)


def nfg_text(A: np.ndarray, B: np.ndarray) -> str:
    """A Gambit payoff-flavour .nfg file of the game (the first player's strategy varies fastest)."""
    m, n = A.shape
    payoffs = " ".join(f"{Fraction(A[i, j])} {Fraction(B[i, j])}" for j in range(n) for i in range(m))
    return f'NFG 1 R "benchmark" {{ "1" "2" }} {{ {m} {n} }}\n\n{payoffs}\n'


def gambit_worker(path: str, queue: multiprocessing.Queue) -> None:
    """Child process: pygambit's enummixed_solve(rational=True), its time and its equilibria as strings."""
    import pygambit as gbt

    game = gbt.read_nfg(path)
    start = time.perf_counter()
    found = gbt.nash.enummixed_solve(game, rational=True).equilibria
    seconds = time.perf_counter() - start
    queue.put((seconds, [[[str(eq[s]) for s in player.strategies] for player in game.players] for eq in found]))


def run_gambit(path: Path) -> tuple[float, set[Profile]] | str:
    """pygambit's time and equilibria, or why there are none."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=gambit_worker, args=(str(path), queue))
    child.start()
    child.join(GAMBIT_LIMIT)
    if child.is_alive():
        child.terminate()
        child.join()
        return f"skipped (over {GAMBIT_LIMIT:.0f} s)"
    if queue.empty():
        return "failed"
    seconds, found = queue.get()
    return seconds, {tuple(tuple(Fraction(v) for v in mix) for mix in profile) for profile in found}


def gambit_available() -> bool:
    try:
        import pygambit  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--repeat", type=int, default=1, help="runs per solver and game (best time kept)")
    parser.add_argument("--no-sweep", action="store_true", help="skip the sweep comparison (benchmarks/sweep.py)")
    parser.add_argument("--only", metavar="TEXT", help="run only the games whose name contains TEXT "
                        "(e.g. --only identity, --only '12x12 seed 0')")
    args = parser.parse_args()
    has_lrs = shutil.which("lrsnash") is not None
    has_gambit = gambit_available()
    header = (f"{'game':28s} {'chipgame':>9s} {'lrsnash':>9s} {'pygambit':>22s} "
              f"{'eq chip':>8s} {'eq lrs':>7s} {'eq gbt':>7s} {'agree':>6s} {'lrs/chip':>9s}")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as folder:
        for name, A, B in make_games(args.seeds):
            if args.only is not None and args.only not in name:
                continue
            chip_seconds, chip = timed(lambda A=A, B=B: run_chipgame(A, B), args.repeat)
            source = Path(folder) / "game.txt"
            source.write_text(lrsnash_input(A, B))
            if has_lrs:
                lrs_seconds, lrs = timed(lambda source=source: run_lrsnash(source), args.repeat)
                lrs_cell, lrs_count, ratio = f"{lrs_seconds:8.3f}s", str(len(lrs)), f"{lrs_seconds / chip_seconds:9.2f}"
            else:
                lrs, lrs_cell, lrs_count, ratio = None, "absent", "-", "-"
            gambit: set[Profile] | None = None
            if not has_gambit:
                gambit_cell = "not installed"
            elif A.shape[0] >= 15:  # pygambit's enummixed takes far longer than 60 s there
                gambit_cell = "skipped (15x15)"
            else:
                nfg = Path(folder) / "game.nfg"
                nfg.write_text(nfg_text(A, B))
                outcome = run_gambit(nfg)
                if isinstance(outcome, str):
                    gambit_cell = outcome
                else:
                    gambit_seconds, gambit = outcome
                    gambit_cell = f"{gambit_seconds:.3f}s"
            agree = all(other is None or other == chip for other in (lrs, gambit))
            print(f"{name:28s} {chip_seconds:8.3f}s {lrs_cell:>9s} {gambit_cell:>22s} {len(chip):8d} "
                  f"{lrs_count:>7s} {('-' if gambit is None else str(len(gambit))):>7s} "
                  f"{('yes' if agree else 'NO'):>6s} {ratio:>9s}", flush=True)
    if not args.no_sweep:
        print("\nThe exact small-game path of sweeps (benchmarks/sweep.py, break-evens on the grid):", flush=True)
        subprocess.run([sys.executable, str(Path(__file__).with_name("sweep.py"))], check=False)


if __name__ == "__main__":
    main()
