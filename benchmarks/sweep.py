"""Time ``chipgame``'s grid ``sweep`` against one-game-per-point loops of sympy, nashpy, pygambit and QuantEcon.

Run from the repository root (the baselines need ``pip install -e .[bench]``):

    python benchmarks/sweep.py [--seed NAME] [--vary NAME=LO:HI --vary NAME=LO:HI] [--grid N] [--repeat N]

A seed game is swept over an N x N grid of two parameters (by default bytedance-vs-cambricon,
chip_spend over 5 to 160 and vendor_margin over 0.4 to 0.7, 200 x 200). Unless ``--no-align``
is given, each range is narrowed just enough that every exact threshold of that parameter
(``chipgame.sensitivity.threshold_search``, at the base values of the others) falls on a grid point, so
the grid holds the degenerate games where the equilibria change.

Timed, in one process (wall clock, and the process's own CPU time for the targets' ratios):

* ``sweep`` itself (best of ``--repeat``), and the work of ``chipgame sweep --format json``
  without start-up: ``sweep`` + the document's text, as the command writes it (``sweep_json``),
  joined into one string (best of ``--repeat``);
* the baselines, each on the same grid, one game per point, payoffs from the seed's sympy
  expressions: (a) sympy ``subs`` of every parameter value into every payoff expression and
  nashpy ``support_enumeration``; (b) the payoffs lambdified once (``modules="math"``, the
  fastest per-point evaluation) and nashpy ``vertex_enumeration``; (c) lambdified and pygambit
  ``enummixed_solve(rational=False)``; (d) lambdified and QuantEcon's numba-compiled
  ``support_enumeration`` (its first call, the JIT compile, is not timed). The slow ones run on
  a random subset of the grid (``--*-points``), and each stops after ``--max-seconds``; the
  points actually timed are printed. Building the lambdified function (once) is not timed.

Then agreement: at every point of a check set (every point ``sweep`` solved exactly, every
threshold point, and ``--check-random`` random grid points), ``Sweep.equilibria_at`` must equal
``solve(model.evaluate(exact values)).equilibria``: as many equilibria, the same supports,
probabilities within 1e-9. The baselines are compared with the same exact answers at the check
points they computed (their supports are the probabilities above 1e-9; chipgame's are its own).
"""

from __future__ import annotations

import argparse
import itertools
import math
import time
import warnings
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

import chipgame
from chipgame.payoffs.parameters import parse_value
from chipgame.reports import sweep_json
from chipgame.sensitivity import Axis, Sweep, grid_axis, sweep, thresholds

TOLERANCE = 1e-9
"""Largest difference between two probabilities that still counts as equal."""

Profile = tuple[tuple[float, ...], ...]


# ---------------------------------------------------------------- the grid


def aligned_range(low: Fraction, high: Fraction, count: int, marks: Sequence[Fraction]
                  ) -> tuple[Fraction, Fraction] | None:
    """The widest range inside [low, high] whose ``count`` evenly spaced values include every mark.

    Returns None when no such grid is found (marks too close together for ``count`` points).
    """
    marks = sorted({m for m in marks if low <= m <= high})
    if not marks or count < 2:
        return low, high
    target = (high - low) / (count - 1)
    gaps = [b - a for a, b in zip(marks, marks[1:])]
    if not gaps:  # one mark: a step a little smaller than asked leaves room to slide onto it
        steps: Any = [(high - low) / count]
    else:
        unit = Fraction(math.gcd(*(g.numerator for g in gaps)), math.lcm(*(g.denominator for g in gaps)))
        first = max(1, math.ceil(unit / target))
        steps = (unit / j for j in range(first, first + count))
    for step in steps:
        start = marks[0] - math.floor((marks[0] - low) / step) * step
        end = start + (count - 1) * step
        if end <= high and marks[-1] <= end:
            return start, end
    return None


def exact_thresholds(model: chipgame.PayoffModel, name: str, low: Fraction, high: Fraction,
                     overrides: dict[str, str]) -> tuple[list[Fraction], list[float]]:
    """The rational thresholds of ``name`` in [low, high] (exact), and the others (floats)."""
    rational, other = [], []
    for found in thresholds(model, name, low, high, overrides):
        if found.exact is not None and found.exact.is_Rational:
            rational.append(Fraction(int(found.exact.p), int(found.exact.q)))
        else:
            other.append(found.value)
    return rational, other


def fraction_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


# ---------------------------------------------------------------- comparing equilibria


def support(mix: Sequence[float], floor: float) -> tuple[int, ...]:
    return tuple(i for i, p in enumerate(mix) if p > floor)


def agrees(found: Sequence[Profile], exact: Sequence[chipgame.Equilibrium], floor: float = 0.0) -> bool:
    """Same number of equilibria, same supports (probabilities above ``floor``), probabilities within 1e-9."""
    if len(found) != len(exact):
        return False
    left = [tuple(tuple(float(p) for p in mix) for mix in profile) for profile in found]
    for equilibrium in exact:
        target = equilibrium.as_floats()
        target_support = tuple(support(mix, 0.0) for mix in equilibrium.profile)
        match = next((k for k, profile in enumerate(left)
                      if tuple(support(mix, floor) for mix in profile) == target_support
                      and all(abs(a - b) <= TOLERANCE for mix, ref in zip(profile, target) for a, b in zip(mix, ref))),
                     None)
        if match is None:
            return False
        left.pop(match)
    return True


def describe(profiles: Sequence[Profile]) -> str:
    if not profiles:
        return "no equilibrium"
    return " ; ".join("(" + " | ".join(", ".join(f"{float(p):.6g}" for p in mix) for mix in profile) + ")"
                      for profile in profiles)


# ---------------------------------------------------------------- baselines


class Baseline:
    """One game per grid point: payoffs from ``payoffs(k)``, equilibria from ``solve_game``."""

    def __init__(self, name: str, label: str, requested: int) -> None:
        self.name, self.label, self.requested = name, label, requested
        self.points = 0
        self.seconds = 0.0
        self.cpu_seconds = 0.0
        self.results: dict[int, list[Profile]] = {}
        self.note = ""
        self.missing: str | None = None

    @property
    def rate(self) -> float:
        return self.points / self.seconds if self.seconds > 0 else float("nan")

    def run(self, indices: Sequence[int], one_point: Callable[[int], list[Profile]], max_seconds: float) -> None:
        start, cpu = time.perf_counter(), time.process_time()
        elapsed = 0.0
        for k in indices:
            self.results[k] = one_point(k)
            elapsed = time.perf_counter() - start
            if elapsed > max_seconds:
                break
        self.points, self.seconds, self.cpu_seconds = len(self.results), elapsed, time.process_time() - cpu
        if self.points < len(indices):
            self.note = f"stopped after {max_seconds:g} s ({len(indices)} asked)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", default="bytedance-vs-cambricon", help="a seed name or scenario file (.toml)")
    parser.add_argument("--vary", action="append", metavar="NAME=LO:HI",
                        help="a parameter and its range (twice; default chip_spend=5:160, vendor_margin=0.4:0.7)")
    parser.add_argument("--set", dest="assignments", action="append", default=[], metavar="NAME=VALUE",
                        help="override another parameter's base value (repeatable)")
    parser.add_argument("--grid", type=int, default=200, help="points per varied parameter")
    parser.add_argument("--no-align", action="store_true",
                        help="keep the ranges as given instead of putting the exact thresholds on grid points")
    parser.add_argument("--repeat", type=int, default=3, help="runs of chipgame's sweep; the best counts")
    parser.add_argument("--sympy-points", type=int, default=300)
    parser.add_argument("--vertex-points", type=int, default=500)
    parser.add_argument("--gambit-points", type=int, default=4000)
    parser.add_argument("--quantecon-points", type=int, default=0, help="0: the whole grid")
    parser.add_argument("--max-seconds", type=float, default=30.0, help="a baseline stops after this long")
    parser.add_argument("--check-random", type=int, default=2000, help="random grid points in the agreement check")
    parser.add_argument("--random-seed", type=int, default=0)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    clock = time.perf_counter()

    scenario = chipgame.load_scenario(args.seed)
    model = scenario.model
    overrides = dict(a.split("=", 1) for a in args.assignments)
    base = model.values_with(overrides)
    varied = args.vary or ["chip_spend=5:160", "vendor_margin=0.4:0.7"]

    # ---- the grid, with the exact thresholds on it
    axes: list[Axis] = []
    asked: list[Axis] = []
    marks: dict[str, list[Fraction]] = {}
    print(f"seed {args.seed}: {' vs '.join(model.players)}, "
          f"{' x '.join(str(n) for n in model.shape)} strategies, {len(model.parameters)} parameters")
    for text in varied:
        name, _, span = text.partition("=")
        low_text, _, high_text = span.partition(":")
        low, high = parse_value(low_text, name), parse_value(high_text, name)
        rational, irrational = exact_thresholds(model, name, low, high, overrides)
        marks[name] = rational
        shown = ", ".join(f"{fraction_text(t)} ({float(t):.6g})" for t in rational) or "none"
        print(f"  thresholds of {name} in [{float(low):g}, {float(high):g}] (others at base): {shown}"
              + (f"; irrational or numeric, not on the grid: {', '.join(f'{v:.9g}' for v in irrational)}"
                 if irrational else ""))
        if rational and not args.no_align:
            aligned = aligned_range(low, high, args.grid, rational)
            if aligned is None:
                print(f"  (cannot put them all on {args.grid} points inside the range; range kept)")
            else:
                low, high = aligned
        asked.append(grid_axis(name, low_text, high_text, args.grid))
        axes.append(grid_axis(name, low, high, args.grid))
    count = int(np.prod([len(axis.values) for axis in axes]))
    vary_options = " ".join(f"--vary {a.name}={fraction_text(Fraction(a.values[0]))}:"
                            f"{fraction_text(Fraction(a.values[-1]))}:{len(a.values)}" for a in axes)
    print("  grid: " + " x ".join(f"{a.name} {float(a.values[0]):.6g}..{float(a.values[-1]):.6g} ({len(a.values)})"
                                  for a in axes) + f" = {count:,} points")
    print(f"  the command: chipgame sweep {args.seed} {vary_options}"
          + "".join(f" --set {a}" for a in args.assignments) + " --format json")
    shape = tuple(len(a.values) for a in axes)

    def exact_point(k: int) -> dict[str, Any]:
        return {a.name: a.values[i] for a, i in zip(axes, np.unravel_index(k, shape))}

    threshold_points = sorted({int(k) for k in range(count)
                               if any(exact_point(k)[a.name] in marks[a.name] for a in axes)})

    # ---- chipgame: the library call, and the command's work without start-up
    sweep_best = sweep_cpu = math.inf
    result: Sweep | None = None
    for _ in range(max(1, args.repeat)):
        start, cpu = time.perf_counter(), time.process_time()
        result = sweep(model, axes, overrides)
        sweep_best, sweep_cpu = min(sweep_best, time.perf_counter() - start), min(sweep_cpu, time.process_time() - cpu)
    assert result is not None
    asked_best, asked_exact = math.inf, 0
    if [a.values for a in asked] != [a.values for a in axes]:  # the grid as asked, without the thresholds
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            asked_exact = int(sweep(model, asked, overrides).exact.sum())
            asked_best = min(asked_best, time.perf_counter() - start)
    cli_best, cli_cpu, parts = math.inf, math.inf, (0.0, 0.0)
    size = 0
    for _ in range(max(1, args.repeat)):
        start, cpu = time.perf_counter(), time.process_time()
        swept = sweep(model, axes, overrides)
        middle = time.perf_counter()
        text = "".join(sweep_json(swept))
        end = time.perf_counter()
        cli_cpu = min(cli_cpu, time.process_time() - cpu)
        if end - start < cli_best:
            cli_best, parts, size = end - start, (middle - start, end - middle), len(text)
        del text, swept

    # ---- baselines on the same grid
    symbols = list(model.symbols.values())
    profiles = list(itertools.product(*model.strategies))
    expressions = [expr for profile in profiles for expr in model.payoffs[profile]]
    n_players = len(model.players)
    fixed = {name: float(value) for name, value in base.items()}

    def float_arguments(k: int) -> list[float]:
        values = {**fixed, **{name: float(v) for name, v in exact_point(k).items()}}
        return [values[s.name] for s in symbols]

    lambdified = sympy.lambdify(symbols, expressions, modules="math", cse=True)

    def lambdified_payoffs(k: int) -> np.ndarray:
        return np.array(lambdified(*float_arguments(k)), dtype=float).reshape(*model.shape, n_players)

    def substituted_payoffs(k: int) -> np.ndarray:
        values = dict(zip(symbols, float_arguments(k)))
        return np.array([float(expr.subs(values)) for expr in expressions], dtype=float).reshape(
            *model.shape, n_players)

    rng = np.random.default_rng(args.random_seed)
    order = rng.permutation(count).tolist()
    random_points = order[:min(args.check_random, count)]

    def subset(requested: int) -> list[int]:
        return list(range(count)) if requested <= 0 or requested >= count else order[:requested]

    baselines = [
        Baseline("sympy", "sympy subs + nashpy support_enumeration", args.sympy_points),
        Baseline("vertex", "lambdify + nashpy vertex_enumeration", args.vertex_points),
        Baseline("gambit", "lambdify + pygambit enummixed_solve", args.gambit_points),
        Baseline("quantecon", "lambdify + QuantEcon support_enumeration", args.quantecon_points),
    ]
    by_name = {b.name: b for b in baselines}
    two_players = n_players == 2
    try:
        import nashpy

        def sympy_nashpy(k: int) -> list[Profile]:
            payoffs = substituted_payoffs(k)
            return list(nashpy.Game(payoffs[..., 0], payoffs[..., 1]).support_enumeration())

        def lambdify_nashpy(k: int) -> list[Profile]:
            payoffs = lambdified_payoffs(k)
            return list(nashpy.Game(payoffs[..., 0], payoffs[..., 1]).vertex_enumeration())

        by_name["sympy"].run(subset(args.sympy_points), sympy_nashpy, args.max_seconds)
        by_name["vertex"].run(subset(args.vertex_points), lambdify_nashpy, args.max_seconds)
    except ImportError:
        by_name["sympy"].missing = by_name["vertex"].missing = "nashpy not installed"
    try:
        import pygambit

        def lambdify_gambit(k: int) -> list[Profile]:
            payoffs = lambdified_payoffs(k)
            game = pygambit.Game.from_arrays(payoffs[..., 0], payoffs[..., 1])
            return [tuple(tuple(float(eq[s]) for s in player.strategies) for player in game.players)
                    for eq in pygambit.nash.enummixed_solve(game, rational=False).equilibria]

        by_name["gambit"].run(subset(args.gambit_points), lambdify_gambit, args.max_seconds)
    except ImportError:
        by_name["gambit"].missing = "pygambit not installed"
    try:
        from quantecon.game_theory import NormalFormGame, support_enumeration

        def lambdify_quantecon(k: int) -> list[Profile]:
            game = NormalFormGame(lambdified_payoffs(k))
            return [tuple(map(tuple, profile)) for profile in support_enumeration(game)]

        start = time.perf_counter()
        lambdify_quantecon(0)  # numba compiles on the first call: not timed
        by_name["quantecon"].note = f"JIT compile {time.perf_counter() - start:.1f} s not timed"
        by_name["quantecon"].run(subset(args.quantecon_points), lambdify_quantecon, args.max_seconds)
    except ImportError:
        by_name["quantecon"].missing = "quantecon not installed (pip install -e .[bench])"
    for baseline in baselines:
        if not two_players and baseline.missing is None:
            baseline.missing = "two-player games only"

    # ---- agreement with a per-point exact solve
    exact_points = np.flatnonzero(result.exact).tolist()
    check = sorted(set(exact_points) | set(threshold_points) | set(random_points))
    reference: dict[int, Any] = {}
    disagreements: list[tuple[int, str, str]] = []
    check_start = time.perf_counter()
    for k in check:
        mine = [eq.profile for eq in result.equilibria_at(k)]
        try:
            reference[k] = chipgame.solve(model.evaluate({**overrides, **exact_point(k)})).equilibria
        except chipgame.ChipgameError as error:
            disagreements.append((k, describe(mine), f"solve failed: {error}"))
            continue
        if not agrees(mine, reference[k]):
            disagreements.append((k, describe(mine), describe([eq.profile for eq in reference[k]])))
    check_seconds = time.perf_counter() - check_start
    wrong: dict[str, list[int]] = {}
    for baseline in baselines:
        wrong[baseline.name] = [k for k in baseline.results if k in reference
                                and not agrees(baseline.results[k], reference[k], floor=TOLERANCE)]

    # ---- report
    sweep_rate, cli_rate = count / sweep_best, count / cli_best
    solved_exactly = int(result.exact.sum())
    rows = [("chipgame sweep (library, best of %d)" % args.repeat, count, sweep_best, sweep_rate,
             f"{solved_exactly} points re-solved exactly"),
            ("chipgame sweep + JSON (command, no start-up)", count, cli_best, cli_rate, "")]
    if asked_best < math.inf:
        rows.append(("  sweep, grid as asked (thresholds off it)", count, asked_best, count / asked_best,
                     f"{asked_exact} points re-solved exactly; "
                     + ", ".join(f"{a.name} {float(a.values[0]):g}..{float(a.values[-1]):g}" for a in asked)))
    rows += [(b.label, b.points, b.seconds, b.rate, b.note) for b in baselines if b.missing is None and b.points]
    print()
    print(f"{'method':46s} {'points':>8s} {'seconds':>9s} {'points/s':>11s} {'sweep/it':>10s} {'JSON/it':>9s}")
    for label, points, seconds, rate, note in rows:
        print(f"{label:46s} {points:8,d} {seconds:9.3f} {rate:11,.0f} {sweep_rate / rate:9.2f}x {cli_rate / rate:8.2f}x"
              + (f"  {note}" if note else ""))
    for baseline in baselines:
        if baseline.missing is not None:
            print(f"{baseline.label:46s} {baseline.missing}")
    print("(sweep/it, JSON/it: chipgame's points/s, library sweep and sweep + JSON, divided by the row's)")
    print(f"\nJSON path, best run: sweep {parts[0]:.3f} s, sweep_json {parts[1]:.3f} s ({size / 1e6:.1f} MB)")

    quantecon = by_name["quantecon"]
    if quantecon.missing is None and quantecon.points:
        goals = [("sweep", sweep_rate, 5, 100_000), ("sweep + JSON", cli_rate, 3, None)]
        if asked_best < math.inf:
            goals.insert(1, ("sweep, grid as asked", count / asked_best, 5, 100_000))
        for label, rate, factor, floor in goals:
            goal = factor * quantecon.rate if floor is None else max(factor * quantecon.rate, floor)
            print(f"target {label + ':':21s} >= {factor}x QuantEcon" + (f" and > {floor:,} points/s" if floor else "")
                  + f" = {goal:,.0f} points/s: {'met' if rate >= goal else 'MISSED'} ({rate:,.0f})")
        # on a shared machine the wall clock counts time the process waited for a core; its own
        # CPU time does not (best runs of chipgame, the whole QuantEcon loop)
        print(f"CPU time of this process: sweep {sweep_cpu:.3f} s, sweep + JSON {cli_cpu:.3f} s, QuantEcon "
              f"{quantecon.cpu_seconds:.3f} s for {quantecon.points:,} points: "
              f"{quantecon.cpu_seconds / quantecon.points * count / sweep_cpu:.2f}x and "
              f"{quantecon.cpu_seconds / quantecon.points * count / cli_cpu:.2f}x")

    on_threshold = set(threshold_points)
    print(f"\ncheck set: {len(check):,} points = {len(exact_points):,} solved exactly by sweep, "
          f"{len(threshold_points):,} on thresholds ({sum(result.exact[k] for k in threshold_points):,} of them "
          f"solved exactly), {len(random_points):,} random (seed {args.random_seed}); exact solves took "
          f"{check_seconds:.1f} s")
    print(f"agreement: {len(check) - len(disagreements)}/{len(check)} points")
    for k, mine, theirs in disagreements[:5]:
        print(f"  at {point_text(exact_point(k))}: sweep {mine}\n{'':6s}exact solve {theirs}")
    for baseline in baselines:
        if baseline.missing is not None or not baseline.points:
            continue
        checked = [k for k in baseline.results if k in reference]
        bad = wrong[baseline.name]
        print(f"{baseline.label}: wrong at {len(bad)} of the {len(checked):,} check points it computed"
              + (f" ({sum(k in on_threshold for k in bad)} on thresholds)" if bad else ""))
        for k in bad[:1]:
            print(f"  e.g. at {point_text(exact_point(k))}: {baseline.name} {describe(baseline.results[k])}\n"
                  f"{'':6s}exact solve {describe([eq.profile for eq in reference[k]])}")
    print(f"\ntotal {time.perf_counter() - clock:.0f} s")


def point_text(point: dict[str, Any]) -> str:
    return ", ".join(f"{name}={fraction_text(Fraction(value))} ({float(value):.6g})" for name, value in point.items())


if __name__ == "__main__":
    main()
