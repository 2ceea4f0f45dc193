"""Extensive-form games and Gambit .efg files: trees, exact normal forms, round trips, errors.

There are no .efg files in the shared corpus, so every file here is written inline. Where
pygambit is installed, it reads the same texts and must agree on the normal form.
"""

from __future__ import annotations

import io
import re
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipgame.errors import FileError, GameError
from chipgame.games import extensive_normal_form
from chipgame.games.efg import parse_efg, read_efg, write_efg
from chipgame.games.extensive import (
    Chance,
    Decision,
    ExtensiveGame,
    InformationSet,
    Outcome,
    Terminal,
)
from chipgame.solvers import solve
from chipgame.solvers.sequential import subgame_perfect_equilibria
from tests.conftest import assert_equilibrium


def _exact(*mixes):
    return tuple(tuple(F(p) for p in mix) for mix in mixes)


def _table(game, player):
    """One player's payoffs as nested lists of Fractions."""
    return game.payoff_array(player).tolist()


# --- Myerson's card game: chance, and an information set spanning two nodes -------------------
#
# Myerson, Game Theory: Analysis of Conflict (1991), sec. 2.1: a fair coin gives Fred a red
# (winning) or black card; Fred raises or folds; after a raise Alice, who has not seen the
# card, meets or passes. Fold: Fred wins 1 with red, loses 1 with black (as in the book).
# Raise, pass: Fred wins 1. Raise, meet: Fred wins 2 with red, loses 2 with black.
POKER = """\
EFG 2 R "Myerson's card game" { "Fred" "Alice" }
"Myerson (1991), section 2.1"

c "deal" 1 "card" { "Red" 1/2 "Black" 1/2 } 0
p "red" 1 1 "Fred has red" { "Raise" "Fold" } 0
p "" 2 1 "Alice after a raise" { "Meet" "Pass" } 0
t "" 1 "Fred wins big" { 2, -2 }
t "" 2 "Fred wins" { 1, -1 }
t "" 2
p "black" 1 2 "Fred has black" { "Raise" "Fold" } 0
p "" 2 1 0
t "" 3 "Alice wins big" { -2 2 }
t "" 2
t "" 4 "Alice wins" { -1, 1 }
"""


def test_poker_tree_structure() -> None:
    game = parse_efg(POKER, source="poker.efg")
    assert game.title == "Myerson's card game"
    assert game.comment == "Myerson (1991), section 2.1"
    assert game.players == ("Fred", "Alice")
    assert game.n_nodes == 11
    assert game.is_exact and not game.is_perfect_information
    assert game.infosets("Fred") == (
        InformationSet("Fred", 1, "Fred has red", ("Raise", "Fold")),
        InformationSet("Fred", 2, "Fred has black", ("Raise", "Fold")),
    )
    assert game.infosets("Alice") == (InformationSet("Alice", 1, "Alice after a raise", ("Meet", "Pass")),)
    root = game.root
    assert isinstance(root, Chance) and root.probabilities == (F(1, 2), F(1, 2))
    alice_nodes = [node for node in game.nodes() if isinstance(node, Decision) and node.player == "Alice"]
    assert len(alice_nodes) == 2 and {node.infoset for node in alice_nodes} == {1}
    # outcome 2 is reused by number: the same Outcome value at three leaves
    wins = [node.outcome for node in game.nodes() if node.outcome is not None and node.outcome.label == "Fred wins"]
    assert wins == [Outcome((1, -1), "Fred wins")] * 3


def test_poker_normal_form_by_hand() -> None:
    # Fred's strategy: (action with red / action with black). Expected payoffs over the card:
    #   Raise/Raise: Meet 1/2*2 + 1/2*(-2) = 0      Pass 1/2*1 + 1/2*1    = 1
    #   Raise/Fold:  Meet 1/2*2 + 1/2*(-1) = 1/2    Pass 1/2*1 + 1/2*(-1) = 0
    #   Fold/Raise:  Meet 1/2*1 + 1/2*(-2) = -1/2   Pass 1/2*1 + 1/2*1    = 1
    #   Fold/Fold:   Meet 1/2*1 + 1/2*(-1) = 0      Pass                   0
    game = parse_efg(POKER).to_normal_form()
    assert game.strategies == (("Raise/Raise", "Raise/Fold", "Fold/Raise", "Fold/Fold"), ("Meet", "Pass"))
    fred = [[F(0), F(1)], [F(1, 2), F(0)], [F(-1, 2), F(1)], [F(0), F(0)]]
    assert _table(game, 0) == fred
    assert _table(game, 1) == [[-v for v in row] for row in fred]
    assert game.is_exact and all(type(v) is F for v in game.payoffs.flat)
    assert game.title == "Myerson's card game"
    assert parse_efg(POKER).to_normal_form(reduced=True) == game  # no strategy is redundant


def test_poker_equilibrium() -> None:
    # The unique equilibrium: Fred raises with red, and bluffs (raises with black) with
    # probability 1/3; Alice meets with probability 2/3; the game is worth 1/3 to Fred
    # (Myerson 1991, the card game's equilibrium; re-derived by hand from the table above:
    # Alice indifferent iff -(1-p)/2 = -p, p = 1/3; Fred indifferent iff 1-q = q/2, q = 2/3).
    game = parse_efg(POKER).to_normal_form()
    solution = solve(game)
    for eq in solution.equilibria:
        assert_equilibrium(game, eq.profile)
    assert [eq.profile for eq in solution.equilibria] == [_exact(("1/3", "2/3", 0, 0), ("2/3", "1/3"))]
    assert solution.equilibria[0].payoffs == (F(1, 3), F(-1, 3))


# --- the entry game: perfect information, compared with backward induction ---------------------
#
# Osborne, An Introduction to Game Theory (2004), ch. 5: the challenger stays out (1, 2) or
# enters; the incumbent then acquiesces (2, 1) or fights (0, 0).
ENTRY = """\
EFG 2 R "Entry game" { "Challenger" "Incumbent" }
""

p "" 1 1 "" { "In" "Out" } 0
p "" 2 1 "" { "Acquiesce" "Fight" } 0
t "" 1 "accommodated" { 2, 1 }
t "" 2 "price war" { 0, 0 }
t "" 3 "monopoly" { 1, 2 }
"""


def test_entry_game_normal_form_and_equilibria() -> None:
    tree = parse_efg(ENTRY)
    assert tree.is_perfect_information
    game = tree.to_normal_form()
    assert game.strategies == (("In", "Out"), ("Acquiesce", "Fight"))
    assert _table(game, 0) == [[2, 0], [1, 1]]
    assert _table(game, 1) == [[1, 0], [2, 2]]
    # Nash equilibria of the normal form: (In, Acquiesce), and the component where the
    # challenger stays out and the incumbent fights with probability at least 1/2.
    solution = solve(game)
    assert {eq.profile for eq in solution.equilibria} == {
        _exact((1, 0), (1, 0)), _exact((0, 1), (0, 1)), _exact((0, 1), ("1/2", "1/2"))}
    # Backward induction on the tree keeps only (In, Acquiesce) on the path.
    paths = {spe.path for spe in subgame_perfect_equilibria(game, ["Challenger", "Incumbent"])}
    assert paths == {("In", "Acquiesce")}


# --- Selten (1975), Fig. 2: full against reduced normal form -----------------------------------
#
# Selten, "Reexamination of the perfectness concept...", IJGT 4 (1975), Fig. 2 (as in Gambit's
# catalog, selten1975/fig2): player 1 moves twice on one path, so the full normal form lists
# strategies that differ only where player 1's own first move already ended the game.
SELTEN = """\
EFG 2 R "Selten (1975), Fig. 2" { "Player 1" "Player 2" }
""

p "" 1 1 "" { "R" "L" } 0
t "" 1 "Outcome 1" { 1, 1 }
p "" 2 1 "" { "R" "L" } 0
t "" 2 "Outcome 2" { 0, 2 }
p "" 1 2 "" { "r" "l" } 0
t "" 3 "Outcome 3" { 0, 3 }
t "" 4 "Outcome 4" { 2, 0 }
"""


def test_selten_full_and_reduced_normal_forms() -> None:
    tree = parse_efg(SELTEN)
    full = tree.to_normal_form()
    assert full.strategies == (("R/r", "R/l", "L/r", "L/l"), ("R", "L"))
    assert _table(full, 0) == [[1, 1], [1, 1], [0, 0], [0, 2]]
    assert _table(full, 1) == [[1, 1], [1, 1], [2, 3], [2, 0]]
    reduced = tree.to_normal_form(reduced=True)
    assert reduced.strategies == (("R/*", "L/r", "L/l"), ("R", "L"))
    assert _table(reduced, 0) == [[1, 1], [0, 0], [0, 2]]
    assert _table(reduced, 1) == [[1, 1], [2, 3], [2, 0]]


# --- file features: outcomes on inner nodes, references by number, quoting, decimals ----------

FEATURES = r"""EFG 2 D "Quotes \"here\" and there" { "Hyper \"scaler\"" "Vendor" "Nature's friend" }
"A comment
over two lines"

c "root" 1 "demand" { "high" 0.25 "low" 0.75 } 1 "entry fee" { -1/2, 0 1.5 }
p "h" 1 1 "build?" { "Build" "Buy" } 0
p "" 2 1 "price" { "Hold" "Cut" } 2 "subsidy" { 1, 1, 0 }
t "" 3 "boom" { 10, 4, 1 }
t "" 0
t "" 4 "steady" { 3, 3, 3 }
c "l" 1 0
p "" 1 1 0
t "" 3
t "" 4 "steady" { 3, 3, 3 }
t "" 5 "bust" { -4, 0, 0 }
"""


def test_file_features_are_read_as_gambit_does() -> None:
    game = parse_efg(FEATURES, source="features.efg")
    assert game.title == 'Quotes "here" and there'
    assert game.players == ('Hyper "scaler"', "Vendor", "Nature's friend")
    assert game.comment == "A comment\nover two lines"
    assert game.root.probabilities == (F(1, 4), F(3, 4))
    assert game.root.outcome == Outcome((F(-1, 2), 0, F(3, 2)), "entry fee")
    low = game.root.children[1]
    assert isinstance(low, Chance) and low.infoset == 1 and low.actions == ("high", "low")
    assert game.infosets('Hyper "scaler"') == (InformationSet('Hyper "scaler"', 1, "build?", ("Build", "Buy")),)
    assert game.infosets("Nature's friend") == ()
    normal = game.to_normal_form()
    # the third player never moves: one strategy, "*"
    assert normal.strategies == (("Build", "Buy"), ("Hold", "Cut"), ("*",))
    # Build, Hold: fee + 1/4 (subsidy + boom) + 3/4 (1/4 boom + 3/4 bust): after low demand the
    # second chance move repeats the first (same chance information set), the vendor never moves
    fee, subsidy, boom = (F(-1, 2), 0, F(3, 2)), (1, 1, 0), (10, 4, 1)
    steady, bust = (3, 3, 3), (-4, 0, 0)
    hold = [fee[k] + F(1, 4) * (subsidy[k] + boom[k]) + F(3, 4) * (F(1, 4) * boom[k] + F(3, 4) * bust[k])
            for k in range(3)]
    assert list(normal.payoff((0, 0, 0))) == hold == [F(15, 8), F(2), F(31, 16)]
    cut = [fee[k] + F(1, 4) * subsidy[k] + F(3, 4) * (F(1, 4) * boom[k] + F(3, 4) * bust[k]) for k in range(3)]
    assert list(normal.payoff((0, 1, 0))) == cut
    # Buy: 1/4 steady + 3/4 (1/4 steady + 3/4 bust), whatever the vendor does
    buy = [fee[k] + F(1, 4) * steady[k] + F(3, 4) * (F(1, 4) * steady[k] + F(3, 4) * bust[k]) for k in range(3)]
    assert list(normal.payoff((1, 0, 0))) == buy == list(normal.payoff((1, 1, 0)))


def test_writer_uses_gambits_layout() -> None:
    text = write_efg(parse_efg(FEATURES))
    assert text == r"""EFG 2 R "Quotes \"here\" and there" { "Hyper \"scaler\"" "Vendor" "Nature's friend" }
"A comment
over two lines"

c "root" 1 "demand" { "high" 1/4 "low" 3/4 } 1 "entry fee" { -1/2, 0, 3/2 }
p "h" 1 1 "build?" { "Build" "Buy" } 0
p "" 2 1 "price" { "Hold" "Cut" } 2 "subsidy" { 1, 1, 0 }
t "" 3 "boom" { 10, 4, 1 }
t "" 0
t "" 4 "steady" { 3, 3, 3 }
c "l" 1 "demand" { "high" 1/4 "low" 3/4 } 0
p "" 1 1 "build?" { "Build" "Buy" } 0
t "" 3 "boom" { 10, 4, 1 }
t "" 4 "steady" { 3, 3, 3 }
t "" 5 "bust" { -4, 0, 0 }
"""


@pytest.mark.parametrize("text", [POKER, ENTRY, SELTEN, FEATURES], ids=["poker", "entry", "selten", "features"])
def test_round_trip_is_exact(text: str) -> None:
    game = parse_efg(text)
    written = write_efg(game)
    again = parse_efg(written)
    assert again == game
    assert hash(again) == hash(game)
    assert write_efg(again) == written
    assert again.to_normal_form() == game.to_normal_form()


def test_escaped_quotes_and_backslashes_round_trip() -> None:
    # As in read_nfg: \" is a quote and \\ a backslash. (Gambit itself keeps a backslash pair
    # as two characters, so labels with backslashes do not survive a trip through Gambit.)
    game = parse_efg(r'EFG 2 R "a \"b\" \\ c" { "P" }' + '\nt "" 1 "x\\\\" { 1 }\n')
    assert game.title == 'a "b" \\ c'
    assert game.root.outcome.label == "x\\"
    assert parse_efg(write_efg(game)) == game


def test_blank_and_repeated_names_are_replaced() -> None:
    game = parse_efg('EFG 2 R "" { "A" "" "A" }\np "" 1 1 "" { "x" "" "x" } 0\nt "" 0\nt "" 0\nt "" 0\n')
    assert game.players == ("A", "Player 2", "Player 3")
    assert game.root.actions == ("x", "2", "3")


def test_information_sets_are_renumbered_in_order_of_appearance() -> None:
    game = parse_efg('EFG 2 R "" { "A" }\nc "" 7 "" { "u" 1/2 "v" 1/2 } 0\n'
                     'p "" 1 9 "late" { "x" } 0\nt "" 0\np "" 1 4 "early" { "y" } 0\nt "" 0\n')
    assert [node.infoset for node in game.nodes() if not isinstance(node, Terminal)] == [1, 1, 2]
    assert [s.label for s in game.infosets("A")] == ["late", "early"]
    assert "p \"\" 1 2 \"early\"" in write_efg(game)


# --- cross-check with Gambit itself -------------------------------------------------------------


def _gambit_label(label: str, actions_per_infoset) -> str:
    """Our strategy label as Gambit writes it: 1-based action numbers, '*' where unreached."""
    if label == "*" and not actions_per_infoset:
        return "*"  # a player who never moves
    parts = label.split("/")
    return "".join("*" if part == "*" else str(actions.index(part) + 1)
                   for part, actions in zip(parts, actions_per_infoset))


def _assert_agrees_with_gambit(game: ExtensiveGame, reference) -> None:
    ours = game.to_normal_form(reduced=True)
    players = list(reference.players)
    assert [p.label for p in players] == list(game.players)
    arrays = reference.to_arrays()
    index = []
    for player, name in zip(players, game.players):
        actions = [s.actions for s in game.infosets(name)]
        theirs = [s.label for s in player.strategies]
        mine = [_gambit_label(label, actions) for label in ours.strategies[game.players.index(name)]]
        assert sorted(mine) == sorted(theirs), name
        index.append([theirs.index(label) for label in mine])
    for profile in ours.profiles():
        at = tuple(index[k][i] for k, i in enumerate(profile))
        expected = tuple(F(str(arrays[k][at])) for k in range(len(players)))
        assert ours.payoff(profile) == expected, profile


@pytest.mark.parametrize("text", [POKER, ENTRY, SELTEN, FEATURES], ids=["poker", "entry", "selten", "features"])
def test_agrees_with_pygambit(text: str) -> None:
    gbt = pytest.importorskip("pygambit")
    game = parse_efg(text)
    reference = gbt.read_efg(io.StringIO(text))
    assert reference.title == game.title
    _assert_agrees_with_gambit(game, reference)
    # Gambit reads what we write, and writes it back character for character.
    assert gbt.read_efg(io.StringIO(write_efg(game))).to_efg() == write_efg(game)


@st.composite
def random_trees(draw):
    n = draw(st.integers(1, 3))
    players = tuple(f"P{k + 1}" for k in range(n))
    budget = [draw(st.integers(1, 12))]
    arity: dict[tuple[int, int], int] = {}
    payoff = st.integers(-3, 3)

    def outcome(inner: bool):
        if draw(st.booleans()) if not inner else draw(st.integers(0, 3)) == 0:
            payoffs = tuple(draw(payoff) for _ in range(n))
            # one label per payoff vector: Gambit renames blank and repeated outcome labels
            return Outcome(payoffs, "o" + " ".join(map(str, payoffs)))
        return None

    def node(depth: int):
        kind = draw(st.sampled_from("tpc")) if depth < 4 and budget[0] > 0 else "t"
        if kind == "t":
            return Terminal(outcome(False))
        budget[0] -= 1
        if kind == "p":
            player, infoset = draw(st.integers(0, n - 1)), draw(st.integers(1, 3))
            k = arity.setdefault((player, infoset), draw(st.integers(1, 3)))
            children = tuple(node(depth + 1) for _ in range(k))
            return Decision(players[player], tuple(f"a{j}" for j in range(k)), children,
                            infoset=infoset, infoset_label=f"I{infoset}", outcome=outcome(True))
        k = draw(st.integers(1, 3))
        weights = draw(st.lists(st.integers(0, 3), min_size=k, max_size=k))
        if not sum(weights):
            weights[0] = 1
        children = tuple(node(depth + 1) for _ in range(k))
        return Chance(tuple(f"c{j}" for j in range(k)), tuple(F(w, sum(weights)) for w in weights),
                      children, outcome=outcome(True))

    return ExtensiveGame(players, node(0), title=draw(st.sampled_from(["", "random"])))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_trees())
def test_random_trees_round_trip_and_agree_with_pygambit(game: ExtensiveGame) -> None:
    text = write_efg(game)
    assert parse_efg(text) == game
    full, reduced = game.to_normal_form(), game.to_normal_form(reduced=True)
    # every full strategy pays what its reduced strategy pays
    for profile in full.profiles():
        labels = [full.strategies[k][i] for k, i in enumerate(profile)]
        matches = [
            tuple(j for j, r in enumerate(reduced.strategies[k])
                  if all(a == b or b == "*" for a, b in zip(label.split("/"), r.split("/"))))
            for k, label in enumerate(labels)
        ]
        assert all(len(m) == 1 for m in matches)
        assert full.payoff(profile) == reduced.payoff(tuple(m[0] for m in matches))
    gbt = pytest.importorskip("pygambit")
    reference = gbt.read_efg(io.StringIO(text))
    assert reference.to_efg() == text
    if reference.is_perfect_recall:
        _assert_agrees_with_gambit(game, reference)


# --- building trees in code -------------------------------------------------------------------


def test_programmatic_tree_with_default_information_sets() -> None:
    tree = Decision("A", ("L", "R"), (
        Decision("B", ("l", "r"), (Terminal((1, 0)), Terminal((0, 1)))),
        Decision("B", ("l", "r"), (Terminal((0, 1)), Terminal((1, 0)))),
    ))
    game = ExtensiveGame(("A", "B"), tree)
    assert [s.number for s in game.infosets("B")] == [1, 2]  # B sees A's move
    assert game.to_normal_form().strategies[1] == ("l/l", "l/r", "r/l", "r/r")
    hidden = ExtensiveGame(("A", "B"), Decision("A", ("L", "R"), (
        Decision("B", ("l", "r"), (Terminal((1, 0)), Terminal((0, 1))), infoset=5),
        Decision("B", ("l", "r"), (Terminal((0, 1)), Terminal((1, 0))), infoset=5),
    )))
    assert [s.number for s in hidden.infosets("B")] == [1]  # matching pennies
    assert hidden.root.children[0].infoset == 1
    assert [eq.profile for eq in solve(hidden.to_normal_form()).equilibria] == [
        _exact(("1/2", "1/2"), ("1/2", "1/2"))]


def test_float_payoffs_make_a_float_game_and_float_probabilities_are_decimals() -> None:
    game = ExtensiveGame(("A",), Chance(("x", "y", "z"), (0.1, 0.2, 0.7), (
        Terminal((1.5,)), Terminal((F(1),)), Terminal())))
    assert game.root.probabilities == (F(1, 10), F(1, 5), F(7, 10))
    assert not game.is_exact
    normal = game.to_normal_form()
    assert not normal.is_exact and normal.payoff((0,)) == (pytest.approx(0.35),)


def test_deep_trees_compare_and_hash_without_recursion() -> None:
    def chain(depth: int):
        node = Terminal((1,))
        for _ in range(depth):
            node = Decision("A", ("go", "stop"), (node, Terminal((0,))))
        return node

    left, right = ExtensiveGame(("A",), chain(5000)), ExtensiveGame(("A",), chain(5000))
    assert left == right and hash(left) == hash(right)
    assert left != ExtensiveGame(("A",), chain(4999))
    assert parse_efg(write_efg(left)) == left
    reduced = ExtensiveGame(("A",), chain(300)).to_normal_form(reduced=True)
    assert reduced.strategies[0][:2] == ("go/" * 299 + "go", "go/" * 299 + "stop")
    assert reduced.payoff((0,)) == (1,) and reduced.shape == (301,)


def test_nodes_and_games_are_immutable() -> None:
    game = parse_efg(ENTRY)
    with pytest.raises(AttributeError):
        game.root.children = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        game.title = "other"  # type: ignore[misc]
    assert isinstance(game.root.children, tuple)


@pytest.mark.parametrize(
    "build, fragment",
    [
        (lambda: Decision("A", ("x", "y"), (Terminal(),)), "has 2 actions but 1 children"),
        (lambda: Decision("A", ("x", "x"), (Terminal(), Terminal())), "names 'x' twice"),
        (lambda: Decision("A", (), ()), "is empty"),
        (lambda: Decision("A", ("x",), (Terminal(),), infoset=0), "must be a whole number from 1"),
        (lambda: Chance(("x", "y"), (F(1, 3), F(1, 3)), (Terminal(), Terminal())), "sum to 2/3, not 1"),
        (lambda: Chance(("x", "y"), (F(3, 2), F(-1, 2)), (Terminal(), Terminal())), "negative probability"),
        (lambda: Chance(("x",), (1, 0), (Terminal(),)), "1 actions but 2 probabilities"),
        (lambda: Terminal("12"), "must be an Outcome or a list of payoffs"),
        (lambda: Terminal((True,)), "must be a number"),
        (lambda: Decision("A", ("x",), ("leaf",)), "not a node"),
        (lambda: ExtensiveGame(("A",), Decision("B", ("x",), (Terminal(),))), "'B', who is not a player"),
        (lambda: ExtensiveGame(("A", "B"), Terminal((1,))), "1 payoffs for 2 players"),
        (lambda: ExtensiveGame(("A", "A"), Terminal()), "names 'A' twice"),
        (lambda: ExtensiveGame(("A",), Decision("A", ("x", "y"), (
            Decision("A", ("u", "v"), (Terminal(), Terminal()), infoset=2),
            Decision("A", ("u", "w"), (Terminal(), Terminal()), infoset=2)))),
         "has actions ['u', 'w'] at the node after 'y' but ['u', 'v'] at the node after 'x'"),
        (lambda: ExtensiveGame(("A",), Decision("A", ("x", "y"), (
            Decision("A", ("u",), (Terminal(),), infoset=2, infoset_label="one"),
            Decision("A", ("u",), (Terminal(),), infoset=2, infoset_label="two")))), "is labelled 'two'"),
        (lambda: ExtensiveGame(("A",), Decision("A", ("x", "y"), (
            Chance(("u", "v"), (F(1, 2), F(1, 2)), (Terminal(), Terminal()), infoset=1),
            Chance(("u", "v"), (F(1, 3), F(2, 3)), (Terminal(), Terminal()), infoset=1)))),
         "has probabilities (1/3, 2/3)"),
    ],
)
def test_malformed_trees_are_refused(build, fragment) -> None:
    with pytest.raises(GameError) as caught:
        build()
    assert fragment in str(caught.value)


# --- malformed files ------------------------------------------------------------------------------

HEAD = 'EFG 2 R "t" { "A" "B" }\n'

MALFORMED = {
    "normal-form file": ('NFG 1 R "t" { "A" } { 1 } 0', "not a Gambit extensive-form file", 1),
    "empty text": ("", "not a Gambit extensive-form file", 1),
    "version 1": ('EFG 1 R "t" { "A" }', "only version 2 is read", 1),
    "bad type letter": ('EFG 2 X "t" { "A" }', "expected 'D' or 'R'", 1),
    "no title": ('EFG 2 R { "A" }', "the game title", 1),
    "no players": ('EFG 2 R "t" { }\nt "" 0', "the list of players is empty", 1),
    "too many players": ('EFG 2 R "t" { ' + '"p" ' * 11 + "}", "more than 10 player", 1),
    "no tree": (HEAD, "no game tree after its header", 2),
    "unknown node type": (HEAD + 'x "" 0\n', "expected a node ('p', 'c' or 't'), found 'x'", 2),
    "unquoted node name": (HEAD + "t leaf 0\n", "the node's name in double quotes", 2),
    "player out of range": (HEAD + 'p "" 3 1 "" { "a" } 0\nt "" 0\n', "player number 3 is not between 1 and 2", 2),
    "player zero": (HEAD + 'p "" 0 1 "" { "a" } 0\nt "" 0\n', "player number 0", 2),
    "infoset zero": (HEAD + 'p "" 1 0 "" { "a" } 0\nt "" 0\n', "information set 0 is not allowed", 2),
    "undeclared infoset": (HEAD + 'p "" 1 1 0\nt "" 0\n', "information set 1 of player 1 is used before", 2),
    "no actions": (HEAD + 'p "" 1 1 "" { } 0\n', "has no actions", 2),
    "unquoted action": (HEAD + 'p "" 1 1 "" { a } 0\n', "expected an action name in double quotes", 2),
    "infoset redeclared": (
        HEAD + 'p "" 1 1 "" { "a" "b" } 0\np "" 1 1 "" { "a" "c" } 0\nt "" 0\nt "" 0\nt "" 0\n',
        "declared here as '' ['a', 'c'] but on line 2 as '' ['a', 'b']", 3),
    "chance does not sum to 1": (HEAD + 'c "" 1 "" { "a" 1/3 "b" 0.333 } 0\nt "" 0\nt "" 0\n',
                                 "sum to 1999/3000, not 1", 2),
    "negative probability": (HEAD + 'c "" 1 "" { "a" 3/2 "b" -1/2 } 0\n', "negative probability -1/2", 2),
    "probability not a number": (HEAD + 'c "" 1 "" { "a" half } 0\n', "should be a number", 2),
    "chance redeclared": (
        HEAD + 'p "" 1 1 "" { "x" "y" } 0\nc "" 1 "" { "a" 1/2 "b" 1/2 } 0\nt "" 0\nt "" 0\n'
        'c "" 1 "" { "a" 1/4 "b" 3/4 } 0\nt "" 0\nt "" 0\n',
        "chance information set 1 has other probabilities than on line 3", 6),
    "too few payoffs": (HEAD + 't "" 1 "o" { 1 }\n', "outcome 1 has 1 payoff, expected 2", 2),
    "too many payoffs": (HEAD + 't "" 1 "o" { 1, 2, 3 }\n', "outcome 1 has more than 2 payoffs", 2),
    "payoff not a number": (HEAD + 't "" 1 "o" { 1, x }\n', "payoff 2 of outcome 1 should be a number", 2),
    "undefined outcome": (HEAD + 't "" 4\n', "outcome 4 is used before it is defined", 2),
    "null outcome with payoffs": (HEAD + 't "" 0 "o" { 1, 2 }\n', "outcome 0 (no outcome) cannot have", 2),
    "outcome redefined": (
        HEAD + 'c "" 1 "" { "a" 1/2 "b" 1/2 } 0\nt "" 1 "o" { 1, 2 }\nt "" 1 "o" { 1, 3 }\n',
        "outcome 1 is defined here as 'o' { 1, 3 } but on line 3 as 'o' { 1, 2 }", 4),
    "missing outcome": (HEAD + 't ""\n', "expected an outcome number (0 for none), found the end", 3),
    "ends inside the tree": (HEAD + 'p "" 1 1 "" { "a" "b" "c" } 0\nt "" 0\n',
                             "the file ends inside the tree: a node with 3 actions still expects 2 more children", 4),
    "text after the tree": (HEAD + 't "" 0\nt "" 0\n', "found 't' after the last node of the tree", 3),
    "unclosed string": (HEAD + 't "oops 0\n', "never closed", 2),
    "absurd index": (HEAD + 't "" 99999999999999\n', "out of range", 2),
}


@pytest.mark.parametrize("text, fragment, line", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_files_raise_game_error_naming_source_line_and_fix(text, fragment, line) -> None:
    with pytest.raises(GameError) as caught:
        parse_efg(text, source="bad.efg")
    message = str(caught.value)
    assert message.startswith(f"bad.efg: line {line}: "), message
    assert fragment in message, message
    assert "; fix: " in message
    assert caught.value.file == "bad.efg"


def test_too_many_nodes_are_refused() -> None:
    chain = 'p "" 1 1 "" { "go" "stop" } 0\nt "" 0\n' * 50_000 + 't "" 0\n'
    with pytest.raises(GameError, match=r"big\.efg: line 100002: the tree has more than 100,000 nodes"):
        parse_efg(HEAD + chain, source="big.efg")


def test_oversized_text_is_refused() -> None:
    with pytest.raises(GameError, match="big.efg: .*more than the"):
        parse_efg(HEAD + 't "" 0' + " " * (20 * 1024 * 1024), source="big.efg")


def test_normal_form_size_is_bounded(monkeypatch) -> None:
    # Nature picks one of 17 cards; player A answers each with x or y: 2**17 strategies.
    cards = 17
    tree = Chance(tuple(f"c{i}" for i in range(cards)), (F(1, cards),) * cards, tuple(
        Decision("A", ("x", "y"), (Terminal((1,)), Terminal((0,)))) for _ in range(cards)))
    game = ExtensiveGame(("A",), tree, title="fan")
    with pytest.raises(GameError, match="normal form of fan has more than 100,000 pure strategy profiles"):
        game.to_normal_form()
    with pytest.raises(GameError, match="more than 100,000 reduced strategies"):
        game.to_normal_form(reduced=True)
    small = ExtensiveGame(("A",), Chance(("a", "b"), (F(1, 2), F(1, 2)), tree.children[:2]))
    monkeypatch.setattr(extensive_normal_form, "MAX_NORMAL_FORM_STEPS", 10)
    with pytest.raises(GameError, match=r"would visit about 20 nodes \(4 profiles, up to 5 nodes reached by each\)"):
        small.to_normal_form()


def test_ambiguous_strategy_labels_are_refused() -> None:
    tree = Chance(("u", "v"), (F(1, 2), F(1, 2)), (
        Decision("A", ("a/b", "a"), (Terminal(), Terminal())),
        Decision("A", ("c", "b/c"), (Terminal(), Terminal())),
    ))
    with pytest.raises(GameError, match="two strategies of 'A' get the same label"):
        ExtensiveGame(("A",), tree).to_normal_form()


# --- reading files ---------------------------------------------------------------------------------


def test_read_efg_names_the_file_and_reads_latin1(tmp_path: Path) -> None:
    path = tmp_path / "latin.efg"
    path.write_bytes('EFG 2 R "Café" { "Zoë" }\nt "" 1 "fin" { 1 }\n'.encode("latin-1"))
    game = read_efg(path)
    assert game.title == "Café" and game.players == ("Zoë",)
    utf8 = tmp_path / "utf8.efg"
    utf8.write_text('EFG 2 R "Café" { "Zoë" }\nt "" 1 "fin" { 1 }\n', encoding="utf-8")
    assert read_efg(str(utf8)) == game
    broken = tmp_path / "broken.efg"
    broken.write_text('EFG 2 R "t" { "A" }\n\nt "" 1 "o" { }\n', encoding="utf-8")
    with pytest.raises(GameError, match=f"^{re.escape(str(broken))}: line 3: outcome 1 has 0 payoffs"):
        read_efg(broken)


def test_read_efg_refuses_a_missing_or_oversized_file(tmp_path: Path) -> None:
    with pytest.raises(FileError, match="cannot read the file: No such file or directory"):
        read_efg(tmp_path / "missing.efg")
    big = tmp_path / "big.efg"
    with big.open("wb") as stream:
        stream.truncate(21 * 1024 * 1024)  # sparse: refused by its size, never read
    with pytest.raises(GameError, match="larger than"):
        read_efg(big)


def test_normal_form_of_a_written_and_reread_game_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "poker.efg"
    path.write_text(write_efg(parse_efg(POKER)), encoding="utf-8")
    assert np.array_equal(read_efg(path).to_normal_form().payoffs, parse_efg(POKER).to_normal_form().payoffs)
