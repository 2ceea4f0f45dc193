"""Reading lrsnash's output (lrslib; Avis, Rosenberg, Savani & von Stengel 2010): its equilibria as exact fractions.

One copy for the benchmark that runs lrsnash (``benchmarks/two_player.py``, which imports it as
``lrsnash``, its own folder being first on the path) and the tests that compare with lrsnash's
stored answers (``tests/solvers/test_polytope_search.py``, which imports it as
``benchmarks.lrsnash`` from the repository root). It lives beside the benchmark because talking
to an external reference tool is the benchmarks' business; the tests only read files it made.

Examples
--------
>>> output = "2  1/2 1/2  3/2\\n2  1 0  2\\n1  1/3 2/3  5/3\\n\\n2  0 1  1\\n1  1 0  4\\n"
>>> sorted(read_lrsnash(output))  # doctest: +NORMALIZE_WHITESPACE
[((Fraction(1, 3), Fraction(2, 3)), (Fraction(1, 2), Fraction(1, 2))),
 ((Fraction(1, 3), Fraction(2, 3)), (Fraction(1, 1), Fraction(0, 1))),
 ((Fraction(1, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1)))]
"""

from __future__ import annotations

from fractions import Fraction

__all__ = ["read_lrsnash", "Profile"]

Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


def read_lrsnash(text: str) -> set[Profile]:
    """lrsnash's equilibria: each block of "2 y... v" lines closed by a "1 x... w" line pairs every
    y of the block with that x (the last number of each line is a payoff)."""
    equilibria: set[Profile] = set()
    columns: list[tuple[Fraction, ...]] = []
    for line in text.splitlines():
        fields = line.split()
        if not fields or fields[0] not in ("1", "2"):
            continue
        strategy = tuple(Fraction(v) for v in fields[1:-1])
        if fields[0] == "2":
            columns.append(strategy)
        else:
            equilibria.update((strategy, y) for y in columns)
            columns = []
    return equilibria
