"""Mixed equilibria of games with three or more players, through Gambit (``gambit_backend``).

Every returned profile is first checked generically, by a brute-force regret computed here
(``tests.conftest.independent_regret``, not the module's code), then against known answers:
the 3+-player games of the Gambit catalog in the shared folder beside the repository
(skipped when absent), the McKelvey-McLennan 2x2x2 game, and a hand-solved three-player
matching-pennies game.
"""

from __future__ import annotations

import itertools
import time
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipgame.games import Game, read_nfg
from chipgame.solvers.gambit_backend import (
    ENUMERATION_MAX_SUPPORTS,
    TIME_LIMIT,
    n_player_equilibria,
    support_profile_count,
    to_gambit,
)
from tests.conftest import independent_regret

pytest.importorskip("pygambit")

CATALOG_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "gambit"
CATALOG = [p for p in sorted(CATALOG_DIR.glob("*.nfg")) if read_nfg(p).n_players >= 3] \
    if CATALOG_DIR.is_dir() else []
needs_catalog = pytest.mark.skipif(not CATALOG, reason="the shared Gambit catalog is not beside this repository")

GENEROUS_SECONDS = TIME_LIMIT + 90
"""Upper bound on one call: the time limit, plus worker start-ups (about 2 s each) and slack."""


def _slack(game: Game) -> float:
    """The largest regret accepted for a float profile: 1e-9 times the payoff scale."""
    return 1e-9 * max(1.0, float(np.max(np.abs(game.payoffs.astype(float)))))


def _is_exact(profile) -> bool:
    return all(isinstance(p, F) for mix in profile for p in mix)


def assert_verified(game: Game, profile) -> None:
    """A distribution per player, and no gain from deviating: none at all for an exact
    profile of an exact game, at most 1e-9 x the payoff scale otherwise."""
    assert len(profile) == game.n_players
    exact = _is_exact(profile) and game.is_exact
    slack = 0 if exact else _slack(game)
    for mix, size in zip(profile, game.shape):
        assert len(mix) == size
        assert all(p >= 0 for p in mix)
        assert sum(mix) == 1 if _is_exact(profile) else abs(sum(mix) - 1) <= 1e-12 * size
    payoffs = game.payoffs if exact else game.payoffs.astype(float)
    assert max(independent_regret(payoffs, profile)) <= slack


def _pure_indices(profiles) -> set[tuple[int, ...]]:
    return {tuple(mix.index(1) for mix in p) for p in profiles
            if all(sum(1 for x in mix if x > 0) == 1 for mix in p)}


# ---------------------------------------------------------------- the Gambit catalog


@needs_catalog
@pytest.mark.slow
@pytest.mark.parametrize("path", CATALOG, ids=[p.stem for p in CATALOG])
def test_catalog_equilibria_are_verified_and_include_gambits_pure_ones(path):
    gbt = pytest.importorskip("pygambit")
    game = read_nfg(path)
    start = time.monotonic()
    profiles, complete, notes = n_player_equilibria(game)
    assert time.monotonic() - start < GENEROUS_SECONDS
    assert profiles, "every finite game has an equilibrium"
    for profile in profiles:
        assert_verified(game, profile)
    assert len({tuple(tuple(round(float(p), 6) for p in mix) for mix in pr) for pr in profiles}) == len(profiles)
    reference = gbt.read_nfg(str(path))
    gambit_pure = {
        tuple(next(k for k, s in enumerate(player.strategies) if eq[s] == 1) for player in reference.players)
        for eq in gbt.nash.enumpure_solve(reference).equilibria
    }
    assert gambit_pure <= _pure_indices(profiles)
    if not complete:
        assert notes, "an incomplete answer says why"
    if support_profile_count(game.shape) > ENUMERATION_MAX_SUPPORTS:
        assert not complete and any("too large to enumerate" in n for n in notes)


@needs_catalog
@pytest.mark.slow
def test_catalog_titles_count_equilibria_that_are_found():
    # Titles of catalog games state how many equilibria they have; every one is found
    # (3x3x3, g3 and 2x2x2x2x2 only thanks to the cross-checks: enumpoly skips one each).
    expected = {"2x2x2": 9, "2x2x2x2": 3, "2x2x2x2x2": 5, "3x3x3": 5, "g1": 1, "g2": 1, "g3": 5,
                "journals_ijgt_nau2004_sec4": 1,
                "test_2x2x2_nfg_from_local_max_cut_2_pure_1_mixed_eq": 3}
    for stem, count in expected.items():
        profiles, _, _ = n_player_equilibria(read_nfg(CATALOG_DIR / f"{stem}.nfg"))
        assert len(profiles) == count, stem


# McKelvey and McLennan, "The maximal number of regular totally mixed Nash equilibria",
# Journal of Economic Theory 72 (1997): a 2x2x2 game with nine equilibria, two totally mixed
# (the catalog's 2x2x2.nfg). With p, q, r the probabilities of each player's first strategy,
# the payoffs of the first strategy minus the second are
#   player 1: 9qr + 3(1-q)(1-r) - 9(1-q)r - 3q(1-r)
#   player 2: 8pr + 4(1-p)(1-r) - 8(1-p)r - 4p(1-r)
#   player 3: 12pq + 2(1-p)(1-q) - 6(1-p)q - 6p(1-q)
# and all three vanish at (p, q, r) = (2/5, 1/2, 1/3) and at (1/2, 2/5, 1/4), checked by hand
# (player 1 at the first: 3/2 + 1 - 3/2 - 1 = 0; and likewise for the others).
MCKELVEY_MCLENNAN = {
    ((F(1), F(0)), (F(1), F(0)), (F(1), F(0))),
    ((F(1), F(0)), (F(0), F(1)), (F(0), F(1))),
    ((F(0), F(1)), (F(1), F(0)), (F(0), F(1))),
    ((F(0), F(1)), (F(0), F(1)), (F(1), F(0))),
    ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)), (F(1), F(0))),
    ((F(1, 3), F(2, 3)), (F(1), F(0)), (F(1, 4), F(3, 4))),
    ((F(0), F(1)), (F(1, 4), F(3, 4)), (F(1, 3), F(2, 3))),
    ((F(2, 5), F(3, 5)), (F(1, 2), F(1, 2)), (F(1, 3), F(2, 3))),
    ((F(1, 2), F(1, 2)), (F(2, 5), F(3, 5)), (F(1, 4), F(3, 4))),
}


@needs_catalog
def test_mckelvey_mclennan_2x2x2_has_nine_exact_equilibria():
    game = read_nfg(CATALOG_DIR / "2x2x2.nfg")
    assert "with 9 Nash equilibria" in game.title
    profiles, complete, notes = n_player_equilibria(game, exhaustive=True)
    for profile in profiles:
        assert_verified(game, profile)
    assert len(profiles) == 9
    assert set(profiles) == MCKELVEY_MCLENNAN
    assert complete
    assert not any("missed" in n for n in notes)


@needs_catalog
def test_irrational_equilibrium_is_returned_in_floating_point():
    # Nau, Gomez Canovas and Hansen, "On the geometry of Nash equilibria and correlated
    # equilibria", International Journal of Game Theory 32 (2004), section 4: a unique
    # equilibrium, in irrational probabilities.
    game = read_nfg(CATALOG_DIR / "journals_ijgt_nau2004_sec4.nfg")
    profiles, complete, notes = n_player_equilibria(game)
    assert len(profiles) == 1 and complete
    assert_verified(game, profiles[0])
    assert not _is_exact(profiles[0])
    assert any("floating point" in n for n in notes)


@needs_catalog
def test_a_continuum_of_equilibria_is_flagged():
    # Nau et al. (2004), section 5: a continuum of totally mixed equilibria, which
    # enumpoly does not return; the cross-checks find points on it.
    game = read_nfg(CATALOG_DIR / "journals_ijgt_nau2004_sec5.nfg")
    profiles, complete, notes = n_player_equilibria(game)
    for profile in profiles:
        assert_verified(game, profile)
    assert not complete
    assert any("continuum" in n for n in notes)


@needs_catalog
@pytest.mark.slow
def test_a_stalling_enumeration_is_abandoned_in_time():
    # enumpoly_solve runs for minutes on this small degenerate game (3x3x1).
    game = read_nfg(CATALOG_DIR / "perfect3.nfg")
    assert support_profile_count(game.shape) <= ENUMERATION_MAX_SUPPORTS
    start = time.monotonic()
    profiles, complete, notes = n_player_equilibria(game, exhaustive=True, time_limit=6)
    assert time.monotonic() - start < 6 + 30
    assert profiles and not complete
    assert any("enumpoly_solve did not finish" in n for n in notes)
    for profile in profiles:
        assert_verified(game, profile)


# ---------------------------------------------------------------- a game solved by hand


def _pennies(scale=(1, 1, 1), shift=(0, 0, 0)) -> Game:
    """Three-player matching pennies with unequal stakes, after Jordan, "Three problems in
    learning mixed-strategy Nash equilibria", Games and Economic Behavior 5 (1993).

    Ann wants to match Bob (2 on H-H, 1 on T-T), Bob wants to match Cat (1 on H-H, 3 on
    T-T), Cat wants to mismatch Ann (1 on Cat H / Ann T, 4 on Cat T / Ann H); else 0.
    """
    def payoff(a: int, b: int, c: int) -> list[F]:
        ann = 2 if a == b == 0 else 1 if a == b == 1 else 0
        bob = 1 if b == c == 0 else 3 if b == c == 1 else 0
        cat = 1 if (c, a) == (0, 1) else 4 if (c, a) == (1, 0) else 0
        return [F(k) * u + d for u, k, d in zip((ann, bob, cat), scale, shift)]

    payoffs = [[[payoff(a, b, c) for c in (0, 1)] for b in (0, 1)] for a in (0, 1)]
    return Game(("Ann", "Bob", "Cat"), (("H", "T"),) * 3, payoffs, title="three-player pennies")


# Derivation. Let p, q, r be the probabilities of H for Ann, Bob, Cat. Each payoff depends
# on one other player only:
#   Ann: H pays 2q, T pays 1-q: H is best iff q > 1/3, and Ann mixes only if q = 1/3;
#   Bob: H pays r, T pays 3(1-r): H is best iff r > 3/4, Bob mixes only if r = 3/4;
#   Cat: H pays 1-p, T pays 4p: H is best iff p < 1/5, Cat mixes only if p = 1/5.
# If p > 1/5 then Cat plays T (r = 0), so Bob plays T (q = 0), so Ann plays T (p = 0): a
# contradiction; if p < 1/5 then r = 1, q = 1, p = 1: a contradiction. So p = 1/5, Ann mixes,
# so q = 1/3; Bob mixes, so r = 3/4; and Cat mixing needs p = 1/5, which holds. Hence the
# unique equilibrium: Ann (1/5, 4/5), Bob (1/3, 2/3), Cat (3/4, 1/4).
PENNIES_EQUILIBRIUM = ((F(1, 5), F(4, 5)), (F(1, 3), F(2, 3)), (F(3, 4), F(1, 4)))


def test_hand_solved_pennies_gives_its_unique_equilibrium_exactly():
    game = _pennies()
    profiles, complete, notes = n_player_equilibria(game)
    for profile in profiles:
        assert_verified(game, profile)
    assert profiles == [PENNIES_EQUILIBRIUM]
    assert complete and notes == ()


def test_pennies_without_enumeration_still_finds_the_equilibrium():
    game = _pennies()
    profiles, complete, notes = n_player_equilibria(game, exhaustive=False)
    assert profiles == [PENNIES_EQUILIBRIUM]
    assert not complete and notes


def test_pennies_are_unchanged_by_scaling_shifting_and_reordering():
    game = _pennies(scale=(3, F(1, 2), 7), shift=(-5, 2, F(1, 3)))
    assert n_player_equilibria(game)[0] == [PENNIES_EQUILIBRIUM]
    # Bob's strategies reversed: his mix is reversed, nothing else changes.
    reordered = Game(game.players, (("H", "T"), ("T", "H"), ("H", "T")), game.payoffs[:, ::-1, :, :])
    ann, bob, cat = PENNIES_EQUILIBRIUM
    assert n_player_equilibria(reordered)[0] == [(ann, bob[::-1], cat)]


def test_float_pennies_give_floats_close_to_the_exact_answer():
    game = _pennies().as_float()
    profiles, complete, _ = n_player_equilibria(game)
    assert len(profiles) == 1 and complete
    assert_verified(game, profiles[0])
    assert all(isinstance(p, float) for mix in profiles[0] for p in mix)
    for mix, exact in zip(profiles[0], PENNIES_EQUILIBRIUM):
        assert mix == pytest.approx([float(p) for p in exact], abs=1e-9)


# ---------------------------------------------------------------- large games, bounded time


def _random_game(shape: tuple[int, ...], seed: int) -> Game:
    payoffs = np.random.default_rng(seed).integers(-9, 10, size=(*shape, len(shape))).astype(object)
    return Game(tuple(f"P{i + 1}" for i in range(len(shape))),
                tuple(tuple(f"s{j + 1}" for j in range(n)) for n in shape), payoffs, title="random")


def test_large_game_gets_a_verified_equilibrium_in_bounded_time():
    game = _random_game((6, 6, 6), seed=1)
    assert support_profile_count(game.shape) > ENUMERATION_MAX_SUPPORTS
    start = time.monotonic()
    profiles, complete, notes = n_player_equilibria(game)
    assert time.monotonic() - start < GENEROUS_SECONDS
    assert profiles and not complete
    assert any("too large to enumerate every equilibrium" in n and "found by" in n for n in notes)
    for profile in profiles:
        assert_verified(game, profile)


@pytest.mark.slow
def test_time_limit_is_kept():
    game = _random_game((6, 6, 6), seed=4)
    start = time.monotonic()
    profiles, _, _ = n_player_equilibria(game, exhaustive=True, time_limit=3)
    # 3 s of Gambit runs, plus at most a few worker start-ups after killed runs
    assert time.monotonic() - start < 3 + 20
    for profile in profiles:
        assert_verified(game, profile)


# ---------------------------------------------------------------- conversion and properties


def test_conversion_to_gambit_keeps_payoffs_exact_and_labels():
    payoffs = np.empty((2, 1, 2, 3), dtype=object)
    values = [F(1, 3), F(10**30 + 1, 7), F(-2), F(0)] * 3
    payoffs.flat[:] = values
    game = Game(("Bytë Dance", "Cambricon", "Third  party"), (("Buy", "Build"), ("Hold",), ("a", "ä")),
                payoffs, title="chips, ünïcode")
    gambit = to_gambit(game)
    assert [p.label for p in gambit.players] == ["Byt? Dance", "Cambricon", "Third party"]
    assert [s.label for s in list(gambit.players)[2].strategies] == ["a", "?"]
    for player, array in enumerate(gambit.to_arrays()):
        assert [F(v) for v in array.flat] == list(game.payoff_array(player).flat)
    floats = to_gambit(Game(("A", "B", "C"), (("x",),) * 3, [[[[0.1, -2.5, 1e20]]]]))
    assert [F(a.flat[0]) for a in floats.to_arrays()] == [F(0.1), F(-2.5), F(1e20)]


def test_one_player_is_refused():
    from chipgame.errors import SolverError

    with pytest.raises(SolverError, match="at least two"):
        n_player_equilibria(Game(("Solo",), (("a", "b"),), [[1], [2]]))


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(-3, 3), min_size=24, max_size=24))
def test_small_integer_games_give_verified_equilibria(values):
    payoffs = np.array(values, dtype=object).reshape(2, 2, 2, 3)
    game = Game(("A", "B", "C"), (("x", "y"),) * 3, payoffs)
    profiles, complete, notes = n_player_equilibria(game, time_limit=10)
    assert profiles
    for profile in profiles:
        assert_verified(game, profile)
    pure = {index for index in itertools.product((0, 1), repeat=3)
            if all(payoffs[index][k] >= max(payoffs[index[:k] + (j,) + index[k + 1:]][k] for j in (0, 1))
                   for k in range(3))}
    assert pure <= _pure_indices(profiles)
    if not complete:
        assert notes
