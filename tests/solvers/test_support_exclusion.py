"""The subdivision proof that a support profile holds no equilibrium (``support_exclusion.SubdivisionTest``).

An exclusion must never hit a support that holds an equilibrium: checked on random small games
against the equilibria that support enumeration finds (each verified independently in
``test_support_enumeration``), and on the catalog's five-player game, whose totally mixed
support is excluded although its system is out of reach of the Groebner bases.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import numpy as np
import pytest

from chipgame.games import Game, read_nfg
from chipgame.solvers import support_exclusion
from chipgame.solvers.support_enumeration import support_enumeration
from chipgame.solvers.support_exclusion import SubdivisionTest
from tests.conftest import SHARED

CATALOG_DIR = SHARED / "corpus" / "gambit"


def _random_game(shape: tuple[int, ...], seed: int) -> Game:
    generator = random.Random(seed)
    array = np.empty((*shape, len(shape)), dtype=object)
    for index in itertools.product(*(range(n) for n in shape)):
        array[index] = [Fraction(generator.randint(-6, 6)) for _ in shape]
    return Game(tuple(f"P{k}" for k in range(len(shape))),
                tuple(tuple(f"s{i}" for i in range(n)) for n in shape), array)


@pytest.mark.parametrize("shape,seed", [((2, 2, 2), s) for s in range(20)] + [((3, 2, 2), s) for s in range(10)]
                         + [((3, 3, 2), s) for s in range(4)])
def test_supports_holding_an_equilibrium_are_never_excluded(shape, seed):
    game = _random_game(shape, seed)
    for eq in support_enumeration(game).equilibria:
        supports = tuple(tuple(i for i, p in enumerate(mix) if p > 0) for mix in eq.profile)
        assert SubdivisionTest(game).excluded([supports]) == (False,)


@pytest.mark.parametrize("shape,seed", [((3, 2, 2), 3), ((3, 3, 2), 5), ((2, 2, 2, 2), 0)])
def test_each_profile_gets_the_same_answer_alone_as_with_the_others(shape, seed):
    # profiles of the same sizes are subdivided together, each one's cells counted on its own
    test = SubdivisionTest(_random_game(shape, seed), max_cells=400)
    supports_of = [[c for size in range(1, n + 1) for c in itertools.combinations(range(n), size)] for n in shape]
    profiles = [supports for supports in itertools.product(*supports_of) if sum(len(s) > 1 for s in supports) >= 2]
    together = test.excluded(profiles)
    assert together == tuple(test.excluded([supports])[0] for supports in profiles)
    assert any(together) and not all(together)


def test_a_batch_split_for_its_memory_gives_the_same_answers(monkeypatch):
    game = _random_game((2, 2, 2, 2), 0)
    profiles = [supports for supports in itertools.product(((0,), (1,), (0, 1)), repeat=4)
                if sum(len(s) > 1 for s in supports) >= 2]
    whole = SubdivisionTest(game, max_cells=400).excluded(profiles)
    monkeypatch.setattr(support_exclusion, "MAX_BATCH_CELLS", 8)  # levels split down to single profiles
    assert SubdivisionTest(game, max_cells=400).excluded(profiles) == whole


def test_a_support_with_a_strictly_better_pure_reply_everywhere_is_excluded():
    # prisoner's dilemma for three: defecting (1) pays 1 more than cooperating, whatever the others do
    game = Game(("A", "B", "C"), (("C", "D"),) * 3,
                [[[[a + 2 * (b + c), b + 2 * (a + c), c + 2 * (a + b)] for c in range(2)] for b in range(2)]
                 for a in range(2)])
    assert SubdivisionTest(game).excluded([((0, 1), (0, 1), (0, 1)), ((1,), (1,), (1,))]) == (True, False)


def test_tiny_payoffs_are_not_tried():
    tiny = Fraction(1, 10**200)
    game = Game(("A", "B", "C"), (("X", "Y"),) * 3,
                [[[[tiny * int(a == b == c)] * 3 for c in range(2)] for b in range(2)] for a in range(2)])
    assert SubdivisionTest(game).excluded([((0,), (0,), (1,))]) == (False,)


@pytest.mark.skipif(not (CATALOG_DIR / "2x2x2x2x2.nfg").is_file(), reason="the shared Gambit catalog is absent")
def test_five_player_totally_mixed_support_is_excluded():
    game = read_nfg(CATALOG_DIR / "2x2x2x2x2.nfg")
    assert SubdivisionTest(game).excluded([((0, 1),) * 5]) == (True,)
