"""Exact support enumeration for games with any number of players (``support_enumeration``).

Every returned equilibrium is first checked generically by a route independent of the module:
rational ones by ``tests.conftest.independent_regret`` (exact), irrational ones with sympy's own
evaluation of their ``CRootOf`` to 60 digits and mpmath regrets below 1e-45. Then against known
answers: the counts stated in the titles of the Gambit catalog's n-player games, the exact
irrational equilibrium of Nau et al. (2004, section 4), a hand-solved three-player matching
pennies; random 2x2x2 and 3x2x2 games against an exact brute force written here (sympy ``solve``
per support profile); random two-player games against vertex enumeration.
"""

from __future__ import annotations

import functools
import itertools
import random
from fractions import Fraction as F

import mpmath
import pytest
import sympy

import chipgame
from chipgame.errors import SolverError
from chipgame.games import Game, read_nfg
from chipgame.solvers.best_response_polytopes import vertex_enumeration
from chipgame.solvers.real_algebraic import RealAlgebraic
from chipgame.solvers.support_enumeration import support_enumeration
from tests.conftest import SHARED, independent_regret

CATALOG_DIR = SHARED / "corpus" / "gambit"
needs_catalog = pytest.mark.skipif(not CATALOG_DIR.is_dir(), reason="the shared Gambit catalog is absent")

TITLE_COUNTS = {
    "2x2x2.nfg": 9,
    "doc_2x2x2.nfg": 9,
    "2x2x2x2.nfg": 3,
    "3x3x3.nfg": 5,
    "g1.nfg": 1,
    "g2.nfg": 1,
    "g3.nfg": 5,
    "2x2x2x2x2.nfg": 5,
    "journals_ijgt_nau2004_sec4.nfg": 1,
    "test_2x2x2_nfg_from_local_max_cut_2_pure_1_mixed_eq.nfg": 3,
}
"""Equilibrium counts stated in the catalog games' titles."""

mpmath.mp.dps = 60


def _high_precision(value) -> mpmath.mpf:
    """A probability or payoff to 60 digits, through sympy (not through chipgame's intervals)."""
    if isinstance(value, F):
        return mpmath.mpf(value.numerator) / value.denominator
    assert isinstance(value, RealAlgebraic)
    return mpmath.mpf(str(sympy.N(value.to_sympy(), 60)))


def assert_verified(game: Game, eq) -> None:
    """A distribution per player with no profitable deviation, checked independently."""
    assert len(eq.profile) == game.n_players
    if all(isinstance(p, F) for mix in eq.profile for p in mix):
        for mix in eq.profile:
            assert all(p >= 0 for p in mix) and sum(mix) == 1
        assert all(r == 0 for r in independent_regret(game.payoffs, eq.profile))
        assert all(isinstance(v, F) for v in eq.payoffs)
        return
    profile = [[_high_precision(p) for p in mix] for mix in eq.profile]
    for mix in profile:
        assert all(p >= 0 for p in mix) and abs(sum(mix) - 1) < mpmath.mpf(10) ** -45
    payoffs = [[mpmath.mpf(v.numerator) / v.denominator for v in row]
               for row in game.payoffs.reshape(-1, game.n_players)]
    shaped = {index: payoffs[k] for k, index in enumerate(itertools.product(*(range(n) for n in game.shape)))}
    for regret in independent_regret(shaped, profile):
        assert regret < mpmath.mpf(10) ** -45


def _catalog() -> list[str]:
    if not CATALOG_DIR.is_dir():
        return []
    return [p.name for p in sorted(CATALOG_DIR.glob("*.nfg")) if read_nfg(p).n_players >= 3]


@needs_catalog
@pytest.mark.parametrize("name", _catalog())
def test_catalog_game_equilibria_verified(name):
    game = read_nfg(CATALOG_DIR / name)
    result = support_enumeration(game)
    for eq in result.equilibria:
        assert_verified(game, eq)
    for component in result.components:
        assert component.dimension > 0 and component.equations
        if component.sample is not None:
            assert_verified(game, component.sample)
            assert component.sample.support == component.support
    assert len({eq.profile for eq in result.equilibria}) == len(result.equilibria)
    assert list(result.equilibria) == sorted(result.equilibria, key=lambda eq: eq.sort_key())
    if name in TITLE_COUNTS:
        assert len(result.equilibria) == TITLE_COUNTS[name]
    if not result.complete:
        assert result.notes


@needs_catalog
@pytest.mark.parametrize("name", ["2x2x2.nfg", "3x3x3.nfg", "g3.nfg", "journals_ijgt_nau2004_sec4.nfg",
                                  "test_2x2x2_nfg_from_local_max_cut_2_pure_1_mixed_eq.nfg", "2x2x2x2x2.nfg",
                                  "5x4x3.nfg", "coord333.nfg", "8x2x2.nfg", "2x2x2x2.nfg"])
def test_catalog_games_decided_completely(name):
    result = support_enumeration(read_nfg(CATALOG_DIR / name))
    assert result.complete and result.components == ()


@needs_catalog
def test_random_5x4x3_game_has_the_three_equilibria_gambit_finds():
    # Gambit's enumpoly finds 3 (pygambit 16.3); its 566 supports with three mixing players are all decided
    result = support_enumeration(read_nfg(CATALOG_DIR / "5x4x3.nfg"))
    assert result.complete and len(result.equilibria) == 3


@needs_catalog
def test_three_by_three_by_three_has_two_pure_equilibria():
    result = support_enumeration(read_nfg(CATALOG_DIR / "3x3x3.nfg"))
    assert sum(eq.is_pure for eq in result.equilibria) == 2


@needs_catalog
def test_nau2004_section4_irrational_equilibrium_is_exact():
    result = support_enumeration(read_nfg(CATALOG_DIR / "journals_ijgt_nau2004_sec4.nfg"))
    (eq,) = result.equilibria
    first = eq.profile[0][0]
    assert isinstance(first, RealAlgebraic)
    # Player 1 plays its first strategy with probability (53 - sqrt(601)) / 46, the root in
    # (0, 1) of 23 x**2 - 53 x + 24.
    assert first.polynomial == (23, -53, 24)
    assert first == RealAlgebraic.of((53 - sympy.sqrt(601)) / 46)
    assert sympy.simplify(first.to_sympy() - (53 - sympy.sqrt(601)) / 46) == 0
    assert not eq.is_exact and all(len(s) == 2 for s in eq.support)


@needs_catalog
def test_nau2004_section5_continuum_is_a_component():
    # Nau et al. 2004, section 5 (the game's title): 3 pure equilibria, 2 incompletely mixed
    # ones (player 3 mixes against pure Top, Right or Bottom, Left: segments) and a continuum of
    # completely mixed ones, where q = P(3 plays 2) = 3/4 and (b + 2)(r + 2) = 6 for
    # b = P(Bottom), r = P(Right). That curve is irreducible, so no isolated equilibrium hides
    # beside it: the result is complete.
    result = support_enumeration(read_nfg(CATALOG_DIR / "journals_ijgt_nau2004_sec5.nfg"))
    assert result.complete and result.notes == ()
    assert sum(eq.is_pure for eq in result.equilibria) == len(result.equilibria) == 3
    assert [(c.support, c.dimension) for c in result.components] == [
        ((("Top",), ("Right",), ("1", "2")), 1), ((("Bottom",), ("Left",), ("1", "2")), 1),
        ((("Top", "Bottom"), ("Left", "Right"), ("1", "2")), 1)]
    full = result.components[-1]
    assert full.equations == ("p[Player 1:Bottom]*p[Player 2:Right] + 2*p[Player 1:Bottom] + 2*p[Player 2:Right] "
                              "- 2 = 0", "p[Player 3:2] - 3/4 = 0")
    (_, b), (_, r), (_, q) = full.sample.profile
    assert q == F(3, 4) and (b + 2) * (r + 2) == 6 and 0 < b < 1 and 0 < r < 1


def _matching_pennies() -> Game:
    """Player 1 wants to match player 2, player 2 to match player 3, player 3 to mismatch player 1."""
    payoffs = [[[[1 if a == b else -1, 1 if b == c else -1, 1 if c != a else -1] for c in range(2)]
                for b in range(2)] for a in range(2)]
    return Game(("P1", "P2", "P3"), (("H", "T"),) * 3, payoffs)


def test_three_player_matching_pennies_by_hand():
    # No pure equilibrium (each pure profile has someone who wants to switch). With q, r the
    # probabilities of H for players 2 and 3, player 1 is indifferent only at q = 1/2, player 2
    # only at r = 1/2, player 3 only at p = 1/2: the unique equilibrium, with payoffs 0.
    result = support_enumeration(_matching_pennies())
    half = (F(1, 2), F(1, 2))
    assert result.complete and result.components == ()
    assert [(eq.profile, eq.payoffs) for eq in result.equilibria] == [((half, half, half), (F(0), F(0), F(0)))]


def test_seed_two_hyperscalers():
    game = chipgame.load_scenario("two-hyperscalers").evaluate()
    result = support_enumeration(game)
    assert result.equilibria or result.components
    for eq in result.equilibria:
        assert_verified(game, eq)


def test_float_games_are_refused():
    with pytest.raises(SolverError):
        support_enumeration(_matching_pennies().as_float())


def test_bounded_work_is_reported_incomplete():
    result = support_enumeration(_matching_pennies(), max_support_profiles=5)
    assert not result.complete and "5 smallest of 27" in result.notes[0]


def test_progress_reaches_the_total():
    calls = []
    support_enumeration(_matching_pennies(), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (27, 27) and len(calls) == 27


# --- an exact brute force, independent of the module -----------------------------------------


def _brute_force(game: Game) -> tuple[set, set]:
    """Every isolated equilibrium (as 30-digit-rounded float tuples) and the supports whose
    indifference conditions have a continuum of solutions, from sympy's ``solve`` of each support
    profile's conditions (all probabilities and payoffs unknown) and exact-enough checks."""
    n = game.n_players
    found, continua = set(), set()
    subsets = [[s for size in range(1, k + 1) for s in itertools.combinations(range(k), size)] for k in game.shape]
    for support in itertools.product(*subsets):
        probabilities = [{s: sympy.Symbol(f"p{k}_{s}") for s in chosen} for k, chosen in enumerate(support)]
        values = sympy.symbols(f"v0:{n}")
        payoff = functools.partial(_expected_payoff, game, support, probabilities)
        equations = [sum(p.values()) - 1 for p in probabilities]
        equations += [payoff(k, s) - values[k] for k, chosen in enumerate(support) for s in chosen]
        unknowns = [*itertools.chain.from_iterable(p.values() for p in probabilities), *values]
        for solution in sympy.solve(equations, unknowns, dict=True):
            if len(solution) < len(unknowns) or any(v.free_symbols for v in solution.values()):
                continua.add(support)
                continue
            if not _is_equilibrium(game, support, probabilities, values, solution, payoff):
                continue
            profile = tuple(tuple(round(float(sympy.N(solution[probabilities[k][s]], 30)), 9)
                                  if s in chosen else 0.0 for s in range(game.shape[k]))
                            for k, chosen in enumerate(support))
            found.add(profile)
    return found, continua


def _expected_payoff(game, support, probabilities, player, strategy):
    """The expected payoff of ``player``'s ``strategy`` against the others' mixes on ``support``,
    in the symbols ``probabilities``."""
    total = 0
    for index in itertools.product(*support):
        weight = 1
        for k in range(game.n_players):
            if k != player:
                weight *= probabilities[k][index[k]]
        profile = list(index)
        profile[player] = strategy
        entry = game.payoffs[(*profile, player)]
        total += sympy.Rational(entry.numerator, entry.denominator) * weight
    return sympy.expand(total)


def _is_equilibrium(game, support, probabilities, values, solution, payoff) -> bool:
    tiny = sympy.Float("1e-40", 60)
    for k, chosen in enumerate(support):
        for s in chosen:
            p = sympy.N(solution[probabilities[k][s]], 60)
            if abs(sympy.im(p)) > tiny or sympy.re(p) < tiny:
                return False
        for t in range(game.shape[k]):
            if t not in chosen:
                gap = sympy.N(payoff(k, t).subs(solution) - solution[values[k]], 60)
                if sympy.re(gap) > tiny:
                    return False
    return True


def _mine(result) -> set:
    return {tuple(tuple(round(float(p), 9) for p in mix) for mix in eq.profile) for eq in result.equilibria}


def _random_game(shape, seed, low=-4, high=4) -> Game:
    generator = random.Random(seed)
    players = tuple(f"P{k}" for k in range(len(shape)))
    strategies = tuple(tuple(f"s{i}" for i in range(n)) for n in shape)
    payoffs = [[generator.randint(low, high) for _ in shape] for _ in range(int(__import__("math").prod(shape)))]
    import numpy as np

    array = np.empty((*shape, len(shape)), dtype=object)
    for index, row in zip(itertools.product(*(range(n) for n in shape)), payoffs):
        array[index] = row
    return Game(players, strategies, array)


BRUTE_FORCE_CASES = [((2, 2, 2), seed) for seed in range(12)] + [((3, 2, 2), seed) for seed in range(5)]
"""Random games checked against the brute force (sympy's solve of every support profile, seconds
each): the first four in every run, the others with the slow tests."""


@pytest.mark.parametrize("shape,seed", [pytest.param(*case, marks=() if k < 4 else pytest.mark.slow)
                                        for k, case in enumerate(BRUTE_FORCE_CASES)])
def test_random_games_against_brute_force(shape, seed):
    game = _random_game(shape, seed)
    result = support_enumeration(game)
    for eq in result.equilibria:
        assert_verified(game, eq)
    expected, continua = _brute_force(game)
    component_supports = {tuple(tuple(game.strategies[k].index(label) for label in labels)
                                for k, labels in enumerate(c.support)) for c in result.components}
    assert component_supports <= continua
    if result.complete:
        # equilibria in supports with a continuum of solutions are the components' business
        def outside_continua(profile):
            support = tuple(tuple(i for i, p in enumerate(mix) if p > 0) for mix in profile)
            return support not in continua

        assert {p for p in _mine(result) if outside_continua(p)} == {p for p in expected if outside_continua(p)}


def test_two_player_nondegenerate_games_agree_with_vertex_enumeration():
    generator = random.Random(11)
    for _ in range(8):
        rows, columns = generator.choice([(2, 2), (2, 3), (3, 3), (3, 4)])
        payoffs = [[[F(generator.randint(-10**6, 10**6), 997), F(generator.randint(-10**6, 10**6), 991)]
                    for _ in range(columns)] for _ in range(rows)]
        game = Game(("Row", "Column"), (tuple(f"r{i}" for i in range(rows)), tuple(f"c{j}" for j in range(columns))),
                    payoffs)
        result = support_enumeration(game)
        extreme, _ = vertex_enumeration(game)
        assert result.complete and result.components == ()
        assert {eq.profile for eq in result.equilibria} == {(tuple(x), tuple(y)) for x, y in extreme}


def test_same_answer_every_time():
    game = _random_game((2, 2, 2), 3)
    first, second = support_enumeration(game), support_enumeration(game)
    assert first == second
