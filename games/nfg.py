"""Read and write Gambit ``.nfg`` files (strategic games, format version 1).

Gambit's normal-form file comes in two flavours that share one header::

    NFG 1 R "title" { "Player 1" "Player 2" } { 2 2 }          <- strategy counts, or
    NFG 1 R "title" { "Player 1" "Player 2" }
    { { "Top" "Bottom" } { "Left" "Right" } }                  <- strategy names
    "an optional comment"

The *payoff* flavour then lists every player's payoff at every pure profile, player 1's
strategy varying fastest. The *outcome* flavour instead lists named outcomes
``{ { "name" 1, 2 } ... }`` followed by one outcome number per profile (same order;
``0`` is the null outcome, paying everybody zero). Which flavour a file uses shows in the
first token after the header (``{`` or a number), not in the ``D``/``R`` letter.

Every number is read from its text as an exact :class:`fractions.Fraction` (``7.6`` is
``38/5``), so a game read from a file is always exact. The format is described in the
Gambit manual ("Game representation formats", https://gambitproject.readthedocs.io).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from ..errors import GameError
from .normal_form import Game

__all__ = [
    "MAX_NFG_BYTES",
    "MAX_PLAYERS",
    "MAX_PROFILES",
    "parse_nfg",
    "read_nfg",
    "write_nfg",
]

MAX_NFG_BYTES = 20 * 1024 * 1024
"""The largest ``.nfg`` text accepted (20 MB)."""

MAX_PLAYERS = 10
"""The largest number of players accepted."""

MAX_PROFILES = 1_000_000
"""The largest number of pure strategy profiles accepted."""

_MAX_NUMBER_CHARS = 4000  # below Python's 4300-digit limit on int(str)
_MAX_EXPONENT = 1000

# Linear-time patterns only: no nested or overlapping repetitions.
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r'[^\s{}",]+')
_STRING_RUN = re.compile(r'[^"\\]+')
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?[0-9]+))?")
_RATIO = re.compile(r"[+-]?[0-9]+/([0-9]+)")
_INTEGER = re.compile(r"[0-9]+")

_LBRACE, _RBRACE, _COMMA, _STRING, _WORD_KIND, _EOF = "{", "}", ",", "string", "word", "eof"

_FIX_FORMAT = "see the Gambit manual's description of the .nfg format"
_FIX_STRING = 'end the string with a double quote ("); write a quote inside it as \\"'


class _Token(NamedTuple):
    kind: str
    text: str
    pos: int


class _Lexer:
    """Split ``.nfg`` text into braces, commas, quoted strings and bare words."""

    def __init__(self, text: str, source: str | None) -> None:
        self.text = text
        self.source = source
        self.pos = 0
        self._peeked: _Token | None = None
        self.numbers: dict[str, Fraction] = {}  # payoffs repeat: read each text once

    def fail(self, pos: int, problem: str, fix: str = _FIX_FORMAT) -> GameError:
        line = self.text.count("\n", 0, pos) + 1
        return GameError(f"line {line}: {problem}", file=self.source, fix=fix)

    def peek(self) -> _Token:
        if self._peeked is None:
            self._peeked = self._scan()
        return self._peeked

    def next(self) -> _Token:
        token = self.peek()
        self._peeked = None
        return token

    def _scan(self) -> _Token:
        text, pos = self.text, self.pos
        space = _SPACE.match(text, pos)
        if space:
            pos = space.end()
        if pos >= len(text):
            self.pos = pos
            return _Token(_EOF, "", pos)
        char = text[pos]
        if char in "{},":
            self.pos = pos + 1
            return _Token(char, char, pos)
        if char == '"':
            return self._scan_string(pos)
        word = _WORD.match(text, pos)
        assert word is not None  # any other non-space character starts a word
        self.pos = word.end()
        return _Token(_WORD_KIND, word.group(), pos)

    def _scan_string(self, start: int) -> _Token:
        text, end = self.text, len(self.text)
        parts: list[str] = []
        pos = start + 1
        while True:
            run = _STRING_RUN.match(text, pos)
            if run:
                parts.append(run.group())
                pos = run.end()
            if pos >= end:
                raise self.fail(
                    start,
                    "a string that starts here is never closed",
                    fix=_FIX_STRING,
                )
            if text[pos] == '"':
                self.pos = pos + 1
                return _Token(_STRING, "".join(parts), start)
            # A backslash: \" is a quote and \\ a backslash; any other pair is kept as written.
            if pos + 1 >= end:
                raise self.fail(
                    start,
                    "a string that starts here is never closed",
                    fix=_FIX_STRING,
                )
            escaped = text[pos + 1]
            parts.append(escaped if escaped in '"\\' else "\\" + escaped)
            pos += 2


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def _describe(token: _Token) -> str:
    if token.kind == _EOF:
        return "the end of the file"
    if token.kind == _STRING:
        shown = token.text if len(token.text) <= 30 else token.text[:27] + "..."
        return f"the string {shown!r}"
    shown = token.text if len(token.text) <= 30 else token.text[:27] + "..."
    return repr(shown)


def _expect(lexer: _Lexer, kind: str, what: str) -> _Token:
    token = lexer.next()
    if token.kind != kind:
        raise lexer.fail(token.pos, f"expected {what}, found {_describe(token)}")
    return token


def _to_fraction(lexer: _Lexer, token: _Token, what: str) -> Fraction:
    """The exact value of a number token (integer, decimal with exponent, or ``p/q``)."""
    text = token.text
    if token.kind != _WORD_KIND:
        raise lexer.fail(
            token.pos,
            f"{what} should be a number, found {_describe(token)}",
            fix="write numbers as integers (3), decimals (7.6, -1.5e3) or fractions (1/3)",
        )
    known = lexer.numbers.get(text)
    if known is not None:
        return known
    if len(text) > _MAX_NUMBER_CHARS:
        raise lexer.fail(
            token.pos,
            f"{what} is a number of {len(text)} characters",
            fix=f"write numbers of at most {_MAX_NUMBER_CHARS} characters",
        )
    decimal = _DECIMAL.fullmatch(text)
    ratio = None if decimal else _RATIO.fullmatch(text)
    if decimal is None and ratio is None:
        raise lexer.fail(
            token.pos,
            f"{what} should be a number, found {_describe(token)}",
            fix="write numbers as integers (3), decimals (7.6, -1.5e3) or fractions (1/3)",
        )
    if decimal is not None and decimal.group(1) is not None:
        if abs(int(decimal.group(1))) > _MAX_EXPONENT:
            raise lexer.fail(
                token.pos,
                f"{what} {text!r} has an exponent beyond +-{_MAX_EXPONENT}",
                fix="rescale the payoffs",
            )
    if ratio is not None and int(ratio.group(1)) == 0:
        raise lexer.fail(
            token.pos, f"{what} {text!r} divides by zero", fix="give a nonzero denominator"
        )
    value = lexer.numbers[text] = Fraction(text)
    return value


def _read_names(lexer: _Lexer, what: str, limit: int, limit_fix: str) -> list[str]:
    """Read ``{ "a" "b" ... }``; the opening brace has been consumed."""
    names: list[str] = []
    while True:
        token = lexer.next()
        if token.kind == _RBRACE:
            return names
        if token.kind != _STRING:
            raise lexer.fail(
                token.pos,
                f"expected {what} in double quotes or '}}', found {_describe(token)}",
                fix="quote every name, and check that no string lacks its closing quote",
            )
        names.append(token.text)
        if len(names) > limit:
            raise lexer.fail(token.pos, f"more than {limit:,} {what}s", fix=limit_fix)


def _unique_labels(labels: Sequence[str], default: str) -> tuple[str, ...]:
    """Replace blank and repeated labels by ``default.format(k)`` (k from 1), kept unique."""
    kept: list[str | None] = []
    taken: set[str] = set()
    for label in labels:
        if label.strip() and label not in taken:
            kept.append(label)
            taken.add(label)
        else:
            kept.append(None)
    result: list[str] = []
    for index, maybe in enumerate(kept, start=1):
        if maybe is None:
            base = maybe = default.format(index)
            suffix = 1
            while maybe in taken:
                maybe = f"{base}_{suffix}"
                suffix += 1
            taken.add(maybe)
        result.append(maybe)
    return tuple(result)


def _check_profiles(lexer: _Lexer, pos: int, counts: Sequence[int]) -> None:
    total = 1
    for count in counts:
        total *= count
        if total > MAX_PROFILES:
            raise lexer.fail(
                pos,
                f"the game has more than {MAX_PROFILES:,} strategy profiles",
                fix="give fewer strategies; files this large are not supported",
            )


def _read_strategies(lexer: _Lexer, players: Sequence[str]) -> list[list[str]]:
    """Read the strategy block: ``{ 2 3 }`` or ``{ { "a" "b" } { "x" "y" "z" } }``."""
    opening = _expect(lexer, _LBRACE, "'{' opening the strategy block")
    fix_count = "give one strategy list (or count) per player"
    if lexer.peek().kind == _LBRACE:
        lists: list[list[str]] = []
        while lexer.peek().kind == _LBRACE:
            brace = lexer.next()
            if len(lists) == len(players):
                raise lexer.fail(
                    brace.pos, f"more strategy lists than the {len(players)} players", fix=fix_count
                )
            names = _read_names(
                lexer,
                "strategy name",
                MAX_PROFILES,
                "give fewer strategies; files this large are not supported",
            )
            if not names:
                raise lexer.fail(
                    brace.pos,
                    f"player {players[len(lists)]!r} has no strategies",
                    fix="name at least one strategy",
                )
            lists.append(names)
            _check_profiles(lexer, brace.pos, [len(n) for n in lists])
        _expect(lexer, _RBRACE, "'{' or '}' in the strategy block")
        if len(lists) != len(players):
            problem = (
                f"{_plural(len(lists), 'strategy list')} for {_plural(len(players), 'player')}"
            )
            raise lexer.fail(opening.pos, problem, fix=fix_count)
        return lists
    counts: list[int] = []
    while True:
        token = lexer.next()
        if token.kind == _RBRACE:
            break
        if token.kind == _WORD_KIND and _INTEGER.fullmatch(token.text) and len(token.text) > 9:
            _check_profiles(lexer, token.pos, [MAX_PROFILES + 1])
        if token.kind != _WORD_KIND or not _INTEGER.fullmatch(token.text):
            raise lexer.fail(
                token.pos,
                f"expected a number of strategies, found {_describe(token)}",
                fix="give each player's number of strategies as a positive integer",
            )
        if len(counts) == len(players):
            raise lexer.fail(
                token.pos, f"more strategy counts than the {len(players)} players", fix=fix_count
            )
        count = int(token.text)
        if count == 0:
            raise lexer.fail(
                token.pos,
                f"player {players[len(counts)]!r} has 0 strategies",
                fix="give every player at least one",
            )
        counts.append(count)
        _check_profiles(lexer, token.pos, counts)
    if len(counts) != len(players):
        problem = f"{_plural(len(counts), 'strategy count')} for {_plural(len(players), 'player')}"
        raise lexer.fail(opening.pos, problem, fix=fix_count)
    return [[str(k) for k in range(1, count + 1)] for count in counts]


def _count_more_numbers(lexer: _Lexer) -> tuple[int, _Token]:
    """Count the bare words left before the first other token; return the count and that token."""
    extra = 0
    token = lexer.next()
    while token.kind in (_WORD_KIND, _COMMA):
        extra += token.kind == _WORD_KIND
        token = lexer.next()
    return extra, token


def _read_payoff_body(lexer: _Lexer, n_profiles: int, n_players: int) -> list[Fraction]:
    expected = n_profiles * n_players
    fix = (
        f"list {n_players} payoffs (one per player) for each of the {n_profiles:,} profiles, "
        "player 1's strategy varying fastest"
    )
    values: list[Fraction] = []
    for index in range(expected):
        token = lexer.next()
        if token.kind == _EOF:
            raise lexer.fail(token.pos, f"expected {expected:,} payoffs, found {index:,}", fix=fix)
        values.append(_to_fraction(lexer, token, f"payoff {index + 1}"))
    token = lexer.peek()
    if token.kind == _WORD_KIND:
        extra, after = _count_more_numbers(lexer)
        if after.kind == _EOF:
            raise lexer.fail(
                token.pos, f"expected {expected:,} payoffs, found {expected + extra:,}", fix=fix
            )
        raise lexer.fail(
            after.pos, f"found {_describe(after)} after the payoffs, expected the end", fix=fix
        )
    if token.kind != _EOF:
        raise lexer.fail(
            token.pos, f"found {_describe(token)} after the payoffs, expected the end", fix=fix
        )
    return values


def _read_outcome_body(lexer: _Lexer, n_profiles: int, n_players: int) -> list[Fraction]:
    _expect(lexer, _LBRACE, "'{' opening the outcome list")
    zero = Fraction(0)
    outcomes: list[tuple[Fraction, ...]] = [(zero,) * n_players]  # outcome 0 is the null outcome
    fix_outcome = (
        f'write each outcome as {{ "name" p1, p2, ... }} with {n_players} payoffs, one per player'
    )
    while lexer.peek().kind == _LBRACE:
        brace = lexer.next()
        number = len(outcomes)
        _expect(lexer, _STRING, f"the name of outcome {number} in double quotes")
        payoffs: list[Fraction] = []
        while True:
            token = lexer.next()
            if token.kind == _RBRACE:
                break
            if token.kind == _COMMA and payoffs:
                continue
            if len(payoffs) == n_players:
                raise lexer.fail(
                    token.pos,
                    f"outcome {number} has more than {n_players} payoffs",
                    fix=fix_outcome,
                )
            payoffs.append(
                _to_fraction(lexer, token, f"payoff {len(payoffs) + 1} of outcome {number}")
            )
        if len(payoffs) != n_players:
            raise lexer.fail(
                brace.pos,
                f"outcome {number} has {_plural(len(payoffs), 'payoff')}, "
                f"expected {n_players} (one per player)",
                fix=fix_outcome,
            )
        outcomes.append(tuple(payoffs))
    _expect(lexer, _RBRACE, "'{' or '}' in the outcome list")
    defined = len(outcomes) - 1
    fix_index = (
        f"give one outcome number per profile ({n_profiles:,} in all, player 1's strategy varying "
        f"fastest), each between 0 (no outcome) and {defined}"
    )
    values: list[Fraction] = []
    for index in range(n_profiles):
        token = lexer.next()
        if token.kind == _EOF:
            raise lexer.fail(
                token.pos,
                f"expected {n_profiles:,} outcome numbers, found {index:,}",
                fix=fix_index,
            )
        if token.kind != _WORD_KIND or not _INTEGER.fullmatch(token.text):
            raise lexer.fail(
                token.pos,
                f"the outcome of profile {index + 1} should be an outcome number, "
                f"found {_describe(token)}",
                fix=fix_index,
            )
        if len(token.text) > 18 or int(token.text) > defined:
            raise lexer.fail(
                token.pos,
                f"profile {index + 1} refers to outcome {token.text}, but outcome {token.text} "
                f"is not defined (the file defines {_plural(defined, 'outcome')})",
                fix=fix_index,
            )
        values.extend(outcomes[int(token.text)])
    token = lexer.peek()
    if token.kind == _WORD_KIND:
        extra, after = _count_more_numbers(lexer)
        if after.kind == _EOF:
            raise lexer.fail(
                token.pos,
                f"expected {n_profiles:,} outcome numbers, found {n_profiles + extra:,}",
                fix=fix_index,
            )
        raise lexer.fail(
            after.pos,
            f"found {_describe(after)} after the outcome numbers, expected the end",
            fix=fix_index,
        )
    if token.kind != _EOF:
        raise lexer.fail(
            token.pos,
            f"found {_describe(token)} after the outcome numbers, expected the end",
            fix=fix_index,
        )
    return values


def parse_nfg(text: str, *, source: str | None = None) -> Game:
    """Parse the text of a Gambit ``.nfg`` file (version 1, either flavour) into a game.

    Parameters
    ----------
    text
        The whole file. Both the payoff flavour (payoffs listed per profile) and the outcome
        flavour (named outcomes, then one outcome number per profile) are read; the strategy
        block may give counts (``{ 2 2 }``) or names (``{ { "U" "D" } { "L" "R" } }``).
    source
        Where the text came from (a file name), used in error messages.

    Returns
    -------
    Game
        An exact game: every number becomes a :class:`~fractions.Fraction` read from its text,
        so ``7.6`` is ``38/5``. The optional comment is dropped. Blank or repeated strategy
        names become the strategy's 1-based index (``"1"``, ``"2"``, ...), blank or repeated
        player names become ``"Player k"``.

    Raises
    ------
    GameError
        If the text is malformed, or larger than 20 MB, or has more than 10 players or more
        than 1,000,000 profiles. The message names ``source`` and the line.

    Examples
    --------
    >>> game = parse_nfg('NFG 1 R "Matching pennies" { "Even" "Odd" } { 2 2 }\\n'
    ...                  '1 -1  -1 1  -1 1  1 -1')
    >>> game.players, game.strategies
    (('Even', 'Odd'), (('1', '2'), ('1', '2')))
    >>> game.payoff((1, 0))
    (Fraction(-1, 1), Fraction(1, 1))
    >>> parse_nfg('NFG 1 D "" { "A" "B" } { 1 1 } 7.6 1/3').payoff((0, 0))
    (Fraction(38, 5), Fraction(1, 3))
    """
    if len(text) > MAX_NFG_BYTES:
        raise GameError(
            f"the text is {len(text):,} characters, more than the {MAX_NFG_BYTES:,} accepted",
            file=source,
            fix="give a smaller game",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    lexer = _Lexer(text, source)

    token = lexer.next()
    if token.kind != _WORD_KIND or token.text != "NFG":
        raise lexer.fail(
            token.pos,
            f"this is not a Gambit normal-form file: it starts with {_describe(token)}, "
            "not 'NFG 1 R'",
            fix="give a Gambit .nfg file (extensive-form .efg files are not read here)",
        )
    token = lexer.next()
    if token.kind != _WORD_KIND or token.text != "1":
        raise lexer.fail(
            token.pos,
            f"unsupported NFG version {_describe(token)}; only version 1 is read",
            fix="save the game from Gambit in the .nfg version 1 format",
        )
    token = lexer.next()
    if token.kind != _WORD_KIND or token.text not in ("D", "R"):
        raise lexer.fail(token.pos, f"expected 'D' or 'R' after 'NFG 1', found {_describe(token)}")
    title = _expect(lexer, _STRING, "the game title in double quotes").text

    opening = _expect(lexer, _LBRACE, "'{' opening the list of player names")
    players = _read_names(lexer, "player name", MAX_PLAYERS, f"give at most {MAX_PLAYERS} players")
    if not players:
        raise lexer.fail(
            opening.pos, "the list of players is empty", fix="name at least one player"
        )
    if lexer.peek().kind == _STRING:  # a comment placed before the strategy block
        lexer.next()
    strategy_names = _read_strategies(lexer, players)
    if lexer.peek().kind == _STRING:  # the optional comment
        lexer.next()

    shape = tuple(len(names) for names in strategy_names)
    n_profiles = int(np.prod(shape))
    n_players = len(players)
    token = lexer.peek()
    if token.kind == _LBRACE:
        values = _read_outcome_body(lexer, n_profiles, n_players)
    elif token.kind == _WORD_KIND:
        values = _read_payoff_body(lexer, n_profiles, n_players)
    elif token.kind == _EOF:
        raise lexer.fail(
            token.pos,
            "the file ends before the payoffs",
            fix=f"list {n_players * n_profiles:,} payoffs, "
            f"or an outcome list and {n_profiles:,} outcome numbers",
        )
    else:
        raise lexer.fail(
            token.pos, f"expected payoffs or an outcome list, found {_describe(token)}"
        )

    # values holds the payoffs profile by profile, player 1's strategy varying fastest:
    # in C order that is the array indexed [i_n, ..., i_1, player]; reverse the strategy axes.
    flat = np.empty(len(values), dtype=object)
    flat[:] = values
    reversed_axes = flat.reshape((*shape[::-1], n_players))
    payoffs = reversed_axes.transpose((*range(len(shape) - 1, -1, -1), len(shape)))
    try:
        return Game(
            _unique_labels(players, "Player {}"),
            tuple(_unique_labels(names, "{}") for names in strategy_names),
            payoffs,
            title=title,
        )
    except GameError as error:
        if source is not None:
            error.in_file(source)
        raise


def read_nfg(path: str | os.PathLike[str]) -> Game:
    """Read a Gambit ``.nfg`` file (version 1, either flavour) into an exact game.

    The file is decoded as UTF-8, or as Latin-1 when it is not valid UTF-8; see
    :func:`parse_nfg` for what is accepted.

    Parameters
    ----------
    path
        The file to read.

    Returns
    -------
    Game
        The game, with exact Fraction payoffs.

    Raises
    ------
    GameError
        If the file cannot be read, is larger than 20 MB, or is malformed; the message names
        the file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "pd.nfg"
    ...     _ = path.write_text('NFG 1 R "PD" { "Row" "Col" } { 2 2 }\\n3 3 5 0 0 5 1 1\\n')
    ...     read_nfg(path).payoff((0, 1))
    (Fraction(0, 1), Fraction(5, 1))
    """
    source = str(path)
    too_big = GameError(
        f"the file is larger than the {MAX_NFG_BYTES:,} bytes accepted",
        file=source,
        fix="give a smaller game",
    )
    try:
        if os.stat(path).st_size > MAX_NFG_BYTES:
            raise too_big
        with open(path, "rb") as stream:
            data = stream.read(MAX_NFG_BYTES + 1)
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        raise GameError(
            f"cannot read the file ({reason})", file=source, fix="check the path"
        ) from None
    if len(data) > MAX_NFG_BYTES:
        raise too_big
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return parse_nfg(text, source=source)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _format_number(value: object) -> str:
    if isinstance(value, Fraction):
        return str(value)  # "3" or "-3/2"
    return repr(float(value))  # type: ignore[arg-type]


def write_nfg(game: Game) -> str:
    """Write a game as the text of a Gambit ``.nfg`` file (payoff flavour, strategy names).

    The header line holds the title, the player names and the strategy names; a blank line
    follows, then one line per pure profile (player 1's strategy varying fastest) with each
    player's payoff. Exact payoffs are written as integers or ``p/q``, float payoffs with
    ``repr``. Strings are double-quoted with ``\\"`` and ``\\\\`` escapes.

    Parameters
    ----------
    game
        The game to write.

    Returns
    -------
    str
        The file's text, ending in a newline. For an exact game,
        ``parse_nfg(write_nfg(game)) == game``; a float game reads back as the exact value of
        each float's shortest decimal text, and ``.as_float()`` of that equals the game.

    Examples
    --------
    >>> pd = Game(("Row", "Col"), (("C", "D"), ("C", "D")),
    ...           [[[3, 3], [0, 5]], [[5, 0], [1, 1]]], title="PD")
    >>> print(write_nfg(pd), end="")
    NFG 1 R "PD" { "Row" "Col" } { { "C" "D" } { "C" "D" } }
    <BLANKLINE>
    3 3
    5 0
    0 5
    1 1
    >>> parse_nfg(write_nfg(pd)) == pd
    True
    """
    players = " ".join(_quote(name) for name in game.players)
    strategies = " ".join(
        "{ " + " ".join(_quote(s) for s in labels) + " }" for labels in game.strategies
    )
    lines = [f"NFG 1 R {_quote(game.title)} {{ {players} }} {{ {strategies} }}", ""]
    n = game.n_players
    # Reverse the strategy axes so that C order runs player 1's strategy fastest.
    by_profile = game.payoffs.transpose((*range(n - 1, -1, -1), n)).reshape(-1, n)
    lines.extend(" ".join(_format_number(value) for value in row) for row in by_profile)
    return "\n".join(lines) + "\n"
