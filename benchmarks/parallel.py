"""Time ``sweep`` on one process, on local worker processes and (optionally) on a Dask cluster.

Run from the repository root:

    python benchmarks/parallel.py [--seed NAME] [--vary NAME=LO:HI --vary NAME=LO:HI] [--grid N]
                                  [--workers 1,2] [--repeat N] [--scheduler ADDRESS]

A seed game is swept over an N x N grid of two parameters (by default bytedance-vs-cambricon,
chip_spend over 5 to 160 and vendor_margin over 0.4 to 0.7, 200 x 200: the README's command). For
each number of workers, the first run is timed on its own, then the best of ``--repeat`` more
runs. How the workers start depends on this process (the script says which):

* forked from it, where it runs no other thread (``parallel.forkable``: run the script with
  ``OPENBLAS_NUM_THREADS=1``, as the ``chipgame`` program sets it): warm, and this process takes
  chunks too;
* otherwise from a pool: the first pool of the session starts a fork server that imports
  chipgame, each worker lambdifies the payoffs once, and each later run starts a new pool, forked
  from the fork server, which is already up.

With ``--scheduler``, the same on the cluster at that address (its workers stay up between
runs). Every run's ``sweep_document`` must equal the one-process run's, and the script says
whether it did.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from collections.abc import Callable

import chipgame
from chipgame.reports import sweep_document
from chipgame.sensitivity import Sweep, grid_axis, sweep
from chipgame.sensitivity.batch_solve import chunk_size
from chipgame.sensitivity.parallel import chunk_bounds, forkable


def timed(run: Callable[[], Sweep]) -> tuple[float, str]:
    """Seconds taken by ``run``, and its result's JSON document."""
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    return seconds, json.dumps(sweep_document(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", default="bytedance-vs-cambricon", help="a seed name or scenario file (.toml)")
    parser.add_argument("--vary", action="append", metavar="NAME=LO:HI",
                        help="a parameter and its range (twice; default chip_spend=5:160, vendor_margin=0.4:0.7)")
    parser.add_argument("--grid", type=int, default=200, help="points per varied parameter")
    parser.add_argument("--workers", default="1,2", help="comma-separated numbers of local processes")
    parser.add_argument("--repeat", type=int, default=3, help="runs after the first; the best counts")
    parser.add_argument("--scheduler", help="also time the Dask cluster whose scheduler is at this address")
    args = parser.parse_args()

    model = chipgame.load_scenario(args.seed).model
    axes = []
    for text in args.vary or ["chip_spend=5:160", "vendor_margin=0.4:0.7"]:
        name, _, span = text.partition("=")
        low, _, high = span.partition(":")
        axes.append(grid_axis(name, low, high, args.grid))
    count = math.prod(len(axis.values) for axis in axes)
    chunks = len(chunk_bounds(count, chunk_size(model)))
    print("local workers are " + ("forked from this process" if forkable() else
                                  "started by a fork server (another thread runs here: OPENBLAS_NUM_THREADS=1 "
                                  "lets them be forked)"))
    print(f"seed {args.seed}: {' x '.join(f'{a.name} ({len(a.values)})' for a in axes)} = {count:,} points, "
          f"{chunks} chunks of up to {chunk_size(model):,}; {os.cpu_count()} CPUs, "
          f"load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}")

    runs: list[tuple[str, Callable[[], Sweep]]] = []
    for workers in (int(w) for w in args.workers.split(",")):
        runs.append((f"workers={workers}", lambda workers=workers: sweep(model, axes, workers=workers)))
    if args.scheduler:
        runs.append((f"scheduler={args.scheduler}", lambda: sweep(model, axes, scheduler=args.scheduler)))

    reference: str | None = None
    print(f"\n{'run':32s} {'first s':>8s} {'first pts/s':>12s} {'best s':>8s} {'best pts/s':>11s}  identical")
    for label, run in runs:
        first, document = timed(run)
        reference = reference or document
        same = document == reference
        best = math.inf
        for _ in range(args.repeat):
            seconds, document = timed(run)
            best, same = min(best, seconds), same and document == reference
        print(f"{label:32s} {first:8.2f} {count / first:12,.0f} {best:8.2f} {count / best:11,.0f}  "
              f"{'yes' if same else 'NO'}")
    print(f"\nload average after: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
