"""Reading and writing Gambit .nfg files: both flavours, exact numbers, round trips, errors."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chipgame.errors import FileError, GameError
from chipgame.games import Game, parse_nfg, read_nfg, write_nfg

F = Fraction

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "gambit"


def payoff_at(game: Game, *labels: str) -> tuple[Fraction, ...]:
    """The payoffs at the profile named by one strategy label per player."""
    profile = tuple(
        strategies.index(label) for strategies, label in zip(game.strategies, labels, strict=True)
    )
    return game.payoff(profile)


# --- the payoff flavour ------------------------------------------------------------------

PAYOFF_FLAVOUR = """\
NFG 1 D "Entry game, 3 x 2" { "Entrant" "Incumbent" } { 3 2 }
"a comment after the strategy counts"

7.600000 -7.6
1/3      2
-1.5e3   0
1        1
0.25     -1/4
4        +5
"""


def test_payoff_flavour_reads_exact_payoffs_player_one_fastest() -> None:
    game = parse_nfg(PAYOFF_FLAVOUR, source="entry.nfg")
    assert game.title == "Entry game, 3 x 2"
    assert game.players == ("Entrant", "Incumbent")
    assert game.strategies == (("1", "2", "3"), ("1", "2"))
    assert game.is_exact
    # profiles in file order: (1,1) (2,1) (3,1) (1,2) (2,2) (3,2)
    assert payoff_at(game, "1", "1") == (F(38, 5), F(-38, 5))
    assert payoff_at(game, "2", "1") == (F(1, 3), F(2))
    assert payoff_at(game, "3", "1") == (F(-1500), F(0))
    assert payoff_at(game, "1", "2") == (F(1), F(1))
    assert payoff_at(game, "2", "2") == (F(1, 4), F(-1, 4))
    assert payoff_at(game, "3", "2") == (F(4), F(5))
    assert all(type(value) is Fraction for value in game.payoffs.flat)


def test_payoff_flavour_with_strategy_names_and_comment_after_players() -> None:
    text = """NFG 1 R "Battle" { "Her" "Him" } "comment before the strategies"
{ { "Opera" "Fight" } { "Opera" "Fight" } }

3 2  0 0  0 0  2 3
"""
    game = parse_nfg(text)
    assert game.strategies == (("Opera", "Fight"), ("Opera", "Fight"))
    assert payoff_at(game, "Opera", "Opera") == (3, 2)
    assert payoff_at(game, "Fight", "Opera") == (0, 0)
    assert payoff_at(game, "Fight", "Fight") == (2, 3)


# --- the outcome flavour -----------------------------------------------------------------

OUTCOME_FLAVOUR = """\
NFG 1 R "Chip market, outcome version" { "Hyperscaler" "Vendor" }

{ { "Buy" "Build" }
{ "Hold" "Cut" "Sell out" }
}
"A comment,
over two lines with a \\"quote\\"."

{
{ "bought at margin" 1, 5/2 }
{ "price war" -1/2, 0.75 }
{ "built" 3 1 }
}
1 3 2 3 0 2
"""


def test_outcome_flavour_reads_exact_payoffs_and_null_outcome() -> None:
    game = parse_nfg(OUTCOME_FLAVOUR, source="market.nfg")
    assert game.players == ("Hyperscaler", "Vendor")
    assert game.strategies == (("Buy", "Build"), ("Hold", "Cut", "Sell out"))
    # profiles in file order: (Buy,Hold) (Build,Hold) (Buy,Cut) (Build,Cut)
    # (Buy,Sell out) (Build,Sell out)
    assert payoff_at(game, "Buy", "Hold") == (F(1), F(5, 2))
    assert payoff_at(game, "Build", "Hold") == (F(3), F(1))
    assert payoff_at(game, "Buy", "Cut") == (F(-1, 2), F(3, 4))
    assert payoff_at(game, "Build", "Cut") == (F(3), F(1))
    assert payoff_at(game, "Buy", "Sell out") == (F(0), F(0))  # outcome 0: the null outcome
    assert payoff_at(game, "Build", "Sell out") == (F(-1, 2), F(3, 4))
    assert game.is_exact


def test_outcome_flavour_with_strategy_counts() -> None:
    text = 'NFG 1 R "" { "A" "B" } { 2 1 } { { "" 1, 2 } { "" 3, 4 } } 2 1'
    game = parse_nfg(text)
    assert game.payoff((0, 0)) == (3, 4)
    assert game.payoff((1, 0)) == (1, 2)


def test_blank_and_repeated_names_are_replaced() -> None:
    text = r"""NFG 1 R "Labels" { "" "" "Third" }
{ { "" "x" } { "defect" "defect" } { "2" "" } }
""
0 0 0  0 0 0  0 0 0  0 0 0  0 0 0  0 0 0  0 0 0  0 0 0
"""
    game = parse_nfg(text)
    assert game.players == ("Player 1", "Player 2", "Third")
    assert game.strategies == (("1", "x"), ("defect", "2"), ("2", "2_1"))


def test_strings_keep_escaped_quotes_and_backslashes() -> None:
    text = r'NFG 1 R "say \"hi\" \\ \n" { "A\"" "B" } { 1 1 } 0 0'
    game = parse_nfg(text)
    assert game.title == 'say "hi" \\ \\n'
    assert game.players == ('A"', "B")


# --- round trips -------------------------------------------------------------------------

ROUND_TRIP_GAMES = [
    Game(("Row", "Column"), (("C", "D"), ("C", "D")), [[[3, 3], [0, 5]], [[5, 0], [1, 1]]], "PD"),
    Game(
        ("A", "B", "C"),
        (("a1", "a2"), ("b1", "b2", "b3"), ("c1", "c2")),
        [[[[i, j, k] for k in (F(1, 3), F(-7, 2))] for j in range(3)] for i in (F(0), F(22, 7))],
        title="three players, fractions",
    ),
    Game(
        ('Say "hi"', "back\\slash", "Ünïcode"),
        (("x",), ("left", "right"), ("only",)),
        [[[[1, 2, 3]], [[-4, 5, 6]]]],
        title="",
    ),
]


@pytest.mark.parametrize("game", ROUND_TRIP_GAMES, ids=lambda g: g.title or "untitled")
def test_exact_games_round_trip(game: Game) -> None:
    text = write_nfg(game)
    assert text.startswith("NFG 1 R ")
    assert parse_nfg(text) == game


def test_written_text_is_payoff_flavour_player_one_fastest() -> None:
    game = ROUND_TRIP_GAMES[1]
    lines = write_nfg(game).splitlines()
    assert lines[0] == (
        'NFG 1 R "three players, fractions" { "A" "B" "C" } '
        '{ { "a1" "a2" } { "b1" "b2" "b3" } { "c1" "c2" } }'
    )
    assert lines[1] == ""
    assert lines[2] == "0 0 1/3"  # (a1, b1, c1)
    assert lines[3] == "22/7 0 1/3"  # (a2, b1, c1): player 1 varies fastest
    assert len(lines) == 2 + 12


def test_float_game_round_trips_through_repr() -> None:
    game = Game(
        ("P", "Q"),
        (("u", "d"), ("l", "r")),
        [[[0.1, -2.5], [1e-7, 3.0]], [[1e16, 0.0], [2 / 3, -1.0]]],
    )
    text = write_nfg(game)
    assert repr(2 / 3) in text and "1e-07" in text and "1e+16" in text
    back = parse_nfg(text)
    assert back.is_exact  # a file is always read exactly ...
    assert back.payoff((1, 1))[0] == Fraction(repr(2 / 3))
    assert back.as_float() == game  # ... and the float game comes back bit for bit


fractions_ = st.builds(
    Fraction, st.integers(min_value=-20, max_value=20), st.integers(min_value=1, max_value=6)
)
labels = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6).filter(
    str.strip
)


@st.composite
def exact_games(draw: st.DrawFn) -> Game:
    n_players = draw(st.integers(min_value=2, max_value=3))
    players = draw(st.lists(labels, min_size=n_players, max_size=n_players, unique=True))
    strategies = [
        draw(st.lists(labels, min_size=1, max_size=4, unique=True)) for _ in range(n_players)
    ]
    shape = [len(s) for s in strategies]
    count = 1
    for n in shape:
        count *= n
    flat = draw(st.lists(fractions_, min_size=count * n_players, max_size=count * n_players))
    payoffs = np.empty(count * n_players, dtype=object)
    payoffs[:] = flat
    title = draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=10))
    return Game(
        tuple(players), tuple(map(tuple, strategies)), payoffs.reshape((*shape, n_players)), title
    )


@settings(max_examples=150, deadline=None)
@given(exact_games())
def test_random_exact_games_round_trip(game: Game) -> None:
    assert parse_nfg(write_nfg(game)) == game


# --- malformed input ---------------------------------------------------------------------

HEAD = 'NFG 1 R "t" { "A" "B" } '
OUTCOMES = HEAD + '{ { "x" "y" } { "z" } } "" { { "o" 1, 2 } { "p" 3, 4 } } '

MALFORMED = {
    "truncated payoffs": (HEAD + "{ 2 2 }\n1 2 3 4\n5 6 7", "expected 8 payoffs, found 7"),
    "too many payoffs": (HEAD + "{ 2 2 }\n1 2 3 4 5 6 7 8 9", "expected 8 payoffs, found 9"),
    "bad outcome index": (OUTCOMES + "1 5", "outcome 5 is not defined"),
    "negative outcome index": (OUTCOMES + "1 -1", "should be an outcome number"),
    "too few outcome indices": (OUTCOMES + "1", "expected 2 outcome numbers, found 1"),
    "short outcome": (HEAD + '{ 1 1 } { { "o" 1 } } 1', "outcome 1 has 1 payoff, expected 2"),
    "unterminated string": (HEAD + '{ 1 1 } "a comment never closed\n1 2\n', "never closed"),
    "unterminated name": (HEAD + '{ { "x" "y } { "z" } } 1 2 3 4', "closing quote"),
    "unknown header": ('EFG 2 R "t" { "A" "B" }', "not a Gambit normal-form file"),
    "wrong version": ('NFG 2 R "t" { "A" } { 1 } 0', "version"),
    "unknown number type": ('NFG 1 Q "t" { "A" } { 1 } 0', "'D' or 'R'"),
    "non-number payoff": (
        HEAD + "{ 2 2 }\n1 2 3 x 5 6 7 8",
        "payoff 4 should be a number, found 'x'",
    ),
    "non-number in outcome": (
        HEAD + '{ 1 1 } { { "o" 1, abc } } 1',
        "should be a number, found 'abc'",
    ),
    "zero denominator": (HEAD + "{ 1 1 } 1/0 1", "divides by zero"),
    "huge exponent": (HEAD + "{ 1 1 } 1e999999999 1", "exponent"),
    "missing title": ('NFG 1 R { "A" } { 1 } 0', "title"),
    "no players": ('NFG 1 R "t" { } { }', "list of players is empty"),
    "no strategies": (HEAD + "{ 2 0 }", "0 strategies"),
    "too few strategy lists": (HEAD + '{ { "x" } } 1 2', "1 strategy list for 2 players"),
    "strategy count not integer": (HEAD + "{ 2 2.5 } 1", "number of strategies"),
    "missing payoffs": (HEAD + "{ 2 2 }\n", "ends before the payoffs"),
    "junk after payoffs": (HEAD + "{ 1 1 } 1 2 }", "after the payoffs"),
    "empty text": ("", "not a Gambit normal-form file"),
    "too many players": ('NFG 1 R "t" { ' + '"p" ' * 11 + "} { 1 }", "more than 10 player"),
    "too many profiles": (HEAD + "{ 1001 1000 } 0", "more than 1,000,000 strategy profiles"),
    "absurd strategy count": (HEAD + "{ 99999999999999999999 1 } 0", "more than 1,000,000"),
}


@pytest.mark.parametrize("text, fragment", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_text_raises_game_error_naming_the_source(text: str, fragment: str) -> None:
    with pytest.raises(GameError) as caught:
        parse_nfg(text, source="bad.nfg")
    message = str(caught.value)
    assert message.startswith("bad.nfg: ")
    assert fragment in message
    assert "fix: " in message
    assert caught.value.file == "bad.nfg"


def test_error_names_the_line() -> None:
    text = HEAD + "{ 2 1 }\n\n1 2\n3 oops\n"
    with pytest.raises(GameError, match=r"bad\.nfg: line 4: payoff 4 should be a number"):
        parse_nfg(text, source="bad.nfg")


def test_oversized_text_is_refused() -> None:
    text = HEAD + "{ 1 1 } 1 2" + " " * (20 * 1024 * 1024)
    with pytest.raises(GameError, match="big.nfg: .*more than the"):
        parse_nfg(text, source="big.nfg")


# --- reading files -----------------------------------------------------------------------


def test_read_nfg_names_the_file_and_reads_latin1(tmp_path: Path) -> None:
    path = tmp_path / "latin.nfg"
    path.write_bytes('NFG 1 R "Café" { "Zoë" "B" } { 1 1 } 1 2\n'.encode("latin-1"))
    game = read_nfg(path)
    assert game.title == "Café" and game.players == ("Zoë", "B")
    utf8 = tmp_path / "utf8.nfg"
    utf8.write_text('NFG 1 R "Café" { "Zoë" "B" } { 1 1 } 1 2\n', encoding="utf-8")
    assert read_nfg(str(utf8)) == game
    broken = tmp_path / "broken.nfg"
    broken.write_text('NFG 1 R "t" { "A" "B" } { 1 1 } 1\n', encoding="utf-8")
    with pytest.raises(
        GameError, match=f"^{re.escape(str(broken))}: .*expected 2 payoffs, found 1"
    ):
        read_nfg(broken)


def test_read_nfg_refuses_a_missing_or_oversized_file(tmp_path: Path) -> None:
    with pytest.raises(FileError, match="cannot read the file: No such file or directory"):
        read_nfg(tmp_path / "missing.nfg")
    big = tmp_path / "big.nfg"
    with big.open("wb") as stream:
        stream.truncate(21 * 1024 * 1024)  # sparse: refused by its size, never read
    with pytest.raises(GameError, match="larger than"):
        read_nfg(big)


# --- the shared Gambit corpus, checked against Gambit itself -----------------------------


def test_corpus_matches_pygambit() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"no Gambit corpus at {CORPUS}")
    gbt = pytest.importorskip("pygambit")
    paths = sorted(CORPUS.glob("*.nfg"))
    assert paths, f"no .nfg files in {CORPUS}"
    for path in paths:
        game = read_nfg(path)
        reference = gbt.read_nfg(str(path))
        players = list(reference.players)
        assert game.n_players == len(players), path.name
        assert game.shape == tuple(len(player.strategies) for player in players), path.name
        assert game.title == reference.title, path.name
        for profile in game.profiles():
            outcome = reference[profile]
            expected = tuple(
                Fraction(0) if outcome is None else Fraction(str(outcome[player]))
                for player in players
            )
            assert game.payoff(profile) == expected, (path.name, profile)
        assert parse_nfg(write_nfg(game)) == game, path.name
