"""Exact enumeration of extreme equilibria by polytope search, checked against lrsnash and the old
exhaustive vertex enumeration.

Reference answers: ``tests/solvers/data/lrsnash`` holds lrsnash's output (lrslib 7.1, made by
``make_references.py`` there) for seeded random games, degenerate ones among them, and for von
Stengel's 6x6 game with 75 equilibria (von Stengel, "New maximal numbers of equilibria in bimatrix
games", Discrete Comput. Geom. 21, 1999). Every equilibrium returned is first checked generically
(a distribution per player, no profitable deviation), then compared.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lrsnash import read_lrsnash

from chipgame.errors import SolverError
from chipgame.games import read_nfg
from chipgame.solvers.best_response_polytopes import extreme_equilibria, polytope_vertices
from chipgame.solvers.bimatrix_search import (
    BimatrixEnumeration,
    enumerate_extreme_equilibria,
    estimated_vertices,
)
from chipgame.solvers.lexicographic_ratios import separate_ratios
from chipgame.solvers.polytope_search import (
    PolytopeSearch,
    search_vertices,
    vertex_points,
)
from chipgame.solvers.small_bimatrix import small_extreme_equilibria
from tests.conftest import SHARED, assert_equilibrium

DATA = Path(__file__).resolve().parent / "data" / "lrsnash"
SEVENTY_FIVE = SHARED / "corpus" / "gambit" / "journals_dcg_vonstengel1999_6x6_game_with_75_eq.nfg"

Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


def exact(matrix) -> np.ndarray:
    """An integer (or Fraction) matrix as an object array of Fractions."""
    return np.array([[Fraction(v) for v in row] for row in np.asarray(matrix).tolist()], dtype=object)


def read_game_text(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The payoffs of an lrsnash input file."""
    tokens = text.split()
    m, n = int(tokens[0]), int(tokens[1])
    values = [Fraction(t) for t in tokens[2:]]
    assert len(values) == 2 * m * n
    A = np.array(values[:m * n], dtype=object).reshape(m, n)
    B = np.array(values[m * n:], dtype=object).reshape(m, n)
    return A, B


def check_every_equilibrium(A: np.ndarray, B: np.ndarray, result: BimatrixEnumeration) -> None:
    """Each equilibrium is exact, a distribution per player with no profitable deviation."""
    game = SimpleNamespace(shape=A.shape, payoffs=np.stack([A, B], axis=-1))
    for x, y in result.equilibria:
        assert all(isinstance(v, Fraction) for v in x + y)
        assert_equilibrium(game, (x, y))
    assert len(set(result.equilibria)) == len(result.equilibria)


def reference_cases() -> list[str]:
    return sorted(path.stem for path in DATA.glob("*.out"))


def test_the_reference_data_is_there():
    names = reference_cases()
    assert len(names) >= 20
    assert any("high2" in name or "high3" in name for name in names)  # degenerate games
    assert "vonstengel_6x6_75eq" in names


@pytest.mark.parametrize("name", reference_cases())
def test_equal_to_stored_lrsnash_answers(name):
    if name == "vonstengel_6x6_75eq":
        if not SEVENTY_FIVE.is_file():
            pytest.skip("the shared Gambit catalog is not beside this repository")
        game = read_nfg(SEVENTY_FIVE)
        A, B = game.payoff_array(0), game.payoff_array(1)
    else:
        A, B = read_game_text((DATA / f"{name}.game").read_text())
    expected = read_lrsnash((DATA / f"{name}.out").read_text())
    result = enumerate_extreme_equilibria(A, B)
    check_every_equilibrium(A, B, result)
    assert result.complete
    assert set(result.equilibria) == expected
    if name == "vonstengel_6x6_75eq":
        assert len(expected) == 75


@pytest.mark.parametrize("name", ["random_8x8_high3_seed0", "random_10x10_high2_seed6", "random_6x6_high1000_seed1"])
def test_the_exact_path_alone_gives_the_same_answer(name):
    A, B = read_game_text((DATA / f"{name}.game").read_text())
    expected = read_lrsnash((DATA / f"{name}.out").read_text())
    result = enumerate_extreme_equilibria(A, B, exact=True)
    check_every_equilibrium(A, B, result)
    assert set(result.equilibria) == expected
    assert result == enumerate_extreme_equilibria(A, B)


@pytest.mark.skipif(shutil.which("lrsnash") is None, reason="lrsnash is not installed (apt-get install lrslib)")
@pytest.mark.parametrize(("shape", "high", "seed"), [((7, 7), 1000, 11), ((9, 5), 1000, 12), ((6, 6), 2, 13),
                                                      ((5, 7), 3, 14), ((11, 11), 1000, 15)])
def test_equal_to_lrsnash_live(tmp_path, shape, high, seed):
    rng = np.random.default_rng(seed)
    A, B = exact(rng.integers(0, high, shape)), exact(rng.integers(0, high, shape))
    source = tmp_path / "game"
    rows = [" ".join(str(v) for v in row) for row in A.tolist()]
    columns = [" ".join(str(v) for v in row) for row in B.tolist()]
    source.write_text("\n".join([f"{shape[0]} {shape[1]}", "", *rows, "", *columns]) + "\n")
    output = subprocess.run(["lrsnash", str(source)], check=True, capture_output=True, text=True).stdout
    result = enumerate_extreme_equilibria(A, B)
    check_every_equilibrium(A, B, result)
    assert set(result.equilibria) == read_lrsnash(output)


small_games = st.integers(1, 4).flatmap(lambda m: st.integers(1, 4).flatmap(lambda n: st.tuples(
    st.lists(st.lists(st.integers(0, 3), min_size=n, max_size=n), min_size=m, max_size=m),
    st.lists(st.lists(st.integers(0, 3), min_size=n, max_size=n), min_size=m, max_size=m))))


@settings(max_examples=150, deadline=None)
@given(small_games, st.booleans())
def test_equal_to_exhaustive_vertex_enumeration(game, forced_exact):
    A, B = exact(game[0]), exact(game[1])
    expected, degenerate = extreme_equilibria(A, B)
    result = enumerate_extreme_equilibria(A, B, exact=forced_exact)
    check_every_equilibrium(A, B, result)
    assert set(result.equilibria) == set(expected)
    assert len(result.equilibria) == len(expected)
    assert result.degenerate == degenerate
    assert result.complete


@settings(max_examples=150, deadline=None)
@given(small_games, st.integers(1, 5), st.integers(-7, 7))
def test_small_games_in_integers_equal_the_search(game, scale, shift):
    """The integer path for small games (no float screen) finds what the float-screened exhaustive
    enumeration and the search find, on games with fractional, negative and degenerate payoffs."""
    A, B = exact(game[0]) * Fraction(scale, 7) + shift, exact(game[1]) - Fraction(shift, 3)
    found, degenerate = small_extreme_equilibria(A, B)
    searched = enumerate_extreme_equilibria(A, B)
    check_every_equilibrium(A, B, SimpleNamespace(equilibria=tuple(found)))
    expected, expected_degenerate = extreme_equilibria(A, B)
    assert len(found) == len(set(found)) == len(expected)
    assert set(found) == set(expected) == set(searched.equilibria)
    assert degenerate == expected_degenerate == searched.degenerate


@settings(max_examples=60, deadline=None)
@given(small_games, st.integers(1, 5), st.integers(-7, 7))
def test_unchanged_by_scaling_and_shifting_payoffs(game, scale, shift):
    A, B = exact(game[0]), exact(game[1])
    moved = enumerate_extreme_equilibria(A * Fraction(scale, 3) + shift, B * scale - Fraction(shift, 2))
    assert moved.equilibria == enumerate_extreme_equilibria(A, B).equilibria


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_polytope_vertices_equal_the_exhaustive_ones(rows, dim, seed):
    rng = np.random.default_rng(seed)
    C = rng.integers(1, int(rng.choice([3, 4, 1000])), (rows, dim))
    old = polytope_vertices(exact(C))
    expected = {sum(1 << i for i in v.zero_coordinates) | sum(1 << (dim + r) for r in v.tight_rows) for v in old}
    expected.add((1 << dim) - 1)  # the origin
    for forced_exact in (False, True):
        found = search_vertices(C, exact=forced_exact)
        assert set(found.labels) == expected
        assert found.degenerate == any(v.label_count > dim for v in old)
        assert found.complete
    # every stored basis gives its vertex's point, certified or solved in integers
    points = vertex_points(C, list(found.bases))
    by_labels = {label: point for label, point in zip(found.labels, points)}
    for v in old:
        label = sum(1 << i for i in v.zero_coordinates) | sum(1 << (dim + r) for r in v.tight_rows)
        numerators, denominator = by_labels[label]
        assert tuple(Fraction(value, denominator) for value in numerators) == v.point


@pytest.mark.parametrize("n", range(1, 11))
def test_identity_games_have_every_uniform_pair(n):
    identity = exact(np.eye(n, dtype=int))
    result = enumerate_extreme_equilibria(identity, identity)
    assert len(result.equilibria) == 2**n - 1
    expected = set()
    for subset in range(1, 2**n):
        size = subset.bit_count()
        mix = tuple(Fraction(1, size) if subset >> i & 1 else Fraction(0) for i in range(n))
        expected.add((mix, mix))
    assert set(result.equilibria) == expected
    assert not result.degenerate
    assert result.vertices == (2**n - 1, 2**n - 1)
    if n <= 6:
        check_every_equilibrium(identity, identity, result)


def test_the_75_equilibrium_game_with_the_exact_path_forced():
    if not SEVENTY_FIVE.is_file():
        pytest.skip("the shared Gambit catalog is not beside this repository")
    game = read_nfg(SEVENTY_FIVE)
    A, B = game.payoff_array(0), game.payoff_array(1)
    result = enumerate_extreme_equilibria(A, B, exact=True)
    assert len(result.equilibria) == 75
    assert result == enumerate_extreme_equilibria(A, B)


@pytest.mark.parametrize(("shape", "high"), [((2, 63), 1000), pytest.param((3, 62), 3, marks=pytest.mark.slow)])
def test_matches_the_old_enumeration_on_wide_games(shape, high):
    """More than 64 variables: bases and labels no longer fit in uint64 and are Python ints. (The old
    enumeration of the 3x62 game tries C(65, 3) systems: seconds, so with the slow tests.)"""
    rng = np.random.default_rng(3)
    A, B = exact(rng.integers(0, high, shape)), exact(rng.integers(0, high, shape))
    expected, degenerate = extreme_equilibria(A, B)
    result = enumerate_extreme_equilibria(A, B)
    check_every_equilibrium(A, B, result)
    assert set(result.equilibria) == set(expected)
    assert result.degenerate == degenerate


def test_huge_payoffs_are_decided_exactly():
    """Entries beyond 2^53 are not exact in floats: every basis takes the integer path."""
    rng = np.random.default_rng(4)
    base = 10**30
    A = exact(rng.integers(0, 3, (4, 4))) * base + exact(rng.integers(0, 5, (4, 4)))
    B = exact(rng.integers(0, 3, (4, 4))) * base + exact(rng.integers(0, 5, (4, 4)))
    expected, degenerate = extreme_equilibria(A, B)
    result = enumerate_extreme_equilibria(A, B)
    check_every_equilibrium(A, B, result)
    assert set(result.equilibria) == set(expected)
    assert result.degenerate == degenerate


def test_fractional_payoffs():
    A = exact([[Fraction(1, 3), Fraction(2, 7)], [Fraction(0), Fraction(5, 11)]])
    B = exact([[Fraction(-1, 2), Fraction(3, 4)], [Fraction(2, 5), Fraction(-1, 9)]])
    expected, _ = extreme_equilibria(A, B)
    assert set(enumerate_extreme_equilibria(A, B).equilibria) == set(expected)


def test_the_float_filter_decides_nondegenerate_games_alone():
    rng = np.random.default_rng(0)
    rng.integers(0, 1000, (12, 12))
    B = rng.integers(0, 1000, (12, 12))
    search = PolytopeSearch((B - B.min() + 1).T)  # P of the 12x12 seed-0 game
    while search.step():
        pass
    assert search.exact_bases == 0 and search.found == 4395  # lrsnash's count for the 12x12 seed-0 game


@pytest.mark.parametrize(("shape", "high", "seed"),
                         [((9, 9), 3, 0), ((8, 10), 2, 1), pytest.param((12, 12), 3, 0, marks=pytest.mark.slow)])
def test_three_paths_find_the_same_vertices_of_degenerate_polytopes(shape, high, seed):
    """Float intervals, then rounding to certified integers, then the integer path: the same answer
    whichever path decides. Small payoffs make every polytope degenerate (ties everywhere)."""
    rng = np.random.default_rng(seed)
    C = rng.integers(1, high + 1, shape)
    searches = {}
    for name in ("floats and rounding", "floats and integers", "integers"):
        search = PolytopeSearch(C, exact=name == "integers")
        search._rounding = name == "floats and rounding"
        while search.step():
            pass
        searches[name] = search
    labels = {name: set(search.vertices().labels) for name, search in searches.items()}
    assert labels["floats and rounding"] == labels["floats and integers"] == labels["integers"]
    # the lexicographic rule fixes the set of bases: every path must walk exactly the same ones
    assert searches["floats and rounding"].bases == searches["floats and integers"].bases == searches["integers"].bases
    assert all(search.degenerate for search in searches.values())
    assert searches["floats and rounding"].exact_bases == 0  # small entries: rounding certifies every tie
    assert searches["integers"].exact_bases == searches["integers"].bases


def test_float_ratios_that_tie_are_left_undecided():
    beta = np.array([[1.0, 2.0, 4.0]])
    columns = np.array([[[1.0, 2.0, 1.0], [1.0, 1.0, 1.0]]])  # column 0: rows 0 and 1 tie at ratio 1
    winner, separated = separate_ratios(beta, np.zeros((1, 3)), columns, np.ones((1, 2)))
    assert separated.tolist() == [[False, True]]
    assert winner[0, 1] == 0
    _, separated = separate_ratios(beta, np.full((1, 3), 1e-3), columns, np.ones((1, 2)))
    assert separated.tolist() == [[False, True]]  # ratios 1, 2, 4: errors of 1e-3 keep them apart
    _, separated = separate_ratios(beta, np.full((1, 3), 0.3), columns, np.ones((1, 2)))
    assert separated.tolist() == [[False, False]]  # errors of 0.3 do not

    rng = np.random.default_rng(0)
    A, B = exact(rng.integers(0, 1000, (12, 12))), exact(rng.integers(0, 1000, (12, 12)))
    result = enumerate_extreme_equilibria(A, B, deadline=time.monotonic() - 1)
    assert not result.complete
    check_every_equilibrium(A, B, result)
    assert result.vertices == (0, 0) and result.equilibria == ()


def test_an_interruption_keeps_verified_equilibria_found_so_far():
    rng = np.random.default_rng(0)
    A, B = exact(rng.integers(0, 1000, (12, 12))), exact(rng.integers(0, 1000, (12, 12)))
    calls = []

    def interrupt(found: int, estimate: int) -> None:
        calls.append((found, estimate))
        if len(calls) == 3:  # the first batches hold only the origin and its neighbours
            raise KeyboardInterrupt

    partial = enumerate_extreme_equilibria(A, B, progress=interrupt)
    full = enumerate_extreme_equilibria(A, B)
    assert not partial.complete and full.complete
    assert 0 < sum(partial.vertices) < sum(full.vertices)
    check_every_equilibrium(A, B, partial)
    assert set(partial.equilibria) <= set(full.equilibria)
    assert len(full.equilibria) == 21


def test_progress_reports_growing_counts():
    rng = np.random.default_rng(1)
    A, B = exact(rng.integers(0, 1000, (10, 10))), exact(rng.integers(0, 1000, (10, 10)))
    seen: list[tuple[int, int]] = []
    result = enumerate_extreme_equilibria(A, B, progress=lambda found, estimate: seen.append((found, estimate)))
    assert seen and seen[-1][0] == sum(result.vertices)
    assert [found for found, _ in seen] == sorted(found for found, _ in seen)
    assert all(estimate == estimated_vertices((10, 10)) for _, estimate in seen)


def test_estimated_vertices_is_of_the_measured_order():
    # measured: 214 + 213 (8x8 seed 0), 4,395 + 5,487 (12x12 seed 0), 12,989 + 53,073 (15x15 seed 0)
    assert 100 < estimated_vertices((8, 8)) < 2_000
    assert 2_000 < estimated_vertices((12, 12)) < 50_000
    assert 10_000 < estimated_vertices((15, 15)) < 500_000
    assert estimated_vertices((3, 12)) < estimated_vertices((7, 8))


def test_refuses_what_it_cannot_solve_exactly():
    with pytest.raises(SolverError, match="rational"):
        enumerate_extreme_equilibria(np.array([[0.5, 1.0]]), np.array([[1.0, 0.0]]))
    with pytest.raises(SolverError, match="shapes"):
        enumerate_extreme_equilibria(exact([[1, 2]]), exact([[1], [2]]))


def test_results_are_frozen_and_sorted():
    A = exact(np.eye(3, dtype=int))
    result = enumerate_extreme_equilibria(A, A)
    with pytest.raises(AttributeError):
        result.complete = False  # type: ignore[misc]
    assert list(result.equilibria) == sorted(result.equilibria, reverse=True)
